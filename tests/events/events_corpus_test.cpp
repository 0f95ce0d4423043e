// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors

// Conformance of the non-HTTP event views over the shared corpus (../shared/corpus/events/,
// classified by its INDEX.md): every sample of a supported source decodes, and the fields read
// equal what simdjson's DOM API reads from the same file; every parser refuses every other
// sample as another source (or as not JSON), without a crash.

#include <doctest/doctest.h>
#include <simdjson.h>
#include <zlib.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "sluice/events/appsync.hpp"
#include "sluice/events/authorizer.hpp"
#include "sluice/events/cloudformation.hpp"
#include "sluice/events/cloudwatch_logs.hpp"
#include "sluice/events/cognito.hpp"
#include "sluice/events/codepipeline.hpp"
#include "sluice/events/config.hpp"
#include "sluice/events/dispatch.hpp"
#include "sluice/events/dynamodb.hpp"
#include "sluice/events/eventbridge.hpp"
#include "sluice/events/firehose.hpp"
#include "sluice/events/iot.hpp"
#include "sluice/events/kafka.hpp"
#include "sluice/events/kinesis.hpp"
#include "sluice/events/mq.hpp"
#include "sluice/events/s3.hpp"
#include "sluice/events/s3_batch.hpp"
#include "sluice/events/secretsmanager.hpp"
#include "sluice/events/ses.hpp"
#include "sluice/events/sns.hpp"
#include "sluice/events/sqs.hpp"
#include "sluice/events/websocket.hpp"
#include "support/event_corpus.hpp"

#ifndef SLUICE_CORPUS_DIR
#define SLUICE_CORPUS_DIR "/work/shared/corpus"
#endif

