// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// Decodes HTTP-shaped events (API Gateway REST and HTTP APIs, Function URLs, ALB) into the
// views of one `request`, in one pass over the event with simdjson on-demand. Knows JSON and
// AWS's shapes; not the router, not the runtime.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>
#include <utility>

#include "sluice/detail/arena.hpp"
#include "sluice/detail/config.hpp"
#include "sluice/detail/json.hpp"
#include "sluice/events/http_auth.hpp"
#include "sluice/request.hpp"

namespace sluice::events {

enum class decode_status : std::uint8_t {
  ok,
  not_json,                   // the payload is not JSON at all
  not_http,                   // valid JSON, but no HTTP source's shape
  invalid_event,              // an HTTP source's shape with a missing or mistyped field
  too_many_headers,           // 431 (also too many cookies)
  conflicting_header,         // 400: one header name with two different values
  too_many_query_parameters,  // 414
};

struct decode_result {
  decode_status status = decode_status::ok;
  std::string_view message;  // what was wrong, for the error response or the Lambda error
};

/**
 * Bounds on what one HTTP event may hold, so that the work done for it stays small (see
 * docs/security.md, "Limits"). Through API Gateway or ALB no legitimate request comes near
 * them; an event sent some other way (a direct invoke, the local gateway) may.
 *
 * **Example**: `sluice::options{.http = {.max_headers = 64}}`
 */
struct http_decode_limits {
  /// Header lines (names with several values count once per value); more: `431`.
  std::size_t max_headers = 256;
  /// Query parameters (every value of a repeated name counts); more: `414`. ALB's 16 KiB
  /// request line, the longest AWS forwards, holds fewer than 8,192 (`a&` each).
  std::size_t max_query_parameters = 8192;
  /// Entries of payload 2.0's `cookies` array; more: `431`. An HTTP API's 10,240 bytes of
  /// request line and header values hold fewer than 3,414 (`a; ` is 3 bytes; REST and ALB pass
  /// the `Cookie` header as one header line, which needs no count).
  std::size_t max_cookies = 4096;
};

namespace detail_http {
using namespace sluice::detail;
namespace od = json::od;


struct decoder {
  arena& mem;
  http_event& ev;
  const http_decode_limits& limits;
  arena_vector<header_entry> single_headers;
  arena_vector<header_entry> multi_headers;
  arena_vector<query_entry> single_query;
  arena_vector<query_entry> multi_query;
  std::string_view version;
  bool has_http_method = false;
  bool has_raw_path = false;
  bool has_path = false;
  std::string_view raw_path;  // payload 2.0 `rawPath`; 1.0 and ALB events route by `path`
  bool multi_maps_sent = false;  // multiValueHeaders or multiValueQueryStringParameters, not null
  std::uint32_t keys_read = 0;  // the top-level keys read so far, one bit each (read_once)
  std::uint32_t context_read = 0;  // the same for requestContext and its `http` and `identity`
  bool is_alb = false;
  bool is_websocket = false;
  bool is_authorizer = false;  // a Lambda authorizer request carries a request's fields too
  // HTTP-like sources sluice does not read: named in the message, not refused field by field
  bool is_lattice = false;        // VPC Lattice 2.0: version "2.0", path, method, no rawPath
  bool is_bedrock_agent = false;  // a Bedrock agent action group: httpMethod and apiPath, no path
  std::string_view rc_method;  // requestContext.http.method (2.0)
  std::string_view field;      // the field being read, for messages
  std::string_view message;
  bool broken = false;  // the JSON itself is malformed
  std::string_view deferred_field;    // the first field of the wrong type, if any
  std::string_view deferred_message;
  arena_vector<std::string_view> seen_keys;
  auth_decoder caller;

  decoder(arena& a, http_event& e, const http_decode_limits& l)
      : mem(a), ev(e), limits(l), single_headers(a, 32), multi_headers(a, 32), single_query(a, 8),
        multi_query(a, 8), seen_keys(a, 8), caller{a, e.auth, {}, false} {}

