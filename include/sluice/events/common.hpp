// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// What every non-HTTP event view shares: the outcome of parsing one (`parse_result`), values
// decoded on first use (`decoded`), timestamps, and the memory rules. No JSON parser here.

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <utility>

namespace sluice::events {

/**
 * A point in time from an event, whatever the source's own encoding (ISO-8601 text, epoch
 * milliseconds as a number or a string, float epoch seconds): UTC, millisecond precision.
 */
using timestamp = std::chrono::sys_time<std::chrono::milliseconds>;

/// A name and its text, as an event lists them (SQS attributes, SNS message attributes).
struct named_text {
  std::string_view name;
  std::string_view value;
};

/// The sources an event can come from, as detection tells them apart (see dispatch.hpp).
enum class source_kind : std::uint8_t {
  unknown,
  http,  // API Gateway REST and HTTP APIs, Function URLs, ALB (events/http.hpp decides which)
  sqs,
  sns,
  s3,
  dynamodb,
  kinesis,
  eventbridge,
  cloudwatch_logs,
  firehose,
  authorizer,
  websocket,
  s3_batch,
  kafka,
  cloudformation,
  ses,
  cognito,
  appsync,
  appsync_authorizer,
  secretsmanager,
  activemq,
  rabbitmq,
  codepipeline,
  config,
  iot_authorizer,
  iot_preprovision,
};

/// The source's name in messages and in docs/events.md.
[[nodiscard]] constexpr std::string_view source_name(source_kind k) noexcept {
  switch (k) {
    case source_kind::unknown: return "an unknown source";
    case source_kind::http: return "HTTP requests (API Gateway REST and HTTP APIs, Function URLs, ALB)";
    case source_kind::sqs: return "SQS events";
    case source_kind::sns: return "SNS events";
    case source_kind::s3: return "S3 events";
    case source_kind::dynamodb: return "DynamoDB Streams events";
    case source_kind::kinesis: return "Kinesis events";
    case source_kind::eventbridge: return "EventBridge events";
    case source_kind::cloudwatch_logs: return "CloudWatch Logs events";
    case source_kind::firehose: return "Firehose transformation events";
    case source_kind::authorizer: return "API Gateway Lambda authorizer requests";
    case source_kind::websocket: return "API Gateway WebSocket events";
    case source_kind::s3_batch: return "S3 Batch Operations events";
    case source_kind::kafka: return "Kafka events";
    case source_kind::cloudformation: return "CloudFormation custom resource requests";
    case source_kind::ses: return "SES email receiving events";
    case source_kind::cognito: return "Cognito user pool triggers";
    case source_kind::appsync: return "AppSync resolver invocations";
    case source_kind::appsync_authorizer: return "AppSync Lambda authorizer requests";
    case source_kind::secretsmanager: return "Secrets Manager rotation requests";
    case source_kind::activemq: return "Amazon MQ for ActiveMQ events";
    case source_kind::rabbitmq: return "Amazon MQ for RabbitMQ events";
    case source_kind::codepipeline: return "CodePipeline job events";
    case source_kind::config: return "AWS Config rule events";
    case source_kind::iot_authorizer: return "IoT Core custom authorizer requests";
    case source_kind::iot_preprovision: return "IoT pre-provisioning hook requests";
  }
  return "an unknown source";
}

/**
 * The tumbling window of a Kinesis or DynamoDB Streams event (`present` only when the event
 * source mapping sets `TumblingWindowInSeconds`). `state_json` is the state the previous
 * invocation returned, as JSON text (`{}` or an object of strings).
 */
struct stream_window {
  bool present = false;
  timestamp start{};
  timestamp end{};
  std::string_view state_json;
  std::string_view shard_id;
  std::string_view event_source_arn;
  bool final_invoke = false;      // isFinalInvokeForWindow
  bool terminated_early = false;  // isWindowTerminatedEarly
};

/// Why an event could not be parsed as the source asked for.
enum class event_problem : std::uint8_t {
  none,
  not_json,       // the payload is not JSON
  other_source,   // valid JSON of another source (or of none): try another parser
  invalid_event,  // this source's shape with a missing, mistyped or malformed field
  too_large,      // a compressed payload that inflates past its limit
};

/// What went wrong, for a log line or an error response: the message names the field
/// (`Records[2].messageId must be a string`) and lives in the invocation's arena.
struct event_error {
  event_problem problem = event_problem::none;
  std::string_view message;
};

/**
 * The event, or why the payload is not one. Views inside the event point into the input
 * buffer or the arena given to `parse`; they live until that arena is reset.
 *
 * **Example**:
 * ```
 * auto batch = sluice::events::sqs_event::parse(padded, arena);
 * if (!batch) return log(batch.error().message);
 * for (const auto& m : batch->records) ...
 * ```
 */
template <class Event>
class [[nodiscard]] parse_result {
 public:
  parse_result(Event e) : event_(std::move(e)) {}  // NOLINT(google-explicit-constructor)
  parse_result(event_error e) : error_(e) {}       // NOLINT(google-explicit-constructor)

  [[nodiscard]] bool ok() const noexcept { return error_.problem == event_problem::none; }
  explicit operator bool() const noexcept { return ok(); }
  [[nodiscard]] const Event& operator*() const& noexcept { return event_; }
  [[nodiscard]] Event& operator*() & noexcept { return event_; }
  [[nodiscard]] const Event* operator->() const noexcept { return &event_; }
  [[nodiscard]] Event* operator->() noexcept { return &event_; }
  [[nodiscard]] const event_error& error() const noexcept { return error_; }

 private:
  Event event_{};
  event_error error_{};
};

/**
 * A value decoded from the event on first use (JSON escapes, base64, gzip, a number's text),
 * or the reason it cannot be. Decoding happens when the accessor is called, into the arena.
 *
 * **Example**: `auto data = record.data(); if (!data) return fail(data.error()); use(*data);`
 */
template <class T>
class [[nodiscard]] decoded {
 public:
  decoded(T value) : value_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  /// A failure; `why` says what is wrong with the event's value and names it.
  [[nodiscard]] static decoded failure(std::string_view why) {
    decoded d{T{}};
    d.error_ = why.empty() ? std::string_view("the value cannot be decoded") : why;
    return d;
  }

  [[nodiscard]] bool ok() const noexcept { return error_.empty(); }
  explicit operator bool() const noexcept { return ok(); }
  [[nodiscard]] const T& operator*() const noexcept { return value_; }
  [[nodiscard]] const T* operator->() const noexcept { return &value_; }
  [[nodiscard]] std::string_view error() const noexcept { return error_; }
  [[nodiscard]] T value_or(T fallback) const { return ok() ? value_ : std::move(fallback); }

 private:
  T value_;
  std::string_view error_;
};

}  // namespace sluice::events

namespace sluice::detail {

/// The first of `list` whose `name` is `name` (compared exactly, case and all), or nullptr: the
/// lookup behind each event's attribute, header and property accessors.
template <class Named>
[[nodiscard]] constexpr const Named* find_named(std::span<const Named> list, std::string_view name) noexcept {
  for (const Named& item : list) {
    if (item.name == name) return &item;
  }
  return nullptr;
}

}  // namespace sluice::detail
