// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// JSON string text without a parser: views of escaped strings, unescaping them on demand,
// and escaping text for output.

#include <bit>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "sluice/detail/arena.hpp"
#include "sluice/detail/config.hpp"
#include "sluice/detail/text.hpp"

namespace sluice::detail {

/// A JSON string as it appears in the input: the text between the quotes, escapes intact.
struct raw_string {
  std::string_view text;
  bool escaped = false;  // holds a backslash: must be unescaped before use
};

/// The text `in` with JSON escapes undone, in `a`; nullopt when an escape is invalid.
[[nodiscard]] inline std::optional<std::string_view> unescape_text(std::string_view in, arena& a) {
  char* out = a.allocate_chars(in.size());  // never grows: "\uXXXX" is 6 bytes for at most 3
  std::size_t n = 0;
  const auto hex4 = [&](std::size_t at, std::uint32_t& v) {
    if (at + 4 > in.size()) return false;
    v = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      const int d = hex_value(in[at + k]);
      if (d < 0) return false;
      v = v * 16 + static_cast<std::uint32_t>(d);
    }
    return true;
  };
  for (std::size_t i = 0; i < in.size(); ++i) {
#if defined(__SSE2__)
    // 16 bytes at a time up to the next escape: stored whole (`n <= i`, so they fit), kept up to it
    if (i + 16 <= in.size()) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in.data() + i));
      _mm_storeu_si128(reinterpret_cast<__m128i*>(out + n), v);
      const unsigned escapes = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))));
      const unsigned plain = escapes == 0 ? 16u : static_cast<unsigned>(std::countr_zero(escapes));
      n += plain;
      i += plain;
      if (escapes == 0) {
        --i;  // the loop's ++i
        continue;
      }
    } else if (in[i] != '\\') {
      out[n++] = in[i];
      continue;
    }
#else
    if (in[i] != '\\') {
      out[n++] = in[i];
      continue;
    }
#endif
    if (++i == in.size()) return std::nullopt;
    switch (in[i]) {
      case '"': out[n++] = '"'; break;
      case '\\': out[n++] = '\\'; break;
      case '/': out[n++] = '/'; break;
      case 'b': out[n++] = '\b'; break;
      case 'f': out[n++] = '\f'; break;
      case 'n': out[n++] = '\n'; break;
      case 'r': out[n++] = '\r'; break;
      case 't': out[n++] = '\t'; break;
      case 'u': {
        std::uint32_t cp = 0;
        if (!hex4(i + 1, cp)) return std::nullopt;
        i += 4;
        if (cp >= 0xDC00 && cp <= 0xDFFF) return std::nullopt;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          std::uint32_t low = 0;
          if (i + 2 >= in.size() || in[i + 1] != '\\' || in[i + 2] != 'u' || !hex4(i + 3, low)) return std::nullopt;
          if (low < 0xDC00 || low > 0xDFFF) return std::nullopt;
          i += 6;
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        }
        if (cp < 0x80) {
          out[n++] = static_cast<char>(cp);
        } else if (cp < 0x800) {
          out[n++] = static_cast<char>(0xC0 | (cp >> 6));
          out[n++] = static_cast<char>(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
          out[n++] = static_cast<char>(0xE0 | (cp >> 12));
          out[n++] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
          out[n++] = static_cast<char>(0x80 | (cp & 0x3F));
        } else {
          out[n++] = static_cast<char>(0xF0 | (cp >> 18));
          out[n++] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
          out[n++] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
          out[n++] = static_cast<char>(0x80 | (cp & 0x3F));
        }
        break;
      }
      default:
        return std::nullopt;
    }
  }
  return std::string_view{out, n};
}

/// The text of `s` with JSON escapes undone (in `a` only when it has any); nullopt when an
/// escape is invalid (unknown letter, bad hex, lone surrogate).
[[nodiscard]] SLUICE_ALWAYS_INLINE std::optional<std::string_view> unescape(raw_string s, arena& a) {
  if (!s.escaped) return s.text;
  return unescape_text(s.text, a);
}

/// Which bytes `escape_json` must look at: '"', '\\', control bytes and non-ASCII.
inline constexpr auto json_special = [] {
  struct table {
    bool special[256]{};
  } t;
  for (int c = 0; c < 0x20; ++c) t.special[c] = true;
  t.special[static_cast<unsigned char>('"')] = true;
  t.special[static_cast<unsigned char>('\\')] = true;
  for (int c = 0x80; c < 0x100; ++c) t.special[c] = true;
  return t;
}();

