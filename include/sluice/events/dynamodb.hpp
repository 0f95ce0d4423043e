// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// Amazon DynamoDB Streams (`{"Records": [{"eventSource": "aws:dynamodb", "dynamodb": {...}}]}`)
// with typed AttributeValues. Numbers stay the exact decimal text DynamoDB sent (up to 38
// digits); conversions are checked. Binary values stay base64 until asked for.

#include <charconv>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string_view>
#include <system_error>

#include "sluice/detail/event_reader.hpp"
#include "sluice/events/common.hpp"

namespace sluice::events {

/// The type of an AttributeValue: its one key (`S`, `N`, `B`, `BOOL`, `NULL`, `SS`, `NS`, `BS`, `L`, `M`).
enum class attribute_type : std::uint8_t { s, n, b, boolean, null, ss, ns, bs, l, m };

struct dynamodb_attribute;

/**
 * A DynamoDB AttributeValue: a view of the stream record's JSON. Strings and numbers are
 * text (`as_string()`, `as_number_text()`); `as<T>()` converts a number checking range and
 * integrality; `as_binary()` decodes base64 into the arena; maps and lists are views.
 *
 * **Example**:
 * ```
 * if (const auto* id = record.new_image_attribute("Id")) {
 *   auto n = id->as<std::int64_t>();   // "101" -> 101; "1.5" -> error "is not an integer"
 * }
 * ```
 */
class attribute_value {
 public:
  [[nodiscard]] attribute_type type() const noexcept { return type_; }
  [[nodiscard]] bool is_null() const noexcept { return type_ == attribute_type::null; }

  /// The S value, or nullopt for another type.
  [[nodiscard]] std::optional<std::string_view> as_string() const noexcept {
    if (type_ != attribute_type::s) return std::nullopt;
    return text_;
  }
  /// The N value exactly as sent (`"123.45"`), or nullopt for another type.
  [[nodiscard]] std::optional<std::string_view> as_number_text() const noexcept {
    if (type_ != attribute_type::n) return std::nullopt;
    return text_;
  }
  /// The BOOL value, or nullopt.
  [[nodiscard]] std::optional<bool> as_bool() const noexcept {
    if (type_ != attribute_type::boolean) return std::nullopt;
    return flag_;
  }

  /**
   * The N value as `T`: an integer type only from an integer written without fraction or
   * exponent and within `T`'s range; a floating-point type from any number (rounded).
   */
  template <class T>
    requires(std::integral<T> || std::floating_point<T>) && (!std::same_as<T, bool>)
  [[nodiscard]] decoded<T> as() const {
    if (type_ != attribute_type::n) return decoded<T>::failure("the attribute is not a number (N)");
    return number_as<T>(text_);
  }

  /// Converts one number's text (an N, or an element of an NS) as `as<T>()` does.
  template <class T>
    requires(std::integral<T> || std::floating_point<T>) && (!std::same_as<T, bool>)
  [[nodiscard]] static decoded<T> number_as(std::string_view text) {
    T v{};
    const char* const end = text.data() + text.size();
    if constexpr (std::integral<T>) {
      const auto [ptr, ec] = std::from_chars(text.data(), end, v);
      if (ec == std::errc::result_out_of_range) return decoded<T>::failure("the number is out of range for the type asked for");
      if (ec != std::errc() || ptr != end) return decoded<T>::failure("the number is not an integer");
    } else {
      const auto [ptr, ec] = std::from_chars(text.data(), end, v);
      if (ec == std::errc::result_out_of_range) return decoded<T>::failure("the number is out of range for the type asked for");
      if (ec != std::errc() || ptr != end) return decoded<T>::failure("the attribute's text is not a number");
    }
    return v;
  }

  /// The B value's bytes (base64 decoded into the arena).
  [[nodiscard]] decoded<std::string_view> as_binary() const {
    if (type_ != attribute_type::b) return decoded<std::string_view>::failure("the attribute is not binary (B)");
    return detail::event_json::base64_bytes({text_, false}, *mem_, "the attribute's B value is not base64");
  }

