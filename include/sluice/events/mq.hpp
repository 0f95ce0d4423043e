// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// Amazon MQ: ActiveMQ (`eventSource` `aws:mq`, or `aws:amq` as Powertools' fixtures spell it;
// a `messages` array) and RabbitMQ (`aws:rmq`,
// messages grouped by `"<queue>::<virtual host>"` in `rmqMessagesByQueue`). Two sources, one
// view each: the brokers' messages share little beyond a base64 body (decoded on first use).
// Lambda reports no partial batch failures for Amazon MQ: a handler takes the whole event.

#include <cstdint>
#include <span>
#include <string_view>

#include "sluice/detail/event_reader.hpp"
#include "sluice/events/common.hpp"

namespace sluice::events {

/**
 * One ActiveMQ message. Times are epoch milliseconds in the event; `expiration` is the epoch
 * itself (0) for a message that never expires, and may come as a string of digits.
 *
 * **Example**: `auto body = m.data(); if (body) consume(m.destination, *body);`
 */
struct activemq_message {
  std::string_view message_id;    // messageID
  std::string_view message_type;  // "jms/text-message", "jms/bytes-message"
  timestamp time{};               // timestamp
  std::int64_t delivery_mode = 0;  // 1 non-persistent, 2 persistent
  std::string_view correlation_id;  // correlationID (or correlationId)
  std::string_view reply_to;        // replyTo
  std::string_view destination;     // destination.physicalName (or physicalname)
  bool redelivered = false;
  std::string_view type;
  timestamp expiration{};
  std::int64_t priority = 0;
  timestamp broker_in_time{};
  timestamp broker_out_time{};
  std::span<const named_text> properties;  // a number or boolean value keeps its JSON text
  detail::raw_string data_base64;
  detail::arena* mem = nullptr;

  /// The message body, base64 decoded into the arena.
  [[nodiscard]] decoded<std::string_view> data() const {
    return detail::event_json::base64_bytes(data_base64, *mem, "ActiveMQ message 'data' is not base64");
  }
  /// A property's value, or nullptr.
  [[nodiscard]] const named_text* property(std::string_view name) const noexcept {
    return detail::find_named(properties, name);
  }
};

/**
 * An Amazon MQ for ActiveMQ event.
 *
 * **Example**: `for (const auto& m : event->messages) if (!m.redelivered) work(*m.data());`
 */
struct activemq_event {
  std::string_view event_source_arn;  // the broker's ARN
  std::span<const activemq_message> messages;

  static constexpr source_kind kind = source_kind::activemq;
  static constexpr std::string_view expected = "an ActiveMQ event (eventSource \"aws:mq\", with messages)";

  [[nodiscard]] static parse_result<activemq_event> parse(simdjson::padded_string_view json, detail::arena& mem,
                                                          simdjson::ondemand::parser& parser =
                                                              detail::event_json::event_parser()) {
    namespace ej = detail::event_json;
    ej::reader r(mem, "ActiveMQ event");
    activemq_event e;
    std::string_view source;
    detail::arena_vector<std::string_view> keys(mem, 6);
    detail::arena_vector<activemq_message> list(mem, 16);
    bool has_messages = false;
    r.defer_problems(true);  // `eventSource` may come last: until then a problem may be another source's
    const bool ok = ej::read_root(parser, json, r, [&](ej::od::field& f, ej::od::value& v) {
      if (keys.size() < 6) keys.push_back(detail::json::raw_key(f).text);
      if (ej::is(f, "eventSource")) return r.text(v, "eventSource", source);
      if (ej::is(f, "eventSourceArn")) return r.text(v, "eventSourceArn", e.event_source_arn);
      if (!ej::is(f, "messages")) return true;
      has_messages = true;
      return r.elements(v, "messages", [&](std::size_t, ej::od::value& item) {
        activemq_message m;
        m.mem = &mem;
        const bool read = read_message(r, item, m);
        list.push_back(m);
        return read;
      });
    });
    if (!ej::settle_source(r, ok, source == "aws:mq" || source == "aws:amq", expected, keys)) return r.error();
    if (!has_messages) {
      r.fail("messages", "is missing: every ActiveMQ event has them");
      return r.error();
    }
    e.messages = {list.begin(), list.size()};
    for (std::size_t i = 0; i < e.messages.size(); ++i) {
      if (e.messages[i].message_id.empty()) {
        const ej::reader::scope at(r, "messages", static_cast<std::int64_t>(i));
        r.fail("messageID", "is missing: every ActiveMQ message has one");
        return r.error();
      }
    }
    return e;
  }

