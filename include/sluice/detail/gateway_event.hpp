// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// The local gateway's two translations, kept apart from any HTTP server library: an HTTP
// request into the API Gateway event Lambda would receive (payload 2.0, or the REST API's
// 1.0 shape), and the app's response JSON back into an HTTP status, headers and body.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sluice/detail/arena.hpp"
#include "sluice/detail/base64.hpp"
#include "sluice/detail/json.hpp"
#include "sluice/detail/text.hpp"
#include "sluice/json_writer.hpp"

namespace sluice::detail::gateway {

/// One header line as received or as to be sent.
struct header {
  std::string name;
  std::string value;
};

/// An HTTP request as the server received it. `target` is the request line's target, as
/// sent (`/path?query`, still percent-encoded).
struct incoming {
  std::string_view method;
  std::string_view target;
  std::string_view protocol;  // "HTTP/1.1"
  std::span<const header> headers;
  std::string_view body;
  std::string_view source_ip;
  std::string_view request_id;
  std::int64_t time_epoch_ms = 0;
};

/// How requests become events.
struct event_shape {
  bool payload_v1 = false;   // the REST API's payload 1.0 instead of HTTP API 2.0
  std::string stage;         // a named stage: its prefix must start every path; empty: $default
  std::string claims_json;   // a JSON object: the authorizer's claims; empty: no authorizer
};

/// An HTTP answer: from the app's response, or the gateway's own.
struct outgoing {
  int status = 200;
  std::vector<header> headers;
  std::string body;
};

[[nodiscard]] inline outgoing gateway_answer(int status, std::string_view message) {
  outgoing o{status, {{"Content-Type", "application/json"}}, {}};
  arena a(256);
  json_writer w(a);
  w.begin_object().field("message", message).end_object();
  o.body = w.view();
  return o;
}

/// Whether a request body of this Content-Type reaches the function as text (else base64).
/// An HTTP API (payload 2.0) sends text only for `text/*`, JSON, XML and JavaScript (and here
/// the `+json`/`+xml` types); a form post and a body without a `Content-Type` arrive base64,
/// as observed on AWS. The REST shape (1.0) is an API whose binary media types name the binary
/// types: form data and an untyped body stay text there.
[[nodiscard]] inline bool is_text_media_type(std::string_view content_type, bool http_api) noexcept {
  std::string type(content_type.substr(0, content_type.find(';')));
  for (char& c : type) c = ascii_lower(c);
  while (!type.empty() && type.back() == ' ') type.pop_back();
  if (type.empty() || type == "application/x-www-form-urlencoded") return !http_api;
  return type.starts_with("text/") || type == "application/json" || type == "application/xml" ||
         type == "application/javascript" || type.ends_with("+json") || type.ends_with("+xml");
}

/// `%XX` decoded once; nullopt for a malformed escape.
[[nodiscard]] inline std::optional<std::string> percent_decoded(std::string_view in, percent_mode mode) {
  std::string out(in.size(), '\0');
  const std::ptrdiff_t n = percent_decode(in, out.data(), mode);
  if (n < 0) return std::nullopt;
  out.resize(static_cast<std::size_t>(n));
  return out;
}

/// Values grouped by name, in order of first appearance (names compared as given).
using grouped = std::vector<std::pair<std::string, std::vector<std::string>>>;

inline void add_to(grouped& g, std::string name, std::string value) {
  const auto it = std::find_if(g.begin(), g.end(), [&](const auto& e) { return e.first == name; });
  if (it != g.end()) it->second.push_back(std::move(value));
  else g.push_back({std::move(name), {std::move(value)}});
}

[[nodiscard]] inline std::string joined(const std::vector<std::string>& values) {
  std::string out;
  for (const std::string& v : values) {
    if (!out.empty()) out += ',';
    out += v;
  }
  return out;
}

/**
 * Writes the event for `in` into `event`. Returns nullopt, or the gateway's own answer when
 * API Gateway would not have invoked the function: a path outside the stage (404), or a
 * malformed percent-escape in the path (400).
 */
[[nodiscard]] inline std::optional<outgoing> build_event(const incoming& in, const event_shape& shape,
                                                         std::string& event) {
  const std::size_t question = in.target.find('?');
  const std::string_view raw_path = in.target.substr(0, question);
  const std::string_view raw_query = question == std::string_view::npos ? std::string_view{} : in.target.substr(question + 1);
  const std::string stage_prefix = shape.stage.empty() ? std::string{} : "/" + shape.stage;
  if (!stage_prefix.empty() && !(raw_path.starts_with(stage_prefix) &&
                                 (raw_path.size() == stage_prefix.size() || raw_path[stage_prefix.size()] == '/'))) {
    return gateway_answer(404, "Not Found");
  }
  // HTTP APIs decode the path once before building the event; REST APIs pass it as sent
  const std::optional<std::string> decoded_path = percent_decoded(raw_path, percent_mode::path);
  if (!decoded_path) return gateway_answer(400, "Bad Request");

  grouped query;
  for (std::size_t start = 0; start <= raw_query.size() && !raw_query.empty();) {
    std::size_t end = raw_query.find('&', start);
    if (end == std::string_view::npos) end = raw_query.size();
    const std::string_view pair = raw_query.substr(start, end - start);
    if (!pair.empty()) {
      const std::size_t eq = pair.find('=');
      const std::string_view k = pair.substr(0, eq);
      const std::string_view v = eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);
      add_to(query, percent_decoded(k, percent_mode::form).value_or(std::string(k)),
             percent_decoded(v, percent_mode::form).value_or(std::string(v)));
    }
    start = end + 1;
  }

