// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// Amazon Data Firehose (Kinesis Data Firehose) transformations: the event's records (base64
// data, decoded on first use) and the response Firehose requires, with every record's id and
// a result of exactly `Ok`, `Dropped` or `ProcessingFailed`.

#include <cstdint>
#include <cstdio>
#include <span>
#include <string_view>
#include <type_traits>

#if defined(__cpp_exceptions)
#include <exception>
#endif

#include "sluice/detail/base64.hpp"
#include "sluice/detail/event_reader.hpp"
#include "sluice/detail/json_text.hpp"
#include "sluice/events/common.hpp"

namespace sluice::events {

/// One record to transform. With a Kinesis stream as the source, `kinesis_*` are its metadata.
struct firehose_record {
  std::string_view record_id;
  timestamp approximate_arrival{};  // approximateArrivalTimestamp: epoch milliseconds (or ISO-8601)
  std::string_view kinesis_shard_id;
  std::string_view kinesis_partition_key;
  std::string_view kinesis_sequence_number;
  detail::raw_string data_base64;
  detail::arena* mem = nullptr;

  /// The record's bytes, base64 decoded into the arena.
  [[nodiscard]] decoded<std::string_view> data() const {
    return detail::event_json::base64_bytes(data_base64, *mem, "Firehose record 'data' is not base64");
  }
};

/**
 * A Firehose transformation event.
 *
 * **Example**: `auto event = sluice::events::firehose_event::parse(padded, arena);`
 */
struct firehose_event {
  std::string_view invocation_id;
  std::string_view delivery_stream_arn;
  std::string_view source_kinesis_stream_arn;
  std::string_view region;
  std::span<const firehose_record> records;

  static constexpr source_kind kind = source_kind::firehose;
  static constexpr std::string_view expected = "a Firehose event (an object with invocationId and records)";

  [[nodiscard]] static parse_result<firehose_event> parse(simdjson::padded_string_view json, detail::arena& mem,
                                                          simdjson::ondemand::parser& parser =
                                                              detail::event_json::event_parser()) {
    namespace ej = detail::event_json;
    ej::reader r(mem, "Firehose event");
    firehose_event e;
    bool has_records = false;
    bool analytics = false;  // Kinesis Data Analytics sends invocationId and records too
    detail::arena_vector<firehose_record> list(mem, 16);
    detail::arena_vector<std::string_view> keys(mem, 6);
    r.defer_problems(true);  // until invocationId and records say this is Firehose's
    const bool ok = ej::read_root(parser, json, r, [&](ej::od::field& f, ej::od::value& v) {
      if (keys.size() < 6) keys.push_back(detail::json::raw_key(f).text);
      if (ej::is(f, "invocationId")) return r.text(v, "invocationId", e.invocation_id);
      if (ej::is(f, "deliveryStreamArn")) return r.text(v, "deliveryStreamArn", e.delivery_stream_arn);
      if (ej::is(f, "sourceKinesisStreamArn")) return r.text(v, "sourceKinesisStreamArn", e.source_kinesis_stream_arn);
      if (ej::is(f, "region")) return r.text(v, "region", e.region);
      if (ej::is(f, "applicationArn")) {
        analytics = true;
        return true;
      }
      if (!ej::is(f, "records")) return true;
      has_records = true;
      return r.elements(v, "records", [&](std::size_t, ej::od::value& item) {
        firehose_record rec;
        rec.mem = &mem;
        const bool read = r.members(item, {}, [&](ej::od::field& g, ej::od::value& x) {
          if (ej::is(g, "recordId")) return r.text(x, "recordId", rec.record_id);
          if (ej::is(g, "data")) return r.lazy_text(x, "data", rec.data_base64);
          if (ej::is(g, "approximateArrivalTimestamp")) {
            return r.epoch_ms_or_iso(x, "approximateArrivalTimestamp", rec.approximate_arrival);
          }
          if (!ej::is(g, "kinesisRecordMetadata")) return true;
          return r.members(x, "kinesisRecordMetadata", [&](ej::od::field& k, ej::od::value& y) {
            if (ej::is(k, "shardId")) return r.text(y, "shardId", rec.kinesis_shard_id);
            if (ej::is(k, "partitionKey")) return r.text(y, "partitionKey", rec.kinesis_partition_key);
            if (ej::is(k, "sequenceNumber")) return r.text(y, "sequenceNumber", rec.kinesis_sequence_number);
            return true;
          });
        });
        if (read && rec.record_id.empty()) r.fail("recordId", "is missing: Firehose needs every record's id back");
        list.push_back(rec);
        return read;
      });
    });
    r.defer_problems(false);
    if (!ok && r.failed()) return r.error();
    if (!ok || !has_records || analytics || e.invocation_id.empty()) {
      r.drop_deferred();
      ej::wrong_source(r, expected, ej::describe_keys(keys, mem));
      return r.error();
    }
    if (r.has_deferred()) {
      r.raise_deferred();
      return r.error();
    }
    e.records = {list.begin(), list.size()};
    return e;
  }
};

/// What a transformation did with one record.
enum class firehose_status : std::uint8_t { ok, dropped, processing_failed };

/**
 * One record's transformation: its status and, for `ok`, the new bytes (base64-encoded in the
 * response). A failed record keeps its original data, so that Firehose can deliver it to the
 * error output.
 */
struct firehose_result {
  firehose_status status = firehose_status::ok;
  std::string_view data;

