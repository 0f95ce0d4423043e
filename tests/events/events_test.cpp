// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors

// The non-HTTP event views: each source's fields, envelopes, timestamps, AttributeValues,
// hostile input (every problem an error value that names the field), and partial batches.

#include <doctest/doctest.h>
#include <simdjson.h>
#include <zlib.h>

#include <chrono>
#include <cstdint>
#include <limits>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sluice/app.hpp"
#include "sluice/events/appsync.hpp"
#include "sluice/events/authorizer.hpp"
#include "sluice/events/batch.hpp"
#include "sluice/events/cloudwatch_logs.hpp"
#include "sluice/events/codepipeline.hpp"
#include "sluice/events/config.hpp"
#include "sluice/events/dispatch.hpp"
#include "sluice/events/dynamodb.hpp"
#include "sluice/events/eventbridge.hpp"
#include "sluice/events/cloudformation.hpp"
#include "sluice/events/cognito.hpp"
#include "sluice/events/firehose.hpp"
#include "sluice/events/iot.hpp"
#include "sluice/events/kafka.hpp"
#include "sluice/events/s3_batch.hpp"
#include "sluice/events/secretsmanager.hpp"
#include "sluice/events/ses.hpp"
#include "sluice/events/kinesis.hpp"
#include "sluice/events/mq.hpp"
#include "sluice/events/s3.hpp"
#include "sluice/events/sns.hpp"
#include "sluice/events/sqs.hpp"
#include "sluice/events/websocket.hpp"
#include "support/events.hpp"

namespace events_test {

namespace ev = sluice::events;
using namespace std::chrono;
using namespace std::string_view_literals;

/// Holds an event's bytes padded for simdjson, and the arena its views live in.
struct fixture {
  sluice::detail::arena mem;
  std::vector<simdjson::padded_string> inputs;  // kept: views point into them

  simdjson::padded_string_view padded(std::string_view json) {
    inputs.emplace_back(json);
    return inputs.back();
  }
  template <class Event>
  ev::parse_result<Event> parse(std::string_view json) {
    inputs.reserve(64);
    return Event::parse(padded(json), mem);
  }
};

ev::timestamp at(sys_days day, hours h, minutes m, seconds s, milliseconds ms = milliseconds(0)) {
  return ev::timestamp(time_point_cast<milliseconds>(day + h + m + s) + ms);
}

/// Quotes `text` as a JSON string (for building envelopes).
std::string json_quoted(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

std::string sqs_record(std::string_view id, std::string_view body_json, std::string_view arn = "arn:aws:sqs:eu-west-1:1:q",
                       std::string_view extra = "") {
  // `extra` replaces the default attributes or message attributes when it sends its own: a key
  // sent twice is refused
  const bool own_attributes = extra.starts_with(R"(,"attributes")");
  const bool own_message_attributes = extra.starts_with(R"(,"messageAttributes")");
  return std::string(R"({"messageId":")") + std::string(id) + R"(","receiptHandle":"rh","body":)" +
         std::string(body_json) + "," +
         (own_attributes ? "" : R"("attributes":{"ApproximateReceiveCount":"3","SentTimestamp":"1523232000000"},)") +
         (own_message_attributes ? "" : R"("messageAttributes":{},)") +
         R"("md5OfBody":"x","eventSource":"aws:sqs","eventSourceARN":")" + std::string(arn) +
         R"(","awsRegion":"eu-west-1")" + std::string(extra) + "}";
}

std::string records(const std::vector<std::string>& items) {
  std::string out = R"({"Records":[)";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? "," : "") + items[i];
  return out + "]}";
}

simdjson::dom::element parsed_json_for_auth(simdjson::dom::parser& parser, std::string_view json) {
  simdjson::dom::element e;
  REQUIRE_MESSAGE(parser.parse(json.data(), json.size()).get(e) == simdjson::SUCCESS, json);
  return e;
}

// ---- timestamps ---------------------------------------------------------------------------

TEST_CASE("ISO-8601 times in AWS's spellings") {
  using sluice::detail::event_json::parse_iso8601;
  struct row {
    std::string_view text;
    ev::timestamp expected;
  };
  const row rows[] = {
      {"2019-10-29T02:36:48Z", at(sys_days(2019y / 10 / 29), 2h, 36min, 48s)},
      {"1970-01-01T00:00:00.000Z", ev::timestamp{}},
      {"2015-06-03T17:43:27.123Z", at(sys_days(2015y / 6 / 3), 17h, 43min, 27s, 123ms)},
      {"2024-02-17T11:53:08.431+0000", at(sys_days(2024y / 2 / 17), 11h, 53min, 8s, 431ms)},
      {"2024-02-17T13:53:08.4+02:00", at(sys_days(2024y / 2 / 17), 11h, 53min, 8s, 400ms)},
      {"2024-02-17T11:53:08.123456Z", at(sys_days(2024y / 2 / 17), 11h, 53min, 8s, 123ms)},  // truncated
      {"2020-02-29T23:59:59-01:00", at(sys_days(2020y / 3 / 1), 0h, 59min, 59s)},
  };
  for (const row& r : rows) {
    CAPTURE(r.text);
    const auto t = parse_iso8601(r.text);
    REQUIRE(t.has_value());
    CHECK(*t == r.expected);
  }
  for (const std::string_view bad : {"", "2019-10-29", "2019-10-29T02:36:48", "2019-02-30T00:00:00Z",
                                     "2019-10-29T24:00:00Z", "2019-10-29T02:36:48.Z", "2019-10-29T02:36:48Zjunk",
                                     "{{{time}}}", "2019-10-29T02:36:48+2"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_iso8601(bad).has_value());
  }
}

/// `YYYY-MM-DDTHH:MM:SS` followed by `tail`, each field zero-padded (for the tables below).
std::string iso_text(int y, unsigned mo, unsigned d, unsigned h, unsigned mi, unsigned s, std::string_view tail) {
  const auto two = [](unsigned v) { return std::string{static_cast<char>('0' + v / 10 % 10), static_cast<char>('0' + v % 10)}; };
  return two(static_cast<unsigned>(y) / 100) + two(static_cast<unsigned>(y) % 100) + "-" + two(mo) + "-" + two(d) + "T" +
         two(h) + ":" + two(mi) + ":" + two(s) + std::string(tail);
}

TEST_CASE("ISO-8601: the fast path for AWS's usual spelling agrees with the calendar, day by day") {
  using sluice::detail::event_json::parse_iso8601;
  using sluice::detail::event_json::parse_iso8601_utc;
  // every day of years around each leap-year rule, and the day after each month's last
  for (const int y : {0, 1, 399, 400, 1900, 1969, 1970, 1999, 2000, 2023, 2024, 2100, 2400, 9999}) {
    for (unsigned m = 1; m <= 12; ++m) {
      const unsigned last = static_cast<unsigned>(year_month_day_last(year{y}, month_day_last(month{m})).day());
      for (unsigned d = 1; d <= last + 1; ++d) {
        const std::string s = iso_text(y, m, d, 23, 59, 58, "Z");
        CAPTURE(s);
        ev::timestamp fast{};
        const bool read = parse_iso8601_utc(s, fast);
        if (d > last) {
          CHECK_FALSE(read);
          CHECK_FALSE(parse_iso8601(s).has_value());
          continue;
        }
        REQUIRE(read);
        CHECK(fast == at(sys_days(year{y} / month{m} / day{d}), 23h, 59min, 58s));
        CHECK(parse_iso8601(s) == fast);
      }
    }
  }
  // each field at its bounds: in range read by the fast path, out of range refused by both
  struct row {
    std::string text;
    bool valid;
  };
  const row rows[] = {
      {iso_text(2024, 1, 1, 0, 0, 0, "Z"), true},      {iso_text(2024, 12, 31, 23, 59, 59, "Z"), true},
      {iso_text(2024, 0, 10, 12, 0, 0, "Z"), false},   {iso_text(2024, 13, 10, 12, 0, 0, "Z"), false},
      {iso_text(2024, 99, 10, 12, 0, 0, "Z"), false},  {iso_text(2024, 5, 0, 12, 0, 0, "Z"), false},
      {iso_text(2024, 5, 32, 12, 0, 0, "Z"), false},   {iso_text(2024, 4, 31, 12, 0, 0, "Z"), false},
      {iso_text(2023, 2, 29, 12, 0, 0, "Z"), false},   {iso_text(2100, 2, 29, 12, 0, 0, "Z"), false},
      {iso_text(2024, 5, 10, 24, 0, 0, "Z"), false},   {iso_text(2024, 5, 10, 12, 60, 0, "Z"), false},
      {iso_text(2024, 5, 10, 12, 0, 61, "Z"), false},  {iso_text(2024, 5, 10, 99, 99, 99, "Z"), false},
  };
  for (const row& r : rows) {
    CAPTURE(r.text);
    ev::timestamp fast{};
    CHECK(parse_iso8601_utc(r.text, fast) == r.valid);
    CHECK(parse_iso8601(r.text).has_value() == r.valid);
  }
  // a leap second, as the general parser has always read it: the next minute's first second
  ev::timestamp leap{};
  REQUIRE(parse_iso8601_utc("2016-12-31T23:59:60Z", leap));
  CHECK(leap == at(sys_days(2017y / 1 / 1), 0h, 0min, 0s));
}

TEST_CASE("ISO-8601: fractions of any length, offsets, and every one-byte change agree with the general parser") {
  using sluice::detail::event_json::parse_iso8601;
  using sluice::detail::event_json::parse_iso8601_general;
  using sluice::detail::event_json::parse_iso8601_utc;
  // 0 to 9 fraction digits: milliseconds from the first three, padded, the rest truncated
  const std::string_view digits = "987654321";
  for (std::size_t n = 0; n <= digits.size(); ++n) {
    const std::string s = "2024-02-29T12:34:56" + (n == 0 ? std::string() : "." + std::string(digits.substr(0, n))) + "Z";
    CAPTURE(s);
    int ms = 0;
    for (std::size_t k = 0; k < 3; ++k) ms = ms * 10 + (k < n ? digits[k] - '0' : 0);
    ev::timestamp fast{};
    REQUIRE(parse_iso8601_utc(s, fast));
    CHECK(fast == at(sys_days(2024y / 2 / 29), 12h, 34min, 56s, milliseconds(ms)));
    CHECK(parse_iso8601(s) == fast);
  }
  // not the fast path's spelling: left to the general parser, which reads or refuses them
  struct row {
    std::string_view text;
    std::optional<ev::timestamp> expected;
  };
  const row rows[] = {
      {"2024-02-17T13:53:08.4+02:00", at(sys_days(2024y / 2 / 17), 11h, 53min, 8s, 400ms)},
      {"2024-02-17T11:53:08.431+0000", at(sys_days(2024y / 2 / 17), 11h, 53min, 8s, 431ms)},
      {"2024-02-17T11:53:08-01:30", at(sys_days(2024y / 2 / 17), 13h, 23min, 8s)},
      {"2024-02-17T11:53:08z", at(sys_days(2024y / 2 / 17), 11h, 53min, 8s)},
      {"2024-02-17t11:53:08Z", at(sys_days(2024y / 2 / 17), 11h, 53min, 8s)},
      {"2024-02-17 11:53:08.5Z", at(sys_days(2024y / 2 / 17), 11h, 53min, 8s, 500ms)},
      {"2024-02-17T11:53:08.Z", std::nullopt},
      {"2024-02-17T11:53:08.12aZ", std::nullopt},
      {"2024-02-17T11:53:08,123Z", std::nullopt},
      {"2024-02-17T11:53:08", std::nullopt},
      {"2024-02-17T11:53Z", std::nullopt},
      {"+2024-02-17T11:53:08Z", std::nullopt},
  };
  for (const row& r : rows) {
    CAPTURE(r.text);
    ev::timestamp fast{};
    CHECK_FALSE(parse_iso8601_utc(r.text, fast));
    CHECK(parse_iso8601(r.text) == r.expected);
  }
  // every byte of a valid time replaced by each of these, and every prefix: the fast path
  // accepts only what the general parser reads the same way
  const std::string base = "2024-02-29T12:34:56.789Z";
  const std::string_view replacements("09/:-Tt Z.+a\x80\xff\0", 15);
  std::vector<std::string> cases;
  for (std::size_t i = 0; i < base.size(); ++i) {
    for (const char c : replacements) {
      std::string s = base;
      s[i] = c;
      cases.push_back(s);
    }
    cases.push_back(base.substr(0, i));
  }
  int fast_reads = 0;
  for (const std::string& s : cases) {
    CAPTURE(s);
    const std::optional<ev::timestamp> general = parse_iso8601_general(s);
    ev::timestamp fast{};
    if (parse_iso8601_utc(s, fast)) {
      ++fast_reads;
      REQUIRE(general.has_value());
      CHECK(fast == *general);
    }
    CHECK(parse_iso8601(s) == general);
  }
  CHECK(fast_reads >= 20);  // the changes that keep a valid time (a digit, or a byte for itself) go the fast way
}

// ---- SQS ----------------------------------------------------------------------------------

TEST_CASE("SQS: messages, typed attributes, message attributes, lazily decoded bodies") {
  fixture f;
  const std::string one = R"({"messageId":"m-1","receiptHandle":"rh-1","body":"line1\nsaid \"hi\" \u00e9",)"
                          R"("attributes":{"ApproximateReceiveCount":"2","SentTimestamp":"1520621625029",)"
                          R"("SenderId":"AROA:sender","ApproximateFirstReceiveTimestamp":"1520621634884"},)"
                          R"("messageAttributes":{"bin":{"binaryValue":"MTEwMA==","stringListValues":[],)"
                          R"("binaryListValues":["MA=="],"dataType":"Binary"},"num":{"stringValue":"123",)"
                          R"("dataType":"Number"}},"md5OfBody":"abc","eventSource":"aws:sqs",)"
                          R"("eventSourceARN":"arn:aws:sqs:us-west-2:123456789012:q","awsRegion":"us-west-2"})";
  auto batch = f.parse<ev::sqs_event>(records({one, sqs_record("m-2", R"("plain")")}));
  REQUIRE_MESSAGE(batch.ok(), batch.error().message);
  REQUIRE(batch->records.size() == 2);
  const ev::sqs_message& m = batch->records[0];
  CHECK(m.message_id == "m-1");
  CHECK(m.receipt_handle == "rh-1");
  CHECK(m.event_source_arn == "arn:aws:sqs:us-west-2:123456789012:q");
  CHECK(m.approximate_receive_count == 2);
  CHECK(m.sent_at == ev::timestamp(milliseconds(1520621625029)));
  CHECK(m.first_received_at == ev::timestamp(milliseconds(1520621634884)));
  CHECK(m.sender_id == "AROA:sender");
  CHECK(m.attribute("SenderId") == "AROA:sender");
  CHECK_FALSE(m.attribute("MessageGroupId").has_value());
  CHECK(m.body_text.escaped);  // nothing decoded yet
  const auto body = m.body();
  REQUIRE(body.ok());
  CHECK(*body == "line1\nsaid \"hi\" \xc3\xa9");
  const ev::sqs_message_attribute* bin = m.message_attribute("bin");
  REQUIRE(bin != nullptr);
  CHECK(bin->data_type == "Binary");
  CHECK(*bin->binary_value() == "1100");
  CHECK(bin->binary_list_base64.size() == 1);
  const ev::sqs_message_attribute* num = m.message_attribute("num");
  REQUIRE(num != nullptr);
  CHECK(num->string_value == "123");
  CHECK_FALSE(m.from_fifo_queue());
  const auto plain = batch->records[1].body();
  CHECK(*plain == "plain");
  CHECK(plain->data() > f.inputs.back().data());  // a view into the input, not a copy
}

TEST_CASE("SQS: envelopes (SNS in SQS, S3 in SNS in SQS, EventBridge in SQS, S3 in SQS)") {
  fixture f;
  const std::string s3 = records({R"({"eventVersion":"2.1","eventSource":"aws:s3","eventTime":"2024-01-02T03:04:05.006Z",)"
                                  R"("eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"b1","arn":"arn:aws:s3:::b1"},)"
                                  R"("object":{"key":"red+flower%2B1.jpg","size":42,"eTag":"e"}}})"});
  const std::string sns = std::string(R"({"Type":"Notification","MessageId":"sns-1","TopicArn":"arn:t","Subject":"s",)") +
                          R"("Message":)" + json_quoted(s3) +
                          R"(,"Timestamp":"2024-01-02T03:04:06.000Z","SignatureVersion":"1","Signature":"sig",)"
                          R"("SigningCertURL":"https://cert","UnsubscribeURL":"https://unsub"})";
  const std::string eb = R"({"version":"0","id":"eb-1","detail-type":"Order Placed","source":"shop",)"
                         R"("account":"1","time":"2024-01-02T03:04:07Z","region":"eu-west-1","resources":[],)"
                         R"("detail":{"orderId":"o-9","total":12}})";
  auto batch = f.parse<ev::sqs_event>(records({sqs_record("a", json_quoted(sns)), sqs_record("b", json_quoted(eb)),
                                               sqs_record("c", json_quoted(s3))}));
  REQUIRE_MESSAGE(batch.ok(), batch.error().message);

  auto note = batch->records[0].body_as<ev::sns_message>();
  REQUIRE_MESSAGE(note.ok(), note.error().message);
  CHECK(note->message_id == "sns-1");
  CHECK(note->signing_cert_url == "https://cert");  // the envelope's spelling
  CHECK(note->unsubscribe_url == "https://unsub");
  CHECK(note->time == at(sys_days(2024y / 1 / 2), 3h, 4min, 6s));
  auto inner = note->message_as<ev::s3_event>();
  REQUIRE_MESSAGE(inner.ok(), inner.error().message);
  REQUIRE(inner->records.size() == 1);
  CHECK(inner->records[0].bucket_name == "b1");
  CHECK(*inner->records[0].object.decoded_key() == "red flower+1.jpg");
  CHECK(inner->records[0].event_time == at(sys_days(2024y / 1 / 2), 3h, 4min, 5s, 6ms));

  auto bridged = batch->records[1].body_as<ev::eventbridge_event>();
  REQUIRE_MESSAGE(bridged.ok(), bridged.error().message);
  CHECK(bridged->detail_type == "Order Placed");
  CHECK(bridged->detail_json == R"({"orderId":"o-9","total":12})");

  auto direct = batch->records[2].body_as<ev::s3_event>();
  REQUIRE_MESSAGE(direct.ok(), direct.error().message);
  CHECK(direct->records[0].object.size == 42);

  // the wrong envelope says what it expected and what it saw
  auto wrong = batch->records[1].body_as<ev::sns_message>();
  REQUIRE_FALSE(wrong.ok());
  CHECK(wrong.error().problem == ev::event_problem::other_source);
  CHECK(std::string(wrong.error().message).find("detail-type") != std::string::npos);
}

TEST_CASE("SQS: hostile and foreign input are error values naming the field") {
  struct row {
    std::string name;
    std::string json;
    ev::event_problem problem;
    std::string_view message_part;
  };
  const std::vector<row> rows = {
      {"not JSON", R"({"Records":[)", ev::event_problem::not_json, "not valid JSON"},
      {"trailing bytes", records({sqs_record("a", R"("x")")}) + "x", ev::event_problem::not_json, "not valid JSON"},
      {"an array", "[1,2]", ev::event_problem::other_source, "another JSON value"},
      {"no Records", R"({"detail-type":"x","source":"y"})", ev::event_problem::other_source,
       "an object with keys detail-type, source"},
      {"an SNS record", R"({"Records":[{"EventSource":"aws:sns","Sns":{}}]})", ev::event_problem::other_source,
       "a record without eventSource"},
      {"a Kinesis record", R"({"Records":[{"eventSource":"aws:kinesis","kinesis":{}}]})",
       ev::event_problem::other_source, R"(eventSource "aws:kinesis")"},
      {"Records not an array", R"({"Records":{}})", ev::event_problem::invalid_event, "'Records' must be an array"},
      {"messageId a number", records({R"({"messageId":7,"eventSource":"aws:sqs"})"}), ev::event_problem::invalid_event,
       "'Records[0].messageId' must be a string"},
      {"missing messageId", records({sqs_record("a", R"("x")"), R"({"body":"x","eventSource":"aws:sqs"})"}),
       ev::event_problem::invalid_event, "'Records[1].messageId' is missing"},
      {"body an object", records({sqs_record("a", R"({"k":1})")}), ev::event_problem::invalid_event,
       "'Records[0].body' must be a string"},
      {"receive count text", records({sqs_record("a", R"("x")", "arn", R"(,"attributes":{"ApproximateReceiveCount":"many"})")}),
       ev::event_problem::invalid_event, "'Records[0].attributes.ApproximateReceiveCount' must be a count"},
      {"sent timestamp negative", records({sqs_record("a", R"("x")", "arn", R"(,"attributes":{"SentTimestamp":"-5"})")}),
       ev::event_problem::invalid_event, "SentTimestamp' must be epoch milliseconds"},
      {"attribute list of numbers",
       records({sqs_record("a", R"("x")", "arn", R"(,"messageAttributes":{"k":{"stringListValues":[1]}})")}),
       ev::event_problem::invalid_event, "'Records[0].messageAttributes.k.stringListValues[0]' must be a string"},
      {"bad escape in an id", records({R"({"messageId":"a\q","eventSource":"aws:sqs"})"}), ev::event_problem::not_json,
       "not valid JSON"},
      {"a record not an object", R"({"Records":[7]})", ev::event_problem::other_source, "a record without eventSource"},
      {"messageId sent twice", records({R"({"messageId":"a","messageId":"b","eventSource":"aws:sqs"})"}),
       ev::event_problem::invalid_event, "'Records[0].messageId' is sent twice"},
      {"eventSource sent twice", records({R"({"messageId":"a","eventSource":"aws:sqs","eventSource":"aws:sns"})"}),
       ev::event_problem::invalid_event, "'Records[0].eventSource' is sent twice"},
      {"body sent twice", records({R"({"messageId":"a","body":"x","body":"y","eventSource":"aws:sqs"})"}),
       ev::event_problem::invalid_event, "'Records[0].body' is sent twice"},
      {"an SQS record with an SES-typed field", records({R"({"messageId":{"id":1},"eventSource":"aws:ses"})"}),
       ev::event_problem::other_source, R"(eventSource "aws:ses")"},
      // found by the events fuzz target: every key sent twice is refused, whatever its value;
      // a reader that keeps the first would see another event than one that merges or keeps the last
      {"an object sent twice", records({sqs_record("a", R"("x")", "arn", R"(,"attributes":{},"attributes":{"SentTimestamp":"1"})")}),
       ev::event_problem::invalid_event, "'Records[0].attributes' is sent twice"},
      {"a number sent twice", records({sqs_record("a", R"("x")", "arn", R"(,"attributes":{"SentTimestamp":"1","SentTimestamp":"2"})")}),
       ev::event_problem::invalid_event, "'Records[0].attributes.SentTimestamp' is sent twice"},
      {"Records sent twice", R"({"Records":[],"Records":[)" + sqs_record("a", R"("x")") + "]}",
       ev::event_problem::invalid_event, "'Records' is sent twice"},
  };
  for (const row& r : rows) {
    CAPTURE(r.name);
    fixture f;
    auto batch = f.parse<ev::sqs_event>(r.json);
    REQUIRE_FALSE(batch.ok());
    CHECK(batch.error().problem == r.problem);
    CHECK_MESSAGE(std::string(batch.error().message).find(r.message_part) != std::string::npos, batch.error().message);
    CHECK(std::string(batch.error().message).starts_with("SQS event: "));
  }
}