  /// Runs a step of the caller's decoding, taking over its problem as this field's.
  bool auth_step(std::string_view name, bool ok) {
    if (ok) return true;
    field = name;
    message = caller.problem;
    broken |= caller.broken;
    return false;
  }

  decode_status invalid(std::string_view what) {
    arena_string m(mem);
    m.append(describe_source_guess());
    m.append(": ");
    m.append(what);
    message = m.view();
    return decode_status::invalid_event;
  }

  std::string_view describe_source_guess() const {
    if (is_alb) return "ALB event";
    if (version == "2.0") return "payload 2.0 event";
    return "payload 1.0 event";
  }

  /// Reads a string field (null allowed) into `out`.
  bool string_field(od::value& v, std::string_view name, std::optional<std::string_view>& out) {
    field = name;
    switch (json::read_string(v, mem, out)) {
      case json::read_error::none: return true;
      case json::read_error::wrong_type: message = "must be a string"; return false;
      case json::read_error::bad_escape: message = "has an invalid escape sequence"; return false;
    }
    return false;
  }

  bool string_field(od::value& v, std::string_view name, std::string_view& out) {
    std::optional<std::string_view> s;
    if (!string_field(v, name, s)) return false;
    out = s.value_or(std::string_view{});
    return true;
  }

  decode_status field_error() {
    arena_string m(mem);
    m.append("'");
    m.append(field);
    m.append("' ");
    m.append(message);
    return invalid(m.view());
  }

  /// `{"name": "value", ...}` (values may be null) or `{"name": ["v1", "v2"], ...}`.
  template <class Add>
  bool string_map(od::value& v, std::string_view name, bool multi, Add&& add) {
    field = name;
    if (is_null(v)) return true;
    od::object obj;
    if (v.get_object().get(obj) != simdjson::SUCCESS) {
      message = multi ? "must be an object of string arrays" : "must be an object of strings";
      return false;
    }
    for (auto result : obj) {
      if (result.error() != simdjson::SUCCESS) return structural_error();
      od::field& f = json::in_place(result);
      const std::optional<std::string_view> key = json::key(f);
      if (!key) {
        message = "has a key with an invalid escape sequence";
        return false;
      }
      od::value& value = f.value();
      if (!multi) {
        std::optional<std::string_view> s;
        if (!string_field(value, name, s)) return false;
        if (s) add(*key, *s);
        continue;
      }
      const auto each_value = [&](std::string_view s) { add(*key, s); };
      if (!each_string(value, name, each_value, "must be an object of string arrays")) return false;
    }
    return true;
  }

  bool structural_error() {
    broken = true;
    return false;
  }

  static bool is_null(od::value& v) noexcept {
    bool null = false;
    return v.is_null().get(null) == simdjson::SUCCESS && null;
  }

  /// Calls `f` for each string of an array of strings (nulls skipped; a null array is empty).
  template <class F>
  bool each_string(od::value& v, std::string_view name, F&& f,
                   std::string_view not_an_array = "must be an array of strings") {
    field = name;
    if (is_null(v)) return true;
    od::array arr;
    if (v.get_array().get(arr) != simdjson::SUCCESS) {
      message = not_an_array;
      return false;
    }
    for (auto element : arr) {
      od::value item;
      if (std::move(element).get(item) != simdjson::SUCCESS) return structural_error();
      std::optional<std::string_view> s;
      if (!string_field(item, name, s)) return false;
      if (s) f(*s);
    }
    return true;
  }

  bool read_object(od::value& v, std::string_view name, od::object& obj) {
    field = name;
    if (v.get_object().get(obj) != simdjson::SUCCESS) {
      message = "must be an object";
      return false;
    }
    return true;
  }

  static std::int64_t integer_or_zero(od::value& v) noexcept {
    std::int64_t n = 0;
    if (v.get_int64().get(n) != simdjson::SUCCESS) return 0;
    return n;
  }