 private:
  static bool read_message(detail::event_json::reader& r, detail::event_json::od::value& v, activemq_message& m) {
    namespace ej = detail::event_json;
    detail::arena_vector<named_text> properties(r.mem(), 4);
    const bool ok = r.members(v, {}, [&](ej::od::field& f, ej::od::value& x) {
      if (ej::is(f, "messageID")) return r.text(x, "messageID", m.message_id);
      if (ej::is(f, "messageType")) return r.text(x, "messageType", m.message_type);
      if (ej::is(f, "timestamp")) return r.epoch_ms_number(x, "timestamp", m.time);
      if (ej::is(f, "deliveryMode")) return r.integer(x, "deliveryMode", m.delivery_mode);
      // AWS's own example spells correlationId and physicalname; its fixtures, the other way
      if (ej::is(f, "correlationID") || ej::is(f, "correlationId")) return r.text(x, "correlationID", m.correlation_id);
      if (ej::is(f, "replyTo")) return r.text(x, "replyTo", m.reply_to);
      if (ej::is(f, "redelivered")) return r.boolean(x, "redelivered", m.redelivered);
      if (ej::is(f, "type")) return r.text(x, "type", m.type);
      if (ej::is(f, "expiration")) return r.epoch_ms_number_or_digits(x, "expiration", m.expiration);
      if (ej::is(f, "priority")) return r.integer(x, "priority", m.priority);
      if (ej::is(f, "brokerInTime")) return r.epoch_ms_number(x, "brokerInTime", m.broker_in_time);
      if (ej::is(f, "brokerOutTime")) return r.epoch_ms_number(x, "brokerOutTime", m.broker_out_time);
      if (ej::is(f, "data")) return r.lazy_text(x, "data", m.data_base64);
      if (ej::is(f, "destination")) {
        return r.members(x, "destination", [&](ej::od::field& g, ej::od::value& y) {
          if (ej::is(g, "physicalName") || ej::is(g, "physicalname")) return r.text(y, "physicalName", m.destination);
          return true;
        });
      }
      if (!ej::is(f, "properties")) return true;
      return r.members(x, "properties", [&](ej::od::field& g, ej::od::value& y) {
        named_text p;
        if (!r.key_text(g, p.name)) return false;
        if (!scalar_text(r, y, p.name, p.value)) return false;
        properties.push_back(p);
        return true;
      });
    });
    m.properties = {properties.begin(), properties.size()};
    return ok;
  }

  /// A string's text, or a number's or boolean's JSON text (JMS properties are typed).
  static bool scalar_text(detail::event_json::reader& r, detail::event_json::od::value& v, std::string_view name,
                          std::string_view& out) {
    namespace ej = detail::event_json;
    ej::od::json_type type{};
    if (v.type().get(type) != simdjson::SUCCESS) return r.not_json();
    if (type == ej::od::json_type::string || type == ej::od::json_type::null) return r.text(v, name, out);
    if (type != ej::od::json_type::number && type != ej::od::json_type::boolean) {
      return r.fail(name, "must be a string, a number or a boolean");
    }
    return r.raw_json(v, out);
  }
};

/// How a RabbitMQ header's value arrived: `{"bytes": [...]}` (AMQP long strings), a JSON
/// string, or another JSON value (a number, a boolean, an array, a table), kept as its text.
enum class rabbitmq_header_kind : std::uint8_t { bytes, string, json };

/// A header of a RabbitMQ message: its name and value (see `rabbitmq_header_kind`).
struct rabbitmq_header {
  std::string_view name;
  std::string_view value;
  rabbitmq_header_kind kind = rabbitmq_header_kind::string;
};

/**
 * One RabbitMQ message with its queue. `timestamp_text` is as Lambda writes it (Java's
 * `"Jan 1, 1970, 12:33:41 AM"`, in no documented zone), so it is kept as text.
 *
 * **Example**: `if (auto* h = m.header("tenant")) route(h->value); work(*m.data());`
 */
struct rabbitmq_message {
  std::string_view queue;         // before the last "::" of the group's key
  std::string_view virtual_host;  // after it
  std::string_view content_type;
  std::string_view content_encoding;
  std::span<const rabbitmq_header> headers;
  std::int64_t delivery_mode = 0;  // 1 non-persistent, 2 persistent
  std::int64_t priority = 0;
  std::string_view correlation_id;
  std::string_view reply_to;
  std::string_view expiration;  // milliseconds, as text (AMQP's shortstr)
  std::string_view message_id;
  std::string_view timestamp_text;
  std::string_view type;
  std::string_view user_id;
  std::string_view app_id;
  std::string_view cluster_id;
  std::int64_t body_size = 0;
  bool redelivered = false;
  detail::raw_string data_base64;
  detail::arena* mem = nullptr;

