// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors

// Event decoding: the bytes of an event into the fields a handler uses, for API Gateway
// payload 1.0 and 2.0, ALB, SQS (10 records), S3, DynamoDB Streams and EventBridge, by sluice's decoders and by
// the JSON libraries a C++ developer would reach for instead: nlohmann/json (a DOM of
// std::map and std::string), RapidJSON (a DOM in a memory pool) and hand-written simdjson
// on-demand code. Every implementation reads the same fields of the same bytes; before
// anything is timed, each one's fields are checked to equal the hand-written code's.
//
// Another event or decoder: add its file to register_all(), give each implementation a
// decode function that fills the same fields, check them with expect_same, and register
// `decode/<event>/<implementation>`; benchmarks/suite.py reports every name it finds.

#include <benchmark/benchmark.h>

#include <nlohmann/json.hpp>
#include <rapidjson/document.h>
#include <simdjson.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "sluice/events/dynamodb.hpp"
#include "sluice/events/eventbridge.hpp"
#include "sluice/events/http.hpp"
#include "sluice/events/s3.hpp"
#include "sluice/events/sqs.hpp"
#include "sluice/worker.hpp"

namespace {

// ---- what a handler reads ------------------------------------------------------------------------

/// An HTTP request: method, path, two headers (any case), one query parameter, the body
/// (JSON escapes undone), and the request id and client address where the source has them.
struct http_fields {
  std::string_view method, path, content_type, user_agent, verbose, body, request_id, source_ip;
  [[nodiscard]] std::vector<std::string> text() const {
    return {std::string(method),  std::string(path),       std::string(content_type),
            std::string(user_agent), std::string(verbose), std::string(body),
            std::string(request_id), std::string(source_ip)};
  }
};

/// One SQS message: its id, body, queue, receive count and send time.
struct sqs_record {
  std::string_view message_id, body, source_arn, receive_count, sent_timestamp;
  void append_to(std::vector<std::string>& out) const {
    for (std::string_view s : {message_id, body, source_arn, receive_count, sent_timestamp})
      out.emplace_back(s);
  }
};

/// One SQS message as sluice's view types it: the receive count and the send time are numbers
/// there (a handler gets them parsed); they are written as text only to be compared.
struct sqs_typed_record {
  std::string_view message_id, body, source_arn;
  std::uint32_t receive_count = 0;
  sluice::events::timestamp sent_at{};
  void append_to(std::vector<std::string>& out) const {
    for (std::string_view s : {message_id, body, source_arn}) out.emplace_back(s);
    out.push_back(std::to_string(receive_count));
    out.push_back(std::to_string(sent_at.time_since_epoch().count()));
  }
};

/// One DynamoDB stream record: the change, its sequence number, the partition key, and two
/// attributes of the new image (a string and a number, which stays an exact decimal string).
struct dynamodb_record {
  std::string_view event_name, sequence_number, key, new_status, new_count;
  void append_to(std::vector<std::string>& out) const {
    for (std::string_view s : {event_name, sequence_number, key, new_status, new_count})
      out.emplace_back(s);
  }
};

/// One S3 notification: what a handler reads to fetch the object (the key as S3 names it).
struct s3_record {
  std::string_view event_name, bucket, key, etag, sequencer;
  std::int64_t size = 0;
  void append_to(std::vector<std::string>& out) const {
    for (std::string_view s : {event_name, bucket, key, etag, sequencer}) out.emplace_back(s);
    out.push_back(std::to_string(size));
  }
};

/// An EventBridge event: its id, type, source and region, and every field of its detail, typed.
struct eventbridge_fields {
  std::string_view id, detail_type, source, region, order_id, customer_id, currency;
  std::int64_t total = 0, items = 0;
  [[nodiscard]] std::vector<std::string> text() const {
    std::vector<std::string> out;
    for (std::string_view s : {id, detail_type, source, region, order_id, customer_id, currency}) out.emplace_back(s);
    out.push_back(std::to_string(total));
    out.push_back(std::to_string(items));
    return out;
  }
};

/// The detail of `events/eventbridge.json`, described for sluice's binding (which refuses
/// unknown, missing and mistyped fields).
struct order_placed {
  std::string_view order_id, customer_id, currency;
  std::int64_t total = 0, items = 0;
  static constexpr auto sluice_fields() {
    return sluice::fields(sluice::field<"orderId">(&order_placed::order_id),
                          sluice::field<"customerId">(&order_placed::customer_id),
                          sluice::field<"total">(&order_placed::total),
                          sluice::field<"currency">(&order_placed::currency),
                          sluice::field<"items">(&order_placed::items));
  }
};

template <class Record>
struct batch {
  std::vector<Record> records;
  [[nodiscard]] std::vector<std::string> text() const {
    std::vector<std::string> out;
    for (const Record& r : records) r.append_to(out);
    return out;
  }
};
using sqs_batch = batch<sqs_record>;
using sqs_typed_batch = batch<sqs_typed_record>;
using dynamodb_batch = batch<dynamodb_record>;
using s3_batch = batch<s3_record>;

[[nodiscard]] bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

[[noreturn]] void fail(std::string_view what, std::string_view why) {
  std::fprintf(stderr, "decode_bench: %.*s: %.*s\n", static_cast<int>(what.size()), what.data(),
               static_cast<int>(why.size()), why.data());
  std::abort();
}

// ---- the events -----------------------------------------------------------------------------

/// An event file in a buffer with simdjson's padding after it, as the runtime reads it.
struct padded_event {
  std::string name;
  std::size_t size = 0;
  std::string bytes;

