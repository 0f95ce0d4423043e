// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors

// The sluice-events contract (issue 5; docs/events.md, "sluice-events"): every sample of every
// supported source in the corpus gets the summary read independently from the sample with
// simdjson's DOM API (or the batch answer computed from its bodies and data); HTTP events of
// every kind, on any path, answer the summary; batch records holding `fail` are reported.

#include <doctest/doctest.h>
#include <simdjson.h>

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "events_app.hpp"
#include "support/event_corpus.hpp"
#include "support/events.hpp"

#ifndef SLUICE_CORPUS_DIR
#define SLUICE_CORPUS_DIR "/work/shared/corpus"
#endif

namespace events_app_test {

namespace dom = simdjson::dom;

/// What the app answered: the invocation's JSON, or its error type.
struct answer {
  bool ok = false;
  std::string json;
  std::string error_type;
  std::string error_message;
};

answer invoke(std::string_view event) {
  static const auto app = events_app::app();
  const sluice::invocation_result r = app.handle(event);
  return {r.ok, std::string(r.ok ? r.payload : std::string_view{}), std::string(r.error_type), std::string(r.error_message)};
}

/// The summary an answer holds: `{"source","count","ids"}`, exactly these keys.
struct summary {
  std::string source;
  std::uint64_t count = 0;
  std::vector<std::string> ids;
  bool operator==(const summary&) const = default;
};

std::optional<summary> read_summary(std::string_view json) {
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

/// The identifiers of `{"batchItemFailures":[{"itemIdentifier":..}]}`, or nullopt for another shape.
std::optional<std::vector<std::string>> read_failures(std::string_view json) {
  dom::parser parser;
  dom::object o;
  dom::array items;
  if (parser.parse(json).get_object().get(o) != simdjson::SUCCESS || o.size() != 1 ||
      o["batchItemFailures"].get_array().get(items) != simdjson::SUCCESS) {
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (dom::element item : items) {
    std::string_view id;
    if (item["itemIdentifier"].get_string().get(id) != simdjson::SUCCESS) return std::nullopt;
    out.emplace_back(id);
  }
  return out;
}

/// The summary inside an HTTP answer (`statusCode` 200 and the summary as its body).
std::optional<summary> summary_in_http(std::string_view json) {
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

std::string text_at(dom::element e, std::string_view pointer) {
  std::string_view s;
  if (e.at_pointer(pointer).get_string().get(s) != simdjson::SUCCESS) return {};
  return std::string(s);
}

/// `pointer` in each element of the array at `array_pointer`, in order.
std::vector<std::string> texts_in(dom::element root, std::string_view array_pointer, std::string_view pointer) {
  std::vector<std::string> out;
  dom::array items;
  if (root.at_pointer(array_pointer).get_array().get(items) != simdjson::SUCCESS) return out;
  for (dom::element item : items) out.push_back(text_at(item, pointer));
  return out;
}

bool holds_fail(std::string_view s) { return s.find("fail") != std::string_view::npos; }

/// Whether any key or string of a DynamoDB image holds `fail` (a `B` value decoded first).
bool image_holds_fail(dom::element e) {
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

/// The `batchItemFailures` a sample of a batch source must get.
std::vector<std::string> expected_failures(std::string_view type, dom::element root) {
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
std::optional<summary> expected_summary(std::string_view type, dom::element root) {
  const auto one = [](std::string source, std::string id) {
    summary s{std::move(source), 1, {}};
    if (!id.empty()) s.ids.push_back(std::move(id));
    return s;
  };
  const auto many = [](std::string source, std::vector<std::string> ids) {
    summary s{std::move(source), ids.size(), std::move(ids)};
    return s;
  };
  if (type == "apigw-v1" || type == "apigw-v2" || type == "lambda-url" || type == "alb") {
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
  if (type == "eventbridge" || type == "eventbridge-scheduled") {
    const bool scheduled = text_at(root, "/source") == "aws.scheduler" || text_at(root, "/detail-type") == "Scheduled Event";
    return one(scheduled ? "scheduler" : "eventbridge", text_at(root, "/id"));
  }
  if (type == "cloudwatch-logs") {
    const auto gz = test_corpus::base64_decoded(text_at(root, "/awslogs/data"));
    REQUIRE(gz);
    const auto text = test_corpus::gunzip(*gz);
    REQUIRE(text);
    dom::parser inner;
    dom::element logs;
    REQUIRE(inner.parse(*text).get(logs) == simdjson::SUCCESS);
    return many("cloudwatch-logs", texts_in(logs, "/logEvents", "/id"));
  }
  if (type == "kafka") {
    std::vector<std::string> offsets;
    dom::object groups;
    REQUIRE(root["records"].get_object().get(groups) == simdjson::SUCCESS);
    for (const dom::key_value_pair group : groups) {
      for (dom::element r : dom::array(group.value)) offsets.push_back(std::to_string(std::int64_t(r["offset"])));
    }
    return many("kafka", std::move(offsets));
  }
  return std::nullopt;
}

constexpr std::string_view batch_types[] = {"sqs", "kinesis", "dynamodb-stream"};

TEST_SUITE("corpus: event sources") {
  TEST_CASE("sluice-events answers every sample of every supported source with what the sample says") {
    const auto dir = test_corpus::events_dir(SLUICE_CORPUS_DIR, "corpus: sluice-events");
    if (!dir) return;
    std::size_t answered = 0;
    for (const test_corpus::sample& s : test_corpus::read_index(*dir / "INDEX.md")) {
      // the SAM CLI's Mustache templates hold `{{{placeholders}}}` as methods and ids: their
      // rendered copies (aws-sam-cli-rendered/) are the events
      if (s.kind != "event" || s.folder == "aws-sam-cli") continue;
      const std::string text = test_corpus::read_file(*dir / s.path);
      dom::parser parser;
      dom::element root;
      if (parser.parse(text).get(root) != simdjson::SUCCESS) continue;  // the deliberately broken sample
      const bool batch = std::find(std::begin(batch_types), std::end(batch_types), s.type) != std::end(batch_types);
      const std::optional<summary> want = batch ? std::nullopt : expected_summary(s.type, root);
      if (!batch && !want) continue;
      const std::string path = s.path;
      CAPTURE(path);
      const answer got = invoke(text);
      INFO(got.error_type, ": ", got.error_message);
      REQUIRE(got.ok);
      if (batch) {
        const auto failures = read_failures(got.json);
        REQUIRE(failures);
        CHECK(*failures == expected_failures(s.type, root));
      } else if (s.type == "apigw-v1" || s.type == "apigw-v2" || s.type == "lambda-url" || s.type == "alb" ||
                 s.type == "apigw-websocket") {
        CHECK(summary_in_http(got.json) == want);
      } else {
        CHECK(read_summary(got.json) == want);
      }
      ++answered;
    }
    CHECK(answered >= 70);
  }
}

// ---- HTTP: every source, every path -------------------------------------------------------------

TEST_CASE("sluice-events: every HTTP source on any path and method answers the summary with its request id") {
  struct source {
    const char* name;
    std::string (*make)(const test_events::http_request&);
    bool has_request_id;
  };
  const source sources[] = {
      {"apigw-v1", test_events::rest_v1, true},
      {"apigw-v1", test_events::http_api_v1, true},
      {"apigw-v2", test_events::http_api_v2, true},
      {"lambda-url", test_events::function_url, true},
      {"alb", [](const test_events::http_request& r) { return test_events::alb(r, false); }, false},
      {"alb", [](const test_events::http_request& r) { return test_events::alb(r, true); }, false},
  };
  for (const source& src : sources) {
    for (const char* path : {"/", "/a", "/orders/42/items", "/with%20space/x"}) {
      for (const char* method : {"GET", "POST", "DELETE", "PATCH"}) {
        test_events::http_request r;
        r.method = method;
        r.path = path;
        r.request_id = std::string("req-") + method;
        r.body = R"({"note":"fail is only for batches"})";
        const std::string name = src.name;
        CAPTURE(name);
        CAPTURE(path);
        CAPTURE(method);
        const answer got = invoke(src.make(r));
        REQUIRE(got.ok);
        summary want{src.name, 1, {}};
        if (src.has_request_id) want.ids.push_back(r.request_id);
        CHECK(summary_in_http(got.json) == want);
      }
    }
  }
}

// ---- batches ------------------------------------------------------------------------------------

std::string sqs_record(std::string_view id, std::string_view body, std::string_view queue) {
  return std::string(R"({"messageId":")") + std::string(id) + R"(","receiptHandle":"rh","body":")" + std::string(body) +
         R"(","attributes":{"ApproximateReceiveCount":"1","SentTimestamp":"1545082649183","SenderId":"A","ApproximateFirstReceiveTimestamp":"1545082649185"},)" +
         R"("messageAttributes":{},"md5OfBody":"x","eventSource":"aws:sqs","eventSourceARN":"arn:aws:sqs:us-east-2:123456789012:)" +
         std::string(queue) + R"(","awsRegion":"us-east-2"})";
}

TEST_CASE("sluice-events: SQS records whose body holds 'fail' are reported; FIFO queues report the rest too") {
  const std::string standard = std::string(R"({"Records":[)") + sqs_record("m1", "ok", "q") + "," +
                               sqs_record("m2", "please fail", "q") + "," + sqs_record("m3", "fine", "q") + "," +
                               sqs_record("m4", "failure \\u0021", "q") + "]}";
  answer got = invoke(standard);
  REQUIRE(got.ok);
  CHECK(read_failures(got.json) == std::vector<std::string>{"m2", "m4"});

  const std::string fifo = std::string(R"({"Records":[)") + sqs_record("f1", "ok", "q.fifo") + "," +
                           sqs_record("f2", "fail", "q.fifo") + "," + sqs_record("f3", "ok", "q.fifo") + "]}";
  got = invoke(fifo);
  REQUIRE(got.ok);
  CHECK(read_failures(got.json) == std::vector<std::string>{"f2", "f3"});

  // the text is matched as it is: "fail-safe" holds it, "FAIL" does not
  got = invoke(std::string(R"({"Records":[)") + sqs_record("c1", "a fail-safe body", "q") + "]}");
  REQUIRE(got.ok);
  CHECK(read_failures(got.json) == std::vector<std::string>{"c1"});

  got = invoke(std::string(R"({"Records":[)") + sqs_record("c2", "FAIL in capitals", "q") + "]}");
  REQUIRE(got.ok);
  CHECK(read_failures(got.json) == std::vector<std::string>{});
}

std::string kinesis_record(std::string_view sequence, std::string_view data_base64) {
  return std::string(R"({"kinesis":{"kinesisSchemaVersion":"1.0","partitionKey":"1","sequenceNumber":")") +
         std::string(sequence) + R"(","data":")" + std::string(data_base64) +
         R"(","approximateArrivalTimestamp":1545084650.987},"eventSource":"aws:kinesis","eventVersion":"1.0",)" +
         R"("eventID":"shardId-000000000006:)" + std::string(sequence) +
         R"(","eventName":"aws:kinesis:record","invokeIdentityArn":"arn:aws:iam::123456789012:role/r",)" +
         R"("awsRegion":"us-east-2","eventSourceARN":"arn:aws:kinesis:us-east-2:123456789012:stream/s"})";
}