  grouped headers;
  std::vector<std::string> cookies;
  std::string user_agent;
  std::string content_type;
  std::string host;
  for (const header& h : in.headers) {
    std::string lower = h.name;
    for (char& c : lower) c = ascii_lower(c);
    if (lower == "user-agent") user_agent = h.value;
    if (lower == "content-type") content_type = h.value;
    if (lower == "host") host = h.value;
    if (!shape.payload_v1 && lower == "cookie") {  // 2.0: cookies[], never a cookie header
      std::string_view rest = h.value;
      while (!rest.empty()) {
        const std::size_t semi = rest.find(';');
        std::string_view one = rest.substr(0, semi);
        while (!one.empty() && one.front() == ' ') one.remove_prefix(1);
        while (!one.empty() && one.back() == ' ') one.remove_suffix(1);
        if (!one.empty()) cookies.emplace_back(one);
        rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
      }
      continue;
    }
    add_to(headers, shape.payload_v1 ? h.name : lower, h.value);
  }

  const bool text_body = is_valid_utf8(in.body) && in.body.find('\0') == std::string_view::npos &&
                         is_text_media_type(content_type, /*http_api=*/!shape.payload_v1);
  arena mem(16 * 1024 + in.body.size() * 2);
  std::string_view body = in.body;
  if (!text_body) {
    char* out = mem.allocate_chars(base64_encoded_size(in.body.size()) + 1);
    base64_encode(in.body, out);
    body = {out, base64_encoded_size(in.body.size())};
  }
  const std::string stage = shape.stage.empty() ? std::string("$default") : shape.stage;

  json_writer w(mem);
  w.begin_object();
  if (shape.payload_v1) {
    const std::string_view path = std::string_view(raw_path).substr(stage_prefix.size());
    const std::string_view resource_path = path.empty() ? std::string_view("/") : path;
    w.field("resource", "/{proxy+}").field("path", resource_path).field("httpMethod", in.method);
    w.key("headers").begin_object();
    for (const auto& [name, values] : headers) w.field(name, values.back());
    w.end_object().key("multiValueHeaders").begin_object();
    for (const auto& [name, values] : headers) w.field(name, values);
    w.end_object();
    if (query.empty()) {
      w.field("queryStringParameters", nullptr).field("multiValueQueryStringParameters", nullptr);
    } else {
      w.key("queryStringParameters").begin_object();
      for (const auto& [name, values] : query) w.field(name, values.back());
      w.end_object().key("multiValueQueryStringParameters").begin_object();
      for (const auto& [name, values] : query) w.field(name, values);
      w.end_object();
    }
    const std::string proxy = percent_decoded(resource_path.substr(1), percent_mode::path).value_or("");
    w.key("pathParameters").begin_object().field("proxy", proxy).end_object();
    w.field("stageVariables", nullptr);
    w.key("requestContext").begin_object();
    w.field("accountId", "local").field("apiId", "local").field("domainName", host);
    w.field("httpMethod", in.method).field("path", raw_path).field("protocol", in.protocol);
    w.field("requestId", in.request_id).field("requestTimeEpoch", in.time_epoch_ms);
    w.field("resourcePath", "/{proxy+}").field("stage", stage);
    w.key("identity").begin_object().field("sourceIp", in.source_ip).field("userAgent", user_agent).end_object();
    if (!shape.claims_json.empty()) w.key("authorizer").begin_object().key("claims").raw(shape.claims_json).end_object();
    w.end_object();
    if (in.body.empty()) w.field("body", nullptr);
    else w.field("body", body);
    w.field("isBase64Encoded", !text_body && !in.body.empty());
  } else {
    w.field("version", "2.0").field("routeKey", "$default").field("rawPath", *decoded_path);
    w.field("rawQueryString", raw_query);
    if (!cookies.empty()) w.field("cookies", cookies);
    w.key("headers").begin_object();
    for (const auto& [name, values] : headers) w.field(name, joined(values));
    w.end_object();
    if (!query.empty()) {
      w.key("queryStringParameters").begin_object();
      for (const auto& [name, values] : query) w.field(name, joined(values));
      w.end_object();
    }
    w.key("requestContext").begin_object();
    w.field("accountId", "local").field("apiId", "local");
    if (!shape.claims_json.empty()) {
      w.key("authorizer").begin_object().key("jwt").begin_object().key("claims").raw(shape.claims_json);
      w.end_object().end_object();
    }
    w.field("domainName", host).field("domainPrefix", host.substr(0, host.find('.')));
    w.key("http").begin_object().field("method", in.method).field("path", *decoded_path).field("protocol", in.protocol);
    w.field("sourceIp", in.source_ip).field("userAgent", user_agent).end_object();
    w.field("requestId", in.request_id).field("routeKey", "$default").field("stage", stage);
    w.field("timeEpoch", in.time_epoch_ms).end_object();
    if (!in.body.empty()) w.field("body", body);
    w.field("isBase64Encoded", !text_body && !in.body.empty());
  }
  w.end_object();
  event.assign(w.view());
  return std::nullopt;
}

