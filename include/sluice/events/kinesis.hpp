// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// Amazon Kinesis Data Streams (`{"Records": [{"eventSource": "aws:kinesis", "kinesis": {...}}]}`).
// Each record's data is base64, decoded into the arena on first use.

#include <span>
#include <string_view>

#include "sluice/detail/event_reader.hpp"
#include "sluice/events/common.hpp"

namespace sluice::events {

/**
 * One Kinesis record. `sequence_number` is its identifier in `batchItemFailures`.
 *
 * **Example**: `auto bytes = record.data(); if (bytes) consume(*bytes);`
 */
struct kinesis_record {
  std::string_view partition_key;
  std::string_view sequence_number;
  std::string_view kinesis_schema_version;
  std::string_view encryption_type;
  timestamp approximate_arrival{};  // approximateArrivalTimestamp: float epoch seconds
  std::string_view event_id;        // "shardId-000000000000:4956..."
  std::string_view event_name;
  std::string_view event_version;
  std::string_view event_source_arn;
  std::string_view invoke_identity_arn;
  std::string_view aws_region;
  detail::raw_string data_base64;
  detail::arena* mem = nullptr;

  /// The record's bytes, base64 decoded into the arena.
  [[nodiscard]] decoded<std::string_view> data() const {
    return detail::event_json::base64_bytes(data_base64, *mem, "Kinesis record 'data' is not base64");
  }
};

/**
 * A Kinesis event: a batch of records of one shard, and the tumbling window if any.
 *
 * **Example**: `auto event = sluice::events::kinesis_event::parse(padded, arena);`
 */
struct kinesis_event {
  std::span<const kinesis_record> records;
  stream_window window;

  static constexpr source_kind kind = source_kind::kinesis;
  static constexpr std::string_view expected = "a Kinesis event (Records[].eventSource \"aws:kinesis\")";

  [[nodiscard]] static parse_result<kinesis_event> parse(simdjson::padded_string_view json, detail::arena& mem,
                                                         simdjson::ondemand::parser& parser =
                                                             detail::event_json::event_parser()) {
    namespace ej = detail::event_json;
    ej::reader r(mem, "Kinesis event");
    kinesis_event event;
    detail::arena_vector<kinesis_record> list(mem, 16);
    const auto record = [&](std::size_t, ej::od::value& v) {
      kinesis_record rec;
      rec.mem = &mem;
      std::string_view source;
      const bool read = ej::read_record(r, v, expected, "aws:kinesis", source, [&](ej::od::field& f, ej::od::value& value) {
        if (ej::is(f, "eventSource")) return r.text(value, "eventSource", source);
        if (ej::is(f, "eventID")) return r.text(value, "eventID", rec.event_id);
        if (ej::is(f, "eventName")) return r.text(value, "eventName", rec.event_name);
        if (ej::is(f, "eventVersion")) return r.text(value, "eventVersion", rec.event_version);
        if (ej::is(f, "eventSourceARN")) return r.text(value, "eventSourceARN", rec.event_source_arn);
        if (ej::is(f, "invokeIdentityArn")) return r.text(value, "invokeIdentityArn", rec.invoke_identity_arn);
        if (ej::is(f, "awsRegion")) return r.text(value, "awsRegion", rec.aws_region);
        if (ej::is(f, "kinesis")) {
          return r.members(value, "kinesis", [&](ej::od::field& g, ej::od::value& item) {
            if (ej::is(g, "partitionKey")) return r.text(item, "partitionKey", rec.partition_key);
            if (ej::is(g, "sequenceNumber")) return r.text(item, "sequenceNumber", rec.sequence_number);
            if (ej::is(g, "data")) return r.lazy_text(item, "data", rec.data_base64);
            if (ej::is(g, "kinesisSchemaVersion")) return r.text(item, "kinesisSchemaVersion", rec.kinesis_schema_version);
            if (ej::is(g, "encryptionType")) return r.text(item, "encryptionType", rec.encryption_type);
            if (ej::is(g, "approximateArrivalTimestamp")) {
              return r.epoch_seconds_number(item, "approximateArrivalTimestamp", rec.approximate_arrival);
            }
            return true;
          });
        }
        return true;
      });
      if (!read) return false;
      if (rec.sequence_number.empty()) return r.fail("kinesis.sequenceNumber", "is missing: every Kinesis record has one");
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
