// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// The unified HTTP request view over every HTTP-shaped source (DESIGN section 4).

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "sluice/detail/arena.hpp"
#include "sluice/detail/base64.hpp"
#include "sluice/detail/json_text.hpp"
#include "sluice/detail/text.hpp"
#include "sluice/method.hpp"
#include "sluice/principal.hpp"

namespace sluice {

struct invocation_context;  // sluice/invocation.hpp

/// Where an HTTP request came from. Each source has its own event and response shape.
enum class http_source : std::uint8_t {
  rest_api,      // API Gateway REST API, payload 1.0
  http_api_v1,   // API Gateway HTTP API, payload 1.0
  http_api_v2,   // API Gateway HTTP API, payload 2.0
  function_url,  // Lambda Function URL (payload 2.0 shape)
  alb,           // Application Load Balancer
};

[[nodiscard]] constexpr std::string_view describe(http_source s) noexcept {
  switch (s) {
    case http_source::rest_api: return "API Gateway REST API event (payload 1.0)";
    case http_source::http_api_v1: return "API Gateway HTTP API event (payload 1.0)";
    case http_source::http_api_v2: return "API Gateway HTTP API event (payload 2.0)";
    case http_source::function_url: return "Lambda Function URL event";
    case http_source::alb: return "Application Load Balancer event";
  }
  return "HTTP event";
}

/// Facts about the request that are not part of HTTP. Empty when the source has none
/// (an ALB event has no request id or stage).
struct request_context {
  std::string_view request_id;
  std::string_view stage;
  std::string_view source_ip;
  std::string_view user_agent;
  std::string_view domain_name;
  std::string_view api_id;
  std::string_view account_id;
  std::string_view protocol;
  /// `requestContext.path` (REST APIs): the path the client asked for, with the stage of an
  /// execute-api URL (`/prod/pets`, where `path` is `/pets`) or a custom domain's base path
  /// still in it. Empty for the other sources.
  std::string_view path;
  std::int64_t time_epoch_ms = 0;
};

/// Why a request body cannot be read. Each is an answer the app gives before the handler
/// runs: see `describe` and `status_of`.
enum class body_problem : std::uint8_t {
  none,
  not_a_json_string,     // the event's body is not a valid JSON string
  not_base64,            // marked base64 but is not
  unsupported_encoding,  // a Content-Encoding nothing here can decode
  corrupt_encoding,      // Content-Encoding: gzip, but not gzip data
  too_large,             // decoded, it would exceed the configured cap
};

[[nodiscard]] constexpr std::string_view describe(body_problem p) noexcept {
  switch (p) {
    case body_problem::none: return "the body is readable";
    case body_problem::not_a_json_string: return "the request body is not a valid JSON string";
    case body_problem::not_base64: return "the request body is marked base64 but is not base64";
    case body_problem::unsupported_encoding:
      return "the request body's Content-Encoding is not supported; send it unencoded (or gzip where the app "
             "accepts it)";
    case body_problem::corrupt_encoding: return "the request body is not valid data for its Content-Encoding";
    case body_problem::too_large: return "the request body is too large once decoded";
  }
  return "the request body cannot be read";
}

[[nodiscard]] constexpr int status_of(body_problem p) noexcept {
  switch (p) {
    case body_problem::none: return 200;
    case body_problem::unsupported_encoding: return 415;
    case body_problem::too_large: return 413;
    default: return 400;
  }
}

namespace detail {
/// Decodes a request body sent with a `Content-Encoding` (an app-level piece installs one:
/// `sluice::compression`). Gives the decoded bytes in `out` or says why not.
struct content_decoder {
  const void* state = nullptr;
  body_problem (*decode)(const void* state, std::string_view encoding, std::string_view bytes, arena& a,
                         std::string_view& out) = nullptr;
  explicit operator bool() const noexcept { return decode != nullptr; }
};

struct header_entry {
  std::string_view name;  // as sent (API Gateway lower-cases names for HTTP APIs)
  std::string_view value;
};
struct query_entry {
  std::string_view key;    // decoded
  std::string_view value;  // decoded unless `encoded`
  bool encoded = false;    // percent-encoded (ALB values, v2 raw query): decode on read
};
struct path_capture {
  std::string_view name;
  std::string_view value;  // decoded once
};

/// What an event decoder found: views into the event (or the arena, for escaped text).
struct http_event {
  http_source source = http_source::http_api_v2;
  std::string_view method_text;
  sluice::method verb = sluice::method::other;
  std::string_view path;          // rawPath (2.0), path (1.0, ALB), still JSON-unescaped
  std::string_view raw_query;     // rawQueryString (2.0)
  bool has_raw_query = false;
  std::string_view route_key;     // routeKey (2.0) or resource (1.0): the gateway's choice
  arena_vector<header_entry> headers;
  arena_vector<query_entry> query;  // 1.0 and ALB maps, or the 2.0 map without rawQueryString
  arena_vector<std::string_view> cookies;  // 2.0 `cookies`
  raw_string body;
  bool has_body = false;
  bool body_is_base64 = false;
  bool alb_multi_value = false;  // answer ALB in the mode it asked in
  request_context context;
  auth_data auth;  // what the event (or a local token check) says of the caller
  std::string_view event_json;
};

/// WHATWG-style form decoding: a malformed '%' escape stays as it is, never an error.
inline std::string_view form_decode(std::string_view text, arena& a) {
  if (text.find_first_of("%+") == std::string_view::npos) return text;
  char* out = a.allocate_chars(text.size());
  std::size_t n = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+') {
      out[n++] = ' ';
    } else if (c == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
      out[n++] = static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else {
      out[n++] = c;
    }
  }
  return {out, n};
}

struct request_access;
}  // namespace detail

