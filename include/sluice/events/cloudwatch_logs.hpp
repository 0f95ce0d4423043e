// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// Amazon CloudWatch Logs subscriptions: `{"awslogs": {"data": base64(gzip(JSON))}}`. The data
// is inflated with zlib into the arena, under a size limit (a gzip bomb is an error value), and
// the log events become views into it. The one event header that needs a library: link zlib
// (`ZLIB::ZLIB`, or `sluice::compression`, which links it; `sluice.hpp` does not include this).

#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <span>
#include <string_view>

#include "sluice/detail/event_reader.hpp"
#include "sluice/events/common.hpp"

namespace sluice::events {

struct cloudwatch_logs_limits {
  /// The largest JSON document the data may inflate to. CloudWatch Logs sends at most about
  /// 1 MB compressed; more than this is refused as `too_large` before it is inflated further.
  std::size_t max_inflated_bytes = 16 * 1024 * 1024;
};

/// One log line.
struct cloudwatch_log_event {
  std::string_view id;
  timestamp time{};  // "timestamp": epoch milliseconds
  std::string_view message;
};

/**
 * A CloudWatch Logs subscription event, already inflated. `message_type` is
 * `DATA_MESSAGE`, or `CONTROL_MESSAGE` for the reachability checks CloudWatch sends (no log
 * events worth processing).
 *
 * **Example**:
 * ```
 * auto logs = sluice::events::cloudwatch_logs_event::parse(padded, arena);
 * for (const auto& line : logs->log_events) index(logs->log_group, line.time, line.message);
 * ```
 */
struct cloudwatch_logs_event {
  std::string_view message_type;
  std::string_view owner;
  std::string_view log_group;
  std::string_view log_stream;
  std::span<const std::string_view> subscription_filters;
  std::span<const cloudwatch_log_event> log_events;
  std::string_view policy_level;
  std::string_view inflated_json;  // the decoded data, in the arena

  [[nodiscard]] bool is_control_message() const noexcept { return message_type == "CONTROL_MESSAGE"; }

  static constexpr source_kind kind = source_kind::cloudwatch_logs;
  static constexpr std::string_view expected = "a CloudWatch Logs event (an object with awslogs.data)";

  [[nodiscard]] static parse_result<cloudwatch_logs_event> parse(simdjson::padded_string_view json,
                                                                 detail::arena& mem,
                                                                 simdjson::ondemand::parser& parser =
                                                                     detail::event_json::event_parser(),
                                                                 const cloudwatch_logs_limits& limits = {}) {
    namespace ej = detail::event_json;
    ej::reader r(mem, "CloudWatch Logs event");
    detail::raw_string data;
    bool has_data = false;
    detail::arena_vector<std::string_view> others(mem, 6);
    const bool ok = ej::read_root(parser, json, r, [&](ej::od::field& f, ej::od::value& v) {
      if (!ej::is(f, "awslogs")) {
        if (others.size() < 6) others.push_back(detail::json::raw_key(f).text);
        return true;
      }
      return r.members(v, "awslogs", [&](ej::od::field& g, ej::od::value& item) {
        if (!ej::is(g, "data")) return true;
        has_data = true;
        return r.lazy_text(item, "data", data);
      });
    });
    if (!ok) return r.error();
    if (!has_data) {
      ej::wrong_source(r, expected, ej::describe_keys(others, mem));
      return r.error();
    }
    const decoded<std::string_view> gz = ej::base64_bytes(data, mem, {});
    if (!gz) {
      r.fail("awslogs.data", "is not base64");
      return r.error();
    }
    cloudwatch_logs_event e;
    if (!inflate_into(*gz, mem, limits.max_inflated_bytes, r, e.inflated_json)) return r.error();
    event_error inner;
    if (!read_logs(parser, mem, e, inner)) return inner;
    return e;
  }