namespace od = json::od;

/// Reads a JSON string (escapes undone) into `out`; false if it is not one.
inline bool read_text(od::value v, arena& mem, std::string& out) {
  std::optional<std::string_view> s;
  if (json::read_string(v, mem, s) != json::read_error::none || !s) return false;
  out.assign(*s);
  return true;
}

/**
 * Turns the app's response JSON (any of the shapes sluice writes for API Gateway) into HTTP:
 * `statusCode`; `headers`, `multiValueHeaders` (which wins for a name it has); `cookies` as
 * one `Set-Cookie` each; `body`, decoded when `isBase64Encoded`. Nullopt when the JSON is not
 * such a response (API Gateway then answers 502).
 */
[[nodiscard]] inline std::optional<outgoing> read_answer(std::string_view payload) {
  std::string padded(payload);
  padded.resize(payload.size() + json::padding, '\0');
  thread_local od::parser parser;
  od::document doc;
  if (parser.iterate(json::padded_view(padded.data(), payload.size(), padded.size())).get(doc) != simdjson::SUCCESS) {
    return std::nullopt;
  }
  od::object root;
  if (doc.get_object().get(root) != simdjson::SUCCESS) return std::nullopt;
  arena mem(4096 + payload.size());
  outgoing o;
  o.status = 0;
  grouped single;
  grouped multi;
  bool base64 = false;
  bool ok = true;
  for (auto result : root) {
    if (result.error() != simdjson::SUCCESS) return std::nullopt;
    od::field& f = json::in_place(result);
    std::string_view key;
    if (f.unescaped_key().get(key) != simdjson::SUCCESS) return std::nullopt;
    od::value v = f.value();
    if (key == "statusCode") {
      std::int64_t status = 0;
      ok = v.get_int64().get(status) == simdjson::SUCCESS && status >= 100 && status <= 599;
      o.status = static_cast<int>(status);
    } else if (key == "headers" || key == "multiValueHeaders") {
      const bool is_multi = key == "multiValueHeaders";
      od::object obj;
      if (v.get_object().get(obj) != simdjson::SUCCESS) continue;  // null
      for (auto hr : obj) {
        od::field h;
        std::string_view name;
        if (std::move(hr).get(h) != simdjson::SUCCESS || h.unescaped_key().get(name) != simdjson::SUCCESS) return std::nullopt;
        const std::string header_name(name);
        if (!is_multi) {
          std::string value;
          if (!read_text(h.value(), mem, value)) return std::nullopt;
          add_to(single, header_name, std::move(value));
          continue;
        }
        od::array values;
        if (h.value().get_array().get(values) != simdjson::SUCCESS) return std::nullopt;
        for (auto item : values) {
          std::string value;
          od::value iv;
          if (std::move(item).get(iv) != simdjson::SUCCESS || !read_text(iv, mem, value)) return std::nullopt;
          add_to(multi, header_name, std::move(value));
        }
      }
    } else if (key == "cookies") {
      od::array values;
      if (v.get_array().get(values) != simdjson::SUCCESS) continue;
      for (auto item : values) {
        std::string value;
        od::value iv;
        if (std::move(item).get(iv) != simdjson::SUCCESS || !read_text(iv, mem, value)) return std::nullopt;
        o.headers.push_back({"Set-Cookie", std::move(value)});
      }
    } else if (key == "body") {
      std::optional<std::string_view> s;
      ok = json::read_string(v, mem, s) == json::read_error::none;
      if (s) o.body.assign(*s);
    } else if (key == "isBase64Encoded") {
      ok = v.get_bool().get(base64) == simdjson::SUCCESS;
    }
    if (!ok) return std::nullopt;
  }
  if (o.status == 0) return std::nullopt;
  for (auto& [name, values] : multi) {
    for (std::string& value : values) o.headers.push_back({name, std::move(value)});
  }
  for (auto& [name, values] : single) {
    const std::string_view single_name = name;  // clang 14: a lambda cannot capture a structured binding
    const bool in_multi =
        std::any_of(multi.begin(), multi.end(), [&](const auto& m) { return iequals(m.first, single_name); });
    if (!in_multi) o.headers.push_back({name, std::move(values.back())});
  }
  if (base64) {
    const std::optional<std::string_view> bytes = base64_decode(o.body, mem);
    if (!bytes) return std::nullopt;
    o.body.assign(*bytes);
  }
  return o;
}

}  // namespace sluice::detail::gateway
