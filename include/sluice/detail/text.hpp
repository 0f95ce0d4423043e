// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// Small text primitives: ASCII case folding, UTF-8 validation, percent-decoding.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace sluice::detail {

[[nodiscard]] constexpr char ascii_lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + ('a' - 'A')) : c;
}

/// `s` without the spaces and tabs around it (HTTP's optional whitespace).
[[nodiscard]] constexpr std::string_view trim_spaces(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

/// ASCII case-insensitive equality. Bytes that are already equal cost one compare each,
/// so the common case (a header name sent in the case it is looked up in) stays cheap.
[[nodiscard]] constexpr bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i] && ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

/// Value of a hexadecimal digit, or -1.
[[nodiscard]] constexpr int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/// Length of the valid UTF-8 sequence at `s[i]`, or 0 when it is invalid (overlong forms,
/// surrogates and code points above U+10FFFF are invalid).
[[nodiscard]] constexpr std::size_t utf8_sequence_length(std::string_view s, std::size_t i) noexcept {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) return 1;
  const auto cont = [&](std::size_t k) {
    return i + k < s.size() && (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
  };
  const auto at = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  if (b0 >= 0xC2 && b0 <= 0xDF) return cont(1) ? 2 : 0;
  if (b0 >= 0xE0 && b0 <= 0xEF) {
    if (!cont(1) || !cont(2)) return 0;
    if (b0 == 0xE0 && at(1) < 0xA0) return 0;  // overlong
    if (b0 == 0xED && at(1) > 0x9F) return 0;  // surrogate
    return 3;
  }
  if (b0 >= 0xF0 && b0 <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    if (b0 == 0xF0 && at(1) < 0x90) return 0;  // overlong
    if (b0 == 0xF4 && at(1) > 0x8F) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;
}

[[nodiscard]] constexpr bool is_valid_utf8(std::string_view s) noexcept {
  std::size_t i = 0;
  if (!std::is_constant_evaluated()) {
    // ASCII runs, the common case, 8 bytes at a time
    for (; i + 8 <= s.size(); i += 8) {
      std::uint64_t w = 0;
      std::memcpy(&w, s.data() + i, 8);
      if (w & 0x8080808080808080ull) break;
    }
  }
  while (i < s.size()) {
    const std::size_t n = utf8_sequence_length(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

/// Number of code points in valid UTF-8 text.
[[nodiscard]] constexpr std::size_t utf8_length(std::string_view s) noexcept {
  std::size_t n = 0;
  for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

/// Whether `s` holds a '%' or a '+', i.e. form-encoded text that needs decoding. From 16 bytes
/// on, 16 at a time, the last block overlapping the one before it instead of a byte-by-byte tail.
[[nodiscard]] inline bool has_percent_or_plus(std::string_view s) noexcept {
  const auto scalar = [](std::string_view t) {
    bool found = false;  // one pass, not find_first_of("%+"), which calls memchr once per character
    for (const char c : t) found |= c == '%' || c == '+';
    return found;
  };
#if defined(__SSE2__)
  if (s.size() < 16) return scalar(s);
  const auto block = [&](std::size_t at) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + at));
    const __m128i hits = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('%')), _mm_cmpeq_epi8(v, _mm_set1_epi8('+')));
    return _mm_movemask_epi8(hits) != 0;
  };
  for (std::size_t at = 0; at + 16 < s.size(); at += 16) {
    if (block(at)) return true;
  }
  return block(s.size() - 16);
#else
  return scalar(s);
#endif
}

enum class percent_mode : std::uint8_t {
  path,  // RFC 3986: '+' is a plus sign
  form,  // application/x-www-form-urlencoded: '+' is a space
};

/// Decodes `%XX` escapes of `in` into `out`, which has room for `in.size()` bytes. Returns the
/// decoded length, or -1 for a malformed escape. No other check: callers validate the bytes.
[[nodiscard]] inline std::ptrdiff_t percent_decode(std::string_view in, char* out, percent_mode mode) noexcept {
  std::size_t n = 0;
  for (std::size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) return -1;
      const int hi = hex_value(in[i + 1]);
      const int lo = hex_value(in[i + 2]);
      if (hi < 0 || lo < 0) return -1;
      out[n++] = static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (c == '+' && mode == percent_mode::form) {
      out[n++] = ' ';
    } else {
      out[n++] = c;
    }
  }
  return static_cast<std::ptrdiff_t>(n);
}

}  // namespace sluice::detail