  padded_event(std::string event_name, const char* file) : name(std::move(event_name)) {
    std::ifstream in(std::string(SLUICE_BENCH_EVENTS_DIR) + "/" + file, std::ios::binary);
    if (!in) fail(name, "cannot read the event file");
    std::ostringstream text;
    text << in.rdbuf();
    bytes = std::move(text).str();
    while (!bytes.empty() && (bytes.back() == '\n' || bytes.back() == ' ')) bytes.pop_back();
    size = bytes.size();
    bytes.resize(size + simdjson::SIMDJSON_PADDING, '\0');
  }
  [[nodiscard]] std::string_view view() const noexcept { return {bytes.data(), size}; }
  [[nodiscard]] simdjson::padded_string_view padded() const noexcept {
    return simdjson::padded_string_view(bytes.data(), size, bytes.size());
  }
};

// ---- sluice ---------------------------------------------------------------------------------

/// sluice's HTTP decoder and request view, as the app uses them before routing.
class sluice_decoder {
 public:
  const http_fields& decode(const padded_event& e) {
    w_.begin();
    sluice::detail::arena_scope scope(w_.arena());
    sluice::request& req = w_.current_request();
    sluice::detail::http_event& ev = sluice::detail::request_access::event(req);
    const sluice::events::decode_result r = sluice::events::decode_http_event(
        w_.parser(), sluice::detail::json::padded_view(e.bytes.data(), e.size, e.bytes.size()),
        w_.arena(), ev);
    if (r.status != sluice::events::decode_status::ok) fail(e.name, r.message);
    f_.method = req.method_name();
    f_.path = req.raw_path();
    f_.content_type = req.header("content-type").value_or("");
    f_.user_agent = req.header("user-agent").value_or("");
    f_.verbose = req.query("verbose").value_or("");
    f_.body = {};
    if (ev.has_body) {
      std::optional<std::string_view> body = sluice::detail::unescape(ev.body, w_.arena());
      if (body && ev.body_is_base64) body = sluice::detail::base64_decode(*body, w_.arena());
      if (!body) fail(e.name, "sluice cannot decode the body");
      f_.body = *body;
    }
    f_.request_id = req.context().request_id;
    f_.source_ip = req.context().source_ip;
    return f_;
  }

 private:
  sluice::worker w_;
  http_fields f_;
};

/// sluice's SQS, S3, DynamoDB Streams and EventBridge views (`events/*.hpp`), parsed into an
/// arena that is reset per event, as the app does; the SQS body's escapes are undone (`body()`),
/// the S3 key decoded (`decoded_key()`) and the EventBridge detail bound (`detail_as<T>()`), as a
/// handler that reads them gets them.
class sluice_batch_decoder {
 public:
  const sqs_typed_batch& decode_sqs(const padded_event& e) {
    arena_.reset();
    const auto event = sluice::events::sqs_event::parse(e.padded(), arena_, parser_);
    if (!event) fail(e.name, event.error().message);
    sqs_.records.clear();
    for (const sluice::events::sqs_message& m : event->records) {
      const auto body = m.body();
      if (!body) fail(e.name, body.error());
      sqs_.records.push_back({m.message_id, *body, m.event_source_arn, m.approximate_receive_count, m.sent_at});
    }
    return sqs_;
  }

  const dynamodb_batch& decode_dynamodb(const padded_event& e) {
    arena_.reset();
    const auto event = sluice::events::dynamodb_event::parse(e.padded(), arena_, parser_);
    if (!event) fail(e.name, event.error().message);
    dynamodb_.records.clear();
    for (const sluice::events::dynamodb_record& r : event->records) {
      const auto text = [](const sluice::events::attribute_value* v, bool number) {
        if (v == nullptr) return std::string_view{};
        return (number ? v->as_number_text() : v->as_string()).value_or(std::string_view{});
      };
      dynamodb_.records.push_back({r.event_name, r.sequence_number, text(r.keys.find("pk"), false),
                                   text(r.new_image.find("status"), false), text(r.new_image.find("count"), true)});
    }
    return dynamodb_;
  }

  const s3_batch& decode_s3(const padded_event& e) {
    arena_.reset();
    const auto event = sluice::events::s3_event::parse(e.padded(), arena_, parser_);
    if (!event) fail(e.name, event.error().message);
    s3_.records.clear();
    for (const sluice::events::s3_record& r : event->records) {
      const auto key = r.object.decoded_key();
      if (!key) fail(e.name, key.error());
      s3_.records.push_back({r.event_name, r.bucket_name, *key, r.object.etag, r.object.sequencer, r.object.size});
    }
    return s3_;
  }

