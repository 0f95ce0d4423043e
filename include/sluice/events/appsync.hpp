// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// AWS AppSync: the direct Lambda resolver event (its arguments, source, stash and previous
// result kept as JSON text, bound to a described struct on request; the caller's identity in
// each of AppSync's shapes) and the Lambda authorizer request with its answer. A batched
// resolver invocation (a JSON array of events) is refused with a message that says so.

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "sluice/body.hpp"
#include "sluice/detail/event_reader.hpp"
#include "sluice/detail/text.hpp"
#include "sluice/events/common.hpp"
#include "sluice/fields.hpp"
#include "sluice/json_writer.hpp"

namespace sluice::events {

/// How the caller was authorized, told by the `identity` object's shape.
enum class appsync_auth : std::uint8_t {
  api_key,             // identity is null
  cognito_user_pools,  // sub, issuer (cognito-idp), username, claims, groups, defaultAuthStrategy
  iam,                 // accountId, userArn, the Cognito identity pool fields
  oidc,                // sub, issuer, claims
  lambda,              // resolverContext, from a Lambda authorizer
};

/**
 * The caller. Claims are name/value pairs: strings as text, other values as their JSON text
 * (`"auth_time"` is `1599154213`, `"email_verified"` `true`).
 */
struct appsync_identity {
  appsync_auth auth = appsync_auth::api_key;
  std::string_view sub;
  std::string_view issuer;
  std::string_view username;
  std::string_view default_auth_strategy;
  std::span<const named_text> claims;
  std::span<const std::string_view> groups;
  std::span<const std::string_view> source_ip;
  std::string_view account_id;
  std::string_view user_arn;
  std::string_view cognito_identity_pool_id;
  std::string_view cognito_identity_id;
  std::string_view cognito_identity_auth_type;
  std::string_view cognito_identity_auth_provider;
  std::string_view resolver_context_json = "{}";  // lambda

