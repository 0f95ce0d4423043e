// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// Amazon DynamoDB Streams (`{"Records": [{"eventSource": "aws:dynamodb", "dynamodb": {...}}]}`)
// with typed AttributeValues. Numbers stay the exact decimal text DynamoDB sent (up to 38
// digits); conversions are checked. Binary values stay base64 until asked for.
//
// Images (`Keys`, `NewImage`, `OldImage`) are read on first use: `parse` checks that each is an
// object and notes each attribute's name and JSON text; an attribute is typed, with every check,
// when `find` (or a listing of `attributes`) first reaches it. A broken attribute is then an
// `attribute_type::invalid` value whose `error()` names it with its path.

#include <charconv>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <new>
#include <span>
#include <string_view>
#include <system_error>

#include "sluice/detail/event_reader.hpp"
#include "sluice/events/common.hpp"

namespace sluice::events {

/**
 * The type of an AttributeValue: its one key (`S`, `N`, `B`, `BOOL`, `NULL`, `SS`, `NS`, `BS`,
 * `L`, `M`), or `invalid` for an attribute whose JSON is not an AttributeValue.
 */
enum class attribute_type : std::uint8_t { s, n, b, boolean, null, ss, ns, bs, l, m, invalid };

struct dynamodb_attribute;
struct dynamodb_reader;

/**
 * A DynamoDB AttributeValue: a view of the stream record's JSON. Strings and numbers are
 * text (`as_string()`, `as_number_text()`); `as<T>()` converts a number checking range and
 * integrality; `as_binary()` decodes base64 into the arena; maps and lists are views.
 *
 * A broken attribute (two type keys, an `N` that is not a number, nesting over 32 levels, ...)
 * is found when it is first read: then `ok()` is false, `error()` says what and where, `as<T>()`
 * and `as_binary()` fail with that message, the other accessors answer as for another type, and
 * `find` answers the broken value itself, so that a chain of `find`s carries the error to its end.
 *
 * **Example**:
 * ```
 * if (const auto* id = record.new_image.find("Id")) {
 *   auto n = id->as<std::int64_t>();   // "101" -> 101; "1.5" -> error "is not an integer"
 * }
 * ```
 */
class attribute_value {
 public:
  [[nodiscard]] attribute_type type() const noexcept { return type_; }
  [[nodiscard]] bool is_null() const noexcept { return type_ == attribute_type::null; }
  /// False for a broken attribute.
  [[nodiscard]] bool ok() const noexcept { return type_ != attribute_type::invalid; }
  /// Why the attribute is broken (`DynamoDB Streams event: 'Records[0].dynamodb.NewImage.a.N' must be ...`); empty when ok.
  [[nodiscard]] std::string_view error() const noexcept { return ok() ? std::string_view{} : text_; }

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
    if (!ok()) return decoded<T>::failure(text_);
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
    if (!ok()) return decoded<std::string_view>::failure(text_);
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
  /// The member `name` of an M, or null; a broken attribute answers itself.
  [[nodiscard]] const attribute_value* find(std::string_view name) const noexcept;

 private:
  friend struct dynamodb_reader;
  friend class dynamodb_item;
  friend class dynamodb_attributes;
  /// An attribute of an image not typed yet: `text_` holds its JSON text.
  [[nodiscard]] bool pending() const noexcept { return mem_ == nullptr; }