TEST_CASE("sluice-events: Kinesis records whose decoded data holds 'fail' (or is not base64) are reported") {
  const std::string event = std::string(R"({"Records":[)") +
                            kinesis_record("100", test_corpus::base64_encoded("all good")) + "," +
                            kinesis_record("200", test_corpus::base64_encoded("this will fail")) + "," +
                            kinesis_record("300", "not base64!") + "," +
                            kinesis_record("400", test_corpus::base64_encoded(R"({"fa":"il"})")) + "]}";
  const answer got = invoke(event);
  REQUIRE(got.ok);
  CHECK(read_failures(got.json) == std::vector<std::string>{"200", "300"});
}

std::string dynamodb_record(std::string_view sequence, std::string_view new_image) {
  return std::string(R"({"eventID":"e)") + std::string(sequence) +
         R"(","eventName":"INSERT","eventVersion":"1.1","eventSource":"aws:dynamodb","awsRegion":"us-east-1",)" +
         R"("dynamodb":{"Keys":{"Id":{"N":"101"}},"NewImage":)" + std::string(new_image) + R"(,"SequenceNumber":")" +
         std::string(sequence) + R"(","SizeBytes":26,"StreamViewType":"NEW_AND_OLD_IMAGES"},)" +
         R"("eventSourceARN":"arn:aws:dynamodb:us-east-1:123456789012:table/T/stream/2015-06-27T00:48:05.899"})";
}

