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
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "sluice/app.hpp"
#include "sluice/events/authorizer.hpp"
#include "sluice/events/batch.hpp"
#include "sluice/events/cloudwatch_logs.hpp"
#include "sluice/events/dispatch.hpp"
#include "sluice/events/dynamodb.hpp"
#include "sluice/events/eventbridge.hpp"
#include "sluice/events/cloudformation.hpp"
#include "sluice/events/firehose.hpp"
#include "sluice/events/kafka.hpp"
#include "sluice/events/s3_batch.hpp"
#include "sluice/events/ses.hpp"
#include "sluice/events/kinesis.hpp"
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
  return std::string(R"({"messageId":")") + std::string(id) + R"(","receiptHandle":"rh","body":)" +
         std::string(body_json) + R"(,"attributes":{"ApproximateReceiveCount":"3","SentTimestamp":"1523232000000"},)" +
         R"("messageAttributes":{},"md5OfBody":"x","eventSource":"aws:sqs","eventSourceARN":")" + std::string(arn) +
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

}  // namespace events_test