  /// The view a handler of one kind of detail takes: the detail bound in the same pass.
  const eventbridge_fields& decode_eventbridge(const padded_event& e) {
    arena_.reset();
    const auto event = sluice::events::eventbridge_event_of<order_placed>::parse(e.padded(), arena_, parser_);
    if (!event) fail(e.name, event.error().message);
    const order_placed& order = event->detail;
    eventbridge_ = {event->id,        event->detail_type,  event->source,     event->region, order.order_id,
                    order.customer_id, order.currency, order.total, order.items};
    return eventbridge_;
  }

  /// The untyped view, its detail bound afterwards (`detail_as<T>()`, a second parse).
  const eventbridge_fields& decode_eventbridge_detail_as(const padded_event& e) {
    arena_.reset();
    const auto event = sluice::events::eventbridge_event::parse(e.padded(), arena_, parser_);
    if (!event) fail(e.name, event.error().message);
    const auto order = event->detail_as<order_placed>();
    if (!order) fail(e.name, order.error());
    eventbridge_ = {event->id,        event->detail_type,  event->source,     event->region, order->order_id,
                    order->customer_id, order->currency, order->total, order->items};
    return eventbridge_;
  }

 private:
  sluice::detail::arena arena_;
  simdjson::ondemand::parser parser_;
  sqs_typed_batch sqs_;
  dynamodb_batch dynamodb_;
  s3_batch s3_;
  eventbridge_fields eventbridge_;
};

// ---- hand-written simdjson on-demand ----------------------------------------------------------

namespace od = simdjson::ondemand;

/// One pass over each object, keys compared in place, the parser reused: what a careful
/// developer writes with simdjson. Strings are views into the parser's buffers.
class simdjson_decoder {
 public:
  const http_fields& decode_http(const padded_event& e) {
    f_ = {};
    if (read_http(iterate(e)) != simdjson::SUCCESS) fail(e.name, "simdjson: not an HTTP event");
    return f_;
  }

  const sqs_batch& decode_sqs(const padded_event& e) {
    sqs_.records.clear();
    if (read_sqs(iterate(e)) != simdjson::SUCCESS) fail(e.name, "simdjson: not an SQS event");
    return sqs_;
  }

  const dynamodb_batch& decode_dynamodb(const padded_event& e) {
    dynamodb_.records.clear();
    if (read_dynamodb(iterate(e)) != simdjson::SUCCESS) fail(e.name, "simdjson: not a DynamoDB event");
    return dynamodb_;
  }

  const s3_batch& decode_s3(const padded_event& e) {
    s3_.records.clear();
    if (read_s3(iterate(e)) != simdjson::SUCCESS) fail(e.name, "simdjson: not an S3 event");
    return s3_;
  }

  const eventbridge_fields& decode_eventbridge(const padded_event& e) {
    eventbridge_ = {};
    if (read_eventbridge(iterate(e)) != simdjson::SUCCESS) fail(e.name, "simdjson: not an EventBridge event");
    return eventbridge_;
  }

 private:
  od::document& iterate(const padded_event& e) {
    if (parser_.iterate(e.bytes.data(), e.size, e.bytes.size()).get(doc_) != simdjson::SUCCESS)
      fail(e.name, "simdjson: not JSON");
    return doc_;
  }

  /// Payload 1.0, 2.0 and ALB alike: whichever of their keys are present.
  simdjson::error_code read_http(od::document& doc) {
    od::object root;
    if (auto e = doc.get_object().get(root)) return e;
    for (auto field : root) {
      od::raw_json_string key;
      if (auto e = field.key().get(key)) return e;
      od::value value;
      if (auto e = field.value().get(value)) return e;
      simdjson::error_code e = simdjson::SUCCESS;
      if (key == "httpMethod") {
        e = value.get_string().get(f_.method);
      } else if (key == "path" || key == "rawPath") {
        e = value.get_string().get(f_.path);
      } else if (key == "body") {
        bool null = false;
        if ((e = value.is_null().get(null))) return e;
        if (!null) e = value.get_string().get(f_.body);
      } else if (key == "headers") {
        e = read_headers(value);
      } else if (key == "queryStringParameters") {
        e = read_query(value);
      } else if (key == "requestContext") {
        e = read_context(value);
      }
      if (e) return e;
    }
    return simdjson::SUCCESS;
  }

  simdjson::error_code read_headers(od::value& value) {
    od::object headers;
    if (auto e = value.get_object().get(headers)) return e;
    for (auto header : headers) {
      std::string_view name;
      if (auto e = header.unescaped_key().get(name)) return e;
      std::string_view* to = iequals(name, "content-type") ? &f_.content_type
                             : iequals(name, "user-agent") ? &f_.user_agent
                                                           : nullptr;
      if (to != nullptr) {
        if (auto e = header.value().get_string().get(*to)) return e;
      }
    }
    return simdjson::SUCCESS;
  }