  [[nodiscard]] std::optional<std::string_view> claim(std::string_view name) const noexcept {
    for (const named_text& c : claims) {
      if (c.name == name) return c.value;
    }
    return std::nullopt;
  }
};

namespace detail_appsync {
namespace ej = detail::event_json;

/// An object (or null, read as `null_text`) kept as its JSON text.
inline bool object_text(ej::reader& r, ej::od::value& v, std::string_view name, std::string_view& out,
                        std::string_view null_text) {
  ej::od::json_type type{};
  if (v.type().get(type) != simdjson::SUCCESS) return r.not_json();
  if (type == ej::od::json_type::null) {
    out = null_text;
    return true;
  }
  if (type != ej::od::json_type::object) return r.fail(name, "must be an object");
  return r.raw_json(v, out);
}

/// Each member of an object: strings unescaped, other values as their JSON text (claims) or,
/// for `strings_only` (headers), refused.
inline bool json_map(ej::reader& r, ej::od::value& v, std::string_view name, std::span<const named_text>& out,
                     bool strings_only = false) {
  if (!out.empty()) return r.fail(name, "is sent twice");
  detail::arena_vector<named_text> list(r.mem(), 16);
  const bool ok = r.members(v, name, [&](ej::od::field& f, ej::od::value& value) {
    named_text entry;
    if (!r.key_text(f, entry.name)) return false;
    ej::od::json_type type{};
    if (value.type().get(type) != simdjson::SUCCESS) return r.not_json();
    if (type == ej::od::json_type::string || strings_only) {
      if (!r.text(value, entry.name, entry.value)) return false;
    } else if (!r.raw_json(value, entry.value)) {
      return false;
    }
    list.push_back(entry);
    return true;
  });
  out = {list.begin(), list.size()};
  return ok;
}

inline bool string_list(ej::reader& r, ej::od::value& v, std::string_view name, std::span<const std::string_view>& out) {
  if (!out.empty()) return r.fail(name, "is sent twice");
  detail::arena_vector<std::string_view> list(r.mem(), 4);
  const bool ok = r.strings(v, name, list);
  out = {list.begin(), list.size()};
  return ok;
}

/// Binds JSON text to a described struct; the messages name what was bound, not a body.
template <class T>
[[nodiscard]] sluice::events::decoded<T> bind(std::string_view json, std::string_view what, detail::arena& mem) {
  detail::arena_scope scope(mem);
  T out{};
  http_error err;
  if (detail::binding::bind(json, out, err)) return out;
  constexpr std::string_view body_field = "body field ";
  constexpr std::string_view the_body = "the body ";
  const std::string_view m = err.message;
  if (!m.starts_with(body_field) && !m.starts_with(the_body)) return sluice::events::decoded<T>::failure(m);
  detail::arena_string text(mem);
  text.append("AppSync ");
  text.append(what);
  text.append(m.starts_with(body_field) ? " field " : " ");
  text.append(m.substr(m.starts_with(body_field) ? body_field.size() : the_body.size()));
  return sluice::events::decoded<T>::failure(text.view());
}

/// "[" first: AppSync's batched invocation.
[[nodiscard]] inline bool is_array(std::string_view text) noexcept {
  const std::size_t at = text.find_first_not_of(" \t\r\n");
  return at != std::string_view::npos && text[at] == '[';
}

inline constexpr std::string_view batch_refused =
    "a batched invocation (a JSON array of resolver events) is not supported: set the resolver's maxBatchSize to 0";
}  // namespace detail_appsync

/**
 * A direct Lambda resolver invocation: the field being resolved (`info`; or, in the shape of
 * Amplify's `@function` resolvers, top-level `fieldName` and `typeName`/`parentTypeName`,
 * read when there is no `info`), its arguments, the
 * parent object (`source`), the caller, the request's headers, the pipeline's `stash` and
 * previous result (`prev`). The answer is the field's value as JSON text.
 *
 * **Example**:
 * ```
 * sluice::on<sluice::events::appsync_resolver_event>([](const sluice::events::appsync_resolver_event& e) -> std::string {
 *   auto args = e.arguments_as<get_order_args>();   // "AppSync arguments field 'id' is required"
 *   if (!args) throw std::invalid_argument(std::string(args.error()));
 *   return order_json(args->id);
 * });
 * ```
 */
struct appsync_resolver_event {
  std::string_view field_name;        // info.fieldName (Amplify: fieldName)
  std::string_view parent_type_name;  // info.parentTypeName: "Query", "Mutation", "Post", ... (Amplify: typeName)
  std::span<const std::string_view> selection_set_list;
  std::string_view selection_set_graphql;
  std::string_view variables_json = "{}";
  std::string_view arguments_json = "{}";
  std::string_view source_json = "null";  // the parent object; null for a root field
  std::string_view stash_json = "{}";
  std::string_view prev_json = "null";    // {"result": ...} in a pipeline
  appsync_identity identity;
  std::span<const named_text> headers;  // request.headers
  std::string_view domain_name;         // request.domainName (custom domains)
  detail::arena* mem = nullptr;

  /// A header's value, its name compared without case; nullopt when absent.
  [[nodiscard]] std::optional<std::string_view> header(std::string_view name) const noexcept {
    for (const named_text& h : headers) {
      if (detail::iequals(h.name, name)) return h.value;
    }
    return std::nullopt;
  }

  /// `arguments` bound strictly to a described struct, as a JSON body is.
  template <described T>
  [[nodiscard]] decoded<T> arguments_as() const {
    return detail_appsync::bind<T>(arguments_json, "arguments", *mem);
  }
  /// `source`, the parent object (null for a root field: a failure then).
  template <described T>
  [[nodiscard]] decoded<T> source_as() const {
    return detail_appsync::bind<T>(source_json, "source", *mem);
  }
  template <described T>
  [[nodiscard]] decoded<T> stash_as() const {
    return detail_appsync::bind<T>(stash_json, "stash", *mem);
  }
  /// `prev`, the previous pipeline step's `{"result": ...}`.
  template <described T>
  [[nodiscard]] decoded<T> prev_as() const {
    return detail_appsync::bind<T>(prev_json, "prev", *mem);
  }

