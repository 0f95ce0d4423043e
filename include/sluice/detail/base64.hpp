// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// RFC 4648 base64 (standard alphabet) for bodies with `isBase64Encoded`.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "sluice/detail/arena.hpp"

namespace sluice::detail {

inline constexpr char base64_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

inline constexpr auto base64_values = [] {
  struct table {
    std::int8_t value[256];
  } t{};
  for (auto& v : t.value) v = -1;
  for (int i = 0; i < 64; ++i) t.value[static_cast<unsigned char>(base64_alphabet[i])] = static_cast<std::int8_t>(i);
  return t;
}();

[[nodiscard]] constexpr std::size_t base64_encoded_size(std::size_t n) noexcept { return (n + 2) / 3 * 4; }

/// Writes the base64 form of `bytes` to `out` (room for `base64_encoded_size` bytes).
inline void base64_encode(std::string_view bytes, char* out) noexcept {
  const auto* in = reinterpret_cast<const unsigned char*>(bytes.data());
  std::size_t i = 0;
  std::size_t o = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t v = (std::uint32_t{in[i]} << 16) | (std::uint32_t{in[i + 1]} << 8) | in[i + 2];
    out[o++] = base64_alphabet[v >> 18];
    out[o++] = base64_alphabet[(v >> 12) & 63];
    out[o++] = base64_alphabet[(v >> 6) & 63];
    out[o++] = base64_alphabet[v & 63];
  }
  if (const std::size_t rest = bytes.size() - i; rest != 0) {
    std::uint32_t v = std::uint32_t{in[i]} << 16;
    if (rest == 2) v |= std::uint32_t{in[i + 1]} << 8;
    out[o++] = base64_alphabet[v >> 18];
    out[o++] = base64_alphabet[(v >> 12) & 63];
    out[o++] = rest == 2 ? base64_alphabet[(v >> 6) & 63] : '=';
    out[o++] = '=';
  }
}

/// Decodes base64 text (padding optional, no whitespace); nullopt when it is not base64.
[[nodiscard]] inline std::optional<std::string_view> base64_decode(std::string_view text, arena& a) {
  std::size_t padding = 0;
  while (padding < 2 && !text.empty() && text.back() == '=') {
    text.remove_suffix(1);
    ++padding;
  }
  if (padding != 0 && (text.size() + padding) % 4 != 0) return std::nullopt;
  if (text.size() % 4 == 1) return std::nullopt;
  char* out = a.allocate_chars(text.size() / 4 * 3 + 3);
  std::size_t o = 0;
  std::uint32_t acc = 0;
  int bits = 0;
  for (const char c : text) {
    const int v = base64_values.value[static_cast<unsigned char>(c)];
    if (v < 0) return std::nullopt;
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  // leftover bits must be zero, or the text was not produced by an encoder
  if (bits != 0 && (acc & ((1u << bits) - 1)) != 0) return std::nullopt;
  return std::string_view{out, o};
}

}  // namespace sluice::detail
