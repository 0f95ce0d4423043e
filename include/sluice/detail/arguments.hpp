// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// The arguments of handlers and steps: what each parameter type asks for, and how it is
// filled for one request (extractors, the request, the principal, provided context, and for
// after steps the response).

#include <optional>
#include <type_traits>

#include "sluice/context.hpp"
#include "sluice/detail/fixed_string.hpp"
#include "sluice/detail/signature.hpp"
#include "sluice/params.hpp"
#include "sluice/principal.hpp"
#include "sluice/request.hpp"
#include "sluice/response.hpp"

namespace sluice::detail {

template <class A>
constexpr bool is_request_param = std::is_same_v<bare<A>, request>;

template <class A>
constexpr bool is_principal_param = std::is_same_v<bare<A>, principal>;

template <class A>
constexpr bool is_extractor_param = std::is_base_of_v<extractor_tag, bare<A>>;

/// `sluice::response&` or `const sluice::response&`: only after steps take one.
template <class A>
constexpr bool is_response_param = std::is_same_v<bare<A>, response> && std::is_lvalue_reference_v<A>;

template <class A>
struct provided_param : std::false_type {};
template <class T>
struct provided_param<provided<T>> : std::true_type {
  using type = T;
};
template <class A>
constexpr bool is_provided_param = provided_param<bare<A>>::value;

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
template <class A>
  requires is_provided_param<A>
struct argument<A> {
  std::optional<bare<A>> value;
  bare<A> get() const noexcept { return *value; }
};
template <class A>
  requires is_response_param<A>
struct argument<A> {
  response* value = nullptr;
  A get() const noexcept { return *value; }
};

/// What an argument is filled from: the request, the context so far, and (after steps only)
/// the response on its way out. The first extraction failure lands in `err`.
template <class Context>
struct argument_source {
  const request& req;
  const Context& context;
  response* answer;
  http_error& err;
};

template <fixed_string Key, class A, class Context>
argument<A> extract_argument(const argument_source<Context>& from) {
  argument<A> arg;
  if constexpr (is_request_param<A>) {
    arg.value = &from.req;
  } else if constexpr (is_principal_param<A>) {
    arg.value.emplace(from.req.caller());
  } else if constexpr (is_response_param<A>) {
    arg.value = from.answer;
  } else if constexpr (is_provided_param<A>) {
    using T = typename provided_param<bare<A>>::type;
    if (const T* p = from.context.template find<T>()) {
      arg.value.emplace(*p);
    } else if (from.err.status == 0) {
      // the app's compile-time check makes this unreachable; never dereference nothing
      from.err = {500, "a step's context is missing"};
    }
  } else {
    if (from.err.status != 0) return arg;  // an earlier argument failed: stop at the first error
    bare<A> v{};
    if (bare<A>::template extract<Key>(from.req, v, from.err)) arg.value.emplace(std::move(v));
  }
  return arg;
}

/// True when every `provided<T>` among `A...` is present (an after step runs only then).
template <class Context, class... A>
bool context_present(const Context& context, type_list<A...>) noexcept {
  const auto present = [&]<class P>(type_list<P>) {
    if constexpr (is_provided_param<P>) {
      return context.template find<typename provided_param<bare<P>>::type>() != nullptr;
    } else {
      return true;
    }
  };
  return (present(type_list<A>{}) && ... && true);
}

}  // namespace sluice::detail