  static constexpr source_kind kind = source_kind::appsync;
  static constexpr std::string_view expected = "an AppSync resolver event (arguments, info.fieldName or fieldName)";

  [[nodiscard]] static parse_result<appsync_resolver_event> parse(simdjson::padded_string_view json,
                                                                  detail::arena& mem,
                                                                  simdjson::ondemand::parser& parser =
                                                                      detail::event_json::event_parser()) {
    namespace ej = detail::event_json;
    ej::reader r(mem, "AppSync resolver event");
    const std::string_view text(json.data(), json.size());
    if (detail_appsync::is_array(text)) {
      if (!detail::json::is_valid_json(text)) r.not_json();
      else r.fail_whole(detail_appsync::batch_refused, event_problem::other_source);
      return r.error();
    }
    appsync_resolver_event e;
    e.mem = &mem;
    unsigned seen = 0;  // one bit per object below, which must come once
    detail::arena_vector<std::string_view> keys(mem, 6);
    r.defer_problems(true);  // until arguments and info (or fieldName) say this is a resolver event
    std::string_view top_field, top_type;  // Amplify's shape: no info, the names at the top
    const bool ok = ej::read_root(parser, json, r, [&](ej::od::field& f, ej::od::value& v) {
      if (keys.size() < 6) keys.push_back(detail::json::raw_key(f).text);
      if (ej::is(f, "arguments")) {
        return once(r, seen, 1, "arguments") && detail_appsync::object_text(r, v, "arguments", e.arguments_json, "{}");
      }
      if (ej::is(f, "source")) {
        return once(r, seen, 2, "source") && detail_appsync::object_text(r, v, "source", e.source_json, "null");
      }
      if (ej::is(f, "stash")) return once(r, seen, 4, "stash") && detail_appsync::object_text(r, v, "stash", e.stash_json, "{}");
      if (ej::is(f, "prev")) return once(r, seen, 8, "prev") && detail_appsync::object_text(r, v, "prev", e.prev_json, "null");
      if (ej::is(f, "info")) return once(r, seen, 16, "info") && read_info(r, v, e);
      if (ej::is(f, "fieldName")) return once(r, seen, 128, "fieldName") && r.text(v, "fieldName", top_field);
      if (ej::is(f, "typeName") || ej::is(f, "parentTypeName")) {
        return once(r, seen, 256, "typeName") && r.text(v, ej::is(f, "typeName") ? "typeName" : "parentTypeName", top_type);
      }
      if (ej::is(f, "identity")) return once(r, seen, 32, "identity") && read_identity(r, v, e);
      if (ej::is(f, "request")) {
        return once(r, seen, 64, "request") && r.members(v, "request", [&](ej::od::field& g, ej::od::value& item) {
          if (ej::is(g, "headers")) return detail_appsync::json_map(r, item, "headers", e.headers, true);
          if (ej::is(g, "domainName")) return r.text(item, "domainName", e.domain_name);
          return true;
        });
      }
      return true;
    });
    const bool has_info = (seen & 16U) != 0;
    const bool resolver = (seen & 1U) != 0 && (has_info || (seen & 128U) != 0);
    if (!ej::settle_source(r, ok, resolver, expected, keys)) return r.error();
    if (!has_info) {  // Amplify's shape; with info, info alone names the field
      e.field_name = top_field;
      e.parent_type_name = top_type;
    }
    if (e.field_name.empty()) {
      r.fail(has_info ? "info.fieldName" : "fieldName", "is missing: AppSync names the field it resolves");
      return r.error();
    }
    return e;
  }

 private:
  static bool once(detail::event_json::reader& r, unsigned& seen, unsigned bit, std::string_view name) {
    if ((seen & bit) != 0) return r.fail(name, "is sent twice");
    seen |= bit;
    return true;
  }