  bool read_request_context(od::value& v) {
    if (is_null(v)) return true;
    od::object rc;
    if (!read_object(v, "requestContext", rc)) return false;
    request_context& c = ev.context;
    for (auto result : rc) {
      if (result.error() != simdjson::SUCCESS) return structural_error();
      od::field& f = json::in_place(result);
      const char* const k = f.key().raw();
      od::value& value = f.value();
      bool ok = true;
      if (json::key_is(k, "requestId")) ok = repeated(0, "requestContext.requestId") || string_field(value, "requestContext.requestId", c.request_id);
      else if (json::key_is(k, "stage")) ok = repeated(1, "requestContext.stage") || string_field(value, "requestContext.stage", c.stage);
      else if (json::key_is(k, "domainName")) ok = repeated(2, "requestContext.domainName") || string_field(value, "requestContext.domainName", c.domain_name);
      else if (json::key_is(k, "apiId")) ok = repeated(3, "requestContext.apiId") || string_field(value, "requestContext.apiId", c.api_id);
      else if (json::key_is(k, "accountId")) ok = repeated(4, "requestContext.accountId") || string_field(value, "requestContext.accountId", c.account_id);
      else if (json::key_is(k, "protocol")) ok = repeated(5, "requestContext.protocol") || sent_with(15, "requestContext.protocol", protocol_twice) || string_field(value, "requestContext.protocol", c.protocol);
      else if (json::key_is(k, "requestTimeEpoch")) { if (!repeated(6, "requestContext.requestTimeEpoch") && !sent_with(7, "requestContext.requestTimeEpoch", epoch_twice)) c.time_epoch_ms = integer_or_zero(value); }
      else if (json::key_is(k, "timeEpoch")) { if (!repeated(7, "requestContext.timeEpoch") && !sent_with(6, "requestContext.timeEpoch", epoch_twice)) c.time_epoch_ms = integer_or_zero(value); }
      else if (json::key_is(k, "path")) ok = repeated(16, "requestContext.path") || string_field(value, "requestContext.path", c.path);
      else if (json::key_is(k, "elb")) is_alb = true;
      // every WebSocket event has an eventType; a connectionId alone (.NET's REST sample) is not one
      else if (json::key_is(k, "eventType")) is_websocket = true;
      else if (json::key_is(k, "serviceNetworkArn") || json::key_is(k, "targetGroupArn")) is_lattice = true;
      else if (json::key_is(k, "http")) ok = repeated(8, "requestContext.http") || http_block(value);
      else if (json::key_is(k, "identity")) ok = repeated(9, "requestContext.identity") || identity_block(value);
      else if (json::key_is(k, "authorizer")) ok = repeated(10, "requestContext.authorizer") || auth_step("requestContext.authorizer", caller.authorizer(value));
      else if (json::key_is(k, "authentication")) ok = repeated(11, "requestContext.authentication") || auth_step("requestContext.authentication", caller.authentication(value));
      else ok = plain_key(f);
      if (!ok) {
        if (broken) return false;
        // kept for after the classification, as at the top level; the other keys are still read,
        // so that the message names this field, not one found missing after it
        if (deferred_field.empty()) {
          deferred_field = field;
          deferred_message = message;
        }
      }
    }
    return true;
  }

  bool http_block(od::value& v) {
    od::object obj;
    if (!read_object(v, "requestContext.http", obj)) return false;
    for (auto result : obj) {
      if (result.error() != simdjson::SUCCESS) return structural_error();
      od::field& f = json::in_place(result);
      const char* const k = f.key().raw();
      od::value& value = f.value();
      bool ok = true;
      // the source IP and user agent are read from `http` (2.0) or `identity` (1.0): one bit each
      if (json::key_is(k, "method")) ok = repeated(12, "requestContext.http.method") || string_field(value, "requestContext.http.method", rc_method);
      else if (json::key_is(k, "sourceIp")) ok = repeated(13, "requestContext.http.sourceIp") || string_field(value, "requestContext.http.sourceIp", ev.context.source_ip);
      else if (json::key_is(k, "userAgent")) ok = repeated(14, "requestContext.http.userAgent") || string_field(value, "requestContext.http.userAgent", ev.context.user_agent);
      else if (json::key_is(k, "protocol")) ok = repeated(15, "requestContext.http.protocol") || sent_with(5, "requestContext.http.protocol", protocol_twice) || string_field(value, "requestContext.http.protocol", ev.context.protocol);
      else ok = plain_key(f);
      if (!ok) return false;
    }
    return true;
  }

