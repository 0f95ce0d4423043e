// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// Middleware: plain function objects that run before and after handlers, declared in the
// route table, per app (`sluice::use(...)`) or per route (`route<Key>(handler, before(f))`).
//
// - A before step takes what a handler can take (extractors, the request, the principal,
//   `provided<T>`) and returns `void` (go on), `std::optional<response>` (answer now, or go
//   on), a `T` (provide it to what follows) or `sluice::provides<T>` (a `T`, or an answer).
// - An after step takes `sluice::response&` and may take the request, the principal and
//   `provided<T>`; it returns `void`. It runs on every answer of its level, but only when the
//   context it asks for exists.
// - Asking for a `provided<T>` that no earlier before step provides does not compile.
//
// The order (docs/middleware.md): app before steps (before routing, after the path is made
// canonical), routing, auth, the route's before steps, the handler, the route's after steps,
// then the app's after steps on every HTTP answer.

#include <cstddef>
#include <optional>
#include <tuple>
#include <type_traits>
#include <utility>

#include "sluice/context.hpp"
#include "sluice/detail/arguments.hpp"
#include "sluice/detail/fixed_string.hpp"
#include "sluice/detail/signature.hpp"
#include "sluice/response.hpp"
#include "sluice/result.hpp"

namespace sluice {

/// A step that runs before the handler (see the top of this header). Made by `sluice::before`.
template <class F>
struct before_step {
  F fn;
};

/// A step that runs after the handler, on the response. Made by `sluice::after`.
template <class F>
struct after_step {
  F fn;
};

/// An ordered list of steps: what `sluice::use` makes and what a built-in piece (such as
/// `sluice::cors`) is.
template <class... S>
struct steps {
  std::tuple<S...> list;
};

namespace errors {
// NOLINTBEGIN(readability-identifier-naming)
template <class F>
struct step_parameters_must_have_concrete_types {
  static_assert(detail::always_false<F>,
                "sluice::before/after: a step's parameters must have concrete types; a generic lambda (auto "
                "parameters) cannot say what it needs");
};
template <class Result>
struct before_step_result_is_not_understood {
  static_assert(detail::always_false<Result>,
                "sluice::before: a before step returns void (go on), std::optional<sluice::response> (answer or go "
                "on), a context value T, or sluice::provides<T> (a T or an answer)");
};
template <class Result>
struct after_step_must_return_void {
  static_assert(detail::always_false<Result>,
                "sluice::after: an after step changes the response it is given (sluice::response&) and returns "
                "void");
};
template <class Parameter>
struct before_step_parameter_is_not_understood {
  static_assert(detail::always_false<Parameter>,
                "sluice::before: a before step's parameter must be an extractor (sluice::header, query, cookie, "
                "path, json_body, raw_body), const sluice::request&, sluice::principal or sluice::provided<T>");
};
template <class Parameter>
struct after_step_parameter_is_not_understood {
  static_assert(detail::always_false<Parameter>,
                "sluice::after: an after step's parameter must be sluice::response&, const sluice::request&, "
                "sluice::principal or sluice::provided<T>; read headers through the request");
};
template <class Parameter>
struct app_step_reads_a_path_parameter {
  static_assert(detail::always_false<Parameter>,
                "sluice::use: an app-level step runs before routing, where no route has path parameters; read "
                "them in a route's step or handler");
};
template <class Step>
struct app_step_asks_for_the_principal {
  static_assert(detail::always_false<Step>,
                "sluice::use: an app-level step runs before auth; take sluice::principal in a route's step or "
                "handler, where the route's policy has run");
};
template <fixed_string Route>
struct step_asks_for_a_principal_on_a_public_route {
  static_assert(detail::always_false<decltype(Route)>,
                "sluice::route: a step asks for the principal, but the route is public; declare its auth "
                "(sluice::auth::authenticated, any_scope, group, ...)");
};
template <fixed_string Route, class T>
struct nothing_provides_this_context {
  static_assert(detail::always_false<T>,
                "sluice::app: a handler or step asks for sluice::provided<T>, but no before step ahead of it (of "
                "the app, or of its route) returns a T or sluice::provides<T>");
};
template <fixed_string Route, class T>
struct context_is_provided_twice {
  static_assert(detail::always_false<T>,
                "sluice::app: two before steps provide the same context type; give each its own type");
};
template <class Piece>
struct not_a_step {
  static_assert(detail::always_false<Piece>,
                "sluice::use: takes steps (sluice::before(f), sluice::after(f)) and pieces made of them "
                "(sluice::cors(...), ...)");
};
// NOLINTEND(readability-identifier-naming)
}  // namespace errors

namespace detail {
template <class T>
struct is_optional_response : std::false_type {};
template <>
struct is_optional_response<std::optional<response>> : std::true_type {};

template <class T>
struct provides_result : std::false_type {};
template <class T>
struct provides_result<provides<T>> : std::true_type {
  using type = T;
};

/// What a before step's result type means: the context type it provides (or void), and
/// whether it can answer.
template <class R>
struct before_result {
  static constexpr bool valid = !std::is_same_v<bare<R>, response> && !std::is_reference_v<R> &&
                                !std::is_pointer_v<R> && !std::is_const_v<R>;
  static constexpr bool answers = false;
  using provided_type = R;
};
template <>
struct before_result<void> {
  static constexpr bool valid = true;
  static constexpr bool answers = false;
  using provided_type = void;
};
template <class R>
  requires is_optional_response<R>::value
struct before_result<R> {
  static constexpr bool valid = true;
  static constexpr bool answers = true;
  using provided_type = void;
};
template <class R>
  requires provides_result<R>::value
struct before_result<R> {
  static constexpr bool valid = true;
  static constexpr bool answers = true;
  using provided_type = typename provides_result<R>::type;
};

template <class S>
struct is_before_step : std::false_type {};
template <class F>
struct is_before_step<before_step<F>> : std::true_type {};
template <class S>
struct is_after_step : std::false_type {};
template <class F>
struct is_after_step<after_step<F>> : std::true_type {};
template <class S>
struct is_steps : std::false_type {};
template <class... S>
struct is_steps<steps<S...>> : std::true_type {};

/// The context type a step provides, or void.
template <class S>
struct step_provides {
  using type = void;
};
template <class F>
struct step_provides<before_step<F>> {
  using type = typename before_result<result_of_handler<F>>::provided_type;
};

// ---- type lists --------------------------------------------------------------------------

template <class List, class T>
struct list_contains;
template <class... L, class T>
struct list_contains<type_list<L...>, T> : std::bool_constant<(std::is_same_v<L, T> || ...)> {};

template <class List, class T>
struct list_push {
  using type = List;  // void adds nothing
};
template <class... L, class T>
  requires(!std::is_void_v<T>)
struct list_push<type_list<L...>, T> {
  using type = type_list<L..., T>;
};

template <class A, class B>
struct list_concat;
template <class... A, class... B>
struct list_concat<type_list<A...>, type_list<B...>> {
  using type = type_list<A..., B...>;
};

/// The context types the first `N` of `S...` provide, in order.
template <std::size_t N, class Steps, class Acc = type_list<>>
struct provided_by_first {
  using type = Acc;
};
template <std::size_t N, class S0, class... S, class Acc>
  requires(N > 0)
struct provided_by_first<N, type_list<S0, S...>, Acc> {
  using type =
      typename provided_by_first<N - 1, type_list<S...>, typename list_push<Acc, typename step_provides<S0>::type>::type>::type;
};

template <class Steps>
struct steps_types;
template <class... S>
struct steps_types<steps<S...>> {
  using list = type_list<S...>;
  static constexpr std::size_t size = sizeof...(S);
  /// Every context type these steps provide.
  using provided = typename provided_by_first<sizeof...(S), type_list<S...>>::type;
  static constexpr bool has_before = (is_before_step<S>::value || ...);
  static constexpr bool has_after = (is_after_step<S>::value || ...);
};

template <class List>
struct store_of;
template <class... T>
struct store_of<type_list<T...>> {
  using type = context_store<T...>;
};

template <class List>
struct unique_types;
template <>
struct unique_types<type_list<>> : std::true_type {};
template <class T, class... R>
struct unique_types<type_list<T, R...>>
    : std::bool_constant<!(std::is_same_v<T, R> || ...) && unique_types<type_list<R...>>::value> {};

// ---- use(...) ----------------------------------------------------------------------------

template <class P>
constexpr auto as_step_tuple(P&& piece) {
  using T = bare<P>;
  if constexpr (is_before_step<T>::value || is_after_step<T>::value || is_error_mapping<T>::value) {
    return std::tuple<T>(std::forward<P>(piece));
  } else if constexpr (is_steps<T>::value) {
    return std::forward<P>(piece).list;
  } else {
    (void)errors::not_a_step<T>{};
    return std::tuple<>{};
  }
}

template <class... S>
constexpr steps<S...> steps_from_tuple(std::tuple<S...>&& t) {
  return steps<S...>{std::move(t)};
}

// ---- the checks ------------------------------------------------------------------------------

/// Where a step stands: an app-level step sees no route and no principal.
struct step_level {
  bool app;
  bool public_route;
};

template <fixed_string Key, step_level Level, class Available, class A>
constexpr bool check_before_parameter() {
  if constexpr (is_provided_param<A>) {
    using T = typename provided_param<bare<A>>::type;
    if constexpr (!list_contains<Available, T>::value) {
      (void)errors::nothing_provides_this_context<Key, T>{};
      return false;
    }
    return true;
  } else if constexpr (is_request_param<A>) {
    return true;
  } else if constexpr (is_principal_param<A>) {
    if constexpr (Level.app) {
      (void)errors::app_step_asks_for_the_principal<bare<A>>{};
      return false;
    } else if constexpr (Level.public_route) {
      (void)errors::step_asks_for_a_principal_on_a_public_route<Key>{};
      return false;
    }
    return true;
  } else if constexpr (is_extractor_param<A>) {
    if constexpr (Level.app && bare<A>::needs_route) {
      (void)errors::app_step_reads_a_path_parameter<bare<A>>{};
      return false;
    } else if constexpr (!Level.app) {
      return bare<A>::template check<Key>();
    }
    return true;
  } else {
    (void)errors::before_step_parameter_is_not_understood<A>{};
    return false;
  }
}

template <fixed_string Key, step_level Level, class Available, class A>
constexpr bool check_after_parameter() {
  if constexpr (is_provided_param<A>) {
    using T = typename provided_param<bare<A>>::type;
    if constexpr (!list_contains<Available, T>::value) {
      (void)errors::nothing_provides_this_context<Key, T>{};
      return false;
    }
    return true;
  } else if constexpr (is_request_param<A> || is_response_param<A>) {
    return true;
  } else if constexpr (is_principal_param<A>) {
    if constexpr (Level.app) {
      (void)errors::app_step_asks_for_the_principal<bare<A>>{};
      return false;
    } else if constexpr (Level.public_route) {
      (void)errors::step_asks_for_a_principal_on_a_public_route<Key>{};
      return false;
    }
    return true;
  } else {
    (void)errors::after_step_parameter_is_not_understood<A>{};
    return false;
  }
}

template <fixed_string Key, step_level Level, class Available, class S, class... A>
constexpr bool check_step_parameters(type_list<A...>) {
  if constexpr (is_before_step<S>::value) {
    return (check_before_parameter<Key, Level, Available, A>() && ... && true);
  } else {
    return (check_after_parameter<Key, Level, Available, A>() && ... && true);
  }
}

/// Checks step `I` of `Steps` against what is available to it: `Outer` (the app's context,
/// for a route's steps), then what the steps before it provide; an after step sees all.
template <fixed_string Key, step_level Level, class Outer, class StepList, std::size_t I>
constexpr bool check_step() {
  using S = std::tuple_element_t<I, typename StepList::tuple>;
  if constexpr (is_error_mapping<S>::value) {
    return true;  // on_error checked its function when it was made
  } else {
    using F = decltype(S::fn);
    using available = typename list_concat<
        Outer, typename provided_by_first<is_before_step<S>::value ? I : StepList::size, typename StepList::list>::type>::type;
    return check_step_parameters<Key, Level, available, S>(args_of_handler<F>{});
  }
}

template <class Steps>
struct step_list {
  using list = typename steps_types<Steps>::list;
  using tuple = decltype(Steps::list);
  static constexpr std::size_t size = steps_types<Steps>::size;
};

template <fixed_string Key, step_level Level, class Outer, class Steps>
constexpr bool check_steps() {
  using L = step_list<Steps>;
  using all = typename list_concat<Outer, typename steps_types<Steps>::provided>::type;
  if constexpr (!unique_types<all>::value) {
    (void)errors::context_is_provided_twice<Key, all>{};
    return false;
  } else {
    return []<std::size_t... I>(std::index_sequence<I...>) {
      return (check_step<Key, Level, Outer, L, I>() && ... && true);
    }(std::make_index_sequence<L::size>{});
  }
}

/// Checks that every `provided<T>` a handler takes has a provider in `Available`.
template <fixed_string Key, class Available, class... A>
constexpr bool check_handler_context(type_list<A...>) {
  [[maybe_unused]] const auto one = []<class P>(type_list<P>) {
    if constexpr (is_provided_param<P>) {
      using T = typename provided_param<bare<P>>::type;
      if constexpr (!list_contains<Available, T>::value) {
        (void)errors::nothing_provides_this_context<Key, T>{};
        return false;
      }
    }
    return true;
  };
  return (one(type_list<A>{}) && ... && true);
}

// ---- running them ----------------------------------------------------------------------------

template <fixed_string Key, class F, class Context, class Store, class... A>
std::optional<response> call_before(const F& fn, const request& req, const Context& context, Store& store,
                                    type_list<A...>) {
  http_error err;
  [[maybe_unused]] const argument_source<Context> from{req, context, nullptr, err};
  // braced initialisation evaluates left to right: arguments are extracted in order
  std::tuple<argument<A>...> args{extract_argument<Key, A>(from)...};
  if (err.status != 0) return error(err.status, err.message);
  using R = result_of_handler<F>;
  const auto call = [&](auto&... a) -> R { return fn(a.get()...); };
  if constexpr (std::is_void_v<R>) {
    std::apply(call, args);
    return std::nullopt;
  } else if constexpr (is_optional_response<R>::value) {
    return std::apply(call, args);
  } else if constexpr (provides_result<R>::value) {
    R result = std::apply(call, args);
    if (result.answered()) return std::move(result).answer();
    store.put(std::move(result).value());
    return std::nullopt;
  } else {
    store.put(std::apply(call, args));
    return std::nullopt;
  }
}

template <fixed_string Key, class F, class Context, class... A>
void call_after(const F& fn, const request& req, const Context& context, response& answer, type_list<A...> args_list) {
  if (!context_present(context, args_list)) return;  // its context was never provided
  http_error err;
  [[maybe_unused]] const argument_source<Context> from{req, context, &answer, err};
  std::tuple<argument<A>...> args{extract_argument<Key, A>(from)...};
  std::apply([&](auto&... a) { fn(a.get()...); }, args);
}

/// Runs the before steps of `s` in order; the first answer stops them.
template <fixed_string Key, class... S, class Context, class Store>
std::optional<response> run_before_steps(const steps<S...>& s, const request& req, const Context& context,
                                         Store& store) {
  std::optional<response> answer;
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    [[maybe_unused]] const auto one = [&]<std::size_t J>(std::integral_constant<std::size_t, J>) {
      using step = std::tuple_element_t<J, std::tuple<S...>>;
      if constexpr (is_before_step<step>::value) {
        const auto& fn = std::get<J>(s.list).fn;
        answer = call_before<Key>(fn, req, context, store, args_of_handler<bare<decltype(fn)>>{});
        return !answer.has_value();
      } else {
        return true;
      }
    };
    (void)(one(std::integral_constant<std::size_t, I>{}) && ...);
  }(std::index_sequence_for<S...>{});
  return answer;
}

/// Runs the after steps of `s` in order on `answer`.
template <fixed_string Key, class... S, class Context>
void run_after_steps(const steps<S...>& s, const request& req, const Context& context, response& answer) {
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    [[maybe_unused]] const auto one = [&]<std::size_t J>(std::integral_constant<std::size_t, J>) {
      using step = std::tuple_element_t<J, std::tuple<S...>>;
      if constexpr (is_after_step<step>::value) {
        const auto& fn = std::get<J>(s.list).fn;
        call_after<Key>(fn, req, context, answer, args_of_handler<bare<decltype(fn)>>{});
      }
    };
    (one(std::integral_constant<std::size_t, I>{}), ...);
  }(std::index_sequence_for<S...>{});
}

