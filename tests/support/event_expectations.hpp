// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// What sluice-events (examples/events) must answer for an event, read from the event with
// simdjson's DOM API, independently of sluice's views: the summary of a non-batch source, the
// `batchItemFailures` (and a tumbling window's `state`) of a batch source. Shared by tests/events/events_app_test.cpp and the
// `events` fuzz target.

#include <simdjson.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "support/event_corpus.hpp"

namespace test_expect {

namespace dom = simdjson::dom;

/// The summary an answer holds: `{"source","count","ids"}`, exactly these keys.
struct summary {
  std::string source;
  std::uint64_t count = 0;
  std::vector<std::string> ids;
  bool operator==(const summary&) const = default;
};

inline std::optional<summary> read_summary(std::string_view json) {
  dom::parser parser;
  dom::object o;
  if (parser.parse(json).get_object().get(o) != simdjson::SUCCESS) return std::nullopt;
  if (o.size() != 3) return std::nullopt;
  summary s;
  std::string_view source;
  dom::array ids;
  if (o["source"].get_string().get(source) != simdjson::SUCCESS || o["count"].get_uint64().get(s.count) != simdjson::SUCCESS ||
      o["ids"].get_array().get(ids) != simdjson::SUCCESS) {
    return std::nullopt;
  }
  s.source = source;
  for (dom::element id : ids) {
    std::string_view text;
    if (id.get_string().get(text) != simdjson::SUCCESS) return std::nullopt;
    s.ids.emplace_back(text);
  }
  return s;
}

/// The identifiers of `{"batchItemFailures":[{"itemIdentifier":..}]}` (after a tumbling
/// window's `"state":{...}` or not), or nullopt for another shape.
inline std::optional<std::vector<std::string>> read_failures(std::string_view json) {
  dom::parser parser;
  dom::object o;
  dom::array items;
  if (parser.parse(json).get_object().get(o) != simdjson::SUCCESS ||
      o["batchItemFailures"].get_array().get(items) != simdjson::SUCCESS) {
    return std::nullopt;
  }
  dom::object state;
  if (o.size() != 1 && (o.size() != 2 || o["state"].get_object().get(state) != simdjson::SUCCESS)) return std::nullopt;
  std::vector<std::string> out;
  for (dom::element item : items) {
    std::string_view id;
    if (item["itemIdentifier"].get_string().get(id) != simdjson::SUCCESS) return std::nullopt;
    out.emplace_back(id);
  }
  return out;
}

/// The summary inside an HTTP answer (`statusCode` 200 and the summary as its body).
inline std::optional<summary> summary_in_http(std::string_view json) {
  dom::parser parser;
  dom::element root;
  std::int64_t status = 0;
  std::string_view body;
  if (parser.parse(json).get(root) != simdjson::SUCCESS || root["statusCode"].get_int64().get(status) != simdjson::SUCCESS ||
      status != 200 || root["body"].get_string().get(body) != simdjson::SUCCESS) {
    return std::nullopt;
  }
  return read_summary(body);
}

// ---- what the samples say, read with the DOM API -----------------------------------------------

inline std::string text_at(dom::element e, std::string_view pointer) {
  std::string_view s;
  if (e.at_pointer(pointer).get_string().get(s) != simdjson::SUCCESS) return {};
  return std::string(s);
}

/// `pointer` in each element of the array at `array_pointer`, in order.
inline std::vector<std::string> texts_in(dom::element root, std::string_view array_pointer, std::string_view pointer) {
  std::vector<std::string> out;
  dom::array items;
  if (root.at_pointer(array_pointer).get_array().get(items) != simdjson::SUCCESS) return out;
  for (dom::element item : items) out.push_back(text_at(item, pointer));
  return out;
}

inline bool holds_fail(std::string_view s) { return s.find("fail") != std::string_view::npos; }

/// Whether any key or string of a DynamoDB image holds `fail` (a `B` value decoded first).
inline bool image_holds_fail(dom::element e) {
  if (e.is_string()) return holds_fail(std::string_view(e.get_string()));
  if (e.is_array()) {
    for (dom::element x : dom::array(e)) {
      if (image_holds_fail(x)) return true;
    }
    return false;
  }
  if (!e.is_object()) return false;
  for (const dom::key_value_pair kv : dom::object(e)) {
    if (holds_fail(kv.key)) return true;
    if (kv.key == "B" && kv.value.is_string()) {
      const auto bytes = test_corpus::base64_decoded(std::string_view(kv.value.get_string()));
      if (bytes && holds_fail(*bytes)) return true;
      continue;
    }
    if (image_holds_fail(kv.value)) return true;
  }
  return false;
}

/// A tumbling window's `state` in a batch answer, minified; nullopt when there is none.
inline std::optional<std::string> read_state(std::string_view json) {
  dom::parser parser;
  dom::element state;
  if (parser.parse(json).at_pointer("/state").get(state) != simdjson::SUCCESS) return std::nullopt;
  return simdjson::minify(state);
}

/// The `state` a batch event must be answered with: for an event of a tumbling window (a
/// top-level `window`), the state it came with when that is an object, else `{}` (Lambda
/// counts an answer without `state` as failed); nullopt without a window.
inline std::optional<std::string> expected_state(dom::element root) {
  dom::object o;
  dom::element window;
  if (root.get_object().get(o) != simdjson::SUCCESS || o["window"].get(window) != simdjson::SUCCESS) return std::nullopt;
  dom::element state;
  if (o["state"].get(state) != simdjson::SUCCESS || !state.is_object()) return std::string("{}");
  return simdjson::minify(state);
}

/// Which batch source an event is: its first record's `eventSource`, or, for a batch without
/// records (a tumbling window's last invocation), the service its `eventSourceARN` names.
inline std::string batch_type(dom::element root) {
  const std::string source = text_at(root, "/Records/0/eventSource");
  if (source == "aws:sqs") return "sqs";
  if (source == "aws:kinesis") return "kinesis";
  if (source == "aws:dynamodb") return "dynamodb-stream";
  dom::array records;
  if (root["Records"].get_array().get(records) != simdjson::SUCCESS || records.size() != 0) return {};
  const std::string arn = text_at(root, "/eventSourceARN");  // arn:PARTITION:SERVICE:...
  std::vector<std::string> parts;
  std::size_t from = 0;
  for (std::size_t colon; parts.size() < 3 && (colon = arn.find(':', from)) != std::string::npos; from = colon + 1) {
    parts.push_back(arn.substr(from, colon - from));
  }
  if (parts.size() == 3 && parts[0] == "arn" && parts[2] == "kinesis") return "kinesis";
  if (parts.size() == 3 && parts[0] == "arn" && parts[2] == "dynamodb") return "dynamodb-stream";
  return {};
}

/// The `batchItemFailures` a sample of a batch source must get.
inline std::vector<std::string> expected_failures(std::string_view type, dom::element root) {
  std::vector<std::string> out;
  dom::array records;
  if (root["Records"].get_array().get(records) != simdjson::SUCCESS) return out;
  bool fifo_failed = false;
  for (dom::element r : records) {
    if (type == "sqs") {
      const bool fifo = text_at(r, "/eventSourceARN").ends_with(".fifo");
      if (fifo_failed || holds_fail(text_at(r, "/body"))) {
        out.push_back(text_at(r, "/messageId"));
        fifo_failed = fifo;
      }
    } else if (type == "kinesis") {
      const auto data = test_corpus::base64_decoded(text_at(r, "/kinesis/data"));
      if (!data || holds_fail(*data)) out.push_back(text_at(r, "/kinesis/sequenceNumber"));
    } else {  // dynamodb-stream
      bool fail = false;
      for (const char* image : {"/dynamodb/Keys", "/dynamodb/NewImage", "/dynamodb/OldImage"}) {
        dom::element e;
        if (r.at_pointer(image).get(e) == simdjson::SUCCESS) fail = fail || image_holds_fail(e);
      }
      if (fail) out.push_back(text_at(r, "/dynamodb/SequenceNumber"));
    }
  }
  return out;
}

/// The summary a sample of a non-batch source must get; nullopt for a type the app does not take.
inline std::optional<summary> expected_summary(std::string_view type, dom::element root) {
  const auto one = [](std::string source, std::string id) {
    summary s{std::move(source), 1, {}};
    if (!id.empty()) s.ids.push_back(std::move(id));
    return s;
  };
  const auto many = [](std::string source, std::vector<std::string> ids) {
    summary s{std::move(source), ids.size(), std::move(ids)};
    return s;
  };
  if (type == "alb") return one("alb", {});  // an ALB event carries no request id
  if (type == "apigw-v1" || type == "apigw-v2" || type == "lambda-url") {
    return one(std::string(type), text_at(root, "/requestContext/requestId"));
  }
  if (type == "apigw-websocket") return one("websocket", text_at(root, "/requestContext/requestId"));
  if (type == "apigw-authorizer-token" || type == "apigw-authorizer-request" || type == "apigw-v2-authorizer") {
    return one("authorizer", text_at(root, "/requestContext/requestId"));
  }
  if (type == "sns") return many("sns", texts_in(root, "/Records", "/Sns/MessageId"));
  if (type == "s3") return many("s3", texts_in(root, "/Records", "/responseElements/x-amz-request-id"));
  if (type == "ses") return many("ses", texts_in(root, "/Records", "/ses/mail/messageId"));
  if (type == "firehose") return many("firehose", texts_in(root, "/records", "/recordId"));
  if (type == "s3-batch") return many("s3-batch", texts_in(root, "/tasks", "/taskId"));
  if (type == "cloudformation-custom-resource") return one("cloudformation", text_at(root, "/RequestId"));
  if (type == "cognito-userpool") return one("cognito", {});
  if (type == "appsync-resolver") return one("appsync", {});
  if (type == "appsync-authorizer") return one("appsync-authorizer", text_at(root, "/requestContext/requestId"));
  if (type == "secretsmanager-rotation") return one("secretsmanager", text_at(root, "/ClientRequestToken"));
  if (type == "activemq") return many("activemq", texts_in(root, "/messages", "/messageID"));
  if (type == "codepipeline-job") return one("codepipeline", text_at(root, "/CodePipeline.job/id"));
  if (type == "config") return one("config", text_at(root, "/resultToken"));
  if (type == "iot-custom-auth") return one("iot-authorizer", text_at(root, "/connectionMetadata/id"));
  if (type == "iot-preprovision-hook") return one("iot-preprovision", text_at(root, "/certificateId"));
  if (type == "rabbitmq") {
    summary s{"rabbitmq", 0, {}};
    dom::object queues;
    if (root["rmqMessagesByQueue"].get_object().get(queues) != simdjson::SUCCESS) return std::nullopt;
    for (const dom::key_value_pair queue : queues) {
      if (queue.value.is_null()) continue;  // null is empty, as everywhere in sluice's readers
      dom::array messages;
      if (queue.value.get_array().get(messages) != simdjson::SUCCESS) return std::nullopt;
      for (dom::element m : messages) {
        ++s.count;
        if (std::string id = text_at(m, "/basicProperties/messageId"); !id.empty()) s.ids.push_back(std::move(id));
      }
    }
    return s;
  }
  if (type == "eventbridge" || type == "eventbridge-scheduled") {
    const bool scheduled = text_at(root, "/source") == "aws.scheduler" || text_at(root, "/detail-type") == "Scheduled Event";
    return one(scheduled ? "scheduler" : "eventbridge", text_at(root, "/id"));
  }
  if (type == "cloudwatch-logs") {
    const auto gz = test_corpus::base64_decoded(text_at(root, "/awslogs/data"));
    if (!gz) return std::nullopt;
    const auto text = test_corpus::gunzip(*gz);
    if (!text) return std::nullopt;
    dom::parser inner;
    dom::element logs;
    if (inner.parse(*text).get(logs) != simdjson::SUCCESS) return std::nullopt;
    return many("cloudwatch-logs", texts_in(logs, "/logEvents", "/id"));
  }
  if (type == "kafka") {
    std::vector<std::string> offsets;
    dom::object groups;
    if (root["records"].get_object().get(groups) != simdjson::SUCCESS) return std::nullopt;
    for (const dom::key_value_pair group : groups) {
      if (group.value.is_null()) continue;  // null is empty, as everywhere in sluice's readers
      dom::array records;
      if (group.value.get_array().get(records) != simdjson::SUCCESS) return std::nullopt;
      for (dom::element r : records) {
        std::int64_t offset = 0;
        if (r["offset"].get_int64().get(offset) != simdjson::SUCCESS) return std::nullopt;
        offsets.push_back(std::to_string(offset));
      }
    }
    return many("kafka", std::move(offsets));
  }
  return std::nullopt;
}

}  // namespace test_expect