TEST_CASE("keys sent twice are found by their whole text, whatever they share, in objects of any size") {
  // message attributes take any key: objects of chosen keys, judged against a set of their texts
  const auto attributes = [](const std::vector<std::string>& keys) {
    std::string members;
    for (std::size_t i = 0; i < keys.size(); ++i) {
      members += (i ? "," : "") + ("\"" + keys[i] + "\"") + R"(:{"dataType":"String","stringValue":"v"})";
    }
    return records({sqs_record("m", R"("x")", "arn", ",\"messageAttributes\":{" + members + "}")});
  };
  const auto judged = [&](const std::vector<std::string>& keys) {
    fixture f;
    auto batch = f.parse<ev::sqs_event>(attributes(keys));
    const std::set<std::string> distinct(keys.begin(), keys.end());
    if (distinct.size() == keys.size()) {
      REQUIRE_MESSAGE(batch.ok(), batch.error().message);
      CHECK(batch->records[0].message_attributes.size() == keys.size());
      return true;
    }
    REQUIRE_FALSE(batch.ok());
    CHECK(batch.error().problem == ev::event_problem::invalid_event);
    CHECK_MESSAGE(std::string(batch.error().message).find("' is sent twice") != std::string::npos, batch.error().message);
    return false;
  };
  // same first eight bytes, different after; a quote (escaped) and a backslash among them
  CHECK(judged({"ApproximateReceiveCount", "ApproximateFirstReceiveTimestamp", "Approxim", "Approximate"}));
  CHECK_FALSE(judged({"a_long_attribute_name_1", "other", "a_long_attribute_name_1"}));
  CHECK(judged({R"(a\"b)", R"(a\"c)", R"(a\\)", R"(a\\b)", "a", R"(\")"}));
  CHECK_FALSE(judged({R"(a\"bcdefghij)", "z", R"(a\"bcdefghij)"}));
  CHECK_FALSE(judged({"", "x", ""}));
  // past the 16 kept on the stack, and past the 64 checked one by one (then sorted at the end)
  std::vector<std::string> many;
  for (int i = 0; i < 100; ++i) many.push_back("attribute-" + std::to_string(i * 7919 % 1000));
  CHECK(judged(many));
  for (const std::size_t copy_at : {std::size_t{17}, std::size_t{63}, std::size_t{64}, std::size_t{99}}) {
    std::vector<std::string> twice(many.begin(), many.begin() + static_cast<std::ptrdiff_t>(copy_at));
    twice.push_back(many[copy_at / 2]);
    CAPTURE(copy_at);
    CHECK_FALSE(judged(twice));
  }
  // random objects over a small alphabet, so that repeats and shared prefixes are common
  std::uint32_t seed = 12345;
  const auto next = [&] { return seed = seed * 1664525u + 1013904223u; };
  const char* const pieces[] = {"a", "b", R"(\")", R"(\\)", "xyzxyzxy"};
  int refused = 0;
  for (int round = 0; round < 300; ++round) {
    std::vector<std::string> keys(1 + next() % 30);
    for (std::string& k : keys) {
      const std::uint32_t length = next() % 4;
      for (std::uint32_t i = 0; i < length; ++i) k += pieces[next() % 5];
    }
    refused += judged(keys) ? 0 : 1;
  }
  CHECK(refused > 30);  // both outcomes were exercised
  CHECK(refused < 290);
}

TEST_CASE("SQS: values decoded on first use fail as values") {
  fixture f;
  auto batch = f.parse<ev::sqs_event>(
      records({sqs_record("a", R"("bad \x escape")", "arn",
                          R"(,"messageAttributes":{"b":{"binaryValue":"not base64!","dataType":"Binary"}})")}));
  REQUIRE_MESSAGE(batch.ok(), batch.error().message);
  const auto body = batch->records[0].body();
  CHECK_FALSE(body.ok());
  CHECK(body.error().find("body") != std::string_view::npos);
  CHECK_FALSE(batch->records[0].message_attribute("b")->binary_value().ok());
  auto envelope = batch->records[0].body_as<ev::sns_message>();
  CHECK(envelope.error().problem == ev::event_problem::invalid_event);
}

// ---- SNS, S3 ------------------------------------------------------------------------------

TEST_CASE("SNS: Lambda's spelling of the record, attributes, binary values") {
  fixture f;
  auto event = f.parse<ev::sns_event>(
      R"({"Records":[{"EventVersion":"1.0","EventSubscriptionArn":"arn:sub","EventSource":"aws:sns","Sns":{)"
      R"("Type":"Notification","MessageId":"id-1","TopicArn":"arn:topic","Subject":"hi","Message":"{\"a\":1}",)"
      R"("Timestamp":"2015-06-03T17:43:27.123Z","SignatureVersion":"1","Signature":"s","SigningCertUrl":"https://c",)"
      R"("UnsubscribeUrl":"https://u","MessageAttributes":{"t":{"Type":"String","Value":"v"},)"
      R"("b":{"Type":"Binary","Value":"AAEC"}}}}]})");
  REQUIRE_MESSAGE(event.ok(), event.error().message);
  const ev::sns_record& r = event->records[0];
  CHECK(r.event_subscription_arn == "arn:sub");
  CHECK(r.sns.topic_arn == "arn:topic");
  CHECK(r.sns.signing_cert_url == "https://c");
  CHECK(r.sns.time == at(sys_days(2015y / 6 / 3), 17h, 43min, 27s, 123ms));
  CHECK(*r.sns.message() == R"({"a":1})");
  CHECK(r.sns.message_attribute("t")->value == "v");
  CHECK(*r.sns.message_attribute("b")->binary_value() == "\x00\x01\x02"sv);
  CHECK(r.sns.message_attribute("none") == nullptr);

  fixture g;
  auto bad_time = g.parse<ev::sns_event>(
      R"({"Records":[{"EventSource":"aws:sns","Sns":{"MessageId":"x","Timestamp":"yesterday"}}]})");
  REQUIRE_FALSE(bad_time.ok());
  CHECK(bad_time.error().message == "SNS event: 'Records[0].Sns.Timestamp' must be an ISO-8601 time such as 2019-10-29T02:36:48Z");
}

TEST_CASE("S3: object keys are form-encoded; decoded_key undoes it exactly") {
  struct row {
    std::string_view key;
    std::string_view decoded;  // empty: an error
  };
  const row rows[] = {{"plain.txt", "plain.txt"},
                      {"red+flower.jpg", "red flower.jpg"},
                      {"a%2Bb", "a+b"},
                      {"dir%2Ffile%3A1", "dir/file:1"},
                      {"%E2%82%AC", "\xe2\x82\xac"},
                      {"bad%2", ""},
                      {"bad%zz", ""}};
  for (const row& r : rows) {
    CAPTURE(r.key);
    fixture f;
    auto event = f.parse<ev::s3_event>(records({std::string(R"({"eventSource":"aws:s3","s3":{"bucket":{"name":"b"},)") +
                                                R"("object":{"key":")" + std::string(r.key) + R"("}}})"}));
    REQUIRE_MESSAGE(event.ok(), event.error().message);
    const auto key = event->records[0].object.decoded_key();
    if (r.decoded.empty()) {
      CHECK_FALSE(key.ok());
    } else {
      REQUIRE(key.ok());
      CHECK(*key == r.decoded);
    }
  }
  fixture f;
  auto no_bucket = f.parse<ev::s3_event>(records({R"({"eventSource":"aws:s3","s3":{"object":{"key":"k"}}})"}));
  CHECK(no_bucket.error().message == "S3 event: 'Records[0].s3.bucket.name' is missing: every S3 record names its bucket");
  auto size_text = f.parse<ev::s3_event>(
      records({R"({"eventSource":"aws:s3","s3":{"bucket":{"name":"b"},"object":{"key":"k","size":"12"}}})"}));
  CHECK(size_text.error().message == "S3 event: 'Records[0].s3.object.size' must be an integer");
}

TEST_CASE("strings are views whatever their length, wherever an escape sits, whatever follows them") {
  // lengths across the 16-byte blocks the scan reads; an escape of each kind at each place;
  // the value checked against simdjson's DOM
  const std::string_view escapes[] = {R"(\/)", R"(\")", R"(\\)", R"(\u00e9)", R"(\n)"};
  simdjson::dom::parser dom;
  for (std::size_t n = 0; n <= 40; ++n) {
    for (std::size_t escape_at = 0; escape_at <= n; ++escape_at) {  // n: no escape
      std::string raw;
      for (std::size_t i = 0; i < n; ++i) {
        if (i == escape_at) {
          raw += escapes[i % std::size(escapes)];
        } else {
          raw += static_cast<char>('a' + i % 26);
        }
      }
      const std::string space = n % 2 == 0 ? "" : " \n ";
      const std::string json = records({R"({"eventSource":"aws:s3","eventName":")" + raw + "\"" + space +
                                        R"(,"s3":{"bucket":{"name":"b"},"object":{"key":")" + raw + "\"" + space + "}}}"});
      CAPTURE(json);
      fixture f;
      auto event = f.parse<ev::s3_event>(json);
      REQUIRE_MESSAGE(event.ok(), event.error().message);
      simdjson::dom::element record;
      REQUIRE(dom.parse(json).at_pointer("/Records/0").get(record) == simdjson::SUCCESS);
      std::string_view name, key;
      REQUIRE(record["eventName"].get_string().get(name) == simdjson::SUCCESS);
      REQUIRE(record.at_pointer("/s3/object/key").get_string().get(key) == simdjson::SUCCESS);
      CHECK(event->records[0].event_name == name);
      CHECK(event->records[0].object.key == key);
    }
  }
  // null reads as empty; another type or a key sent twice is an error naming the field, a bad escape
  // makes the payload invalid JSON
  fixture f;
  auto null_name = f.parse<ev::s3_event>(
      records({R"({"eventSource":"aws:s3","eventName":null,"s3":{"bucket":{"name":"b"},"object":{"key":"k"}}})"}));
  REQUIRE_MESSAGE(null_name.ok(), null_name.error().message);
  CHECK(null_name->records[0].event_name.empty());
  const std::pair<std::string_view, std::string_view> bad[] = {
      {R"("eventName":7)", "S3 event: 'Records[0].eventName' must be a string"},
      {R"("eventName":{"a":"b"})", "S3 event: 'Records[0].eventName' must be a string"},
      {R"("eventName":"a\qb")", "S3 event: the payload is not valid JSON"},  // checked once a step fails
      {R"("eventName":"a","eventName":"b")", "S3 event: 'Records[0].eventName' is sent twice"},
      {R"("eventName":"","eventName":"b")", "S3 event: 'Records[0].eventName' is sent twice"},
  };
  for (const auto& [member, message] : bad) {
    const std::string_view expected = message;  // clang 14: no structured bindings in CAPTURE's lambda
    CAPTURE(expected);
    auto event = f.parse<ev::s3_event>(records({std::string(R"({"eventSource":"aws:s3",)") + std::string(member) +
                                                R"(,"s3":{"bucket":{"name":"b"},"object":{"key":"k"}}})"}));
    REQUIRE_FALSE(event.ok());
    CHECK(event.error().message == expected);
  }
}

TEST_CASE("S3: the record's keys are told apart exactly, near misses ignored") {
  // keys that share the first byte, or the first and sixth, with the ones read; values checked
  // against simdjson's DOM
  const std::string json = records(
      {R"({"e":"x","eventSourceX":"x","eventS":"x","eventVersion":"2.1","eventTimes":"x","eventSource":"aws:s3",)"
       R"("awsRegion":"eu-west-1","aws":"x","eventTime":"2026-11-28T12:00:01.123Z","eventNam":"x","eventName":"ObjectCreated:Put",)"
       R"("userIdentityX":{"principalId":"no"},"userIdentity":{"principalId":"AWS:AID"},"request":"x",)"
       R"("requestParameters":{"sourceIPAddress":"203.0.113.17"},"responseElementsX":1,)"
       R"("responseElements":{"x-amz-request-id":"RID","x-amz-id-2":"HID"},"s":1,"s3x":{"bucket":{"name":"no"}},)"
       R"("s3":{"configurationId":"cfg","bucket":{"name":"bkt","arn":"arn:aws:s3:::bkt","ownerIdentity":{"principalId":"OWN"}},)"
       R"("object":{"key":"k","size":12,"eTag":"et","versionId":"v","sequencer":"sq"}},"g":"x",)"
       R"("glacierEventData":{"restoreEventData":{"lifecycleRestorationExpiryTime":"2026-12-01T00:00:00.000Z",)"
       R"("lifecycleRestoreStorageClass":"Standard"}}})"});
  fixture f;
  auto event = f.parse<ev::s3_event>(json);
  REQUIRE_MESSAGE(event.ok(), event.error().message);
  simdjson::dom::parser dom;
  simdjson::dom::element record;
  REQUIRE(dom.parse(json).at_pointer("/Records/0").get(record) == simdjson::SUCCESS);
  const auto dom_text = [&](const char* pointer) {
    std::string_view s;
    REQUIRE(record.at_pointer(pointer).get_string().get(s) == simdjson::SUCCESS);
    return s;
  };
  const ev::s3_record& r = event->records[0];
  CHECK(r.event_version == dom_text("/eventVersion"));
  CHECK(r.aws_region == dom_text("/awsRegion"));
  CHECK(r.event_name == dom_text("/eventName"));
  CHECK(r.principal_id == dom_text("/userIdentity/principalId"));
  CHECK(r.source_ip_address == dom_text("/requestParameters/sourceIPAddress"));
  CHECK(r.request_id == dom_text("/responseElements/x-amz-request-id"));
  CHECK(r.host_id == dom_text("/responseElements/x-amz-id-2"));
  CHECK(r.configuration_id == dom_text("/s3/configurationId"));
  CHECK(r.bucket_name == dom_text("/s3/bucket/name"));
  CHECK(r.bucket_owner == dom_text("/s3/bucket/ownerIdentity/principalId"));
  CHECK(r.object.sequencer == dom_text("/s3/object/sequencer"));
  CHECK(r.restore_storage_class == dom_text("/glacierEventData/restoreEventData/lifecycleRestoreStorageClass"));
  CHECK(r.event_time == at(sys_days(2026y / 11 / 28), 12h, 0min, 1s, 123ms));
  CHECK(r.restoration_expiry_time == at(sys_days(2026y / 12 / 1), 0h, 0min, 0s));
  // each key the switch reads, sent twice: refused, as any key sent twice is
  for (const std::string_view member : {R"("eventSource":"aws:s3")", R"("awsRegion":"r")", R"("eventTime":"2026-11-28T12:00:01Z")",
                                        R"("userIdentity":{})", R"("requestParameters":{})", R"("responseElements":{})",
                                        R"("glacierEventData":{})", R"("e":1)"}) {
    CAPTURE(member);
    auto twice = f.parse<ev::s3_event>(records({"{" + std::string(member) + "," + std::string(member) +
                                                R"(,"eventSource":"aws:s3","s3":{"bucket":{"name":"b"}}})"}));
    REQUIRE_FALSE(twice.ok());
    CHECK(twice.error().message.ends_with("' is sent twice"));
  }
  // the time keeps its message when the fast path cannot read it
  auto bad_time = f.parse<ev::s3_event>(
      records({R"({"eventSource":"aws:s3","eventTime":"2026-02-30T12:00:01Z","s3":{"bucket":{"name":"b"}}})"}));
  REQUIRE_FALSE(bad_time.ok());
  CHECK(bad_time.error().message ==
        "S3 event: 'Records[0].eventTime' must be an ISO-8601 time such as 2019-10-29T02:36:48Z");
}

// ---- DynamoDB -----------------------------------------------------------------------------

std::string dynamodb_record(std::string_view new_image, std::string_view seq = "111") {
  return std::string(R"({"eventID":"e1","eventName":"INSERT","eventSource":"aws:dynamodb","dynamodb":{)") +
         R"("ApproximateCreationDateTime":1635734407.1234567,"Keys":{"Id":{"N":"101"}},"NewImage":)" +
         std::string(new_image) + R"(,"SequenceNumber":")" + std::string(seq) +
         R"(","SizeBytes":26,"StreamViewType":"NEW_AND_OLD_IMAGES"}})";
}

std::string dynamodb_records(std::string_view new_image, std::string_view seq = "111") {
  return records({dynamodb_record(new_image, seq)});
}

TEST_CASE("DynamoDB: every AttributeValue type, numbers exact, conversions checked") {
  fixture f;
  auto event = f.parse<ev::dynamodb_event>(dynamodb_records(
      R"({"s":{"S":"text"},"n":{"N":"12345678901234567890123456789012345678"},"i":{"N":"-42"},"d":{"N":"1.5"},)"
      R"("e":{"N":"1E+3"},"b":{"B":"AAEqQQ=="},"t":{"BOOL":true},"z":{"NULL":true},"ss":{"SS":["a","b"]},)"
      R"("ns":{"NS":["1","2.5"]},"bs":{"BS":["AA==","AQ=="]},"l":{"L":[{"S":"x"},{"N":"7"},{"L":[]}]},)"
      R"("m":{"M":{"inner":{"M":{"deep":{"S":"y"}}},"count":{"N":"3"}}}})"));
  REQUIRE_MESSAGE(event.ok(), event.error().message);
  const ev::dynamodb_record& r = event->records[0];
  CHECK(r.sequence_number == "111");
  CHECK(r.size_bytes == 26);
  CHECK(r.approximate_creation == ev::timestamp(milliseconds(1635734407123)));
  CHECK(*r.keys.find("Id")->as<std::int64_t>() == 101);
  const ev::dynamodb_item& item = r.new_image;
  CHECK(item.attributes.size() == 13);
  std::vector<std::string_view> names;
  for (const auto& a : item.attributes) names.push_back(a.name);
  CHECK(names == std::vector<std::string_view>{"s", "n", "i", "d", "e", "b", "t", "z", "ss", "ns", "bs", "l", "m"});
  CHECK(item.error().empty());
  CHECK(item.find("s")->as_string() == "text");
  CHECK_FALSE(item.find("s")->as_number_text().has_value());
  // 38 digits: kept exactly; too large for any integer type, and said so
  CHECK(item.find("n")->as_number_text() == "12345678901234567890123456789012345678");
  CHECK(item.find("n")->as<std::int64_t>().error() == "the number is out of range for the type asked for");
  CHECK(*item.find("n")->as<double>() == doctest::Approx(1.2345678901234568e37));
  CHECK(*item.find("i")->as<std::int64_t>() == -42);
  CHECK(item.find("i")->as<std::uint32_t>().error() == "the number is not an integer");  // a sign
  CHECK(item.find("i")->as<std::int8_t>().ok());
  CHECK(item.find("d")->as<std::int64_t>().error() == "the number is not an integer");
  CHECK(*item.find("d")->as<double>() == 1.5);
  CHECK(*item.find("e")->as<double>() == 1000.0);
  CHECK_FALSE(item.find("e")->as<int>().ok());
  CHECK(item.find("s")->as<int>().error() == "the attribute is not a number (N)");
  CHECK(*item.find("b")->as_binary() == "\x00\x01\x2a\x41"sv);
  CHECK(item.find("t")->as_bool() == true);
  CHECK(item.find("z")->is_null());
  CHECK(item.find("ss")->set().size() == 2);
  CHECK(item.find("ns")->set()[1] == "2.5");
  CHECK(*ev::attribute_value::number_as<double>(item.find("ns")->set()[1]) == 2.5);
  CHECK(item.find("bs")->type() == ev::attribute_type::bs);
  const auto list = item.find("l")->list();
  REQUIRE(list.size() == 3);
  CHECK(list[0].as_string() == "x");
  CHECK(*list[1].as<int>() == 7);
  CHECK(list[2].list().empty());
  CHECK(list[2].type() == ev::attribute_type::l);
  const ev::attribute_value* deep = item.find("m")->find("inner")->find("deep");
  REQUIRE(deep != nullptr);
  CHECK(deep->as_string() == "y");
  CHECK(item.find("m")->map().size() == 2);
  CHECK(item.find("m")->find("absent") == nullptr);
  CHECK(item.find("absent") == nullptr);
  CHECK(r.old_image.empty());
}

TEST_CASE("DynamoDB: a malformed AttributeValue is reported with its path when it is read") {
  std::string bomb = R"({"S":"bottom"})";
  for (int i = 0; i < 40; ++i) bomb = R"({"M":{"k":)" + bomb + "}}";
  struct row {
    std::string name;
    std::string image;
    std::string_view message;
  };
  const std::vector<row> rows = {
      {"two type keys", R"({"a":{"S":"x","N":"1"}})",
       "DynamoDB Streams event: 'Records[0].dynamodb.NewImage.a' must have exactly one type key (S, N, B, BOOL, NULL, SS, NS, BS, L or M)"},
      {"no type key", R"({"a":{}})",
       "DynamoDB Streams event: 'Records[0].dynamodb.NewImage.a' must have exactly one type key (S, N, B, BOOL, NULL, SS, NS, BS, L or M)"},
      {"unknown type", R"({"a":{"X":"1"}})",
       "DynamoDB Streams event: 'Records[0].dynamodb.NewImage.a.X' is not an AttributeValue type (S, N, B, BOOL, NULL, SS, NS, BS, L or M)"},
      {"N not a number", R"({"a":{"N":"{{{count}}}"}})",
       "DynamoDB Streams event: 'Records[0].dynamodb.NewImage.a.N' must be a number written in decimal (DynamoDB's N)"},
      {"N as a JSON number", R"({"a":{"N":5}})", "DynamoDB Streams event: 'Records[0].dynamodb.NewImage.a.N' must be a string"},
      {"NS element", R"({"a":{"NS":["1","x"]}})",
       "DynamoDB Streams event: 'Records[0].dynamodb.NewImage.a.NS' must be a number written in decimal (DynamoDB's N)"},
      {"BOOL a string", R"({"a":{"BOOL":"true"}})",
       "DynamoDB Streams event: 'Records[0].dynamodb.NewImage.a.BOOL' must be true or false"},
      {"L element", R"({"a":{"L":[{"S":"x"},{"Q":1}]}})",
       "DynamoDB Streams event: 'Records[0].dynamodb.NewImage.a.L[1].Q' is not an AttributeValue type (S, N, B, BOOL, NULL, SS, NS, BS, L or M)"},
      {"not an object", R"({"a":"x"})", "DynamoDB Streams event: 'Records[0].dynamodb.NewImage.a' must be an object"},
      {"not JSON inside", R"({"a":{"S":"x" "N":"1"}})", "DynamoDB Streams event: 'Records[0].dynamodb.NewImage.a' is not valid JSON"},
  };
  for (const row& r : rows) {
    CAPTURE(r.name);
    fixture f;
    // parse checks the record and that the image is an object; the attribute is checked when read
    auto event = f.parse<ev::dynamodb_event>(dynamodb_records(r.image));
    REQUIRE_MESSAGE(event.ok(), event.error().message);
    const ev::dynamodb_record& record = event->records[0];
    CHECK(record.image_error().empty());
    const ev::attribute_value* a = record.new_image.find("a");
    REQUIRE(a != nullptr);
    CHECK_FALSE(a->ok());
    CHECK(a->type() == ev::attribute_type::invalid);
    CHECK(a->error() == r.message);
    CHECK(a->as<int>().error() == r.message);
    CHECK(a->as_binary().error() == r.message);
    CHECK_FALSE(a->as_string().has_value());
    CHECK(a->find("k") == a);  // a chain of finds carries the error to its end
    CHECK(record.new_image.error() == r.message);
    CHECK(record.image_error() == r.message);
    const std::span<const ev::dynamodb_attribute> listed = record.new_image.attributes;
    REQUIRE(listed.size() == 1);
    CHECK(listed[0].value.error() == r.message);
    CHECK(record.new_image.find("a") == a);  // typed once
  }
  fixture f;
  auto deep = f.parse<ev::dynamodb_event>(dynamodb_records(R"({"a":)" + bomb + "}"));
  REQUIRE(deep.ok());
  const std::string_view too_deep = deep->records[0].new_image.find("a")->error();
  CHECK(too_deep.starts_with("DynamoDB Streams event: 'Records[0].dynamodb.NewImage.a.M.k.M.k"));
  CHECK(too_deep.ends_with("' nests deeper than DynamoDB's 32 levels"));
  auto not_object = f.parse<ev::dynamodb_event>(dynamodb_records(R"([1])"));
  REQUIRE_FALSE(not_object.ok());
  CHECK(not_object.error().problem == ev::event_problem::invalid_event);
  CHECK(not_object.error().message == "DynamoDB Streams event: 'Records[0].dynamodb.NewImage' must be an object");
  auto bad_binary = f.parse<ev::dynamodb_event>(dynamodb_records(R"({"b":{"B":"%%%"}})"));
  REQUIRE(bad_binary.ok());  // base64 is checked when read
  CHECK(bad_binary->records[0].new_image.find("b")->as_binary().error() == "the attribute's B value is not base64");
}