/**
 * One HTTP request, whatever its source. Views stay valid for the invocation; text that must
 * be decoded (percent-escapes, base64) is decoded on first use into the invocation's arena.
 *
 * - Headers are case-insensitive. A name sent several times (1.0 `multiValueHeaders`, ALB
 *   multi-value mode) reads as one value joined with `,`, as HTTP API 2.0 delivers it.
 * - The query keeps every value in request order: 1.0 and ALB multi-value maps, or 2.0's
 *   `rawQueryString` (the only lossless source there; its comma-joined map is used only
 *   when `rawQueryString` is absent). Each source is decoded exactly once.
 *
 * **Example**: `if (auto ua = req.header("User-Agent")) log(*ua);`
 */
class request {
 public:
  [[nodiscard]] http_source source() const noexcept { return event_.source; }
  [[nodiscard]] sluice::method method() const noexcept { return event_.verb; }
  /// The method as sent, also when it is not one a route can name.
  [[nodiscard]] std::string_view method_name() const noexcept { return event_.method_text; }

  /// The path routes were matched against: as the source sent it, minus `path_prefix()`.
  [[nodiscard]] std::string_view path() const noexcept { return path_; }
  /// The path exactly as the source sent it.
  [[nodiscard]] std::string_view raw_path() const noexcept { return event_.path; }
  /// The stage or base path stripped from the front of the path, or empty.
  [[nodiscard]] std::string_view path_prefix() const noexcept { return prefix_; }
  /// The key of the route that matched: `GET /pets/{id}`, `$default`.
  [[nodiscard]] std::string_view route() const noexcept { return route_; }

  /// A path parameter of the matched route, decoded.
  [[nodiscard]] std::optional<std::string_view> path_param(std::string_view name) const noexcept {
    for (const auto& p : params_) {
      if (p.name == name) return p.value;
    }
    return std::nullopt;
  }
  [[nodiscard]] std::span<const detail::path_capture> path_params() const noexcept { return params_; }

  /// The first value of query parameter `name`, decoded.
  [[nodiscard]] std::optional<std::string_view> query(std::string_view name) const {
    std::optional<std::string_view> found;
    for_each_query(name, [&](std::string_view v) {
      if (!found) found = v;
    });
    return found;
  }
  /// How many times query parameter `name` was sent.
  [[nodiscard]] std::size_t query_count(std::string_view name) const {
    std::size_t n = 0;
    for (const auto& q : query_entries()) n += q.key == name;
    return n;
  }
  /// Calls `f(value)` for each value of `name`, decoded, in request order.
  template <class F>
  void for_each_query(std::string_view name, F&& f) const {
    for (const auto& q : query_entries()) {
      if (q.key == name) f(q.encoded ? detail::form_decode(q.value, *arena_) : q.value);
    }
  }
  /// Calls `f(key, value)` for every query pair, decoded, in request order.
  template <class F>
  void for_each_query_pair(F&& f) const {
    for (const auto& q : query_entries()) f(q.key, q.encoded ? detail::form_decode(q.value, *arena_) : q.value);
  }
  /// The query string as sent (2.0 `rawQueryString`), or empty.
  [[nodiscard]] std::string_view raw_query() const noexcept { return event_.raw_query; }