TEST_CASE("sluice-events: DynamoDB records whose images hold 'fail' anywhere are reported") {
  const std::string event =
      std::string(R"({"Records":[)") + dynamodb_record("1", R"({"Message":{"S":"hello"}})") + "," +
      dynamodb_record("2", R"({"Doc":{"M":{"list":{"L":[{"N":"1"},{"S":"deep fail"}]}}}})") + "," +
      dynamodb_record("3", R"({"Tags":{"SS":["a","failing"]}})") + "," +
      dynamodb_record("4", R"({"fail_count":{"N":"0"}})") + "," +
      dynamodb_record("5", std::string(R"({"Blob":{"B":")") + test_corpus::base64_encoded("bytes fail") + R"("}})") + "," +
      dynamodb_record("6", R"({"Ok":{"BOOL":true},"Nothing":{"NULL":true}})") + "]}";
  const answer got = invoke(event);
  REQUIRE(got.ok);
  CHECK(read_failures(got.json) == std::vector<std::string>{"2", "3", "4", "5"});
}

// ---- what it does not take ----------------------------------------------------------------------

TEST_CASE("sluice-events: an event of no supported source is an error naming what was seen") {
  answer got = invoke(R"({"hello":"world","n":1})");
  CHECK_FALSE(got.ok);
  CHECK(got.error_type == "Sluice.UnsupportedEvent");
  CHECK(got.error_message.find("got an object with keys hello, n") != std::string::npos);
  CHECK(got.error_message.find("SQS events") != std::string::npos);

  got = invoke(R"({"Records":[{"eventSource":"aws:sqs","messageId":7}]})");
  CHECK_FALSE(got.ok);
  CHECK(got.error_type == "Sluice.InvalidEvent");
  CHECK(got.error_message.find("messageId") != std::string::npos);

  got = invoke(R"({"Records":[)");
  CHECK_FALSE(got.ok);
  CHECK(got.error_type == "Sluice.InvalidEvent");
}

}  // namespace events_app_test