TEST_CASE("DynamoDB: images are read on first use; parse checks the records and that each image is an object") {
  fixture f;
  // qty of the second item is broken, and so is "later", which the handler below never reads
  const std::string image =
      R"({"pk":{"S":"ORDER#1"},"items":{"L":[{"M":{"qty":{"N":"1"}}},{"M":{"qty":{"N":"two"}}}]},)"
      R"("count":{"N":"3"},"later":{"S":"x","BOOL":true}})";
  auto event = f.parse<ev::dynamodb_event>(records({dynamodb_record(image, "s1"), dynamodb_record(" { } ", "s2")}));
  REQUIRE_MESSAGE(event.ok(), event.error().message);
  const ev::dynamodb_record& r = event->records[0];
  CHECK(r.new_image.json() == image);  // the text as sent, a view into the event
  CHECK_FALSE(r.new_image.empty());
  CHECK(event->records[1].new_image.empty());
  CHECK(event->records[1].new_image.json() == "{ }");
  CHECK(*r.new_image.find("count")->as<int>() == 3);
  CHECK(r.new_image.find("pk")->as_string() == "ORDER#1");
  CHECK(r.new_image.find("absent") == nullptr);
  CHECK(r.old_image.find("pk") == nullptr);
  CHECK(r.old_image.json().empty());
  CHECK(r.image_error().empty());  // the broken attributes are not read yet
  const ev::attribute_value* items = r.new_image.find("items");
  REQUIRE(items != nullptr);
  const std::string_view why = "DynamoDB Streams event: 'Records[0].dynamodb.NewImage.items.L[1].M.qty.N' must be a "
                               "number written in decimal (DynamoDB's N)";
  CHECK(items->error() == why);
  CHECK(items->list().empty());
  CHECK(r.new_image.error() == why);
  CHECK(r.image_error() == why);
  // the other attributes stay readable; listing them types the rest, broken ones invalid in place
  CHECK(*r.new_image.find("count")->as<int>() == 3);
  const std::span<const ev::dynamodb_attribute> listed = r.new_image.attributes;  // types the rest
  REQUIRE(listed.size() == 4);
  CHECK(listed[1].value.error() == why);
  CHECK(listed[2].value.as_number_text() == "3");
  CHECK(r.new_image.find("later")->error() ==
        "DynamoDB Streams event: 'Records[0].dynamodb.NewImage.later' must have exactly one type key (S, N, B, BOOL, "
        "NULL, SS, NS, BS, L or M)");
  CHECK(r.image_error() == why);  // the first problem met
  CHECK(*r.keys.find("Id")->as<int>() == 101);
  CHECK(r.keys.error().empty());

  // the compact form DynamoDB sends is typed without a parser, any other spelling by the reader: same values
  auto spelled = f.parse<ev::dynamodb_event>(dynamodb_records(
      R"({"s1":{"S":"a b"},"s2":{ "S" : "a b" },"s3":{"S":"a\u0020b"},"s4":{"S":"q\"q"},"n1":{"N":"-1.5e3"},)"
      R"("n2":{"N" :"-1.5e3"},"t1":{"BOOL":false},"t2":{"BOOL" : false},"z1":{"NULL":true},"z2":{"NULL": true},)"
      R"("b1":{"B":"AAE="},"b2":{"B":"AA\u0045="},"e":{"S":""}})"));
  REQUIRE(spelled.ok());
  const ev::dynamodb_item& spellings = spelled->records[0].new_image;
  for (const char* name : {"s1", "s2", "s3"}) CHECK(spellings.find(name)->as_string() == "a b");
  CHECK(spellings.find("s4")->as_string() == "q\"q");
  for (const char* name : {"n1", "n2"}) CHECK(spellings.find(name)->as_number_text() == "-1.5e3");
  for (const char* name : {"t1", "t2"}) CHECK(spellings.find(name)->as_bool() == false);
  for (const char* name : {"z1", "z2"}) CHECK(spellings.find(name)->is_null());
  for (const char* name : {"b1", "b2"}) CHECK(*spellings.find(name)->as_binary() == "\x00\x01"sv);
  CHECK(spellings.find("e")->as_string() == "");
  CHECK(spellings.attributes.size() == 13);

  // still checked by parse: the record, each field's type, an image that is not an object, one sent twice
  auto twice = f.parse<ev::dynamodb_event>(records(
      {R"({"eventSource":"aws:dynamodb","dynamodb":{"SequenceNumber":"1","Keys":{"a":{"S":"x"}},"Keys":{}}})"}));
  CHECK(twice.error().message == "DynamoDB Streams event: 'Records[0].dynamodb.Keys' is sent twice");
  auto keys_array = f.parse<ev::dynamodb_event>(
      records({R"({"eventSource":"aws:dynamodb","dynamodb":{"SequenceNumber":"1","Keys":"x"}})"}));
  CHECK(keys_array.error().message == "DynamoDB Streams event: 'Records[0].dynamodb.Keys' must be an object");
  // parse reads the image's members (names and where each value ends), not the values' insides:
  // an image whose member list is not JSON is refused, an attribute whose inside is not JSON is
  // refused when read
  auto garbled = f.parse<ev::dynamodb_event>(dynamodb_records(R"({"a":{"S":"x"} "b":{"S":"y"}})"));
  CHECK(garbled.error().problem == ev::event_problem::not_json);
  auto inside = f.parse<ev::dynamodb_event>(dynamodb_records(R"({"a":{"S":"x" "N":"1"},"b":{"S":"y"}})"));
  REQUIRE(inside.ok());
  CHECK(inside->records[0].new_image.find("b")->as_string() == "y");
  CHECK(inside->records[0].new_image.find("a")->error() ==
        "DynamoDB Streams event: 'Records[0].dynamodb.NewImage.a' is not valid JSON");
}

TEST_CASE("DynamoDB and Kinesis: tumbling windows") {
  fixture f;
  auto event = f.parse<ev::kinesis_event>(
      R"({"Records":[],"window":{"start":"2020-12-09T07:04:00Z","end":"2020-12-09T07:06:00Z"},)"
      R"("state":{"1":"state 1"},"shardId":"shardId-6","eventSourceARN":"arn:k","isFinalInvokeForWindow":true,)"
      R"("isWindowTerminatedEarly":false})");
  REQUIRE_MESSAGE(event.ok(), event.error().message);
  CHECK(event->window.present);
  CHECK(event->window.start == at(sys_days(2020y / 12 / 9), 7h, 4min, 0s));
  CHECK(event->window.end - event->window.start == minutes(2));
  CHECK(event->window.state_json == R"({"1":"state 1"})");
  CHECK(event->window.shard_id == "shardId-6");
  CHECK(event->window.final_invoke);
  CHECK(event->records.empty());
  auto plain = f.parse<ev::dynamodb_event>(dynamodb_records(R"({})"));
  CHECK_FALSE(plain->window.present);
}

// ---- Kinesis ------------------------------------------------------------------------------

TEST_CASE("Kinesis: base64 data decoded on first use, float-second arrival times") {
  fixture f;
  auto event = f.parse<ev::kinesis_event>(records(
      {R"({"kinesis":{"kinesisSchemaVersion":"1.0","partitionKey":"p","sequenceNumber":"4956","data":"SGVsbG8gV29ybGQ=",)"
       R"("approximateArrivalTimestamp":1480641523.477},"eventSource":"aws:kinesis","eventID":"shardId-0:4956",)"
       R"("eventSourceARN":"arn:k"})",
       R"({"kinesis":{"sequenceNumber":"4957","data":"no base64 here","approximateArrivalTimestamp":1428537600},)"
       R"("eventSource":"aws:kinesis"})"}));
  REQUIRE_MESSAGE(event.ok(), event.error().message);
  const ev::kinesis_record& a = event->records[0];
  CHECK(a.partition_key == "p");
  CHECK(a.approximate_arrival == ev::timestamp(milliseconds(1480641523477)));
  CHECK(*a.data() == "Hello World");
  CHECK(event->records[1].approximate_arrival == ev::timestamp(seconds(1428537600)));
  CHECK(event->records[1].data().error() == "Kinesis record 'data' is not base64");

  auto no_seq = f.parse<ev::kinesis_event>(records({R"({"kinesis":{"data":""},"eventSource":"aws:kinesis"})"}));
  CHECK(no_seq.error().message == "Kinesis event: 'Records[0].kinesis.sequenceNumber' is missing: every Kinesis record has one");
  auto bad_time = f.parse<ev::kinesis_event>(
      records({R"({"kinesis":{"sequenceNumber":"1","approximateArrivalTimestamp":"1428537600"},"eventSource":"aws:kinesis"})"}));
  CHECK(bad_time.error().message == "Kinesis event: 'Records[0].kinesis.approximateArrivalTimestamp' must be a number");

  // simdjson 3.0 reads 0.20000008014526150146 as 0.0155 (its issue #2093): long fractions are
  // read again, so the time is 200 ms after the epoch, not 15 ms
  auto long_fraction = f.parse<ev::kinesis_event>(records(
      {R"({"kinesis":{"sequenceNumber":"1","approximateArrivalTimestamp":0.20000008014526150146},"eventSource":"aws:kinesis"})"}));
  REQUIRE_MESSAGE(long_fraction.ok(), long_fraction.error().message);
  CHECK(long_fraction->records[0].approximate_arrival == ev::timestamp(milliseconds(200)));
}

// ---- EventBridge --------------------------------------------------------------------------

struct order_placed {
  std::string_view order_id;
  std::int64_t total = 0;
  std::optional<std::string_view> note;
  static constexpr auto sluice_fields() {
    return sluice::fields(sluice::field<"orderId">(&order_placed::order_id),
                          sluice::field<"total">(&order_placed::total, sluice::range{0, 1000}),
                          sluice::field<"note">(&order_placed::note));
  }
};

struct nothing {
  static constexpr auto sluice_fields() { return sluice::fields(); }
};

std::string eventbridge(std::string_view source, std::string_view detail) {
  return std::string(R"({"version":"0","id":"id-1","detail-type":"T","source":")") + std::string(source) +
         R"(","account":"123","time":"2019-10-29T02:36:48Z","region":"us-east-1","resources":["arn:r"],"detail":)" +
         std::string(detail) + "}";
}

TEST_CASE("EventBridge: envelope, typed detail bound strictly, Scheduler's string detail") {
  fixture f;
  auto event = f.parse<ev::eventbridge_event>(eventbridge("shop", R"({"orderId":"o-1","total":99})"));
  REQUIRE_MESSAGE(event.ok(), event.error().message);
  CHECK(event->id == "id-1");
  CHECK(event->detail_type == "T");
  CHECK(event->time == at(sys_days(2019y / 10 / 29), 2h, 36min, 48s));
  REQUIRE(event->resources.size() == 1);
  CHECK(event->resources[0] == "arn:r");
  CHECK_FALSE(event->from_scheduler());
  const auto order = event->detail_as<order_placed>();
  REQUIRE_MESSAGE(order.ok(), order.error());
  CHECK(order->order_id == "o-1");
  CHECK(order->total == 99);
  CHECK_FALSE(order->note.has_value());

  struct row {
    std::string detail;
    std::string_view message;
  };
  const row bad[] = {
      {R"({"orderId":"o-1","total":5000})", "EventBridge detail field 'total' must be an integer from 0 to 1000"},
      {R"({"orderId":"o-1"})", "EventBridge detail field 'total' is required"},
      {R"({"orderId":"o-1","total":1,"extra":true})", "EventBridge detail field 'extra' is not allowed"},
      {R"([1])", "detail' must be an object (or, from Scheduler, a JSON string)"},
  };
  for (const row& r : bad) {
    CAPTURE(r.detail);
    fixture g;
    auto e = g.parse<ev::eventbridge_event>(eventbridge("shop", r.detail));
    std::string message;
    if (!e.ok()) {
      message = e.error().message;
    } else {
      message = e->detail_as<order_placed>().error();
    }
    CHECK_MESSAGE(message.find(r.message) != std::string::npos, message);
  }

  // Scheduler: "detail": "{}" (a string), and a string holding a detail
  fixture s;
  auto scheduled = s.parse<ev::eventbridge_event>(eventbridge("aws.scheduler", R"("{}")"));
  REQUIRE_MESSAGE(scheduled.ok(), scheduled.error().message);
  CHECK(scheduled->from_scheduler());
  CHECK(scheduled->detail_was_string);
  CHECK(scheduled->detail_json == "{}");
  CHECK(scheduled->detail_as<nothing>().ok());
  auto with_text = s.parse<ev::eventbridge_event>(eventbridge("aws.scheduler", R"("{\"orderId\":\"o-2\",\"total\":3}")"));
  REQUIRE(with_text.ok());
  CHECK(with_text->detail_as<order_placed>()->order_id == "o-2");
  auto not_json = s.parse<ev::eventbridge_event>(eventbridge("aws.scheduler", R"("{oops")"));
  REQUIRE(not_json.ok());
  CHECK(not_json->detail_as<order_placed>().error() == "the EventBridge detail is not valid JSON");

  auto missing = s.parse<ev::eventbridge_event>(R"({"source":"x","detail":{}})");
  CHECK(missing.error().problem == ev::event_problem::other_source);
  CHECK(missing.error().message ==
        "EventBridge event: expected an EventBridge event (an object with detail-type and source); got an object with keys source, detail");
}

TEST_CASE("EventBridge: eventbridge_event_of<T> binds the detail in the same pass, as detail_as<T> does") {
  using typed = ev::eventbridge_event_of<order_placed>;
  // the same answers as the untyped view and detail_as, for good and bad details alike
  const std::string details[] = {
      R"({"orderId":"o-1","total":99})",
      R"( { "total" : 7 , "note" : "gift" , "orderId" : "o-\u00e9" } )",
      R"({"orderId":"o-1","total":5000})",
      R"({"orderId":"o-1"})",
      R"({"orderId":"o-1","total":1,"extra":true})",
      R"({"orderId":"o-1","total":1,"total":2})",
      R"({"orderId":7,"total":1})",
      R"([1])",
      R"("{\"orderId\":\"o-2\",\"total\":3}")",
      R"("{oops")",
      R"(null)",
  };
  for (const std::string& detail : details) {
    for (const std::string_view source : {"shop", "aws.scheduler"}) {
      CAPTURE(detail);
      fixture f;
      const std::string json = eventbridge(source, detail);
      auto untyped = f.parse<ev::eventbridge_event>(json);
      auto event = f.parse<typed>(json);
      std::string untyped_error;
      if (!untyped.ok()) untyped_error = untyped.error().message;
      else if (auto d = untyped->detail_as<order_placed>(); !d.ok()) untyped_error = d.error();
      if (untyped_error.empty()) {
        REQUIRE_MESSAGE(event.ok(), event.error().message);
        const auto d = untyped->detail_as<order_placed>();
        CHECK(event->detail.order_id == d->order_id);
        CHECK(event->detail.total == d->total);
        CHECK(event->detail.note == d->note);
        CHECK(event->detail_json == untyped->detail_json);
        CHECK(event->id == "id-1");
        CHECK(event->time == untyped->time);
        continue;
      }
      REQUIRE_FALSE(event.ok());
      CHECK(event.error().problem == ev::event_problem::invalid_event);
      const std::string message(event.error().message);
      CHECK_MESSAGE(message.starts_with("EventBridge event: 'detail' "), message);
      // the untyped message's tail ("field 'total' must be ...", "is not valid JSON") is kept
      const std::string tail = untyped_error.substr(untyped_error.find("detail") + 7);
      CHECK_MESSAGE(message.ends_with(tail), message << " / " << untyped_error);
    }
  }
  // a handler takes it as it takes any view: the dispatcher parses it once, detail included
  const auto app = sluice::event_handlers(sluice::on<typed>([](const typed& e) {
    return std::string(R"({"order":")") + std::string(e.detail.order_id) + R"(","total":)" + std::to_string(e.detail.total) + "}";
  }));
  const auto answer = app.handle(eventbridge("shop", R"({"orderId":"o-9","total":12})"));
  REQUIRE_MESSAGE(answer.ok, answer.error_message);
  CHECK(answer.payload == R"({"order":"o-9","total":12})");
  const auto refused = app.handle(eventbridge("shop", R"({"orderId":"o-9","total":"12"})"));
  CHECK(refused.error_type == "Sluice.InvalidEvent");
  CHECK(refused.error_message == "EventBridge event: 'detail' field 'total' must be an integer");

  {
    // two details bound one after the other: the first one's strings are still its own
    fixture g;
    auto one = g.parse<ev::eventbridge_event>(eventbridge("shop", R"({"orderId":"o-\u00e91","total":1})"));
    auto two = g.parse<ev::eventbridge_event>(eventbridge("shop", R"({"orderId":"o-\u00e92","total":2})"));
    const auto first = one->detail_as<order_placed>();
    const auto second = two->detail_as<order_placed>();
    CHECK(first->order_id == "o-\xC3\xA9" "1");
    CHECK(second->order_id == "o-\xC3\xA9" "2");
  }
  fixture f;
  auto no_detail = f.parse<ev::eventbridge_event_of<nothing>>(R"({"source":"x","detail-type":"T","id":"i"})");
  REQUIRE_MESSAGE(no_detail.ok(), no_detail.error().message);
  CHECK(no_detail->detail_json == "{}");
  auto required = f.parse<typed>(R"({"source":"x","detail-type":"T"})");
  REQUIRE_FALSE(required.ok());
  CHECK(std::string(required.error().message) == "EventBridge event: 'detail' field 'orderId' is required");
  // another source's payload is still another source's, whatever its detail
  auto sqs = f.parse<typed>(records({sqs_record("a", R"("x")")}));
  REQUIRE_FALSE(sqs.ok());
  CHECK(sqs.error().problem == ev::event_problem::other_source);
  auto foreign = f.parse<typed>(R"({"detail":{"total":"many"},"Records":[]})");
  REQUIRE_FALSE(foreign.ok());
  CHECK(foreign.error().problem == ev::event_problem::other_source);
  auto broken = f.parse<typed>(R"({"source":"x","detail-type":"T","detail":{"orderId":"o","total":1)");
  REQUIRE_FALSE(broken.ok());
  CHECK(broken.error().problem == ev::event_problem::not_json);
}

TEST_CASE("EventBridge: S3 events delivered by EventBridge, read as a typed detail") {
  fixture f;
  // the shape of AWS's documented "Object Created" and "Object Restore Completed" events
  auto created = f.parse<ev::eventbridge_event>(eventbridge(
      "aws.s3", R"({"version":"0","bucket":{"name":"photos"},"object":{"key":"2026/red flower.jpg","size":5,)"
                R"("etag":"b1946ac92492d2347c6235b4d2611184","version-id":"IYV3p45BT0ac8hjHg1houSdS1a.Mro8e",)"
                R"("sequencer":"617f08299329d189"},"request-id":"N4N7GDK58NMKJ12R","requester":"123456789012",)"
                R"("source-ip-address":"1.2.3.4","reason":"PutObject","future-field":{"x":[1,2]}})"));
  REQUIRE_MESSAGE(created.ok(), created.error().message);
  auto d = created->detail_as<ev::s3_eventbridge_detail>();
  REQUIRE_MESSAGE(d.ok(), d.error());
  CHECK(d->bucket_name == "photos");
  CHECK(d->key == "2026/red flower.jpg");
  CHECK(d->size == 5);
  CHECK(d->etag == "b1946ac92492d2347c6235b4d2611184");
  CHECK(d->version_id == "IYV3p45BT0ac8hjHg1houSdS1a.Mro8e");
  CHECK(d->sequencer == "617f08299329d189");
  CHECK(d->request_id == "N4N7GDK58NMKJ12R");
  CHECK(d->requester == "123456789012");
  CHECK(d->source_ip_address == "1.2.3.4");
  CHECK(d->reason == "PutObject");
  CHECK(d->deletion_type.empty());

  auto restored = f.parse<ev::eventbridge_event>(eventbridge(
      "aws.s3", R"({"version":"0","bucket":{"name":"b"},"object":{"key":"k","size":5},"request-id":"r",)"
                R"("requester":"s3.amazonaws.com","restore-expiry-time":"2021-11-13T00:00:00Z","source-storage-class":"GLACIER"})"));
  REQUIRE(restored.ok());
  auto r = restored->detail_as<ev::s3_eventbridge_detail>();
  REQUIRE_MESSAGE(r.ok(), r.error());
  CHECK(r->restore_expiry_time == at(sys_days(2021y / 11 / 13), 0h, 0min, 0s));
  CHECK(r->source_storage_class == "GLACIER");

  auto no_key = f.parse<ev::eventbridge_event>(eventbridge("aws.s3", R"({"bucket":{"name":"b"},"object":{"size":1}})"));
  REQUIRE(no_key.ok());
  CHECK(no_key->detail_as<ev::s3_eventbridge_detail>().error() ==
        "S3 EventBridge detail: 'object.key' is missing: every S3 object event names its object");
  auto bad_size = f.parse<ev::eventbridge_event>(eventbridge("aws.s3", R"({"bucket":{"name":"b"},"object":{"key":"k","size":"5"}})"));
  REQUIRE(bad_size.ok());
  CHECK(bad_size->detail_as<ev::s3_eventbridge_detail>().error() == "S3 EventBridge detail: 'object.size' must be an integer");
}

// ---- CloudWatch Logs ----------------------------------------------------------------------

/// gzip, written with zlib's deflate (the decoder uses inflate).
std::string gzip(std::string_view data) {
  z_stream z{};
  REQUIRE(deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) == Z_OK);
  std::string out(deflateBound(&z, static_cast<uLong>(data.size())) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::string base64(std::string_view bytes) {
  std::string out(sluice::detail::base64_encoded_size(bytes.size()), '\0');
  sluice::detail::base64_encode(bytes, out.data());
  return out;
}

std::string awslogs(std::string_view data_base64) {
  return R"({"awslogs":{"data":")" + std::string(data_base64) + R"("}})";
}

TEST_CASE("CloudWatch Logs: base64 + gzip inflated into the arena, log lines as views") {
  const std::string logs =
      R"({"messageType":"DATA_MESSAGE","owner":"123","logGroup":"/aws/lambda/f","logStream":"s",)"
      R"("subscriptionFilters":["f1"],"logEvents":[{"id":"1","timestamp":1510109208016,"message":"one \"q\""},)"
      R"({"id":"2","timestamp":1510109208017,"message":"two"}]})";
  fixture f;
  auto event = f.parse<ev::cloudwatch_logs_event>(awslogs(base64(gzip(logs))));
  REQUIRE_MESSAGE(event.ok(), event.error().message);
  CHECK(event->inflated_json == logs);
  CHECK(event->log_group == "/aws/lambda/f");
  CHECK_FALSE(event->is_control_message());
  REQUIRE(event->subscription_filters.size() == 1);
  REQUIRE(event->log_events.size() == 2);
  CHECK(event->log_events[0].message == "one \"q\"");
  CHECK(event->log_events[1].time == ev::timestamp(milliseconds(1510109208017)));

  auto control = f.parse<ev::cloudwatch_logs_event>(
      awslogs(base64(gzip(R"({"messageType":"CONTROL_MESSAGE","owner":"CloudwatchLogs","logGroup":"","logStream":"",)"
                          R"("subscriptionFilters":[],"logEvents":[{"id":"","timestamp":1,"message":"CWL CONTROL MESSAGE"}]})"))));
  REQUIRE(control.ok());
  CHECK(control->is_control_message());
}

TEST_CASE("CloudWatch Logs: bombs, truncation and garbage are error values") {
  const std::string zeros(8 * 1024 * 1024, ' ');
  const std::string bomb = gzip("{\"messageType\":\"DATA_MESSAGE\"" + zeros + "}");
  CHECK(bomb.size() < 16 * 1024);  // a small event that would inflate to 8 MB
  {
    fixture f;
    ev::cloudwatch_logs_limits limits;
    limits.max_inflated_bytes = 1024 * 1024;
    auto event = ev::cloudwatch_logs_event::parse(f.padded(awslogs(base64(bomb))), f.mem,
                                                  sluice::detail::event_json::event_parser(), limits);
    REQUIRE_FALSE(event.ok());
    CHECK(event.error().problem == ev::event_problem::too_large);
    CHECK(f.mem.capacity() < 4 * 1024 * 1024);  // stopped at the limit, not after inflating
  }
  {
    fixture f;  // the default limit (16 MB) lets the same document through
    auto event = f.parse<ev::cloudwatch_logs_event>(awslogs(base64(bomb)));
    REQUIRE_MESSAGE(event.ok(), event.error().message);
    CHECK(event->inflated_json.size() == zeros.size() + 30);
  }
  const std::string good = gzip(R"({"messageType":"DATA_MESSAGE","logEvents":[]})");
  struct row {
    std::string name;
    std::string json;
    ev::event_problem problem;
    std::string_view message;
  };
  const std::vector<row> rows = {
      {"not base64", awslogs("@@@@"), ev::event_problem::invalid_event, "'awslogs.data' is not base64"},
      {"not gzip", awslogs(base64("plain text, not gzip")), ev::event_problem::invalid_event, "not valid gzip data"},
      {"truncated", awslogs(base64(good.substr(0, good.size() / 2))), ev::event_problem::invalid_event, "truncated"},
      {"trailing bytes", awslogs(base64(good + "xyz")), ev::event_problem::invalid_event, "bytes after its gzip stream"},
      {"inflates to non-JSON", awslogs(base64(gzip("not json"))), ev::event_problem::invalid_event,
       "awslogs.data: the payload is not valid JSON"},
      {"inflates to a wrong shape", awslogs(base64(gzip(R"({"messageType":"DATA_MESSAGE","logEvents":{}})"))),
       ev::event_problem::invalid_event, "'logEvents' must be an array"},
      {"data a number", R"({"awslogs":{"data":5}})", ev::event_problem::invalid_event, "'awslogs.data' must be a string"},
      {"another source", R"({"Records":[]})", ev::event_problem::other_source, "got an object with keys Records"},
  };
  for (const row& r : rows) {
    CAPTURE(r.name);
    fixture f;
    auto event = f.parse<ev::cloudwatch_logs_event>(r.json);
    REQUIRE_FALSE(event.ok());
    CHECK(event.error().problem == r.problem);
    CHECK_MESSAGE(std::string(event.error().message).find(r.message) != std::string::npos, event.error().message);
  }
}

// ---- Firehose -----------------------------------------------------------------------------

std::string firehose(const std::vector<std::string>& records) {
  std::string out = R"({"invocationId":"inv-1","deliveryStreamArn":"arn:firehose","region":"eu-west-1","records":[)";
  for (std::size_t i = 0; i < records.size(); ++i) out += (i ? "," : "") + records[i];
  return out + "]}";
}

std::string firehose_record(std::string_view id, std::string_view bytes) {
  return R"({"recordId":")" + std::string(id) + R"(","approximateArrivalTimestamp":1507217624302,"data":")" +
         base64(bytes) + R"("})";
}

TEST_CASE("Firehose: every record answered, Ok with new data, Dropped and ProcessingFailed with the old") {
  fixture f;
  auto event = f.parse<ev::firehose_event>(firehose({firehose_record("r1", "hello"), firehose_record("r2", "drop me"),
                                                     firehose_record("r3", "throw"), firehose_record("r4", "fail")}));
  REQUIRE_MESSAGE(event.ok(), event.error().message);
  CHECK(event->invocation_id == "inv-1");
  CHECK(event->records[0].approximate_arrival == ev::timestamp(milliseconds(1507217624302)));
  CHECK(*event->records[1].data() == "drop me");
  const ev::firehose_response response = ev::transform(*event, f.mem, [&](const ev::firehose_record& r) {
    const std::string_view bytes = *r.data();
    if (bytes == "drop me") return ev::firehose_result::dropped();
    if (bytes == "throw") throw std::runtime_error("bad record");
    if (bytes == "fail") return ev::firehose_result::failed();
    return ev::firehose_result::ok(f.mem.copy(std::string(bytes) + "!"));
  });
  simdjson::dom::parser dom;
  simdjson::dom::element root;
  const std::string_view json = response.to_json(f.mem);
  REQUIRE(dom.parse(json.data(), json.size()).get(root) == simdjson::SUCCESS);
  struct expected {
    std::string_view id, result, data;
  };
  const expected rows[] = {{"r1", "Ok", "hello!"}, {"r2", "Dropped", "drop me"}, {"r3", "ProcessingFailed", "throw"},
                           {"r4", "ProcessingFailed", "fail"}};
  std::size_t i = 0;
  const simdjson::dom::array answered = root["records"].get_array().value();
  for (simdjson::dom::element r : answered) {
    REQUIRE(i < 4);
    CHECK(r["recordId"].get_string().value() == rows[i].id);
    CHECK(r["result"].get_string().value() == rows[i].result);
    sluice::detail::arena scratch;
    CHECK(*sluice::detail::base64_decode(r["data"].get_string().value(), scratch) == rows[i].data);
    ++i;
  }
  CHECK(i == 4);

  struct bad {
    std::string name;
    std::string json;
    ev::event_problem problem;
    std::string_view message;
  };
  const std::vector<bad> rows_bad = {
      {"no recordId", firehose({R"({"data":"AA=="})"}), ev::event_problem::invalid_event,
       "'records[0].recordId' is missing: Firehose needs every record's id back"},
      {"data a number", firehose({R"({"recordId":"a","data":5})"}), ev::event_problem::invalid_event,
       "'records[0].data' must be a string"},
      {"Kinesis Data Analytics", R"({"invocationId":"i","applicationArn":"arn:app","records":[]})",
       ev::event_problem::other_source, "got an object with keys invocationId, applicationArn, records"},
      {"no records", R"({"invocationId":"i"})", ev::event_problem::other_source, "got an object with keys invocationId"},
  };
  for (const bad& r : rows_bad) {
    CAPTURE(r.name);
    fixture g;
    auto e = g.parse<ev::firehose_event>(r.json);
    REQUIRE_FALSE(e.ok());
    CHECK(e.error().problem == r.problem);
    CHECK_MESSAGE(std::string(e.error().message).find(r.message) != std::string::npos, e.error().message);
  }
}

// ---- authorizers --------------------------------------------------------------------------

TEST_CASE("Authorizers: TOKEN, REQUEST 1.0 and 2.0 requests as views") {
  fixture f;
  auto token = f.parse<ev::authorizer_request>(
      R"({"type":"TOKEN","authorizationToken":"Bearer abc","methodArn":"arn:aws:execute-api:r:1:api/prod/GET/pets"})");
  REQUIRE_MESSAGE(token.ok(), token.error().message);
  CHECK(token->type == ev::authorizer_type::token);
  CHECK(token->authorization_token == "Bearer abc");
  CHECK(token->arn() == "arn:aws:execute-api:r:1:api/prod/GET/pets");

  auto v1 = f.parse<ev::authorizer_request>(
      R"({"version":"1.0","type":"REQUEST","methodArn":"arn:m","identitySource":"user1,123","resource":"/r","path":"/p",)"
      R"("httpMethod":"GET","headers":{"Authorization":"t","X-Null":null},"queryStringParameters":{"q":"1"},)"
      R"("pathParameters":null,"stageVariables":{"s":"v"},"requestContext":{"accountId":"1","apiId":"api",)"
      R"("stage":"prod","requestId":"rq","identity":{"sourceIp":"203.0.113.9"}}})");
  REQUIRE_MESSAGE(v1.ok(), v1.error().message);
  CHECK(v1->type == ev::authorizer_type::request);
  CHECK(v1->identity_source.size() == 2);
  CHECK(v1->identity_source[1] == "123");
  CHECK(v1->header("authorization") == "t");
  CHECK_FALSE(v1->header("x-null").has_value());
  CHECK(v1->query.size() == 1);
  CHECK(v1->path_parameters.empty());
  CHECK(v1->source_ip == "203.0.113.9");
  CHECK(v1->stage == "prod");

  auto v2 = f.parse<ev::authorizer_request>(
      R"({"version":"2.0","type":"REQUEST","routeArn":"arn:r","identitySource":["a","b"],"routeKey":"GET /x",)"
      R"("rawPath":"/x","cookies":["c=1"],"requestContext":{"http":{"method":"GET","sourceIp":"198.51.100.1"}}})");
  REQUIRE_MESSAGE(v2.ok(), v2.error().message);
  CHECK(v2->arn() == "arn:r");
  CHECK(v2->http_method == "GET");
  CHECK(v2->cookies.size() == 1);
  CHECK(v2->source_ip == "198.51.100.1");

  struct row {
    std::string name;
    std::string json;
    ev::event_problem problem;
    std::string_view message;
  };
  const std::vector<row> rows = {
      {"an HTTP request", R"({"httpMethod":"GET","path":"/","type":7})", ev::event_problem::other_source,
       "got an object with keys httpMethod, path, type"},
      {"no ARN", R"({"type":"TOKEN","authorizationToken":"t"})", ev::event_problem::other_source, "expected an API Gateway"},
      {"token a number", R"({"type":"TOKEN","authorizationToken":5,"methodArn":"arn"})", ev::event_problem::invalid_event,
       "authorizer request: 'authorizationToken' must be a string"},
      {"headers of numbers", R"({"type":"REQUEST","methodArn":"arn","headers":{"a":1}})", ev::event_problem::invalid_event,
       "'headers.a' must be a string"},
  };
  for (const row& r : rows) {
    CAPTURE(r.name);
    fixture g;
    auto e = g.parse<ev::authorizer_request>(r.json);
    REQUIRE_FALSE(e.ok());
    CHECK(e.error().problem == r.problem);
    CHECK_MESSAGE(std::string(e.error().message).find(r.message) != std::string::npos, e.error().message);
  }
}

TEST_CASE("Authorizers: IAM policy and simple answers, context values only as strings, numbers and booleans") {
  sluice::detail::arena mem;
  const std::string_view policy = ev::iam_policy("user \"7\"", mem)
                                      .allow("arn:a/prod/GET/pets")
                                      .allow("arn:a/prod/GET/pets/*")
                                      .deny("arn:a/prod/DELETE/*")
                                      .context("tenant", "acme")
                                      .context("admin", false)
                                      .context("quota", 42)
                                      .context("ratio", 0.5)
                                      .context("odd", std::numeric_limits<double>::quiet_NaN())
                                      .usage_identifier_key("key-1")
                                      .to_json(mem);
  simdjson::dom::parser dom;
  simdjson::dom::element root = parsed_json_for_auth(dom, policy);
  CHECK(root["principalId"].get_string().value() == "user \"7\"");
  CHECK(root["policyDocument"]["Version"].get_string().value() == "2012-10-17");
  const simdjson::dom::array statements = root["policyDocument"]["Statement"].get_array().value();
  REQUIRE(statements.size() == 2);
  CHECK(statements.at(0)["Effect"].get_string().value() == "Allow");
  CHECK(statements.at(0)["Action"].get_string().value() == "execute-api:Invoke");
  CHECK(statements.at(0)["Resource"].get_array().value().size() == 2);
  CHECK(statements.at(1)["Effect"].get_string().value() == "Deny");
  CHECK(root["context"]["tenant"].get_string().value() == "acme");
  CHECK(root["context"]["admin"].get_bool().value() == false);
  CHECK(root["context"]["quota"].get_int64().value() == 42);
  CHECK(root["context"]["ratio"].get_double().value() == 0.5);
  CHECK(root["context"]["odd"].get_string().value() == "NaN");
  CHECK(root["usageIdentifierKey"].get_string().value() == "key-1");

  const std::string_view simple = ev::simple_authorization(true, mem).context("user", "u-7").to_json(mem);
  CHECK(simple == R"({"isAuthorized":true,"context":{"user":"u-7"}})");
  CHECK(ev::simple_authorization(false, mem).to_json(mem) == R"({"isAuthorized":false,"context":{}})");
  CHECK(ev::iam_policy("p", mem).to_json(mem) ==
        R"({"principalId":"p","policyDocument":{"Version":"2012-10-17","Statement":[]},"context":{}})");
}

// ---- WebSocket ----------------------------------------------------------------------------

std::string websocket(std::string_view route_key, std::string_view type, std::string_view extra = "") {
  return std::string(R"({"requestContext":{"routeKey":")") + std::string(route_key) + R"(","eventType":")" +
         std::string(type) + R"(","connectionId":"c-1","connectedAt":1705751697419,"stage":"prod",)"
         R"("identity":{"sourceIp":"198.51.100.7"},"requestId":"rq"})" + std::string(extra) + "}";
}