  /// The value of header `name` (any case); several values joined with `,`.
  [[nodiscard]] std::optional<std::string_view> header(std::string_view name) const {
    const detail::header_entry* it = event_.headers.begin();
    const detail::header_entry* const end = event_.headers.end();
    while (it != end && !detail::iequals(it->name, name)) ++it;
    if (it == end) return std::nullopt;
    const detail::header_entry* next = it + 1;
    while (next != end && !detail::iequals(next->name, name)) ++next;
    if (next == end) return it->value;  // the usual case: one line
    detail::arena_string joined(*arena_);
    joined.append(it->value);
    for (; next != end; ++next) {
      if (!detail::iequals(next->name, name)) continue;
      joined.push_back(',');
      joined.append(next->value);
    }
    return joined.view();
  }
  /// Calls `f(name, value)` for every header line, in event order.
  template <class F>
  void for_each_header(F&& f) const {
    for (const auto& h : event_.headers) f(h.name, h.value);
  }

  /// The value of cookie `name` (from 2.0 `cookies` or the `Cookie` header), as sent.
  [[nodiscard]] std::optional<std::string_view> cookie(std::string_view name) const {
    std::optional<std::string_view> found;
    const auto scan = [&](std::string_view list) {
      while (!list.empty() && !found) {
        const std::size_t semi = list.find(';');
        std::string_view pair = list.substr(0, semi);
        list = semi == std::string_view::npos ? std::string_view{} : list.substr(semi + 1);
        while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
        const std::size_t eq = pair.find('=');
        if (eq != std::string_view::npos && pair.substr(0, eq) == name) found = pair.substr(eq + 1);
      }
    };
    for (const auto c : event_.cookies) scan(c);
    for (const auto& h : event_.headers) {
      if (detail::iequals(h.name, "cookie")) scan(h.value);
    }
    return found;
  }

  /// The body as bytes: JSON escapes undone, base64 and any `Content-Encoding` decoded, on
  /// first use. Empty when it cannot be decoded (`body_error()` says why); the app answers
  /// such a request before a handler that reads the body runs.
  [[nodiscard]] std::string_view body() const {
    if (!body_ready_) decode_body();
    return body_;
  }
  /// Why the body cannot be read, or `body_problem::none`.
  [[nodiscard]] body_problem body_error() const {
    if (!body_ready_) decode_body();
    return body_problem_;
  }
  [[nodiscard]] bool has_body() const noexcept { return event_.has_body; }
  /// True when the source sent the body base64-encoded (binary content).
  [[nodiscard]] bool body_was_base64() const noexcept { return event_.body_is_base64; }

  [[nodiscard]] const request_context& context() const noexcept { return event_.context; }
  /// The Lambda invocation this request came in (request id, deadline, trace id: see
  /// sluice/invocation.hpp), or nullptr outside the Runtime API loop (`--invoke`, tests).
  [[nodiscard]] const invocation_context* invocation() const noexcept { return invocation_; }
  /// When the app started on this request (steady clock), and whether it is the first request
  /// this process serves. Recorded only by apps with after steps (where logs and metrics run);
  /// otherwise the epoch and false.
  [[nodiscard]] std::chrono::steady_clock::time_point received_at() const noexcept { return received_; }
  [[nodiscard]] bool cold_start() const noexcept { return cold_start_; }
  /// Who made the request (see `sluice::principal`); unauthenticated when nobody said.
  [[nodiscard]] sluice::principal caller() const noexcept { return {event_.auth, *arena_}; }
  /// The whole event JSON, for anything this view does not cover.
  [[nodiscard]] std::string_view event() const noexcept { return event_.event_json; }

 private:
  friend struct detail::request_access;

  [[nodiscard]] const detail::arena_vector<detail::query_entry>& query_entries() const {
    if (!query_ready_) {
      query_ready_ = true;
      if (event_.has_raw_query) parse_raw_query();
    }
    return event_.query;
  }