namespace events_corpus_test {

namespace fs = std::filesystem;
namespace dom = simdjson::dom;
namespace ev = sluice::events;

// The corpus and the independent decoders: tests/support/event_corpus.hpp.
using test_corpus::base64_decoded;
using test_corpus::base64_encoded;
using test_corpus::read_file;
using test_corpus::read_index;
using test_corpus::sample;

std::optional<fs::path> events_dir() { return test_corpus::events_dir(SLUICE_CORPUS_DIR, "corpus event sources"); }

std::string dom_string(dom::element e, std::string_view pointer) {
  std::string_view s;
  if (e.at_pointer(pointer).get_string().get(s) != simdjson::SUCCESS) return {};
  return std::string(s);
}

std::string gunzip(const std::string& gz) {
  const std::optional<std::string> out = test_corpus::gunzip(gz);
  REQUIRE(out.has_value());
  return *out;
}

/// `2016-10-06T16:46:16.261Z` (UTC, up to milliseconds) as the view's timestamp; the epoch for "".
ev::timestamp iso_time(const std::string& text) {
  if (text.empty()) return {};
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  char fraction[16] = {};
  REQUIRE_MESSAGE(std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d.%15[0-9]Z", &y, &mo, &d, &h, &mi, &s, fraction) >= 6, text);
  std::string ms = std::string(fraction).substr(0, 3);
  while (ms.size() < 3) ms += '0';
  const std::chrono::sys_days day = std::chrono::year(y) / mo / d;
  return ev::timestamp(std::chrono::duration_cast<std::chrono::milliseconds>(
      day.time_since_epoch() + std::chrono::hours(h) + std::chrono::minutes(mi) + std::chrono::seconds(s) +
      std::chrono::milliseconds(std::stoi(ms))));
}

/// The source a corpus type belongs to, as the names used in docs/events.md.
std::string source_of(std::string_view type) {
  if (type == "sqs") return "sqs";
  if (type == "sns") return "sns";
  if (type == "s3") return "s3";
  if (type == "dynamodb-stream") return "dynamodb";
  if (type == "kinesis") return "kinesis";
  if (type == "eventbridge" || type == "eventbridge-scheduled") return "eventbridge";
  if (type == "cloudwatch-logs") return "cloudwatch-logs";
  if (type == "firehose") return "firehose";
  if (type == "apigw-websocket") return "websocket";
  if (type == "s3-batch") return "s3-batch";
  if (type == "kafka") return "kafka";
  if (type == "ses") return "ses";
  if (type == "cloudformation-custom-resource") return "cloudformation";
  if (type == "cognito-userpool") return "cognito";
  if (type == "appsync-resolver") return "appsync";
  if (type == "appsync-authorizer") return "appsync-authorizer";
  if (type == "secretsmanager-rotation") return "secretsmanager";
  if (type == "activemq") return "activemq";
  if (type == "rabbitmq") return "rabbitmq";
  if (type == "codepipeline-job") return "codepipeline";
  if (type == "config") return "config";
  if (type == "iot-custom-auth") return "iot-authorizer";
  if (type == "iot-preprovision-hook") return "iot-preprovision";
  if (type == "apigw-authorizer-token" || type == "apigw-authorizer-request" || type == "apigw-v2-authorizer") {
    return "authorizer";
  }
  return {};
}

/// Parses with one source's view and checks it against the DOM; returns the problem.
using checker = std::function<ev::event_problem(simdjson::padded_string_view, sluice::detail::arena&, dom::element)>;

template <class Event>
ev::parse_result<Event> parsed(simdjson::padded_string_view json, sluice::detail::arena& mem) {
  auto result = Event::parse(json, mem);
  if (!result.ok()) {
    CHECK_MESSAGE(!result.error().message.empty(), "an error without a message");
  }
  return result;
}

std::map<std::string, checker> checkers() {
  std::map<std::string, checker> all;
  all["sqs"] = [](auto json, auto& mem, dom::element root) {
    auto e = parsed<ev::sqs_event>(json, mem);
    if (!e) return e.error().problem;
    dom::array records = root["Records"].get_array().value();
    REQUIRE(e->records.size() == records.size());
    std::size_t i = 0;
    for (dom::element r : records) {
      const ev::sqs_message& m = e->records[i++];
      CHECK(m.message_id == dom_string(r, "/messageId"));
      CHECK(m.event_source_arn == dom_string(r, "/eventSourceARN"));
      CHECK(*m.body() == dom_string(r, "/body"));
      const std::string sent = dom_string(r, "/attributes/SentTimestamp");
      if (!sent.empty()) CHECK(m.sent_at.time_since_epoch().count() == std::stoll(sent));
      dom::object attributes;
      if (r["messageAttributes"].get_object().get(attributes) == simdjson::SUCCESS) {
        CHECK(m.message_attributes.size() == attributes.size());
        for (auto kv : attributes) {
          const ev::sqs_message_attribute* a = m.message_attribute(kv.key);
          REQUIRE(a != nullptr);
          CHECK(a->data_type == dom_string(kv.value, "/dataType"));
          const std::string binary = dom_string(kv.value, "/binaryValue");
          if (!binary.empty()) CHECK(*a->binary_value() == *base64_decoded(binary));
        }
      }
    }
    return ev::event_problem::none;
  };
  all["sns"] = [](auto json, auto& mem, dom::element root) {
    auto e = parsed<ev::sns_event>(json, mem);
    if (!e) return e.error().problem;
    dom::array records = root["Records"].get_array().value();
    REQUIRE(e->records.size() == records.size());
    std::size_t i = 0;
    for (dom::element r : records) {
      const ev::sns_record& rec = e->records[i++];
      CHECK(rec.sns.message_id == dom_string(r, "/Sns/MessageId"));
      CHECK(rec.sns.topic_arn == dom_string(r, "/Sns/TopicArn"));
      CHECK(rec.sns.subject == dom_string(r, "/Sns/Subject"));
      CHECK(*rec.sns.message() == dom_string(r, "/Sns/Message"));
      CHECK(rec.sns.signing_cert_url == dom_string(r, "/Sns/SigningCertUrl") + dom_string(r, "/Sns/SigningCertURL"));
    }
    return ev::event_problem::none;
  };
  all["s3"] = [](auto json, auto& mem, dom::element root) {
    auto e = parsed<ev::s3_event>(json, mem);
    if (!e) return e.error().problem;
    dom::array records = root["Records"].get_array().value();
    REQUIRE(e->records.size() == records.size());
    std::size_t i = 0;
    for (dom::element r : records) {
      const ev::s3_record& rec = e->records[i++];
      CHECK(rec.event_name == dom_string(r, "/eventName"));
      CHECK(rec.bucket_name == dom_string(r, "/s3/bucket/name"));
      CHECK(rec.object.key == dom_string(r, "/s3/object/key"));
      std::int64_t size = 0;
      if (r.at_pointer("/s3/object/size").get_int64().get(size) == simdjson::SUCCESS) CHECK(rec.object.size == size);
      // the Go fixture carries the decoded key AWS never sends: it must agree with ours
      const std::string decoded = dom_string(r, "/s3/object/urlDecodedKey");
      if (!decoded.empty()) CHECK(*rec.object.decoded_key() == decoded);
    }
    return ev::event_problem::none;
  };
  all["dynamodb"] = [](auto json, auto& mem, dom::element root) {
    auto e = parsed<ev::dynamodb_event>(json, mem);
    if (!e) return e.error().problem;
    dom::array records = root["Records"].get_array().value();
    REQUIRE(e->records.size() == records.size());
    std::size_t i = 0;
    for (dom::element r : records) {
      const ev::dynamodb_record& rec = e->records[i++];
      CHECK(rec.event_id == dom_string(r, "/eventID"));
      CHECK(rec.sequence_number == dom_string(r, "/dynamodb/SequenceNumber"));
      for (const auto& [image, view] : {std::pair{"NewImage", &rec.new_image}, std::pair{"OldImage", &rec.old_image},
                                        std::pair{"Keys", &rec.keys}}) {
        dom::object item;
        if (r["dynamodb"][image].get_object().get(item) != simdjson::SUCCESS) {
          CHECK(view->empty());
          continue;
        }
        CHECK(view->attributes.size() == item.size());
        for (auto kv : item) {
          const ev::attribute_value* a = view->find(kv.key);
          REQUIRE(a != nullptr);
          std::string_view text;
          if (kv.value["S"].get_string().get(text) == simdjson::SUCCESS) CHECK(a->as_string() == text);
          if (kv.value["N"].get_string().get(text) == simdjson::SUCCESS) CHECK(a->as_number_text() == text);
          if (kv.value["B"].get_string().get(text) == simdjson::SUCCESS) CHECK(*a->as_binary() == *base64_decoded(text));
          dom::array list;
          if (kv.value["L"].get_array().get(list) == simdjson::SUCCESS) CHECK(a->list().size() == list.size());
          dom::object map;
          if (kv.value["M"].get_object().get(map) == simdjson::SUCCESS) CHECK(a->map().size() == map.size());
        }
        CHECK(view->error().empty());  // every attribute typed above, none broken
      }
    }
    return ev::event_problem::none;
  };
  all["kinesis"] = [](auto json, auto& mem, dom::element root) {
    auto e = parsed<ev::kinesis_event>(json, mem);
    if (!e) return e.error().problem;
    dom::array records = root["Records"].get_array().value();
    REQUIRE(e->records.size() == records.size());
    std::size_t i = 0;
    for (dom::element r : records) {
      const ev::kinesis_record& rec = e->records[i++];
      CHECK(rec.sequence_number == dom_string(r, "/kinesis/sequenceNumber"));
      CHECK(rec.partition_key == dom_string(r, "/kinesis/partitionKey"));
      CHECK(rec.event_id == dom_string(r, "/eventID"));
      const std::optional<std::string> data = base64_decoded(dom_string(r, "/kinesis/data"));
      CHECK(rec.data().ok() == data.has_value());  // a template's "{{{data}}}" is not base64
      if (data) CHECK(*rec.data() == *data);
      double arrival = 0;
      if (r.at_pointer("/kinesis/approximateArrivalTimestamp").get_double().get(arrival) == simdjson::SUCCESS) {
        CHECK(rec.approximate_arrival.time_since_epoch().count() == static_cast<std::int64_t>(std::llround(arrival * 1000)));
      }
    }
    return ev::event_problem::none;
  };
  all["eventbridge"] = [](auto json, auto& mem, dom::element root) {
    auto e = parsed<ev::eventbridge_event>(json, mem);
    if (!e) return e.error().problem;
    CHECK(e->id == dom_string(root, "/id"));
    CHECK(e->detail_type == dom_string(root, "/detail-type"));
    CHECK(e->source == dom_string(root, "/source"));
    CHECK(e->account == dom_string(root, "/account"));
    // the detail's text is the object the DOM sees
    dom::parser again;
    dom::element detail;
    REQUIRE(again.parse(std::string(e->detail_json)).get(detail) == simdjson::SUCCESS);
    CHECK(simdjson::minify(detail) == simdjson::minify(root["detail"].value()));
    return ev::event_problem::none;
  };
  all["firehose"] = [](auto json, auto& mem, dom::element root) {
    auto e = parsed<ev::firehose_event>(json, mem);
    if (!e) return e.error().problem;
    CHECK(e->invocation_id == dom_string(root, "/invocationId"));
    CHECK(e->delivery_stream_arn == dom_string(root, "/deliveryStreamArn"));
    dom::array records = root["records"].get_array().value();
    REQUIRE(e->records.size() == records.size());
    std::size_t i = 0;
    for (dom::element r : records) {
      const ev::firehose_record& rec = e->records[i++];
      CHECK(rec.record_id == dom_string(r, "/recordId"));
      CHECK(rec.kinesis_sequence_number == dom_string(r, "/kinesisRecordMetadata/sequenceNumber"));
      const std::optional<std::string> data = base64_decoded(dom_string(r, "/data"));
      CHECK(rec.data().ok() == data.has_value());
      if (data) CHECK(*rec.data() == *data);
      std::int64_t ms = 0;
      if (r["approximateArrivalTimestamp"].get_int64().get(ms) == simdjson::SUCCESS) {
        CHECK(rec.approximate_arrival.time_since_epoch().count() == ms);
      }
    }
    return ev::event_problem::none;
  };
  all["authorizer"] = [](auto json, auto& mem, dom::element root) {
    auto e = parsed<ev::authorizer_request>(json, mem);
    if (!e) return e.error().problem;
    CHECK((e->type == ev::authorizer_type::token) == (dom_string(root, "/type") == "TOKEN"));
    CHECK(e->arn() == dom_string(root, "/methodArn") + dom_string(root, "/routeArn"));
    CHECK(e->authorization_token == dom_string(root, "/authorizationToken"));
    CHECK(e->version == dom_string(root, "/version"));
    dom::object headers;
    if (root["headers"].get_object().get(headers) == simdjson::SUCCESS) {
      CHECK(e->headers.size() == headers.size());
      for (auto kv : headers) CHECK(e->header(kv.key) == kv.value.get_string().value());
    }
    dom::array sources;
    if (root["identitySource"].get_array().get(sources) == simdjson::SUCCESS) CHECK(e->identity_source.size() == sources.size());
    CHECK(e->account_id == dom_string(root, "/requestContext/accountId"));
    return ev::event_problem::none;
  };
  all["websocket"] = [](auto json, auto& mem, dom::element root) {
    auto e = parsed<ev::websocket_event>(json, mem);
    if (!e) return e.error().problem;
    CHECK(e->route_key == dom_string(root, "/requestContext/routeKey"));
    CHECK(e->connection_id == dom_string(root, "/requestContext/connectionId"));
    CHECK(e->message_id == dom_string(root, "/requestContext/messageId"));
    CHECK(*e->body() == dom_string(root, "/body"));
    CHECK(e->connected_at.time_since_epoch().count() == root.at_pointer("/requestContext/connectedAt").get_int64().value());
    return ev::event_problem::none;
  };
  all["s3-batch"] = [](auto json, auto& mem, dom::element root) {
    auto e = parsed<ev::s3_batch_event>(json, mem);
    if (!e) return e.error().problem;
    CHECK(e->invocation_id == dom_string(root, "/invocationId"));
    dom::array tasks = root["tasks"].get_array().value();
    REQUIRE(e->tasks.size() == tasks.size());
    std::size_t i = 0;
    for (dom::element t : tasks) {
      CHECK(e->tasks[i].task_id == dom_string(t, "/taskId"));
      CHECK(e->tasks[i].s3_key == dom_string(t, "/s3Key"));
      CHECK(e->tasks[i].s3_bucket_arn == dom_string(t, "/s3BucketArn"));
      ++i;
    }
    return ev::event_problem::none;
  };
  all["kafka"] = [](auto json, auto& mem, dom::element root) {
    auto e = parsed<ev::kafka_event>(json, mem);
    if (!e) return e.error().problem;
    std::size_t i = 0;
    const dom::object groups = root["records"].get_object().value();  // locals: range-for over a
    for (auto group : groups) {                                        // temporary's value() dangles
      const dom::array items = group.value.get_array().value();
      for (dom::element r : items) {
        REQUIRE(i < e->records.size());
        const ev::kafka_record& rec = e->records[i++];
        CHECK(rec.topic == dom_string(r, "/topic"));
        CHECK(rec.offset == r["offset"].get_int64().value());
        CHECK(*rec.value() == *base64_decoded(dom_string(r, "/value")));
        const dom::array headers = r["headers"].get_array().value();
        for (dom::element h : headers) {
          const dom::object header = h.get_object().value();
          for (auto kv : header) {
            std::string bytes;
            const dom::array values = kv.value.get_array().value();
            for (dom::element b : values) bytes += static_cast<char>(b.get_int64().value() & 0xFF);
            REQUIRE(rec.header(kv.key) != nullptr);
            CHECK(rec.header(kv.key)->value == bytes);
          }
        }
      }
    }
    CHECK(i == e->records.size());
    return ev::event_problem::none;
  };
  all["cloudformation"] = [](auto json, auto& mem, dom::element root) {
    auto e = parsed<ev::cloudformation_request>(json, mem);
    if (!e) return e.error().problem;
    CHECK(e->stack_id == dom_string(root, "/StackId"));
    CHECK(e->response_url == dom_string(root, "/ResponseURL"));
    CHECK(e->logical_resource_id == dom_string(root, "/LogicalResourceId"));
    dom::parser again;
    CHECK(simdjson::minify(again.parse(std::string(e->resource_properties_json)).value()) ==
          simdjson::minify(root["ResourceProperties"].value()));
    return ev::event_problem::none;
  };
  all["ses"] = [](auto json, auto& mem, dom::element root) {
    auto e = parsed<ev::ses_event>(json, mem);
    if (!e) return e.error().problem;
    dom::array records = root["Records"].get_array().value();
    REQUIRE(e->records.size() == records.size());
    std::size_t i = 0;
    for (dom::element r : records) {
      const ev::ses_mail& m = e->records[i++];
      CHECK(m.message_id == dom_string(r, "/ses/mail/messageId"));
      CHECK(m.subject == dom_string(r, "/ses/mail/commonHeaders/subject"));
      CHECK(m.spam_verdict == dom_string(r, "/ses/receipt/spamVerdict/status"));
      CHECK(m.headers.size() == r.at_pointer("/ses/mail/headers").get_array().value().size());
    }
    return ev::event_problem::none;
  };
  all["activemq"] = [](auto json, auto& mem, dom::element root) {
    auto e = parsed<ev::activemq_event>(json, mem);
    if (!e) return e.error().problem;
    CHECK(e->event_source_arn == dom_string(root, "/eventSourceArn"));
    const dom::array messages = root["messages"].get_array().value();
    REQUIRE(e->messages.size() == messages.size());
    std::size_t i = 0;
    for (dom::element m : messages) {
      const ev::activemq_message& msg = e->messages[i++];
      CHECK(msg.message_id == dom_string(m, "/messageID"));
      CHECK(msg.message_type == dom_string(m, "/messageType"));
      CHECK(msg.destination == dom_string(m, "/destination/physicalName"));
      CHECK(msg.reply_to == dom_string(m, "/replyTo"));
      CHECK(msg.time.time_since_epoch().count() == m["timestamp"].get_int64().value());
      CHECK(msg.broker_out_time.time_since_epoch().count() == m["brokerOutTime"].get_int64().value());
      CHECK(msg.delivery_mode == m["deliveryMode"].get_int64().value());
      CHECK(msg.priority == m["priority"].get_int64().value());
      CHECK(msg.redelivered == m["redelivered"].get_bool().value());
      CHECK(*msg.data() == *base64_decoded(dom_string(m, "/data")));
      const dom::object properties = m["properties"].get_object().value();
      CHECK(msg.properties.size() == properties.size());
      for (auto kv : properties) {
        REQUIRE(msg.property(kv.key) != nullptr);
        CHECK(msg.property(kv.key)->value == kv.value.get_string().value());
      }
    }
    return ev::event_problem::none;
  };
  all["rabbitmq"] = [](auto json, auto& mem, dom::element root) {
    auto e = parsed<ev::rabbitmq_event>(json, mem);
    if (!e) return e.error().problem;
    CHECK(e->event_source_arn == dom_string(root, "/eventSourceArn"));
    std::size_t i = 0;
    const dom::object groups = root["rmqMessagesByQueue"].get_object().value();
    for (auto group : groups) {
      const std::string key(group.key);
      const dom::array items = group.value.get_array().value();
      for (dom::element m : items) {
        REQUIRE(i < e->messages.size());
        const ev::rabbitmq_message& msg = e->messages[i++];
        CHECK(std::string(msg.queue) + "::" + std::string(msg.virtual_host) == key);
        CHECK(msg.content_type == dom_string(m, "/basicProperties/contentType"));
        CHECK(msg.user_id == dom_string(m, "/basicProperties/userId"));
        CHECK(msg.expiration == dom_string(m, "/basicProperties/expiration"));
        CHECK(msg.timestamp_text == dom_string(m, "/basicProperties/timestamp"));
        CHECK(msg.priority == m.at_pointer("/basicProperties/priority").get_int64().value());
        CHECK(msg.body_size == m.at_pointer("/basicProperties/bodySize").get_int64().value());
        CHECK(msg.redelivered == m["redelivered"].get_bool().value());
        CHECK(*msg.data() == *base64_decoded(dom_string(m, "/data")));
        const dom::object headers = m.at_pointer("/basicProperties/headers").get_object().value();
        CHECK(msg.headers.size() == headers.size());
        for (auto kv : headers) {
          const ev::rabbitmq_header* h = msg.header(kv.key);
          REQUIRE(h != nullptr);
          dom::array bytes;
          std::string_view text;
          if (kv.value["bytes"].get_array().get(bytes) == simdjson::SUCCESS) {
            std::string expected;
            for (dom::element b : bytes) expected += static_cast<char>(b.get_int64().value() & 0xFF);
            CHECK(h->kind == ev::rabbitmq_header_kind::bytes);
            CHECK(h->value == expected);
          } else if (kv.value.get_string().get(text) == simdjson::SUCCESS) {
            CHECK(h->kind == ev::rabbitmq_header_kind::string);
            CHECK(h->value == text);
          } else {
            CHECK(h->kind == ev::rabbitmq_header_kind::json);
            dom::parser again;
            CHECK(simdjson::minify(again.parse(std::string(h->value)).value()) == simdjson::minify(kv.value));
          }
        }
      }
    }
    CHECK(i == e->messages.size());
    return ev::event_problem::none;
  };
  all["codepipeline"] = [](auto json, auto& mem, dom::element root) {
    auto e = parsed<ev::codepipeline_job>(json, mem);
    if (!e) return e.error().problem;
    const dom::element job = root["CodePipeline.job"].value();
    CHECK(e->id == dom_string(job, "/id"));
    CHECK(e->account_id == dom_string(job, "/accountId"));
    CHECK(e->function_name == dom_string(job, "/data/actionConfiguration/configuration/FunctionName"));
    CHECK(e->user_parameters == dom_string(job, "/data/actionConfiguration/configuration/UserParameters"));
    CHECK(e->continuation_token == dom_string(job, "/data/continuationToken"));
    CHECK(e->encryption_key_id == dom_string(job, "/data/encryptionKey/id"));
    CHECK(e->artifact_credentials.access_key_id == dom_string(job, "/data/artifactCredentials/accessKeyId"));
    CHECK(e->artifact_credentials.secret_access_key == dom_string(job, "/data/artifactCredentials/secretAccessKey"));
    CHECK(e->artifact_credentials.session_token == dom_string(job, "/data/artifactCredentials/sessionToken"));
    for (const auto& side : {std::pair{"/data/inputArtifacts", e->input_artifacts},
                             std::pair{"/data/outputArtifacts", e->output_artifacts}}) {
      const std::span<const ev::codepipeline_artifact> list = side.second;  // no structured binding: clang 14
      const dom::array artifacts = job.at_pointer(side.first).get_array().value();
      REQUIRE(list.size() == artifacts.size());
      std::size_t i = 0;
      for (dom::element a : artifacts) {
        const ev::codepipeline_artifact& mine = list[i++];
        CHECK(mine.name == dom_string(a, "/name"));
        CHECK(mine.revision == dom_string(a, "/revision"));
        CHECK(mine.location_type == dom_string(a, "/location/type"));
        CHECK(mine.bucket_name == dom_string(a, "/location/s3Location/bucketName"));
        CHECK(mine.object_key == dom_string(a, "/location/s3Location/objectKey"));
      }
    }
    return ev::event_problem::none;
  };
  all["config"] = [](auto json, auto& mem, dom::element root) {
    auto e = parsed<ev::config_rule_event>(json, mem);
    if (!e) return e.error().problem;
    CHECK(e->invoking_event_json == dom_string(root, "/invokingEvent"));
    CHECK(e->rule_parameters_json == dom_string(root, "/ruleParameters"));
    CHECK(e->result_token == dom_string(root, "/resultToken"));
    CHECK(e->event_left_scope == root["eventLeftScope"].get_bool().value());
    CHECK(e->config_rule_name == dom_string(root, "/configRuleName"));
    CHECK(e->config_rule_arn == dom_string(root, "/configRuleArn"));
    CHECK(e->config_rule_id == dom_string(root, "/configRuleId"));
    CHECK(e->execution_role_arn == dom_string(root, "/executionRoleArn"));
    CHECK(e->account_id == dom_string(root, "/accountId"));
    CHECK(e->version == dom_string(root, "/version"));
    // the invoking event's text, read by the DOM on its own
    dom::parser inner_parser;
    const dom::element inner = inner_parser.parse(dom_string(root, "/invokingEvent")).value();
    const auto invoking = e->invoking_event();
    REQUIRE_MESSAGE(invoking.ok(), invoking.error());
    CHECK(invoking->message_type == dom_string(inner, "/messageType"));
    CHECK(invoking->aws_account_id == dom_string(inner, "/awsAccountId"));
    CHECK(invoking->notification_creation_time == iso_time(dom_string(inner, "/notificationCreationTime")));
    dom::element item;
    const bool has_item = inner["configurationItem"].get(item) == simdjson::SUCCESS ||
                          inner["configurationItemSummary"].get(item) == simdjson::SUCCESS;
    CHECK(invoking->has_item == has_item);
    if (has_item) {
      CHECK(invoking->resource_type == dom_string(item, "/resourceType"));
      CHECK(invoking->resource_id == dom_string(item, "/resourceId"));
      CHECK(invoking->resource_name == dom_string(item, "/resourceName"));
      CHECK(invoking->item_status == dom_string(item, "/configurationItemStatus"));
      CHECK(invoking->change_type == dom_string(item, "/changeType"));
      CHECK(invoking->arn == dom_string(item, "/ARN"));
      CHECK(invoking->capture_time == iso_time(dom_string(item, "/configurationItemCaptureTime")));
    }
    return ev::event_problem::none;
  };
  all["iot-authorizer"] = [](auto json, auto& mem, dom::element root) {
    auto e = parsed<ev::iot_authorizer_request>(json, mem);
    if (!e) return e.error().problem;
    CHECK(e->token == dom_string(root, "/token"));
    CHECK(e->signature_verified == root["signatureVerified"].get_bool().value());
    const dom::array protocols = root["protocols"].get_array().value();
    REQUIRE(e->protocols.size() == protocols.size());
    std::size_t i = 0;
    for (dom::element p : protocols) CHECK(e->protocols[i++] == p.get_string().value());
    CHECK(e->tls_server_name == dom_string(root, "/protocolData/tls/serverName"));
    CHECK(e->http_query_string == dom_string(root, "/protocolData/http/queryString"));
    const dom::object headers = root.at_pointer("/protocolData/http/headers").get_object().value();
    CHECK(e->http_headers.size() == headers.size());
    for (auto kv : headers) CHECK(e->http_header(kv.key) == kv.value.get_string().value());
    CHECK(e->mqtt_username == dom_string(root, "/protocolData/mqtt/username"));
    CHECK(e->mqtt_client_id == dom_string(root, "/protocolData/mqtt/clientId"));
    CHECK(*e->mqtt_password() == *base64_decoded(dom_string(root, "/protocolData/mqtt/password")));
    CHECK(e->connection_id == dom_string(root, "/connectionMetadata/id"));
    return ev::event_problem::none;
  };
  all["iot-preprovision"] = [](auto json, auto& mem, dom::element root) {
    auto e = parsed<ev::iot_preprovision_request>(json, mem);
    if (!e) return e.error().problem;
    CHECK(e->claim_certificate_id == dom_string(root, "/claimCertificateId"));
    CHECK(e->certificate_id == dom_string(root, "/certificateId"));
    CHECK(e->certificate_pem == dom_string(root, "/certificatePem"));
    CHECK(e->template_arn == dom_string(root, "/templateArn"));
    CHECK(e->client_id == dom_string(root, "/clientId"));
    const dom::object parameters = root["parameters"].get_object().value();
    CHECK(e->parameters.size() == parameters.size());
    for (auto kv : parameters) CHECK(e->parameter(kv.key) == kv.value.get_string().value());
    return ev::event_problem::none;
  };
  all["cloudwatch-logs"] = [](auto json, auto& mem, dom::element root) {
    auto e = parsed<ev::cloudwatch_logs_event>(json, mem);
    if (!e) return e.error().problem;
    const std::string inflated = gunzip(*base64_decoded(dom_string(root, "/awslogs/data")));
    CHECK(e->inflated_json == inflated);
    dom::parser inner_parser;
    dom::element inner = inner_parser.parse(inflated).value();
    CHECK(e->log_group == dom_string(inner, "/logGroup"));
    dom::array lines = inner["logEvents"].get_array().value();
    REQUIRE(e->log_events.size() == lines.size());
    std::size_t i = 0;
    for (dom::element line : lines) {
      CHECK(e->log_events[i].message == dom_string(line, "/message"));
      CHECK(e->log_events[i].time.time_since_epoch().count() == line["timestamp"].get_int64().value());
      ++i;
    }
    return ev::event_problem::none;
  };
  all["cognito"] = [](auto json, auto& mem, dom::element root) {
    auto e = parsed<ev::cognito_event>(json, mem);
    if (!e) return e.error().problem;
    CHECK(e->version == dom_string(root, "/version"));
    CHECK(e->trigger_source == dom_string(root, "/triggerSource"));
    CHECK(e->trigger != ev::cognito_trigger::other);  // every corpus trigger is a known one
    CHECK(e->region == dom_string(root, "/region"));
    CHECK(e->user_pool_id == dom_string(root, "/userPoolId"));
    CHECK(e->user_name == dom_string(root, "/userName"));
    CHECK(e->aws_sdk_version == dom_string(root, "/callerContext/awsSdkVersion"));
    CHECK(e->client_id == dom_string(root, "/callerContext/clientId"));
    dom::parser again;
    CHECK(simdjson::minify(again.parse(std::string(e->request_json)).value()) == simdjson::minify(root["request"].value()));
    // maps of text: strings as they are, the fixture's booleans as their JSON text
    const auto same_map = [&](std::string_view pointer, std::span<const ev::named_text> got) {
      dom::object map;
      if (root.at_pointer(pointer).get_object().get(map) != simdjson::SUCCESS) {
        CHECK(got.empty());
        return;
      }
      REQUIRE(got.size() == map.size());
      std::size_t i = 0;
      for (auto kv : map) {
        CHECK(got[i].name == kv.key);
        std::string_view text;
        if (kv.value.get_string().get(text) == simdjson::SUCCESS) {
          CHECK(got[i].value == text);
        } else {
          CHECK(got[i].value == simdjson::minify(kv.value));
        }
        ++i;
      }
    };
    same_map("/request/userAttributes", e->request.user_attributes);
    same_map("/request/clientMetadata", e->request.client_metadata);
    same_map("/request/validationData", e->request.validation_data);
    same_map("/request/privateChallengeParameters", e->request.private_challenge_parameters);
    dom::array session;
    if (root.at_pointer("/request/session").get_array().get(session) == simdjson::SUCCESS) {
      REQUIRE(e->request.session.size() == session.size());
      std::size_t i = 0;
      for (dom::element step : session) {
        CHECK(e->request.session[i].challenge_name == dom_string(step, "/challengeName"));
        CHECK(e->request.session[i].challenge_result == step["challengeResult"].get_bool().value());
        ++i;
      }
    }
    CHECK(e->request.challenge_name == dom_string(root, "/request/challengeName"));
    CHECK(e->request.challenge_answer == dom_string(root, "/request/challengeAnswer"));
    CHECK(e->request.code_parameter == dom_string(root, "/request/codeParameter"));
    CHECK(e->request.username_parameter == dom_string(root, "/request/usernameParameter"));
    CHECK(e->request.password == dom_string(root, "/request/password"));
    CHECK(e->request.preferred_role == dom_string(root, "/request/groupConfiguration/preferredRole"));
    CHECK(e->request.provider_name == dom_string(root, "/request/providerName"));
    dom::array groups;
    if (root.at_pointer("/request/groupConfiguration/groupsToOverride").get_array().get(groups) == simdjson::SUCCESS) {
      CHECK(e->request.groups_to_override.size() == groups.size());
    }
    dom::array scopes;
    if (root.at_pointer("/request/scopes").get_array().get(scopes) == simdjson::SUCCESS) CHECK(e->request.scopes.size() == scopes.size());
    // an answer is the event as received with only `response` replaced
    const std::string answer(ev::cognito_custom_message_response(*e).sms_message("code {####}").to_json(mem));
    dom::parser answer_parser;
    dom::element out;
    REQUIRE(answer_parser.parse(answer).get(out) == simdjson::SUCCESS);
    CHECK(out.at_pointer("/response/smsMessage").get_string().value() == "code {####}");
    CHECK(out["response"].get_object().value().size() == 1);
    const dom::object original = root.get_object().value();
    CHECK(out.get_object().value().size() == original.size());
    for (auto kv : original) {
      if (kv.key != "response") CHECK(simdjson::minify(out[kv.key].value()) == simdjson::minify(kv.value));
    }
    return ev::event_problem::none;
  };
  all["appsync"] = [](auto json, auto& mem, dom::element root) {
    auto e = parsed<ev::appsync_resolver_event>(json, mem);
    if (!e) return e.error().problem;
    CHECK(e->field_name == dom_string(root, "/info/fieldName"));
    CHECK(e->parent_type_name == dom_string(root, "/info/parentTypeName"));
    CHECK(e->selection_set_graphql == dom_string(root, "/info/selectionSetGraphQL"));
    const dom::array selection = root.at_pointer("/info/selectionSetList").get_array().value();
    REQUIRE(e->selection_set_list.size() == selection.size());
    std::size_t i = 0;
    for (dom::element name : selection) CHECK(e->selection_set_list[i++] == name.get_string().value());
    dom::parser again;
    for (const auto& [member, text] : {std::pair{"/arguments", e->arguments_json}, std::pair{"/source", e->source_json},
                                       std::pair{"/stash", e->stash_json}, std::pair{"/prev", e->prev_json},
                                       std::pair{"/info/variables", e->variables_json}}) {
      const std::string got(text);
      CHECK(simdjson::minify(again.parse(got).value()) == simdjson::minify(root.at_pointer(member).value()));
    }
    CHECK(e->identity.sub == dom_string(root, "/identity/sub"));
    CHECK(e->identity.issuer == dom_string(root, "/identity/issuer"));
    CHECK(e->identity.username == dom_string(root, "/identity/username"));
    CHECK(e->identity.auth == ev::appsync_auth::cognito_user_pools);  // the samples use user pools
    const dom::object claims = root.at_pointer("/identity/claims").get_object().value();
    CHECK(e->identity.claims.size() == claims.size());
    for (auto kv : claims) {
      std::string_view text;
      if (kv.value.get_string().get(text) == simdjson::SUCCESS) {
        CHECK(e->identity.claim(kv.key) == text);
      } else {
        CHECK(e->identity.claim(kv.key) == simdjson::minify(kv.value));
      }
    }
    CHECK(e->identity.source_ip.size() == root.at_pointer("/identity/sourceIp").get_array().value().size());
    const dom::object headers = root.at_pointer("/request/headers").get_object().value();
    CHECK(e->headers.size() == headers.size());
    for (auto kv : headers) CHECK(e->header(kv.key) == kv.value.get_string().value());
    return ev::event_problem::none;
  };
  all["appsync-authorizer"] = [](auto json, auto& mem, dom::element root) {
    auto e = parsed<ev::appsync_authorizer_request>(json, mem);
    if (!e) return e.error().problem;
    CHECK(e->authorization_token == dom_string(root, "/authorizationToken"));
    CHECK(e->api_id == dom_string(root, "/requestContext/apiId"));
    CHECK(e->account_id == dom_string(root, "/requestContext/accountId"));
    CHECK(e->request_id == dom_string(root, "/requestContext/requestId"));
    CHECK(e->query_string == dom_string(root, "/requestContext/queryString"));
    CHECK(e->operation_name == dom_string(root, "/requestContext/operationName"));
    dom::parser again;
    CHECK(simdjson::minify(again.parse(std::string(e->variables_json)).value()) ==
          simdjson::minify(root.at_pointer("/requestContext/variables").value()));
    dom::object headers;
    if (root["requestHeaders"].get_object().get(headers) == simdjson::SUCCESS) CHECK(e->request_headers.size() == headers.size());
    return ev::event_problem::none;
  };
  all["secretsmanager"] = [](auto json, auto& mem, dom::element root) {
    auto e = parsed<ev::secret_rotation_request>(json, mem);
    if (!e) return e.error().problem;
    const std::string step = dom_string(root, "/Step");
    CHECK(e->step == (step == "createSecret" ? ev::secret_rotation_step::create_secret
                      : step == "setSecret"  ? ev::secret_rotation_step::set_secret
                      : step == "testSecret" ? ev::secret_rotation_step::test_secret
                                             : ev::secret_rotation_step::finish_secret));
    CHECK(e->secret_id == dom_string(root, "/SecretId"));
    CHECK(e->client_request_token == dom_string(root, "/ClientRequestToken"));
    CHECK(e->rotation_token == dom_string(root, "/RotationToken"));
    return ev::event_problem::none;
  };
  return all;
}

TEST_SUITE("corpus: event sources") {
  TEST_CASE("every sample of a supported source decodes; every parser refuses the others") {
    const std::optional<fs::path> dir = events_dir();
    if (!dir) return;
    const std::vector<sample> samples = read_index(*dir / "INDEX.md");
    REQUIRE(samples.size() > 100);
    const std::map<std::string, checker> all = checkers();
    std::map<std::string, int> decoded_per_source;
    for (const sample& s : samples) {
      if (s.kind != "event" && s.kind != "invalid") continue;
      CAPTURE(s.path);
      CAPTURE(s.type);
      const std::string text = read_file(*dir / s.path);
      const simdjson::padded_string padded(text);
      dom::parser dom_parser;
      dom::element root;
      const bool is_json = dom_parser.parse(padded).get(root) == simdjson::SUCCESS;
      const std::string own = source_of(s.type);
      for (const auto& entry : all) {
        const std::string& source = entry.first;  // not a structured binding: clang 14 cannot capture one
        CAPTURE(source);
        sluice::detail::arena mem;
        const ev::event_problem problem = entry.second(padded, mem, root);
        if (!is_json) {
          CHECK(problem == ev::event_problem::not_json);
        } else if (source == own) {
          CHECK(problem == ev::event_problem::none);
          ++decoded_per_source[source];
        } else {
          CHECK(problem == ev::event_problem::other_source);
        }
      }
    }
    // the corpus holds samples of each (a shrinking corpus would otherwise pass silently)
    for (const auto& entry : all) {
      const std::string& source = entry.first;
      CAPTURE(source);
      CHECK(decoded_per_source[source] >= 1);
    }
    CHECK(decoded_per_source["s3"] >= 10);
    CHECK(decoded_per_source["eventbridge"] >= 16);
    CHECK(decoded_per_source["cognito"] == 14);
    CHECK(decoded_per_source["appsync"] == 2);
    CHECK(decoded_per_source["appsync-authorizer"] == 1);
    CHECK(decoded_per_source["secretsmanager"] == 1);
  }
}

/// Runs every parser over `text`; returns the problems, in the map's order.
std::vector<ev::event_problem> problems_of(const std::map<std::string, checker>& all, const std::string& text) {
  const simdjson::padded_string padded(text);
  dom::parser dom_parser;
  dom::element root;  // read by a checker only when its parser accepts the text, as JSON
  if (dom_parser.parse(padded).get(root) != simdjson::SUCCESS) root = dom::element();
  std::vector<ev::event_problem> out;
  for (const auto& entry : all) {
    sluice::detail::arena mem;
    out.push_back(entry.second(padded, mem, root));
  }
  return out;
}

TEST_SUITE("corpus: event sources") {
  TEST_CASE("hostile input: truncated samples and JSONTestSuite's invalid documents are refused, never crash") {
    const std::optional<fs::path> dir = events_dir();
    if (!dir) return;
    const std::map<std::string, checker> all = checkers();
    std::size_t cuts = 0;
    for (const sample& s : read_index(*dir / "INDEX.md")) {
      if (s.kind != "event" || source_of(s.type).empty()) continue;
      CAPTURE(s.path);
      std::string text = read_file(*dir / s.path);
      while (!text.empty() && (text.back() == '\n' || text.back() == ' ' || text.back() == '\r')) text.pop_back();
      // every 29th prefix: a prefix of an object is never a JSON document
      for (std::size_t n = 0; n < text.size(); n += 29) {
        CAPTURE(n);
        for (const ev::event_problem p : problems_of(all, text.substr(0, n))) CHECK(p == ev::event_problem::not_json);
        ++cuts;
      }
    }
    CHECK(cuts > 1000);
    const fs::path suite = fs::path(SLUICE_CORPUS_DIR) / "json-test-suite" / "test_parsing";
    std::error_code ec;
    if (!fs::is_directory(suite, ec)) {
      std::fprintf(stderr, "SKIPPED: JSONTestSuite: none at %s\n", suite.string().c_str());
      return;
    }
    std::size_t refused = 0;
    for (const auto& file : fs::directory_iterator(suite)) {
      const std::string name = file.path().filename().string();
      if (!name.starts_with("n_") && !name.starts_with("y_")) continue;
      CAPTURE(name);
      for (const ev::event_problem p : problems_of(all, read_file(file.path()))) {
        if (name.starts_with("n_")) {
          CHECK(p == ev::event_problem::not_json);
          ++refused;
        } else {
          CHECK(p != ev::event_problem::not_json);  // valid JSON of no source: other_source
          CHECK(p != ev::event_problem::none);
        }
      }
    }
    CHECK(refused > 1000);
  }
}

TEST_SUITE("corpus: event sources") {
  TEST_CASE("the IoT answers' builders write the corpus's response samples") {
    const std::optional<fs::path> dir = events_dir();
    if (!dir) return;
    std::size_t written = 0;
    for (const sample& s : read_index(*dir / "INDEX.md")) {
      if (s.type != "iot-custom-auth-response" && s.type != "iot-preprovision-hook-response") continue;
      CAPTURE(s.path);
      dom::parser dom_parser;
      const dom::element sample_root = dom_parser.parse(read_file(*dir / s.path)).value();
      sluice::detail::arena mem;
      std::string_view mine;
      if (s.type == "iot-custom-auth-response") {
        ev::iot_authorizer_response answer(sample_root["isAuthenticated"].get_bool().value(),
                                           sample_root["principalId"].get_string().value(), mem);
        answer.disconnect_after(sample_root["disconnectAfterInSeconds"].get_int64().value());
        answer.refresh_after(sample_root["refreshAfterInSeconds"].get_int64().value());
        const dom::array policies = sample_root["policyDocuments"].get_array().value();
        for (dom::element p : policies) answer.policy(simdjson::minify(p));
        CHECK(answer.problem().empty());
        mine = answer.to_json(mem);
      } else {
        ev::iot_preprovision_response answer(sample_root["allowProvisioning"].get_bool().value(), mem);
        const dom::object overrides = sample_root["parameterOverrides"].get_object().value();
        for (auto kv : overrides) answer.parameter_override(kv.key, kv.value.get_string().value());
        mine = answer.to_json(mem);
      }
      dom::parser again;
      CHECK(simdjson::minify(again.parse(std::string(mine)).value()) == simdjson::minify(sample_root));
      ++written;
    }
    CHECK(written == 2);
  }
}

/// The kind detection must give each corpus type.
ev::source_kind expected_kind(std::string_view type) {
  const std::string own = source_of(type);
  if (own == "sqs") return ev::source_kind::sqs;
  if (own == "sns") return ev::source_kind::sns;
  if (own == "s3") return ev::source_kind::s3;
  if (own == "dynamodb") return ev::source_kind::dynamodb;
  if (own == "kinesis") return ev::source_kind::kinesis;
  if (own == "eventbridge") return ev::source_kind::eventbridge;
  if (own == "cloudwatch-logs") return ev::source_kind::cloudwatch_logs;
  if (own == "firehose") return ev::source_kind::firehose;
  if (own == "authorizer") return ev::source_kind::authorizer;
  if (own == "websocket") return ev::source_kind::websocket;
  if (own == "s3-batch") return ev::source_kind::s3_batch;
  if (own == "kafka") return ev::source_kind::kafka;
  if (own == "ses") return ev::source_kind::ses;
  if (own == "cloudformation") return ev::source_kind::cloudformation;
  if (own == "cognito") return ev::source_kind::cognito;
  if (own == "appsync") return ev::source_kind::appsync;
  if (own == "appsync-authorizer") return ev::source_kind::appsync_authorizer;
  if (own == "secretsmanager") return ev::source_kind::secretsmanager;
  if (own == "activemq") return ev::source_kind::activemq;
  if (own == "rabbitmq") return ev::source_kind::rabbitmq;
  if (own == "codepipeline") return ev::source_kind::codepipeline;
  if (own == "config") return ev::source_kind::config;
  if (own == "iot-authorizer") return ev::source_kind::iot_authorizer;
  if (own == "iot-preprovision") return ev::source_kind::iot_preprovision;
  // HTTP-shaped: the HTTP decoder takes them, or refuses WebSocket and authorizer events itself
  if (type.starts_with("apigw-") || type == "alb" || type == "lambda-url") return ev::source_kind::http;
  return ev::source_kind::unknown;
}

TEST_SUITE("corpus: event sources") {
  TEST_CASE("detection names each sample's source from a few keys") {
    const std::optional<fs::path> dir = events_dir();
    if (!dir) return;
    std::map<ev::source_kind, int> per_kind;
    for (const sample& s : read_index(*dir / "INDEX.md")) {
      if (s.kind != "event" && s.kind != "invalid") continue;
      CAPTURE(s.path);
      CAPTURE(s.type);
      const simdjson::padded_string padded(read_file(*dir / s.path));
      sluice::detail::arena mem;
      simdjson::ondemand::parser parser;
      const ev::detection d = ev::detect_source(parser, padded, mem);
      if (s.kind == "invalid") {
        CHECK_FALSE(d.json);
        continue;
      }
      CHECK(d.json);
      CHECK(d.kind == expected_kind(s.type));
      if (d.kind == ev::source_kind::unknown) CHECK_FALSE(d.seen.empty());  // the error says what it saw
      ++per_kind[d.kind];
    }
    CHECK(per_kind[ev::source_kind::http] >= 15);
    CHECK(per_kind[ev::source_kind::websocket] >= 3);
    CHECK(per_kind[ev::source_kind::authorizer] >= 8);
    CHECK(per_kind[ev::source_kind::cognito] == 14);
    CHECK(per_kind[ev::source_kind::appsync] == 2);
    CHECK(per_kind[ev::source_kind::appsync_authorizer] == 1);
    CHECK(per_kind[ev::source_kind::secretsmanager] == 1);
    CHECK(per_kind[ev::source_kind::unknown] >= 50);
  }
}

TEST_SUITE("corpus: event sources") {
  TEST_CASE("AppSync: the identity fragments in a resolver event, the authorizer's answer as the sample shows it") {
    const std::optional<fs::path> dir = events_dir();
    if (!dir) return;
    for (const sample& s : read_index(*dir / "INDEX.md")) {
      if (s.type != "appsync-identity" && s.type != "appsync-authorizer-response") continue;
      CAPTURE(s.path);
      const std::string text = read_file(*dir / s.path);
      dom::parser dom_parser;
      const dom::element fragment = dom_parser.parse(text).value();
      sluice::detail::arena mem;
      if (s.type == "appsync-authorizer-response") {
        // the same answer built with the builder: equal once both are minified
        ev::appsync_authorization answer(fragment["isAuthorized"].get_bool().value(), mem);
        const dom::object context = fragment["resolverContext"].get_object().value();
        for (auto kv : context) answer.resolver_context(kv.key, kv.value.get_string().value());
        dom::parser again;
        CHECK(simdjson::minify(again.parse(std::string(answer.to_json(mem))).value()) == simdjson::minify(fragment));
        continue;
      }
      const simdjson::padded_string event(R"({"arguments":{},"info":{"fieldName":"f","parentTypeName":"Query"},"identity":)" +
                                          text + "}");
      auto e = ev::appsync_resolver_event::parse(event, mem);
      REQUIRE_MESSAGE(e.ok(), e.error().message);
      const ev::appsync_identity& id = e->identity;
      CHECK(id.username == dom_string(fragment, "/username"));
      CHECK(id.sub == dom_string(fragment, "/sub"));
      CHECK(id.issuer == dom_string(fragment, "/issuer"));
      CHECK(id.account_id == dom_string(fragment, "/accountId"));
      CHECK(id.user_arn == dom_string(fragment, "/userArn"));
      CHECK(id.cognito_identity_pool_id == dom_string(fragment, "/cognitoIdentityPoolId"));
      CHECK(id.cognito_identity_id == dom_string(fragment, "/cognitoIdentityId"));
      CHECK(id.cognito_identity_auth_type == dom_string(fragment, "/cognitoIdentityAuthType"));
      CHECK(id.cognito_identity_auth_provider == dom_string(fragment, "/cognitoIdentityAuthProvider"));
      CHECK(id.default_auth_strategy == dom_string(fragment, "/defaultAuthStrategy"));
      const dom::array ips = fragment["sourceIp"].get_array().value();
      REQUIRE(id.source_ip.size() == ips.size());
      std::size_t i = 0;
      for (dom::element ip : ips) CHECK(id.source_ip[i++] == ip.get_string().value());
      const bool iam = s.path.find("-iam") != std::string::npos;  // the file names the shape
      CHECK(id.auth == (iam ? ev::appsync_auth::iam : ev::appsync_auth::cognito_user_pools));
      dom::object claims;
      if (fragment["claims"].get_object().get(claims) == simdjson::SUCCESS) {
        CHECK(id.claims.size() == claims.size());
        std::int64_t n = 0;
        for (auto kv : claims) {
          if (kv.value.get_int64().get(n) == simdjson::SUCCESS) CHECK(id.claim(kv.key) == std::to_string(n));
        }
      }
    }
  }
}

}  // namespace events_corpus_test