TEST_CASE("WebSocket: events as views, routes by route key with $default, answers") {
  fixture f;
  auto connect = f.parse<ev::websocket_event>(
      websocket("$connect", "CONNECT", R"(,"headers":{"Sec-WebSocket-Protocol":"chat","Authorization":"t"},)"
                                       R"("queryStringParameters":{"room":"7"},"isBase64Encoded":false)"));
  REQUIRE_MESSAGE(connect.ok(), connect.error().message);
  CHECK(connect->event_type == ev::websocket_event_type::connect);
  CHECK(connect->connection_id == "c-1");
  CHECK(connect->connected_at == ev::timestamp(milliseconds(1705751697419)));
  CHECK(connect->header("authorization") == "t");
  CHECK(connect->query_parameter("room") == "7");
  CHECK(connect->source_ip == "198.51.100.7");
  auto binary = f.parse<ev::websocket_event>(websocket("$default", "MESSAGE", R"(,"body":"AAEC","isBase64Encoded":true)"));
  CHECK(*binary->body() == "\x00\x01\x02"sv);
  auto text = f.parse<ev::websocket_event>(websocket("send", "MESSAGE", R"(,"body":"{\"action\":\"send\"}")"));
  CHECK(*text->body() == R"({"action":"send"})");

  const auto routes = sluice::websocket_routes(
      sluice::websocket_route<"$connect">([](const ev::websocket_event& e) { return e.header("authorization") ? 200 : 401; }),
      sluice::websocket_route<"send">([](const ev::websocket_event& e) { return std::string("echo ") + std::string(*e.body()); }),
      sluice::websocket_route<"boom">([](const ev::websocket_event&) -> int { throw std::runtime_error("x"); }),
      sluice::websocket_route<"$default">([](const ev::websocket_event&) {
        return ev::websocket_response{400, "unknown action", {}};
      }));
  sluice::detail::arena& mem = f.mem;
  CHECK(routes(*connect).to_json(mem) == R"({"statusCode":200})");
  auto anonymous = f.parse<ev::websocket_event>(websocket("$connect", "CONNECT"));
  CHECK(routes(*anonymous).to_json(mem) == R"({"statusCode":401})");
  CHECK(routes(*text).to_json(mem) == R"({"statusCode":200,"body":"echo {\"action\":\"send\"}"})");
  CHECK(routes(*binary).to_json(mem) == R"({"statusCode":400,"body":"unknown action"})");
  auto boom = f.parse<ev::websocket_event>(websocket("boom", "MESSAGE"));
  CHECK(routes(*boom).status == 500);
  const auto no_default = sluice::websocket_routes(sluice::websocket_route<"$disconnect">([](const ev::websocket_event&) {}));
  CHECK(no_default(*text).status == 404);
  CHECK(ev::websocket_response{101, {}, "chat"}.to_json(mem) == R"({"statusCode":101,"headers":{"Sec-WebSocket-Protocol":"chat"}})");

  static_assert(sluice::detail_websocket::valid_route_key("$connect"));
  static_assert(sluice::detail_websocket::valid_route_key("sendMessage"));
  static_assert(!sluice::detail_websocket::valid_route_key("$other"));
  static_assert(!sluice::detail_websocket::valid_route_key(""));

  auto http = f.parse<ev::websocket_event>(R"({"requestContext":{"http":{"method":"GET"}},"rawPath":"/"})");
  CHECK(http.error().problem == ev::event_problem::other_source);
  auto bad = f.parse<ev::websocket_event>(websocket("$default", "MESSAGE", R"(,"body":7)"));
  CHECK(bad.error().message == "WebSocket event: 'body' must be a string");
}

// ---- S3 Batch, Kafka, CloudFormation ------------------------------------------------------

TEST_CASE("S3 Batch: tasks of both schemas, one result per task, exceptions are temporary failures") {
  fixture f;
  auto job = f.parse<ev::s3_batch_event>(
      R"({"invocationSchemaVersion":"2.0","invocationId":"inv","job":{"id":"j1","userArguments":{"k1":"v1"}},)"
      R"("tasks":[{"taskId":"t1","s3Key":"a+b%2Fc.jpg","s3VersionId":null,"s3Bucket":"bkt"},)"
      R"({"taskId":"t2","s3Key":"boom","s3Bucket":"bkt"},{"taskId":"t3","s3Key":"missing","s3Bucket":"bkt"}]})");
  REQUIRE_MESSAGE(job.ok(), job.error().message);
  CHECK(job->job_id == "j1");
  REQUIRE(job->user_arguments.size() == 1);
  CHECK(job->user_arguments[0].value == "v1");
  CHECK(*job->tasks[0].decoded_key() == "a b/c.jpg");
  CHECK(job->tasks[0].s3_bucket == "bkt");
  const auto response = ev::run_tasks(*job, f.mem, [](const ev::s3_batch_task& t) {
    if (t.s3_key == "boom") throw std::runtime_error("throttled");
    if (t.s3_key == "missing") return ev::s3_batch_result{ev::s3_batch_result_code::permanent_failure, "no such key"};
    return ev::s3_batch_result{ev::s3_batch_result_code::succeeded, "[\"done\"]"};
  });
  CHECK(response.to_json(f.mem) ==
        R"({"invocationSchemaVersion":"2.0","treatMissingKeysAs":"PermanentFailure","invocationId":"inv","results":[)"
        R"({"taskId":"t1","resultCode":"Succeeded","resultString":"[\"done\"]"},)"
        R"({"taskId":"t2","resultCode":"TemporaryFailure","resultString":"throttled"},)"
        R"({"taskId":"t3","resultCode":"PermanentFailure","resultString":"no such key"}]})");
  auto no_id = f.parse<ev::s3_batch_event>(R"({"invocationSchemaVersion":"1.0","tasks":[{"s3Key":"k"}]})");
  CHECK(no_id.error().message == "S3 Batch event: 'tasks[0].taskId' is missing: S3 needs every task's id back");
  auto other = f.parse<ev::s3_batch_event>(R"({"Records":[]})");
  CHECK(other.error().problem == ev::event_problem::other_source);
}

TEST_CASE("Kafka: records of every topic-partition, base64 keys and values, signed header bytes") {
  fixture f;
  auto event = f.parse<ev::kafka_event>(
      R"({"eventSource":"SelfManagedKafka","bootstrapServers":"b1:9092","records":{"orders-0":[)"
      R"({"topic":"orders","partition":0,"offset":15,"timestamp":1595035749700,"timestampType":"CREATE_TIME",)"
      R"("key":"azE=","value":"eyJpZCI6MX0=","headers":[{"h":[104,-61,-85]},{"u":[255,0]}]}],)"
      R"("orders-1":[{"topic":"orders","partition":1,"offset":3,"timestamp":1,"value":"!!"}]}})");
  REQUIRE_MESSAGE(event.ok(), event.error().message);
  CHECK(event->self_managed());
  REQUIRE(event->records.size() == 2);
  const ev::kafka_record& r = event->records[0];
  CHECK(r.offset == 15);
  CHECK(r.time == ev::timestamp(milliseconds(1595035749700)));
  CHECK(*r.key() == "k1");
  CHECK(*r.value() == R"({"id":1})");
  CHECK(r.header("h")->value == "h\xc3\xab");  // "hë": Java's signed bytes -61, -85
  CHECK(r.header("u")->value == "\xff\x00"sv);
  CHECK(event->records[1].partition == 1);
  CHECK_FALSE(event->records[1].value().ok());
  auto bad = f.parse<ev::kafka_event>(R"({"eventSource":"aws:kafka","records":{"t-0":[{"headers":[{"h":[300]}]}]}})");
  CHECK(bad.error().message == "Kafka event: 'records.t-0[0].headers[0].h[0]' must be a byte (-128 to 255)");
  auto mq = f.parse<ev::kafka_event>(R"({"eventSource":"aws:mq","messages":[]})");
  CHECK(mq.error().problem == ev::event_problem::other_source);
  // Powertools' fixtures spell the self-managed source "aws:SelfManagedKafka"
  auto spelled = f.parse<ev::kafka_event>(R"({"eventSource":"aws:SelfManagedKafka","records":{}})");
  REQUIRE_MESSAGE(spelled.ok(), spelled.error().message);
  CHECK(spelled->self_managed());
  auto msk = f.parse<ev::kafka_event>(R"({"eventSource":"aws:kafka","records":{}})");
  REQUIRE(msk.ok());
  CHECK_FALSE(msk->self_managed());
  // found by the events fuzz target: without records it is not an empty batch but a broken event
  auto no_records = f.parse<ev::kafka_event>(R"({"eventSource":"aws:kafka","eventSourceArn":"arn:k"})");
  CHECK(no_records.error().problem == ev::event_problem::invalid_event);
  CHECK(no_records.error().message ==
        "Kafka event: 'records' is missing: every Kafka event groups its records by topic-partition");
  auto no_offset = f.parse<ev::kafka_event>(
      R"({"eventSource":"aws:kafka","records":{"t-0":[{"topic":"t","partition":0,"value":""}]}})");
  CHECK(no_offset.error().message == "Kafka event: 'records.t-0[0].offset' is missing: every Kafka record has one");
}

struct bucket_properties {
  std::optional<std::string_view> service_token;
  std::string_view name;
  std::optional<std::vector<std::string_view>> tags;
  static constexpr auto sluice_fields() {
    return sluice::fields(sluice::field<"ServiceToken">(&bucket_properties::service_token),
                          sluice::field<"Name">(&bucket_properties::name),
                          sluice::field<"Tags">(&bucket_properties::tags));
  }
};

TEST_CASE("CloudFormation: custom resource requests, typed properties, the response document") {
  fixture f;
  auto update = f.parse<ev::cloudformation_request>(
      R"({"RequestType":"Update","ResponseURL":"https://s3/presigned","StackId":"arn:stack","RequestId":"r1",)"
      R"("ResourceType":"Custom::Bucket","LogicalResourceId":"MyBucket","PhysicalResourceId":"bucket-1",)"
      R"("ResourceProperties":{"ServiceToken":"arn:fn","Name":"new","Tags":["a","b"]},)"
      R"("OldResourceProperties":{"ServiceToken":"arn:fn","Name":"old"}})");
  REQUIRE_MESSAGE(update.ok(), update.error().message);
  CHECK(update->request_type == ev::cloudformation_request_type::update);
  CHECK(update->properties_as<bucket_properties>()->name == "new");
  CHECK(update->properties_as<bucket_properties>()->tags->size() == 2);
  CHECK(update->properties_as<bucket_properties>(true)->name == "old");
  CHECK(ev::cloudformation_response::success_for(*update, "bucket-2", R"({"Arn":"arn:b"})").to_json(f.mem) ==
        R"({"Status":"SUCCESS","PhysicalResourceId":"bucket-2","StackId":"arn:stack","RequestId":"r1",)"
        R"("LogicalResourceId":"MyBucket","NoEcho":false,"Data":{"Arn":"arn:b"}})");
  CHECK(ev::cloudformation_response::failure_for(*update, "quota \"exceeded\"").to_json(f.mem) ==
        R"({"Status":"FAILED","Reason":"quota \"exceeded\"","PhysicalResourceId":"bucket-1","StackId":"arn:stack",)"
        R"("RequestId":"r1","LogicalResourceId":"MyBucket","NoEcho":false,"Data":{}})");
  auto wrong = f.parse<ev::cloudformation_request>(
      R"({"RequestType":"Create","ResponseURL":"u","StackId":"s","ResourceProperties":[1]})");
  CHECK(wrong.error().message == "CloudFormation custom resource request: 'ResourceProperties' must be an object");
  auto other = f.parse<ev::cloudformation_request>(R"({"RequestType":"Explode","ResponseURL":"u","StackId":"s"})");
  CHECK(other.error().problem == ev::event_problem::other_source);
}

TEST_CASE("SES: the mail's envelope, headers in order, the receipt's verdicts") {
  fixture f;
  auto event = f.parse<ev::ses_event>(records(
      {R"({"eventSource":"aws:ses","eventVersion":"1.0","ses":{"mail":{"timestamp":"2015-09-11T20:32:33.936Z",)"
       R"("source":"s@example.com","messageId":"m-1","destination":["a@example.com"],"headersTruncated":false,)"
       R"("headers":[{"name":"Received","value":"one"},{"name":"Received","value":"two"},{"name":"Subject","value":"Hi"}],)"
       R"("commonHeaders":{"from":["S <s@example.com>"],"to":["a@example.com"],"subject":"Hi"}},)"
       R"("receipt":{"timestamp":"2015-09-11T20:32:34.000Z","processingTimeMillis":406,"recipients":["a@example.com"],)"
       R"("spamVerdict":{"status":"PASS"},"virusVerdict":{"status":"FAIL"},"action":{"type":"Lambda"}}}})"}));
  REQUIRE_MESSAGE(event.ok(), event.error().message);
  const ev::ses_mail& m = event->records[0];
  CHECK(m.message_id == "m-1");
  CHECK(m.time == at(sys_days(2015y / 9 / 11), 20h, 32min, 33s, 936ms));
  CHECK(m.headers.size() == 3);
  CHECK(m.header("received") == "one");
  CHECK(m.subject == "Hi");
  CHECK(m.from[0] == "S <s@example.com>");
  CHECK(m.processing_time_ms == 406);
  CHECK(m.virus_verdict == "FAIL");
  CHECK(m.action_type == "Lambda");
  auto bad = f.parse<ev::ses_event>(records({R"({"eventSource":"aws:ses","ses":{"mail":{"messageId":"m","headers":[{"name":1}]}}})"}));
  CHECK(bad.error().message == "SES event: 'Records[0].ses.mail.headers[0].name' must be a string");
}

// ---- issue 5's later sources: Amazon MQ, CodePipeline, Config, IoT -------------------------

/// A payload a view must refuse: the problem, and a part of the message (which names the path).
struct refusal_row {
  std::string name;
  std::string json;
  ev::event_problem problem;
  std::string_view message_part;
};

template <class Event>
void check_refusals(const std::vector<refusal_row>& rows, std::string_view prefix) {
  for (const refusal_row& r : rows) {
    CAPTURE(r.name);
    fixture f;
    auto event = f.parse<Event>(r.json);
    REQUIRE_FALSE(event.ok());
    CHECK(event.error().problem == r.problem);
    CHECK_MESSAGE(std::string(event.error().message).find(r.message_part) != std::string::npos, event.error().message);
    CHECK(std::string(event.error().message).starts_with(prefix));
  }
}

/// A JSON text read back with simdjson's DOM (for the answers the builders write).
simdjson::dom::element read_back(simdjson::dom::parser& parser, std::string_view json) {
  simdjson::dom::element e;
  REQUIRE_MESSAGE(parser.parse(json.data(), json.size()).get(e) == simdjson::SUCCESS, json);
  return e;
}