  /// The elements of an SS, NS or BS set as sent (BS elements are base64); empty otherwise.
  [[nodiscard]] std::span<const std::string_view> set() const noexcept {
    if (type_ != attribute_type::ss && type_ != attribute_type::ns && type_ != attribute_type::bs) return {};
    return {set_, count_};
  }
  /// The elements of an L; empty otherwise.
  [[nodiscard]] std::span<const attribute_value> list() const noexcept {
    if (type_ != attribute_type::l) return {};
    return {list_, count_};
  }
  /// The members of an M; empty otherwise.
  [[nodiscard]] std::span<const dynamodb_attribute> map() const noexcept;
  /// The member `name` of an M, or null.
  [[nodiscard]] const attribute_value* find(std::string_view name) const noexcept;

 private:
  friend struct dynamodb_reader;
  attribute_type type_ = attribute_type::null;
  bool flag_ = false;
  std::uint32_t count_ = 0;
  std::string_view text_;
  const std::string_view* set_ = nullptr;
  const attribute_value* list_ = nullptr;
  const dynamodb_attribute* map_ = nullptr;
  detail::arena* mem_ = nullptr;
};

/// One named attribute of an item or of an M value.
struct dynamodb_attribute {
  std::string_view name;
  attribute_value value;
};

inline std::span<const dynamodb_attribute> attribute_value::map() const noexcept {
  if (type_ != attribute_type::m) return {};
  return {map_, count_};
}

inline const attribute_value* attribute_value::find(std::string_view name) const noexcept {
  for (const dynamodb_attribute& a : map()) {
    if (a.name == name) return &a.value;
  }
  return nullptr;
}

/// An item (`Keys`, `NewImage`, `OldImage`): its attributes in the order sent.
struct dynamodb_item {
  std::span<const dynamodb_attribute> attributes;

  [[nodiscard]] const attribute_value* find(std::string_view name) const noexcept {
    for (const dynamodb_attribute& a : attributes) {
      if (a.name == name) return &a.value;
    }
    return nullptr;
  }
  [[nodiscard]] bool empty() const noexcept { return attributes.empty(); }
};

/**
 * One stream record. `sequence_number` is its identifier in `batchItemFailures`.
 *
 * **Example**: `if (r.event_name == "MODIFY") diff(r.old_image, r.new_image);`
 */
struct dynamodb_record {
  std::string_view event_id;
  std::string_view event_name;  // INSERT, MODIFY, REMOVE
  std::string_view event_version;
  std::string_view aws_region;
  std::string_view event_source_arn;
  std::string_view user_identity_type;       // "Service" for TTL deletions
  std::string_view user_identity_principal;  // "dynamodb.amazonaws.com"
  timestamp approximate_creation{};          // ApproximateCreationDateTime: epoch seconds
  std::string_view sequence_number;
  std::int64_t size_bytes = 0;
  std::string_view stream_view_type;
  dynamodb_item keys;
  dynamodb_item new_image;
  dynamodb_item old_image;
};

/// Reads AttributeValues; a friend of attribute_value.
struct dynamodb_reader {
  /// DynamoDB nests documents at most 32 levels deep; deeper input is refused, not recursed.
  static constexpr int max_depth = 32;

  detail::event_json::reader& r;

  bool item(detail::event_json::od::value& v, std::string_view name, dynamodb_item& out, int depth = 0) {
    namespace ej = detail::event_json;
    detail::arena_vector<dynamodb_attribute> list(r.mem(), 8);
    const bool ok = r.members(v, name, [&](ej::od::field& f, ej::od::value& value) {
      dynamodb_attribute a;
      if (!r.key_text(f, a.name) || !attribute(value, a.name, a.value, depth)) return false;
      list.push_back(a);
      return true;
    });
    out.attributes = {list.begin(), list.size()};
    return ok;
  }

