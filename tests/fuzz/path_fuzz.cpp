// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors

// canonical_path against a plain reference written from DESIGN section 3 (byte by byte, no
// SIMD, no fast path): both accept the same paths and give the same segments. An accepted
// path is canonical: no empty segment but a trailing one, no dot segment, no '/', '\' or
// control byte inside a segment, valid UTF-8; rendering it and parsing again gives it back.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz.hpp"
#include "sluice/path.hpp"

namespace path_fuzz {

using segments = std::vector<std::string>;

int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/// RFC 3629: shortest form, no surrogates, at most U+10FFFF.
bool is_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      ++i;
      continue;
    }
    if (b < 0xC0 || b >= 0xF8) return false;
    const std::size_t n = b >= 0xF0 ? 3 : b >= 0xE0 ? 2 : 1;  // continuation bytes
    std::uint32_t cp = b & (0x3Fu >> n);
    if (i + n >= s.size()) return false;
    for (std::size_t k = 1; k <= n; ++k) {
      const auto c = static_cast<unsigned char>(s[i + k]);
      if ((c & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (c & 0x3F);
    }
    const std::uint32_t least[] = {0, 0x80, 0x800, 0x10000};
    if (cp < least[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n + 1;
  }
  return true;
}

bool is_dot_segment(std::string_view s) {
  const std::string_view name = s.substr(0, s.find(';'));
  return (name == "." || name == "..") && (name.size() == s.size() || s[name.size()] == ';');
}

bool is_control(unsigned char c) {
  return c < 0x20 || c == 0x7F;
}

/// The canonical segments of `path`, or nullopt when canonical_path must refuse it.
std::optional<segments> reference(std::string_view path, bool encoded,
                                  const sluice::path_limits& limits) {
  if (path.size() > limits.max_bytes || path.empty() || path[0] != '/') return std::nullopt;
  if (path == "/") return segments{};
  const std::size_t max_segments = limits.max_segments < 256 ? limits.max_segments : 256;
  segments out;
  std::string_view rest = path.substr(1);
  for (bool last = false; !last;) {
    const std::size_t slash = rest.find('/');
    last = slash == std::string_view::npos;
    const std::string_view raw = rest.substr(0, slash);
    rest.remove_prefix(last ? rest.size() : slash + 1);
    if (raw.empty() && !last) return std::nullopt;
    if (out.size() == max_segments || raw.size() > limits.max_segment_bytes) return std::nullopt;
    std::string decoded;
    for (std::size_t i = 0; i < raw.size(); ++i) {
      const char c = raw[i];
      if (c == '\\' || is_control(static_cast<unsigned char>(c))) return std::nullopt;
      if (encoded && c == '#') return std::nullopt;
      if (encoded && c == '%') {
        if (i + 2 >= raw.size() || hex(raw[i + 1]) < 0 || hex(raw[i + 2]) < 0) return std::nullopt;
        const auto d = static_cast<unsigned char>(hex(raw[i + 1]) * 16 + hex(raw[i + 2]));
        if (d == '/' || d == '\\' || is_control(d)) return std::nullopt;
        decoded += static_cast<char>(d);
        i += 2;
      } else {
        decoded += c;
      }
    }
    if (!is_utf8(decoded) || is_dot_segment(decoded)) return std::nullopt;
    out.push_back(std::move(decoded));
  }
  return out;
}

segments copy(const sluice::canonical_path& p) {
  segments out;
  for (const std::string_view s : p.segments()) out.emplace_back(s);
  return out;
}

/// The path that gives `segs` again: '%' and '#' escaped for an encoded source.
std::string render(const segments& segs, bool encoded) {
  if (segs.empty()) return "/";
  std::string out;
  for (const std::string& s : segs) {
    out += '/';
    for (const char c : s) {
      if (encoded && (c == '%' || c == '#')) {
        out += c == '%' ? "%25" : "%23";
      } else {
        out += c;
      }
    }
  }
  return out;
}

void check_canonical(const sluice::canonical_path& p) {
  const auto segs = p.segments();
  for (std::size_t i = 0; i < segs.size(); ++i) {
    const std::string_view s = segs[i];
    FUZZ_CHECK(!s.empty() || i + 1 == segs.size());
    FUZZ_CHECK(!is_dot_segment(s));
    FUZZ_CHECK(is_utf8(s));
    for (const char c : s)
      FUZZ_CHECK(c != '/' && c != '\\' && !is_control(static_cast<unsigned char>(c)));
    // the router compares these words with its literals' words
    FUZZ_CHECK(p.segment_word(i) == sluice::detail::prefix_word(s));
  }
}

}  // namespace path_fuzz

void fuzz::path_target(const std::uint8_t* data, std::size_t size) {
  using namespace path_fuzz;
  fuzz::input in(data, size);
  const std::uint8_t mode = in.byte();
  const bool encoded = (mode & 1) != 0;
  sluice::path_limits limits;
  if (mode & 2) {  // small limits, so that every bound is met at its edge
    limits.max_bytes = 16 + in.byte();
    limits.max_segments = in.byte() % 40;
    limits.max_segment_bytes = in.byte() % 40;
  }
  const std::string_view path = in.rest();
  const auto encoding = encoded ? sluice::path_encoding::encoded : sluice::path_encoding::decoded;

  static sluice::detail::arena arena;
  arena.reset();
  sluice::canonical_path p;
  const sluice::path_problem problem = p.parse(path, encoding, limits, arena);
  const std::optional<segments> expected = reference(path, encoded, limits);
  FUZZ_CHECK((problem == sluice::path_problem::none) == expected.has_value());
  if (!expected) {
    FUZZ_CHECK(sluice::status_of(problem) == 400 || sluice::status_of(problem) == 414);
    return;
  }
  const segments got = copy(p);
  FUZZ_CHECK(got == *expected);
  check_canonical(p);

  // idempotent: the rendered canonical path parses to the same segments (without limits)
  const std::string again = render(got, encoded);
  sluice::canonical_path q;
  FUZZ_CHECK(
      q.parse(again, encoding,
              {.max_bytes = again.size(), .max_segments = 256, .max_segment_bytes = again.size()},
              arena) == sluice::path_problem::none);
  FUZZ_CHECK(copy(q) == got);

  // a greedy parameter's value is the segments from its start, joined by '/'
  if (!got.empty()) {
    const std::size_t first = mode % got.size();
    std::string joined;
    for (std::size_t i = first; i < got.size(); ++i) joined += (i == first ? "" : "/") + got[i];
    FUZZ_CHECK(p.tail(first, arena) == joined);
  }
  // the trailing-slash retry adds or drops exactly the empty last segment, and undoes itself
  if (got.size() < sluice::canonical_path::segment_capacity) {
    p.toggle_trailing_slash();
    FUZZ_CHECK(p.has_trailing_slash() != (!got.empty() && got.back().empty()));
    p.toggle_trailing_slash();
    FUZZ_CHECK(copy(p) == got);
  }
}