std::string activemq(std::string_view messages, std::string_view source = "aws:mq") {
  return std::string(R"({"eventSource":")") + std::string(source) + R"(","eventSourceArn":"arn:aws:mq:broker","messages":[)" +
         std::string(messages) + "]}";
}

TEST_CASE("Amazon MQ: ActiveMQ messages, times, typed properties, base64 bodies decoded on first use") {
  fixture f;
  auto event = f.parse<ev::activemq_event>(activemq(
      R"({"messageID":"ID:1","messageType":"jms/text-message","timestamp":1599863938941,"deliveryMode":2,)"
      R"("correlationID":"c-1","replyTo":"null","destination":{"physicalName":"orders"},"redelivered":true,)"
      R"("type":"","expiration":1599863999000,"priority":4,"data":"aGk\/Pz8=","brokerInTime":1599863938943,)"
      R"("brokerOutTime":1599863938944,"properties":{"tenant":"acme","retries":3,"urgent":false}},)"
      R"({"messageID":"ID:2","data":"not base64!"})"));
  REQUIRE_MESSAGE(event.ok(), event.error().message);
  CHECK(event->event_source_arn == "arn:aws:mq:broker");
  REQUIRE(event->messages.size() == 2);
  const ev::activemq_message& m = event->messages[0];
  CHECK(m.message_id == "ID:1");
  CHECK(m.time == ev::timestamp(milliseconds(1599863938941)));
  CHECK(m.expiration == ev::timestamp(milliseconds(1599863999000)));
  CHECK(m.broker_in_time == ev::timestamp(milliseconds(1599863938943)));
  CHECK(m.delivery_mode == 2);
  CHECK(m.priority == 4);
  CHECK(m.redelivered);
  CHECK(m.destination == "orders");
  CHECK(m.correlation_id == "c-1");
  CHECK(*m.data() == "hi???");  // "\/" undone before base64
  CHECK(m.property("tenant")->value == "acme");
  CHECK(m.property("retries")->value == "3");
  CHECK(m.property("urgent")->value == "false");
  // AWS's own example: expiration as a string of digits, correlationId and physicalname
  auto doc_example = f.parse<ev::activemq_event>(activemq(
      R"({"messageID":"ID:3","expiration":"60000","correlationId":"myJMSCoID","replyTo":null,"type":null,)"
      R"("destination":{"physicalname":"testQueue"}})"));
  REQUIRE_MESSAGE(doc_example.ok(), doc_example.error().message);
  CHECK(doc_example->messages[0].expiration == ev::timestamp(milliseconds(60000)));
  CHECK(doc_example->messages[0].correlation_id == "myJMSCoID");
  CHECK(doc_example->messages[0].destination == "testQueue");
  for (const std::string_view bad : {R"("expiration":"soon")", R"("expiration":"-5")", R"("expiration":true)"}) {
    auto refused = f.parse<ev::activemq_event>(activemq("{" + std::string(bad) + "}"));
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().message.find("'messages[0].expiration' must be") != std::string_view::npos);
  }
  auto both = f.parse<ev::activemq_event>(activemq(R"({"correlationID":"a","correlationId":"b"})"));
  REQUIRE_FALSE(both.ok());
  CHECK(both.error().message.find("is sent twice") != std::string_view::npos);
  CHECK(m.property("missing") == nullptr);
  const auto bad = event->messages[1].data();
  CHECK_FALSE(bad.ok());
  CHECK(bad.error() == "ActiveMQ message 'data' is not base64");
  // Powertools' fixtures spell the source "aws:amq"
  auto spelled = f.parse<ev::activemq_event>(activemq(R"({"messageID":"ID:9"})", "aws:amq"));
  REQUIRE_MESSAGE(spelled.ok(), spelled.error().message);
  CHECK(spelled->messages[0].message_id == "ID:9");

  check_refusals<ev::activemq_event>(
      {
          {"not JSON", R"({"eventSource":"aws:mq","messages":[)", ev::event_problem::not_json, "not valid JSON"},
          {"a RabbitMQ event", R"({"eventSource":"aws:rmq","rmqMessagesByQueue":{}})", ev::event_problem::other_source,
           "expected an ActiveMQ event"},
          {"a Kafka event with mistyped messages", R"({"messages":{"a":1},"eventSource":"aws:kafka"})",
           ev::event_problem::other_source, "an object with keys messages, eventSource"},
          {"messages an object", R"({"eventSource":"aws:mq","messages":{}})", ev::event_problem::invalid_event,
           "'messages' must be an array"},
          {"messageID a number", activemq(R"({"messageID":7})"), ev::event_problem::invalid_event,
           "'messages[0].messageID' must be a string"},
          {"messageID missing", activemq(R"({"messageID":"a"},{"data":"eA=="})"), ev::event_problem::invalid_event,
           "'messages[1].messageID' is missing"},
          {"messageID sent twice", activemq(R"({"messageID":"a","messageID":"b"})"), ev::event_problem::invalid_event,
           "'messages[0].messageID' is sent twice"},
          {"data sent twice", activemq(R"({"messageID":"a","data":"eA==","data":"eQ=="})"),
           ev::event_problem::invalid_event, "'messages[0].data' is sent twice"},
          {"timestamp as text", activemq(R"({"messageID":"a","timestamp":"1599863938941"})"),
           ev::event_problem::invalid_event, "'messages[0].timestamp' must be an integer"},
          {"redelivered as text", activemq(R"({"messageID":"a","redelivered":"no"})"), ev::event_problem::invalid_event,
           "'messages[0].redelivered' must be true or false"},
          {"destination a string", activemq(R"({"messageID":"a","destination":"q"})"), ev::event_problem::invalid_event,
           "'messages[0].destination' must be an object"},
          {"a property an object", activemq(R"({"messageID":"a","properties":{"k":{"v":1}}})"),
           ev::event_problem::invalid_event, "'messages[0].properties.k' must be a string, a number or a boolean"},
          // found by the events fuzz target: no messages is a broken event, not an empty one
          {"messages missing", R"({"eventSource":"aws:mq","eventSourceArn":"arn"})", ev::event_problem::invalid_event,
           "'messages' is missing: every ActiveMQ event has them"},
      },
      "ActiveMQ event: ");
}

std::string rabbitmq(std::string_view queue, std::string_view messages, std::string_view source = "aws:rmq") {
  return std::string(R"({"eventSource":")") + std::string(source) +
         R"(","eventSourceArn":"arn:aws:mq:rabbit","rmqMessagesByQueue":{")" + std::string(queue) + R"(":[)" +
         std::string(messages) + "]}}";
}

TEST_CASE("Amazon MQ: RabbitMQ messages by queue and virtual host, byte-array headers, base64 bodies") {
  fixture f;
  auto event = f.parse<ev::rabbitmq_event>(
      R"({"eventSource":"aws:rmq","rmqMessagesByQueue":{"orders::/":[{"basicProperties":{"contentType":"application/json",)"
      R"("contentEncoding":null,"headers":{"h":{"bytes":[104,-61,-85]},"s":"text","n":10,"t":{"k":"v"},)"
      R"("b":{"bytes":[1],"more":2}},"deliveryMode":2,"priority":null,"correlationId":"c","replyTo":null,)"
      R"("expiration":"60000","messageId":"m-1","timestamp":"Jan 1, 1970, 12:33:41 AM","userId":"u","bodySize":8},)"
      R"("redelivered":true,"data":"eyJpZCI6MX0="}],"my::queue::/prod":[{"data":"!!"}]}})");
  REQUIRE_MESSAGE(event.ok(), event.error().message);
  REQUIRE(event->messages.size() == 2);
  const ev::rabbitmq_message& m = event->messages[0];
  CHECK(m.queue == "orders");
  CHECK(m.virtual_host == "/");
  CHECK(m.content_type == "application/json");
  CHECK(m.content_encoding.empty());
  CHECK(m.delivery_mode == 2);
  CHECK(m.priority == 0);
  CHECK(m.expiration == "60000");
  CHECK(m.message_id == "m-1");
  CHECK(m.timestamp_text == "Jan 1, 1970, 12:33:41 AM");
  CHECK(m.body_size == 8);
  CHECK(m.redelivered);
  CHECK(*m.data() == R"({"id":1})");
  REQUIRE(m.headers.size() == 5);
  CHECK(m.header("h")->kind == ev::rabbitmq_header_kind::bytes);
  CHECK(m.header("h")->value == "h\xc3\xab");  // Java's signed bytes
  CHECK(m.header("s")->kind == ev::rabbitmq_header_kind::string);
  CHECK(m.header("s")->value == "text");
  CHECK(m.header("n")->kind == ev::rabbitmq_header_kind::json);
  CHECK(m.header("n")->value == "10");
  CHECK(m.header("t")->kind == ev::rabbitmq_header_kind::json);
  CHECK(m.header("t")->value == R"({"k":"v"})");
  CHECK(m.header("b")->kind == ev::rabbitmq_header_kind::json);  // not only "bytes": a table
  CHECK(m.header("H") == nullptr);
  CHECK(event->messages[1].queue == "my::queue");
  CHECK(event->messages[1].virtual_host == "/prod");
  CHECK(event->messages[1].data().error() == "RabbitMQ message 'data' is not base64");

  check_refusals<ev::rabbitmq_event>(
      {
          {"an ActiveMQ event", activemq(R"({"messageID":"a"})"), ev::event_problem::other_source,
           "expected a RabbitMQ event"},
          {"no eventSource", R"({"rmqMessagesByQueue":{}})", ev::event_problem::other_source,
           "an object with keys rmqMessagesByQueue"},
          {"groups an array", R"({"eventSource":"aws:rmq","rmqMessagesByQueue":[]})", ev::event_problem::invalid_event,
           "'rmqMessagesByQueue' must be an object"},
          {"a group an object", R"({"eventSource":"aws:rmq","rmqMessagesByQueue":{"q::/":{}}})",
           ev::event_problem::invalid_event, "'rmqMessagesByQueue.q::/' must be an array"},
          {"a byte out of range", rabbitmq("q::/", R"({"basicProperties":{"headers":{"h":{"bytes":[1,300]}}}})"),
           ev::event_problem::invalid_event, "'rmqMessagesByQueue.q::/[0].basicProperties.headers.h.bytes[1]' must be a byte"},
          {"a byte as text", rabbitmq("q::/", R"({"basicProperties":{"headers":{"h":{"bytes":["a"]}}}})"),
           ev::event_problem::invalid_event, "headers.h.bytes[0]' must be a byte (-128 to 255)"},
          {"deliveryMode as text", rabbitmq("q::/", R"({"basicProperties":{"deliveryMode":"1"}})"),
           ev::event_problem::invalid_event, "'rmqMessagesByQueue.q::/[0].basicProperties.deliveryMode' must be an integer"},
          {"messageId sent twice", rabbitmq("q::/", R"({"basicProperties":{"messageId":"a","messageId":"b"}})"),
           ev::event_problem::invalid_event, "basicProperties.messageId' is sent twice"},
          {"redelivered as text", rabbitmq("q::/", R"({"redelivered":"yes"})"), ev::event_problem::invalid_event,
           "'rmqMessagesByQueue.q::/[0].redelivered' must be true or false"},
          {"headers an array", rabbitmq("q::/", R"({"basicProperties":{"headers":[]}})"), ev::event_problem::invalid_event,
           "basicProperties.headers' must be an object"},
          // found by the events fuzz target: no groups is a broken event, not an empty one
          {"groups missing", R"({"eventSource":"aws:rmq","eventSourceArn":"arn"})", ev::event_problem::invalid_event,
           "'rmqMessagesByQueue' is missing: every RabbitMQ event groups its messages by queue"},
      },
      "RabbitMQ event: ");
}

TEST_CASE("Dispatch: Amazon MQ events reach their handlers by eventSource") {
  const auto app = sluice::event_handlers(
      sluice::on<ev::activemq_event>([](const ev::activemq_event& e) {
        return std::string(R"({"active":)") + std::to_string(e.messages.size()) + "}";
      }),
      sluice::on<ev::rabbitmq_event>([](const ev::rabbitmq_event& e) { return "\"" + std::string(e.messages[0].queue) + "\""; }));
  const auto active = app.handle(activemq(R"({"messageID":"a"},{"messageID":"b"})"));
  REQUIRE_MESSAGE(active.ok, active.error_message);
  CHECK(active.payload == R"({"active":2})");
  const auto rabbit = app.handle(rabbitmq("jobs::/", R"({"data":"eA=="})"));
  REQUIRE_MESSAGE(rabbit.ok, rabbit.error_message);
  CHECK(rabbit.payload == R"("jobs")");
  const auto docdb = app.handle(R"({"eventSource":"aws:docdb","events":[]})");
  CHECK(docdb.error_type == "Sluice.UnsupportedEvent");
  CHECK(docdb.error_message ==
        "this app handles Amazon MQ for ActiveMQ events and Amazon MQ for RabbitMQ events; got an event whose "
        "eventSource is \"aws:docdb\"");
  const auto invalid = app.handle(activemq(R"({"messageID":1})"));
  CHECK(invalid.error_type == "Sluice.InvalidEvent");
  CHECK(invalid.error_message == "ActiveMQ event: 'messages[0].messageID' must be a string");
}

std::string codepipeline(std::string_view data, std::string_view job_extra = "") {
  return std::string(R"({"CodePipeline.job":{"id":"job-1","accountId":"111111111111")") + std::string(job_extra) +
         R"(,"data":)" + std::string(data) + "}}";
}

TEST_CASE("CodePipeline: the job, its artifacts in S3, the artifact credentials, a continuation") {
  fixture f;
  auto job = f.parse<ev::codepipeline_job>(codepipeline(
      R"({"actionConfiguration":{"configuration":{"FunctionName":"deploy","UserParameters":"{\"stage\":\"prod\"}"}},)"
      R"("inputArtifacts":[{"location":{"s3Location":{"bucketName":"b-in","objectKey":"app/src.zip"},"type":"S3"},)"
      R"("revision":"abc123","name":"Source"},{"name":"Config","revision":null,"location":{"type":"S3",)"
      R"("s3Location":{"bucketName":"b-in","objectKey":"cfg.zip"}}}],)"
      R"("outputArtifacts":[{"name":"Built","location":{"type":"S3","s3Location":{"bucketName":"b-out","objectKey":"out.zip"}}}],)"
      R"("artifactCredentials":{"secretAccessKey":"secret\/key","sessionToken":"tok","accessKeyId":"AKIA"},)"
      R"("continuationToken":"step-2","encryptionKey":{"id":"arn:aws:kms:key","type":"KMS"}})"));
  REQUIRE_MESSAGE(job.ok(), job.error().message);
  CHECK(job->id == "job-1");
  CHECK(job->account_id == "111111111111");
  CHECK(job->function_name == "deploy");
  CHECK(job->user_parameters == R"({"stage":"prod"})");
  REQUIRE(job->input_artifacts.size() == 2);
  CHECK(job->input_artifact("Source")->revision == "abc123");
  CHECK(job->input_artifact("Source")->object_key == "app/src.zip");
  CHECK(job->input_artifact("Config")->revision.empty());
  CHECK(job->input_artifacts[1].location_type == "S3");
  CHECK(job->output_artifact("Built")->bucket_name == "b-out");
  CHECK(job->output_artifact("Source") == nullptr);
  CHECK(job->artifact_credentials.secret_access_key == "secret/key");
  CHECK(job->artifact_credentials.access_key_id == "AKIA");
  CHECK(job->continuation_token == "step-2");
  CHECK(job->encryption_key_id == "arn:aws:kms:key");
  CHECK(job->encryption_key_type == "KMS");

  check_refusals<ev::codepipeline_job>(
      {
          {"not JSON", R"({"CodePipeline.job":{)", ev::event_problem::not_json, "not valid JSON"},
          {"another source", R"({"RequestType":"Create","ResponseURL":"u","StackId":"s"})", ev::event_problem::other_source,
           "expected a CodePipeline job event (an object with CodePipeline.job); got an object with keys RequestType"},
          {"the job a string", R"({"CodePipeline.job":"x"})", ev::event_problem::invalid_event,
           "'CodePipeline.job' must be an object"},
          {"the job sent twice", R"({"CodePipeline.job":{"id":"a"},"CodePipeline.job":{"id":"b"}})",
           ev::event_problem::invalid_event, "'CodePipeline.job' is sent twice"},
          {"no id", R"({"CodePipeline.job":{"data":{}}})", ev::event_problem::invalid_event,
           "'CodePipeline.job.id' is missing"},
          {"id a number", R"({"CodePipeline.job":{"id":1}})", ev::event_problem::invalid_event,
           "'CodePipeline.job.id' must be a string"},
          {"id sent twice", codepipeline("{}", R"(,"id":"job-2")"), ev::event_problem::invalid_event,
           "'CodePipeline.job.id' is sent twice"},
          {"artifacts an object", codepipeline(R"({"inputArtifacts":{}})"), ev::event_problem::invalid_event,
           "'CodePipeline.job.data.inputArtifacts' must be an array"},
          {"artifacts sent twice", codepipeline(R"({"inputArtifacts":[{"name":"a"}],"inputArtifacts":[]})"),
           ev::event_problem::invalid_event, "'CodePipeline.job.data.inputArtifacts' is sent twice"},
          {"an object key a number",
           codepipeline(R"({"outputArtifacts":[{"name":"a"},{"location":{"s3Location":{"objectKey":5}}}]})"),
           ev::event_problem::invalid_event,
           "'CodePipeline.job.data.outputArtifacts[1].location.s3Location.objectKey' must be a string"},
          {"a secret sent twice", codepipeline(R"({"artifactCredentials":{"sessionToken":"a","sessionToken":"b"}})"),
           ev::event_problem::invalid_event, "'CodePipeline.job.data.artifactCredentials.sessionToken' is sent twice"},
          {"UserParameters an object",
           codepipeline(R"({"actionConfiguration":{"configuration":{"UserParameters":{"stage":"prod"}}}})"),
           ev::event_problem::invalid_event,
           "'CodePipeline.job.data.actionConfiguration.configuration.UserParameters' must be a string"},
      },
      "CodePipeline job event: ");

  bool called = false;
  const auto app = sluice::event_handlers(sluice::on<ev::codepipeline_job>([&](const ev::codepipeline_job& j) {
    called = j.id == "job-1";
  }));
  const auto out = app.handle(codepipeline(R"({"inputArtifacts":[]})"));
  REQUIRE_MESSAGE(out.ok, out.error_message);
  CHECK(out.payload == "null");
  CHECK(called);
}

/// A Config rule event whose invokingEvent and ruleParameters are `invoking` and `parameters`, quoted.
std::string config_event(std::string_view invoking, std::string_view parameters, std::string_view extra = "") {
  return std::string(R"({"invokingEvent":)") + json_quoted(invoking) + R"(,"ruleParameters":)" + json_quoted(parameters) +
         R"(,"resultToken":"token-1","eventLeftScope":false,"executionRoleArn":"arn:aws:iam::1:role/r",)"
         R"("configRuleArn":"arn:aws:config:eu-west-1:1:config-rule/config-rule-1","configRuleName":"tags",)"
         R"("configRuleId":"config-rule-1","accountId":"123456789012","version":"1.0")" + std::string(extra) + "}";
}

struct required_tags {
  std::string_view tag1_key;
  std::optional<std::string_view> tag2_key;
  static constexpr auto sluice_fields() {
    return sluice::fields(sluice::field<"tag1Key">(&required_tags::tag1_key),
                          sluice::field<"tag2Key">(&required_tags::tag2_key));
  }
};

struct scheduled_notification {
  std::string_view aws_account_id;
  std::string_view message_type;
  static constexpr auto sluice_fields() {
    return sluice::fields(sluice::field<"awsAccountId">(&scheduled_notification::aws_account_id),
                          sluice::field<"messageType">(&scheduled_notification::message_type));
  }
};