  simdjson::error_code read_query(od::value& value) {
    bool null = false;
    if (auto e = value.is_null().get(null)) return e;
    if (null) return simdjson::SUCCESS;
    od::object query;
    if (auto e = value.get_object().get(query)) return e;
    for (auto item : query) {
      od::raw_json_string name;
      if (auto e = item.key().get(name)) return e;
      if (name == "verbose") return item.value().get_string().get(f_.verbose);
    }
    return simdjson::SUCCESS;
  }

  simdjson::error_code read_context(od::value& value) {
    od::object context;
    if (auto e = value.get_object().get(context)) return e;
    for (auto item : context) {
      od::raw_json_string name;
      if (auto e = item.key().get(name)) return e;
      if (name == "requestId") {
        if (auto e = item.value().get_string().get(f_.request_id)) return e;
      } else if (name == "http" || name == "identity") {
        od::object inner;
        if (auto e = item.value().get_object().get(inner)) return e;
        for (auto entry : inner) {
          od::raw_json_string k;
          if (auto e = entry.key().get(k)) return e;
          if (k == "method") {
            if (auto e = entry.value().get_string().get(f_.method)) return e;
          } else if (k == "sourceIp") {
            if (auto e = entry.value().get_string().get(f_.source_ip)) return e;
          }
        }
      }
    }
    return simdjson::SUCCESS;
  }

  simdjson::error_code read_sqs(od::document& doc) {
    od::array records;
    if (auto e = doc["Records"].get_array().get(records)) return e;
    for (auto item : records) {
      od::object record;
      if (auto e = item.get_object().get(record)) return e;
      sqs_record& r = sqs_.records.emplace_back();
      for (auto field : record) {
        od::raw_json_string key;
        if (auto e = field.key().get(key)) return e;
        simdjson::error_code e = simdjson::SUCCESS;
        if (key == "messageId") {
          e = field.value().get_string().get(r.message_id);
        } else if (key == "body") {
          e = field.value().get_string().get(r.body);
        } else if (key == "eventSourceARN") {
          e = field.value().get_string().get(r.source_arn);
        } else if (key == "attributes") {
          od::object attributes;
          if ((e = field.value().get_object().get(attributes))) return e;
          for (auto a : attributes) {
            od::raw_json_string name;
            if ((e = a.key().get(name))) return e;
            if (name == "ApproximateReceiveCount") {
              e = a.value().get_string().get(r.receive_count);
            } else if (name == "SentTimestamp") {
              e = a.value().get_string().get(r.sent_timestamp);
            }
            if (e) return e;
          }
        }
        if (e) return e;
      }
    }
    return simdjson::SUCCESS;
  }

  simdjson::error_code read_dynamodb(od::document& doc) {
    od::array records;
    if (auto e = doc["Records"].get_array().get(records)) return e;
    for (auto item : records) {
      od::object record;
      if (auto e = item.get_object().get(record)) return e;
      dynamodb_record& r = dynamodb_.records.emplace_back();
      for (auto field : record) {
        od::raw_json_string key;
        if (auto e = field.key().get(key)) return e;
        if (key == "eventName") {
          if (auto e = field.value().get_string().get(r.event_name)) return e;
        } else if (key == "dynamodb") {
          od::object change;
          if (auto e = field.value().get_object().get(change)) return e;
          for (auto part : change) {
            od::raw_json_string name;
            if (auto e = part.key().get(name)) return e;
            simdjson::error_code e = simdjson::SUCCESS;
            if (name == "SequenceNumber") {
              e = part.value().get_string().get(r.sequence_number);
            } else if (name == "Keys") {
              e = part.value()["pk"]["S"].get_string().get(r.key);
            } else if (name == "NewImage") {
              od::object image;
              if ((e = part.value().get_object().get(image))) return e;
              for (auto attribute : image) {
                od::raw_json_string a;
                if ((e = attribute.key().get(a))) return e;
                if (a == "status") {
                  e = attribute.value()["S"].get_string().get(r.new_status);
                } else if (a == "count") {
                  e = attribute.value()["N"].get_string().get(r.new_count);
                }
                if (e) return e;
              }
            }
            if (e) return e;
          }
        }
      }
    }
    return simdjson::SUCCESS;
  }

