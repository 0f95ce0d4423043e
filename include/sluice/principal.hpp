// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// Who made a request, as the gateway (or a local token check) established it: one typed view
// over every shape API Gateway delivers, with its string encodings undone.

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <system_error>

#include "sluice/detail/arena.hpp"
#include "sluice/detail/json_text.hpp"

namespace sluice {

/// Where a principal came from.
enum class principal_source : std::uint8_t {
  none,               // nobody authenticated the request
  jwt_authorizer,     // HTTP API JWT authorizer (`authorizer.jwt`)
  cognito_authorizer, // REST API Cognito user-pool authorizer (`authorizer.claims`)
  lambda_authorizer,  // a Lambda authorizer (REST: flat `authorizer`; HTTP API: `authorizer.lambda`)
  iam,                // SigV4: `authorizer.iam` (HTTP API, Function URL) or `identity.*` (REST)
  local_jwt,          // a bearer token sluice verified itself (see jwt.hpp)
};

[[nodiscard]] constexpr std::string_view describe(principal_source s) noexcept {
  switch (s) {
    case principal_source::none: return "none";
    case principal_source::jwt_authorizer: return "jwt-authorizer";
    case principal_source::cognito_authorizer: return "cognito-authorizer";
    case principal_source::lambda_authorizer: return "lambda-authorizer";
    case principal_source::iam: return "iam";
    case principal_source::local_jwt: return "local-jwt";
  }
  return "none";
}

/// The JSON type a value had in the event or token.
enum class json_kind : std::uint8_t { string, number, boolean, null, array, object };

namespace detail {
/// One named value of a claim set or authorizer context, as decoded: views into the event
/// (strings still JSON-escaped when `escaped`), arrays as their items.
struct auth_value {
  std::string_view name;
  std::string_view text;  // a string's text, a number's or boolean's literal, an object's JSON
  json_kind kind = json_kind::null;
  bool escaped = false;
  std::span<const std::string_view> items;  // an array's items (strings unescaped, others as text)
};

struct client_cert_data {
  std::string_view pem, subject_dn, issuer_dn, serial_number, not_before, not_after;
};

struct iam_data {
  std::string_view access_key, account_id, caller_id, user_arn, user_id, principal_org_id;
  std::string_view cognito_identity_id, cognito_identity_pool_id, cognito_authentication_type;
};

/// Everything an event says about its caller; filled by the decoder (or a local token check).
struct auth_data {
  principal_source source = principal_source::none;
  std::string_view principal_id;  // a Lambda authorizer's principalId
  arena_vector<auth_value> claims;   // JWT / Cognito claims
  arena_vector<auth_value> context;  // Lambda authorizer context
  arena_vector<std::string_view> scopes;
  bool has_scope_list = false;  // `jwt.scopes` was sent (may be empty)
  iam_data iam;
  bool has_iam = false;
  std::string_view api_key, api_key_id;
  client_cert_data client_cert;
  bool has_client_cert = false;
};

/// Calls `f(word)` for each space-separated word of `text`.
template <class F>
void for_each_word(std::string_view text, F&& f) {
  while (!text.empty()) {
    const std::size_t at = text.find(' ');
    if (at != 0) f(text.substr(0, at));
    if (at == std::string_view::npos) break;
    text.remove_prefix(at + 1);
  }
}
}  // namespace detail

/**
 * A claim or authorizer context value, whatever encoding it arrived in. API Gateway turns
 * numbers and booleans into strings ("123", "true") and arrays into "[a b]" on the way to
 * the integration; each accessor accepts both the JSON type and its string form. A token
 * sluice verified itself (`principal_source::local_jwt`) arrives as its issuer wrote it, so
 * there a string is one list item: `"[a b]"` is not split.
 *
 * **Example**: `if (auto n = p.claim("age")->as_int()) ...`
 */
class claim {
 public:
  /// `verbatim`: the value is the token's own JSON (a locally verified token), not API
  /// Gateway's string form of it.
  claim(const detail::auth_value& v, detail::arena& a, bool verbatim = false) noexcept
      : v_(&v), arena_(&a), verbatim_(verbatim) {}

  [[nodiscard]] json_kind kind() const noexcept { return v_->kind; }
  [[nodiscard]] std::string_view name() const noexcept { return v_->name; }

  /// The text: a string's value (escapes undone), or a number's or boolean's literal.
  [[nodiscard]] std::optional<std::string_view> as_string() const {
    switch (v_->kind) {
      case json_kind::string: return detail::unescape({v_->text, v_->escaped}, *arena_);
      case json_kind::number:
      case json_kind::boolean: return v_->text;
      default: return std::nullopt;
    }
  }
  /// An integer, from a JSON integer or a string that holds one.
  [[nodiscard]] std::optional<std::int64_t> as_int() const {
    const auto text = scalar_text();
    std::int64_t n = 0;
    if (!text || text->empty()) return std::nullopt;
    const auto r = std::from_chars(text->data(), text->data() + text->size(), n);
    if (r.ec != std::errc{} || r.ptr != text->data() + text->size()) return std::nullopt;
    return n;
  }
  /// `true` or `false`, from a JSON boolean or the strings "true" and "false".
  [[nodiscard]] std::optional<bool> as_bool() const {
    const auto text = scalar_text();
    if (text == "true") return true;
    if (text == "false") return false;
    return std::nullopt;
  }
  /// Calls `f(item)` for each item of a list claim: a JSON array, API Gateway's "[a b c]",
  /// or (with `comma_separated`, as REST Cognito sends `cognito:groups`) "a,b,c". A plain
  /// string is a list of one, and so is every string of a verbatim (locally verified) claim.
  template <class F>
  void for_each_item(F&& f, bool comma_separated = false) const {
    if (v_->kind == json_kind::array) {
      for (const std::string_view item : v_->items) f(item);
      return;
    }
    const auto text = as_string();
    if (!text) return;
    if (verbatim_) {  // the issuer's JSON: a list would have been an array
      f(*text);
      return;
    }
    std::string_view rest = *text;
    char separator = comma_separated ? ',' : '\0';
    if (rest.size() >= 2 && rest.front() == '[' && rest.back() == ']') {
      rest = rest.substr(1, rest.size() - 2);
      separator = ' ';
    }
    if (separator == '\0') {
      f(rest);
      return;
    }
    while (!rest.empty()) {
      const std::size_t at = rest.find(separator);
      std::string_view item = rest.substr(0, at);
      rest = at == std::string_view::npos ? std::string_view{} : rest.substr(at + 1);
      while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
      while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
      if (!item.empty()) f(item);
    }
  }
  /// Whether the list (see `for_each_item`) holds `item`.
  [[nodiscard]] bool contains(std::string_view item, bool comma_separated = false) const {
    bool found = false;
    for_each_item([&](std::string_view x) { found |= x == item; }, comma_separated);
    return found;
  }

