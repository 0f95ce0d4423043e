// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// JSON request bodies bound to described structs (see fields.hpp), strictly: an unknown,
// repeated, missing or mistyped field is a 400 that names the field.

#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include "sluice/detail/arena.hpp"
#include "sluice/detail/json.hpp"
#include "sluice/detail/text.hpp"
#include "sluice/fields.hpp"
#include "sluice/params.hpp"
#include "sluice/request.hpp"

namespace sluice {

namespace detail::binding {
namespace od = json::od;

/// One parser per thread for bodies, reused so that binding allocates nothing once warm.
inline od::parser& body_parser() {
  thread_local od::parser parser;
  return parser;
}

struct context {
  arena& mem;
  http_error& err;
  std::string_view prefix;  // "owner." for nested objects

  bool fail(std::string_view name, std::string_view problem, std::string_view detail = {}) {
    arena_string m(mem);
    m.append("body field '");
    m.append(prefix);
    m.append(name);
    m.append("' ");
    m.append(problem);
    m.append(detail);
    err = {400, m.view()};
    return false;
  }
};

inline std::string_view number_text(long double v, arena& mem) {
  char* p = mem.allocate_chars(48);
  std::to_chars_result r{};
  if (v == std::floor(v) && std::fabs(v) < 9.0e18L) {
    r = std::to_chars(p, p + 48, static_cast<long long>(v));
  } else {
    r = std::to_chars(p, p + 48, static_cast<double>(v));
  }
  return {p, static_cast<std::size_t>(r.ptr - p)};
}

template <class M>
constexpr std::string_view type_name() {
  if constexpr (json_string<M>) return "a string";
  else if constexpr (std::same_as<M, bool>) return "true or false";
  else if constexpr (json_integer<M>) return std::is_signed_v<M> ? "an integer" : "a non-negative integer";
  else if constexpr (std::floating_point<M>) return "a number";
  else if constexpr (is_vector<M>::value) return "an array";
  else return "an object";
}

template <class Rule, class M>
bool check_rule(const Rule& rule, const M& value, std::string_view name, context& ctx) {
  if constexpr (std::same_as<Rule, length>) {
    static_assert(json_string<M>, "sluice::length applies to string fields");
    const std::size_t n = utf8_length(value);
    if (n >= rule.min && n <= rule.max) return true;
    arena_string m(ctx.mem);
    m.append("must have ");
    m.append(number_text(static_cast<long double>(rule.min), ctx.mem));
    m.append(" to ");
    m.append(number_text(static_cast<long double>(rule.max), ctx.mem));
    m.append(" characters");
    return ctx.fail(name, m.view());
  } else if constexpr (std::same_as<Rule, range>) {
    static_assert(json_integer<M> || std::floating_point<M>, "sluice::range applies to number fields");
    const auto v = static_cast<long double>(value);
    if (v >= rule.min && v <= rule.max) return true;
    arena_string m(ctx.mem);
    m.append(json_integer<M> ? "must be an integer from " : "must be a number from ");
    m.append(number_text(rule.min, ctx.mem));
    m.append(" to ");
    m.append(number_text(rule.max, ctx.mem));
    return ctx.fail(name, m.view());
  } else {
    return rule.check(value);
  }
}

template <described T>
bool bind_object(od::value& v, T& out, context& ctx);

/// Reads one value into `out` (never null here); false with ctx.err set on mismatch.
template <class M>
bool read_value(od::value& v, M& out, std::string_view name, context& ctx) {
  if constexpr (json_string<M>) {
    // a view into the document (kept for the invocation), or unescaped into the arena; never
    // into the parser's string buffer, which the next document bound on this thread overwrites
    std::optional<std::string_view> s;
    switch (json::read_string(v, ctx.mem, s)) {
      case json::read_error::none: break;
      case json::read_error::wrong_type: return ctx.fail(name, "must be ", type_name<M>());
      case json::read_error::bad_escape: return ctx.fail(name, "has an invalid escape sequence");
    }
    if (!s) return ctx.fail(name, "must be ", type_name<M>());  // null
    out = M(*s);
    return true;
  } else if constexpr (std::same_as<M, bool>) {
    if (v.get_bool().get(out) != simdjson::SUCCESS) return ctx.fail(name, "must be ", type_name<M>());
    return true;
  } else if constexpr (json_integer<M>) {
    if constexpr (std::is_signed_v<M>) {
      std::int64_t n = 0;
      if (v.get_int64().get(n) != simdjson::SUCCESS || n < std::numeric_limits<M>::min() ||
          n > std::numeric_limits<M>::max()) {
        return ctx.fail(name, "must be ", type_name<M>());
      }
      out = static_cast<M>(n);
    } else {
      std::uint64_t n = 0;
      if (v.get_uint64().get(n) != simdjson::SUCCESS || n > std::numeric_limits<M>::max()) {
        return ctx.fail(name, "must be ", type_name<M>());
      }
      out = static_cast<M>(n);
    }
    return true;
  } else if constexpr (std::floating_point<M>) {
    double d = 0;  // not simdjson's get_double: see detail::json::get_double (simdjson#2093)
    if (detail::json::get_double(v, d) != simdjson::SUCCESS) return ctx.fail(name, "must be ", type_name<M>());
    out = static_cast<M>(d);
    return true;
  } else if constexpr (is_vector<M>::value) {
    od::array arr;
    if (v.get_array().get(arr) != simdjson::SUCCESS) return ctx.fail(name, "must be ", type_name<M>());
    out.clear();
    for (auto element : arr) {
      od::value item;
      if (std::move(element).get(item) != simdjson::SUCCESS) return ctx.fail(name, "is not valid JSON");
      typename M::value_type x{};
      if (!read_value(item, x, name, ctx)) return false;
      out.push_back(std::move(x));
    }
    return true;
  } else if constexpr (described<M>) {
    arena_string nested(ctx.mem);
    nested.append(ctx.prefix);
    nested.append(name);
    nested.push_back('.');
    context inner{ctx.mem, ctx.err, nested.view()};
    return bind_object(v, out, inner);
  } else {
    static_assert(always_false<M>,
                  "sluice::field: the member type cannot be read from JSON; use strings, numbers, "
                  "bool, std::optional, std::vector or another described struct");
    return false;
  }
}

template <class Field>
bool read_field(od::value& v, typename Field::class_type& out, const Field& f, context& ctx) {
  using M = typename Field::member_type;
  M& slot = out.*(f.member);
  if constexpr (is_optional<M>::value) {
    bool null = false;
    if (v.is_null().get(null) == simdjson::SUCCESS && null) {
      slot.reset();
      return true;
    }
    typename M::value_type x{};
    if (!read_value(v, x, Field::name, ctx)) return false;
    if (!check_rule(f.rule, x, Field::name, ctx)) return false;
    slot = std::move(x);
    return true;
  } else {
    if (!read_value(v, slot, Field::name, ctx)) return false;
    return check_rule(f.rule, slot, Field::name, ctx);
  }
}

template <described T>
bool bind_object(od::value& v, T& out, context& ctx) {
  constexpr auto fields = T::sluice_fields();
  constexpr std::size_t count = std::tuple_size_v<decltype(fields)>;
  static_assert(count <= 64, "sluice::fields: at most 64 fields per struct");
  od::object obj;
  if (v.get_object().get(obj) != simdjson::SUCCESS) {
    if (ctx.prefix.empty()) {
      ctx.err = {400, "the body must be a JSON object"};
      return false;
    }
    std::string_view parent = ctx.prefix.substr(0, ctx.prefix.size() - 1);
    context outer{ctx.mem, ctx.err, {}};
    return outer.fail(parent, "must be an object");
  }
  std::uint64_t seen = 0;
  for (auto result : obj) {
    if (result.error() != simdjson::SUCCESS) {
      ctx.err = {400, "the body is not valid JSON"};
      return false;
    }
    od::field& f = json::in_place(result);
    const std::optional<std::string_view> key = json::key(f);
    if (!key) {
      ctx.err = {400, "the body is not valid JSON"};
      return false;
    }
    od::value& value = f.value();
    bool known = false;
    bool ok = true;
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      ((!known && std::get<I>(fields).name == *key
            ? (known = true,
               (seen & (std::uint64_t{1} << I)) ? (ok = ctx.fail(*key, "is sent twice"))
                                                : (seen |= std::uint64_t{1} << I,
                                                   ok = read_field(value, out, std::get<I>(fields), ctx)))
            : false),
       ...);
    }(std::make_index_sequence<count>{});
    if (!known) return ctx.fail(*key, "is not allowed");
    if (!ok) return false;
  }
  bool complete = true;
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    ((complete && !(seen & (std::uint64_t{1} << I)) &&
              !is_optional<typename std::tuple_element_t<I, decltype(fields)>::member_type>::value
          ? (complete = ctx.fail(std::get<I>(fields).name, "is required"))
          : false),
     ...);
  }(std::make_index_sequence<count>{});
  return complete;
}

