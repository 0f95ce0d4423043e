// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// The sluice-events app: one handler for every event source sluice reads. It is the acceptance
// harness of the event contract (issue 5; docs/events.md, "sluice-events"):
//
// - every source answers `{"source":"<name>","count":<records, or 1>,"ids":[<ids, in order>]}`;
// - the batch sources (SQS, Kinesis, DynamoDB Streams) instead fail each record whose body or
//   data holds the text `fail` and answer `{"batchItemFailures":[...]}` (after a tumbling
//   window's `"state"`, carried on as it came);
// - HTTP requests of every kind are one route, `ANY /{proxy+}` (and `ANY /`, which a greedy
//   parameter does not match), answering the summary as a JSON body.

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "sluice/events/appsync.hpp"
#include "sluice/events/cloudformation.hpp"
#include "sluice/events/cloudwatch_logs.hpp"
#include "sluice/events/codepipeline.hpp"
#include "sluice/events/cognito.hpp"
#include "sluice/events/config.hpp"
#include "sluice/events/dispatch.hpp"
#include "sluice/events/dynamodb.hpp"
#include "sluice/events/eventbridge.hpp"
#include "sluice/events/iot.hpp"
#include "sluice/events/kinesis.hpp"
#include "sluice/events/mq.hpp"
#include "sluice/events/s3.hpp"
#include "sluice/events/secretsmanager.hpp"
#include "sluice/events/ses.hpp"
#include "sluice/events/sns.hpp"
#include "sluice/events/sqs.hpp"
#include "sluice/sluice.hpp"

namespace events_app {

namespace ev = sluice::events;

/// The text a batch record must hold to be failed.
inline constexpr std::string_view failure_marker = "fail";

/**
 * Writes `{"source":..,"count":..,"ids":[..]}` into the invocation's arena. `ids(w)` writes
 * the identifiers as JSON values.
 */
template <class WriteIds>
std::string_view summary(std::string_view source, std::size_t count, WriteIds ids) {
  sluice::json_writer w;
  w.begin_object().field("source", source).field("count", static_cast<std::uint64_t>(count)).key("ids").begin_array();
  ids(w);
  w.end_array().end_object();
  return w.view();
}

/// The summary of a source whose records each have one identifier, `id_of(record)`.
template <class Record, class IdOf>
std::string_view summary_of_records(std::string_view source, std::span<const Record> records, IdOf id_of) {
  return summary(source, records.size(), [&](sluice::json_writer& w) {
    for (const Record& r : records) w.value(std::string_view(id_of(r)));
  });
}

/// The summary of a one-event source: count 1, and its identifier when it has one.
inline std::string_view summary_of_one(std::string_view source, std::string_view id) {
  return summary(source, 1, [&](sluice::json_writer& w) {
    if (!id.empty()) w.value(id);
  });
}

// ---- HTTP -------------------------------------------------------------------------------

/// The source's name in docs/events.md. Payload 1.0 from an HTTP API is `apigw-v1` too.
constexpr std::string_view http_source_name(sluice::http_source s) noexcept {
  switch (s) {
    case sluice::http_source::rest_api:
    case sluice::http_source::http_api_v1: return "apigw-v1";
    case sluice::http_source::http_api_v2: return "apigw-v2";
    case sluice::http_source::function_url: return "lambda-url";
    case sluice::http_source::alb: return "alb";
  }
  return "http";
}

/// One request: count 1, its request id (an ALB request has none: no ids).
inline sluice::response http_summary(const sluice::request& req) {
  return sluice::json(summary_of_one(http_source_name(req.source()), req.context().request_id));
}

// ---- batch sources --------------------------------------------------------------------------

inline bool holds_marker(std::string_view text) noexcept { return text.find(failure_marker) != std::string_view::npos; }

/// Fails a record whose decoded payload holds the marker, or whose payload cannot be decoded.
inline ev::record_result judge(const ev::decoded<std::string_view>& payload) {
  if (!payload) return ev::record_result::failure(payload.error());
  if (holds_marker(*payload)) return ev::record_result::failure("the record holds the text 'fail'");
  return ev::record_result::success();
}

/// Whether any name, string, number text or binary value of a DynamoDB value holds the marker.
inline bool holds_marker(const ev::attribute_value& v);

inline bool holds_marker(std::span<const ev::dynamodb_attribute> members) {
  for (const ev::dynamodb_attribute& a : members) {
    if (holds_marker(a.name) || holds_marker(a.value)) return true;
  }
  return false;
}

inline bool holds_marker(const ev::attribute_value& v) {
  if (const auto s = v.as_string()) return holds_marker(*s);
  if (v.type() == ev::attribute_type::b) {
    const auto bytes = v.as_binary();
    return bytes && holds_marker(*bytes);
  }
  for (const std::string_view element : v.set()) {
    if (holds_marker(element)) return true;  // BS elements are judged as sent (base64)
  }
  for (const ev::attribute_value& element : v.list()) {
    if (holds_marker(element)) return true;
  }
  return holds_marker(v.map());
}

/// A DynamoDB record's "data" is its images: Keys, NewImage and OldImage.
inline ev::record_result judge(const ev::dynamodb_record& r) {
  if (holds_marker(r.keys.attributes) || holds_marker(r.new_image.attributes) || holds_marker(r.old_image.attributes)) {
    return ev::record_result::failure("the record holds the text 'fail'");
  }
  return ev::record_result::success();
}

// ---- the app ----------------------------------------------------------------------------

/// `scheduler` for EventBridge Scheduler and for scheduled rules (`detail-type` "Scheduled Event",
/// from `aws.events`), `eventbridge` for every other EventBridge event.
inline std::string_view eventbridge_source_name(const ev::eventbridge_event& e) noexcept {
  return e.from_scheduler() || e.detail_type == "Scheduled Event" ? "scheduler" : "eventbridge";
}

inline std::string_view offset_text(std::int64_t offset) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, offset).ptr;
  return sluice::detail::current_arena().copy(std::string_view(digits, static_cast<std::size_t>(end - digits)));
}