  attribute_type type_ = attribute_type::null;
  bool flag_ = false;
  std::uint32_t count_ = 0;
  std::string_view text_;  // S, N, B; a broken attribute's error; a pending attribute's JSON
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
  if (!ok()) return this;
  const dynamodb_attribute* a = detail::find_named(map(), name);
  return a != nullptr ? &a->value : nullptr;
}

namespace detail_dynamodb {
/// One image of one record, kept as its JSON text until it is read. Lives in the event's arena.
struct image {
  std::string_view json;                     // the object, as sent
  const char* readable_end = nullptr;        // the end of the event's buffer, padding included
  detail::arena* mem = nullptr;              // the event's arena
  std::string_view name;                     // Keys, NewImage or OldImage, for messages
  std::int64_t record = 0;                   // the record's index in Records, for messages
  std::uint32_t count = 0;
  dynamodb_attribute* attributes = nullptr;  // in the order sent, each pending until it is typed
  std::string_view error;                    // the first problem met reading it
};
}  // namespace detail_dynamodb

/**
 * The attributes of an image in the order sent, as a range (or a span, by conversion). Listing
 * them types each one not typed yet; a broken one is an `attribute_type::invalid` value in its
 * place. `size()` is known without typing.
 *
 * **Example**: `for (const auto& [name, value] : r.new_image.attributes) if (!value.ok()) log(value.error());`
 */
class dynamodb_attributes {
 public:
  [[nodiscard]] const dynamodb_attribute* begin() const { return typed().data(); }
  [[nodiscard]] const dynamodb_attribute* end() const { return typed().data() + size(); }
  [[nodiscard]] std::size_t size() const noexcept { return image_ == nullptr ? 0 : image_->count; }
  [[nodiscard]] bool empty() const noexcept { return size() == 0; }
  operator std::span<const dynamodb_attribute>() const { return typed(); }  // NOLINT(google-explicit-constructor)

 private:
  friend class dynamodb_item;
  friend struct dynamodb_reader;
  [[nodiscard]] std::span<const dynamodb_attribute> typed() const;
  detail_dynamodb::image* image_ = nullptr;
};

/**
 * An item (`Keys`, `NewImage`, `OldImage`): its attributes in the order sent, each typed (every
 * check made, into the arena) when `find` or a listing of `attributes` first reaches it; `parse` checked
 * only that the image is an object and where each attribute's JSON lies. A problem is reported
 * where it is met: a broken attribute is found as an `attribute_type::invalid` value, and
 * `error()` keeps the first problem met in this image. An attribute never read is never checked.
 * The first lookup writes into the arena: one thread at a time reads a record, as with the arena.
 *
 * **Example**: `const auto* status = r.new_image.find("status"); if (status && !status->ok()) log(status->error());`
 */
class dynamodb_item {
 public:
  /// Every attribute, in the order sent.
  dynamodb_attributes attributes;

  /// The attribute `name`, typed on its first lookup; null when the image has none (or no image).
  [[nodiscard]] const attribute_value* find(std::string_view name) const;
  /// True when the record has no such image or it is `{}`.
  [[nodiscard]] bool empty() const noexcept { return attributes.empty(); }
  /// The image's JSON text as sent; empty when the record has none.
  [[nodiscard]] std::string_view json() const noexcept { return image() == nullptr ? std::string_view{} : image()->json; }
  /// The first problem met so far reading this image; empty when none.
  [[nodiscard]] std::string_view error() const noexcept { return image() == nullptr ? std::string_view{} : image()->error; }

 private:
  [[nodiscard]] detail_dynamodb::image* image() const noexcept { return attributes.image_; }
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

  /// The first problem met so far reading the images (empty when none); `process_batch` fails a record that has one.
  [[nodiscard]] std::string_view image_error() const noexcept {
    for (const dynamodb_item* item : {&keys, &new_image, &old_image}) {
      if (!item->error().empty()) return item->error();
    }
    return {};
  }
};

/// Reads AttributeValues, at parse time (images: names and JSON texts) and on first use (attributes); a friend of attribute_value.
struct dynamodb_reader {
  /// DynamoDB nests documents at most 32 levels deep; deeper input is refused, not recursed.
  static constexpr int max_depth = 32;

  detail::event_json::reader& r;

  /// An image at parse time: an object, whose attributes' names and JSON texts are kept for typing on first use.
  bool image(detail::event_json::od::value& v, std::string_view name, std::int64_t record, const char* readable_end,
             dynamodb_item& out) {
    namespace ej = detail::event_json;
    if (out.attributes.image_ != nullptr) return r.fail(name, "is sent twice");
    const char* const begin = v.raw_json_token().data();
    detail::arena_vector<dynamodb_attribute> attributes(r.mem(), 16);
    const char* end = begin + 1;
    const bool read = r.members(v, name, [&](ej::od::field& f, ej::od::value& value) {
      dynamodb_attribute a;  // pending: its text_ is its JSON text, its mem_ null
      if (!r.key_text(f, a.name)) return false;
      ej::od::object object;
      if (value.get_object().get(object) == simdjson::SUCCESS) {
        if (object.raw_json().get(a.value.text_) != simdjson::SUCCESS) return r.not_json();
      } else if (!r.raw_json(value, a.value.text_)) {  // not an AttributeValue: said when it is read
        return false;
      }
      end = a.value.text_.data() + a.value.text_.size();
      attributes.push_back(a);
      return true;
    });
    if (!read || *begin != '{') return read;  // failed, null, or a problem deferred (not an object)
    while (*end != '}') ++end;  // whitespace after the last attribute
    auto* img = ::new (r.mem().allocate(sizeof(detail_dynamodb::image), alignof(detail_dynamodb::image)))
        detail_dynamodb::image{};
    img->json = std::string_view(begin, static_cast<std::size_t>(end + 1 - begin));
    img->readable_end = readable_end;
    img->mem = &r.mem();
    img->name = name;
    img->record = record;
    img->attributes = attributes.begin();
    img->count = static_cast<std::uint32_t>(attributes.size());
    out.attributes.image_ = img;
    return true;
  }