inline bool is_json_media_type(std::string_view content_type) {
  const std::string_view type = content_type.substr(0, content_type.find(';'));
  std::size_t end = type.size();
  while (end > 0 && type[end - 1] == ' ') --end;
  const std::string_view t = type.substr(0, end);
  return iequals(t, "application/json") || (t.size() > 5 && iequals(t.substr(t.size() - 5), "+json"));
}

/**
 * Binds the JSON document `json` to `out`, parsing it in place: its buffer must stay readable
 * for `json::padding` bytes past its end (any content). On failure, `err` says what was wrong.
 */
template <described T>
bool bind(simdjson::padded_string_view json, T& out, http_error& err) {
  arena& mem = current_arena();
  const std::string_view bytes(json.data(), json.size());
  od::document doc;
  if (body_parser().iterate(json).get(doc) != simdjson::SUCCESS) {
    err = {400, "the body is not valid JSON"};
    return false;
  }
  od::json_type type{};
  od::value root;
  if (doc.type().get(type) != simdjson::SUCCESS || type != od::json_type::object ||
      doc.get_value().get(root) != simdjson::SUCCESS) {
    const bool valid = json::is_valid_json(bytes);
    err = {400, valid ? "the body must be a JSON object" : "the body is not valid JSON"};
    return false;
  }
  context ctx{mem, err, {}};
  // The parser reads lazily: a document broken after the point where binding stopped (or
  // where it failed) is still broken, and saying so is more precise than a field's error.
  if (!bind_object(root, out, ctx) || json::has_trailing_content(doc)) {
    if (!json::is_valid_json(bytes) || err.status == 0) err = {400, "the body is not valid JSON"};
    return false;
  }
  return true;
}

