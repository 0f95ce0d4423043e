// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// API Gateway Lambda authorizers: the request (TOKEN; REQUEST as REST APIs and HTTP APIs
// send it, payload 1.0 and 2.0) as a view, and the two answers: an IAM policy (REST, HTTP API
// 1.0) and the simple response (HTTP API 2.0 with simple responses enabled).

#include <charconv>
#include <cmath>
#include <concepts>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "sluice/detail/event_reader.hpp"
#include "sluice/detail/json_text.hpp"
#include "sluice/detail/text.hpp"
#include "sluice/events/common.hpp"

namespace sluice::events {

enum class authorizer_type : std::uint8_t { token, request };

/**
 * An authorizer request. Which fields are set depends on the API: TOKEN (REST) has
 * `authorization_token` and `method_arn`; REQUEST (REST, HTTP API 1.0) has `method_arn`, the
 * request's `path`, `http_method`, headers and query; HTTP API 2.0 (`version` "2.0") has
 * `route_arn`, `route_key`, `raw_path`, `cookies` and an `identity_source` list.
 *
 * **Example**:
 * ```
 * auto token = req.header("authorization");
 * return valid(token) ? sluice::events::iam_policy("user-7").allow(req.arn()) : sluice::events::iam_policy("anonymous").deny(req.arn());
 * ```
 */
struct authorizer_request {
  authorizer_type type = authorizer_type::request;
  std::string_view version;  // empty (REST), "1.0" or "2.0" (HTTP APIs)
  std::string_view authorization_token;
  std::string_view method_arn;
  std::string_view route_arn;
  std::span<const std::string_view> identity_source;
  std::string_view route_key;
  std::string_view raw_path;
  std::string_view raw_query_string;
  std::string_view resource;
  std::string_view path;
  std::string_view http_method;  // REST/1.0 httpMethod, or 2.0 requestContext.http.method
  std::span<const named_text> headers;
  std::span<const named_text> query;
  std::span<const named_text> path_parameters;
  std::span<const named_text> stage_variables;
  std::span<const std::string_view> cookies;
  std::string_view account_id;  // requestContext
  std::string_view api_id;
  std::string_view stage;
  std::string_view request_id;
  std::string_view source_ip;
  std::string_view domain_name;

  /// The ARN a policy allows or denies: `methodArn` or, for HTTP API 2.0, `routeArn`.
  [[nodiscard]] std::string_view arn() const noexcept { return route_arn.empty() ? method_arn : route_arn; }

  /// A header's value, its name compared without case; nullopt when absent.
  [[nodiscard]] std::optional<std::string_view> header(std::string_view name) const noexcept {
    for (const named_text& h : headers) {
      if (detail::iequals(h.name, name)) return h.value;
    }
    return std::nullopt;
  }

  static constexpr source_kind kind = source_kind::authorizer;
  static constexpr std::string_view expected =
      "an API Gateway authorizer request (type TOKEN or REQUEST, with methodArn or routeArn)";

  [[nodiscard]] static parse_result<authorizer_request> parse(simdjson::padded_string_view json, detail::arena& mem,
                                                              simdjson::ondemand::parser& parser =
                                                                  detail::event_json::event_parser()) {
    namespace ej = detail::event_json;
    ej::reader r(mem, "authorizer request");
    authorizer_request a;
    std::string_view type;
    detail::arena_vector<std::string_view> keys(mem, 6);
    detail::arena_vector<std::string_view> sources(mem, 2);
    detail::arena_vector<std::string_view> cookies(mem, 2);
    detail::arena_vector<named_text> headers(mem, 16);
    detail::arena_vector<named_text> query(mem, 4);
    detail::arena_vector<named_text> path_parameters(mem, 2);
    detail::arena_vector<named_text> stage_variables(mem, 2);
    r.defer_problems(true);  // until type and the ARN say this is an authorizer request
    const bool ok = ej::read_root(parser, json, r, [&](ej::od::field& f, ej::od::value& v) {
      if (keys.size() < 6) keys.push_back(detail::json::raw_key(f).text);
      if (ej::is(f, "type")) return r.text(v, "type", type);
      if (ej::is(f, "version")) return r.text(v, "version", a.version);
      if (ej::is(f, "authorizationToken")) return r.text(v, "authorizationToken", a.authorization_token);
      if (ej::is(f, "methodArn")) return r.text(v, "methodArn", a.method_arn);
      if (ej::is(f, "routeArn")) return r.text(v, "routeArn", a.route_arn);
      if (ej::is(f, "identitySource")) return read_identity_source(r, v, sources);
      if (ej::is(f, "routeKey")) return r.text(v, "routeKey", a.route_key);
      if (ej::is(f, "rawPath")) return r.text(v, "rawPath", a.raw_path);
      if (ej::is(f, "rawQueryString")) return r.text(v, "rawQueryString", a.raw_query_string);
      if (ej::is(f, "resource")) return r.text(v, "resource", a.resource);
      if (ej::is(f, "path")) return r.text(v, "path", a.path);
      if (ej::is(f, "httpMethod")) return r.text(v, "httpMethod", a.http_method);
      if (ej::is(f, "cookies")) return r.strings(v, "cookies", cookies);
      if (ej::is(f, "headers")) return string_map(r, v, "headers", headers);
      if (ej::is(f, "queryStringParameters")) return string_map(r, v, "queryStringParameters", query);
      if (ej::is(f, "pathParameters")) return string_map(r, v, "pathParameters", path_parameters);
      if (ej::is(f, "stageVariables")) return string_map(r, v, "stageVariables", stage_variables);
      if (ej::is(f, "requestContext")) return request_context(r, v, a);
      return true;
    });
    const bool is_authorizer = (type == "TOKEN" || type == "REQUEST") && !a.arn().empty();
    if (!ej::settle_source(r, ok, is_authorizer, expected, keys)) return r.error();
    a.type = type == "TOKEN" ? authorizer_type::token : authorizer_type::request;
    a.identity_source = {sources.begin(), sources.size()};
    a.cookies = {cookies.begin(), cookies.size()};
    a.headers = {headers.begin(), headers.size()};
    a.query = {query.begin(), query.size()};
    a.path_parameters = {path_parameters.begin(), path_parameters.size()};
    a.stage_variables = {stage_variables.begin(), stage_variables.size()};
    return a;
  }