 private:
  /// gzip (or zlib) into the arena, at most `limit` bytes, padded for simdjson.
  static bool inflate_into(std::string_view compressed, detail::arena& mem, std::size_t limit,
                           detail::event_json::reader& r, std::string_view& out) {
    z_stream z{};
    if (inflateInit2(&z, 15 + 32) != Z_OK) return r.fail("awslogs.data", "cannot be inflated: zlib failed to start");
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
    z.avail_in = static_cast<uInt>(compressed.size());
    // start from a typical ratio and double; the arena keeps only the last block
    std::size_t capacity = compressed.size() * 8 + 1024;
    if (capacity > limit) capacity = limit;
    char* buffer = mem.allocate_chars(capacity + detail::json::padding);
    std::size_t size = 0;
    int status = Z_OK;
    while (true) {
      if (size == capacity) {
        if (capacity >= limit) {
          // one more byte would exceed the limit: a bomb, or a limit set too low
          unsigned char probe = 0;
          z.next_out = &probe;
          z.avail_out = 1;
          do {
            status = inflate(&z, Z_NO_FLUSH);
          } while (status == Z_OK && z.avail_out == 1 && z.avail_in != 0);
          if (status == Z_STREAM_END && z.avail_out == 1) break;
          inflateEnd(&z);
          if (z.avail_out == 0) {
            return r.fail("awslogs.data", "inflates past the limit (cloudwatch_logs_limits::max_inflated_bytes)",
                          event_problem::too_large);
          }
          return r.fail("awslogs.data", "is not valid gzip data");
        }
        const std::size_t grown = capacity * 2 > limit ? limit : capacity * 2;
        char* fresh = mem.allocate_chars(grown + detail::json::padding);
        std::memcpy(fresh, buffer, size);
        buffer = fresh;
        capacity = grown;
      }
      const std::size_t room = capacity - size;
      z.next_out = reinterpret_cast<Bytef*>(buffer + size);
      z.avail_out = static_cast<uInt>(room > std::numeric_limits<uInt>::max() ? std::numeric_limits<uInt>::max() : room);
      const uInt before = z.avail_out;
      status = inflate(&z, Z_NO_FLUSH);
      size += before - z.avail_out;
      if (status == Z_STREAM_END) break;
      if (status == Z_OK) continue;
      if (status == Z_BUF_ERROR && z.avail_in != 0) continue;  // output full: grow
      inflateEnd(&z);
      return r.fail("awslogs.data",
                    status == Z_BUF_ERROR ? "is truncated gzip data" : "is not valid gzip data");
    }
    const bool trailing = z.avail_in != 0;
    inflateEnd(&z);
    if (trailing) return r.fail("awslogs.data", "has bytes after its gzip stream");
    std::memset(buffer + size, 0, detail::json::padding);
    out = std::string_view(buffer, size);
    return true;
  }

  /// Reads the inflated document; its problems are the event's (`invalid_event`), named
  /// under `awslogs.data`.
  static bool read_logs(simdjson::ondemand::parser& parser, detail::arena& mem, cloudwatch_logs_event& e,
                        event_error& error) {
    namespace ej = detail::event_json;
    ej::reader r(mem, "CloudWatch Logs event: awslogs.data");
    detail::arena_vector<std::string_view> filters(mem, 2);
    detail::arena_vector<cloudwatch_log_event> lines(mem, 16);
    const auto padded = detail::json::padded_view(e.inflated_json.data(), e.inflated_json.size(),
                                                  e.inflated_json.size() + detail::json::padding);
    const bool ok = ej::read_root(parser, padded, r, [&](ej::od::field& f, ej::od::value& v) {
      if (ej::is(f, "messageType")) return r.text(v, "messageType", e.message_type);
      if (ej::is(f, "owner")) return r.text(v, "owner", e.owner);
      if (ej::is(f, "logGroup")) return r.text(v, "logGroup", e.log_group);
      if (ej::is(f, "logStream")) return r.text(v, "logStream", e.log_stream);
      if (ej::is(f, "policyLevel")) return r.text(v, "policyLevel", e.policy_level);
      if (ej::is(f, "subscriptionFilters")) return r.strings(v, "subscriptionFilters", filters);
      if (ej::is(f, "logEvents")) {
        return r.elements(v, "logEvents", [&](std::size_t, ej::od::value& item) {
          cloudwatch_log_event line;
          const bool read = r.members(item, {}, [&](ej::od::field& g, ej::od::value& x) {
            if (ej::is(g, "id")) return r.text(x, "id", line.id);
            if (ej::is(g, "timestamp")) return r.epoch_ms_number(x, "timestamp", line.time);
            if (ej::is(g, "message")) return r.text(x, "message", line.message);
            return true;
          });
          if (read) lines.push_back(line);
          return read;
        });
      }
      return true;
    });
    if (ok && e.message_type.empty()) r.fail("messageType", "is missing");
    e.subscription_filters = {filters.begin(), filters.size()};
    e.log_events = {lines.begin(), lines.size()};
    if (!r.failed()) return true;
    error = {event_problem::invalid_event, r.error().message};  // the envelope was right; its data is not
    return false;
  }
};

}  // namespace sluice::events