/// Writes the escaped form of `text` (see `escape_json`) at `out`, which has room for
/// `6 * text.size() + 16` bytes (16-byte blocks are copied whole); returns the end.
[[nodiscard]] inline char* escape_json_to(std::string_view text, char* out) noexcept {
  constexpr char hex[] = "0123456789abcdef";
  const char* p = text.data();
  const char* const end = p + text.size();
  while (p != end) {
#if defined(__SSE2__)
    bool at_special = false;
    while (end - p >= 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
      const __m128i special =
          _mm_or_si128(_mm_cmplt_epi8(v, _mm_set1_epi8(0x20)),
                       _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))));
      _mm_storeu_si128(reinterpret_cast<__m128i*>(out), v);
      const auto mask = static_cast<unsigned>(_mm_movemask_epi8(special));
      if (mask == 0) {
        p += 16;
        out += 16;
        continue;
      }
      const auto plain = static_cast<std::size_t>(std::countr_zero(mask));
      p += plain;
      out += plain;
      at_special = true;
      break;
    }
    if (!at_special) {
      while (p != end && !json_special.special[static_cast<unsigned char>(*p)]) *out++ = *p++;
      if (p == end) break;
    }
#else
    while (p != end && !json_special.special[static_cast<unsigned char>(*p)]) *out++ = *p++;
    if (p == end) break;
#endif
    const auto c = static_cast<unsigned char>(*p);
    if (c >= 0x80) {
      const std::size_t n = utf8_sequence_length(std::string_view(p, static_cast<std::size_t>(end - p)), 0);
      if (n != 0) {
        for (std::size_t k = 0; k < n; ++k) *out++ = *p++;
        continue;
      }
      for (const char e : {'\\', 'u', 'f', 'f', 'f', 'd'}) *out++ = e;
      ++p;
      continue;
    }
    *out++ = '\\';
    switch (c) {
      case '"': *out++ = '"'; break;
      case '\\': *out++ = '\\'; break;
      case '\n': *out++ = 'n'; break;
      case '\r': *out++ = 'r'; break;
      case '\t': *out++ = 't'; break;
      case '\b': *out++ = 'b'; break;
      case '\f': *out++ = 'f'; break;
      default:
        for (const char e : {'u', '0', '0', hex[c >> 4], hex[c & 0xF]}) *out++ = e;
    }
    ++p;
  }
  return out;
}

/**
 * Appends `text` to `out` as the inside of a JSON string: quotes, backslashes and control
 * bytes escaped, each byte of invalid UTF-8 replaced by U+FFFD. `Out` has `extend(n)` and
 * `shrink_by(n)` (written in place, block by block), or `append` and `push_back`.
 */
template <class Out>
void escape_json(std::string_view text, Out& out) {
  if (text.size() <= 32) {  // keys and short values: usually nothing to escape, one copy
    bool plain = true;
    for (const char c : text) plain &= !json_special.special[static_cast<unsigned char>(c)];
    if (plain) {
      out.append(text);
      return;
    }
  }
  if constexpr (requires { out.extend(std::size_t{1}); out.shrink_by(std::size_t{1}); }) {
    constexpr std::size_t block = 4096;  // bounds the room reserved at once
    while (!text.empty()) {
      std::size_t n = text.size() < block ? text.size() : block;
      // a block never ends inside a UTF-8 sequence, or the sequence would look invalid
      while (n < text.size() && n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
      if (n == 0) n = text.size() < block ? text.size() : block;
      const std::size_t room = n * 6 + 16;
      char* const start = out.extend(room);
      char* const stop = escape_json_to(text.substr(0, n), start);
      out.shrink_by(room - static_cast<std::size_t>(stop - start));
      text.remove_prefix(n);
    }
  } else {
    // through a small buffer: 32 bytes of text escape to at most 6 * 32 + 16
    char buffer[6 * 32 + 16];
    while (!text.empty()) {
      std::size_t n = text.size() < 32 ? text.size() : 32;
      while (n < text.size() && n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
      if (n == 0) n = text.size() < 32 ? text.size() : 32;
      char* const stop = escape_json_to(text.substr(0, n), buffer);
      out.append(std::string_view(buffer, static_cast<std::size_t>(stop - buffer)));
      text.remove_prefix(n);
    }
  }
}

/// Whether a JSON string's text holds a backslash, i.e. an escape to undo.
[[nodiscard]] inline bool has_backslash(std::string_view text) noexcept {
  std::size_t i = 0;
#if defined(__SSE2__)
  for (; i + 16 <= text.size(); i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i));
    if (_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))) != 0) return true;
  }
#endif
  for (; i < text.size(); ++i) {
    if (text[i] == '\\') return true;
  }
  return false;
}

/**
 * `has_backslash` for text inside a padded JSON document, which stays readable for at least 16
 * bytes past the text's end: whole 16-byte loads, the last one masked, no byte-by-byte tail.
 */
[[nodiscard]] inline bool has_backslash_in_padded(std::string_view text) noexcept {
#if defined(__SSE2__)
  for (std::size_t i = 0; i < text.size(); i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i));
    unsigned found = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))));
    if (text.size() - i < 16) found &= (1u << (text.size() - i)) - 1u;
    if (found != 0) return true;
  }
  return false;
#else
  return has_backslash(text);
#endif
}

}  // namespace sluice::detail
