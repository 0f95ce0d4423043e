// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors

// Conformance of the non-HTTP event views over the shared corpus (../shared/corpus/events/,
// classified by its INDEX.md): every sample of a supported source decodes, and the fields read
// equal what simdjson's DOM API reads from the same file; every parser refuses every other
// sample as another source (or as not JSON), without a crash.

#include <doctest/doctest.h>
#include <simdjson.h>
#include <zlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "sluice/events/authorizer.hpp"
#include "sluice/events/cloudformation.hpp"
#include "sluice/events/cloudwatch_logs.hpp"
#include "sluice/events/dispatch.hpp"
#include "sluice/events/dynamodb.hpp"
#include "sluice/events/eventbridge.hpp"
#include "sluice/events/firehose.hpp"
#include "sluice/events/kafka.hpp"
#include "sluice/events/kinesis.hpp"
#include "sluice/events/s3.hpp"
#include "sluice/events/s3_batch.hpp"
#include "sluice/events/ses.hpp"
#include "sluice/events/sns.hpp"
#include "sluice/events/sqs.hpp"
#include "sluice/events/websocket.hpp"

#ifndef SLUICE_CORPUS_DIR
#define SLUICE_CORPUS_DIR "/work/shared/corpus"
#endif

namespace events_corpus_test {

namespace fs = std::filesystem;
namespace dom = simdjson::dom;
namespace ev = sluice::events;

std::optional<fs::path> events_dir() {
  const fs::path dir = fs::path(SLUICE_CORPUS_DIR) / "events";
  std::error_code ec;
  if (fs::is_regular_file(dir / "INDEX.md", ec)) return dir;
  std::fprintf(stderr, "SKIPPED: corpus event sources: no event corpus at %s\n", dir.string().c_str());
  return std::nullopt;
}

std::string trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '`')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '`' || s.back() == '\r')) s.remove_suffix(1);
  return std::string(s);
}

struct sample {
  std::string path;  // "aws-lambda-go/sqs-event.json"
  std::string type;
  std::string kind;
};

/// The `| file | type | kind | note |` rows under each `## <folder>/` heading of INDEX.md.
std::vector<sample> read_index(const fs::path& index_md) {
  std::vector<sample> rows;
  std::ifstream in(index_md);
  std::string folder;
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("#")) {
      const std::string heading = trimmed(std::string_view(line).substr(line.find_first_not_of('#')));
      folder = line.starts_with("## ") && heading.ends_with('/') ? heading.substr(0, heading.size() - 1) : "";
      continue;
    }
    if (folder.empty() || !line.starts_with('|')) continue;
    std::vector<std::string> cells;
    std::string_view rest = std::string_view(line).substr(1);
    while (!rest.empty()) {
      const std::size_t bar = rest.find('|');
      cells.push_back(trimmed(rest.substr(0, bar)));
      rest = bar == std::string_view::npos ? std::string_view{} : rest.substr(bar + 1);
    }
    if (cells.size() < 3 || cells[0] == "file" || cells[0].starts_with("---")) continue;
    rows.push_back({folder + "/" + cells[0], cells[1], cells[2]});
  }
  return rows;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// ---- independent reading: the DOM API, and zlib/base64 written here ------------------------

std::string dom_string(dom::element e, std::string_view pointer) {
  std::string_view s;
  if (e.at_pointer(pointer).get_string().get(s) != simdjson::SUCCESS) return {};
  return std::string(s);
}

constexpr std::string_view base64_digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string base64_encoded(std::string_view bytes) {
  std::string out;
  unsigned long group = 0;
  int bits = 0;
  for (const char c : bytes) {
    group = (group << 8) | static_cast<unsigned char>(c);
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += base64_digits[(group >> bits) & 63];
    }
  }
  if (bits > 0) out += base64_digits[(group << (6 - bits)) & 63];
  while (out.size() % 4 != 0) out += '=';
  return out;
}

/// RFC 4648 base64, padded or not; nullopt unless `text` is the canonical encoding of its bytes.
std::optional<std::string> base64_decoded(std::string_view text) {
  const std::string_view original = text;
  static constexpr std::string_view digits = base64_digits;
  while (text.ends_with('=')) text.remove_suffix(1);
  std::string out;
  unsigned long group = 0;
  int bits = 0;
  for (const char c : text) {
    const std::size_t v = digits.find(c);
    if (v == std::string_view::npos) return std::nullopt;
    group = (group << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((group >> bits) & 0xFF);
    }
  }
  const std::string again = base64_encoded(out);
  if (again != original && again.substr(0, again.find('=')) != original) return std::nullopt;
  return out;
}

std::string gunzip(const std::string& gz) {
  std::string out(64 * 1024 * 1024, '\0');
  z_stream z{};
  REQUIRE(inflateInit2(&z, 16 + 15) == Z_OK);
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data()));
  z.avail_in = static_cast<uInt>(gz.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  REQUIRE(inflate(&z, Z_FINISH) == Z_STREAM_END);
  out.resize(z.total_out);
  inflateEnd(&z);
  return out;
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
    CHECK(per_kind[ev::source_kind::unknown] >= 50);
  }
}

}  // namespace events_corpus_test