  /// The message body, base64 decoded into the arena.
  [[nodiscard]] decoded<std::string_view> data() const {
    return detail::event_json::base64_bytes(data_base64, *mem, "RabbitMQ message 'data' is not base64");
  }
  /// A header by its exact name (AMQP header names are case-sensitive), or nullptr.
  [[nodiscard]] const rabbitmq_header* header(std::string_view name) const noexcept {
    return detail::find_named(headers, name);
  }
};

/**
 * An Amazon MQ for RabbitMQ event. `messages` lists every message of every queue, in order.
 *
 * **Example**: `for (const auto& m : event->messages) consume(m.queue, m.content_type, *m.data());`
 */
struct rabbitmq_event {
  std::string_view event_source_arn;  // the broker's ARN
  std::span<const rabbitmq_message> messages;

  static constexpr source_kind kind = source_kind::rabbitmq;
  static constexpr std::string_view expected =
      "a RabbitMQ event (eventSource \"aws:rmq\", with rmqMessagesByQueue)";

  [[nodiscard]] static parse_result<rabbitmq_event> parse(simdjson::padded_string_view json, detail::arena& mem,
                                                          simdjson::ondemand::parser& parser =
                                                              detail::event_json::event_parser()) {
    namespace ej = detail::event_json;
    ej::reader r(mem, "RabbitMQ event");
    rabbitmq_event e;
    std::string_view source;
    detail::arena_vector<std::string_view> keys(mem, 6);
    detail::arena_vector<rabbitmq_message> list(mem, 16);
    bool has_messages = false;
    r.defer_problems(true);
    const bool ok = ej::read_root(parser, json, r, [&](ej::od::field& f, ej::od::value& v) {
      if (keys.size() < 6) keys.push_back(detail::json::raw_key(f).text);
      if (ej::is(f, "eventSource")) return r.text(v, "eventSource", source);
      if (ej::is(f, "eventSourceArn")) return r.text(v, "eventSourceArn", e.event_source_arn);
      if (!ej::is(f, "rmqMessagesByQueue")) return true;
      has_messages = true;
      return r.members(v, "rmqMessagesByQueue", [&](ej::od::field& group, ej::od::value& items) {
        std::string_view name;
        if (!r.key_text(group, name)) return false;
        const std::size_t split = name.rfind("::");
        return r.elements(items, name, [&](std::size_t, ej::od::value& item) {
          rabbitmq_message m;
          m.mem = &mem;
          m.queue = name.substr(0, split);
          if (split != std::string_view::npos) m.virtual_host = name.substr(split + 2);
          const bool read = read_message(r, item, m);
          list.push_back(m);
          return read;
        });
      });
    });
    if (!ej::settle_source(r, ok, source == "aws:rmq", expected, keys)) return r.error();
    if (!has_messages) {
      r.fail("rmqMessagesByQueue", "is missing: every RabbitMQ event groups its messages by queue");
      return r.error();
    }
    e.messages = {list.begin(), list.size()};
    return e;
  }