  bool identity_block(od::value& v) {
    if (is_null(v)) return true;
    od::object obj;
    if (!read_object(v, "requestContext.identity", obj)) return false;
    for (auto result : obj) {
      if (result.error() != simdjson::SUCCESS) return structural_error();
      od::field& f = json::in_place(result);
      const char* const k = f.key().raw();
      od::value& value = f.value();
      bool ok = true;
      if (json::key_is(k, "sourceIp")) ok = repeated(13, "requestContext.identity.sourceIp") || string_field(value, "requestContext.identity.sourceIp", ev.context.source_ip);
      else if (json::key_is(k, "userAgent")) ok = repeated(14, "requestContext.identity.userAgent") || string_field(value, "requestContext.identity.userAgent", ev.context.user_agent);
      else if (plain_key(f)) ok = auth_step("requestContext.identity", caller.identity_field(json::raw_key(f).text, value));
      else ok = false;
      if (!ok) return false;
    }
    return true;
  }

  /// `version` tells payload 1.0 from 2.0, but other sources use the key with other types
  /// (Cognito Sync sends the number 2): a value that is not a string names no payload version.
  void version_field(od::value& v) {
    std::optional<std::string_view> s;
    if (json::read_string(v, mem, s) == json::read_error::none) version = s.value_or(std::string_view{});
  }

  bool body_field(od::value& v) {
    field = "body";
    raw_string raw;
    switch (json::raw_string_value(v, raw)) {
      case json::string_kind::null: return true;
      case json::string_kind::other: message = "must be a string"; return false;
      case json::string_kind::string: ev.body = raw; ev.has_body = true; return true;
    }
    return false;
  }

  bool base64_flag(od::value& v) {
    field = "isBase64Encoded";
    if (is_null(v)) return true;
    bool b = false;
    if (v.get_bool().get(b) != simdjson::SUCCESS) {
      message = "must be true or false";
      return false;
    }
    ev.body_is_base64 = b;
    return true;
  }

  decode_status top_level(od::object& root) {
    for (auto result : root) {
      if (result.error() != simdjson::SUCCESS) return not_json();
      od::field& f = json::in_place(result);
      const char* const k = f.key().raw();
      od::value v = f.value();
      bool ok = true;
      const auto add_to = [](arena_vector<header_entry>& list) {
        return [&list](std::string_view name, std::string_view value) { list.push_back({name, value}); };
      };
      const auto add_query_to = [](arena_vector<query_entry>& list) {
        return [&list](std::string_view key, std::string_view value) { list.push_back({key, value, false}); };
      };
      if (read_once(k, "version", 0, ok)) version_field(v);
      else if (read_once(k, "routeKey", 1, ok)) ok = ok && string_field(v, "routeKey", ev.route_key);
      else if (read_once(k, "resource", 2, ok)) ok = ok && string_field(v, "resource", ev.route_key);
      else if (read_once(k, "rawPath", 3, ok)) { ok = ok && string_field(v, "rawPath", raw_path); has_raw_path = true; }
      else if (read_once(k, "path", 4, ok)) { ok = ok && string_field(v, "path", ev.path); has_path = true; }
      else if (read_once(k, "httpMethod", 5, ok)) { ok = ok && string_field(v, "httpMethod", ev.method_text); has_http_method = true; }
      else if (read_once(k, "rawQueryString", 6, ok)) { ok = ok && string_field(v, "rawQueryString", ev.raw_query); ev.has_raw_query = true; }
      else if (read_once(k, "headers", 7, ok)) ok = ok && string_map(v, "headers", false, add_to(single_headers));
      else if (read_once(k, "multiValueHeaders", 8, ok)) { multi_maps_sent |= ok && !is_null(v); ok = ok && string_map(v, "multiValueHeaders", true, add_to(multi_headers)); }
      else if (read_once(k, "queryStringParameters", 9, ok)) ok = ok && string_map(v, "queryStringParameters", false, add_query_to(single_query));
      else if (read_once(k, "multiValueQueryStringParameters", 10, ok)) { multi_maps_sent |= ok && !is_null(v); ok = ok && string_map(v, "multiValueQueryStringParameters", true, add_query_to(multi_query)); }
      else if (read_once(k, "cookies", 11, ok)) ok = ok && each_string(v, "cookies", [this](std::string_view c) { ev.cookies.push_back(c); });
      else if (read_once(k, "body", 12, ok)) ok = ok && body_field(v);
      else if (read_once(k, "isBase64Encoded", 13, ok)) ok = ok && base64_flag(v);
      else if (read_once(k, "requestContext", 14, ok)) ok = ok && read_request_context(v);
      else if (json::key_is(k, "methodArn") || json::key_is(k, "routeArn")) is_authorizer = true;
      else if (json::key_is(k, "actionGroup") || json::key_is(k, "apiPath")) is_bedrock_agent = true;
      else ok = unknown_key(f);
      if (!ok) {
        if (broken) return not_json();
        // only an HTTP event must have these types: decide once the shape is known
        if (deferred_field.empty()) {
          deferred_field = field;
          deferred_message = message;
        }
      }
    }
    return decode_status::ok;
  }