TEST_CASE("AWS Config: the rule event, the invoking event's common part, parameters bound strictly") {
  fixture f;
  auto change = f.parse<ev::config_rule_event>(config_event(
      R"({"configurationItem":{"configurationItemCaptureTime":"2016-10-06T16:46:16.261Z","configurationItemStatus":"OK",)"
      R"("resourceId":"i-0","resourceName":null,"resourceType":"AWS::EC2::Instance","awsRegion":"eu-west-1",)"
      R"("ARN":"arn:aws:ec2:eu-west-1:1:instance/i-0","tags":{"a":"b"}},"notificationCreationTime":"2016-10-06T16:46:17Z",)"
      R"("messageType":"ConfigurationItemChangeNotification","recordVersion":"1.2"})",
      R"({"tag1Key":"CostCenter"})"));
  REQUIRE_MESSAGE(change.ok(), change.error().message);
  CHECK(change->result_token == "token-1");
  CHECK_FALSE(change->event_left_scope);
  CHECK(change->config_rule_name == "tags");
  CHECK(change->config_rule_id == "config-rule-1");
  CHECK(change->account_id == "123456789012");
  CHECK(change->execution_role_arn == "arn:aws:iam::1:role/r");
  CHECK(change->rule_parameters_json == R"({"tag1Key":"CostCenter"})");
  const auto invoking = change->invoking_event();
  REQUIRE_MESSAGE(invoking.ok(), invoking.error());
  CHECK(invoking->message_type == "ConfigurationItemChangeNotification");
  CHECK(invoking->has_item);
  CHECK_FALSE(invoking->oversized());
  CHECK_FALSE(invoking->scheduled());
  CHECK(invoking->resource_type == "AWS::EC2::Instance");
  CHECK(invoking->resource_id == "i-0");
  CHECK(invoking->resource_name.empty());
  CHECK(invoking->item_status == "OK");
  CHECK(invoking->arn == "arn:aws:ec2:eu-west-1:1:instance/i-0");
  CHECK(invoking->capture_time == at(sys_days(2016y / 10 / 6), 16h, 46min, 16s, 261ms));
  CHECK(invoking->notification_creation_time == at(sys_days(2016y / 10 / 6), 16h, 46min, 17s));
  const auto params = change->rule_parameters_as<required_tags>();
  REQUIRE_MESSAGE(params.ok(), params.error());
  CHECK(params->tag1_key == "CostCenter");
  CHECK_FALSE(params->tag2_key.has_value());
  CHECK(change->invoking_event_as<required_tags>().error() ==
        "AWS Config invokingEvent field 'configurationItem' is not allowed");

  auto periodic = f.parse<ev::config_rule_event>(config_event(
      R"({"awsAccountId":"1","notificationCreationTime":"1970-01-01T00:00:00.0Z","messageType":"ScheduledNotification"})",
      R"({"tag2Key":1})", R"(,"eventLeftScope":true)"));
  CHECK(periodic.error().message == "AWS Config rule event: 'eventLeftScope' is sent twice");

  auto scheduled = f.parse<ev::config_rule_event>(
      R"({"invokingEvent":"{\"awsAccountId\":\"1\",\"messageType\":\"ScheduledNotification\",\"notificationCreationTime\":\"2016-02-24T18:23:20.328Z\"}",)"
      R"("resultToken":"t","eventLeftScope":true})");
  REQUIRE_MESSAGE(scheduled.ok(), scheduled.error().message);
  CHECK(scheduled->event_left_scope);
  CHECK(scheduled->rule_parameters_json == "{}");  // no parameters: an empty object
  CHECK(scheduled->invoking_event()->scheduled());
  CHECK_FALSE(scheduled->invoking_event()->has_item);
  CHECK(scheduled->invoking_event()->notification_creation_time == at(sys_days(2016y / 2 / 24), 18h, 23min, 20s, 328ms));
  CHECK(scheduled->invoking_event_as<scheduled_notification>().error() ==
        "AWS Config invokingEvent field 'notificationCreationTime' is not allowed");
  CHECK(scheduled->rule_parameters_as<required_tags>().error() == "AWS Config ruleParameters field 'tag1Key' is required");

  // the invoking event's text is decoded on request: its problems are values then
  const auto bad_invoking = [&](std::string_view text) {
    auto e = f.parse<ev::config_rule_event>(config_event(text, "{}"));
    REQUIRE_MESSAGE(e.ok(), e.error().message);
    const auto read = e->invoking_event();
    CHECK_FALSE(read.ok());
    return std::string(read.error());
  };
  CHECK(bad_invoking("{") == "AWS Config invoking event: the payload is not valid JSON");
  CHECK(bad_invoking("[1]") == "AWS Config invoking event: expected a JSON object; got another JSON value");
  CHECK(bad_invoking(R"({"recordVersion":"1.0"})") == "AWS Config invoking event: 'messageType' is missing: every invoking event has one");
  CHECK(bad_invoking(R"({"messageType":"X","configurationItem":{"configurationItemCaptureTime":"yesterday"}})") ==
        "AWS Config invoking event: 'configurationItem.configurationItemCaptureTime' must be an ISO-8601 time such as "
        "2019-10-29T02:36:48Z");
  CHECK(bad_invoking(R"({"messageType":"X","configurationItem":{"resourceId":"a"},"configurationItemSummary":{}})") ==
        "AWS Config invoking event: 'configurationItemSummary' is sent twice");
  CHECK(bad_invoking(R"({"messageType":"X","configurationItem":{"resourceId":["a"]}})") ==
        "AWS Config invoking event: 'configurationItem.resourceId' must be a string");
  auto unparsable = f.parse<ev::config_rule_event>(config_event("{}", "not json"));
  CHECK(unparsable->rule_parameters_as<required_tags>().error() == "the AWS Config ruleParameters is not valid JSON");

  check_refusals<ev::config_rule_event>(
      {
          {"not JSON", R"({"invokingEvent":)", ev::event_problem::not_json, "not valid JSON"},
          {"an EventBridge event with a numeric version", R"({"version":0,"detail-type":"x","source":"y"})",
           ev::event_problem::other_source, "expected an AWS Config rule event (an object with invokingEvent)"},
          {"invokingEvent an object", R"({"invokingEvent":{"messageType":"x"},"resultToken":"t"})",
           ev::event_problem::invalid_event, "'invokingEvent' must be a string"},
          {"invokingEvent empty", R"({"invokingEvent":"","resultToken":"t"})", ev::event_problem::invalid_event,
           "'invokingEvent' is empty"},
          {"invokingEvent sent twice", R"({"invokingEvent":"{}","invokingEvent":"{}","resultToken":"t"})",
           ev::event_problem::invalid_event, "'invokingEvent' is sent twice"},
          {"no resultToken", R"({"invokingEvent":"{}"})", ev::event_problem::invalid_event, "'resultToken' is missing"},
          {"ruleParameters an object", R"({"ruleParameters":{"a":"b"},"invokingEvent":"{}","resultToken":"t"})",
           ev::event_problem::invalid_event, "'ruleParameters' must be a string"},
          {"ruleParameters sent twice", R"({"invokingEvent":"{}","resultToken":"t","ruleParameters":"{}","ruleParameters":"{}"})",
           ev::event_problem::invalid_event, "'ruleParameters' is sent twice"},
          {"eventLeftScope as text", R"({"invokingEvent":"{}","resultToken":"t","eventLeftScope":"false"})",
           ev::event_problem::invalid_event, "'eventLeftScope' must be true or false"},
          {"accountId a number", R"({"accountId":1,"invokingEvent":"{}","resultToken":"t"})",
           ev::event_problem::invalid_event, "'accountId' must be a string"},
      },
      "AWS Config rule event: ");

  const auto app = sluice::event_handlers(sluice::on<ev::config_rule_event>([](const ev::config_rule_event& e) {
    return std::string(R"({"resource":")") + std::string(e.invoking_event()->resource_id) + R"("})";
  }));
  const auto out = app.handle(config_event(R"({"messageType":"M","configurationItem":{"resourceId":"i-9"}})", "{}"));
  REQUIRE_MESSAGE(out.ok, out.error_message);
  CHECK(out.payload == R"({"resource":"i-9"})");
}

std::string iot_connect(std::string_view extra = "") {
  return std::string(R"({"token":"tok","signatureVerified":false,"protocols":["tls","mqtt","http"],"protocolData":{)"
                     R"("tls":{"serverName":"iot.example.com"},"http":{"headers":{"X-Request-ID":"abc","Tenant":"acme"},)"
                     R"("queryString":"?a=b"},"mqtt":{"username":"dev","password":"c2VjcmV0Pz8\/","clientId":"thing-1"}},)"
                     R"("connectionMetadata":{"id":"c-1"})") +
         std::string(extra) + "}";
}

TEST_CASE("IoT custom authorizer: the connection's token, TLS, HTTP and MQTT data; the MQTT password decoded") {
  fixture f;
  auto request = f.parse<ev::iot_authorizer_request>(iot_connect());
  REQUIRE_MESSAGE(request.ok(), request.error().message);
  CHECK(request->token == "tok");
  CHECK_FALSE(request->signature_verified);
  CHECK(request->protocols.size() == 3);
  CHECK(request->uses("mqtt"));
  CHECK_FALSE(request->uses("MQTT"));
  CHECK(request->tls_server_name == "iot.example.com");
  CHECK(request->http_header("x-request-id") == "abc");
  CHECK(request->http_header("tenant") == "acme");
  CHECK_FALSE(request->http_header("host").has_value());
  CHECK(request->http_query_string == "?a=b");
  CHECK(request->mqtt_username == "dev");
  CHECK(*request->mqtt_password() == "secret???");
  CHECK(request->mqtt_client_id == "thing-1");
  CHECK(request->connection_id == "c-1");
  auto tls_only = f.parse<ev::iot_authorizer_request>(R"({"signatureVerified":true,"protocols":["tls"],"protocolData":{"tls":{"serverName":"s"}}})");
  REQUIRE_MESSAGE(tls_only.ok(), tls_only.error().message);
  CHECK(tls_only->signature_verified);
  CHECK(tls_only->http_headers.empty());
  CHECK(tls_only->mqtt_password()->empty());
  auto bad_password = f.parse<ev::iot_authorizer_request>(R"({"protocolData":{"mqtt":{"password":"not base64!"}}})");
  REQUIRE(bad_password.ok());
  CHECK(bad_password->mqtt_password().error() == "IoT custom authorizer request 'protocolData.mqtt.password' is not base64");

  check_refusals<ev::iot_authorizer_request>(
      {
          {"not JSON", R"({"protocolData":{)", ev::event_problem::not_json, "not valid JSON"},
          {"an API Gateway TOKEN authorizer", R"({"type":"TOKEN","authorizationToken":"t","methodArn":"arn"})",
           ev::event_problem::other_source, "expected an IoT Core custom authorizer request"},
          {"only a token and protocols of other types", R"({"token":5,"protocols":{}})", ev::event_problem::other_source,
           "got an object with keys token, protocols"},
          {"signatureVerified as text", R"({"signatureVerified":"yes"})", ev::event_problem::invalid_event,
           "'signatureVerified' must be true or false"},
          {"signatureVerified sent twice", R"({"signatureVerified":true,"signatureVerified":false})",
           ev::event_problem::invalid_event, "'signatureVerified' is sent twice"},
          {"a protocol a number", R"({"protocols":["mqtt",1],"connectionMetadata":{}})", ev::event_problem::invalid_event,
           "'protocols[1]' must be a string"},
          {"protocols sent twice", R"({"protocols":["mqtt"],"protocols":["http"],"connectionMetadata":{}})",
           ev::event_problem::invalid_event, "'protocols' is sent twice"},
          {"token sent twice", iot_connect(R"(,"token":"other")"), ev::event_problem::invalid_event, "'token' is sent twice"},
          {"a header a number", R"({"protocolData":{"http":{"headers":{"X-Count":2}}}})", ev::event_problem::invalid_event,
           "'protocolData.http.headers.X-Count' must be a string"},
          {"protocolData an array", R"({"protocolData":[]})", ev::event_problem::invalid_event,
           "'protocolData' must be an object"},
          {"a password a number", R"({"protocolData":{"mqtt":{"password":7}}})", ev::event_problem::invalid_event,
           "'protocolData.mqtt.password' must be a string"},
          {"the connection id sent twice", R"({"connectionMetadata":{"id":"a","id":"b"}})", ev::event_problem::invalid_event,
           "'connectionMetadata.id' is sent twice"},
      },
      "IoT custom authorizer request: ");
}

TEST_CASE("IoT custom authorizer: the answer, its limits, and a faulty answer written as a refusal") {
  fixture f;
  simdjson::dom::parser dom;
  constexpr std::string_view publish = R"({"Version":"2012-10-17","Statement":[{"Action":"iot:Publish","Effect":"Allow","Resource":"arn:aws:iot:eu-west-1:1:topic/t"}]})";
  ev::iot_authorizer_response allow(true, "device42", f.mem);
  allow.policy(publish).policy(" {\"Version\":\"2012-10-17\",\"Statement\":[]}").disconnect_after(3600).refresh_after(600);
  CHECK(allow.problem().empty());
  const auto root = read_back(dom, allow.to_json(f.mem));
  CHECK(root["isAuthenticated"].get_bool().value());
  CHECK(root["principalId"].get_string().value() == "device42");
  CHECK(root["disconnectAfterInSeconds"].get_int64().value() == 3600);
  CHECK(root["refreshAfterInSeconds"].get_int64().value() == 600);
  const simdjson::dom::array policies = root["policyDocuments"].get_array().value();
  REQUIRE(policies.size() == 2);
  CHECK(policies.at(0).at_pointer("/Statement/0/Action").get_string().value() == "iot:Publish");
  CHECK(policies.at(1)["Statement"].get_array().value().size() == 0);

  const ev::iot_authorizer_response defaults(false, "anon", f.mem);
  const auto denied = read_back(dom, defaults.to_json(f.mem));
  CHECK_FALSE(denied["isAuthenticated"].get_bool().value());
  CHECK(denied["disconnectAfterInSeconds"].get_int64().value() == 86400);
  CHECK(denied["refreshAfterInSeconds"].get_int64().value() == 300);
  CHECK(denied["policyDocuments"].get_array().value().size() == 0);

  struct row {
    std::string name;
    ev::iot_authorizer_response answer;
    std::string_view problem;
  };
  std::vector<row> rows;
  rows.push_back({"a principal with a dash", ev::iot_authorizer_response(true, "device-42", f.mem), "letters and digits"});
  rows.push_back({"an empty principal", ev::iot_authorizer_response(true, "", f.mem), "1 to 128 characters"});
  rows.push_back({"a principal of 129 characters", ev::iot_authorizer_response(true, std::string(129, 'a'), f.mem),
                  "1 to 128 characters"});
  rows.push_back({"a short connection", ev::iot_authorizer_response(true, "d", f.mem).disconnect_after(299),
                  "disconnectAfterInSeconds must be 300 to 86400"});
  rows.push_back({"a long refresh", ev::iot_authorizer_response(true, "d", f.mem).refresh_after(86401),
                  "refreshAfterInSeconds must be 300 to 86400"});
  rows.push_back({"a policy that is not JSON", ev::iot_authorizer_response(true, "d", f.mem).policy("{\"Version\":"),
                  "a policy document must be a JSON object"});
  rows.push_back({"a policy that is an array", ev::iot_authorizer_response(true, "d", f.mem).policy("[]"),
                  "a policy document must be a JSON object"});
  ev::iot_authorizer_response many(true, "d", f.mem);
  for (int i = 0; i < 11; ++i) many.policy(publish);
  rows.push_back({"eleven policies", many, "at most 10 policy documents"});
  for (const row& r : rows) {
    CAPTURE(r.name);
    CHECK(std::string(r.answer.problem()).find(r.problem) != std::string::npos);
    const auto written = read_back(dom, r.answer.to_json(f.mem));  // always JSON, always a refusal
    CHECK_FALSE(written["isAuthenticated"].get_bool().value());
    CHECK(written["policyDocuments"].get_array().value().size() == 0);
  }
}

TEST_CASE("IoT pre-provisioning hook: the request, its parameters, and the answer with overrides") {
  fixture f;
  auto request = f.parse<ev::iot_preprovision_request>(
      R"({"claimCertificateId":"claim-1","certificateId":"cert-1","certificatePem":"-----BEGIN CERTIFICATE-----\nMII\n-----END CERTIFICATE-----",)"
      R"("templateArn":"arn:aws:iot:eu-west-1:1:provisioningtemplate/T","clientId":"c-1",)"
      R"("parameters":{"SerialNumber":"sn-7","Location":"eu"}})");
  REQUIRE_MESSAGE(request.ok(), request.error().message);
  CHECK(request->claim_certificate_id == "claim-1");
  CHECK(request->certificate_id == "cert-1");
  CHECK(request->certificate_pem == "-----BEGIN CERTIFICATE-----\nMII\n-----END CERTIFICATE-----");
  CHECK(request->template_arn == "arn:aws:iot:eu-west-1:1:provisioningtemplate/T");
  CHECK(request->client_id == "c-1");
  CHECK(request->parameter("SerialNumber") == "sn-7");
  CHECK_FALSE(request->parameter("serialnumber").has_value());

  check_refusals<ev::iot_preprovision_request>(
      {
          {"not JSON", R"({"claimCertificateId":)", ev::event_problem::not_json, "not valid JSON"},
          {"a client id and parameters alone", R"({"clientId":1,"parameters":[]})", ev::event_problem::other_source,
           "expected an IoT pre-provisioning hook request"},
          {"claimCertificateId a number", R"({"claimCertificateId":1})", ev::event_problem::invalid_event,
           "'claimCertificateId' must be a string"},
          {"templateArn sent twice", R"({"templateArn":"a","templateArn":"b"})", ev::event_problem::invalid_event,
           "'templateArn' is sent twice"},
          {"a parameter a number", R"({"templateArn":"a","parameters":{"n":1}})", ev::event_problem::invalid_event,
           "'parameters.n' must be a string"},
          {"parameters sent twice", R"({"templateArn":"a","parameters":{"n":"1"},"parameters":{"m":"2"}})",
           ev::event_problem::invalid_event, "'parameters' is sent twice"},
      },
      "IoT pre-provisioning hook request: ");

  simdjson::dom::parser dom;
  const auto allowed = read_back(
      dom, ev::iot_preprovision_response(true, f.mem).parameter_override("Location", "eu \"1\"").parameter_override("k", "v").to_json(f.mem));
  CHECK(allowed["allowProvisioning"].get_bool().value());
  CHECK(allowed.at_pointer("/parameterOverrides/Location").get_string().value() == "eu \"1\"");
  CHECK(allowed["parameterOverrides"].get_object().value().size() == 2);
  const auto refused = read_back(dom, ev::iot_preprovision_response(false, f.mem).to_json(f.mem));
  CHECK_FALSE(refused["allowProvisioning"].get_bool().value());
  CHECK(refused["parameterOverrides"].get_object().value().size() == 0);

  const auto app = sluice::event_handlers(
      sluice::on<ev::iot_authorizer_request>([](const ev::iot_authorizer_request& r) {
        return ev::iot_authorizer_response(r.mqtt_username == "dev", "dev").policy(R"({"Version":"2012-10-17","Statement":[]})");
      }),
      sluice::on<ev::iot_preprovision_request>([](const ev::iot_preprovision_request& r) {
        return ev::iot_preprovision_response(r.parameter("SerialNumber").has_value());
      }));
  const auto connect = app.handle(iot_connect());
  REQUIRE_MESSAGE(connect.ok, connect.error_message);
  CHECK(read_back(dom, connect.payload)["isAuthenticated"].get_bool().value());
  const auto provision = app.handle(R"({"claimCertificateId":"c","parameters":{"SerialNumber":"s"}})");
  REQUIRE_MESSAGE(provision.ok, provision.error_message);
  CHECK(provision.payload == R"({"allowProvisioning":true,"parameterOverrides":{}})");
  const auto button = app.handle(R"({"serialNumber":"G030","clickType":"SINGLE","batteryVoltage":"2000 mV"})");
  CHECK(button.error_type == "Sluice.UnsupportedEvent");
  CHECK(std::string(button.error_message).find("got an object with keys serialNumber, clickType, batteryVoltage") !=
        std::string::npos);
}

// ---- batches ------------------------------------------------------------------------------

/// The identifiers of a batch response, read back with simdjson's DOM.
std::vector<std::string> reported(std::string_view json) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  REQUIRE(parser.parse(json.data(), json.size()).get(doc) == simdjson::SUCCESS);
  simdjson::dom::object root;
  REQUIRE(doc.get_object().get(root) == simdjson::SUCCESS);
  REQUIRE(root.size() == 1);
  simdjson::dom::array list;
  REQUIRE(root["batchItemFailures"].get_array().get(list) == simdjson::SUCCESS);
  std::vector<std::string> ids;
  for (simdjson::dom::element item : list) {
    std::string_view id;
    REQUIRE(item["itemIdentifier"].get_string().get(id) == simdjson::SUCCESS);
    ids.emplace_back(id);
  }
  return ids;
}

TEST_CASE("Batches: failures by exception, false and record_result are reported by message id") {
  fixture f;
  auto batch = f.parse<ev::sqs_event>(records({sqs_record("m1", R"("ok")"), sqs_record("m2", R"("throw")"),
                                               sqs_record("m3", R"("ok")"), sqs_record("m4", R"("false")"),
                                               sqs_record("m\\\"5", R"("result")"), sqs_record("m6", R"("int")")}));
  REQUIRE(batch.ok());
  std::vector<std::string> seen;
  const auto response = ev::process_batch(*batch, f.mem, [&](const ev::sqs_message& m) {
    const std::string_view body = *m.body();
    seen.emplace_back(m.message_id);
    if (body == "throw") throw std::runtime_error("boom");
    if (body == "int") throw 7;
    if (body == "false") return ev::record_result::failure({});
    if (body == "result") return ev::record_result::failure("bad record");
    return ev::record_result::success();
  });
  CHECK(seen.size() == 6);  // a standard queue: every record is tried
  CHECK(response.succeeded == 2);
  CHECK(response.failed == 4);
  CHECK(reported(response.to_json(f.mem)) == std::vector<std::string>{"m2", "m4", "m\"5", "m6"});

  const auto all_ok = ev::process_batch(*batch, f.mem, [](const ev::sqs_message&) {});
  CHECK(all_ok.all_succeeded());
  CHECK(all_ok.to_json(f.mem) == R"({"batchItemFailures":[]})");

  const auto by_bool = ev::process_batch(*batch, f.mem, [](const ev::sqs_message& m) { return m.message_id != "m3"; });
  CHECK(reported(by_bool.to_json(f.mem)) == std::vector<std::string>{"m3"});
}

TEST_CASE("Batches: a FIFO queue stops at the first failure and reports the rest") {
  fixture f;
  const std::string arn = "arn:aws:sqs:eu-west-1:1:orders.fifo";
  auto batch = f.parse<ev::sqs_event>(records({sqs_record("f1", R"("ok")", arn), sqs_record("f2", R"("fail")", arn),
                                               sqs_record("f3", R"("ok")", arn), sqs_record("f4", R"("ok")", arn)}));
  REQUIRE(batch.ok());
  CHECK(batch->records[0].from_fifo_queue());
  int calls = 0;
  const auto response = ev::process_batch(*batch, f.mem, [&](const ev::sqs_message& m) {
    ++calls;
    if (*m.body() == "fail") throw std::runtime_error("no");
  });
  CHECK(calls == 2);
  CHECK(response.failed == 1);
  CHECK(response.skipped == 2);
  CHECK(reported(response.to_json(f.mem)) == std::vector<std::string>{"f2", "f3", "f4"});
}

TEST_CASE("Batches: Kinesis and DynamoDB records are reported by sequence number") {
  fixture f;
  auto kinesis = f.parse<ev::kinesis_event>(
      records({R"({"kinesis":{"sequenceNumber":"s1","data":"b2s="},"eventSource":"aws:kinesis","eventID":"x:s1"})",
               R"({"kinesis":{"sequenceNumber":"s2","data":"ZmFpbA=="},"eventSource":"aws:kinesis","eventID":"x:s2"})"}));
  REQUIRE(kinesis.ok());
  const auto k = ev::process_batch(*kinesis, f.mem, [](const ev::kinesis_record& r) { return *r.data() != "fail"; });
  CHECK(reported(k.to_json(f.mem)) == std::vector<std::string>{"s2"});

  auto streams = f.parse<ev::dynamodb_event>(dynamodb_records(R"({})", "seq-9"));
  REQUIRE(streams.ok());
  const auto d = ev::process_batch(*streams, f.mem, [](const ev::dynamodb_record&) -> bool {
    throw std::runtime_error("db down");
  });
  CHECK(reported(d.to_json(f.mem)) == std::vector<std::string>{"seq-9"});
}

TEST_CASE("Batches: a tumbling window's answer hands its state on, which Lambda requires") {
  fixture f;
  const std::string window = R"("window":{"start":"2020-12-09T07:04:00Z","end":"2020-12-09T07:06:00Z"},)"
                             R"("shardId":"shardId-6","eventSourceARN":"arn:aws:kinesis:us-east-1:1:stream/s")";
  const std::string record = R"({"kinesis":{"sequenceNumber":"s1","data":"ZmFpbA=="},"eventSource":"aws:kinesis","eventID":"x:s1"})";
  const auto answer = [&](std::string_view state) {
    auto event = f.parse<ev::kinesis_event>(R"({"Records":[)" + record + "]," + window + std::string(state) + "}");
    REQUIRE_MESSAGE(event.ok(), event.error().message);
    return std::string(ev::process_batch(*event, f.mem, [](const ev::kinesis_record& r) { return *r.data() != "fail"; })
                           .to_json(f.mem));
  };
  CHECK(answer(R"(,"state":{"1":"state 1", "2":"x"})") ==
        R"({"state":{"1":"state 1", "2":"x"},"batchItemFailures":[{"itemIdentifier":"s1"}]})");
  CHECK(answer("") == R"({"state":{},"batchItemFailures":[{"itemIdentifier":"s1"}]})");
  CHECK(answer(R"(,"state":null)") == R"({"state":{},"batchItemFailures":[{"itemIdentifier":"s1"}]})");
  CHECK(answer(R"(,"state":[1])") == R"({"state":{},"batchItemFailures":[{"itemIdentifier":"s1"}]})");
  // no window, no state
  auto plain = f.parse<ev::kinesis_event>(R"({"Records":[)" + record + "]}");
  REQUIRE(plain.ok());
  CHECK(std::string(ev::process_batch(*plain, f.mem, [](const ev::kinesis_record&) { return true; }).to_json(f.mem)) ==
        R"({"batchItemFailures":[]})");
  // a whole-event handler that aggregates answers its own state
  ev::batch_response own;
  own.state_json = R"({"total":"3"})";
  CHECK(std::string(own.to_json(f.mem)) == R"({"state":{"total":"3"},"batchItemFailures":[]})");
}

TEST_CASE("Dispatch: a tumbling window's last invocation without records reaches its stream's handler") {
  const auto app = sluice::event_handlers(
      sluice::on<ev::kinesis_record>([](const ev::kinesis_record&) { return true; }),
      sluice::on<ev::dynamodb_record>([](const ev::dynamodb_record&) { return true; }));
  const auto last = [](std::string_view arn) {
    return R"({"Records":[],"window":{"start":"2020-12-09T07:04:00Z","end":"2020-12-09T07:06:00Z"},"state":{"n":"7"},)"
           R"("shardId":"shardId-6","eventSourceARN":")" + std::string(arn) + R"(","isFinalInvokeForWindow":true,)"
           R"("isWindowTerminatedEarly":false})";
  };
  for (const std::string_view arn : {"arn:aws:kinesis:us-east-1:123456789012:stream/lambda-stream",
                                     "arn:aws-cn:kinesis:cn-north-1:123456789012:stream/s",
                                     "arn:aws:dynamodb:us-east-1:123456789012:table/t/stream/2020-12-09T07:04:00.000"}) {
    CAPTURE(arn);
    const auto result = app.handle(last(arn));
    REQUIRE_MESSAGE(result.ok, result.error_message);
    CHECK(result.payload == R"({"state":{"n":"7"},"batchItemFailures":[]})");
  }
  for (const std::string_view arn : {"stream-ARN", "arn:aws:sqs:us-east-1:1:q", "arn:aws"}) {
    CAPTURE(arn);
    const auto result = app.handle(last(arn));
    CHECK(result.error_type == "Sluice.UnsupportedEvent");
    CHECK(std::string_view(result.error_message).find("got an object with an empty Records array") != std::string_view::npos);
  }
  const auto no_arn = app.handle(R"({"Records":[]})");
  CHECK(no_arn.error_type == "Sluice.UnsupportedEvent");
  CHECK(std::string_view(no_arn.error_message).find("got an object with an empty Records array") != std::string_view::npos);
}

TEST_CASE("DynamoDB: a record whose handler meets a broken attribute fails, and nothing crashes") {
  const std::string event = records({dynamodb_record(R"({"n":{"N":"1"}})", "good"),
                                     dynamodb_record(R"({"n":{"N":"x"}})", "read-broken"),
                                     dynamodb_record(R"({"n":{"N":"2"},"other":{"Q":1}})", "broken-unread")});
  fixture f;
  auto parsed = f.parse<ev::dynamodb_event>(event);
  REQUIRE(parsed.ok());
  std::vector<int> seen;
  // the handler neither checks the value nor fails the record: the batch does
  const auto response = ev::process_batch(*parsed, f.mem, [&](const ev::dynamodb_record& r) {
    seen.push_back(*r.new_image.find("n")->as<int>());
    return true;
  });
  CHECK(seen == std::vector<int>{1, 0, 2});  // a failed conversion reads as 0, not as a crash
  CHECK(reported(response.to_json(f.mem)) == std::vector<std::string>{"read-broken"});
  CHECK(response.succeeded == 2);

  const auto app = sluice::event_handlers(sluice::on<ev::dynamodb_record>([](const ev::dynamodb_record& r) {
    const auto status = r.new_image.find("n");
    if (status == nullptr) throw std::runtime_error("no n");
    return ev::record_result::success();
  }));
  const auto out = app.handle(event);
  REQUIRE(out.ok);
  CHECK(reported(out.payload) == std::vector<std::string>{"read-broken"});
}

// ---- dispatch -----------------------------------------------------------------------------

/// The members of a JSON answer, read back with the DOM API.
simdjson::dom::element parsed_json(simdjson::dom::parser& parser, std::string_view json) {
  simdjson::dom::element e;
  REQUIRE_MESSAGE(parser.parse(json.data(), json.size()).get(e) == simdjson::SUCCESS, json);
  return e;
}