 private:
  static bool read_message(detail::event_json::reader& r, detail::event_json::od::value& v, rabbitmq_message& m) {
    namespace ej = detail::event_json;
    return r.members(v, {}, [&](ej::od::field& f, ej::od::value& x) {
      if (ej::is(f, "redelivered")) return r.boolean(x, "redelivered", m.redelivered);
      if (ej::is(f, "data")) return r.lazy_text(x, "data", m.data_base64);
      if (!ej::is(f, "basicProperties")) return true;
      return r.members(x, "basicProperties", [&](ej::od::field& g, ej::od::value& y) {
        if (ej::is(g, "contentType")) return r.text(y, "contentType", m.content_type);
        if (ej::is(g, "contentEncoding")) return r.text(y, "contentEncoding", m.content_encoding);
        if (ej::is(g, "deliveryMode")) return optional_integer(r, y, "deliveryMode", m.delivery_mode);
        if (ej::is(g, "priority")) return optional_integer(r, y, "priority", m.priority);
        if (ej::is(g, "correlationId")) return r.text(y, "correlationId", m.correlation_id);
        if (ej::is(g, "replyTo")) return r.text(y, "replyTo", m.reply_to);
        if (ej::is(g, "expiration")) return r.text(y, "expiration", m.expiration);
        if (ej::is(g, "messageId")) return r.text(y, "messageId", m.message_id);
        if (ej::is(g, "timestamp")) return r.text(y, "timestamp", m.timestamp_text);
        if (ej::is(g, "type")) return r.text(y, "type", m.type);
        if (ej::is(g, "userId")) return r.text(y, "userId", m.user_id);
        if (ej::is(g, "appId")) return r.text(y, "appId", m.app_id);
        if (ej::is(g, "clusterId")) return r.text(y, "clusterId", m.cluster_id);
        if (ej::is(g, "bodySize")) return optional_integer(r, y, "bodySize", m.body_size);
        if (ej::is(g, "headers")) return read_headers(r, y, m);
        return true;
      });
    });
  }

  /// An integer, or null (AMQP leaves unset properties null).
  static bool optional_integer(detail::event_json::reader& r, detail::event_json::od::value& v, std::string_view name,
                               std::int64_t& out) {
    if (detail::event_json::reader::is_null(v)) return true;
    return r.integer(v, name, out);
  }

  static bool read_headers(detail::event_json::reader& r, detail::event_json::od::value& v, rabbitmq_message& m) {
    namespace ej = detail::event_json;
    detail::arena_vector<rabbitmq_header> headers(r.mem(), 4);
    const bool ok = r.members(v, "headers", [&](ej::od::field& g, ej::od::value& y) {
      rabbitmq_header h;
      if (!r.key_text(g, h.name)) return false;
      ej::od::json_type type{};
      if (y.type().get(type) != simdjson::SUCCESS) return r.not_json();
      bool read = true;
      if (type == ej::od::json_type::string) {
        read = r.text(y, h.name, h.value);
      } else if (type == ej::od::json_type::object) {
        read = object_header(r, y, h);
      } else {
        h.kind = rabbitmq_header_kind::json;
        read = r.raw_json(y, h.value);
      }
      headers.push_back(h);
      return read;
    });
    m.headers = {headers.begin(), headers.size()};
    return ok;
  }

  /// `{"bytes": [118, 97, ...]}` becomes its bytes (Java's signed bytes too); another object
  /// (an AMQP table) keeps its JSON text.
  static bool object_header(detail::event_json::reader& r, detail::event_json::od::value& v, rabbitmq_header& h) {
    namespace ej = detail::event_json;
    h.kind = rabbitmq_header_kind::json;
    if (!r.raw_json(v, h.value)) return false;
    // read again from its own copy: whether it is exactly {"bytes": [...]}
    ej::od::document doc;
    ej::od::object obj;
    std::size_t fields = 0;
    if (ej::nested_parser().iterate(ej::padded_copy(h.value, r.mem())).get(doc) != simdjson::SUCCESS ||
        doc.get_object().get(obj) != simdjson::SUCCESS || obj.count_fields().get(fields) != simdjson::SUCCESS) {
      return r.not_json();
    }
    if (fields != 1) return true;
    for (auto member : obj) {
      ej::od::field f;
      ej::od::array arr;
      if (std::move(member).get(f) != simdjson::SUCCESS) return r.not_json();
      if (!ej::is(f, "bytes") || f.value().get_array().get(arr) != simdjson::SUCCESS) return true;
      detail::arena_string bytes(r.mem());
      const ej::reader::scope in(r, h.name);
      std::int64_t i = 0;
      for (auto element : arr) {
        std::int64_t n = 0;
        if (element.get_int64().get(n) != simdjson::SUCCESS || n < -128 || n > 255) {
          const ej::reader::scope at(r, "bytes", i);
          return r.fail({}, "must be a byte (-128 to 255)");
        }
        bytes.push_back(static_cast<char>(static_cast<unsigned char>(n & 0xFF)));
        ++i;
      }
      h.kind = rabbitmq_header_kind::bytes;
      h.value = bytes.view();
    }
    return true;
  }
};

}  // namespace sluice::events
