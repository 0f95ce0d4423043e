// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

#include <cstddef>
#include <string_view>

namespace sluice {

/**
 * A string literal usable as a template argument: `route<"GET /pets/{id}">`.
 *
 * **Example**: `template <sluice::fixed_string S> struct tag {}; tag<"x"> t;`
 */
template <std::size_t N>
struct fixed_string {
  char chars[N]{};  // the literal, terminating NUL included

  consteval fixed_string(const char (&text)[N]) noexcept {  // NOLINT: implicit on purpose
    for (std::size_t i = 0; i < N; ++i) chars[i] = text[i];
  }

  [[nodiscard]] static constexpr std::size_t size() noexcept { return N - 1; }
  [[nodiscard]] constexpr std::string_view view() const noexcept { return {chars, N - 1}; }
  constexpr operator std::string_view() const noexcept { return view(); }  // NOLINT
};

namespace detail {
template <class T>
inline constexpr bool always_false = false;
}  // namespace detail

}  // namespace sluice
