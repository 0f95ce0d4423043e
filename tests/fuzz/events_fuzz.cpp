// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors

// Any bytes through the sluice-events app (examples/events): detection, every event source's
// view, batches, and the answers. Any input gives a Lambda-level error (`Sluice.*`) or an
// answer, either of them valid JSON, and the same answer when handled again (nothing leaks
// from one invocation into the next). When the input is JSON and answered, the answer is what
// simdjson's DOM API reads from the input (tests/support/event_expectations.hpp, which the
// corpus test also uses): the ids of the summary, in order, or the batch's failed records.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "events_app.hpp"
#include "fuzz.hpp"
#include "support/event_expectations.hpp"

namespace events_fuzz {

namespace dom = simdjson::dom;

const auto& fuzzed_app() {
  static const auto app = events_app::app();
  return app;
}

/// The corpus type whose expectations judge an answer of `source`, or empty: not judged.
std::string_view type_of_summary(std::string_view source) {
  if (source == "apigw-v1" || source == "apigw-v2" || source == "lambda-url" || source == "alb") return source;
  if (source == "websocket") return "apigw-websocket";
  if (source == "authorizer") return "apigw-authorizer-request";
  if (source == "eventbridge" || source == "scheduler") return "eventbridge";
  if (source == "cloudformation") return "cloudformation-custom-resource";
  if (source == "sns" || source == "s3" || source == "ses" || source == "firehose" || source == "s3-batch" ||
      source == "cloudwatch-logs" || source == "kafka" || source == "appsync-authorizer" || source == "activemq" ||
      source == "rabbitmq" || source == "config") {
    return source;
  }
  if (source == "cognito") return "cognito-userpool";
  if (source == "appsync") return "appsync-resolver";
  if (source == "secretsmanager") return "secretsmanager-rotation";
  if (source == "codepipeline") return "codepipeline-job";
  if (source == "iot-authorizer") return "iot-custom-auth";
  if (source == "iot-preprovision") return "iot-preprovision-hook";
  return {};
}

}  // namespace events_fuzz

void fuzz::events_target(const std::uint8_t* data, std::size_t size) {
  using namespace events_fuzz;
  const std::string_view event(reinterpret_cast<const char*>(data), size);
  const sluice::invocation_result first = fuzzed_app().handle(event);
  const std::string answer(first.payload);
  const bool ok = first.ok;
  const std::string error_type(first.error_type);

  dom::parser parser;
  dom::element answer_json;
  FUZZ_CHECK(parser.parse(answer).get(answer_json) == simdjson::SUCCESS);
  if (!ok) FUZZ_CHECK(error_type.starts_with("Sluice."));

  const sluice::invocation_result again = fuzzed_app().handle(event);
  FUZZ_CHECK(again.ok == ok && again.payload == answer);

  dom::parser input_parser;
  dom::element root;
  if (!ok || input_parser.parse(event.data(), event.size()).get(root) != simdjson::SUCCESS) return;

  if (const auto failures = test_expect::read_failures(answer)) {
    const std::string type = test_expect::batch_type(root);
    FUZZ_CHECK(!type.empty());
    FUZZ_CHECK(test_expect::read_state(answer) == test_expect::expected_state(root));
    const std::vector<std::string> expected = test_expect::expected_failures(type, root);
    if (type != "dynamodb-stream") {
      FUZZ_CHECK(*failures == expected);
      return;
    }
    // DynamoDB images are typed when read: a record whose attribute is not a valid AttributeValue
    // is reported too (which the DOM cannot say without redoing the typing). So: every record
    // holding "fail" is reported, in order, and every report names a record of the batch.
    const std::vector<std::string> all = test_expect::texts_in(root, "/Records", "/dynamodb/SequenceNumber");
    std::size_t next = 0;
    for (const std::string& id : *failures) {
      FUZZ_CHECK(std::find(all.begin(), all.end(), id) != all.end());
      if (next < expected.size() && expected[next] == id) ++next;
    }
    FUZZ_CHECK(next == expected.size());
    return;
  }
  std::optional<test_expect::summary> got = test_expect::read_summary(answer);
  if (!got) got = test_expect::summary_in_http(answer);
  if (!got) {
    dom::element body;
    std::string_view text;
    std::int64_t status = 0;
    FUZZ_CHECK(answer_json["statusCode"].get(status) == simdjson::SUCCESS);
    // HTTP or WebSocket answers other than 200 (a refused path, 404 on a WebSocket key) carry no summary
    FUZZ_CHECK(status != 200 || answer_json["body"].get(body) != simdjson::SUCCESS || body.get(text) != simdjson::SUCCESS ||
               !test_expect::read_summary(text));
    return;
  }
  const std::string_view type = type_of_summary(got->source);
  FUZZ_CHECK(!type.empty());
  const std::optional<test_expect::summary> want = test_expect::expected_summary(type, root);
  FUZZ_CHECK(want.has_value());
  FUZZ_CHECK(*got == *want);
}