  /// After classification: an HTTP event with a mistyped field is invalid.
  decode_status deferred_error() {
    if (deferred_field.empty()) return decode_status::ok;
    field = deferred_field;
    message = deferred_message;
    return field_error();
  }

  /// A key the decoder does not read: kept (a few) for "not an HTTP event" messages. AWS never
  /// escapes its own keys; one that is escaped could name a field two readers see differently.
  bool unknown_key(od::field& f) {
    if (!plain_key(f)) return false;
    if (seen_keys.size() < 6) seen_keys.push_back(json::raw_key(f).text);
    return true;
  }

  /// Whether the key `raw` is `literal`, the decoder's key number `bit`. A second copy is
  /// refused (`ok` false): a reader that keeps the first copy, as DOM parsers do, would see
  /// another request than this one pass, which keeps the last (found by tests/fuzz).
  template <std::size_t N>
  bool read_once(const char* raw, const char (&literal)[N], unsigned bit, bool& ok) {
    if (!json::key_is(raw, literal)) return false;
    if (keys_read & (1u << bit)) {
      field = {literal, N - 1};
      message = twice_message;
      ok = false;
    }
    keys_read |= 1u << bit;
    return true;
  }
  /// Whether the key of `requestContext` or of its objects that is bit `bit` of `context_read`
  /// was read before. A second copy is not read, and is refused once the event is known to be
  /// an HTTP event (as a mistyped field is), so that the keys after it are still read and the
  /// message names the repeated one (`name`, the field's full name). The source IP and user
  /// agent, which payload 1.0 sends in `identity` and 2.0 in `http`, share a bit: an event with
  /// both has two readings too.
  SLUICE_ALWAYS_INLINE bool repeated(unsigned bit, std::string_view name) {
    const std::uint32_t mask = 1u << bit;
    if ((context_read & mask) == 0) {
      context_read |= mask;
      return false;
    }
    if (deferred_field.empty()) {
      deferred_field = name;
      deferred_message = twice_message;
    }
    return true;
  }
  static constexpr std::string_view twice_message = "is sent twice; an HTTP event from AWS has each field once";