 private:
  /// 2.0 sends a list, HTTP API 1.0 one comma-joined string: both become a list.
  static bool read_identity_source(detail::event_json::reader& r, detail::event_json::od::value& v,
                              detail::arena_vector<std::string_view>& out) {
    namespace ej = detail::event_json;
    ej::od::json_type type{};
    if (v.type().get(type) != simdjson::SUCCESS) return r.not_json();
    if (type == ej::od::json_type::array) return r.strings(v, "identitySource", out);
    std::string_view one;
    if (!r.text(v, "identitySource", one)) return false;
    while (!one.empty()) {
      const std::size_t comma = one.find(',');
      out.push_back(one.substr(0, comma));
      one = comma == std::string_view::npos ? std::string_view{} : one.substr(comma + 1);
    }
    return true;
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

  static bool request_context(detail::event_json::reader& r, detail::event_json::od::value& v, authorizer_request& a) {
    namespace ej = detail::event_json;
    return r.members(v, "requestContext", [&](ej::od::field& f, ej::od::value& value) {
      if (ej::is(f, "accountId")) return r.text(value, "accountId", a.account_id);
      if (ej::is(f, "apiId")) return r.text(value, "apiId", a.api_id);
      if (ej::is(f, "stage")) return r.text(value, "stage", a.stage);
      if (ej::is(f, "requestId")) return r.text(value, "requestId", a.request_id);
      if (ej::is(f, "domainName")) return r.text(value, "domainName", a.domain_name);
      if (ej::is(f, "identity")) {
        return r.members(value, "identity", [&](ej::od::field& g, ej::od::value& item) {
          return ej::is(g, "sourceIp") ? r.text(item, "sourceIp", a.source_ip) : true;
        });
      }
      if (ej::is(f, "http")) {
        return r.members(value, "http", [&](ej::od::field& g, ej::od::value& item) {
          if (ej::is(g, "sourceIp")) return r.text(item, "sourceIp", a.source_ip);
          if (ej::is(g, "method")) return r.text(item, "method", a.http_method);
          return true;
        });
      }
      return true;
    });
  }
};

namespace detail_authorizer {
/// A context value: text, or a number or boolean written as JSON.
struct context_entry {
  std::string_view key;
  std::string_view json;  // the value as written, quotes included for text
};

inline std::string_view quoted(std::string_view text, detail::arena& mem) {
  detail::arena_string m(mem);
  m.push_back('"');
  detail::escape_json(text, m);
  m.push_back('"');
  return m.view();
}

template <class T>
std::string_view number_json(T v, detail::arena& mem) {
  if constexpr (std::floating_point<T>) {
    // JSON has no NaN or infinity: such a value travels as text
    if (!std::isfinite(v)) return quoted(std::isnan(v) ? "NaN" : (v > 0 ? "Infinity" : "-Infinity"), mem);
  }
  char* p = mem.allocate_chars(32);
  const auto r = std::to_chars(p, p + 32, v);
  return {p, static_cast<std::size_t>(r.ptr - p)};
}

/// Shared by both answers: the `context` object, whose values API Gateway allows only as
/// strings, numbers and booleans (and delivers to the integration as strings).
class context_builder {
 public:
  explicit context_builder(detail::arena& mem) : mem_(&mem), entries_(mem, 4) {}

  void add(std::string_view key, std::string_view text) { entries_.push_back({mem_->copy(key), quoted(text, *mem_)}); }
  void add_json(std::string_view key, std::string_view json) { entries_.push_back({mem_->copy(key), json}); }
  [[nodiscard]] detail::arena& mem() const noexcept { return *mem_; }

