// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// Amazon EventBridge events (also CloudWatch Events, scheduled rules and EventBridge
// Scheduler): the envelope as views, `detail` kept as JSON text and bound to a described
// struct on request, strictly, as a request body is (see body.hpp).

#include <cstdint>
#include <span>
#include <string_view>

#include "sluice/body.hpp"
#include "sluice/detail/event_reader.hpp"
#include "sluice/events/common.hpp"
#include "sluice/fields.hpp"

namespace sluice::events {

/**
 * An EventBridge event. `detail_json` is the detail's JSON text: the object as sent, or, for
 * EventBridge Scheduler (`source` `aws.scheduler`), the text of the string it sends instead
 * (`"detail": "{}"`), escapes undone.
 *
 * **Example**:
 * ```
 * struct order_placed {
 *   std::string_view order_id;
 *   std::int64_t total;
 *   static constexpr auto sluice_fields() {
 *     return sluice::fields(sluice::field<"orderId">(&order_placed::order_id),
 *                           sluice::field<"total">(&order_placed::total));
 *   }
 * };
 * auto order = event->detail_as<order_placed>();  // "EventBridge detail field 'total' must be an integer"
 * ```
 */
struct eventbridge_event {
  std::string_view version;
  std::string_view id;
  std::string_view detail_type;  // "detail-type"
  std::string_view source;
  std::string_view account;
  timestamp time{};
  std::string_view region;
  std::span<const std::string_view> resources;
  std::string_view replay_name;  // "replay-name", for replayed events
  std::string_view detail_json;  // "{}" when the event has no detail
  bool detail_was_string = false;
  detail::arena* mem = nullptr;
  /// Where the padded buffer holding `detail_json` ends (the event's, when the detail is a view
  /// into it), so that the detail is parsed in place; null: `detail_json` is not padded.
  const char* detail_buffer_end = nullptr;

  /// Whether EventBridge Scheduler sent it.
  [[nodiscard]] bool from_scheduler() const noexcept { return source == "aws.scheduler"; }

  /**
   * The detail bound to `T`: a described struct (unknown, missing and mistyped fields are
   * errors naming the field, as for request bodies), or one of sluice's event views (a type
   * with `parse(padded, arena, parser)`), for an event relayed as the detail.
   */
  template <class T>
  [[nodiscard]] decoded<T> detail_as() const {
    if constexpr (described<T>) {
      detail::arena_scope scope(*mem);
      T out{};
      http_error err;
      const bool bound = detail_is_padded() ? detail::binding::bind(padded_detail(), out, err)
                                            : detail::binding::bind(detail_json, out, err);
      if (!bound) return decoded<T>::failure(renamed(err.message, *mem));
      return out;
    } else {
      parse_result<T> parsed =
          T::parse(detail_is_padded() ? padded_detail() : detail::event_json::padded_copy(detail_json, *mem), *mem,
                   detail::event_json::envelope_parser());
      if (!parsed) return decoded<T>::failure(parsed.error().message);
      return *parsed;
    }
  }

  static constexpr source_kind kind = source_kind::eventbridge;
  static constexpr std::string_view expected = "an EventBridge event (an object with detail-type and source)";

  [[nodiscard]] static parse_result<eventbridge_event> parse(simdjson::padded_string_view json, detail::arena& mem,
                                                             simdjson::ondemand::parser& parser =
                                                                 detail::event_json::event_parser()) {
    detail::event_json::reader r(mem, "EventBridge event");
    eventbridge_event e;
    if (!read_envelope(json, mem, parser, r, e, [&](detail::event_json::od::value& v) { return read_detail(r, v, e); })) {
      return r.error();
    }
    return e;
  }

