// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// Errors as answers. A handler that throws, or returns an error value in a `result<E>`,
// gets `500 {"message":"Internal Server Error"}` (the detail goes to the log with the request
// id, never to the client) unless an `on_error<E>` mapping answers for that type.

#include <optional>
#include <string_view>
#include <type_traits>
#include <utility>

#include "sluice/response.hpp"

namespace sluice {

/**
 * What a handler returns when it can fail with an error value: its response, or an `E`.
 * The app answers an `E` with the `on_error<E>` mapping in the route table, or a `500`.
 *
 * **Example**:
 * ```
 * [](sluice::path<"id", std::uint64_t> id) -> sluice::result<not_found> {
 *   if (auto pet = store.find(*id)) return sluice::json(*pet);
 *   return not_found{*id};
 * }
 * ```
 */
template <class E>
class result {
  static_assert(!std::is_convertible_v<E, response> && !std::is_convertible_v<response, E>,
                "sluice::result<E>: E is an error type, distinct from sluice::response");

 public:
  result(response answer) : answer_(std::move(answer)) {}  // NOLINT(google-explicit-constructor)
  result(E failure) : failure_(std::move(failure)) {}       // NOLINT(google-explicit-constructor)

  [[nodiscard]] bool failed() const noexcept { return failure_.has_value(); }
  [[nodiscard]] const E& error() const noexcept { return *failure_; }
  [[nodiscard]] response&& answer() && noexcept { return std::move(*answer_); }

 private:
  std::optional<response> answer_;
  std::optional<E> failure_;
};

/// Answers an exception or error value of type `E` (and types derived from it). Made by
/// `sluice::on_error<E>(f)`.
template <class E, class F>
struct error_mapping {
  using error_type = E;
  F fn;
};

namespace detail {
template <class R>
struct is_result : std::false_type {};
template <class E>
struct is_result<result<E>> : std::true_type {
  using error_type = E;
};

template <class T>
struct is_error_mapping : std::false_type {};
template <class E, class F>
struct is_error_mapping<error_mapping<E, F>> : std::true_type {};

/// `"std::runtime_error"` for `T = std::runtime_error`: a type's name, for the log.
template <class T>
constexpr std::string_view type_name() noexcept {
#if defined(__clang__) || defined(__GNUC__)
  std::string_view name = __PRETTY_FUNCTION__;
#if defined(__clang__)
  constexpr std::string_view before = "T = ", after = "]";
#else
  constexpr std::string_view before = "T = ", after = ";";
#endif
  const std::size_t start = name.find(before);
  if (start == std::string_view::npos) return "an error value";
  name.remove_prefix(start + before.size());
  const std::size_t end = name.find(after);
  return end == std::string_view::npos ? name.substr(0, name.size() - 1) : name.substr(0, end);
#else
  return "an error value";
#endif
}

/// What the log says of an error value: its `what()`, its text, `describe(e)`, or its type.
template <class E>
std::string_view describe_failure(const E& e) {
  if constexpr (requires { { e.what() } -> std::convertible_to<std::string_view>; }) {
    return e.what();
  } else if constexpr (std::is_convertible_v<const E&, std::string_view>) {
    return e;
  } else if constexpr (requires { { describe(e) } -> std::convertible_to<std::string_view>; }) {
    return describe(e);
  } else {
    return type_name<E>();
  }
}
}  // namespace detail

/**
 * Maps exceptions and error values of type `E` to an answer, in the app's or a route's
 * table. The first mapping that fits wins (a route's before the app's).
 *
 * **Example**: `sluice::on_error<not_found>([](const not_found& e) { return sluice::error(404, "no such pet"); })`
 */
template <class E, class F>
[[nodiscard]] constexpr error_mapping<E, F> on_error(F fn) {
  static_assert(std::is_invocable_r_v<response, const F&, const E&>,
                "sluice::on_error<E>(f): f takes const E& and returns a sluice::response");
  return {std::move(fn)};
}

}  // namespace sluice