  bool attribute(detail::event_json::od::value& v, std::string_view name, attribute_value& out, int depth) {
    namespace ej = detail::event_json;
    if (depth >= max_depth) return r.fail(name, "nests deeper than DynamoDB's 32 levels");
    out.mem_ = &r.mem();
    int keys = 0;
    const bool ok = r.members(v, name, [&](ej::od::field& f, ej::od::value& value) {
      if (++keys > 1) return r.fail({}, "must have exactly one type key (S, N, B, BOOL, NULL, SS, NS, BS, L or M)");
      if (ej::is(f, "S")) return text(value, "S", attribute_type::s, out);
      if (ej::is(f, "N")) return text(value, "N", attribute_type::n, out) && number_text(out.text_, "N");
      if (ej::is(f, "B")) return text(value, "B", attribute_type::b, out);
      if (ej::is(f, "BOOL")) {
        out.type_ = attribute_type::boolean;
        return r.boolean(value, "BOOL", out.flag_);
      }
      if (ej::is(f, "NULL")) {
        out.type_ = attribute_type::null;
        return r.boolean(value, "NULL", out.flag_);
      }
      if (ej::is(f, "SS")) return set(value, "SS", attribute_type::ss, out);
      if (ej::is(f, "NS")) return set(value, "NS", attribute_type::ns, out);
      if (ej::is(f, "BS")) return set(value, "BS", attribute_type::bs, out);
      if (ej::is(f, "L")) {
        out.type_ = attribute_type::l;
        detail::arena_vector<attribute_value> items(r.mem(), 4);
        const bool read = r.elements(value, "L", [&](std::size_t, ej::od::value& element) {
          attribute_value x;
          if (!attribute(element, {}, x, depth + 1)) return false;
          items.push_back(x);
          return true;
        });
        out.list_ = items.begin();
        out.count_ = static_cast<std::uint32_t>(items.size());
        return read;
      }
      if (ej::is(f, "M")) {
        out.type_ = attribute_type::m;
        dynamodb_item members;
        const bool read = item(value, "M", members, depth + 1);
        out.map_ = members.attributes.data();
        out.count_ = static_cast<std::uint32_t>(members.attributes.size());
        return read;
      }
      return r.fail(detail::json::raw_key(f).text, "is not an AttributeValue type (S, N, B, BOOL, NULL, SS, NS, BS, L or M)");
    });
    if (ok && keys == 0) return r.fail(name, "must have exactly one type key (S, N, B, BOOL, NULL, SS, NS, BS, L or M)");
    return ok;
  }

  bool text(detail::event_json::od::value& v, std::string_view key, attribute_type type, attribute_value& out) {
    out.type_ = type;
    return r.text(v, key, out.text_);
  }

  bool set(detail::event_json::od::value& v, std::string_view key, attribute_type type, attribute_value& out) {
    out.type_ = type;
    detail::arena_vector<std::string_view> items(r.mem(), 4);
    if (!r.strings(v, key, items)) return false;
    if (type == attribute_type::ns) {
      for (const std::string_view n : items) {
        if (!number_text(n, key)) return false;
      }
    }
    out.set_ = items.begin();
    out.count_ = static_cast<std::uint32_t>(items.size());
    return true;
  }

  /// DynamoDB's number text: an optional '-', digits with an optional fraction, an optional
  /// exponent. Templates with `{{{placeholders}}}` are refused here, not at the first `as<T>()`.
  bool number_text(std::string_view s, std::string_view key) {
    std::size_t i = 0;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    std::size_t int_digits = 0, frac_digits = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++int_digits;
    if (i < s.size() && s[i] == '.') {
      for (++i; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) ++frac_digits;
    }
    bool ok = int_digits + frac_digits > 0;
    if (ok && i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
      ++i;
      if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
      std::size_t exp_digits = 0;
      while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++exp_digits;
      ok = exp_digits > 0;
    }
    if (ok && i == s.size()) return true;
    return r.fail(key, "must be a number written in decimal (DynamoDB's N)");
  }
};

/**
 * A DynamoDB Streams event, and the tumbling window if any.
 *
 * **Example**: `auto event = sluice::events::dynamodb_event::parse(padded, arena);`
 */
struct dynamodb_event {
  std::span<const dynamodb_record> records;
  stream_window window;

