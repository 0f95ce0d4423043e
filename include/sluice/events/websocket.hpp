// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// API Gateway WebSocket APIs: the event as a view, and routes by route key (`$connect`,
// `$disconnect`, `$default` and custom keys), checked at compile time like HTTP routes.

#include <charconv>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#if defined(__cpp_exceptions)
#include <exception>
#endif

#include "sluice/detail/event_reader.hpp"
#include "sluice/detail/fixed_string.hpp"
#include "sluice/detail/json_text.hpp"
#include "sluice/detail/text.hpp"
#include "sluice/events/common.hpp"

namespace sluice::events {

enum class websocket_event_type : std::uint8_t { connect, message, disconnect };

/**
 * A WebSocket event. `headers` and `query` come with `$connect` only; `body` with messages.
 *
 * **Example**: `if (e.event_type == sluice::events::websocket_event_type::connect) remember(e.connection_id);`
 */
struct websocket_event {
  std::string_view route_key;
  websocket_event_type event_type = websocket_event_type::message;
  std::string_view connection_id;
  std::string_view message_id;
  std::string_view domain_name;
  std::string_view stage;
  std::string_view api_id;
  std::string_view request_id;
  std::string_view source_ip;
  std::string_view user_agent;
  timestamp connected_at{};
  std::int64_t disconnect_status_code = 0;
  std::string_view disconnect_reason;
  std::span<const named_text> headers;
  std::span<const named_text> query;
  detail::raw_string body_text;
  bool body_is_base64 = false;
  detail::arena* mem = nullptr;

  /// The message, JSON escapes undone and, for binary frames, base64 decoded.
  [[nodiscard]] decoded<std::string_view> body() const {
    if (!body_is_base64) return detail::event_json::unescaped(body_text, *mem, "WebSocket 'body' has an invalid escape sequence");
    return detail::event_json::base64_bytes(body_text, *mem, "WebSocket 'body' is marked base64 but is not base64");
  }
  /// A `$connect` header, its name compared without case.
  [[nodiscard]] std::optional<std::string_view> header(std::string_view name) const noexcept {
    for (const named_text& h : headers) {
      if (detail::iequals(h.name, name)) return h.value;
    }
    return std::nullopt;
  }
  /// A `$connect` query parameter (decoded by API Gateway).
  [[nodiscard]] std::optional<std::string_view> query_parameter(std::string_view name) const noexcept {
    for (const named_text& q : query) {
      if (q.name == name) return q.value;
    }
    return std::nullopt;
  }

  static constexpr source_kind kind = source_kind::websocket;
  static constexpr std::string_view expected =
      "an API Gateway WebSocket event (requestContext with eventType and connectionId)";

  [[nodiscard]] static parse_result<websocket_event> parse(simdjson::padded_string_view json, detail::arena& mem,
                                                           simdjson::ondemand::parser& parser =
                                                               detail::event_json::event_parser()) {
    namespace ej = detail::event_json;
    ej::reader r(mem, "WebSocket event");
    websocket_event e;
    e.mem = &mem;
    std::string_view type;
    detail::arena_vector<std::string_view> keys(mem, 6);
    detail::arena_vector<named_text> headers(mem, 16);
    detail::arena_vector<named_text> query(mem, 4);
    r.defer_problems(true);  // until requestContext says this is a WebSocket event
    const bool ok = ej::read_root(parser, json, r, [&](ej::od::field& f, ej::od::value& v) {
      if (keys.size() < 6) keys.push_back(detail::json::raw_key(f).text);
      if (ej::is(f, "requestContext")) return read_context(r, v, e, type);
      if (ej::is(f, "body")) return r.lazy_text(v, "body", e.body_text);
      if (ej::is(f, "isBase64Encoded")) return ej::reader::is_null(v) || r.boolean(v, "isBase64Encoded", e.body_is_base64);
      if (ej::is(f, "headers")) return string_map(r, v, "headers", headers);
      if (ej::is(f, "queryStringParameters")) return string_map(r, v, "queryStringParameters", query);
      return true;
    });
    const bool is_websocket =
        !e.connection_id.empty() && (type == "CONNECT" || type == "MESSAGE" || type == "DISCONNECT");
    if (!ej::settle_source(r, ok, is_websocket, expected, keys)) return r.error();
    e.event_type = type == "CONNECT" ? websocket_event_type::connect
                   : type == "DISCONNECT" ? websocket_event_type::disconnect
                                          : websocket_event_type::message;
    e.headers = {headers.begin(), headers.size()};
    e.query = {query.begin(), query.size()};
    return e;
  }

