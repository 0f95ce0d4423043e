// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// Short texts as 64-bit words: path segments and route literals are compared by length and
// their first 8 bytes, as one integer, before any byte-wise comparison.

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "sluice/detail/config.hpp"

#if defined(__BMI2__)
#include <immintrin.h>
#endif

namespace sluice::detail {

static_assert(std::endian::native == std::endian::little,
              "sluice's router reads path bytes as little-endian words");

/// The first (up to) 8 bytes of `text` as a little-endian word, zero-padded: equal words and
/// lengths mean equal texts for texts of at most 8 bytes. Computed at compile time for routes.
[[nodiscard]] constexpr std::uint64_t prefix_word(std::string_view text) noexcept {
  std::uint64_t w = 0;
  for (std::size_t i = 0; i < text.size() && i < 8; ++i) {
    w |= std::uint64_t{static_cast<unsigned char>(text[i])} << (8 * i);
  }
  return w;
}

/// The same word for text at run time, with loads that never read past the text.
[[nodiscard]] inline std::uint64_t load_prefix_word(const char* p, std::size_t n) noexcept {
  std::uint64_t w = 0;
  if (n >= 8) {
    std::memcpy(&w, p, 8);
  } else if (n >= 4) {
    std::uint32_t lo = 0;
    std::uint32_t hi = 0;
    std::memcpy(&lo, p, 4);
    std::memcpy(&hi, p + n - 4, 4);  // overlaps `lo` with the same bytes
    w = lo | (std::uint64_t{hi} << (8 * (n - 4)));
  } else if (n >= 2) {
    std::uint16_t lo = 0;
    std::uint16_t hi = 0;
    std::memcpy(&lo, p, 2);
    std::memcpy(&hi, p + n - 2, 2);
    w = lo | (std::uint64_t{hi} << (8 * (n - 2)));
  } else if (n == 1) {
    w = static_cast<unsigned char>(*p);
  }
  return w;
}

/// Equality of `n` bytes past the first 8 (which the prefix words compared already).
[[nodiscard]] inline bool same_tail(const char* a, const char* b, std::size_t n) noexcept {
  for (std::size_t i = 8; i < n; i += 8) {
    const std::size_t at = i + 8 <= n ? i : n - 8;  // the last word may overlap the previous
    std::uint64_t x = 0;
    std::uint64_t y = 0;
    std::memcpy(&x, a + at, 8);
    std::memcpy(&y, b + at, 8);
    if (x != y) return false;
  }
  return true;
}

/// The prefix word of `data[begin, begin + length)` inside a buffer of `size >= 8` bytes:
/// one 8-byte load, from wherever 8 bytes are readable.
[[nodiscard]] inline std::uint64_t prefix_word_in(const char* data, std::size_t size, std::size_t begin,
                                                  std::size_t length) noexcept {
  const std::size_t at = begin + 8 <= size ? begin : size - 8;  // near the end: the last 8 bytes
  std::uint64_t w = 0;
  std::memcpy(&w, data + at, 8);
#if defined(__BMI2__)
  // an empty text at the very end shifts by 64 bits, taken mod 64 as `shrx` does; `bzhi` then
  // keeps 0 bytes (it reads only the index's low 8 bits, hence the clamp to 8 bytes)
  w >>= (8 * (begin - at)) & 63;
  return _bzhi_u64(w, static_cast<unsigned>(8 * (length < 8 ? length : 8)));
#else
  if (length == 0) return 0;
  w >>= 8 * (begin - at);
  return length >= 8 ? w : w & ((std::uint64_t{1} << (8 * length)) - 1);
#endif
}

/// Where the router gets a segment's prefix word, when a probe needs it: from the bytes around
/// the segment when every segment is a view into one buffer of at least 8 bytes (the vector
/// split's paths: one load and a mask), or else with loads that stay inside the segment.
struct segment_words {
  const char* buffer = nullptr;  // when set: each segment lies in [buffer, buffer + size)
  std::size_t buffer_size = 0;   // at least 8 when `buffer` is set

  /// The prefix word of `segment`.
  [[nodiscard]] SLUICE_ALWAYS_INLINE std::uint64_t of(std::string_view segment) const noexcept {
    if (SLUICE_LIKELY(buffer != nullptr)) {
      return prefix_word_in(buffer, buffer_size, static_cast<std::size_t>(segment.data() - buffer), segment.size());
    }
    return word_inside(segment);
  }

 private:
  /// Out of line: the walk's registers are for the common way.
  SLUICE_NOINLINE static std::uint64_t word_inside(std::string_view segment) noexcept {
    return load_prefix_word(segment.data(), segment.size());
  }
};

}  // namespace sluice::detail
