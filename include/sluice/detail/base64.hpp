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

struct base64_table {
  std::int8_t value[256];
};

constexpr base64_table make_base64_table(bool url) noexcept {
  base64_table t{};
  for (auto& v : t.value) v = -1;
  for (int i = 0; i < 64; ++i) t.value[static_cast<unsigned char>(base64_alphabet[i])] = static_cast<std::int8_t>(i);
  if (url) {  // RFC 4648 section 5: '-' and '_' instead of '+' and '/'
    t.value[static_cast<unsigned char>('+')] = t.value[static_cast<unsigned char>('/')] = -1;
    t.value[static_cast<unsigned char>('-')] = 62;
    t.value[static_cast<unsigned char>('_')] = 63;
  }
  return t;
}

inline constexpr base64_table base64_values = make_base64_table(false);
inline constexpr base64_table base64url_values = make_base64_table(true);

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

/// Decodes the unpadded body of base64 text with `table`; nullopt on a foreign character or
/// leftover bits an encoder would not write.
[[nodiscard]] inline std::optional<std::string_view> base64_decode_with(std::string_view text, const base64_table& table,
                                                                       arena& a) {
  if (text.size() % 4 == 1) return std::nullopt;
  char* out = a.allocate_chars(text.size() / 4 * 3 + 3);
  std::size_t o = 0;
  std::uint32_t acc = 0;
  int bits = 0;
  for (const char c : text) {
    const int v = table.value[static_cast<unsigned char>(c)];
    if (v < 0) return std::nullopt;
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  if (bits != 0 && (acc & ((1u << bits) - 1)) != 0) return std::nullopt;
  return std::string_view{out, o};
}

/// Decodes base64 text (padding optional, no whitespace); nullopt when it is not base64.
[[nodiscard]] inline std::optional<std::string_view> base64_decode(std::string_view text, arena& a) {
  std::size_t padding = 0;
  while (padding < 2 && !text.empty() && text.back() == '=') {
    text.remove_suffix(1);
    ++padding;
  }
  if (padding != 0 && (text.size() + padding) % 4 != 0) return std::nullopt;
  return base64_decode_with(text, base64_values, a);
}

/// Decodes base64url without padding (JWT segments, JWK members); nullopt otherwise.
[[nodiscard]] inline std::optional<std::string_view> base64url_decode(std::string_view text, arena& a) {
  return base64_decode_with(text, base64url_values, a);
}

}  // namespace sluice::detail