  /// A field whose datum another field (`other_bit`, read already) also carries: payload 1.0
  /// and 2.0 put the protocol and the request time in different places, and an event that
  /// holds both could be read two ways.
  SLUICE_ALWAYS_INLINE bool sent_with(unsigned other_bit, std::string_view name, std::string_view problem) {
    if ((context_read & (1u << other_bit)) == 0) return false;
    if (deferred_field.empty()) {
      deferred_field = name;
      deferred_message = problem;
    }
    return true;
  }
  static constexpr std::string_view protocol_twice =
      "is sent with the other payload's protocol field (requestContext.protocol and requestContext.http.protocol); "
      "an HTTP event from AWS has one of them";
  static constexpr std::string_view epoch_twice =
      "is sent with the other payload's request time (requestContext.requestTimeEpoch and requestContext.timeEpoch); "
      "an HTTP event from AWS has one of them";

  /// A key the decoder skips must not be an escaped spelling of one it reads.
  bool plain_key(od::field& f) {
    const char* p = f.key().raw();
    while (*p != '"' && *p != '\\') ++p;  // a backslash, if any, comes before the closing quote
    if (*p == '"') return true;
    field = json::raw_key(f).text;
    message = "is a key written with escapes; an HTTP event from AWS has none";
    return false;
  }

  decode_status not_json() {
    message = "the event is not valid JSON";
    return decode_status::not_json;
  }

  decode_status classify() {
    if (is_websocket) return not_http("an API Gateway WebSocket event (requestContext.eventType)");
    if (is_authorizer) return not_http("an API Gateway Lambda authorizer request (methodArn or routeArn)");
    if (is_lattice) return not_http("a VPC Lattice event (requestContext.serviceNetworkArn), which sluice does not read");
    if (is_bedrock_agent) return not_http("an Amazon Bedrock agent action group event (actionGroup, apiPath)");
    if (is_alb) {
      ev.source = http_source::alb;
    } else if (version == "2.0" && has_raw_path) {
      ev.source = ev.context.domain_name.find(".lambda-url.") != std::string_view::npos ? http_source::function_url
                                                                                      : http_source::http_api_v2;
    } else if (version == "2.0") {
      // a 2.0 event in 1.0's shape (httpMethod and path, no rawPath) has two readings: refused
      return invalid("'rawPath' is missing");
    } else if (has_http_method && has_path) {
      ev.source = version == "1.0" ? http_source::http_api_v1 : http_source::rest_api;
    } else if (has_http_method) {
      return invalid("'path' is missing");
    } else if (has_raw_path) {
      // rawPath is 2.0's alone: named, rather than listing the keys the decoder did not read
      message = "payload 2.0 event: 'version' must be \"2.0\" in an event with rawPath";
      return decode_status::invalid_event;
    } else {
      return not_http({});
    }
    if (ev.source == http_source::http_api_v2 || ev.source == http_source::function_url) {
      if (rc_method.empty()) return invalid("'requestContext.http.method' is missing");
      ev.method_text = rc_method;
      ev.path = raw_path;  // whatever `path` the event holds too, and in whichever order
      // the route key's path part is the template; "$default" names none
      const std::size_t space = ev.route_key.find(' ');
      ev.route_key = space == std::string_view::npos ? std::string_view{} : ev.route_key.substr(space + 1);
    } else if (!has_http_method || ev.method_text.empty()) {
      return invalid("'httpMethod' is missing");
    }
    if (ev.source == http_source::alb || ev.source == http_source::function_url) ev.route_key = {};
    ev.verb = parse_method(ev.method_text);
    return decode_status::ok;
  }

  decode_status not_http(std::string_view what) {
    arena_string m(mem);
    m.append("expected an HTTP event (API Gateway REST or HTTP API, Function URL, ALB); got ");
    if (!what.empty()) {
      m.append(what);
    } else if (seen_keys.empty()) {
      m.append("an object without any of their fields");
    } else {
      m.append("an object with keys ");
      for (std::size_t i = 0; i < seen_keys.size(); ++i) {
        if (i != 0) m.append(", ");
        m.append(seen_keys[i]);
      }
    }
    message = m.view();
    return decode_status::not_http;
  }

