// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// JSON string text without a parser: views of escaped strings, unescaping them on demand,
// and escaping text for output.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "sluice/detail/arena.hpp"
#include "sluice/detail/text.hpp"

namespace sluice::detail {

/// A JSON string as it appears in the input: the text between the quotes, escapes intact.
struct raw_string {
  std::string_view text;
  bool escaped = false;  // holds a backslash: must be unescaped before use
};

/// The text of `s` with JSON escapes undone, in `a` when needed; nullopt when an escape is
/// invalid (unknown letter, bad hex, lone surrogate).
[[nodiscard]] inline std::optional<std::string_view> unescape(raw_string s, arena& a) {
  if (!s.escaped) return s.text;
  const std::string_view in = s.text;
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
    if (in[i] != '\\') {
      out[n++] = in[i];
      continue;
    }
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

/**
 * Appends `text` to `out` as the inside of a JSON string: quotes, backslashes and control
 * bytes escaped, each byte of invalid UTF-8 replaced by U+FFFD. `Out` has `append` and
 * `push_back`.
 */
template <class Out>
void escape_json(std::string_view text, Out& out) {
  constexpr char hex[] = "0123456789abcdef";
  std::size_t run = 0;  // start of the pending run of bytes copied as they are
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (!json_special.special[c]) {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      const std::size_t n = utf8_sequence_length(text, i);
      if (n != 0) {
        i += n;
        continue;
      }
    }
    out.append(text.substr(run, i - run));
    switch (c) {
      case '"': out.append("\\\""); break;
      case '\\': out.append("\\\\"); break;
      case '\n': out.append("\\n"); break;
      case '\r': out.append("\\r"); break;
      case '\t': out.append("\\t"); break;
      case '\b': out.append("\\b"); break;
      case '\f': out.append("\\f"); break;
      default:
        if (c >= 0x80) {
          out.append("\\ufffd");
        } else {
          const char esc[] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xF]};
          out.append(std::string_view{esc, sizeof esc});
        }
    }
    run = ++i;
  }
  out.append(text.substr(run));
}

}  // namespace sluice::detail
