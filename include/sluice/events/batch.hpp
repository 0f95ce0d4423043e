// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// Partial batch responses for SQS, Kinesis and DynamoDB Streams: a handler per record; every
// record that fails (throws, returns false or a `record_result::failure`) is reported in
// `{"batchItemFailures": [{"itemIdentifier": "..."}]}` with its source's identifier. An empty
// list, which tells Lambda the whole batch succeeded, is written only when every record did.

#include <cstddef>
#include <cstdio>
#include <span>
#include <string_view>
#include <type_traits>
#include <utility>

#if defined(__cpp_exceptions)
#include <exception>
#endif

#include "sluice/detail/arena.hpp"
#include "sluice/detail/json_text.hpp"
#include "sluice/events/dynamodb.hpp"
#include "sluice/events/kinesis.hpp"
#include "sluice/events/sqs.hpp"

namespace sluice::events {

/**
 * What a record handler returns to fail a record without throwing.
 *
 * **Example**: `return body.ok() ? record_result::success() : record_result::failure(body.error());`
 */
class [[nodiscard]] record_result {
 public:
  [[nodiscard]] static record_result success() noexcept { return record_result{}; }
  /// `reason` goes to the log (stderr) with the record's identifier.
  [[nodiscard]] static record_result failure(std::string_view reason) noexcept {
    record_result r;
    r.failed_ = true;
    r.reason_ = reason.empty() ? std::string_view("the handler failed the record") : reason;
    return r;
  }
  [[nodiscard]] bool failed() const noexcept { return failed_; }
  [[nodiscard]] std::string_view reason() const noexcept { return reason_; }

 private:
  bool failed_ = false;
  std::string_view reason_;
};

/// The identifier Lambda expects in `batchItemFailures` for each source's records.
[[nodiscard]] inline std::string_view item_identifier(const sqs_message& m) noexcept { return m.message_id; }
[[nodiscard]] inline std::string_view item_identifier(const kinesis_record& r) noexcept { return r.sequence_number; }
[[nodiscard]] inline std::string_view item_identifier(const dynamodb_record& r) noexcept { return r.sequence_number; }

/// The state a windowed invocation hands on when its handler set none: the state it got, or
/// `{}` when that is absent, null or not an object (Lambda's answer must hold an object).
[[nodiscard]] inline std::string_view window_state(const stream_window& w) noexcept {
  return w.state_json.starts_with('{') ? w.state_json : std::string_view("{}");
}

/**
 * The outcome of a batch: the identifiers to report, in record order, and counts. For SQS
 * FIFO queues, the records after the first failure are not processed (`skipped`) and are
 * reported too, so that the queue keeps each message group in order.
 */
struct batch_response {
  std::span<const std::string_view> failed_items;
  std::size_t succeeded = 0;
  std::size_t failed = 0;
  std::size_t skipped = 0;
  /// A tumbling window's state for the next invocation, a JSON object, written as `state` when
  /// not empty. Lambda counts a windowed invocation whose answer has no `state` as failed, so
  /// `process_batch` carries a windowed event's state forward as it came (`{}` when it came
  /// without one); a handler of the whole event that aggregates sets its own.
  std::string_view state_json;

  [[nodiscard]] bool all_succeeded() const noexcept { return failed_items.empty(); }

  /// `{"batchItemFailures":[{"itemIdentifier":"..."},...]}`, written into `mem`, after
  /// `"state":...` when there is a state.
  [[nodiscard]] std::string_view to_json(detail::arena& mem) const {
    detail::arena_string out(mem);
    out.push_back('{');
    if (!state_json.empty()) {
      out.append(R"("state":)");
      out.append(state_json);
      out.push_back(',');
    }
    out.append(R"("batchItemFailures":[)");
    for (std::size_t i = 0; i < failed_items.size(); ++i) {
      if (i != 0) out.push_back(',');
      out.append(R"({"itemIdentifier":")");
      detail::escape_json(failed_items[i], out);
      out.append(R"("})");
    }
    out.append("]}");
    return out.view();
  }
};

namespace detail_batch {
/// Calls the handler for one record; true when the record succeeded.
template <class Record, class F>
bool run_one(const Record& record, F& handler) {
  const auto log = [&](std::string_view why) {
    const std::string_view id = item_identifier(record);
    std::fprintf(stderr, "sluice: batch record %.*s failed: %.*s\n", static_cast<int>(id.size()), id.data(),
                 static_cast<int>(why.size()), why.data());
  };
  // DynamoDB images are checked when read: a record whose handler met a broken attribute
  // fails, even when the handler did not look at the attribute's error
  const auto succeeded = [&] {
    if constexpr (requires { record.image_error(); }) {
      if (!record.image_error().empty()) {
        log(record.image_error());
        return false;
      }
    }
    return true;
  };
#if defined(__cpp_exceptions)
  try {
#endif
    using result = std::invoke_result_t<F&, const Record&>;
    if constexpr (std::is_void_v<result>) {
      handler(record);
      return succeeded();
    } else if constexpr (std::is_same_v<result, bool>) {
      if (handler(record)) return succeeded();
      log("the handler returned false");
      return false;
    } else {
      static_assert(std::is_same_v<result, record_result>,
                    "sluice::events::process_batch: a record handler returns void, bool or record_result");
      const record_result r = handler(record);
      if (!r.failed()) return succeeded();
      log(r.reason());
      return false;
    }
#if defined(__cpp_exceptions)
  } catch (const std::exception& e) {
    log(e.what());
    return false;
  } catch (...) {
    log("an exception that is not a std::exception");
    return false;
  }
#endif
}

}  // namespace detail_batch

/**
 * Runs `handler(record)` for each record of an SQS, Kinesis or DynamoDB Streams event and
 * collects the failures. Return `response.to_json(arena)` from the function; the event source
 * mapping must have `FunctionResponseTypes: ["ReportBatchItemFailures"]`.
 *
 * **Example**:
 * ```
 * auto response = sluice::events::process_batch(*batch, arena, [](const sluice::events::sqs_message& m) {
 *   auto body = m.body();
 *   if (!body || body->empty()) return sluice::events::record_result::failure("empty body");
 *   enqueue(*body);
 *   return sluice::events::record_result::success();
 * });
 * ```
 */
template <class Event, class F>
[[nodiscard]] batch_response process_batch(const Event& event, detail::arena& mem, F&& handler) {
  using record_type = typename decltype(event.records)::element_type;
  bool stop_at_first_failure = false;
  if constexpr (std::is_same_v<std::remove_const_t<record_type>, sqs_message>) {
    stop_at_first_failure = !event.records.empty() && event.records.front().from_fifo_queue();
  }
  detail::arena_vector<std::string_view> failed(mem, 4);
  batch_response response;
  bool stopped = false;
  for (const auto& record : event.records) {
    if (stopped) {
      failed.push_back(item_identifier(record));
      ++response.skipped;
      continue;
    }
    if (detail_batch::run_one(record, handler)) {
      ++response.succeeded;
      continue;
    }
    failed.push_back(item_identifier(record));
    ++response.failed;
    stopped = stop_at_first_failure;
  }
  response.failed_items = {failed.begin(), failed.size()};
  if constexpr (requires { event.window; }) {
    if (event.window.present) response.state_json = window_state(event.window);
  }
  return response;
}

}  // namespace sluice::events