  simdjson::error_code read_s3(od::document& doc) {
    od::array records;
    if (auto e = doc["Records"].get_array().get(records)) return e;
    for (auto item : records) {
      od::object record;
      if (auto e = item.get_object().get(record)) return e;
      s3_record& r = s3_.records.emplace_back();
      for (auto field : record) {
        od::raw_json_string key;
        if (auto e = field.key().get(key)) return e;
        if (key == "eventName") {
          if (auto e = field.value().get_string().get(r.event_name)) return e;
        } else if (key == "s3") {
          od::object s3;
          if (auto e = field.value().get_object().get(s3)) return e;
          for (auto part : s3) {
            od::raw_json_string name;
            if (auto e = part.key().get(name)) return e;
            if (name == "bucket") {
              if (auto e = part.value()["name"].get_string().get(r.bucket)) return e;
            } else if (name == "object") {
              od::object object;
              if (auto e = part.value().get_object().get(object)) return e;
              for (auto member : object) {
                od::raw_json_string k;
                if (auto e = member.key().get(k)) return e;
                simdjson::error_code e = simdjson::SUCCESS;
                if (k == "key") {
                  e = member.value().get_string().get(r.key);
                } else if (k == "size") {
                  e = member.value().get_int64().get(r.size);
                } else if (k == "eTag") {
                  e = member.value().get_string().get(r.etag);
                } else if (k == "sequencer") {
                  e = member.value().get_string().get(r.sequencer);
                }
                if (e) return e;
              }
            }
          }
        }
      }
    }
    return simdjson::SUCCESS;
  }

  simdjson::error_code read_eventbridge(od::document& doc) {
    od::object root;
    if (auto e = doc.get_object().get(root)) return e;
    eventbridge_fields& f = eventbridge_;
    for (auto field : root) {
      od::raw_json_string key;
      if (auto e = field.key().get(key)) return e;
      simdjson::error_code e = simdjson::SUCCESS;
      if (key == "id") {
        e = field.value().get_string().get(f.id);
      } else if (key == "detail-type") {
        e = field.value().get_string().get(f.detail_type);
      } else if (key == "source") {
        e = field.value().get_string().get(f.source);
      } else if (key == "region") {
        e = field.value().get_string().get(f.region);
      } else if (key == "detail") {
        od::object detail;
        if ((e = field.value().get_object().get(detail))) return e;
        for (auto item : detail) {
          od::raw_json_string name;
          if ((e = item.key().get(name))) return e;
          if (name == "orderId") {
            e = item.value().get_string().get(f.order_id);
          } else if (name == "customerId") {
            e = item.value().get_string().get(f.customer_id);
          } else if (name == "total") {
            e = item.value().get_int64().get(f.total);
          } else if (name == "currency") {
            e = item.value().get_string().get(f.currency);
          } else if (name == "items") {
            e = item.value().get_int64().get(f.items);
          }
          if (e) return e;
        }
      }
      if (e) return e;
    }
    return simdjson::SUCCESS;
  }

  od::parser parser_;
  od::document doc_;
  http_fields f_;
  sqs_batch sqs_;
  dynamodb_batch dynamodb_;
  s3_batch s3_;
  eventbridge_fields eventbridge_;
};

// ---- nlohmann/json ------------------------------------------------------------------------------

/// The DOM, then lookups by key; strings are read by reference (no copy) from the DOM, which
/// lives until the next event.
class nlohmann_decoder {
 public:
  using json = nlohmann::json;

  const http_fields& decode_http(const padded_event& e) {
    doc_ = json::parse(e.bytes.data(), e.bytes.data() + e.size);
    f_ = {};
    const auto& ctx = member(doc_, "requestContext");
    f_.method = text(doc_.contains("httpMethod") ? doc_["httpMethod"] : member(member(ctx, "http"), "method"));
    f_.path = text(doc_.contains("rawPath") ? doc_["rawPath"] : member(doc_, "path"));
    if (const auto it = doc_.find("headers"); it != doc_.end() && it->is_object()) {
      for (const auto& [name, value] : it->items()) {
        if (iequals(name, "content-type")) f_.content_type = text(value);
        else if (iequals(name, "user-agent")) f_.user_agent = text(value);
      }
    }
    f_.verbose = text(member(member(doc_, "queryStringParameters"), "verbose"));
    f_.body = text(member(doc_, "body"));
    f_.request_id = text(member(ctx, "requestId"));
    f_.source_ip = text(ctx.contains("http") ? member(ctx["http"], "sourceIp")
                                             : member(member(ctx, "identity"), "sourceIp"));
    return f_;
  }

  const sqs_batch& decode_sqs(const padded_event& e) {
    doc_ = json::parse(e.bytes.data(), e.bytes.data() + e.size);
    sqs_.records.clear();
    for (const auto& record : doc_.at("Records")) {
      const auto& attributes = record.at("attributes");
      sqs_.records.push_back({text(record.at("messageId")), text(record.at("body")),
                              text(record.at("eventSourceARN")),
                              text(attributes.at("ApproximateReceiveCount")),
                              text(attributes.at("SentTimestamp"))});
    }
    return sqs_;
  }

  const dynamodb_batch& decode_dynamodb(const padded_event& e) {
    doc_ = json::parse(e.bytes.data(), e.bytes.data() + e.size);
    dynamodb_.records.clear();
    for (const auto& record : doc_.at("Records")) {
      const auto& change = record.at("dynamodb");
      const auto& image = member(change, "NewImage");
      dynamodb_.records.push_back({text(record.at("eventName")), text(change.at("SequenceNumber")),
                                   text(change.at("Keys").at("pk").at("S")),
                                   text(member(member(image, "status"), "S")),
                                   text(member(member(image, "count"), "N"))});
    }
    return dynamodb_;
  }