  /// The parser for images read on first use (the event's own may be reading another document).
  static detail::event_json::od::parser& image_parser() {
    thread_local detail::event_json::od::parser parser;
    return parser;
  }

  /// Types attribute `i` of an image from its JSON text.
  static void type(detail_dynamodb::image& img, std::size_t i) {
    namespace ej = detail::event_json;
    dynamodb_attribute& a = img.attributes[i];
    std::string_view json_text = a.value.text_;
    while (json_text.back() == ' ' || json_text.back() == '\n' || json_text.back() == '\r' || json_text.back() == '\t') {
      json_text.remove_suffix(1);
    }
    a.value = compact_scalar(json_text);
    a.value.mem_ = img.mem;
    if (a.value.ok()) return;
    a.value = attribute_value{};
    ej::reader r(*img.mem, "DynamoDB Streams event");
    const ej::reader::scope in_records(r, "Records", img.record);
    const ej::reader::scope in_dynamodb(r, "dynamodb");
    const ej::reader::scope in_image(r, img.name);
    dynamodb_reader read{r};
    ej::od::document doc;
    ej::od::object root;
    const auto members = [&](auto&& f) {
      const ej::reader::scope in(r, a.name);
      for (auto result : root) {
        if (result.error() != simdjson::SUCCESS) return r.not_json();
        ej::od::field& field = detail::json::in_place(result);
        ej::od::value& member = field.value();
        if (!f(field, member)) return false;
      }
      return true;
    };
    if (json_text.front() != '{') {
      r.fail(a.name, "must be an object");
    } else if (image_parser().iterate(padded(img, json_text)).get(doc) != simdjson::SUCCESS ||
               doc.get_object().get(root) != simdjson::SUCCESS) {
      r.not_json();
    } else if (read.typed(a.name, a.value, 0, members)) {
      return;
    }
    read.keep_problem(img, a.name, a.value);
  }