TEST_CASE("Dispatch: one app of HTTP routes and event handlers, each payload to its handler") {
  int eventbridge_calls = 0;
  const auto app = sluice::with_events(
      sluice::app{sluice::route<"GET /health">([] { return sluice::text("ok"); })},
      sluice::on<ev::sqs_message>([](const ev::sqs_message& m) { return m.body()->find("fail") == std::string_view::npos; }),
      sluice::on<ev::eventbridge_event>([&](const ev::eventbridge_event& e) {
        if (e.detail_type == "Explode") throw std::runtime_error("cannot handle " + std::string(e.id));
        ++eventbridge_calls;
      }),
      sluice::on<ev::s3_event>([](const ev::s3_event& e) { return std::string(R"({"objects":)") + std::to_string(e.records.size()) + "}"; }));
  CHECK(decltype(app)::route_keys().size() == 1);
  simdjson::dom::parser dom;

  test_events::http_request get;
  get.path = "/health";
  get.route_key = "GET /health";
  const auto http = app.handle(test_events::http_api_v2(get));
  REQUIRE_MESSAGE(http.ok, http.payload);
  CHECK(parsed_json(dom, http.payload)["statusCode"].get_int64().value() == 200);
  CHECK(parsed_json(dom, http.payload)["body"].get_string().value() == "ok");

  const auto sqs = app.handle(records({sqs_record("a", R"("fine")"), sqs_record("b", R"("please fail")"),
                                       sqs_record("c", R"("fine")")}));
  REQUIRE(sqs.ok);
  CHECK(reported(sqs.payload) == std::vector<std::string>{"b"});

  const auto bridged = app.handle(eventbridge("shop", "{}"));
  REQUIRE(bridged.ok);
  CHECK(bridged.payload == "null");
  CHECK(eventbridge_calls == 1);

  const auto s3 = app.handle(records({R"({"eventSource":"aws:s3","s3":{"bucket":{"name":"b"},"object":{"key":"k"}}})",
                                      R"({"eventSource":"aws:s3","s3":{"bucket":{"name":"b"},"object":{"key":"l"}}})"}));
  REQUIRE(s3.ok);
  CHECK(s3.payload == R"({"objects":2})");

  struct row {
    std::string name;
    std::string event;
    std::string_view type;
    std::string_view message;
  };
  const std::vector<row> rows = {
      {"a source without a handler", R"({"Records":[{"EventSource":"aws:sns","Sns":{"MessageId":"x","Message":"m"}}]})",
       "Sluice.UnsupportedEvent",
       "this app handles SQS events, EventBridge events, S3 events and HTTP requests (API Gateway REST and HTTP APIs, "
       "Function URLs, ALB); got SNS events"},
      {"an unknown shape", R"({"foo":1,"bar":[2]})", "Sluice.UnsupportedEvent", "; got an object with keys foo, bar"},
      {"an unknown eventSource", records({R"({"eventSource":"aws:codecommit","codecommit":{}})"}),
       "Sluice.UnsupportedEvent", R"(; got an event whose Records[0].eventSource is "aws:codecommit")"},
      {"not JSON", R"({"Records":[)", "Sluice.InvalidEvent", "the event is not valid JSON"},
      {"not JSON after a decisive key", R"({"detail-type":"x","source":"y",})", "Sluice.InvalidEvent", "not valid JSON"},
      {"an invalid SQS event", records({R"({"messageId":5,"eventSource":"aws:sqs"})"}), "Sluice.InvalidEvent",
       "SQS event: 'Records[0].messageId' must be a string"},
      {"a throwing whole-event handler", R"({"detail-type":"Explode","source":"shop","id":"id-1","detail":{}})",
       "Sluice.HandlerError", "cannot handle id-1"},
      {"a WebSocket event goes to the HTTP side, which refuses it",
       R"({"requestContext":{"routeKey":"$connect","eventType":"CONNECT","connectionId":"c"},"isBase64Encoded":false})",
       "Sluice.UnsupportedEvent", "WebSocket"},
  };
  for (const row& r : rows) {
    CAPTURE(r.name);
    const auto out = app.handle(r.event);
    CHECK_FALSE(out.ok);
    CHECK(out.error_type == r.type);
    CHECK_MESSAGE(std::string(out.error_message).find(r.message) != std::string::npos, out.error_message);
    CHECK(parsed_json(dom, out.payload)["errorType"].get_string().value() == r.type);
  }
}

TEST_CASE("Dispatch: an app of event handlers only names HTTP as unhandled; two handlers for one source do not compile") {
  const auto app = sluice::event_handlers(sluice::on<ev::kinesis_record>([](const ev::kinesis_record& r) {
    if (*r.data() == "fail") throw std::runtime_error("no");
  }));
  CHECK(decltype(app)::route_keys().empty());
  test_events::http_request get;
  const auto out = app.handle(test_events::rest_v1(get));
  CHECK(out.error_type == "Sluice.UnsupportedEvent");
  CHECK(out.error_message ==
        "this app handles Kinesis events; got HTTP requests (API Gateway REST and HTTP APIs, Function URLs, ALB)");
  const auto batch = app.handle(
      records({R"({"kinesis":{"sequenceNumber":"1","data":"ZmFpbA=="},"eventSource":"aws:kinesis"})",
               R"({"kinesis":{"sequenceNumber":"2","data":"b2s="},"eventSource":"aws:kinesis"})"}));
  REQUIRE(batch.ok);
  CHECK(reported(batch.payload) == std::vector<std::string>{"1"});

  const auto transformer = sluice::event_handlers(sluice::on<ev::firehose_record>([](const ev::firehose_record& r) {
    return *r.data() == "x" ? ev::firehose_result::dropped() : ev::firehose_result::ok("y");
  }));
  const auto answer = transformer.handle(firehose({firehose_record("a", "x"), firehose_record("b", "z")}));
  REQUIRE(answer.ok);
  CHECK(answer.payload ==
        R"({"records":[{"recordId":"a","result":"Dropped","data":"eA=="},{"recordId":"b","result":"Ok","data":"eQ=="}]})");

  test_events::http_request authorize;
  const auto authorizer = sluice::event_handlers(sluice::on<ev::authorizer_request>([](const ev::authorizer_request& r) {
    return r.authorization_token == "good" ? ev::iam_policy("u").allow(r.arn()) : ev::iam_policy("anonymous").deny(r.arn());
  }));
  const auto allowed = authorizer.handle(R"({"type":"TOKEN","authorizationToken":"good","methodArn":"arn:x"})");
  REQUIRE(allowed.ok);
  CHECK(allowed.payload.find(R"("Effect":"Allow","Resource":["arn:x"])") != std::string_view::npos);
  const auto denied = authorizer.handle(R"({"type":"TOKEN","authorizationToken":"bad","methodArn":"arn:x"})");
  CHECK(denied.payload.find(R"("Effect":"Deny")") != std::string_view::npos);

  const auto chat = sluice::with_events(
      sluice::app{sluice::route<"GET /health">([] { return sluice::text("ok"); })},
      sluice::on<ev::websocket_event>(sluice::websocket_routes(
          sluice::websocket_route<"$default">([](const ev::websocket_event& e) { return std::string(*e.body()); }))));
  const auto echoed = chat.handle(websocket("$default", "MESSAGE", R"(,"body":"hi")"));
  REQUIRE(echoed.ok);
  CHECK(echoed.payload == R"({"statusCode":200,"body":"hi"})");

  using twice = decltype(sluice::on<ev::sqs_message>([](const ev::sqs_message&) {}));
  using whole = decltype(sluice::on<ev::sqs_event>([](const ev::sqs_event&) {}));
  static_assert(!sluice::detail_dispatch::kinds_distinct<twice, whole>());
  static_assert(sluice::detail_dispatch::kinds_distinct<twice>());
}

// ---- Cognito user pool triggers ------------------------------------------------------------

/// A Cognito trigger event as the service sends it; `request` and `response` are JSON objects.
std::string cognito(std::string_view trigger, std::string_view request, std::string_view response = "{}",
                    std::string_view version = "1") {
  return std::string(R"({"version":")") + std::string(version) + R"(","triggerSource":")" + std::string(trigger) +
         R"(","region":"eu-west-1","userPoolId":"eu-west-1_Pool","userName":"jane","callerContext":)"
         R"({"awsSdkVersion":"aws-sdk-js-3","clientId":"client-9"},"request":)" +
         std::string(request) + R"(,"response":)" + std::string(response) + "}";
}