  /// The `key=value` pairs `request` will find in a raw query: the non-empty parts between `&`.
  static std::size_t query_pairs(std::string_view q) noexcept {
    std::size_t n = 0;
    bool in_pair = false;
    for (const char c : q) {
      n += !in_pair && c != '&';
      in_pair = c != '&';
    }
    return n;
  }

  decode_status choose_maps() {
    const bool multi_headers_given = !multi_headers.empty();
    ev.headers = multi_headers_given ? multi_headers : single_headers;
    // an ALB target group with multi-value headers on sends both multi-value maps, even empty
    // ones, and never the single-value ones: the keys tell the mode, not their contents
    ev.alb_multi_value = is_alb && multi_maps_sent;
    ev.query = !multi_query.empty() ? multi_query : single_query;
    if (is_alb) {
      // ALB forwards the query as the client sent it: decode keys here, values on read
      for (auto& q : ev.query) {
        q.key = form_decode(q.key, mem);
        q.encoded = true;
      }
    }
    // both header maps count: the check for conflicting spellings below reads the single-value
    // one even when the multi-value one is chosen, in time quadratic in its size
    if (ev.headers.size() > limits.max_headers || single_headers.size() > limits.max_headers) {
      message = "the request has too many headers";
      return decode_status::too_many_headers;
    }
    if (ev.cookies.size() > limits.max_cookies) {
      message = "the request has too many cookies";
      return decode_status::too_many_headers;
    }
    // 2.0's rawQueryString is split only when a handler reads the query: count its pairs now
    if ((ev.has_raw_query ? query_pairs(ev.raw_query) : ev.query.size()) > limits.max_query_parameters) {
      message = "the request has too many query parameters";
      return decode_status::too_many_query_parameters;
    }
    {
      // one header under two spellings with two values: no reader may pick one silently
      for (std::size_t i = 0; i < single_headers.size(); ++i) {
        for (std::size_t j = i + 1; j < single_headers.size(); ++j) {
          const header_entry& a = single_headers[i];
          const header_entry& b = single_headers[j];
          if (iequals(a.name, b.name) && a.value != b.value) {
            arena_string m(mem);
            m.append("the header '");
            m.append(b.name);
            m.append("' is sent twice with different values");
            message = m.view();
            return decode_status::conflicting_header;
          }
        }
      }
    }
    return decode_status::ok;
  }
};
}  // namespace detail_http

/**
 * Decodes an HTTP event in `json` (padded) into `ev`. Every view points into the input or
 * into `mem`. The body stays escaped (`ev.body`) until a handler needs it. `ev` is normally
 * one that `request_access::reset` prepared; a default-constructed one is prepared here.
 */
[[nodiscard]] inline decode_result decode_http_event(simdjson::ondemand::parser& parser,
                                                     simdjson::padded_string_view json, detail::arena& mem,
                                                     detail::http_event& ev, const http_decode_limits& limits = {}) {
  namespace od = detail::json::od;
  if (!ev.headers.has_arena()) detail::request_access::reset_event(ev, mem);  // its lists need an arena
  detail_http::decoder d(mem, ev, limits);
  ev.event_json = std::string_view(json.data(), json.size());
  od::document doc;
  if (parser.iterate(json).get(doc) != simdjson::SUCCESS) return {decode_status::not_json, "the event is not valid JSON"};
  od::object root;
  if (doc.get_object().get(root) != simdjson::SUCCESS) {
    if (!detail::json::is_valid_json(ev.event_json)) return {decode_status::not_json, "the event is not valid JSON"};
    return {decode_status::not_http, "expected an HTTP event (a JSON object); got a JSON value that is not an object"};
  }
  decode_status s = d.top_level(root);
  if (s == decode_status::ok && detail::json::has_trailing_content(doc)) {
    return {decode_status::not_json, "the event has content after its JSON object"};
  }
  if (s == decode_status::ok) s = d.classify();
  if (s == decode_status::ok) s = d.deferred_error();
  if (s == decode_status::ok) d.caller.finish();
  if (s == decode_status::ok) s = d.choose_maps();
  return {s, d.message};
}

}  // namespace sluice::events