/// True when a step of `s` may read the body (so a body that cannot be read is answered
/// before the steps run).
template <class S>
constexpr bool step_reads_body() {
  if constexpr (is_before_step<S>::value || is_after_step<S>::value) {
    return []<class... A>(type_list<A...>) { return (needs_body_param<A>() || ...); }(args_of_handler<decltype(S::fn)>{});
  } else {
    return false;
  }
}
template <class... S>
constexpr bool steps_read_body(const steps<S...>*) {
  return (step_reads_body<S>() || ... || false);
}

/// Calls `body()`; an exception of a type an `on_error` of `s` maps becomes its answer. The
/// first mapping in `s` that fits wins; others propagate.
template <std::size_t I = 0, class... S, class Body>
auto with_error_mappings(const steps<S...>& s, Body&& body) -> decltype(body()) {
  if constexpr (I == sizeof...(S)) {
    return body();
  } else {
    using step = std::tuple_element_t<sizeof...(S) - 1 - I, std::tuple<S...>>;
    if constexpr (is_error_mapping<step>::value) {
#if defined(__cpp_exceptions)
      // the last mapping is the outermost try: an earlier one catches first
      try {
        return with_error_mappings<I + 1>(s, std::forward<Body>(body));
      } catch (const typename step::error_type& e) {
        return decltype(body())(std::get<sizeof...(S) - 1 - I>(s.list).fn(e));
      }
#else
      return with_error_mappings<I + 1>(s, std::forward<Body>(body));
#endif
    } else {
      return with_error_mappings<I + 1>(s, std::forward<Body>(body));
    }
  }
}

