// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// A route: a key in API Gateway syntax and a plain function object. The handler's
// parameter types say what it needs; they are checked against the route at compile time.

#include <cstddef>
#include <optional>
#include <tuple>
#include <type_traits>
#include <utility>

#include "sluice/detail/fixed_string.hpp"
#include "sluice/auth.hpp"
#include "sluice/detail/route_errors.hpp"
#include "sluice/params.hpp"
#include "sluice/request.hpp"
#include "sluice/response.hpp"

namespace sluice {

namespace detail {
template <class... T>
struct type_list {};

/// The parameter and result types of a handler with concrete parameter types.
template <class F>
struct handler_signature : handler_signature<decltype(&F::operator())> {};
template <class R, class... A>
struct handler_signature<R (*)(A...)> {
  using result = R;
  using args = type_list<A...>;
};
template <class R, class... A>
struct handler_signature<R (*)(A...) noexcept> : handler_signature<R (*)(A...)> {};
template <class R, class... A>
struct handler_signature<R(A...)> : handler_signature<R (*)(A...)> {};
template <class R, class... A>
struct handler_signature<R(A...) noexcept> : handler_signature<R (*)(A...)> {};
template <class C, class R, class... A>
struct handler_signature<R (C::*)(A...)> : handler_signature<R (*)(A...)> {};
template <class C, class R, class... A>
struct handler_signature<R (C::*)(A...) const> : handler_signature<R (*)(A...)> {};
template <class C, class R, class... A>
struct handler_signature<R (C::*)(A...) noexcept> : handler_signature<R (*)(A...)> {};
template <class C, class R, class... A>
struct handler_signature<R (C::*)(A...) const noexcept> : handler_signature<R (*)(A...)> {};

template <class F>
concept inspectable_handler = std::is_function_v<std::remove_pointer_t<F>> || requires { &F::operator(); };

template <class A>
using bare = std::remove_cvref_t<A>;

template <class A>
constexpr bool is_request_param = std::is_same_v<bare<A>, request>;

template <class A>
constexpr bool is_principal_param = std::is_same_v<bare<A>, principal>;

template <class A>
constexpr bool is_extractor_param = std::is_base_of_v<extractor_tag, bare<A>>;

template <class A>
constexpr bool needs_body_param() {
  if constexpr (is_request_param<A>) return true;  // it may read the body
  else if constexpr (is_extractor_param<A>) return bare<A>::needs_body;
  else return false;
}

/// Holds one argument while the others are extracted.
template <class A>
struct argument {
  std::optional<bare<A>> value;
  decltype(auto) get() { return std::move(*value); }
};
template <class A>
  requires is_request_param<A>
struct argument<A> {
  const request* value = nullptr;
  const request& get() const noexcept { return *value; }
};
template <class A>
  requires is_principal_param<A>
struct argument<A> {
  std::optional<principal> value;
  const principal& get() const noexcept { return *value; }
};

template <fixed_string Key, class A>
argument<A> extract_argument(const request& req, http_error& err) {
  argument<A> arg;
  if constexpr (is_request_param<A>) {
    arg.value = &req;
  } else if constexpr (is_principal_param<A>) {
    arg.value.emplace(req.caller());
  } else {
    if (err.status != 0) return arg;  // an earlier argument failed: stop at the first error
    bare<A> v{};
    if (bare<A>::template extract<Key>(req, v, err)) arg.value.emplace(std::move(v));
  }
  return arg;
}
}  // namespace detail

namespace errors {
// NOLINTBEGIN(readability-identifier-naming)
template <fixed_string Route>
struct handler_parameters_must_have_concrete_types {
  static_assert(detail::always_false<decltype(Route)>,
                "sluice::route: a handler's parameters must have concrete types; a generic lambda "
                "(auto parameters) cannot say what it needs");
};
template <fixed_string Route, class Parameter>
struct handler_parameter_is_not_an_extractor {
  static_assert(detail::always_false<Parameter>,
                "sluice::route: a handler parameter must be an extractor (sluice::path, query, "
                "query_list, header, cookie, json_body, raw_body) or const sluice::request&");
};
template <fixed_string Route, class Result>
struct handler_must_return_a_response {
  static_assert(detail::always_false<Result>,
                "sluice::route: a handler must return sluice::response (or a type convertible to it)");
};
template <fixed_string Route>
struct handler_asks_for_a_principal_on_a_public_route {
  static_assert(detail::always_false<decltype(Route)>,
                "sluice::route: the handler asks for the principal, but the route is public; declare "
                "its auth (sluice::auth::authenticated, any_scope, group, ...)");
};
template <fixed_string Route>
struct route_does_not_declare_its_auth {
  static_assert(detail::always_false<decltype(Route)>,
                "sluice::app: every route must declare its auth (sluice::every_route_declares_auth); "
                "add a policy such as sluice::auth::none or sluice::auth::authenticated");
};
template <fixed_string Route>
struct handler_reads_the_body_twice {
  static_assert(detail::always_false<decltype(Route)>,
                "sluice::route: a handler takes at most one body extractor (json_body or raw_body)");
};
// NOLINTEND(readability-identifier-naming)
}  // namespace errors

/**
 * A route: `Key` in API Gateway syntax, the handler that answers it, and its auth policy.
 * Made by `sluice::route<"GET /pets/{id}">(handler, policy)`.
 */
template <fixed_string Key, class Handler, class Policy = auth::unspecified>
struct route_definition {
  static constexpr auto key = Key;
  using policy_type = Policy;
  Handler handler;
  Policy policy;
};

namespace detail {
template <fixed_string Key, class A>
constexpr bool check_parameter() {
  if constexpr (is_request_param<A> || is_principal_param<A>) {
    return true;
  } else if constexpr (is_extractor_param<A>) {
    return bare<A>::template check<Key>();
  } else {
    (void)errors::handler_parameter_is_not_an_extractor<Key, bare<A>>{};
    return false;
  }
}

template <fixed_string Key, class R, class... A>
constexpr bool check_handler(type_list<A...>) {
  bool ok = (check_parameter<Key, A>() && ... && true);
  if constexpr (!std::is_convertible_v<R, response>) {
    (void)errors::handler_must_return_a_response<Key, R>{};
    ok = false;
  }
  constexpr std::size_t bodies = (std::size_t{0} + ... + std::size_t{is_extractor_param<A> && needs_body_param<A>()});
  if constexpr (bodies > 1) {
    (void)errors::handler_reads_the_body_twice<Key>{};
    ok = false;
  }
  return ok;
}

template <fixed_string Key, class Policy, class... A>
constexpr bool check_principal_use(type_list<A...>) {
  if constexpr ((is_principal_param<A> || ...) && Policy::public_route) {
    (void)errors::handler_asks_for_a_principal_on_a_public_route<Key>{};
    return false;
  }
  return true;
}

template <class... A>
constexpr bool handler_needs_body(type_list<A...>) {
  return (needs_body_param<A>() || ...);
}
}  // namespace detail

/**
 * Declares a route. The key uses API Gateway's syntax, so a table can be pasted from a SAM
 * template: `GET /pets/{id}`, `ANY /files/{key+}`, `$default`. The optional policy says who
 * may call it (see auth.hpp). Malformed keys, and handlers that ask for what the route
 * cannot give, do not compile.
 *
 * **Example**:
 * ```
 * sluice::route<"GET /pets/{id}">([](sluice::path<"id", std::uint64_t> id) {
 *   return sluice::json(sluice::json_writer{}.begin_object().field("id", *id).end_object());
 * })
 * ```
 */
template <fixed_string Key, class Handler, auth_policy Policy = auth::unspecified>
[[nodiscard]] constexpr auto route(Handler handler, Policy policy = {}) {
  constexpr bool key_ok = detail::check_route_key<Key>();
  if constexpr (key_ok) {
    if constexpr (!detail::inspectable_handler<Handler>) {
      (void)errors::handler_parameters_must_have_concrete_types<Key>{};
    } else {
      using signature = detail::handler_signature<Handler>;
      static_assert(detail::check_handler<Key, typename signature::result>(typename signature::args{}) &&
                        detail::check_principal_use<Key, Policy>(typename signature::args{}),
                    "sluice::route: the handler does not fit the route (see the error above)");
    }
  }
  return route_definition<Key, Handler, Policy>{std::move(handler), std::move(policy)};
}

namespace detail {
/// Extracts the handler's arguments (the first failure answers instead) and calls it.
template <fixed_string Key, class Handler, class... A>
response call_handler(Handler& handler, const request& req, type_list<A...>) {
  http_error err;
  // braced initialisation evaluates left to right: arguments are extracted in order
  std::tuple<argument<A>...> args{extract_argument<Key, A>(req, err)...};
  if (err.status != 0) return error(err.status, err.message);
  return std::apply([&](auto&... a) -> response { return handler(a.get()...); }, args);
}
}  // namespace detail

}  // namespace sluice
