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

#include "sluice/auth.hpp"
#include "sluice/detail/arguments.hpp"
#include "sluice/detail/fixed_string.hpp"
#include "sluice/detail/route_errors.hpp"
#include "sluice/detail/signature.hpp"
#include "sluice/middleware.hpp"
#include "sluice/params.hpp"
#include "sluice/request.hpp"
#include "sluice/response.hpp"
#include "sluice/result.hpp"

namespace sluice {

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
                "query_list, header, cookie, json_body, raw_body), const sluice::request&, "
                "sluice::principal or sluice::provided<T>");
};
template <fixed_string Route, class Result>
struct handler_must_return_a_response {
  static_assert(detail::always_false<Result>,
                "sluice::route: a handler must return sluice::response (or a type convertible to it) or "
                "sluice::result<E>");
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
template <fixed_string Route>
struct route_declares_two_policies {
  static_assert(detail::always_false<decltype(Route)>,
                "sluice::route: a route has one auth policy; combine policies with && and ||");
};
template <fixed_string Route, class Extra>
struct route_extra_is_not_understood {
  static_assert(detail::always_false<Extra>,
                "sluice::route: after the handler come the route's auth policy (sluice::auth::...) and its "
                "steps (sluice::before(f), sluice::after(f), or pieces made of them)");
};
// NOLINTEND(readability-identifier-naming)
}  // namespace errors

/**
 * A route: `Key` in API Gateway syntax, the handler that answers it, its auth policy and its
 * steps. Made by `sluice::route<"GET /pets/{id}">(handler, policy, steps...)`.
 */
template <fixed_string Key, class Handler, class Policy = auth::unspecified, class Steps = steps<>>
struct route_definition {
  static constexpr auto key = Key;
  using policy_type = Policy;
  using steps_type = Steps;
  Handler handler;
  Policy policy;
  Steps steps;
};

namespace detail {
template <fixed_string Key, class A>
constexpr bool check_parameter() {
  if constexpr (is_request_param<A> || is_principal_param<A> || is_provided_param<A>) {
    return true;  // what provides a provided<T> is checked by the app, which sees every step
  } else if constexpr (is_extractor_param<A>) {
    return bare<A>::template check<Key>();
  } else {
    (void)errors::handler_parameter_is_not_an_extractor<Key, bare<A>>{};
    return false;
  }
}

/// What a handler returns: a response (or something that converts to one), or a result<E>.
template <class R>
constexpr bool is_handler_result = std::is_convertible_v<R, response> || is_result<R>::value;

template <fixed_string Key, class R, class... A>
constexpr bool check_handler(type_list<A...>) {
  bool ok = (check_parameter<Key, A>() && ... && true);
  if constexpr (!is_handler_result<R>) {
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

template <class Default, class Tuple>
struct first_or {
  using type = Default;
};
template <class Default, class T, class... R>
struct first_or<Default, std::tuple<T, R...>> {
  using type = T;
};

/// The policy among a route's extras, as a tuple of none or one.
template <fixed_string Key, class E>
constexpr auto policy_part(E& extra) {
  if constexpr (auth_policy<E>) {
    return std::tuple<E>(std::move(extra));
  } else {
    return std::tuple<>{};
  }
}
/// The steps among a route's extras.
template <fixed_string Key, class E>
constexpr auto steps_part(E& extra) {
  if constexpr (auth_policy<E>) {
    return std::tuple<>{};
  } else if constexpr (is_before_step<E>::value || is_after_step<E>::value || is_steps<E>::value ||
                       is_error_mapping<E>::value) {
    return as_step_tuple(std::move(extra));
  } else {
    (void)errors::route_extra_is_not_understood<Key, E>{};
    return std::tuple<>{};
  }
}

/// What a handler call gives: a response, or the handler's `result<E>` (an error value is
/// mapped by the app, which knows the error mappings).
template <class R>
using handler_answer = std::conditional_t<is_result<R>::value, R, response>;

/// Calls the handler with its extracted arguments (the first extraction failure answers).
template <fixed_string Key, class Handler, class Context, class... A>
handler_answer<result_of_handler<Handler>> call_handler(const Handler& handler, const request& req,
                                                        const Context& context, type_list<A...>) {
  http_error err;
  [[maybe_unused]] const argument_source<Context> from{req, context, nullptr, err};
  // braced initialisation evaluates left to right: arguments are extracted in order
  std::tuple<argument<A>...> args{extract_argument<Key, A>(from)...};
  if (err.status != 0) return error(err.status, err.message);
  return std::apply([&](auto&... a) -> handler_answer<result_of_handler<Handler>> { return handler(a.get()...); },
                    args);
}
}  // namespace detail

/**
 * Declares a route. The key uses API Gateway's syntax, so a table can be pasted from a SAM
 * template: `GET /pets/{id}`, `ANY /files/{key+}`, `$default`. After the handler come the
 * route's auth policy (see auth.hpp) and its steps (see middleware.hpp), in any order.
 * Malformed keys, and handlers that ask for what the route cannot give, do not compile.
 *
 * **Example**:
 * ```
 * sluice::route<"GET /pets/{id}">([](sluice::path<"id", std::uint64_t> id) {
 *   return sluice::json(sluice::json_writer{}.begin_object().field("id", *id).end_object());
 * })
 * sluice::route<"DELETE /pets/{id}">(remove_pet, sluice::auth::group("admin"), sluice::after(audit))
 * ```
 */
template <fixed_string Key, class Handler, class... Extras>
[[nodiscard]] constexpr auto route(Handler handler, Extras... extras) {
  constexpr bool key_ok = detail::check_route_key<Key>();
  constexpr std::size_t policies = (std::size_t{0} + ... + std::size_t{auth_policy<Extras>});
  if constexpr (policies > 1) (void)errors::route_declares_two_policies<Key>{};
  auto policy_tuple = std::tuple_cat(detail::policy_part<Key>(extras)...);
  auto steps = detail::steps_from_tuple(std::tuple_cat(detail::steps_part<Key>(extras)...));
  using policy_type = typename detail::first_or<auth::unspecified, decltype(policy_tuple)>::type;
  policy_type policy = [&] {
    if constexpr (policies == 1) return std::get<0>(std::move(policy_tuple));
    else return policy_type{};
  }();
  if constexpr (key_ok) {
    if constexpr (!detail::inspectable_handler<Handler>) {
      (void)errors::handler_parameters_must_have_concrete_types<Key>{};
    } else {
      using signature = detail::handler_signature<Handler>;
      static_assert(detail::check_handler<Key, typename signature::result>(typename signature::args{}) &&
                        detail::check_principal_use<Key, policy_type>(typename signature::args{}),
                    "sluice::route: the handler does not fit the route (see the error above)");
    }
  }
  return route_definition<Key, Handler, policy_type, decltype(steps)>{std::move(handler), std::move(policy),
                                                                      std::move(steps)};
}

}  // namespace sluice