 private:
  static bool read_context(detail::event_json::reader& r, detail::event_json::od::value& v, websocket_event& e,
                           std::string_view& type) {
    namespace ej = detail::event_json;
    return r.members(v, "requestContext", [&](ej::od::field& f, ej::od::value& value) {
      if (ej::is(f, "routeKey")) return r.text(value, "routeKey", e.route_key);
      if (ej::is(f, "eventType")) return r.text(value, "eventType", type);
      if (ej::is(f, "connectionId")) return r.text(value, "connectionId", e.connection_id);
      if (ej::is(f, "messageId")) return r.text(value, "messageId", e.message_id);
      if (ej::is(f, "domainName")) return r.text(value, "domainName", e.domain_name);
      if (ej::is(f, "stage")) return r.text(value, "stage", e.stage);
      if (ej::is(f, "apiId")) return r.text(value, "apiId", e.api_id);
      if (ej::is(f, "requestId")) return r.text(value, "requestId", e.request_id);
      if (ej::is(f, "connectedAt")) return r.epoch_ms_number(value, "connectedAt", e.connected_at);
      if (ej::is(f, "disconnectStatusCode")) return r.integer(value, "disconnectStatusCode", e.disconnect_status_code);
      if (ej::is(f, "disconnectReason")) return r.text(value, "disconnectReason", e.disconnect_reason);
      if (ej::is(f, "identity")) {
        return r.members(value, "identity", [&](ej::od::field& g, ej::od::value& item) {
          if (ej::is(g, "sourceIp")) return r.text(item, "sourceIp", e.source_ip);
          if (ej::is(g, "userAgent")) return r.text(item, "userAgent", e.user_agent);
          return true;
        });
      }
      return true;
    });
  }

  static bool string_map(detail::event_json::reader& r, detail::event_json::od::value& v, std::string_view name,
                         detail::arena_vector<named_text>& out) {
    namespace ej = detail::event_json;
    return r.members(v, name, [&](ej::od::field& f, ej::od::value& value) {
      named_text entry;
      std::optional<std::string_view> text;
      if (!r.key_text(f, entry.name) || !r.optional_text(value, entry.name, text)) return false;
      if (text) out.push_back({entry.name, *text});
      return true;
    });
  }
};

/**
 * A WebSocket route's answer. For `$connect`, a status outside 2xx refuses the connection;
 * `subprotocol` answers the client's `Sec-WebSocket-Protocol`.
 */
struct websocket_response {
  int status = 200;
  std::string_view body;
  std::string_view subprotocol;

  [[nodiscard]] std::string_view to_json(detail::arena& mem) const {
    detail::arena_string out(mem);
    char digits[16];
    const auto end = std::to_chars(digits, digits + sizeof digits, status).ptr;
    out.append(R"({"statusCode":)");
    out.append(std::string_view(digits, static_cast<std::size_t>(end - digits)));
    if (!subprotocol.empty()) {
      out.append(R"(,"headers":{"Sec-WebSocket-Protocol":")");
      detail::escape_json(subprotocol, out);
      out.append(R"("})");
    }
    if (!body.empty()) {
      out.append(R"(,"body":")");
      detail::escape_json(body, out);
      out.push_back('"');
    }
    out.push_back('}');
    return out.view();
  }
};

}  // namespace sluice::events

namespace sluice {

namespace detail_websocket {
/// A route key: `$connect`, `$disconnect`, `$default`, or a custom key (the value of the
/// API's route selection expression), which may not start with `$`, be empty or hold controls.
constexpr bool valid_route_key(std::string_view key) {
  if (key.empty()) return false;
  if (key.front() == '$') return key == "$connect" || key == "$disconnect" || key == "$default";
  for (const char c : key) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return false;
  }
  return true;
}
}  // namespace detail_websocket

