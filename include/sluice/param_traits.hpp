// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// Text to typed values, for path segments, query values, headers and cookies.

#include <array>
#include <charconv>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <limits>
#include <string>
#include <string_view>
#include <system_error>

#include "sluice/detail/text.hpp"

namespace sluice {

/**
 * How a parameter type is read from text. Specialise it for your own types with a
 * `description` (completing "must be ...") and a `parse` that returns false on bad text.
 *
 * **Example**:
 * ```
 * template <> struct sluice::param_traits<color> {
 *   static constexpr std::string_view description = "one of red, green";
 *   static bool parse(std::string_view s, color& c) { ... }
 * };
 * ```
 */
template <class T>
struct param_traits;

/// A type `param_traits` knows how to read.
template <class T>
concept parsable_param = requires(std::string_view text, T& out) {
  { param_traits<T>::parse(text, out) } -> std::same_as<bool>;
  { param_traits<T>::description } -> std::convertible_to<std::string_view>;
};

namespace detail {
template <class T>
constexpr auto integer_description() {
  constexpr std::size_t bits = sizeof(T) * 8;
  // "an unsigned 64-bit integer", "a 32-bit integer"
  std::array<char, 32> text{};
  std::size_t n = 0;
  const std::string_view article = !std::is_signed_v<T> ? "an unsigned " : bits == 8 ? "an " : "a ";
  for (const char c : article) text[n++] = c;
  if (bits >= 10) text[n++] = static_cast<char>('0' + bits / 10);
  text[n++] = static_cast<char>('0' + bits % 10);
  for (const char c : std::string_view("-bit integer")) text[n++] = c;
  return std::pair{text, n};
}
template <class T>
inline constexpr auto integer_description_storage = integer_description<T>();
}  // namespace detail

template <class T>
  requires(std::integral<T> && !std::same_as<T, bool>)
struct param_traits<T> {
  static constexpr std::string_view description{detail::integer_description_storage<T>.first.data(),
                                                detail::integer_description_storage<T>.second};
  static bool parse(std::string_view s, T& out) noexcept {
    if (s.empty() || s.front() == '+') return false;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
    return r.ec == std::errc{} && r.ptr == s.data() + s.size();
  }
};

template <std::floating_point T>
struct param_traits<T> {
  static constexpr std::string_view description = "a number";
  static bool parse(std::string_view s, T& out) noexcept {
    if (s.empty() || s.front() == '+') return false;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
    return r.ec == std::errc{} && r.ptr == s.data() + s.size() && std::isfinite(out);
  }
};

template <>
struct param_traits<bool> {
  static constexpr std::string_view description = "true or false";
  static bool parse(std::string_view s, bool& out) noexcept {
    if (s == "true") return out = true, true;
    if (s == "false") return out = false, true;
    return false;
  }
};

template <>
struct param_traits<std::string_view> {
  static constexpr std::string_view description = "valid UTF-8 text";
  static bool parse(std::string_view s, std::string_view& out) noexcept {
    out = s;
    return detail::is_valid_utf8(s);
  }
};

template <>
struct param_traits<std::string> {
  static constexpr std::string_view description = "valid UTF-8 text";
  static bool parse(std::string_view s, std::string& out) {
    out.assign(s);
    return detail::is_valid_utf8(s);
  }
};

/**
 * A number that must lie in `[Min, Max]`. Converts to `T`.
 *
 * **Example**: `sluice::query<"limit", sluice::bounded<unsigned, 1, 100>>`
 */
template <class T, auto Min, auto Max>
  requires(std::integral<T> || std::floating_point<T>)
struct bounded {
  static_assert(Min <= Max, "sluice::bounded: Min must not be greater than Max");
  T value{};
  constexpr operator T() const noexcept { return value; }  // NOLINT: converts on purpose
  [[nodiscard]] constexpr T get() const noexcept { return value; }
};

namespace detail {
template <auto N>
constexpr void append_number(std::array<char, 96>& text, std::size_t& n) {
  // integers only: enough for the bounds of a `bounded`
  long long v = static_cast<long long>(N);
  if (v < 0) {
    text[n++] = '-';
    v = -v;
  }
  char digits[24]{};
  std::size_t d = 0;
  do {
    digits[d++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  while (d > 0) text[n++] = digits[--d];
}

template <class T, auto Min, auto Max>
constexpr auto bounded_description() {
  std::array<char, 96> text{};
  std::size_t n = 0;
  for (const char c : std::string_view(std::integral<T> ? "an integer from " : "a number from ")) text[n++] = c;
  append_number<Min>(text, n);
  for (const char c : std::string_view(" to ")) text[n++] = c;
  append_number<Max>(text, n);
  return std::pair{text, n};
}
template <class T, auto Min, auto Max>
inline constexpr auto bounded_description_storage = bounded_description<T, Min, Max>();
}  // namespace detail

template <class T, auto Min, auto Max>
struct param_traits<bounded<T, Min, Max>> {
  static constexpr std::string_view description{detail::bounded_description_storage<T, Min, Max>.first.data(),
                                                detail::bounded_description_storage<T, Min, Max>.second};
  static bool parse(std::string_view s, bounded<T, Min, Max>& out) noexcept {
    T v{};
    if (!param_traits<T>::parse(s, v)) return false;
    if (v < static_cast<T>(Min) || v > static_cast<T>(Max)) return false;
    out.value = v;
    return true;
  }
};

}  // namespace sluice