  [[nodiscard]] static firehose_result ok(std::string_view transformed) noexcept { return {firehose_status::ok, transformed}; }
  [[nodiscard]] static firehose_result dropped() noexcept { return {firehose_status::dropped, {}}; }
  [[nodiscard]] static firehose_result failed() noexcept { return {firehose_status::processing_failed, {}}; }
};

/// The response: every record of the event, in order. Made by `transform`.
struct firehose_response {
  struct entry {
    std::string_view record_id;
    firehose_status status;
    std::string_view data;  // bytes, encoded when written
    bool data_is_base64 = false;  // the event's own data, already base64
  };
  std::span<const entry> records;

  /// `{"records":[{"recordId":"...","result":"Ok","data":"<base64>"},...]}`, written into `mem`.
  [[nodiscard]] std::string_view to_json(detail::arena& mem) const {
    detail::arena_string out(mem);
    out.append(R"({"records":[)");
    for (std::size_t i = 0; i < records.size(); ++i) {
      const entry& e = records[i];
      if (i != 0) out.push_back(',');
      out.append(R"({"recordId":")");
      detail::escape_json(e.record_id, out);
      out.append(R"(","result":")");
      out.append(e.status == firehose_status::ok ? "Ok" : e.status == firehose_status::dropped ? "Dropped" : "ProcessingFailed");
      out.append(R"(","data":")");
      if (e.data_is_base64) {
        out.append(e.data);
      } else {
        char* p = out.extend(detail::base64_encoded_size(e.data.size()));
        detail::base64_encode(e.data, p);
      }
      out.append(R"("})");
    }
    out.append("]}");
    return out.view();
  }
};

/**
 * Runs `f(record)` for every record and builds the response. `f` returns a `firehose_result`;
 * an exception, or data that cannot be decoded, makes the record `ProcessingFailed` with its
 * original data.
 *
 * **Example**:
 * ```
 * auto answer = sluice::events::transform(*event, arena, [&](const sluice::events::firehose_record& r) {
 *   auto bytes = r.data();
 *   if (!bytes) return sluice::events::firehose_result::failed();
 *   return sluice::events::firehose_result::ok(to_upper(*bytes, arena));
 * });
 * return answer.to_json(arena);
 * ```
 */
template <class F>
[[nodiscard]] firehose_response transform(const firehose_event& event, detail::arena& mem, F&& f) {
  static_assert(std::is_same_v<std::invoke_result_t<F&, const firehose_record&>, firehose_result>,
                "sluice::events::transform: the function returns a firehose_result");
  using entry = firehose_response::entry;
  entry* out = mem.allocate_array<entry>(event.records.size());
  std::size_t n = 0;
  for (const firehose_record& r : event.records) {
    firehose_result result = firehose_result::failed();
#if defined(__cpp_exceptions)
    try {
      result = f(r);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "sluice: Firehose record %.*s failed: %s\n", static_cast<int>(r.record_id.size()),
                   r.record_id.data(), e.what());
    } catch (...) {
      std::fprintf(stderr, "sluice: Firehose record %.*s failed\n", static_cast<int>(r.record_id.size()), r.record_id.data());
    }
#else
    result = f(r);
#endif
    if (result.status == firehose_status::ok) {
      out[n++] = {r.record_id, firehose_status::ok, result.data, false};
    } else {
      out[n++] = {r.record_id, result.status, r.data_base64.text, !r.data_base64.escaped};
      // an escaped base64 text (AWS writes "\/" for '/') is written decoded and re-encoded
      if (r.data_base64.escaped) {
        const decoded<std::string_view> bytes = r.data();
        out[n - 1].data = bytes ? *bytes : std::string_view{};
      }
    }
  }
  return firehose_response{{out, n}};
}

}  // namespace sluice::events