  static bool read_info(detail::event_json::reader& r, detail::event_json::od::value& v, appsync_resolver_event& e) {
    namespace ej = detail::event_json;
    return r.members(v, "info", [&](ej::od::field& f, ej::od::value& item) {
      if (ej::is(f, "fieldName")) return r.text(item, "fieldName", e.field_name);
      if (ej::is(f, "parentTypeName")) return r.text(item, "parentTypeName", e.parent_type_name);
      if (ej::is(f, "selectionSetList")) return detail_appsync::string_list(r, item, "selectionSetList", e.selection_set_list);
      if (ej::is(f, "selectionSetGraphQL")) return r.text(item, "selectionSetGraphQL", e.selection_set_graphql);
      if (ej::is(f, "variables")) return detail_appsync::object_text(r, item, "variables", e.variables_json, "{}");
      return true;
    });
  }

  static bool read_identity(detail::event_json::reader& r, detail::event_json::od::value& v, appsync_resolver_event& e) {
    namespace ej = detail::event_json;
    appsync_identity& id = e.identity;
    bool lambda = false;
    const bool ok = r.members(v, "identity", [&](ej::od::field& f, ej::od::value& item) {
      if (ej::is(f, "sub")) return r.text(item, "sub", id.sub);
      if (ej::is(f, "issuer")) return r.text(item, "issuer", id.issuer);
      if (ej::is(f, "username")) return r.text(item, "username", id.username);
      if (ej::is(f, "defaultAuthStrategy")) return r.text(item, "defaultAuthStrategy", id.default_auth_strategy);
      if (ej::is(f, "claims")) return detail_appsync::json_map(r, item, "claims", id.claims);
      if (ej::is(f, "groups")) return detail_appsync::string_list(r, item, "groups", id.groups);
      if (ej::is(f, "sourceIp")) return detail_appsync::string_list(r, item, "sourceIp", id.source_ip);
      if (ej::is(f, "accountId")) return r.text(item, "accountId", id.account_id);
      if (ej::is(f, "userArn")) return r.text(item, "userArn", id.user_arn);
      if (ej::is(f, "cognitoIdentityPoolId")) return r.text(item, "cognitoIdentityPoolId", id.cognito_identity_pool_id);
      if (ej::is(f, "cognitoIdentityId")) return r.text(item, "cognitoIdentityId", id.cognito_identity_id);
      if (ej::is(f, "cognitoIdentityAuthType")) return r.text(item, "cognitoIdentityAuthType", id.cognito_identity_auth_type);
      if (ej::is(f, "cognitoIdentityAuthProvider")) {
        return r.text(item, "cognitoIdentityAuthProvider", id.cognito_identity_auth_provider);
      }
      if (ej::is(f, "resolverContext")) {
        lambda = true;
        return detail_appsync::object_text(r, item, "resolverContext", id.resolver_context_json, "{}");
      }
      return true;
    });
    if (lambda) id.auth = appsync_auth::lambda;
    else if (!id.user_arn.empty() || !id.account_id.empty()) id.auth = appsync_auth::iam;
    else if (!id.default_auth_strategy.empty() || id.issuer.find("cognito-idp.") != std::string_view::npos) {
      id.auth = appsync_auth::cognito_user_pools;
    } else if (!id.sub.empty() || !id.issuer.empty()) id.auth = appsync_auth::oidc;
    return ok;
  }
};

/**
 * An AppSync Lambda authorizer request: the token the client sent, the operation, the
 * request's headers.
 *
 * **Example**: `return sluice::events::appsync_authorization(valid(r.authorization_token)).resolver_context("user", "u-7").ttl_override(300);`
 */
struct appsync_authorizer_request {
  std::string_view authorization_token;
  std::string_view api_id;  // requestContext
  std::string_view account_id;
  std::string_view request_id;
  std::string_view query_string;  // the GraphQL document
  std::string_view operation_name;
  std::string_view variables_json = "{}";
  std::span<const named_text> request_headers;

  [[nodiscard]] std::optional<std::string_view> header(std::string_view name) const noexcept {
    for (const named_text& h : request_headers) {
      if (detail::iequals(h.name, name)) return h.value;
    }
    return std::nullopt;
  }

  static constexpr source_kind kind = source_kind::appsync_authorizer;
  static constexpr std::string_view expected =
      "an AppSync authorizer request (authorizationToken, requestContext.apiId and queryString)";

