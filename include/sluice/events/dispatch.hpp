// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// One entry point for HTTP routes and event handlers. The event's source is detected from a
// few of its keys (the first decisive key of the top-level object; for `Records`, the first
// record's `eventSource`), then the one handler registered for that source gets its typed
// view. A payload no handler takes is an error that names what the app handles and what it got.

#include <array>
#include <concepts>
#include <cstddef>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#if defined(__cpp_exceptions)
#include <exception>
#endif

#include "sluice/app.hpp"
#include "sluice/detail/event_reader.hpp"
#include "sluice/events/authorizer.hpp"
#include "sluice/events/batch.hpp"
#include "sluice/events/common.hpp"
#include "sluice/events/firehose.hpp"
#include "sluice/events/kafka.hpp"
#include "sluice/events/s3_batch.hpp"
#include "sluice/events/websocket.hpp"
#include "sluice/worker.hpp"

namespace sluice {

namespace events {

/// What detection saw: the source, or for `unknown` a description ("an object with keys a, b").
struct detection {
  source_kind kind = source_kind::unknown;
  std::string_view seen;
  bool json = true;  // false: the payload is not JSON
};

namespace detail_detect {
namespace od = detail::json::od;
namespace ej = detail::event_json;

inline constexpr std::string_view empty_records = "an object with an empty Records array";

inline detection from_records(od::value v, detail::arena& mem) {
  od::array records;
  if (v.get_array().get(records) != simdjson::SUCCESS) return {source_kind::unknown, "an object whose Records is not an array"};
  for (auto element : records) {
    od::object record;
    if (std::move(element).get_object().get(record) != simdjson::SUCCESS) {
      return {source_kind::unknown, "an object whose Records[0] is not an object"};
    }
    for (auto member : record) {
      od::field f;
      if (std::move(member).get(f) != simdjson::SUCCESS) return {source_kind::unknown, {}, false};
      if (ej::is(f, "cf")) return {source_kind::unknown, "a CloudFront (Lambda@Edge) event"};
      if (!ej::is(f, "eventSource") && !ej::is(f, "EventSource")) continue;
      std::string_view source;
      if (f.value().get_string().get(source) != simdjson::SUCCESS) break;
      constexpr std::pair<std::string_view, source_kind> known[] = {
          {"aws:sqs", source_kind::sqs},         {"aws:sns", source_kind::sns},
          {"aws:s3", source_kind::s3},           {"aws:dynamodb", source_kind::dynamodb},
          {"aws:kinesis", source_kind::kinesis}, {"aws:ses", source_kind::ses},
      };
      for (const auto& [name, kind] : known) {
        if (source == name) return {kind, {}};
      }
      detail::arena_string m(mem);
      m.append("an event whose Records[0].eventSource is \"");
      m.append(source);
      m.append("\"");
      return {source_kind::unknown, m.view()};
    }
    return {source_kind::unknown, "an object whose Records[0] has no eventSource"};
  }
  return {source_kind::unknown, empty_records};
}

/// A batch without records: the last invocation of a Kinesis or DynamoDB Streams tumbling
/// window may carry none, and then only its `eventSourceARN` (`arn:PARTITION:SERVICE:...`)
/// names the source.
inline detection from_stream_arn(std::string_view arn) {
  std::string_view service;
  if (arn.starts_with("arn:")) {
    const std::size_t partition_end = arn.find(':', 4);
    if (partition_end != std::string_view::npos) {
      service = arn.substr(partition_end + 1);
      service = service.substr(0, service.find(':'));
    }
  }
  if (service == "kinesis") return {source_kind::kinesis, {}};
  if (service == "dynamodb") return {source_kind::dynamodb, {}};
  return {source_kind::unknown, empty_records};
}
/// What a `requestContext` says: WebSocket (`eventType`, which every WebSocket event has; a
/// `connectionId` beside HTTP keys, as in .NET's REST sample, is not one), HTTP (`http`,
/// `httpMethod`, `resourcePath`, `elb`), an AppSync authorizer's (`queryString`, the GraphQL
/// document, and none of the others) or nothing; `lattice`: VPC Lattice's (`serviceNetworkArn`,
/// `targetGroupArn`), a source sluice does not read.
inline source_kind context_kind(od::value v, bool& lattice) {
  od::object context;
  if (v.get_object().get(context) != simdjson::SUCCESS) return source_kind::unknown;
  source_kind kind = source_kind::unknown;
  bool graphql = false;
  for (auto member : context) {
    od::field f;
    if (std::move(member).get(f) != simdjson::SUCCESS) return kind;
    if (ej::is(f, "eventType")) return source_kind::websocket;
    if (ej::is(f, "http") || ej::is(f, "httpMethod") || ej::is(f, "resourcePath") || ej::is(f, "elb")) {
      kind = source_kind::http;
    }
    graphql |= ej::is(f, "queryString");
    lattice |= ej::is(f, "serviceNetworkArn") || ej::is(f, "targetGroupArn");
  }
  return kind == source_kind::unknown && graphql ? source_kind::appsync_authorizer : kind;
}

/// A JSON array: AppSync's batched resolver invocation when its first element is a resolver
/// event, named as such; anything else, as not an object.
inline detection from_array(od::document& doc) {
  od::array items;
  doc.rewind();
  if (doc.get_array().get(items) == simdjson::SUCCESS) {
    for (auto element : items) {
      od::object first;
      if (std::move(element).get_object().get(first) != simdjson::SUCCESS) break;
      for (auto member : first) {
        od::field f;
        if (std::move(member).get(f) != simdjson::SUCCESS) break;
        if (ej::is(f, "info") || ej::is(f, "arguments")) {
          return {source_kind::unknown,
                  "a batched AppSync resolver invocation (a JSON array of events), which sluice does not support: "
                  "set the resolver's maxBatchSize to 0"};
        }
      }
      break;
    }
  }
  return {source_kind::unknown, "a JSON value that is not an object"};
}
}  // namespace detail_detect

/**
 * Tells the source of an event from its first decisive top-level key: `Records` (then the
 * first record's `eventSource`; for an empty array, the service of a top-level `eventSourceARN`,
 * Kinesis or DynamoDB: a tumbling window's last invocation may carry no records), `detail-type` (EventBridge), `awslogs` (CloudWatch Logs),
 * `deliveryStreamArn` (Firehose; also `invocationId` with `records` and no `applicationArn`),
 * `invocationSchemaVersion` (S3 Batch), `RequestType` (CloudFormation), `CodePipeline.job`,
 * `invokingEvent` (AWS Config), `signatureVerified`, `protocolData` or `connectionMetadata` (IoT
 * custom authorizer), `claimCertificateId` or `templateArn` (IoT pre-provisioning hook), a top-level
 * `eventSource` (`aws:kafka`, `SelfManagedKafka`, `aws:mq`, `aws:rmq`, and the spellings of
 * Powertools' fixtures, `aws:SelfManagedKafka` and `aws:amq`; others named), the sources sluice
 * does not read but names (`actionGroup` or `apiPath`: a Bedrock agent; `getObjectContext`: S3
 * Object Lambda; after the others, VPC Lattice by `raw_path`, `is_base64_encoded` or a
 * `requestContext` with `serviceNetworkArn`, and `alarmData`: a CloudWatch alarm),
 * `type` (`TOKEN` or `REQUEST`), `methodArn` or `routeArn` (an authorizer request),
 * then, after the other top-level keys: `triggerSource` with `userPoolId` (Cognito), `arguments`
 * with `info` or `fieldName` (AppSync resolver; `fieldName` is Amplify's shape),
 * `authorizationToken` with a `requestContext` holding `queryString` and no HTTP key (AppSync
 * authorizer), `Step` with `SecretId` (Secrets Manager
 * rotation), a `requestContext` with `eventType`
 * (WebSocket), else one with `http`, `httpMethod`, `resourcePath` or `elb`, or a top-level
 * `httpMethod`, `rawPath`, `routeKey` or `resource` (HTTP-shaped: the HTTP decoder decides
 * which). Values other than these are skipped, not parsed; the chosen source's parser checks
 * the rest.
 */
[[nodiscard]] inline detection detect_source(simdjson::ondemand::parser& parser, simdjson::padded_string_view json,
                                             detail::arena& mem) {
  namespace od = detail::json::od;
  namespace ej = detail::event_json;
  const std::string_view text(json.data(), json.size());
  od::document doc;
  if (parser.iterate(json).get(doc) != simdjson::SUCCESS) return {source_kind::unknown, {}, false};
  od::object root;
  if (doc.get_object().get(root) != simdjson::SUCCESS) {
    if (!detail::json::is_valid_json(text)) return {source_kind::unknown, {}, false};
    return detail_detect::from_array(doc);
  }
  detail::arena_vector<std::string_view> keys(mem, 6);
  bool invocation_id = false;
  bool records = false;
  bool http_key = false;
  bool trigger_source = false;
  bool user_pool_id = false;
  bool arguments = false;
  bool info = false;  // or Amplify's top-level fieldName
  bool authorization_token = false;
  bool step = false;
  bool secret_id = false;
  source_kind context = source_kind::unknown;
  bool empty_records = false;
  bool lattice = false;  // VPC Lattice, named rather than listed by its keys
  bool alarm = false;    // a CloudWatch alarm's own invocation (alarmData), named too
  std::string_view stream_arn;  // a tumbling window's top-level eventSourceARN
  for (auto member : root) {
    od::field f;
    if (std::move(member).get(f) != simdjson::SUCCESS) return {source_kind::unknown, {}, false};
    if (ej::is(f, "Records")) {
      const detection by_records = detail_detect::from_records(f.value(), mem);
      if (by_records.kind != source_kind::unknown || by_records.seen != detail_detect::empty_records) {
        return by_records;
      }
      empty_records = true;  // a tumbling window's last invocation may have none: its ARN tells
      continue;
    }
    if (ej::is(f, "eventSourceARN") && f.value().get_string().get(stream_arn) != simdjson::SUCCESS) stream_arn = {};
    if (ej::is(f, "detail-type")) return {source_kind::eventbridge, {}};
    if (ej::is(f, "awslogs")) return {source_kind::cloudwatch_logs, {}};
    if (ej::is(f, "deliveryStreamArn")) return {source_kind::firehose, {}};
    if (ej::is(f, "applicationArn")) return {source_kind::unknown, "a Kinesis Data Analytics event (applicationArn)"};
    // sources sluice does not read, named so that the message says what arrived
    if (ej::is(f, "actionGroup") || ej::is(f, "apiPath")) {
      return {source_kind::unknown, "an Amazon Bedrock agent action group event (actionGroup, apiPath)"};
    }
    if (ej::is(f, "getObjectContext")) return {source_kind::unknown, "an S3 Object Lambda event (getObjectContext)"};
    alarm |= ej::is(f, "alarmData");  // an EventBridge alarm event (detail-type) has it too
    lattice |= ej::is(f, "raw_path") || ej::is(f, "is_base64_encoded");  // Lattice's payload 1.0
    if (ej::is(f, "invocationSchemaVersion")) return {source_kind::s3_batch, {}};
    if (ej::is(f, "RequestType")) return {source_kind::cloudformation, {}};
    if (ej::is(f, "CodePipeline.job")) return {source_kind::codepipeline, {}};
    if (ej::is(f, "invokingEvent")) return {source_kind::config, {}};
    if (ej::is(f, "signatureVerified") || ej::is(f, "protocolData") || ej::is(f, "connectionMetadata")) {
      return {source_kind::iot_authorizer, {}};
    }
    if (ej::is(f, "claimCertificateId") || ej::is(f, "templateArn")) return {source_kind::iot_preprovision, {}};
    if (ej::is(f, "eventSource")) {  // Kafka, Amazon MQ; DocumentDB uses the key too
      std::string_view source;
      if (f.value().get_string().get(source) == simdjson::SUCCESS) {
        if (source == "aws:kafka" || kafka_event::is_self_managed(source)) return {source_kind::kafka, {}};
        if (source == "aws:mq" || source == "aws:amq") return {source_kind::activemq, {}};
        if (source == "aws:rmq") return {source_kind::rabbitmq, {}};
        detail::arena_string m(mem);
        m.append("an event whose eventSource is \"");
        m.append(source);
        m.append("\"");
        return {source_kind::unknown, m.view()};
      }
    }
    invocation_id |= ej::is(f, "invocationId");
    trigger_source |= ej::is(f, "triggerSource");
    user_pool_id |= ej::is(f, "userPoolId");
    arguments |= ej::is(f, "arguments");
    info |= ej::is(f, "info") || ej::is(f, "fieldName");
    authorization_token |= ej::is(f, "authorizationToken");
    step |= ej::is(f, "Step");
    secret_id |= ej::is(f, "SecretId");
    records |= ej::is(f, "records");
    // an authorizer request carries a request's fields too: its type (sent first) and ARN tell it
    if (ej::is(f, "methodArn") || ej::is(f, "routeArn")) return {source_kind::authorizer, {}};
    if (ej::is(f, "type")) {
      std::string_view type;
      if (f.value().get_string().get(type) == simdjson::SUCCESS && (type == "TOKEN" || type == "REQUEST")) {
        return {source_kind::authorizer, {}};
      }
    }
    // HTTP-shaped: decided at the end, as a WebSocket event may carry a request's fields too
    http_key |= ej::is(f, "httpMethod") || ej::is(f, "rawPath") || ej::is(f, "routeKey") || ej::is(f, "resource");
    if (ej::is(f, "requestContext")) context = detail_detect::context_kind(f.value(), lattice);
    if (keys.size() < 6) keys.push_back(detail::json::raw_key(f).text);
  }
  if (detail::json::has_trailing_content(doc) || !detail::json::is_valid_json(text)) {
    return {source_kind::unknown, {}, false};
  }
  if (empty_records) return detail_detect::from_stream_arn(stream_arn);
  if (trigger_source && user_pool_id) return {source_kind::cognito, {}};
  if (arguments && info) return {source_kind::appsync, {}};
  if (step && secret_id) return {source_kind::secretsmanager, {}};
  if (authorization_token && context == source_kind::appsync_authorizer) return {source_kind::appsync_authorizer, {}};
  if (context == source_kind::websocket) return {source_kind::websocket, {}};
  if (context == source_kind::http || http_key) return {source_kind::http, {}};
  if (invocation_id && records) return {source_kind::firehose, {}};  // Firehose without a deliveryStreamArn (SAM's)
  if (lattice) return {source_kind::unknown, "a VPC Lattice event, which sluice does not read"};
  if (alarm) return {source_kind::unknown, "a CloudWatch alarm event (alarmData)"};
  return {source_kind::unknown, ej::describe_keys(keys, mem)};
}

}  // namespace events

/// A handler for one event source, made by `sluice::on<T>(f)`.
template <class Target, class F>
struct event_handler {
  F fn;
};

/**
 * Registers `f` for the events `Target` describes. A record type (`events::sqs_message`,
 * `events::kinesis_record`, `events::dynamodb_record`) makes a batch handler: `f` is called per
 * record and returns void, bool or `events::record_result`; the answer is the
 * `batchItemFailures` response. `events::firehose_record`: `f` returns an
 * `events::firehose_result` per record; the answer is Firehose's `records` response. An event type (`events::sqs_event`, `events::sns_event`,
 * `events::s3_event`, `events::eventbridge_event`, ...) gets the whole event; `f` returns void
 * (the answer is `null`), JSON text (`std::string_view` or `std::string`, answered as it is) or
 * a response with `to_json(arena)` (`events::batch_response`, `events::firehose_response`, ...). An exception from a whole-event handler is a Lambda-level
 * error (`Sluice.HandlerError`), so that Lambda retries the event or sends it to its DLQ.
 *
 * **Example**: `sluice::on<sluice::events::sqs_message>([](const sluice::events::sqs_message& m) { ... })`
 */
template <class Target, class F>
[[nodiscard]] constexpr event_handler<Target, F> on(F f) {
  return {std::move(f)};
}

namespace detail_dispatch {
template <class T>
struct batch_of {
  using type = void;
};
template <>
struct batch_of<events::sqs_message> {
  using type = events::sqs_event;
};
template <>
struct batch_of<events::kinesis_record> {
  using type = events::kinesis_event;
};
template <>
struct batch_of<events::dynamodb_record> {
  using type = events::dynamodb_event;
};
template <>
struct batch_of<events::firehose_record> {
  using type = events::firehose_event;
};
template <>
struct batch_of<events::s3_batch_task> {
  using type = events::s3_batch_event;
};

template <class T>
inline constexpr bool is_record = !std::is_void_v<typename batch_of<T>::type>;
template <class T>
using event_of = std::conditional_t<is_record<T>, typename batch_of<T>::type, T>;

template <class H>
struct handler_traits;
template <class Target, class F>
struct handler_traits<event_handler<Target, F>> {
  using target = Target;
  using event = event_of<Target>;
  static constexpr events::source_kind kind = event::kind;
};

template <class... H>
constexpr bool kinds_distinct() {
  constexpr std::array<events::source_kind, sizeof...(H) + 1> kinds{handler_traits<H>::kind..., events::source_kind::unknown};
  for (std::size_t i = 0; i < sizeof...(H); ++i) {
    for (std::size_t j = i + 1; j < sizeof...(H); ++j) {
      if (kinds[i] == kinds[j]) return false;
    }
  }
  return true;
}
}  // namespace detail_dispatch

/// The HTTP part of an app that has only event handlers.
struct no_http_routes {
  [[nodiscard]] static constexpr std::array<std::string_view, 0> route_keys() noexcept { return {}; }
  /// The defaults: `--emit` describes no HTTP routes.
  [[nodiscard]] const options& settings() const noexcept {
    static const options defaults{};
    return defaults;
  }
  template <class Visitor>
  void describe_routes(Visitor&) const {}
};

/**
 * An app that serves HTTP routes (an `sluice::app`) and event handlers. It runs wherever an
 * app runs (`sluice::run`, the Lambda loop): same `handle` and `route_keys`.
 *
 * **Example**:
 * ```
 * const auto app = sluice::with_events(
 *     sluice::app{sluice::route<"GET /health">([] { return sluice::text("ok"); })},
 *     sluice::on<sluice::events::sqs_message>([](const sluice::events::sqs_message& m) { work(*m.body()); }),
 *     sluice::on<sluice::events::eventbridge_event>([](const sluice::events::eventbridge_event& e) { ... }));
 * return sluice::run(app, argc, argv);
 * ```
 */
template <class Http, class... Handlers>
class event_app {
  static_assert(detail_dispatch::kinds_distinct<Handlers...>(),
                "sluice::with_events: two handlers for one event source; register one per source");
  static constexpr bool has_http = Http::route_keys().size() != 0;