 private:
  [[nodiscard]] std::optional<std::string_view> scalar_text() const {
    if (v_->kind == json_kind::array || v_->kind == json_kind::object || v_->kind == json_kind::null) {
      return std::nullopt;
    }
    return as_string();
  }

  const detail::auth_value* v_;
  detail::arena* arena_;
  bool verbatim_ = false;
};

/**
 * Who made the request. Read from whichever shape the event carries: HTTP API JWT, REST
 * Cognito and Lambda authorizers (both payload versions), IAM, API keys, mTLS client
 * certificates; or from a bearer token sluice verified itself.
 *
 * **Example**: `[](const sluice::principal& p) { return sluice::text(p.subject()); }`
 */
class principal {
 public:
  principal(const detail::auth_data& data, detail::arena& a) noexcept : d_(&data), arena_(&a) {}

  [[nodiscard]] bool authenticated() const noexcept { return d_->source != principal_source::none; }
  [[nodiscard]] principal_source source() const noexcept { return d_->source; }

  /// `sub` for tokens, the `principalId` of a Lambda authorizer, the user ARN for IAM.
  [[nodiscard]] std::string_view subject() const {
    if (const auto c = claim_named("sub")) {
      if (const auto s = c->as_string()) return *s;
    }
    if (!d_->principal_id.empty()) return d_->principal_id;
    if (const auto c = context_value("principalId")) {
      if (const auto s = c->as_string()) return *s;
    }
    return d_->iam.user_arn;
  }

  /// A claim of the token (JWT authorizer, Cognito authorizer, local token).
  [[nodiscard]] std::optional<sluice::claim> claim_named(std::string_view name) const {
    return find(d_->claims, name, d_->source == principal_source::local_jwt);
  }
  /// A value of a Lambda authorizer's context.
  [[nodiscard]] std::optional<sluice::claim> context_value(std::string_view name) const {
    return find(d_->context, name, false);
  }
  [[nodiscard]] std::span<const detail::auth_value> claims() const noexcept {
    return {d_->claims.begin(), d_->claims.size()};
  }
  [[nodiscard]] std::span<const detail::auth_value> context() const noexcept {
    return {d_->context.begin(), d_->context.size()};
  }

  /// Calls `f(scope)` for each OAuth scope: the JWT authorizer's `scopes`, else the token's
  /// `scope` (space-separated) or `scp` (array or space-separated) claim.
  template <class F>
  void for_each_scope(F&& f) const {
    if (d_->has_scope_list) {
      for (const std::string_view s : d_->scopes) f(s);
      return;
    }
    for (const std::string_view name : {std::string_view("scope"), std::string_view("scp")}) {
      if (const auto c = claim_named(name)) {
        if (c->kind() == json_kind::array) {
          c->for_each_item(f);
        } else if (const auto text = c->as_string()) {
          detail::for_each_word(*text, f);
        }
        return;
      }
    }
  }
  [[nodiscard]] bool has_scope(std::string_view scope) const {
    bool found = false;
    for_each_scope([&](std::string_view s) { found |= s == scope; });
    return found;
  }

  /// Calls `f(group)` for each group of `cognito:groups` (array; from API Gateway also "[a b]"
  /// or "a,b").
  template <class F>
  void for_each_group(F&& f) const {
    if (const auto c = claim_named("cognito:groups")) c->for_each_item(f, true);
  }
  [[nodiscard]] bool in_group(std::string_view group) const {
    bool found = false;
    for_each_group([&](std::string_view g) { found |= g == group; });
    return found;
  }

  /// The IAM caller, when the request was SigV4-signed; nullptr otherwise.
  [[nodiscard]] const detail::iam_data* iam() const noexcept { return d_->has_iam ? &d_->iam : nullptr; }
  /// The API key the request used (REST APIs), or empty.
  [[nodiscard]] std::string_view api_key() const noexcept { return d_->api_key; }
  /// The mTLS client certificate, when the API requires one; nullptr otherwise.
  [[nodiscard]] const detail::client_cert_data* client_cert() const noexcept {
    return d_->has_client_cert ? &d_->client_cert : nullptr;
  }

 private:
  [[nodiscard]] std::optional<sluice::claim> find(const detail::arena_vector<detail::auth_value>& list,
                                                  std::string_view name, bool verbatim) const {
    for (const auto& v : list) {
      if (v.name == name) return sluice::claim(v, *arena_, verbatim);
    }
    return std::nullopt;
  }

  const detail::auth_data* d_;
  detail::arena* arena_;
};

}  // namespace sluice