/// One WebSocket route, made by `sluice::websocket_route<"key">(f)`.
template <fixed_string Key, class F>
struct websocket_route_definition {
  static constexpr std::string_view key = Key.view();
  F fn;
};

/**
 * A WebSocket route. `f` takes `const events::websocket_event&` and returns void (200), an
 * `int` status, the body text, or an `events::websocket_response`.
 *
 * **Example**: `sluice::websocket_route<"sendMessage">([](const sluice::events::websocket_event& e) { ... })`
 */
template <fixed_string Key, class F>
[[nodiscard]] constexpr websocket_route_definition<Key, F> websocket_route(F f) {
  static_assert(detail_websocket::valid_route_key(Key.view()),
                "sluice::websocket_route: a route key is $connect, $disconnect, $default, or a non-empty custom "
                "key that does not start with '$'");
  return {std::move(f)};
}

/**
 * WebSocket routes by route key; an event whose key no route has goes to `$default`, else is
 * answered 404 (and logged). An exception from a route is answered 500 (and logged). Use it as
 * the handler of `sluice::on<sluice::events::websocket_event>(...)`.
 *
 * **Example**:
 * ```
 * sluice::on<sluice::events::websocket_event>(sluice::websocket_routes(
 *     sluice::websocket_route<"$connect">([](const auto& e) { return e.header("authorization") ? 200 : 401; }),
 *     sluice::websocket_route<"sendMessage">([](const auto& e) { broadcast(*e.body()); })))
 * ```
 */
template <class... Routes>
class websocket_routes {
  static constexpr bool keys_distinct() {
    constexpr std::string_view keys[] = {Routes::key..., {}};
    for (std::size_t i = 0; i < sizeof...(Routes); ++i) {
      for (std::size_t j = i + 1; j < sizeof...(Routes); ++j) {
        if (keys[i] == keys[j]) return false;
      }
    }
    return true;
  }
  static_assert(keys_distinct(), "sluice::websocket_routes: two routes have the same route key");

 public:
  explicit websocket_routes(Routes... routes) : routes_(std::move(routes)...) {}

  [[nodiscard]] events::websocket_response operator()(const events::websocket_event& e) const {
    std::optional<events::websocket_response> answer;
    const auto take = [&](const auto& route, std::string_view key) {
      if (route.key != key) return false;
      answer = call(route, e);
      return true;
    };
    std::apply([&](const auto&... r) { static_cast<void>((take(r, e.route_key) || ...)); }, routes_);
    if (!answer) std::apply([&](const auto&... r) { static_cast<void>((take(r, "$default") || ...)); }, routes_);
    if (answer) return *answer;
    std::fprintf(stderr, "sluice: no WebSocket route for '%.*s' and no $default route\n",
                 static_cast<int>(e.route_key.size()), e.route_key.data());
    return {404, "no route for this message", {}};
  }

 private:
  template <class R>
  static events::websocket_response call(const R& route, const events::websocket_event& e) {
#if defined(__cpp_exceptions)
    try {
#endif
      using result = std::invoke_result_t<const decltype(route.fn)&, const events::websocket_event&>;
      if constexpr (std::is_void_v<result>) {
        route.fn(e);
        return {};
      } else if constexpr (std::is_same_v<result, events::websocket_response>) {
        return route.fn(e);
      } else if constexpr (std::is_integral_v<result> && !std::is_same_v<result, bool>) {
        return {static_cast<int>(route.fn(e)), {}, {}};
      } else {
        static_assert(std::is_convertible_v<result, std::string_view>,
                      "sluice::websocket_route: f returns void, an int status, the body text or a websocket_response");
        const result text = route.fn(e);
        return {200, e.mem->copy(std::string_view(text)), {}};
      }
#if defined(__cpp_exceptions)
    } catch (const std::exception& ex) {
      std::fprintf(stderr, "sluice: WebSocket route %.*s failed: %s\n", static_cast<int>(route.key.size()),
                   route.key.data(), ex.what());
    } catch (...) {
      std::fprintf(stderr, "sluice: WebSocket route %.*s failed\n", static_cast<int>(route.key.size()), route.key.data());
    }
    return {500, "Internal Server Error", {}};
#endif
  }

  std::tuple<Routes...> routes_;
};

}  // namespace sluice