 public:
  explicit event_app(Http http, Handlers... handlers) : http_(std::move(http)), handlers_(std::move(handlers)...) {}

  [[nodiscard]] static constexpr auto route_keys() noexcept { return Http::route_keys(); }
  /// The HTTP part's options and routes, for `--emit openapi|sam` (emit.hpp).
  [[nodiscard]] const options& settings() const noexcept { return http_.settings(); }
  template <class Visitor>
  void describe_routes(Visitor& v) const {
    http_.describe_routes(v);
  }

  /// Handles one event whose JSON sits in a buffer with `detail::json::padding` readable bytes after it.
  [[nodiscard]] invocation_result handle(worker& w, const char* data, std::size_t size, std::size_t capacity) const {
    if constexpr (has_http) {
      // The HTTP decoder goes first: it tells HTTP events by shape and refuses every other one
      // (Sluice.UnsupportedEvent), so HTTP events pay nothing for the handlers beside them.
      const invocation_result r = http_.handle(w, data, size, capacity);
      if (r.ok || r.error_type != "Sluice.UnsupportedEvent") return r;
    }
    w.begin();
    const detail::arena_scope scope(w.arena());
    const simdjson::padded_string_view json = detail::json::padded_view(data, size, capacity);
    const events::detection seen = events::detect_source(w.parser(), json, w.arena());
    if (!seen.json) return w.fail("Sluice.InvalidEvent", "the event is not valid JSON");
    if constexpr (has_http) {
      // HTTP-shaped but refused by the HTTP decoder (which says why): its answer stands
      if (seen.kind == events::source_kind::http) return http_.handle(w, data, size, capacity);
    }
    invocation_result out;
    bool handled = false;
    std::apply(
        [&](const auto&... h) {
          ((!handled && detail_dispatch::handler_traits<std::remove_cvref_t<decltype(h)>>::kind == seen.kind
                ? (out = run(w, json, h), handled = true)
                : false),
           ...);
        },
        handlers_);
    if (handled) return out;
    return w.fail("Sluice.UnsupportedEvent", unsupported(seen, w.arena()));
  }

