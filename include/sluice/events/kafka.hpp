// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// Kafka (Amazon MSK, `aws:kafka`, and self-managed, `SelfManagedKafka`, which Powertools'
// fixtures spell `aws:SelfManagedKafka`; both are read): records grouped by
// `<topic>-<partition>`, keys and values base64 (decoded on first use), headers as arrays of
// byte values, which Java's signed bytes make negative (`-61` is 0xC3).

#include <cstdint>
#include <span>
#include <string_view>

#include "sluice/detail/event_reader.hpp"
#include "sluice/events/common.hpp"

namespace sluice::events {

/// A record header: its name and its bytes (already decoded from the byte array).
struct kafka_header {
  std::string_view name;
  std::string_view value;
};

/// One Kafka record.
struct kafka_record {
  std::string_view topic;
  std::int64_t partition = 0;
  std::int64_t offset = 0;
  timestamp time{};  // "timestamp": epoch milliseconds
  std::string_view timestamp_type;  // CREATE_TIME or LOG_APPEND_TIME
  std::span<const kafka_header> headers;
  detail::raw_string key_base64;
  detail::raw_string value_base64;
  detail::arena* mem = nullptr;

  [[nodiscard]] decoded<std::string_view> key() const {
    return detail::event_json::base64_bytes(key_base64, *mem, "Kafka record 'key' is not base64");
  }
  [[nodiscard]] decoded<std::string_view> value() const {
    return detail::event_json::base64_bytes(value_base64, *mem, "Kafka record 'value' is not base64");
  }
  [[nodiscard]] const kafka_header* header(std::string_view name) const noexcept {
    return detail::find_named(headers, name);
  }
};

/**
 * A Kafka event. `records` lists every record of every `<topic>-<partition>` group, in order.
 *
 * **Example**: `for (const auto& r : event->records) consume(r.topic, r.offset, *r.value());`
 */
struct kafka_event {
  std::string_view event_source;  // "aws:kafka" or "SelfManagedKafka" ("aws:SelfManagedKafka")
  std::string_view event_source_arn;  // MSK only
  std::string_view bootstrap_servers;
  std::span<const kafka_record> records;

  [[nodiscard]] bool self_managed() const noexcept { return is_self_managed(event_source); }
  /// AWS's docs spell it "SelfManagedKafka"; Powertools' fixtures "aws:SelfManagedKafka".
  [[nodiscard]] static constexpr bool is_self_managed(std::string_view source) noexcept {
    return source == "SelfManagedKafka" || source == "aws:SelfManagedKafka";
  }

  static constexpr source_kind kind = source_kind::kafka;
  static constexpr std::string_view expected =
      "a Kafka event (eventSource \"aws:kafka\" or \"SelfManagedKafka\", with records)";

  [[nodiscard]] static parse_result<kafka_event> parse(simdjson::padded_string_view json, detail::arena& mem,
                                                       simdjson::ondemand::parser& parser =
                                                           detail::event_json::event_parser()) {
    namespace ej = detail::event_json;
    ej::reader r(mem, "Kafka event");
    kafka_event e;
    detail::arena_vector<std::string_view> keys(mem, 6);
    detail::arena_vector<kafka_record> list(mem, 16);
    bool has_records = false;
    r.defer_problems(true);
    const bool ok = ej::read_root(parser, json, r, [&](ej::od::field& f, ej::od::value& v) {
      if (keys.size() < 6) keys.push_back(detail::json::raw_key(f).text);
      if (ej::is(f, "eventSource")) return r.text(v, "eventSource", e.event_source);
      if (ej::is(f, "eventSourceArn")) return r.text(v, "eventSourceArn", e.event_source_arn);
      if (ej::is(f, "bootstrapServers")) return r.text(v, "bootstrapServers", e.bootstrap_servers);
      if (!ej::is(f, "records")) return true;
      has_records = true;
      return r.members(v, "records", [&](ej::od::field& group, ej::od::value& items) {
        std::string_view name;
        if (!r.key_text(group, name)) return false;
        return r.elements(items, name, [&](std::size_t, ej::od::value& item) {
          kafka_record rec;
          rec.mem = &mem;
          const bool read = read_record(r, item, rec);
          list.push_back(rec);
          return read;
        });
      });
    });
    const bool is_kafka = e.event_source == "aws:kafka" || is_self_managed(e.event_source);
    if (!ej::settle_source(r, ok, is_kafka, expected, keys)) return r.error();
    if (!has_records) {
      r.fail("records", "is missing: every Kafka event groups its records by topic-partition");
      return r.error();
    }
    e.records = {list.begin(), list.size()};
    return e;
  }

 private:
  static bool read_record(detail::event_json::reader& r, detail::event_json::od::value& v, kafka_record& rec) {
    namespace ej = detail::event_json;
    detail::arena_vector<kafka_header> headers(r.mem(), 4);
    bool has_partition = false;
    bool has_offset = false;
    const bool ok = r.members(v, {}, [&](ej::od::field& f, ej::od::value& x) {
      if (ej::is(f, "topic")) return r.text(x, "topic", rec.topic);
      if (ej::is(f, "partition")) {
        has_partition = true;
        return r.integer(x, "partition", rec.partition);
      }
      if (ej::is(f, "offset")) {
        has_offset = true;
        return r.integer(x, "offset", rec.offset);
      }
      if (ej::is(f, "timestamp")) return r.epoch_ms_number(x, "timestamp", rec.time);
      if (ej::is(f, "timestampType")) return r.text(x, "timestampType", rec.timestamp_type);
      if (ej::is(f, "key")) return r.lazy_text(x, "key", rec.key_base64);
      if (ej::is(f, "value")) return r.lazy_text(x, "value", rec.value_base64);
      if (!ej::is(f, "headers")) return true;
      // [{"name": [byte, ...]}, ...]: each byte -128..255 (Java's signed bytes, or unsigned)
      return r.elements(x, "headers", [&](std::size_t, ej::od::value& header) {
        return r.members(header, {}, [&](ej::od::field& h, ej::od::value& bytes) {
          kafka_header out;
          if (!r.key_text(h, out.name)) return false;
          detail::arena_string value(r.mem());
          const bool read = r.elements(bytes, out.name, [&](std::size_t, ej::od::value& b) {
            std::int64_t n = 0;
            if (!r.integer(b, {}, n)) return false;
            if (n < -128 || n > 255) return r.fail({}, "must be a byte (-128 to 255)");
            value.push_back(static_cast<char>(static_cast<unsigned char>(n & 0xFF)));
            return true;
          });
          out.value = value.view();
          headers.push_back(out);
          return read;
        });
      });
    });
    rec.headers = {headers.begin(), headers.size()};
    if (!ok) return false;
    // what identifies a record: without them, offset 0 of partition 0 would be made up
    if (rec.topic.empty()) return r.fail("topic", "is missing: every Kafka record names its topic");
    if (!has_partition) return r.fail("partition", "is missing: every Kafka record has one");
    if (!has_offset) return r.fail("offset", "is missing: every Kafka record has one");
    return true;
  }
};

}  // namespace sluice::events