  [[nodiscard]] static parse_result<appsync_authorizer_request> parse(simdjson::padded_string_view json,
                                                                      detail::arena& mem,
                                                                      simdjson::ondemand::parser& parser =
                                                                          detail::event_json::event_parser()) {
    namespace ej = detail::event_json;
    ej::reader r(mem, "AppSync authorizer request");
    appsync_authorizer_request a;
    bool has_token = false;
    bool has_query = false;
    detail::arena_vector<std::string_view> keys(mem, 6);
    r.defer_problems(true);
    const bool ok = ej::read_root(parser, json, r, [&](ej::od::field& f, ej::od::value& v) {
      if (keys.size() < 6) keys.push_back(detail::json::raw_key(f).text);
      if (ej::is(f, "authorizationToken")) {
        has_token = true;
        return r.text(v, "authorizationToken", a.authorization_token);
      }
      if (ej::is(f, "requestHeaders")) return detail_appsync::json_map(r, v, "requestHeaders", a.request_headers, true);
      if (ej::is(f, "requestContext")) {
        return r.members(v, "requestContext", [&](ej::od::field& g, ej::od::value& item) {
          if (ej::is(g, "apiId")) return r.text(item, "apiId", a.api_id);
          if (ej::is(g, "accountId")) return r.text(item, "accountId", a.account_id);
          if (ej::is(g, "requestId")) return r.text(item, "requestId", a.request_id);
          if (ej::is(g, "queryString")) {
            has_query = true;
            return r.text(item, "queryString", a.query_string);
          }
          if (ej::is(g, "operationName")) return r.text(item, "operationName", a.operation_name);
          if (ej::is(g, "variables")) return detail_appsync::object_text(r, item, "variables", a.variables_json, "{}");
          return true;
        });
      }
      return true;
    });
    const bool is_authorizer_request = has_token && has_query && !a.api_id.empty();
    if (!ej::settle_source(r, ok, is_authorizer_request, expected, keys)) return r.error();
    return a;
  }
};

/**
 * The authorizer's answer: `{"isAuthorized", "resolverContext", "deniedFields", "ttlOverride"}`.
 * `resolverContext` holds strings (AppSync shows it as `$ctx.identity.resolverContext`);
 * denied fields are `Type.field` names or field ARNs; `ttlOverride` is in seconds (0: no
 * caching). Values are copied into the arena.
 *
 * **Example**: `return sluice::events::appsync_authorization(true).resolver_context("tenant", "acme").denied_field("Mutation.deleteOrder");`
 */
class appsync_authorization {
 public:
  explicit appsync_authorization(bool authorized, detail::arena& mem = detail::current_arena())
      : mem_(&mem), authorized_(authorized), context_(mem, 4), denied_(mem, 2) {}

  appsync_authorization& resolver_context(std::string_view key, std::string_view value) {
    context_.push_back({mem_->copy(key), mem_->copy(value)});
    return *this;
  }
  appsync_authorization& denied_field(std::string_view field) {
    denied_.push_back(mem_->copy(field));
    return *this;
  }
  appsync_authorization& ttl_override(std::int64_t seconds) noexcept {
    ttl_ = seconds;
    return *this;
  }

  [[nodiscard]] std::string_view to_json(detail::arena& mem) const {
    json_writer w(mem);
    w.begin_object().field("isAuthorized", authorized_);
    if (!context_.empty()) {
      w.key("resolverContext").begin_object();
      for (const named_text& c : context_) w.field(c.name, c.value);
      w.end_object();
    }
    if (!denied_.empty()) {
      w.key("deniedFields").begin_array();
      for (const std::string_view d : denied_) w.value(d);
      w.end_array();
    }
    if (ttl_) w.field("ttlOverride", *ttl_);
    return w.end_object().view();
  }

 private:
  detail::arena* mem_;
  bool authorized_;
  detail::arena_vector<named_text> context_;
  detail::arena_vector<std::string_view> denied_;
  std::optional<std::int64_t> ttl_;
};

}  // namespace sluice::events
