// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// What a plain function object takes and returns, read from its type: the parameter types
// of a handler or a step say what it needs.

#include <type_traits>

namespace sluice::detail {

template <class... T>
struct type_list {};

/// The parameter and result types of a function object with concrete parameter types.
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

/// A function, a function pointer, or a class with one non-template `operator()`.
template <class F>
concept inspectable_handler = std::is_function_v<std::remove_pointer_t<F>> || requires { &F::operator(); };

template <class A>
using bare = std::remove_cvref_t<A>;

template <class F>
using result_of_handler = typename handler_signature<F>::result;
template <class F>
using args_of_handler = typename handler_signature<F>::args;

}  // namespace sluice::detail