/// The answer of the first `on_error` mapping of `s` that takes an `E`, if any.
template <class E, class... S>
std::optional<response> map_error_value(const steps<S...>& s, const E& e) {
  std::optional<response> answer;
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    [[maybe_unused]] const auto one = [&]<std::size_t J>(std::integral_constant<std::size_t, J>) {
      using step = std::tuple_element_t<J, std::tuple<S...>>;
      if constexpr (is_error_mapping<step>::value) {
        if constexpr (std::is_base_of_v<typename step::error_type, E> ||
                      std::is_same_v<typename step::error_type, E>) {
          answer = std::get<J>(s.list).fn(e);
          return false;
        }
      }
      return true;
    };
    (void)(one(std::integral_constant<std::size_t, I>{}) && ...);
  }(std::index_sequence_for<S...>{});
  return answer;
}
}  // namespace detail

/**
 * A step that runs before the handler. See the top of sluice/middleware.hpp for what it may
 * take and return.
 *
 * **Example**: `sluice::before([](sluice::header<"x-api-version", int> v) -> std::optional<sluice::response> {
 *   if (*v < 2) return sluice::error(410, "API version 1 is gone");
 *   return std::nullopt;
 * })`
 */
template <class F>
[[nodiscard]] constexpr before_step<F> before(F fn) {
  if constexpr (!detail::inspectable_handler<F>) {
    (void)errors::step_parameters_must_have_concrete_types<F>{};
  } else if constexpr (!detail::before_result<detail::result_of_handler<F>>::valid) {
    (void)errors::before_step_result_is_not_understood<detail::result_of_handler<F>>{};
  }
  return {std::move(fn)};
}

/**
 * A step that runs after the handler, on its response (and on every other answer of its
 * level: early answers, 400s, 500s).
 *
 * **Example**: `sluice::after([](sluice::response& r) { r.header("Cache-Control", "no-store"); })`
 */
template <class F>
[[nodiscard]] constexpr after_step<F> after(F fn) {
  if constexpr (!detail::inspectable_handler<F>) {
    (void)errors::step_parameters_must_have_concrete_types<F>{};
  } else if constexpr (!std::is_void_v<detail::result_of_handler<F>>) {
    (void)errors::after_step_must_return_void<detail::result_of_handler<F>>{};
  }
  return {std::move(fn)};
}

/**
 * The app-level steps, in order, from steps and pieces: `sluice::app{sluice::use(sluice::cors(...),
 * sluice::before(f)), routes...}`. Also what a route takes when it has several steps.
 */
template <class... P>
[[nodiscard]] constexpr auto use(P... pieces) {
  return detail::steps_from_tuple(std::tuple_cat(detail::as_step_tuple(std::move(pieces))...));
}

}  // namespace sluice
