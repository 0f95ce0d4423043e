// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// Writes JSON text into the invocation's arena, for response bodies.

#include <charconv>
#include <cmath>
#include <cstddef>
#include <optional>
#include <string_view>
#include <tuple>
#include <type_traits>

#include "sluice/detail/arena.hpp"
#include "sluice/detail/json_text.hpp"
#include "sluice/fields.hpp"

namespace sluice {

/**
 * A streaming JSON writer. Commas are placed for you; strings are escaped (control
 * characters escaped, invalid UTF-8 replaced by U+FFFD). The text lives in the current
 * invocation's arena, so building a response body allocates nothing from the heap.
 *
 * **Example**:
 * ```
 * sluice::json_writer w;
 * w.begin_object().field("route", "GET /pets").field("limit", 20);
 * w.key("tags").begin_array().value("a").value("b").end_array().end_object();
 * return sluice::json(w);  // {"route":"GET /pets","limit":20,"tags":["a","b"]}
 * ```
 */
class json_writer {
 public:
  json_writer() : out_(detail::current_arena()) {}
  explicit json_writer(detail::arena& a) : out_(a) {}

  json_writer& begin_object() { return open('{'); }
  json_writer& end_object() { return close('}'); }
  json_writer& begin_array() { return open('['); }
  json_writer& end_array() { return close(']'); }

  json_writer& key(std::string_view k) {
    comma();
    string(k);
    out_.push_back(':');
    need_comma_ = false;
    return *this;
  }

  json_writer& value(std::string_view s) {
    comma();
    string(s);
    return done();
  }
  json_writer& value(const char* s) { return value(std::string_view(s)); }
  json_writer& value(const std::string& s) { return value(std::string_view(s)); }
  json_writer& value(bool b) {
    comma();
    out_.append(b ? "true" : "false");
    return done();
  }
  json_writer& value(std::nullptr_t) {
    comma();
    out_.append("null");
    return done();
  }
  template <class T>
    requires detail::json_integer<T>
  json_writer& value(T n) {
    comma();
    char* p = out_.extend(24);
    const auto r = std::to_chars(p, p + 24, n);
    out_.shrink_by(24 - static_cast<std::size_t>(r.ptr - p));
    return done();
  }
  template <class T>
    requires std::floating_point<T>
  json_writer& value(T n) {
    comma();
    if (!std::isfinite(n)) {
      out_.append("null");  // JSON has no NaN or infinity
    } else {
      char* p = out_.extend(32);
      const auto r = std::to_chars(p, p + 32, n);
      out_.shrink_by(32 - static_cast<std::size_t>(r.ptr - p));
    }
    return done();
  }
  template <class T>
  json_writer& value(const std::optional<T>& v) {
    return v ? value(*v) : value(nullptr);
  }
  /// A described struct (see `sluice::fields`): one key per field, absent optionals as null.
  template <described T>
  json_writer& value(const T& object) {
    begin_object();
    std::apply([&](const auto&... f) { (field(f.name, object.*(f.member)), ...); }, T::sluice_fields());
    return end_object();
  }
  /// Any range of values (`std::vector`, `std::span`, arrays) as a JSON array.
  template <class R>
    requires(!std::is_convertible_v<const R&, std::string_view> && !described<R> &&
             requires(const R& r) { r.begin(); r.end(); })
  json_writer& value(const R& range) {
    begin_array();
    for (const auto& v : range) value(v);
    return end_array();
  }

  template <class T>
  json_writer& field(std::string_view k, const T& v) {
    key(k);
    return value(v);
  }

  /// Inserts text that is already JSON.
  json_writer& raw(std::string_view json) {
    comma();
    out_.append(json);
    return done();
  }

  [[nodiscard]] std::string_view view() const noexcept { return out_.view(); }

 private:
  json_writer& open(char c) {
    comma();
    out_.push_back(c);
    need_comma_ = false;
    return *this;
  }
  json_writer& close(char c) {
    out_.push_back(c);
    return done();
  }
  json_writer& done() {
    need_comma_ = true;
    return *this;
  }
  void comma() {
    if (need_comma_) out_.push_back(',');
  }
  void string(std::string_view s) {
    out_.push_back('"');
    detail::escape_json(s, out_);
    out_.push_back('"');
  }

  detail::arena_string out_;
  bool need_comma_ = false;
};

}  // namespace sluice