  void parse_raw_query() const {
    event_.query.clear();
    std::string_view rest = event_.raw_query;
    while (!rest.empty()) {
      const std::size_t amp = rest.find('&');
      const std::string_view pair = rest.substr(0, amp);
      rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
      if (pair.empty()) continue;
      const std::size_t eq = pair.find('=');
      const std::string_view key = pair.substr(0, eq);
      const std::string_view value = eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);
      event_.query.push_back({detail::form_decode(key, *arena_), value, true});
    }
  }

  void decode_body() const {
    body_ready_ = true;
    if (!event_.has_body) return;
    const std::optional<std::string_view> text = detail::unescape(event_.body, *arena_);
    if (!text) {
      body_problem_ = body_problem::not_a_json_string;
      return;
    }
    std::string_view bytes = *text;
    if (event_.body_is_base64) {
      const std::optional<std::string_view> decoded = detail::base64_decode(bytes, *arena_);
      if (!decoded) {
        body_problem_ = body_problem::not_base64;
        return;
      }
      bytes = *decoded;
    }
    if (const std::optional<std::string_view> coding = header("content-encoding");
        coding && !coding->empty() && !detail::iequals(*coding, "identity")) {
      std::string_view decoded;
      body_problem_ = content_decoder_ ? content_decoder_.decode(content_decoder_.state, *coding, bytes, *arena_, decoded)
                                       : body_problem::unsupported_encoding;
      if (body_problem_ != body_problem::none) return;
      bytes = decoded;
    }
    body_ = bytes;
  }

  mutable detail::http_event event_;
  detail::arena* arena_ = nullptr;
  std::string_view path_;
  std::string_view prefix_;
  std::string_view route_;
  std::span<const detail::path_capture> params_;
  mutable std::string_view body_;
  mutable bool body_ready_ = false;
  mutable body_problem body_problem_ = body_problem::none;
  mutable detail::content_decoder content_decoder_{};  // installed by an app step (lazy-body state)
  mutable bool query_ready_ = false;
  bool cold_start_ = false;
  std::chrono::steady_clock::time_point received_{};
  const invocation_context* invocation_ = nullptr;
};

namespace detail {
/// The decoder and the dispatcher fill a request; handlers only read it.
struct request_access {
  static http_event& event(request& r) noexcept { return r.event_; }
  static void reset_auth(auth_data& auth, arena& a) {
    auth = auth_data{};
    auth.claims = arena_vector<auth_value>(a, 8);
    auth.context = arena_vector<auth_value>(a, 4);
    auth.scopes = arena_vector<std::string_view>(a, 4);
  }
  /// An empty event whose lists grow in `a`.
  static void reset_event(http_event& ev, arena& a) {
    ev = http_event{};
    ev.headers = arena_vector<header_entry>(a, 32);
    ev.query = arena_vector<query_entry>(a, 8);
    ev.cookies = arena_vector<std::string_view>(a, 4);
    reset_auth(ev.auth, a);
  }
  static void reset(request& r, arena& a) {
    reset_event(r.event_, a);
    r.arena_ = &a;
    r.path_ = r.prefix_ = r.route_ = r.body_ = {};
    r.params_ = {};
    r.body_ready_ = false;
    r.body_problem_ = body_problem::none;
    r.content_decoder_ = {};
    r.query_ready_ = false;
    r.cold_start_ = false;
    r.received_ = {};
  }
  static void set_path(request& r, std::string_view prefix, std::string_view path) noexcept {
    r.prefix_ = prefix;
    r.path_ = path;
  }
  static void set_route(request& r, std::string_view key, std::span<const path_capture> params) noexcept {
    r.route_ = key;
    r.params_ = params;
  }
  /// Sets the body as already decoded bytes (tests, the local gateway).
  static void set_body(request& r, std::string_view body) noexcept {
    r.body_ = body;
    r.body_ready_ = true;
    r.body_problem_ = body_problem::none;
  }
  /// Installs the decoder of `Content-Encoding` bodies for this request (before the body is
  /// read). Part of the body's lazy state, so an app step may do it on a `const request&`.
  static void set_content_decoder(const request& r, content_decoder d) noexcept { r.content_decoder_ = d; }
  static void set_timing(request& r, std::chrono::steady_clock::time_point received, bool cold_start) noexcept {
    r.received_ = received;
    r.cold_start_ = cold_start;
  }
  static void set_invocation(request& r, const invocation_context* c) noexcept { r.invocation_ = c; }
};
}  // namespace detail

}  // namespace sluice
