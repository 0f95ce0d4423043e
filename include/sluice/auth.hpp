// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// Per-route auth policies: part of the route table, composable with && and ||, checked on the
// route that matched the canonical path, before the handler runs.

#include <array>
#include <concepts>
#include <cstddef>
#include <string_view>
#include <type_traits>
#include <utility>

#include "sluice/principal.hpp"
#include "sluice/request.hpp"

namespace sluice {

/// What a policy decided. Not `allow`: `401` (with `WWW-Authenticate: Bearer`) for
/// `unauthenticated`, `403` otherwise.
enum class auth_verdict : unsigned char {
  allow,
  unauthenticated,     // no (usable) credentials
  forbidden,           // authenticated, not allowed
  insufficient_scope,  // authenticated, lacking a scope the route requires (RFC 6750)
};

/// A policy: `check(principal, request)` gives a verdict. `public_route` is true only for
/// policies under which a route has no principal at all.
template <class P>
concept auth_policy = requires(const P& p, const principal& who, const request& req) {
  { p.check(who, req) } -> std::same_as<auth_verdict>;
  { P::public_route } -> std::convertible_to<bool>;
};

namespace detail {
[[nodiscard]] inline auth_verdict verdict_when(bool ok, const principal& p, auth_verdict otherwise) noexcept {
  if (!p.authenticated()) return auth_verdict::unauthenticated;
  return ok ? auth_verdict::allow : otherwise;
}

/// `*` in `pattern` matches any run of characters (ARN patterns).
[[nodiscard]] constexpr bool glob_match(std::string_view pattern, std::string_view text) noexcept {
  std::size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (p < pattern.size() && pattern[p] == text[t]) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}
}  // namespace detail

namespace auth {

/// No auth declared. Behaves as public, but an app built with `sluice::every_route_declares_auth`
/// refuses to compile with it.
struct unspecified {
  static constexpr bool public_route = true;
  [[nodiscard]] constexpr auth_verdict check(const principal&, const request&) const noexcept {
    return auth_verdict::allow;
  }
};

/// Anyone, authenticated or not. The handler cannot ask for a principal.
struct public_access {
  static constexpr bool public_route = true;
  [[nodiscard]] constexpr auth_verdict check(const principal&, const request&) const noexcept {
    return auth_verdict::allow;
  }
};
inline constexpr public_access none{};

/// Any authenticated principal.
struct authenticated_principal {
  static constexpr bool public_route = false;
  [[nodiscard]] auth_verdict check(const principal& p, const request&) const noexcept {
    return p.authenticated() ? auth_verdict::allow : auth_verdict::unauthenticated;
  }
};
inline constexpr authenticated_principal authenticated{};

/// OAuth scopes: at least one of them (`any_scope`) or all of them (`all_scopes`).
template <std::size_t N>
struct scope_policy {
  static constexpr bool public_route = false;
  std::array<std::string_view, N> scopes;
  bool all;
  [[nodiscard]] auth_verdict check(const principal& p, const request&) const {
    std::size_t present = 0;
    for (const std::string_view s : scopes) present += p.has_scope(s);
    return sluice::detail::verdict_when(all ? present == N : present != 0, p, auth_verdict::insufficient_scope);
  }
};
/** **Example**: `sluice::auth::any_scope("pets:write", "pets:admin")` */
template <class... S>
[[nodiscard]] constexpr scope_policy<sizeof...(S)> any_scope(S... s) noexcept {
  return {{std::string_view(s)...}, false};
}
/** **Example**: `sluice::auth::all_scopes("pets:read", "pets:write")` */
template <class... S>
[[nodiscard]] constexpr scope_policy<sizeof...(S)> all_scopes(S... s) noexcept {
  return {{std::string_view(s)...}, true};
}

/// A claim with a given value (claims sent as strings compare by their text).
struct claim_equals {
  static constexpr bool public_route = false;
  std::string_view name;
  std::string_view value;
  [[nodiscard]] auth_verdict check(const principal& p, const request&) const {
    const auto c = p.claim_named(name);
    const auto text = c ? c->as_string() : std::nullopt;
    return sluice::detail::verdict_when(text && *text == value, p, auth_verdict::forbidden);
  }
};

/// A list claim that holds `item`: a JSON array; from API Gateway also "[a b]" or "a,b" (see
/// `claim::for_each_item`; a locally verified token's string is one item).
struct claim_contains {
  static constexpr bool public_route = false;
  std::string_view name;
  std::string_view item;
  [[nodiscard]] auth_verdict check(const principal& p, const request&) const {
    const auto c = p.claim_named(name);
    return sluice::detail::verdict_when(c && c->contains(item, name == "cognito:groups"), p, auth_verdict::forbidden);
  }
};

/// Membership of a Cognito group (`cognito:groups`). **Example**: `sluice::auth::group("admin")`
[[nodiscard]] constexpr claim_contains group(std::string_view name) noexcept { return {"cognito:groups", name}; }

/// A Lambda authorizer context value (`authorizer.<key>` on REST, `authorizer.lambda.<key>`).
struct context_equals {
  static constexpr bool public_route = false;
  std::string_view name;
  std::string_view value;
  [[nodiscard]] auth_verdict check(const principal& p, const request&) const {
    const auto c = p.context_value(name);
    const auto text = c ? c->as_string() : std::nullopt;
    return sluice::detail::verdict_when(text && *text == value, p, auth_verdict::forbidden);
  }
};

/// An IAM (SigV4) caller of an account, and/or whose ARN matches a pattern with `*`.
/// **Example**: `sluice::auth::iam("123456789012", "arn:aws:iam::123456789012:role/ops-*")`
struct iam_principal {
  static constexpr bool public_route = false;
  std::string_view account;      // empty: any account
  std::string_view arn_pattern;  // empty: any ARN
  [[nodiscard]] auth_verdict check(const principal& p, const request&) const noexcept {
    const auto* who = p.iam();
    if (who == nullptr) return p.authenticated() ? auth_verdict::forbidden : auth_verdict::unauthenticated;
    const bool account_ok = account.empty() || who->account_id == account;
    const bool arn_ok = arn_pattern.empty() || sluice::detail::glob_match(arn_pattern, who->user_arn);
    return account_ok && arn_ok ? auth_verdict::allow : auth_verdict::forbidden;
  }
};
[[nodiscard]] constexpr iam_principal iam(std::string_view account = {}, std::string_view arn_pattern = {}) noexcept {
  return {account, arn_pattern};
}

/// An API key was sent (REST APIs with `apiKeyRequired`; API Gateway checked it).
struct api_key_present {
  static constexpr bool public_route = false;
  [[nodiscard]] auth_verdict check(const principal& p, const request&) const noexcept {
    return p.api_key().empty() ? auth_verdict::forbidden : auth_verdict::allow;
  }
};
inline constexpr api_key_present api_key{};

/// A bearer token verified by sluice itself (see jwt.hpp), whatever a gateway said: for
/// Function URLs, ALB and the local gateway, where nothing verified it.
struct locally_verified_token {
  static constexpr bool public_route = false;
  static constexpr bool needs_local_verification = true;
  [[nodiscard]] auth_verdict check(const principal& p, const request&) const noexcept {
    return p.source() == principal_source::local_jwt ? auth_verdict::allow : auth_verdict::unauthenticated;
  }
};
inline constexpr locally_verified_token local_token{};

/// Your own rule: `f(const principal&, const request&) -> bool`, for authenticated callers.
template <class F>
struct predicate_policy {
  static constexpr bool public_route = false;
  F f;
  [[nodiscard]] auth_verdict check(const principal& p, const request& req) const {
    return sluice::detail::verdict_when(p.authenticated() && static_cast<bool>(f(p, req)), p, auth_verdict::forbidden);
  }
};
/** **Example**: `sluice::auth::predicate([](const sluice::principal& p, const sluice::request&) { ... })` */
template <class F>
[[nodiscard]] constexpr predicate_policy<F> predicate(F f) {
  return {std::move(f)};
}

template <auth_policy A, auth_policy B>
struct all_of {
  static constexpr bool public_route = A::public_route && B::public_route;
  static constexpr bool needs_local_verification = requires { A::needs_local_verification; } ||
                                                   requires { B::needs_local_verification; };
  A a;
  B b;
  [[nodiscard]] auth_verdict check(const principal& p, const request& req) const {
    const auth_verdict first = a.check(p, req);
    return first != auth_verdict::allow ? first : b.check(p, req);
  }
};

template <auth_policy A, auth_policy B>
struct any_of {
  static constexpr bool public_route = A::public_route || B::public_route;
  static constexpr bool needs_local_verification = requires { A::needs_local_verification; } ||
                                                   requires { B::needs_local_verification; };
  A a;
  B b;
  [[nodiscard]] auth_verdict check(const principal& p, const request& req) const {
    const auth_verdict first = a.check(p, req);
    if (first == auth_verdict::allow) return first;
    const auth_verdict second = b.check(p, req);
    if (second == auth_verdict::allow) return second;
    // an authenticated caller who fails both is refused; one who is not, challenged
    return first == auth_verdict::unauthenticated ? second : first;
  }
};

/** Both policies. **Example**: `sluice::auth::authenticated && sluice::auth::group("admin")` */
template <auth_policy A, auth_policy B>
[[nodiscard]] constexpr all_of<A, B> operator&&(A a, B b) {
  return {std::move(a), std::move(b)};
}
/** Either policy. **Example**: `sluice::auth::group("admin") || sluice::auth::any_scope("pets:admin")` */
template <auth_policy A, auth_policy B>
[[nodiscard]] constexpr any_of<A, B> operator||(A a, B b) {
  return {std::move(a), std::move(b)};
}

}  // namespace auth

/// Whether a route under policy `P` verifies bearer tokens locally (see `auth::local_token`).
template <class P>
inline constexpr bool needs_local_verification = [] {
  if constexpr (requires { P::needs_local_verification; }) {
    return static_cast<bool>(P::needs_local_verification);
  } else {
    return false;
  }
}();

/// What checking a bearer token locally found.
enum class token_status : unsigned char {
  verified,   // the principal is filled in (source `local_jwt`)
  missing,    // no `Authorization: Bearer` credential
  malformed,  // not one well-formed bearer credential (RFC 6750 `invalid_request`)
  invalid,    // a token that does not verify (`invalid_token`)
  unavailable,  // the server cannot verify tokens (OpenSSL missing): a `500`, the reason logged
};

struct token_outcome {
  token_status status = token_status::missing;
  std::string_view reason;  // for `error_description`: plain text without quotes (for
                            // `unavailable`: the operator's log line, never sent)
};

/**
 * A local verifier of bearer tokens: a function and its state, set in `sluice::options`. Made
 * by `sluice::jwt_verifier::bearer()` (jwt.hpp), which keeps OpenSSL out of apps that do not
 * verify tokens themselves.
 */
struct bearer_verifier {
  const void* state = nullptr;
  token_outcome (*verify)(const void* state, std::string_view token, detail::auth_data& out, detail::arena& a) =
      nullptr;
  explicit operator bool() const noexcept { return verify != nullptr; }
};

/// Tag for an app in which every route must declare its auth: `sluice::app{sluice::every_route_declares_auth, ...}`.
struct every_route_declares_auth_t {};
inline constexpr every_route_declares_auth_t every_route_declares_auth{};

}  // namespace sluice