  static constexpr source_kind kind = source_kind::dynamodb;
  static constexpr std::string_view expected = "a DynamoDB Streams event (Records[].eventSource \"aws:dynamodb\")";

  [[nodiscard]] static parse_result<dynamodb_event> parse(simdjson::padded_string_view json, detail::arena& mem,
                                                          simdjson::ondemand::parser& parser =
                                                              detail::event_json::event_parser()) {
    namespace ej = detail::event_json;
    ej::reader r(mem, "DynamoDB Streams event");
    dynamodb_reader attributes{r};
    dynamodb_event event;
    detail::arena_vector<dynamodb_record> list(mem, 16);
    const auto record = [&](std::size_t, ej::od::value& v) {
      dynamodb_record rec;
      std::string_view source;
      const bool read = ej::read_record(r, v, expected, "aws:dynamodb", source, [&](ej::od::field& f, ej::od::value& value) {
        if (ej::is(f, "eventSource")) return r.text(value, "eventSource", source);
        if (ej::is(f, "eventID")) return r.text(value, "eventID", rec.event_id);
        if (ej::is(f, "eventName")) return r.text(value, "eventName", rec.event_name);
        if (ej::is(f, "eventVersion")) return r.text(value, "eventVersion", rec.event_version);
        if (ej::is(f, "awsRegion")) return r.text(value, "awsRegion", rec.aws_region);
        if (ej::is(f, "eventSourceARN")) return r.text(value, "eventSourceARN", rec.event_source_arn);
        if (ej::is(f, "userIdentity")) {
          return r.members(value, "userIdentity", [&](ej::od::field& g, ej::od::value& item) {
            if (ej::is(g, "type")) return r.text(item, "type", rec.user_identity_type);
            if (ej::is(g, "principalId")) return r.text(item, "principalId", rec.user_identity_principal);
            return true;
          });
        }
        if (ej::is(f, "dynamodb")) {
          return r.members(value, "dynamodb", [&](ej::od::field& g, ej::od::value& item) {
            if (ej::is(g, "Keys")) return attributes.item(item, "Keys", rec.keys);
            if (ej::is(g, "NewImage")) return attributes.item(item, "NewImage", rec.new_image);
            if (ej::is(g, "OldImage")) return attributes.item(item, "OldImage", rec.old_image);
            if (ej::is(g, "SequenceNumber")) return r.text(item, "SequenceNumber", rec.sequence_number);
            if (ej::is(g, "SizeBytes")) return r.integer(item, "SizeBytes", rec.size_bytes);
            if (ej::is(g, "StreamViewType")) return r.text(item, "StreamViewType", rec.stream_view_type);
            if (ej::is(g, "ApproximateCreationDateTime")) {
              return r.epoch_seconds_number(item, "ApproximateCreationDateTime", rec.approximate_creation);
            }
            return true;
          });
        }
        return true;
      });
      if (!read) return false;
      if (rec.sequence_number.empty()) {
        return r.fail("dynamodb.SequenceNumber", "is missing: every stream record has one");
      }
      list.push_back(rec);
      return true;
    };
    const auto other = [&](ej::od::field& f, ej::od::value& v) { return ej::window_key(r, f, v, event.window); };
    if (!ej::read_records(parser, json, r, expected, record, other)) return r.error();
    event.records = {list.begin(), list.size()};
    return event;
  }
};

}  // namespace sluice::events
