// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors

// Typed parameter conversion (`param_traits`): the text of a path segment, query value,
// header or cookie read as each type sluice knows. The oracle is a reference written here from
// the types' descriptions, not from the code under test:
// - integers: an optional `-` (signed types only) and decimal digits, no `+`, nothing else; the
//   value, computed in 128 bits, must fit the type; accepted text gives exactly that value;
// - floating point: the decimal grammar `-?(d+.?d*|.d+)([eE][+-]?d+)?` and a finite value;
//   accepted text gives what the C library's `strtod`/`strtof` gives (both round correctly);
//   text that underflows may be refused or read as that value;
// - `bool`: `true` or `false`;
// - text: valid UTF-8, checked here by decoding each code point (no overlong form, no
//   surrogate, nothing above U+10FFFF), where the library classifies lead bytes by table;
// - `bounded<T, Min, Max>`: what `T` accepts, within the bounds.

#include <cerrno>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "fuzz.hpp"
#include "sluice/param_traits.hpp"

namespace params_fuzz {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

template <class T>
std::optional<T> reference_integer(std::string_view s) {
  std::size_t i = 0;
  const bool negative = !s.empty() && s[0] == '-';
  if (negative) {
    if (!std::numeric_limits<T>::is_signed) return std::nullopt;
    ++i;
  }
  if (i == s.size()) return std::nullopt;
  constexpr __int128 cap = static_cast<__int128>(1) << 80;  // beyond every 64-bit type
  __int128 v = 0;
  for (; i < s.size(); ++i) {
    if (!is_digit(s[i])) return std::nullopt;
    v = v * 10 + (s[i] - '0');
    if (v > cap) v = cap;
  }
  if (negative) v = -v;
  if (v < static_cast<__int128>(std::numeric_limits<T>::min()) || v > static_cast<__int128>(std::numeric_limits<T>::max()))
    return std::nullopt;
  return static_cast<T>(v);
}

/// Whether `s` is, as a whole, `-?(d+.?d*|.d+)([eE][+-]?d+)?`.
bool decimal_grammar(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && s[i] == '-') ++i;
  std::size_t digits = 0;
  while (i < s.size() && is_digit(s[i])) ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && is_digit(s[i])) ++i, ++digits;
  }
  if (digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    std::size_t exponent_digits = 0;
    while (i < s.size() && is_digit(s[i])) ++i, ++exponent_digits;
    if (exponent_digits == 0) return false;
  }
  return i == s.size();
}

/// What the C library reads, and whether it said the value is out of range.
template <class T>
std::pair<T, bool> c_library_value(std::string_view s) {
  const std::string text(s);  // NUL-terminated
  errno = 0;
  T v{};
  if constexpr (std::is_same_v<T, float>) {
    v = std::strtof(text.c_str(), nullptr);
  } else {
    v = std::strtod(text.c_str(), nullptr);
  }
  return {v, errno == ERANGE};
}

/// UTF-8 by decoding each code point (`fuzz::utf8_sequence_at`).
bool reference_utf8(std::string_view s) {
  for (std::size_t i = 0, n = 0; i < s.size(); i += n) {
    n = fuzz::utf8_sequence_at(s, i);
    if (n == 0) return false;
  }
  return true;
}

template <class T>
void check_integer(std::string_view text) {
  T got{};
  const bool accepted = sluice::param_traits<T>::parse(text, got);
  const std::optional<T> want = reference_integer<T>(text);
  FUZZ_CHECK(accepted == want.has_value());
  if (accepted) FUZZ_CHECK(got == *want);
}

template <class T>
void check_floating(std::string_view text) {
  T got{};
  const bool accepted = sluice::param_traits<T>::parse(text, got);
  if (!decimal_grammar(text)) {
    FUZZ_CHECK(!accepted);  // inf, nan, hex, '+', spaces, trailing bytes
    return;
  }
  const auto [value, out_of_range] = c_library_value<T>(text);
  if (std::isinf(value)) {
    FUZZ_CHECK(!accepted);
    return;
  }
  if (!out_of_range) FUZZ_CHECK(accepted);  // an underflow may be refused
  if (accepted) {
    FUZZ_CHECK(std::isfinite(got));
    FUZZ_CHECK(got == value);
    FUZZ_CHECK(std::signbit(got) == std::signbit(value));
  }
}

template <class T, auto Min, auto Max>
void check_bounded(std::string_view text) {
  sluice::bounded<T, Min, Max> got{};
  const bool accepted = sluice::param_traits<sluice::bounded<T, Min, Max>>::parse(text, got);
  T plain{};
  const bool plain_accepted = sluice::param_traits<T>::parse(text, plain);
  const bool within = plain_accepted && plain >= static_cast<T>(Min) && plain <= static_cast<T>(Max);
  FUZZ_CHECK(accepted == within);
  if (accepted) FUZZ_CHECK(got.get() == plain);
}

void check_text(std::string_view text) {
  const bool valid = reference_utf8(text);
  std::string_view view;
  FUZZ_CHECK(sluice::param_traits<std::string_view>::parse(text, view) == valid);
  FUZZ_CHECK(view == text);
  std::string copy;
  FUZZ_CHECK(sluice::param_traits<std::string>::parse(text, copy) == valid);
  FUZZ_CHECK(copy == text);
}

void check_bool(std::string_view text) {
  bool got = false;
  const bool accepted = sluice::param_traits<bool>::parse(text, got);
  FUZZ_CHECK(accepted == (text == "true" || text == "false"));
  if (accepted) FUZZ_CHECK(got == (text == "true"));
}

}  // namespace params_fuzz

void fuzz::params_target(const std::uint8_t* data, std::size_t size) {
  using namespace params_fuzz;
  fuzz::input in(data, size);
  const std::uint8_t type = in.byte();
  const std::string_view text = in.rest();
  switch (type % 16) {
    case 0: return check_integer<std::int8_t>(text);
    case 1: return check_integer<std::uint8_t>(text);
    case 2: return check_integer<std::int16_t>(text);
    case 3: return check_integer<std::uint16_t>(text);
    case 4: return check_integer<std::int32_t>(text);
    case 5: return check_integer<std::uint32_t>(text);
    case 6: return check_integer<std::int64_t>(text);
    case 7: return check_integer<std::uint64_t>(text);
    case 8: return check_floating<float>(text);
    case 9: return check_floating<double>(text);
    case 10: return check_bool(text);
    case 11: return check_text(text);
    case 12: return check_bounded<int, -5, 1000>(text);
    case 13: return check_bounded<std::uint64_t, 1, 100>(text);
    case 14: return check_bounded<double, 0, 1>(text);
    default: return check_bounded<std::int64_t, -9223372036854775807LL, 0>(text);
  }
}