  const s3_batch& decode_s3(const padded_event& e) {
    doc_ = json::parse(e.bytes.data(), e.bytes.data() + e.size);
    s3_.records.clear();
    for (const auto& record : doc_.at("Records")) {
      const auto& s3 = record.at("s3");
      const auto& object = s3.at("object");
      s3_.records.push_back({text(record.at("eventName")), text(s3.at("bucket").at("name")), text(object.at("key")),
                             text(object.at("eTag")), text(object.at("sequencer")), object.at("size").get<std::int64_t>()});
    }
    return s3_;
  }

  const eventbridge_fields& decode_eventbridge(const padded_event& e) {
    doc_ = json::parse(e.bytes.data(), e.bytes.data() + e.size);
    const auto& detail = doc_.at("detail");
    eventbridge_ = {text(doc_.at("id")),          text(doc_.at("detail-type")),         text(doc_.at("source")),
                    text(doc_.at("region")),      text(detail.at("orderId")),           text(detail.at("customerId")),
                    text(detail.at("currency")),  detail.at("total").get<std::int64_t>(), detail.at("items").get<std::int64_t>()};
    return eventbridge_;
  }

 private:
  /// `v[name]`, or null when `v` is not an object or has no such member.
  static const json& member(const json& v, const char* name) {
    static const json null_value;
    if (!v.is_object()) return null_value;
    const auto it = v.find(name);
    return it == v.end() ? null_value : *it;
  }
  static std::string_view text(const json& v) {
    return v.is_string() ? std::string_view(v.get_ref<const std::string&>()) : std::string_view{};
  }

  json doc_;
  http_fields f_;
  sqs_batch sqs_;
  dynamodb_batch dynamodb_;
  s3_batch s3_;
  eventbridge_fields eventbridge_;
};

// ---- RapidJSON ------------------------------------------------------------------------------------

/// The DOM in a memory pool over a buffer of its own that is cleared, not freed, between
/// events (RapidJSON's advice for speed), then lookups by key; strings are views into the DOM.
class rapidjson_decoder {
 public:
  using value = rapidjson::Value;

  const http_fields& decode_http(const padded_event& e) {
    const value& doc = parse(e);
    f_ = {};
    const value& ctx = member(doc, "requestContext");
    f_.method = text(doc.HasMember("httpMethod") ? doc["httpMethod"] : member(member(ctx, "http"), "method"));
    f_.path = text(doc.HasMember("rawPath") ? doc["rawPath"] : member(doc, "path"));
    const value& headers = member(doc, "headers");
    if (headers.IsObject()) {
      for (const auto& h : headers.GetObject()) {
        const std::string_view name(h.name.GetString(), h.name.GetStringLength());
        if (iequals(name, "content-type")) f_.content_type = text(h.value);
        else if (iequals(name, "user-agent")) f_.user_agent = text(h.value);
      }
    }
    f_.verbose = text(member(member(doc, "queryStringParameters"), "verbose"));
    f_.body = text(member(doc, "body"));
    f_.request_id = text(member(ctx, "requestId"));
    f_.source_ip = text(ctx.IsObject() && ctx.HasMember("http") ? member(ctx["http"], "sourceIp")
                                                                 : member(member(ctx, "identity"), "sourceIp"));
    return f_;
  }

  const sqs_batch& decode_sqs(const padded_event& e) {
    const value& doc = parse(e);
    sqs_.records.clear();
    for (const value& record : member(doc, "Records").GetArray()) {
      const value& attributes = member(record, "attributes");
      sqs_.records.push_back({text(member(record, "messageId")), text(member(record, "body")),
                              text(member(record, "eventSourceARN")),
                              text(member(attributes, "ApproximateReceiveCount")),
                              text(member(attributes, "SentTimestamp"))});
    }
    return sqs_;
  }

  const dynamodb_batch& decode_dynamodb(const padded_event& e) {
    const value& doc = parse(e);
    dynamodb_.records.clear();
    for (const value& record : member(doc, "Records").GetArray()) {
      const value& change = member(record, "dynamodb");
      const value& image = member(change, "NewImage");
      dynamodb_.records.push_back({text(member(record, "eventName")), text(member(change, "SequenceNumber")),
                                   text(member(member(member(change, "Keys"), "pk"), "S")),
                                   text(member(member(image, "status"), "S")),
                                   text(member(member(image, "count"), "N"))});
    }
    return dynamodb_;
  }

  const s3_batch& decode_s3(const padded_event& e) {
    const value& doc = parse(e);
    s3_.records.clear();
    for (const value& record : member(doc, "Records").GetArray()) {
      const value& s3 = member(record, "s3");
      const value& object = member(s3, "object");
      s3_.records.push_back({text(member(record, "eventName")), text(member(member(s3, "bucket"), "name")),
                             text(member(object, "key")), text(member(object, "eTag")), text(member(object, "sequencer")),
                             integer(member(object, "size"))});
    }
    return s3_;
  }

