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
#include "support/event_expectations.hpp"
#include "support/events.hpp"

#ifndef SLUICE_CORPUS_DIR
#define SLUICE_CORPUS_DIR "/work/shared/corpus"
#endif

namespace events_app_test {

namespace dom = simdjson::dom;
using test_expect::expected_failures;
using test_expect::expected_state;
using test_expect::expected_summary;
using test_expect::read_failures;
using test_expect::read_state;
using test_expect::read_summary;
using test_expect::summary;
using test_expect::summary_in_http;

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
        CHECK(read_state(got.json) == expected_state(root));
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
  // the .NET SDK's REST sample holds a connectionId: without an eventType it is no WebSocket event
  const answer rest = invoke(
      R"({"resource":"/{proxy+}","path":"/hello","httpMethod":"POST","body":"{}","requestContext":{"requestId":"r-9",)"
      R"("resourcePath":"/{proxy+}","httpMethod":"POST","connectionId":"c-1","stage":"test"}})");
  REQUIRE_MESSAGE(rest.ok, rest.error_message);
  CHECK(summary_in_http(rest.json) == summary{"apigw-v1", 1, {"r-9"}});
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

  // sources sluice does not read are named, HTTP-like ones included (not refused as broken
  // HTTP events for a missing rawPath or path)
  struct row {
    const char* source;
    const char* event;
    const char* named;
  };
  for (const row& r : {
           row{"VPC Lattice 2.0",
               R"({"version":"2.0","path":"/p","method":"GET","headers":{},"body":"","isBase64Encoded":false,)"
               R"("requestContext":{"serviceNetworkArn":"arn:aws:vpc-lattice:r:1:servicenetwork/sn-1","region":"r"}})",
               "got a VPC Lattice event"},
           row{"VPC Lattice 1.0", R"({"raw_path":"/p","method":"GET","headers":{},"is_base64_encoded":false})",
               "got a VPC Lattice event"},
           row{"Bedrock agent", R"({"messageVersion":"1.0","agent":{},"actionGroup":"g","apiPath":"/x","httpMethod":"POST"})",
               "got an Amazon Bedrock agent action group event"},
           row{"S3 Object Lambda", R"({"xAmzRequestId":"r","getObjectContext":{},"configuration":{}})",
               "got an S3 Object Lambda event"},
           row{"CloudWatch alarm", R"({"alarmData":{},"source":"aws.cloudwatch","alarmArn":"a"})",
               "got a CloudWatch alarm event"},
       }) {
    CAPTURE(r.source);
    got = invoke(r.event);
    CHECK_FALSE(got.ok);
    CHECK(got.error_type == "Sluice.UnsupportedEvent");
    CHECK_MESSAGE(got.error_message.find(r.named) != std::string::npos, got.error_message);
  }
  // an alarm delivered by EventBridge carries alarmData too, wherever: an EventBridge event
  got = invoke(R"({"alarmData":{},"version":"0","id":"e-1","detail-type":"CloudWatch Alarm State Change",)"
               R"("source":"aws.cloudwatch","account":"1","time":"2024-01-01T00:00:00Z","region":"r","resources":[],"detail":{}})");
  REQUIRE_MESSAGE(got.ok, got.error_message);
  CHECK(got.json == R"({"source":"eventbridge","count":1,"ids":["e-1"]})");
}

}  // namespace events_app_test