  [[nodiscard]] invocation_result handle(worker& w, std::string_view event) const {
    const std::string_view padded = w.pad(event);
    return handle(w, padded.data(), padded.size(), w.padded_capacity());
  }

  [[nodiscard]] invocation_result handle(std::string_view event) const {
    thread_local worker w;
    return handle(w, event);
  }

 private:
  /// "this app handles SQS events and HTTP requests (...); got <what>".
  static std::string_view unsupported(const events::detection& seen, detail::arena& mem) {
    detail::arena_string m(mem);
    m.append("this app handles ");
    constexpr std::size_t count = sizeof...(Handlers) + (has_http ? 1 : 0);
    std::size_t i = 0;
    const auto name = [&](events::source_kind k) {
      if (i != 0) m.append(i + 1 == count ? " and " : ", ");
      m.append(events::source_name(k));
      ++i;
    };
    (name(detail_dispatch::handler_traits<Handlers>::kind), ...);
    if (has_http) name(events::source_kind::http);
    m.append("; got ");
    if (seen.kind != events::source_kind::unknown) {
      m.append(events::source_name(seen.kind));
    } else {
      m.append(seen.seen.empty() ? std::string_view("an event of an unknown source") : seen.seen);
    }
    return m.view();
  }

  static invocation_result answer(worker& w, std::string_view json) {
    w.output().clear();
    w.output().append(json);
    return {true, w.output().view(), {}, {}, false, {}};
  }