inline auto app() {
  return sluice::with_events(
      sluice::app{
          sluice::route<"ANY /">(http_summary),
          sluice::route<"ANY /{proxy+}">(http_summary),
      },
      sluice::on<ev::websocket_event>(sluice::websocket_routes(
          sluice::websocket_route<"$connect">([](const ev::websocket_event& e) { return summary_of_one("websocket", e.request_id); }),
          sluice::websocket_route<"$disconnect">([](const ev::websocket_event& e) { return summary_of_one("websocket", e.request_id); }),
          sluice::websocket_route<"$default">([](const ev::websocket_event& e) { return summary_of_one("websocket", e.request_id); }))),
      sluice::on<ev::sqs_message>([](const ev::sqs_message& m) { return judge(m.body()); }),
      sluice::on<ev::kinesis_record>([](const ev::kinesis_record& r) { return judge(r.data()); }),
      sluice::on<ev::dynamodb_record>([](const ev::dynamodb_record& r) { return judge(r); }),
      sluice::on<ev::sns_event>([](const ev::sns_event& e) {
        return summary_of_records<ev::sns_record>("sns", e.records, [](const ev::sns_record& r) { return r.sns.message_id; });
      }),
      sluice::on<ev::s3_event>([](const ev::s3_event& e) {
        return summary_of_records<ev::s3_record>("s3", e.records, [](const ev::s3_record& r) { return r.request_id; });
      }),
      sluice::on<ev::eventbridge_event>([](const ev::eventbridge_event& e) { return summary_of_one(eventbridge_source_name(e), e.id); }),
      sluice::on<ev::cloudwatch_logs_event>([](const ev::cloudwatch_logs_event& e) {
        return summary_of_records<ev::cloudwatch_log_event>("cloudwatch-logs", e.log_events,
                                                            [](const ev::cloudwatch_log_event& l) { return l.id; });
      }),
      sluice::on<ev::firehose_event>([](const ev::firehose_event& e) {
        return summary_of_records<ev::firehose_record>("firehose", e.records, [](const ev::firehose_record& r) { return r.record_id; });
      }),
      sluice::on<ev::authorizer_request>([](const ev::authorizer_request& r) { return summary_of_one("authorizer", r.request_id); }),
      sluice::on<ev::s3_batch_event>([](const ev::s3_batch_event& e) {
        return summary_of_records<ev::s3_batch_task>("s3-batch", e.tasks, [](const ev::s3_batch_task& t) { return t.task_id; });
      }),
      sluice::on<ev::kafka_event>([](const ev::kafka_event& e) {
        return summary_of_records<ev::kafka_record>("kafka", e.records, [](const ev::kafka_record& r) { return offset_text(r.offset); });
      }),
      sluice::on<ev::cloudformation_request>([](const ev::cloudformation_request& r) { return summary_of_one("cloudformation", r.request_id); }),
      sluice::on<ev::ses_event>([](const ev::ses_event& e) {
        return summary_of_records<ev::ses_mail>("ses", e.records, [](const ev::ses_mail& m) { return m.message_id; });
      }),
      // Cognito triggers and AppSync resolver events carry no id of their own
      sluice::on<ev::cognito_event>([](const ev::cognito_event&) { return summary_of_one("cognito", {}); }),
      sluice::on<ev::appsync_resolver_event>([](const ev::appsync_resolver_event&) { return summary_of_one("appsync", {}); }),
      sluice::on<ev::appsync_authorizer_request>(
          [](const ev::appsync_authorizer_request& r) { return summary_of_one("appsync-authorizer", r.request_id); }),
      sluice::on<ev::secret_rotation_request>(
          [](const ev::secret_rotation_request& r) { return summary_of_one("secretsmanager", r.client_request_token); }),
      sluice::on<ev::activemq_event>([](const ev::activemq_event& e) {
        return summary_of_records<ev::activemq_message>("activemq", e.messages, [](const ev::activemq_message& m) { return m.message_id; });
      }),
      sluice::on<ev::rabbitmq_event>([](const ev::rabbitmq_event& e) {
        // AMQP's message-id is optional: the ids are those the messages have
        return summary("rabbitmq", e.messages.size(), [&](sluice::json_writer& w) {
          for (const ev::rabbitmq_message& m : e.messages) {
            if (!m.message_id.empty()) w.value(m.message_id);
          }
        });
      }),
      sluice::on<ev::codepipeline_job>([](const ev::codepipeline_job& j) { return summary_of_one("codepipeline", j.id); }),
      sluice::on<ev::config_rule_event>([](const ev::config_rule_event& e) { return summary_of_one("config", e.result_token); }),
      sluice::on<ev::iot_authorizer_request>(
          [](const ev::iot_authorizer_request& r) { return summary_of_one("iot-authorizer", r.connection_id); }),
      sluice::on<ev::iot_preprovision_request>(
          [](const ev::iot_preprovision_request& r) { return summary_of_one("iot-preprovision", r.certificate_id); }));
}

}  // namespace events_app