TEST_CASE("Cognito: the common part, the trigger from triggerSource, the request typed") {
  fixture f;
  auto e = f.parse<ev::cognito_event>(cognito(
      "PreSignUp_SignUp",
      R"({"userAttributes":{"email":"jane@example.com","name":"Jane \"J\" Doe"},"validationData":{"invite":"abc"},)"
      R"("clientMetadata":{"source":"web"}})",
      R"({"autoConfirmUser":false,"autoVerifyEmail":false,"autoVerifyPhone":false})"));
  REQUIRE_MESSAGE(e.ok(), e.error().message);
  CHECK(e->trigger == ev::cognito_trigger::pre_sign_up);
  CHECK(e->trigger_source == "PreSignUp_SignUp");
  CHECK(e->version == "1");
  CHECK(e->region == "eu-west-1");
  CHECK(e->user_pool_id == "eu-west-1_Pool");
  CHECK(e->user_name == "jane");
  CHECK(e->aws_sdk_version == "aws-sdk-js-3");
  CHECK(e->client_id == "client-9");
  CHECK(e->user_attribute("email") == "jane@example.com");
  CHECK(e->user_attribute("name") == "Jane \"J\" Doe");  // escapes undone
  CHECK_FALSE(e->user_attribute("phone_number").has_value());
  CHECK(e->validation_data("invite") == "abc");
  CHECK(e->client_metadata("source") == "web");
  CHECK(e->request_json.starts_with(R"({"userAttributes":{"email")"));
  CHECK(e->request_json.ends_with(R"("source":"web"}})"));

  auto challenge = f.parse<ev::cognito_event>(cognito(
      "VerifyAuthChallengeResponse_Authentication",
      R"({"userAttributes":{},"privateChallengeParameters":{"answer":"42"},"challengeAnswer":"41","userNotFound":true,)"
      R"("session":[{"challengeName":"SRP_A","challengeResult":true,"challengeMetadata":null},)"
      R"({"challengeName":"CUSTOM_CHALLENGE","challengeResult":false,"challengeMetadata":"round-1"}]})"));
  REQUIRE_MESSAGE(challenge.ok(), challenge.error().message);
  CHECK(challenge->trigger == ev::cognito_trigger::verify_auth_challenge);
  CHECK(challenge->request.private_challenge_parameters[0].value == "42");
  CHECK(challenge->request.challenge_answer == "41");
  CHECK(challenge->request.user_not_found);
  REQUIRE(challenge->request.session.size() == 2);
  CHECK(challenge->request.session[0].challenge_name == "SRP_A");
  CHECK(challenge->request.session[0].challenge_result);
  CHECK(challenge->request.session[1].challenge_metadata == "round-1");
  CHECK_FALSE(challenge->request.session[1].challenge_result);
  // the .NET SDK's sample sends an object of answers: kept as its JSON text
  auto answers = f.parse<ev::cognito_event>(cognito(
      "VerifyAuthChallengeResponse_Authentication", R"({"userAttributes":{},"challengeAnswer":{"a_1":"v1","a_2":"v2"}})"));
  REQUIRE_MESSAGE(answers.ok(), answers.error().message);
  CHECK(answers->request.challenge_answer == R"({"a_1":"v1","a_2":"v2"})");

  auto tokens = f.parse<ev::cognito_event>(cognito(
      "TokenGeneration_RefreshTokens",
      R"({"userAttributes":{"sub":"s-1"},"groupConfiguration":{"groupsToOverride":["admins"],"iamRolesToOverride":[],)"
      R"("preferredRole":null},"scopes":["openid","orders/read"]})",
      R"({"claimsAndScopeOverrideDetails":null})", "2"));
  REQUIRE_MESSAGE(tokens.ok(), tokens.error().message);
  CHECK(tokens->trigger == ev::cognito_trigger::pre_token_generation_v2);
  CHECK(tokens->request.groups_to_override.size() == 1);
  CHECK(tokens->request.preferred_role.empty());
  CHECK(tokens->request.scopes[1] == "orders/read");

  auto message = f.parse<ev::cognito_event>(cognito(
      "CustomMessage_ForgotPassword", R"({"userAttributes":{"email_verified":"true"},"codeParameter":"{####}",)"
                                      R"("linkParameter":"{##Click##}","usernameParameter":null})"));
  REQUIRE_MESSAGE(message.ok(), message.error().message);
  CHECK(message->request.code_parameter == "{####}");
  CHECK(message->request.link_parameter == "{##Click##}");
  CHECK(message->request.username_parameter.empty());

  auto migration = f.parse<ev::cognito_event>(cognito("UserMigration_Authentication", R"({"password":"p\u00e4ss"})"));
  REQUIRE_MESSAGE(migration.ok(), migration.error().message);
  CHECK(migration->trigger == ev::cognito_trigger::user_migration);
  CHECK(migration->request.password == "p\xc3\xa4ss");

  auto federation = f.parse<ev::cognito_event>(cognito(
      "InboundFederation_ExternalProvider",
      R"({"providerName":"Okta","providerType":"OIDC","attributes":{"idToken":{"email":"j@x"}}})"));
  REQUIRE_MESSAGE(federation.ok(), federation.error().message);
  CHECK(federation->request.provider_type == "OIDC");
  CHECK(federation->request.attributes_json == R"({"idToken":{"email":"j@x"}})");

  auto sender = f.parse<ev::cognito_event>(cognito(
      "CustomEmailSender_SignUp", R"({"type":"customEmailSenderRequestV1","code":"AYADeD0x","userAttributes":{}})"));
  REQUIRE_MESSAGE(sender.ok(), sender.error().message);
  CHECK(sender->trigger == ev::cognito_trigger::custom_email_sender);
  CHECK(sender->request.sender_type == "customEmailSenderRequestV1");
  CHECK(sender->request.code == "AYADeD0x");

  // the trigger sources AWS documents, each to its kind
  struct trigger_row {
    std::string_view source;
    std::string_view version;
    ev::cognito_trigger kind;
  };
  const trigger_row table[] = {
      {"PreSignUp_AdminCreateUser", "1", ev::cognito_trigger::pre_sign_up},
      {"PreSignUp_ExternalProvider", "1", ev::cognito_trigger::pre_sign_up},
      {"PostConfirmation_ConfirmForgotPassword", "1", ev::cognito_trigger::post_confirmation},
      {"PreAuthentication_Authentication", "1", ev::cognito_trigger::pre_authentication},
      {"PostAuthentication_Authentication", "1", ev::cognito_trigger::post_authentication},
      {"DefineAuthChallenge_Authentication", "1", ev::cognito_trigger::define_auth_challenge},
      {"CreateAuthChallenge_Authentication", "1", ev::cognito_trigger::create_auth_challenge},
      {"VerifyAuthChallengeResponse_Authentication", "1", ev::cognito_trigger::verify_auth_challenge},
      {"TokenGeneration_HostedAuth", "1", ev::cognito_trigger::pre_token_generation},
      {"TokenGeneration_AuthenticateDevice", "2", ev::cognito_trigger::pre_token_generation_v2},
      {"TokenGeneration_ClientCredentials", "3", ev::cognito_trigger::pre_token_generation_v2},
      {"CustomMessage_AdminCreateUser", "1", ev::cognito_trigger::custom_message},
      {"UserMigration_ForgotPassword", "1", ev::cognito_trigger::user_migration},
      {"CustomSMSSender_ResendCode", "1", ev::cognito_trigger::custom_sms_sender},
      {"InboundFederation_ExternalProvider", "1", ev::cognito_trigger::inbound_federation},
      {"PreSignUpX_SignUp", "1", ev::cognito_trigger::other},
      {"SomethingNew_Later", "1", ev::cognito_trigger::other},
  };
  for (const trigger_row& row : table) {
    CAPTURE(row.source);
    auto parsed = f.parse<ev::cognito_event>(cognito(row.source, "{}", "{}", row.version));
    REQUIRE_MESSAGE(parsed.ok(), parsed.error().message);
    CHECK(parsed->trigger == row.kind);
  }
}

TEST_CASE("Cognito: malformed and foreign events are error values naming the field") {
  fixture f;
  struct row {
    std::string name;
    std::string event;
    ev::event_problem problem;
    std::string_view message;
  };
  const std::string base = R"("triggerSource":"PreSignUp_SignUp","userPoolId":"p")";
  const std::vector<row> rows = {
      {"mistyped common field", "{" + base + R"(,"userName":5})", ev::event_problem::invalid_event,
       "Cognito trigger event: 'userName' must be a string"},
      {"mistyped before the decisive keys", R"({"region":[],)" + base + "}", ev::event_problem::invalid_event,
       "Cognito trigger event: 'region' must be a string"},
      {"a value sent twice", "{" + base + R"(,"userName":"a","userName":"b"})", ev::event_problem::invalid_event,
       "Cognito trigger event: 'userName' is sent twice"},
      {"request sent twice", "{" + base + R"(,"request":{},"request":{}})", ev::event_problem::invalid_event,
       "Cognito trigger event: 'request' is sent twice"},
      {"request not an object", "{" + base + R"(,"request":[1]})", ev::event_problem::invalid_event,
       "Cognito trigger event: 'request' must be an object"},
      {"caller context mistyped", "{" + base + R"(,"callerContext":{"clientId":1}})", ev::event_problem::invalid_event,
       "Cognito trigger event: 'callerContext.clientId' must be a string"},
      {"attribute value an object", "{" + base + R"(,"request":{"userAttributes":{"email":{}}}})",
       ev::event_problem::invalid_event, "Cognito trigger event: 'request.userAttributes.email' must be a string"},
      {"attributes not an object", "{" + base + R"(,"request":{"userAttributes":"x"}})", ev::event_problem::invalid_event,
       "Cognito trigger event: 'request.userAttributes' must be an object"},
      {"session result mistyped", "{" + base + R"(,"request":{"session":[{"challengeName":"SRP_A","challengeResult":"yes"}]}})",
       ev::event_problem::invalid_event, "Cognito trigger event: 'request.session[0].challengeResult' must be true or false"},
      {"session step without a name", "{" + base + R"(,"request":{"session":[{"challengeResult":true}]}})",
       ev::event_problem::invalid_event, "Cognito trigger event: 'request.session[0].challengeName' is missing: every session step has one"},
      {"request value sent twice", "{" + base + R"(,"request":{"password":"a","password":"b"}})",
       ev::event_problem::invalid_event, "Cognito trigger event: 'request.password' is sent twice"},
      {"a map sent twice", "{" + base + R"(,"request":{"clientMetadata":{"a":"1"},"clientMetadata":{"b":"2"}}})",
       ev::event_problem::invalid_event, "Cognito trigger event: 'request.clientMetadata' is sent twice"},
      {"groups mistyped", "{" + base + R"(,"request":{"groupConfiguration":{"groupsToOverride":[1]}}})",
       ev::event_problem::invalid_event, "Cognito trigger event: 'request.groupConfiguration.groupsToOverride[0]' must be a string"},
      {"a bad escape", "{" + base + R"(,"request":{"password":"\q"}})", ev::event_problem::not_json, ""},
      {"no userPoolId: Cognito Sync, say", R"({"version":2,"eventType":"SyncTrigger","triggerSource":"x","datasetName":"d"})",
       ev::event_problem::other_source,
       "Cognito trigger event: expected a Cognito user pool trigger event (triggerSource, userPoolId); got an object "
       "with keys version, eventType, triggerSource, datasetName"},
      {"no triggerSource", R"({"userPoolId":"p","userName":5})", ev::event_problem::other_source, "expected a Cognito"},
      // the keys say Cognito (as detection reads them): an empty trigger is named, not "another source"
      {"an empty triggerSource", R"({"triggerSource":"","userPoolId":"p","request":{}})", ev::event_problem::invalid_event,
       "Cognito trigger event: 'triggerSource' is empty: Cognito names the trigger that sent the event"},
      {"an array", R"([{"triggerSource":"x"}])", ev::event_problem::other_source, "expected a JSON object"},
      {"not JSON", "{" + base + R"(,"request":{"a":})", ev::event_problem::not_json, "not valid JSON"},
  };
  for (const row& r : rows) {
    CAPTURE(r.name);
    auto e = f.parse<ev::cognito_event>(r.event);
    REQUIRE_FALSE(e.ok());
    CHECK(e.error().problem == r.problem);
    CHECK_MESSAGE(std::string(e.error().message).find(r.message) != std::string::npos, e.error().message);
  }
}

/// The answer read back: `response` and, to check that nothing else changed, the rest.
struct cognito_answer {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  std::string json;
  explicit cognito_answer(std::string_view text) : json(text) {
    REQUIRE_MESSAGE(parser.parse(json).get(root) == simdjson::SUCCESS, json);
  }
  simdjson::dom::element response() { return root["response"].value(); }
  std::string minified(std::string_view pointer) { return simdjson::minify(root.at_pointer(pointer).value()); }
};

TEST_CASE("Cognito: each response builder answers the event with only its response replaced") {
  fixture f;
  const std::string received = cognito("PreSignUp_SignUp", R"({"userAttributes":{"email":"a\u0040b"}})",
                                       R"({"autoConfirmUser":null})");
  auto e = f.parse<ev::cognito_event>(received);
  REQUIRE_MESSAGE(e.ok(), e.error().message);
  {
    cognito_answer a(ev::cognito_pre_sign_up_response(*e).auto_confirm_user().auto_verify_email().to_json(f.mem));
    CHECK(a.response()["autoConfirmUser"].get_bool().value());
    CHECK(a.response()["autoVerifyEmail"].get_bool().value());
    CHECK_FALSE(a.response()["autoVerifyPhone"].get_bool().value());
    CHECK(a.response().get_object().value().size() == 3);
    CHECK(a.minified("/request") == R"({"userAttributes":{"email":"a@b"}})");
    CHECK(std::string_view(a.json).find(R"({"userAttributes":{"email":"a\u0040b"}})") != std::string_view::npos);  // as received
    CHECK(a.minified("/callerContext/clientId") == R"("client-9")");
    CHECK(a.root.get_object().value().size() == 8);
  }
  {
    cognito_answer a(ev::cognito_define_auth_challenge_response(*e).challenge_name("CUSTOM_CHALLENGE").to_json(f.mem));
    CHECK(a.response()["challengeName"].get_string().value() == "CUSTOM_CHALLENGE");
    CHECK_FALSE(a.response()["issueTokens"].get_bool().value());
    CHECK_FALSE(a.response()["failAuthentication"].get_bool().value());
    cognito_answer done(ev::cognito_define_auth_challenge_response(*e).issue_tokens().to_json(f.mem));
    CHECK(done.response()["issueTokens"].get_bool().value());
    CHECK(done.response()["challengeName"].error() == simdjson::NO_SUCH_FIELD);
  }
  {
    std::string secret = "4\"2";  // the builder copies: the caller's string may go away
    ev::cognito_create_auth_challenge_response b(*e);
    b.public_parameter("hint", "sms \\ text").private_parameter("answer", secret).challenge_metadata("round-1");
    secret = "overwritten";
    cognito_answer a(b.to_json(f.mem));
    CHECK(a.response()["publicChallengeParameters"]["hint"].get_string().value() == "sms \\ text");
    CHECK(a.response()["privateChallengeParameters"]["answer"].get_string().value() == "4\"2");
    CHECK(a.response()["challengeMetadata"].get_string().value() == "round-1");
  }
  {
    cognito_answer yes(ev::cognito_verify_auth_challenge_response(*e, true).to_json(f.mem));
    CHECK(yes.response()["answerCorrect"].get_bool().value());
    cognito_answer no(ev::cognito_verify_auth_challenge_response(*e, false).to_json(f.mem));
    CHECK_FALSE(no.response()["answerCorrect"].get_bool().value());
  }
  {
    cognito_answer plain(ev::cognito_token_generation_response(*e).claim("tenant", "acme").suppress_claim("email").to_json(f.mem));
    CHECK(plain.minified("/response") ==
          R"({"claimsOverrideDetails":{"claimsToAddOrOverride":{"tenant":"acme"},"claimsToSuppress":["email"]}})");
    const std::string_view groups[] = {"admins", "ops"};
    cognito_answer grouped(ev::cognito_token_generation_response(*e).override_groups(groups).preferred_role("arn:r").to_json(f.mem));
    CHECK(grouped.minified("/response/claimsOverrideDetails/groupOverrideDetails") ==
          R"({"groupsToOverride":["admins","ops"],"iamRolesToOverride":[],"preferredRole":"arn:r"})");
  }
  {
    cognito_answer a(ev::cognito_token_generation_v2_response(*e)
                         .id_token_claim("name", "J\n")
                         .access_token_claim_json("level", "3")
                         .access_token_claim_json("tags", R"(["a","b"])")
                         .suppress_access_token_claim("email")
                         .add_scope("orders/read")
                         .suppress_scope("phone")
                         .to_json(f.mem));
    simdjson::dom::element details = a.response()["claimsAndScopeOverrideDetails"].value();
    CHECK(details["idTokenGeneration"]["claimsToAddOrOverride"]["name"].get_string().value() == "J\n");
    CHECK(details["accessTokenGeneration"]["claimsToAddOrOverride"]["level"].get_int64().value() == 3);
    CHECK(details["accessTokenGeneration"]["claimsToAddOrOverride"]["tags"].get_array().value().size() == 2);
    CHECK(details["accessTokenGeneration"]["claimsToSuppress"].at(0).get_string().value() == "email");
    CHECK(details["accessTokenGeneration"]["scopesToAdd"].at(0).get_string().value() == "orders/read");
    CHECK(details["accessTokenGeneration"]["scopesToSuppress"].at(0).get_string().value() == "phone");
    CHECK(details["groupOverrideDetails"].error() == simdjson::NO_SUCH_FIELD);  // unset: the groups stay
    cognito_answer nothing(ev::cognito_token_generation_v2_response(*e).to_json(f.mem));
    CHECK(nothing.minified("/response") == R"({"claimsAndScopeOverrideDetails":{}})");
  }
  {
    cognito_answer a(ev::cognito_custom_message_response(*e).email_subject("Welcome").email_message("<b>{####}</b>").to_json(f.mem));
    CHECK(a.minified("/response") == R"({"emailMessage":"<b>{####}</b>","emailSubject":"Welcome"})");
  }
  {
    cognito_answer a(ev::cognito_migration_response(*e)
                         .user_attribute("email", "jane@example.com")
                         .user_attribute("email_verified", "true")
                         .final_user_status("CONFIRMED")
                         .message_action("SUPPRESS")
                         .desired_delivery_medium("EMAIL")
                         .force_alias_creation()
                         .to_json(f.mem));
    CHECK(a.minified("/response") ==
          R"({"userAttributes":{"email":"jane@example.com","email_verified":"true"},"finalUserStatus":"CONFIRMED",)"
          R"("messageAction":"SUPPRESS","desiredDeliveryMediums":["EMAIL"],"forceAliasCreation":true})");
  }
  {
    cognito_answer a(ev::cognito_inbound_federation_response(*e).user_attribute("email", "j@x").to_json(f.mem));
    CHECK(a.minified("/response") == R"({"userAttributesToMap":{"email":"j@x"}})");
  }
  // an event without `response` (a hand-made test event) gets one
  auto bare = f.parse<ev::cognito_event>(R"({"triggerSource":"PreSignUp_SignUp","userPoolId":"p","request":{}} )");
  REQUIRE_MESSAGE(bare.ok(), bare.error().message);
  cognito_answer added(ev::cognito_pre_sign_up_response(*bare).auto_verify_phone().to_json(f.mem));
  CHECK(added.response()["autoVerifyPhone"].get_bool().value());
  CHECK(added.minified("/userPoolId") == R"("p")");
}

TEST_CASE("Cognito: detection and on<cognito_event>, answered with a builder or unchanged") {
  fixture f;
  simdjson::ondemand::parser parser;
  const std::string event = cognito("PreSignUp_SignUp", R"({"userAttributes":{"email":"jane@example.com"}})");
  CHECK(ev::detect_source(parser, f.padded(event), f.mem).kind == ev::source_kind::cognito);
  const ev::detection half = ev::detect_source(parser, f.padded(R"({"triggerSource":"x","datasetName":"d"})"), f.mem);
  CHECK(half.kind == ev::source_kind::unknown);
  CHECK(half.seen == "an object with keys triggerSource, datasetName");

  const auto app = sluice::with_events(
      sluice::app{sluice::route<"GET /health">([] { return sluice::text("ok"); })},
      sluice::on<ev::cognito_event>([](const ev::cognito_event& e) {
        return ev::cognito_pre_sign_up_response(e).auto_confirm_user(e.user_attribute("email")->ends_with("@example.com"));
      }));
  const auto out = app.handle(event);
  REQUIRE_MESSAGE(out.ok, out.error_message);
  cognito_answer a(out.payload);
  CHECK(a.response()["autoConfirmUser"].get_bool().value());
  CHECK(a.root["userName"].get_string().value() == "jane");

  int calls = 0;
  const auto observer = sluice::event_handlers(sluice::on<ev::cognito_event>([&](const ev::cognito_event&) { ++calls; }));
  const auto same = observer.handle(event);
  REQUIRE(same.ok);
  CHECK(calls == 1);
  CHECK(same.payload == event);  // nothing to change: the event as it came
  const auto bad = observer.handle(cognito("PreSignUp_SignUp", R"({"userAttributes":[]})"));
  CHECK(bad.error_type == "Sluice.InvalidEvent");
  CHECK(bad.error_message == "Cognito trigger event: 'request.userAttributes' must be an object");
  CHECK(observer.handle(R"({"Records":[]})").error_type == "Sluice.UnsupportedEvent");
}

// ---- AppSync -------------------------------------------------------------------------------

struct get_order_args {
  std::string_view id;
  std::optional<std::int64_t> limit;
  static constexpr auto sluice_fields() {
    return sluice::fields(sluice::field<"id">(&get_order_args::id), sluice::field<"limit">(&get_order_args::limit));
  }
};

struct order_source {
  std::string_view customer_id;
  static constexpr auto sluice_fields() { return sluice::fields(sluice::field<"customerId">(&order_source::customer_id)); }
};

std::string appsync(std::string_view arguments, std::string_view identity = "null", std::string_view extra = "") {
  return std::string(R"({"arguments":)") + std::string(arguments) + R"(,"identity":)" + std::string(identity) +
         R"(,"source":{"customerId":"c-1"},"request":{"headers":{"Authorization":"tok","x-trace":"t-1"},"domainName":null},)"
         R"("prev":{"result":{"n":1}},"info":{"selectionSetList":["id","total"],"selectionSetGraphQL":"{ id total }",)"
         R"("parentTypeName":"Order","fieldName":"lines","variables":{"v":1}},"stash":{"k":"v"})" +
         std::string(extra) + "}";
}

TEST_CASE("AppSync: resolver events, JSON parts bound on request, identities of every shape") {
  fixture f;
  auto e = f.parse<ev::appsync_resolver_event>(appsync(R"({"id":"o-\"7","limit":5})"));
  REQUIRE_MESSAGE(e.ok(), e.error().message);
  CHECK(e->field_name == "lines");
  CHECK(e->parent_type_name == "Order");
  CHECK(e->selection_set_list.size() == 2);
  CHECK(e->selection_set_list[1] == "total");
  CHECK(e->selection_set_graphql == "{ id total }");
  CHECK(e->variables_json == R"({"v":1})");
  CHECK(e->arguments_json == R"({"id":"o-\"7","limit":5})");
  CHECK(e->arguments_as<get_order_args>()->id == "o-\"7");
  CHECK(e->arguments_as<get_order_args>()->limit == 5);
  CHECK(e->source_as<order_source>()->customer_id == "c-1");
  CHECK(e->stash_json == R"({"k":"v"})");
  CHECK(e->prev_json == R"({"result":{"n":1}})");
  CHECK(e->header("authorization") == "tok");
  CHECK(e->header("X-Trace") == "t-1");
  CHECK(e->domain_name.empty());
  CHECK(e->identity.auth == ev::appsync_auth::api_key);

  auto wrong = f.parse<ev::appsync_resolver_event>(appsync(R"({"limit":"five"})"));
  REQUIRE(wrong.ok());
  const auto bound = wrong->arguments_as<get_order_args>();
  REQUIRE_FALSE(bound.ok());
  CHECK(std::string(bound.error()).starts_with("AppSync arguments field "));
  auto root_field = f.parse<ev::appsync_resolver_event>(
      R"({"arguments":{},"source":null,"info":{"fieldName":"orders","parentTypeName":"Query"}})");
  REQUIRE(root_field.ok());
  CHECK(root_field->source_json == "null");
  CHECK_FALSE(root_field->source_as<order_source>().ok());
  CHECK(root_field->stash_json == "{}");

  // Amplify's @function shape (Powertools' fixture): no info, the names at the top
  const std::string amplify =
      R"({"typeName":"Merchant","fieldName":"locations","arguments":{"id":"m-1"},"identity":null,"source":null,)"
      R"("request":{"headers":{"x-trace":"t-2"}},"prev":null})";
  auto flat = f.parse<ev::appsync_resolver_event>(amplify);
  REQUIRE_MESSAGE(flat.ok(), flat.error().message);
  CHECK(flat->field_name == "locations");
  CHECK(flat->parent_type_name == "Merchant");
  CHECK(flat->arguments_as<get_order_args>()->id == "m-1");
  CHECK(flat->header("X-Trace") == "t-2");
  simdjson::ondemand::parser detector;
  CHECK(ev::detect_source(detector, f.padded(amplify), f.mem).kind == ev::source_kind::appsync);
  auto parent = f.parse<ev::appsync_resolver_event>(R"({"parentTypeName":"Query","fieldName":"orders","arguments":{}})");
  REQUIRE(parent.ok());
  CHECK(parent->parent_type_name == "Query");
  // with info, info alone names the field
  auto both = f.parse<ev::appsync_resolver_event>(
      R"({"fieldName":"top","arguments":{},"info":{"fieldName":"inner","parentTypeName":"Query"}})");
  REQUIRE(both.ok());
  CHECK(both->field_name == "inner");
  auto no_name = f.parse<ev::appsync_resolver_event>(R"({"fieldName":"","arguments":{}})");
  REQUIRE_FALSE(no_name.ok());
  CHECK(no_name.error().message == "AppSync resolver event: 'fieldName' is missing: AppSync names the field it resolves");

  struct identity_row {
    std::string_view identity;
    ev::appsync_auth auth;
  };
  const identity_row identities[] = {
      {R"({"sub":"s","issuer":"https://cognito-idp.eu-west-1.amazonaws.com/p","username":"u","claims":{"n":1},)"
       R"("groups":["admins"],"sourceIp":["1.2.3.4"],"defaultAuthStrategy":"ALLOW"})",
       ev::appsync_auth::cognito_user_pools},
      {R"({"accountId":"1","userArn":"arn:aws:iam::1:user/x","cognitoIdentityPoolId":null,"sourceIp":[]})", ev::appsync_auth::iam},
      {R"({"sub":"s","issuer":"https://login.example.com","claims":{"scope":"a b"}})", ev::appsync_auth::oidc},
      {R"({"resolverContext":{"tenant":"acme"}})", ev::appsync_auth::lambda},
      {"null", ev::appsync_auth::api_key},
  };
  for (const identity_row& row : identities) {
    CAPTURE(row.identity);
    auto parsed = f.parse<ev::appsync_resolver_event>(appsync("{}", row.identity));
    REQUIRE_MESSAGE(parsed.ok(), parsed.error().message);
    CHECK(parsed->identity.auth == row.auth);
  }
  auto pools = f.parse<ev::appsync_resolver_event>(appsync("{}", identities[0].identity));
  CHECK(pools->identity.groups[0] == "admins");
  CHECK(pools->identity.claim("n") == "1");
  CHECK(pools->identity.source_ip[0] == "1.2.3.4");
  auto lambda = f.parse<ev::appsync_resolver_event>(appsync("{}", identities[3].identity));
  CHECK(lambda->identity.resolver_context_json == R"({"tenant":"acme"})");
}

TEST_CASE("AppSync: malformed, foreign and batched events are error values") {
  fixture f;
  struct row {
    std::string name;
    std::string event;
    ev::event_problem problem;
    std::string_view message;
  };
  const std::vector<row> rows = {
      {"arguments not an object", appsync("[1]"), ev::event_problem::invalid_event,
       "AppSync resolver event: 'arguments' must be an object"},
      {"arguments sent twice", appsync("{}", "null", R"(,"arguments":{})"), ev::event_problem::invalid_event,
       "AppSync resolver event: 'arguments' is sent twice"},
      {"stash sent twice", appsync("{}", "null", R"(,"stash":{})"), ev::event_problem::invalid_event,
       "AppSync resolver event: 'stash' is sent twice"},
      {"field name mistyped", R"({"arguments":{},"info":{"fieldName":7}})", ev::event_problem::invalid_event,
       "AppSync resolver event: 'info.fieldName' must be a string"},
      {"field name missing", R"({"arguments":{},"info":{"parentTypeName":"Query"}})", ev::event_problem::invalid_event,
       "AppSync resolver event: 'info.fieldName' is missing"},
      {"selection list mistyped", R"({"arguments":{},"info":{"fieldName":"f","selectionSetList":[1]}})",
       ev::event_problem::invalid_event, "AppSync resolver event: 'info.selectionSetList[0]' must be a string"},
      {"identity claims mistyped", appsync("{}", R"({"claims":[]})"), ev::event_problem::invalid_event,
       "AppSync resolver event: 'identity.claims' must be an object"},
      {"source ip mistyped", appsync("{}", R"({"sourceIp":"1.2.3.4"})"), ev::event_problem::invalid_event,
       "AppSync resolver event: 'identity.sourceIp' must be an array"},
      {"header mistyped", R"({"arguments":{},"info":{"fieldName":"f"},"request":{"headers":{"a":{"b":"c"}}}})",
       ev::event_problem::invalid_event, "AppSync resolver event: 'request.headers.a' must be a string"},
      {"neither info nor fieldName: another source", R"({"arguments":{"a":1},"typeName":"T"})", ev::event_problem::other_source,
       "AppSync resolver event: expected an AppSync resolver event (arguments, info.fieldName or fieldName); got an object "
       "with keys arguments, typeName"},
      {"a batch", "[" + appsync("{}") + "," + appsync("{}") + "]", ev::event_problem::other_source,
       "AppSync resolver event: a batched invocation (a JSON array of resolver events) is not supported: set the "
       "resolver's maxBatchSize to 0"},
      {"a broken batch", "[" + appsync("{}") + ",", ev::event_problem::not_json, "not valid JSON"},
  };
  for (const row& r : rows) {
    CAPTURE(r.name);
    auto e = f.parse<ev::appsync_resolver_event>(r.event);
    REQUIRE_FALSE(e.ok());
    CHECK(e.error().problem == r.problem);
    CHECK_MESSAGE(std::string(e.error().message).find(r.message) != std::string::npos, e.error().message);
  }
}

TEST_CASE("AppSync: authorizer requests and answers") {
  fixture f;
  const std::string request =
      R"({"authorizationToken":"Bearer t","requestContext":{"apiId":"api-1","accountId":"111","requestId":"r-1",)"
      R"("queryString":"query Q { me { id } }","operationName":"Q","variables":{"x":"y"}},)"
      R"("requestHeaders":{"Authorization":"Bearer t","Host":"h"}})";
  auto a = f.parse<ev::appsync_authorizer_request>(request);
  REQUIRE_MESSAGE(a.ok(), a.error().message);
  CHECK(a->authorization_token == "Bearer t");
  CHECK(a->api_id == "api-1");
  CHECK(a->account_id == "111");
  CHECK(a->request_id == "r-1");
  CHECK(a->query_string == "query Q { me { id } }");
  CHECK(a->operation_name == "Q");
  CHECK(a->variables_json == R"({"x":"y"})");
  CHECK(a->header("host") == "h");

  auto bad = f.parse<ev::appsync_authorizer_request>(
      R"({"authorizationToken":1,"requestContext":{"apiId":"a","queryString":"q"}})");
  CHECK(bad.error().message == "AppSync authorizer request: 'authorizationToken' must be a string");
  auto twice = f.parse<ev::appsync_authorizer_request>(
      R"({"authorizationToken":"a","authorizationToken":"b","requestContext":{"apiId":"a","queryString":"q"}})");
  CHECK(twice.error().message == "AppSync authorizer request: 'authorizationToken' is sent twice");
  auto api_gateway = f.parse<ev::appsync_authorizer_request>(
      R"({"type":"TOKEN","authorizationToken":"t","methodArn":"arn:x"})");
  CHECK(api_gateway.error().problem == ev::event_problem::other_source);
  // and the API Gateway authorizer view does not take AppSync's
  CHECK(f.parse<ev::authorizer_request>(request).error().problem == ev::event_problem::other_source);

  simdjson::dom::parser dom;
  simdjson::dom::element out;
  const std::string allowed(ev::appsync_authorization(true, f.mem)
                                .resolver_context("tenant", "ac\"me")
                                .denied_field("Mutation.deleteOrder")
                                .denied_field("arn:aws:appsync:eu-west-1:1:apis/a/types/Query/fields/secret")
                                .ttl_override(300)
                                .to_json(f.mem));
  REQUIRE(dom.parse(allowed).get(out) == simdjson::SUCCESS);
  CHECK(out["isAuthorized"].get_bool().value());
  CHECK(out["resolverContext"]["tenant"].get_string().value() == "ac\"me");
  CHECK(out["deniedFields"].get_array().value().size() == 2);
  CHECK(out["deniedFields"].at(0).get_string().value() == "Mutation.deleteOrder");
  CHECK(out["ttlOverride"].get_int64().value() == 300);
  const std::string denied(ev::appsync_authorization(false, f.mem).to_json(f.mem));
  REQUIRE(dom.parse(denied).get(out) == simdjson::SUCCESS);
  CHECK_FALSE(out["isAuthorized"].get_bool().value());
  CHECK(out.get_object().value().size() == 1);
}

TEST_CASE("AppSync: detection tells resolvers, authorizers and batches from HTTP and WebSocket events") {
  fixture f;
  simdjson::ondemand::parser parser;
  const auto kind_of = [&](std::string_view json) { return ev::detect_source(parser, f.padded(json), f.mem); };
  CHECK(kind_of(appsync("{}")).kind == ev::source_kind::appsync);
  const std::string authorizer =
      R"({"authorizationToken":"t","requestContext":{"apiId":"a","accountId":"1","requestId":"r","queryString":"q",)"
      R"("operationName":"Q","variables":{}},"requestHeaders":{}})";
  CHECK(kind_of(authorizer).kind == ev::source_kind::appsync_authorizer);
  // a requestContext with HTTP or WebSocket keys stays theirs, whatever else it holds
  CHECK(kind_of(R"({"authorizationToken":"t","requestContext":{"queryString":"q","httpMethod":"GET"},"httpMethod":"GET"})").kind ==
        ev::source_kind::http);
  CHECK(kind_of(R"({"authorizationToken":"t","requestContext":{"queryString":"q","eventType":"CONNECT","connectionId":"c"}})").kind ==
        ev::source_kind::websocket);
  CHECK(kind_of(R"({"requestContext":{"apiId":"a","queryString":"q"}})").kind == ev::source_kind::unknown);
  const ev::detection batch = kind_of("[" + appsync("{}") + "]");
  CHECK(batch.kind == ev::source_kind::unknown);
  CHECK(batch.seen.starts_with("a batched AppSync resolver invocation"));
  CHECK(kind_of("[1,2]").seen == "a JSON value that is not an object");

  const auto app = sluice::with_events(
      sluice::app{sluice::route<"GET /health">([] { return sluice::text("ok"); })},
      sluice::on<ev::appsync_resolver_event>([](const ev::appsync_resolver_event& e) {
        return std::string(R"({"field":")") + std::string(e.field_name) + R"("})";
      }),
      sluice::on<ev::appsync_authorizer_request>([](const ev::appsync_authorizer_request& r) {
        return ev::appsync_authorization(r.authorization_token == "t").resolver_context("api", r.api_id);
      }));
  const auto resolved = app.handle(appsync("{}"));
  REQUIRE_MESSAGE(resolved.ok, resolved.error_message);
  CHECK(resolved.payload == R"({"field":"lines"})");
  const auto authorized = app.handle(authorizer);
  REQUIRE_MESSAGE(authorized.ok, authorized.error_message);
  CHECK(authorized.payload == R"({"isAuthorized":true,"resolverContext":{"api":"a"}})");
  const auto batched = app.handle("[" + appsync("{}") + "]");
  CHECK(batched.error_type == "Sluice.UnsupportedEvent");
  CHECK(std::string(batched.error_message).find("; got a batched AppSync resolver invocation") != std::string::npos);
}

// ---- Secrets Manager rotation ---------------------------------------------------------------

TEST_CASE("Secrets Manager: rotation steps, malformed requests, detection and dispatch") {
  fixture f;
  struct step_row {
    std::string_view name;
    ev::secret_rotation_step step;
  };
  const step_row steps[] = {
      {"createSecret", ev::secret_rotation_step::create_secret},
      {"setSecret", ev::secret_rotation_step::set_secret},
      {"testSecret", ev::secret_rotation_step::test_secret},
      {"finishSecret", ev::secret_rotation_step::finish_secret},
  };
  for (const step_row& row : steps) {
    CAPTURE(row.name);
    auto e = f.parse<ev::secret_rotation_request>(std::string(R"({"Step":")") + std::string(row.name) +
                                                  R"(","SecretId":"arn:aws:secretsmanager:eu-west-1:1:secret:db-AbC","ClientRequestToken":"v-2"})");
    REQUIRE_MESSAGE(e.ok(), e.error().message);
    CHECK(e->step == row.step);
    CHECK(e->secret_id == "arn:aws:secretsmanager:eu-west-1:1:secret:db-AbC");
    CHECK(e->client_request_token == "v-2");
    CHECK(e->rotation_token.empty());
  }
  auto cross_account = f.parse<ev::secret_rotation_request>(
      R"({"RotationToken":"rt-1","ClientRequestToken":"v-3","SecretId":"db","Step":"setSecret"})");
  REQUIRE_MESSAGE(cross_account.ok(), cross_account.error().message);
  CHECK(cross_account->rotation_token == "rt-1");
  CHECK(cross_account->step == ev::secret_rotation_step::set_secret);

  struct row {
    std::string name;
    std::string event;
    ev::event_problem problem;
    std::string_view message;
  };
  const std::vector<row> rows = {
      {"unknown step", R"({"Step":"dropSecret","SecretId":"s","ClientRequestToken":"t"})", ev::event_problem::invalid_event,
       "Secrets Manager rotation request: 'Step' must be createSecret, setSecret, testSecret or finishSecret"},
      {"no token", R"({"Step":"testSecret","SecretId":"s"})", ev::event_problem::invalid_event,
       "Secrets Manager rotation request: 'ClientRequestToken' is missing"},
      {"token mistyped", R"({"ClientRequestToken":1,"Step":"testSecret","SecretId":"s"})", ev::event_problem::invalid_event,
       "Secrets Manager rotation request: 'ClientRequestToken' must be a string"},
      {"secret sent twice", R"({"Step":"testSecret","SecretId":"s","SecretId":"t","ClientRequestToken":"c"})",
       ev::event_problem::invalid_event, "Secrets Manager rotation request: 'SecretId' is sent twice"},
      {"no SecretId", R"({"Step":"testSecret","ClientRequestToken":"c"})", ev::event_problem::other_source,
       "Secrets Manager rotation request: expected a Secrets Manager rotation request (Step, SecretId); got an object "
       "with keys Step, ClientRequestToken"},
      {"Step mistyped, no SecretId", R"({"Step":3})", ev::event_problem::other_source, "expected a Secrets Manager"},
      {"not JSON", R"({"Step":"testSecret","SecretId":"s",)", ev::event_problem::not_json, "not valid JSON"},
  };
  for (const row& r : rows) {
    CAPTURE(r.name);
    auto e = f.parse<ev::secret_rotation_request>(r.event);
    REQUIRE_FALSE(e.ok());
    CHECK(e.error().problem == r.problem);
    CHECK_MESSAGE(std::string(e.error().message).find(r.message) != std::string::npos, e.error().message);
  }

  simdjson::ondemand::parser parser;
  const std::string request = R"({"Step":"finishSecret","SecretId":"db","ClientRequestToken":"v-9"})";
  CHECK(ev::detect_source(parser, f.padded(request), f.mem).kind == ev::source_kind::secretsmanager);
  CHECK(ev::detect_source(parser, f.padded(R"({"Step":"x"})"), f.mem).kind == ev::source_kind::unknown);

  std::vector<std::string> seen;
  const auto app = sluice::event_handlers(sluice::on<ev::secret_rotation_request>([&](const ev::secret_rotation_request& r) {
    if (r.secret_id == "broken") throw std::runtime_error("cannot reach the database");
    seen.emplace_back(r.client_request_token);
  }));
  const auto done = app.handle(request);
  REQUIRE(done.ok);
  CHECK(done.payload == "null");
  CHECK(seen == std::vector<std::string>{"v-9"});
  const auto failed = app.handle(R"({"Step":"testSecret","SecretId":"broken","ClientRequestToken":"v-9"})");
  CHECK(failed.error_type == "Sluice.HandlerError");
  CHECK(failed.error_message == "cannot reach the database");
  CHECK(app.handle(R"({"Step":"testSecret","SecretId":"s"})").error_type == "Sluice.InvalidEvent");
}

}  // namespace events_test