  template <class H>
  static invocation_result run(worker& w, simdjson::padded_string_view json, const H& h) {
    using traits = detail_dispatch::handler_traits<H>;
    using event = typename traits::event;
    auto parsed = event::parse(json, w.arena(), w.parser());
    if (!parsed) {
      const bool foreign = parsed.error().problem == events::event_problem::other_source;
      return w.fail(foreign ? "Sluice.UnsupportedEvent" : "Sluice.InvalidEvent", parsed.error().message);
    }
    if constexpr (std::is_same_v<typename traits::target, events::firehose_record>) {
      return answer(w, events::transform(*parsed, w.arena(), h.fn).to_json(w.arena()));
    } else if constexpr (std::is_same_v<typename traits::target, events::s3_batch_task>) {
      return answer(w, events::run_tasks(*parsed, w.arena(), h.fn).to_json(w.arena()));
    } else if constexpr (detail_dispatch::is_record<typename traits::target>) {
      const events::batch_response r = events::process_batch(*parsed, w.arena(), h.fn);
      return answer(w, r.to_json(w.arena()));
    } else {
#if defined(__cpp_exceptions)
      try {
#endif
        using result = std::invoke_result_t<const decltype(h.fn)&, const event&>;
        if constexpr (std::is_void_v<result>) {
          h.fn(*parsed);
          // a Cognito trigger that changes nothing answers the event as it came
          if constexpr (requires(const event& e) { { e.unchanged_answer() } -> std::convertible_to<std::string_view>; }) {
            return answer(w, parsed->unchanged_answer());
          } else {
            return answer(w, "null");
          }
        } else if constexpr (requires(const result& x, detail::arena& a) { { x.to_json(a) } -> std::convertible_to<std::string_view>; }) {
          return answer(w, h.fn(*parsed).to_json(w.arena()));
        } else {
          static_assert(std::is_convertible_v<result, std::string_view>,
                        "sluice::on<Event>(f): f returns void, JSON text or a response with to_json(arena) "
                        "(events::batch_response, events::firehose_response, ...)");
          const result text = h.fn(*parsed);
          return answer(w, std::string_view(text));
        }
#if defined(__cpp_exceptions)
      } catch (const std::exception& e) {
        // the message outlives the exception: the result's views must stay valid
        return w.fail("Sluice.HandlerError", w.arena().copy(e.what()));
      } catch (...) {
        return w.fail("Sluice.HandlerError", "the handler threw an exception that is not a std::exception");
      }
#endif
    }
  }

  Http http_;
  std::tuple<Handlers...> handlers_;
};

/// An app of HTTP routes (`sluice::app{...}`) and event handlers (`sluice::on<T>(f)`).
template <class Http, class... Handlers>
  requires requires { Http::route_keys(); }
[[nodiscard]] event_app<Http, Handlers...> with_events(Http http, Handlers... handlers) {
  return event_app<Http, Handlers...>(std::move(http), std::move(handlers)...);
}

/// An app of event handlers only.
template <class... Handlers>
[[nodiscard]] event_app<no_http_routes, Handlers...> event_handlers(Handlers... handlers) {
  return event_app<no_http_routes, Handlers...>(no_http_routes{}, std::move(handlers)...);
}

}  // namespace sluice