  void write(detail::arena_string& out) const {
    out.append(R"("context":{)");
    for (std::size_t i = 0; i < entries_.size(); ++i) {
      if (i != 0) out.push_back(',');
      out.push_back('"');
      detail::escape_json(entries_[i].key, out);
      out.append("\":");
      out.append(entries_[i].json);
    }
    out.push_back('}');
  }

 private:
  detail::arena* mem_;
  detail::arena_vector<context_entry> entries_;
};
}  // namespace detail_authorizer

/// Adds context values of the types API Gateway accepts; shared by both answers.
template <class Self>
class authorizer_context {
 public:
  /// A string value.
  Self& context(std::string_view key, std::string_view text) {
    self().context_.add(key, text);
    return self();
  }
  Self& context(std::string_view key, const char* text) { return context(key, std::string_view(text)); }
  /// A boolean value (a template, so that a string literal never converts to bool).
  template <class B>
    requires std::same_as<B, bool>
  Self& context(std::string_view key, B value) {
    self().context_.add_json(key, value ? "true" : "false");
    return self();
  }
  /// A number value.
  template <class N>
    requires(std::integral<N> || std::floating_point<N>) && (!std::same_as<N, bool>) && (!std::same_as<N, char>)
  Self& context(std::string_view key, N value) {
    self().context_.add_json(key, detail_authorizer::number_json(value, self().context_.mem()));
    return self();
  }

 private:
  Self& self() noexcept { return static_cast<Self&>(*this); }
};

/**
 * The IAM-policy answer (REST APIs, HTTP API payload 1.0): a principal, statements allowing or
 * denying `execute-api:Invoke` on ARNs, a context, an optional usage-plan API key.
 *
 * **Example**:
 * `return sluice::events::iam_policy("user-7").allow(req.arn()).context("tenant", "acme").context("admin", false);`
 */
class iam_policy : public authorizer_context<iam_policy> {
 public:
  explicit iam_policy(std::string_view principal_id, detail::arena& mem = detail::current_arena())
      : mem_(&mem), principal_(mem.copy(principal_id)), allowed_(mem, 2), denied_(mem, 2), context_(mem) {}

  iam_policy& allow(std::string_view resource_arn) {
    allowed_.push_back(mem_->copy(resource_arn));
    return *this;
  }
  iam_policy& deny(std::string_view resource_arn) {
    denied_.push_back(mem_->copy(resource_arn));
    return *this;
  }
  iam_policy& usage_identifier_key(std::string_view api_key) {
    usage_key_ = mem_->copy(api_key);
    return *this;
  }

  /// `{"principalId":..,"policyDocument":{"Version":"2012-10-17","Statement":[..]},"context":{..}}`
  [[nodiscard]] std::string_view to_json(detail::arena& mem) const {
    detail::arena_string out(mem);
    out.append(R"({"principalId":")");
    detail::escape_json(principal_, out);
    out.append(R"(","policyDocument":{"Version":"2012-10-17","Statement":[)");
    bool first = true;
    const auto statement = [&](std::string_view effect, const detail::arena_vector<std::string_view>& arns) {
      if (arns.empty()) return;
      if (!first) out.push_back(',');
      first = false;
      out.append(R"({"Action":"execute-api:Invoke","Effect":")");
      out.append(effect);
      out.append(R"(","Resource":[)");
      for (std::size_t i = 0; i < arns.size(); ++i) {
        if (i != 0) out.push_back(',');
        out.push_back('"');
        detail::escape_json(arns[i], out);
        out.push_back('"');
      }
      out.append("]}");
    };
    statement("Allow", allowed_);
    statement("Deny", denied_);
    out.append("]},");
    context_.write(out);
    if (!usage_key_.empty()) {
      out.append(R"(,"usageIdentifierKey":")");
      detail::escape_json(usage_key_, out);
      out.push_back('"');
    }
    out.push_back('}');
    return out.view();
  }

 private:
  friend class authorizer_context<iam_policy>;
  detail::arena* mem_;
  std::string_view principal_;
  detail::arena_vector<std::string_view> allowed_;
  detail::arena_vector<std::string_view> denied_;
  std::string_view usage_key_;
  detail_authorizer::context_builder context_;
};

/**
 * The simple answer (HTTP API payload 2.0 with `enableSimpleResponses`):
 * `{"isAuthorized": bool, "context": {...}}`.
 *
 * **Example**: `return sluice::events::simple_authorization(true).context("user", "u-7");`
 */
class simple_authorization : public authorizer_context<simple_authorization> {
 public:
  explicit simple_authorization(bool authorized, detail::arena& mem = detail::current_arena())
      : authorized_(authorized), context_(mem) {}

  [[nodiscard]] std::string_view to_json(detail::arena& mem) const {
    detail::arena_string out(mem);
    out.append(authorized_ ? R"({"isAuthorized":true,)" : R"({"isAuthorized":false,)");
    context_.write(out);
    out.push_back('}');
    return out.view();
  }

 private:
  friend class authorizer_context<simple_authorization>;
  bool authorized_;
  detail_authorizer::context_builder context_;
};

}  // namespace sluice::events