  /**
   * Types the compact form DynamoDB sends for a scalar (`{"S":"text"}`, `{"N":"12.5"}`, `{"B":"AAE="}`,
   * `{"BOOL":true}`, `{"NULL":true}`) without running a parser over it: parse has read the event
   * (quotes, UTF-8 and control characters checked) and skipped this object, so a string without
   * `"` or `\` between the fixed prefix and `"}` is exactly one JSON string. Anything else (spaces,
   * escapes, sets, lists, maps, a problem) is left to the reader, which says what is wrong: then
   * the value answered is `invalid`.
   */
  static attribute_value compact_scalar(std::string_view t) noexcept {
    attribute_value v;
    const auto string_of = [&](std::string_view prefix, attribute_type type) {
      if (t.size() < prefix.size() + 2 || !t.starts_with(prefix) || !t.ends_with("\"}")) return false;
      const std::string_view body = t.substr(prefix.size(), t.size() - prefix.size() - 2);
      if (body.find_first_of("\"\\") != std::string_view::npos) return false;
      v.type_ = type;
      v.text_ = body;
      return true;
    };
    v.flag_ = true;
    if (string_of(R"({"S":")", attribute_type::s) || string_of(R"({"B":")", attribute_type::b)) return v;
    if (string_of(R"({"N":")", attribute_type::n) && is_number_text(v.text_)) return v;
    if (t == R"({"BOOL":true})" || t == R"({"BOOL":false})") {
      v.type_ = attribute_type::boolean;
      v.flag_ = t.size() == 13;
    } else if (t == R"({"NULL":true})") {
      v.type_ = attribute_type::null;
    } else {
      v.type_ = attribute_type::invalid;
    }
    return v;
  }

  /// `out` becomes a broken attribute carrying the reader's problem, which the image keeps if it is its first.
  void keep_problem(detail_dynamodb::image& img, std::string_view name, attribute_value& out) {
    if (r.error().problem == event_problem::not_json) {  // parse skipped the attribute's insides
      r.clear_error();
      r.fail(name, "is not valid JSON");
    }
    out = attribute_value{};
    out.type_ = attribute_type::invalid;
    out.text_ = r.error().message;
    out.mem_ = img.mem;  // typed: no longer pending
    if (img.error.empty()) img.error = out.text_;
  }

  static simdjson::padded_string_view padded(const detail_dynamodb::image& img, std::string_view text) noexcept {
    return detail::json::padded_view(text.data(), text.size(), static_cast<std::size_t>(img.readable_end - text.data()));
  }

  bool attribute(detail::event_json::od::value& v, std::string_view name, attribute_value& out, int depth) {
    return typed(name, out, depth, [&](auto&& f) { return r.members(v, name, f); });
  }

  /// Types an attribute named `name` whose members `for_each(f)` reads (the members of an object
  /// value, or of a document's root object: simdjson reads a root value differently).
  template <class ForEach>
  bool typed(std::string_view name, attribute_value& out, int depth, ForEach&& for_each) {
    namespace ej = detail::event_json;
    if (depth >= max_depth) return r.fail(name, "nests deeper than DynamoDB's 32 levels");
    out.mem_ = &r.mem();
    int keys = 0;
    const bool ok = for_each([&](ej::od::field& f, ej::od::value& value) {
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
        detail::arena_vector<dynamodb_attribute> members(r.mem(), 8);
        const bool read = r.members(value, "M", [&](ej::od::field& g, ej::od::value& member) {
          dynamodb_attribute a;
          if (!r.key_text(g, a.name) || !attribute(member, a.name, a.value, depth + 1)) return false;
          members.push_back(a);
          return true;
        });
        out.map_ = members.begin();
        out.count_ = static_cast<std::uint32_t>(members.size());
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
    return is_number_text(s) || r.fail(key, "must be a number written in decimal (DynamoDB's N)");
  }

  [[nodiscard]] static bool is_number_text(std::string_view s) noexcept {
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
    return ok && i == s.size();
  }
};

inline const attribute_value* dynamodb_item::find(std::string_view name) const {
  if (image() == nullptr) return nullptr;
  detail_dynamodb::image& img = *image();
  for (std::uint32_t i = 0; i < img.count; ++i) {
    if (img.attributes[i].name != name) continue;
    if (img.attributes[i].value.pending()) dynamodb_reader::type(img, i);
    return &img.attributes[i].value;
  }
  return nullptr;
}

inline std::span<const dynamodb_attribute> dynamodb_attributes::typed() const {
  if (image_ == nullptr) return {};
  for (std::uint32_t i = 0; i < image_->count; ++i) {
    if (image_->attributes[i].value.pending()) dynamodb_reader::type(*image_, i);
  }
  return {image_->attributes, image_->count};
}

/**
 * A DynamoDB Streams event, and the tumbling window if any. `parse` checks the records (each
 * field's type, `eventSource`, the sequence number, a field sent twice) and that each image is
 * an object; the images' attributes are checked when they are read (see `dynamodb_item`). The
 * images are views of `json`, read after `parse` returns: the buffer must outlive the event.
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
    dynamodb_reader images{r};
    const char* const readable_end = json.data() + json.capacity();
    dynamodb_event event;
    detail::arena_vector<dynamodb_record> list(mem, 16);
    const auto record = [&](std::size_t index, ej::od::value& v) {
      dynamodb_record rec;
      std::string_view source;
      const auto at = static_cast<std::int64_t>(index);
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
            if (ej::is(g, "Keys")) return images.image(item, "Keys", at, readable_end, rec.keys);
            if (ej::is(g, "NewImage")) return images.image(item, "NewImage", at, readable_end, rec.new_image);
            if (ej::is(g, "OldImage")) return images.image(item, "OldImage", at, readable_end, rec.old_image);
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