 protected:
  /**
   * Reads the envelope into `e`, the detail's value with `on_detail(value)`, and checks that the
   * payload is an EventBridge event; false with `r.error()` set when it is not, or is broken.
   */
  template <class DetailReader>
  static bool read_envelope(simdjson::padded_string_view json, detail::arena& mem, simdjson::ondemand::parser& parser,
                            detail::event_json::reader& r, eventbridge_event& e, DetailReader&& on_detail) {
    namespace ej = detail::event_json;
    e.mem = &mem;
    bool has_type = false;
    bool has_source = false;
    bool has_detail = false;
    detail::arena_vector<std::string_view> resources(mem, 4);
    r.defer_problems(true);  // another source's event may use these keys with other types
    const bool ok = ej::read_root(parser, json, r, [&](ej::od::field& f, ej::od::value& v) {
      if (ej::is(f, "detail-type")) {
        has_type = true;
        return r.text(v, "detail-type", e.detail_type);
      }
      if (ej::is(f, "source")) {
        has_source = true;
        return r.text(v, "source", e.source);
      }
      if (ej::is(f, "version")) return r.text(v, "version", e.version);
      if (ej::is(f, "id")) return r.text(v, "id", e.id);
      if (ej::is(f, "account")) return r.text(v, "account", e.account);
      if (ej::is(f, "time")) return r.iso_time(v, "time", e.time);
      if (ej::is(f, "region")) return r.text(v, "region", e.region);
      if (ej::is(f, "resources")) return r.strings(v, "resources", resources);
      if (ej::is(f, "replay-name")) return r.text(v, "replay-name", e.replay_name);
      if (ej::is(f, "detail")) {
        has_detail = true;
        return on_detail(v);
      }
      return true;
    });
    r.defer_problems(false);
    if (!ok) return false;
    if (!has_type || !has_source) {
      ej::wrong_source(r, expected, seen_keys(parser, json, mem));
      return false;
    }
    if (r.has_deferred()) return r.raise_deferred();
    if (!has_detail) e.detail_json = "{}";
    // a view into the event (an object, or a Scheduler string without escapes) has the rest of
    // the event and its padding after it; a string unescaped into the arena does not
    const auto at = [](const char* p) { return reinterpret_cast<std::uintptr_t>(p); };
    if (at(e.detail_json.data()) >= at(json.data()) &&
        at(e.detail_json.data()) + e.detail_json.size() <= at(json.data()) + json.size()) {
      e.detail_buffer_end = json.data() + json.capacity();
    }
    e.resources = {resources.begin(), resources.size()};
    return true;
  }

  /// A body-binding message without its subject ("field 'x' must be ...", "is not valid JSON"):
  /// those messages speak of the body, these are about the detail.
  [[nodiscard]] static std::string_view without_body_subject(std::string_view message) noexcept {
    if (message.starts_with("body ")) return message.substr(5);      // body field 'x' ...
    if (message.starts_with("the body ")) return message.substr(9);  // the body is not valid JSON
    return message;
  }

  /// "EventBridge detail field 'total' must be an integer" from the binding's message.
  [[nodiscard]] static std::string_view renamed(std::string_view message, detail::arena& mem) {
    const std::string_view rest = without_body_subject(message);
    if (rest.size() == message.size()) return message;
    detail::arena_string m(mem);
    m.append(message.starts_with("body ") ? "EventBridge detail " : "the EventBridge detail ");
    m.append(rest);
    return m.view();
  }

  [[nodiscard]] bool detail_is_padded() const noexcept {
    return detail_buffer_end != nullptr &&
           static_cast<std::size_t>(detail_buffer_end - detail_json.data()) >= detail_json.size() + detail::json::padding;
  }
  [[nodiscard]] simdjson::padded_string_view padded_detail() const noexcept {
    return detail::json::padded_view(detail_json.data(), detail_json.size(),
                                     static_cast<std::size_t>(detail_buffer_end - detail_json.data()));
  }

  /// The first six top-level keys, for the message that says what was seen instead: read again
  /// here, so that only a payload that is not an EventBridge event pays for them.
  [[nodiscard]] static std::string_view seen_keys(simdjson::ondemand::parser& parser, simdjson::padded_string_view json,
                                                  detail::arena& mem) {
    namespace ej = detail::event_json;
    detail::arena_vector<std::string_view> keys(mem, 6);
    ej::od::document doc;
    ej::od::object root;
    if (parser.iterate(json).get(doc) == simdjson::SUCCESS && doc.get_object().get(root) == simdjson::SUCCESS) {
      for (auto result : root) {
        ej::od::field f;
        if (keys.size() == 6 || std::move(result).get(f) != simdjson::SUCCESS) break;
        keys.push_back(detail::json::raw_key(f).text);
      }
    }
    return ej::describe_keys(keys, mem);
  }