  const eventbridge_fields& decode_eventbridge(const padded_event& e) {
    const value& doc = parse(e);
    const value& detail = member(doc, "detail");
    eventbridge_ = {text(member(doc, "id")),           text(member(doc, "detail-type")),  text(member(doc, "source")),
                    text(member(doc, "region")),       text(member(detail, "orderId")),   text(member(detail, "customerId")),
                    text(member(detail, "currency")),  integer(member(detail, "total")),  integer(member(detail, "items"))};
    return eventbridge_;
  }

 private:
  static std::int64_t integer(const value& v) { return v.IsInt64() ? v.GetInt64() : 0; }
  const value& parse(const padded_event& e) {
    // the old DOM's memory goes with the pool: a pool allocator never frees single values
    pool_.Clear();
    doc_.Parse(e.bytes.data(), e.size);
    if (doc_.HasParseError()) fail(e.name, "RapidJSON: not JSON");
    return doc_;
  }
  static const value& member(const value& v, const char* name) {
    static const value null_value;
    if (!v.IsObject()) return null_value;
    const auto it = v.FindMember(name);
    return it == v.MemberEnd() ? null_value : it->value;
  }
  static std::string_view text(const value& v) {
    return v.IsString() ? std::string_view(v.GetString(), v.GetStringLength()) : std::string_view{};
  }

  std::vector<char> buffer_ = std::vector<char>(256 * 1024);
  rapidjson::MemoryPoolAllocator<> pool_{buffer_.data(), buffer_.size()};
  rapidjson::Document doc_{&pool_};
  http_fields f_;
  sqs_batch sqs_;
  dynamodb_batch dynamodb_;
  s3_batch s3_;
  eventbridge_fields eventbridge_;
};

// ---- the benchmarks ------------------------------------------------------------------------------

/// The fastest repetition: on a shared machine, the one least disturbed.
double fastest(const std::vector<double>& v) { return *std::min_element(v.begin(), v.end()); }

/// Registers `decode/<event>/<implementation>` over `decode(event)`. With SLUICE_BENCH_ITERATIONS
/// set, each runs that many iterations, for instruction counts (benchmarks/instructions.sh).
template <class Decode>
void add(const padded_event& e, const char* implementation, Decode decode) {
  const std::string name = "decode/" + e.name + "/" + implementation;
  auto* b = benchmark::RegisterBenchmark(name.c_str(), [&e, decode](benchmark::State& state) mutable {
    for (auto _ : state) {
      const auto& fields = decode(e);
      benchmark::DoNotOptimize(&fields);
      benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * e.size));
    state.counters["event_bytes"] = static_cast<double>(e.size);
  });
  b->ComputeStatistics("min", fastest);
  if (const char* n = std::getenv("SLUICE_BENCH_ITERATIONS")) b->Iterations(std::atoll(n));
}

/// Every implementation's fields must equal the hand-written simdjson code's.
void expect_same(const padded_event& e, const char* implementation,
                 const std::vector<std::string>& got, const std::vector<std::string>& want) {
  if (got != want) fail(e.name, std::string(implementation) + " reads other fields than the hand-written code");
}

/// The hand-written code's fields, which must have `count` values, none of them empty except
/// the ones a record may lack (a REMOVE has no new image; ALB has no request id or address).
std::vector<std::string> reference(const padded_event& e, std::vector<std::string> fields,
                                   std::size_t count, std::size_t may_be_empty) {
  if (fields.size() != count) fail(e.name, "the hand-written code reads another number of fields");
  if (std::count(fields.begin(), fields.end(), std::string()) > static_cast<std::ptrdiff_t>(may_be_empty))
    fail(e.name, "the hand-written code reads empty fields");
  return fields;
}