/// Binds `bytes` (a JSON document) to `out`, from a padded copy in the current arena.
template <described T>
bool bind(std::string_view bytes, T& out, http_error& err) {
  char* padded = current_arena().allocate_chars(bytes.size() + json::padding);
  if (!bytes.empty()) std::memcpy(padded, bytes.data(), bytes.size());
  std::memset(padded + bytes.size(), 0, json::padding);
  return bind(json::padded_view(padded, bytes.size(), bytes.size() + json::padding), out, err);
}
}  // namespace detail::binding

/**
 * The request body as JSON, bound to the described struct `T` (see `sluice::fields`).
 * The body must be a JSON object (`Content-Type`, when sent, must be JSON: else `415`).
 * Unknown, repeated, missing and mistyped fields, and broken constraints, are a `400`
 * whose message names the field. String views point into the invocation's memory.
 *
 * **Example**: `[](sluice::json_body<new_pet> pet) { return sluice::json(pet.value, 201); }`
 */
template <described T>
struct json_body : detail::holds<T> {
  static constexpr bool needs_body = true;

  template <fixed_string Key>
  static bool extract(const request& req, json_body& out, http_error& err) {
    if (const auto type = req.header("content-type"); type && !detail::binding::is_json_media_type(*type)) {
      err = {415, "the body must be JSON: send Content-Type: application/json"};
      return false;
    }
    if (!req.has_body()) {
      err = {400, "the request needs a JSON body"};
      return false;
    }
    if (const body_problem p = req.body_error(); p != body_problem::none) {
      err = {status_of(p), describe(p)};
      return false;
    }
    return detail::binding::bind(req.body(), out.value, err);
  }
};

}  // namespace sluice