  static bool read_detail(detail::event_json::reader& r, detail::event_json::od::value& v, eventbridge_event& e) {
    namespace ej = detail::event_json;
    ej::od::json_type type{};
    if (v.type().get(type) != simdjson::SUCCESS) return r.not_json();
    if (type == ej::od::json_type::string) {
      // EventBridge Scheduler: the detail is JSON text in a string
      e.detail_was_string = true;
      if (!r.text(v, "detail", e.detail_json)) return false;
      if (e.detail_json.empty()) e.detail_json = "{}";
      return true;
    }
    if (type == ej::od::json_type::null) {
      e.detail_json = "{}";
      return true;
    }
    if (type != ej::od::json_type::object) return r.fail("detail", "must be an object (or, from Scheduler, a JSON string)");
    return r.raw_json(v, e.detail_json);
  }

};


/**
 * An EventBridge event whose `detail` is bound to the described struct `Detail` in the same
 * pass as the envelope: no second parse, for handlers of one kind of detail. Bound as
 * `eventbridge_event::detail_as<Detail>()` binds it (unknown, missing, mistyped and repeated
 * fields are errors naming the field), but a detail that does not fit makes the whole event
 * invalid (`Sluice.InvalidEvent`, "EventBridge event: 'detail' field 'total' must be an
 * integer"). Scheduler's string detail and a missing or null one (bound as `{}`) work too.
 * `detail_json` still holds the detail's text.
 *
 * **Example**:
 * ```
 * app.on([](const sluice::events::eventbridge_event_of<order_placed>& e) { ship(e.detail.order_id); });
 * ```
 */
template <described Detail>
struct eventbridge_event_of : eventbridge_event {
  Detail detail{};

  [[nodiscard]] static parse_result<eventbridge_event_of> parse(simdjson::padded_string_view json, detail::arena& mem,
                                                               simdjson::ondemand::parser& parser =
                                                                   detail::event_json::event_parser()) {
    namespace ej = detail::event_json;
    ej::reader r(mem, "EventBridge event");
    eventbridge_event_of e;
    detail::arena_scope scope(mem);
    http_error err;
    bool present = false;
    const bool ok = read_envelope(json, mem, parser, r, e, [&](ej::od::value& v) {
      present = true;
      ej::od::json_type type{};
      if (v.type().get(type) != simdjson::SUCCESS) return r.not_json();
      if (type != ej::od::json_type::object) {
        // Scheduler's string, or null: read as the untyped view reads it, then bound from its text
        if (!read_detail(r, v, e)) return false;
        return detail::binding::bind(e.detail_json, e.detail, err) || failed(r, err);
      }
      const char* const start = v.raw_json_token().data();
      detail::binding::context ctx{mem, err, {}};
      if (!detail::binding::bind_object(v, e.detail, ctx)) return failed(r, err);
      // the object is consumed: the next token (`,` or `}`) ends its text
      const char* end = nullptr;
      if (v.current_location().get(end) != simdjson::SUCCESS || end < start) return r.not_json();
      while (end > start && (end[-1] == ' ' || end[-1] == '\n' || end[-1] == '\r' || end[-1] == '\t')) --end;
      e.detail_json = std::string_view(start, static_cast<std::size_t>(end - start));
      return true;
    });
    if (!ok) return r.error();
    if (!present && !detail::binding::bind(e.detail_json, e.detail, err)) {
      failed(r, err);
      return r.error();
    }
    return e;
  }

 private:
  /// "EventBridge event: 'detail' field 'total' must be an integer" from the binding's message.
  static bool failed(detail::event_json::reader& r, const http_error& err) {
    return r.fail("detail", eventbridge_event::without_body_subject(err.message));
  }
};

}  // namespace sluice::events