void register_all() {
  static const padded_event v1("apigw_v1", "apigw-v1.json");
  static const padded_event v2("apigw_v2", "apigw-v2.json");
  static const padded_event alb("alb", "alb.json");
  static const padded_event sqs("sqs_10_records", "sqs-10.json");
  static const padded_event dynamodb("dynamodb_4_records", "dynamodb.json");
  static const padded_event s3("s3_1_record", "s3.json");
  static const padded_event eventbridge("eventbridge", "eventbridge.json");
  static sluice_decoder sluice;
  static sluice_batch_decoder sluice_batch;
  static simdjson_decoder simd;
  static nlohmann_decoder nlohmann;
  static rapidjson_decoder rapid;

  for (const padded_event* e : {&v1, &v2, &alb}) {
    const std::vector<std::string> want = reference(*e, simd.decode_http(*e).text(), 8, e == &alb ? 2 : 0);
    expect_same(*e, "sluice", sluice.decode(*e).text(), want);
    expect_same(*e, "nlohmann/json", nlohmann.decode_http(*e).text(), want);
    expect_same(*e, "RapidJSON", rapid.decode_http(*e).text(), want);
    add(*e, "sluice", [](const padded_event& x) -> const http_fields& { return sluice.decode(x); });
    add(*e, "simdjson_hand_written", [](const padded_event& x) -> const http_fields& { return simd.decode_http(x); });
    add(*e, "rapidjson", [](const padded_event& x) -> const http_fields& { return rapid.decode_http(x); });
    add(*e, "nlohmann_json", [](const padded_event& x) -> const http_fields& { return nlohmann.decode_http(x); });
  }

  const std::vector<std::string> sqs_want = reference(sqs, simd.decode_sqs(sqs).text(), 10 * 5, 0);
  expect_same(sqs, "sluice", sluice_batch.decode_sqs(sqs).text(), sqs_want);
  expect_same(sqs, "nlohmann/json", nlohmann.decode_sqs(sqs).text(), sqs_want);
  expect_same(sqs, "RapidJSON", rapid.decode_sqs(sqs).text(), sqs_want);
  add(sqs, "sluice", [](const padded_event& x) -> const sqs_typed_batch& { return sluice_batch.decode_sqs(x); });
  add(sqs, "simdjson_hand_written", [](const padded_event& x) -> const sqs_batch& { return simd.decode_sqs(x); });
  add(sqs, "rapidjson", [](const padded_event& x) -> const sqs_batch& { return rapid.decode_sqs(x); });
  add(sqs, "nlohmann_json", [](const padded_event& x) -> const sqs_batch& { return nlohmann.decode_sqs(x); });

  // the REMOVE record has no new image: two empty fields
  const std::vector<std::string> dynamodb_want = reference(dynamodb, simd.decode_dynamodb(dynamodb).text(), 4 * 5, 2);
  expect_same(dynamodb, "sluice", sluice_batch.decode_dynamodb(dynamodb).text(), dynamodb_want);
  expect_same(dynamodb, "nlohmann/json", nlohmann.decode_dynamodb(dynamodb).text(), dynamodb_want);
  expect_same(dynamodb, "RapidJSON", rapid.decode_dynamodb(dynamodb).text(), dynamodb_want);
  add(dynamodb, "sluice", [](const padded_event& x) -> const dynamodb_batch& { return sluice_batch.decode_dynamodb(x); });
  add(dynamodb, "simdjson_hand_written", [](const padded_event& x) -> const dynamodb_batch& { return simd.decode_dynamodb(x); });
  add(dynamodb, "rapidjson", [](const padded_event& x) -> const dynamodb_batch& { return rapid.decode_dynamodb(x); });
  add(dynamodb, "nlohmann_json", [](const padded_event& x) -> const dynamodb_batch& { return nlohmann.decode_dynamodb(x); });

  const std::vector<std::string> s3_want = reference(s3, simd.decode_s3(s3).text(), 6, 0);
  expect_same(s3, "sluice", sluice_batch.decode_s3(s3).text(), s3_want);
  expect_same(s3, "nlohmann/json", nlohmann.decode_s3(s3).text(), s3_want);
  expect_same(s3, "RapidJSON", rapid.decode_s3(s3).text(), s3_want);
  add(s3, "sluice", [](const padded_event& x) -> const s3_batch& { return sluice_batch.decode_s3(x); });
  add(s3, "simdjson_hand_written", [](const padded_event& x) -> const s3_batch& { return simd.decode_s3(x); });
  add(s3, "rapidjson", [](const padded_event& x) -> const s3_batch& { return rapid.decode_s3(x); });
  add(s3, "nlohmann_json", [](const padded_event& x) -> const s3_batch& { return nlohmann.decode_s3(x); });

  const std::vector<std::string> eventbridge_want = reference(eventbridge, simd.decode_eventbridge(eventbridge).text(), 9, 0);
  expect_same(eventbridge, "sluice", sluice_batch.decode_eventbridge(eventbridge).text(), eventbridge_want);
  expect_same(eventbridge, "nlohmann/json", nlohmann.decode_eventbridge(eventbridge).text(), eventbridge_want);
  expect_same(eventbridge, "RapidJSON", rapid.decode_eventbridge(eventbridge).text(), eventbridge_want);
  expect_same(eventbridge, "sluice detail_as", sluice_batch.decode_eventbridge_detail_as(eventbridge).text(), eventbridge_want);
  add(eventbridge, "sluice", [](const padded_event& x) -> const eventbridge_fields& { return sluice_batch.decode_eventbridge(x); });
  add(eventbridge, "sluice_detail_as",
      [](const padded_event& x) -> const eventbridge_fields& { return sluice_batch.decode_eventbridge_detail_as(x); });
  add(eventbridge, "simdjson_hand_written", [](const padded_event& x) -> const eventbridge_fields& { return simd.decode_eventbridge(x); });
  add(eventbridge, "rapidjson", [](const padded_event& x) -> const eventbridge_fields& { return rapid.decode_eventbridge(x); });
  add(eventbridge, "nlohmann_json", [](const padded_event& x) -> const eventbridge_fields& { return nlohmann.decode_eventbridge(x); });
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  register_all();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
