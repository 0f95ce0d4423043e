// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// One canonical path per request (DESIGN section 3): the router and every check that
// looks at the path see exactly this, produced once.

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>

#include "sluice/detail/arena.hpp"
#include "sluice/detail/config.hpp"
#include "sluice/detail/text.hpp"
#include "sluice/detail/words.hpp"

#if defined(__SSSE3__)
#include <immintrin.h>
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace sluice {

/// Whether a source hands over the path still percent-encoded or already decoded once.
enum class path_encoding : std::uint8_t {
  encoded,  // REST API `path`, Function URL and ALB `path`, the local gateway
  decoded,  // HTTP API `rawPath` and its payload 1.0 `path`: never decoded again
};

/// Bounds on the work a path can cause. Over a bound, the request gets `414`.
struct path_limits {
  std::size_t max_bytes = 8192;
  std::size_t max_segments = 128;
  std::size_t max_segment_bytes = 1024;
};

/// Why a path was refused. `none` means it is canonical.
enum class path_problem : std::uint8_t {
  none,
  not_absolute,
  empty_segment,
  dot_segment,
  encoded_slash,
  encoded_backslash,
  control_character,
  backslash,
  fragment,
  malformed_escape,
  invalid_utf8,
  too_long,
  too_many_segments,
  segment_too_long,
};

/// `400`, or `414` for the limits.
[[nodiscard]] constexpr int status_of(path_problem p) noexcept {
  switch (p) {
    case path_problem::none: return 200;
    case path_problem::too_long:
    case path_problem::too_many_segments:
    case path_problem::segment_too_long: return 414;
    default: return 400;
  }
}

[[nodiscard]] constexpr std::string_view describe(path_problem p) noexcept {
  switch (p) {
    case path_problem::none: return "the path is canonical";
    case path_problem::not_absolute: return "the path must start with '/'";
    case path_problem::empty_segment: return "the path has an empty segment ('//')";
    case path_problem::dot_segment: return "the path has a '.' or '..' segment";
    case path_problem::encoded_slash: return "the path has an encoded '/' (%2F) inside a segment";
    case path_problem::encoded_backslash: return "the path has an encoded '\\' (%5C)";
    case path_problem::control_character: return "the path has a control character or NUL";
    case path_problem::backslash: return "the path has a '\\'";
    case path_problem::fragment: return "the path has a '#'";
    case path_problem::malformed_escape: return "the path has a malformed '%' escape";
    case path_problem::invalid_utf8: return "the path is not valid UTF-8 once decoded";
    case path_problem::too_long: return "the path is too long";
    case path_problem::too_many_segments: return "the path has too many segments";
    case path_problem::segment_too_long: return "a path segment is too long";
  }
  return "the path is invalid";
}

namespace detail {

// Named so that the compiler's message says what went wrong: each is called by `set_of` only
// when its rule is broken, and calling a function that is not constexpr stops the compilation.
void byte_set_members_must_be_ascii();
void byte_set_members_must_have_distinct_low_nibbles();

/// A set of ASCII bytes, each with its own low nibble, as the 16-byte table `pshufb` reads:
/// a byte `b` is in the set when `table[b & 15] == b`. The other entries hold 0x80, which no
/// byte under 0x80 equals, and no byte of 0x80 or more is ever in the set (for those `pshufb`
/// gives 0, not a table entry).
/// Unlike a splat of one byte, which GCC rebuilds with three instructions at every use, a
/// table is one load, and one set costs a shuffle and a compare however many bytes it holds.
/// Plain data, defined whatever the target; only the SSSE3 code reads it.
struct alignas(32) byte_set {
  char table[32];  // twice: one copy per 128-bit lane
};
/// The set of `members`, checked as it is built: two members sharing a low nibble would take
/// the same entry, and a member of 0x80 or more would never match, so either would quietly
/// drop a member out of the set. Both stop the compilation.
consteval byte_set set_of(std::string_view members) {
  byte_set s{};
  for (char& c : s.table) c = static_cast<char>(0x80);
  for (const char c : members) {
    if (static_cast<unsigned char>(c) >= 0x80) byte_set_members_must_be_ascii();
    if (s.table[c & 15] != static_cast<char>(0x80)) byte_set_members_must_have_distinct_low_nibbles();
    s.table[c & 15] = c;
    s.table[16 + (c & 15)] = c;
  }
  return s;
}
// with "below 0x20 as signed bytes" (control bytes and non-ASCII), the unusual bytes
inline constexpr byte_set escape_fragment_backslash_del = set_of("%#\\\x7F");
inline constexpr byte_set slash_set = set_of("/");
inline constexpr byte_set slash_or_dot_set = set_of("/.");

}  // namespace detail

/**
 * A path split into segments, each decoded exactly once. Rejects everything two readers
 * could read differently: encoded `/` or `\`, dot segments (also `%2e` and `..;x`), empty
 * segments, control bytes, malformed escapes, invalid or overlong UTF-8, raw `\` and `#`.
 * A trailing slash is kept as an empty last segment: `/pets/` is `{"pets", ""}`; `/` has
 * no segment. Views point into the path or the arena given to `parse`.
 *
 * **Example**: `canonical_path p; p.parse("/a/%62", path_encoding::encoded, {}, arena);`
 * gives segments `{"a", "b"}`.
 */
class canonical_path {
 public:
  static constexpr std::size_t segment_capacity = 256;

  [[nodiscard]] path_problem parse(std::string_view path, path_encoding encoding, const path_limits& limits,
                                   detail::arena& arena) noexcept {
    count_ = 0;
    added_slash_ = false;
    in_path_ = false;
    path_ = path;
    if (path.size() > limits.max_bytes) return path_problem::too_long;
    if (path.empty() || path[0] != '/') return path_problem::not_absolute;
    max_segments_ = limits.max_segments < segment_capacity ? limits.max_segments : segment_capacity;
#if defined(__SSE2__)
    if (path.size() >= 8 && path.size() <= 64 && split_plain(path, limits)) return path_problem::none;
#endif
    return parse_general(path, encoding, limits, arena);
  }

  /// The decoded segments.
  [[nodiscard]] std::span<const std::string_view> segments() const noexcept { return {segments_.data(), count_}; }
  /// How the router gets a segment's first 8 bytes as a little-endian word
  /// (`detail::prefix_word`), when a probe needs it: after the vector split, every segment is a
  /// view of the path, so one load from the path's bytes; otherwise loads inside the segment.
  [[nodiscard]] detail::segment_words segment_words() const noexcept {
    if (in_path_) return {path_.data(), path_.size()};
    return {};
  }
  /// Segment `i`'s word, as the router reads it.
  [[nodiscard]] std::uint64_t segment_word(std::size_t i) const noexcept { return segment_words().of(segments_[i]); }
  [[nodiscard]] std::string_view path() const noexcept { return path_; }
  [[nodiscard]] bool has_trailing_slash() const noexcept { return count_ != 0 && segments_[count_ - 1].empty(); }

  /// The decoded rest of the path from segment `first` on, for a `{name+}` parameter.
  [[nodiscard]] std::string_view tail(std::size_t first, detail::arena& arena) const {
    if (first >= count_) return {};
    // a segment that was decoded lives in the arena; the others are views of the path
    const auto in_path = [this](std::string_view seg) {
      return seg.data() >= path_.data() && seg.data() <= path_.data() + path_.size();
    };
    bool decoded = added_slash_;
    std::size_t size = count_ - first - 1;
    for (std::size_t i = first; i < count_; ++i) {
      decoded |= !in_path(segments_[i]);
      size += segments_[i].size();
    }
    const char* begin = segments_[first].data();
    if (!decoded) return {begin, static_cast<std::size_t>(segments_[count_ - 1].data() + segments_[count_ - 1].size() - begin)};
    char* out = arena.allocate_chars(size);
    std::size_t n = 0;
    for (std::size_t i = first; i < count_; ++i) {
      if (i != first) out[n++] = '/';
      for (const char c : segments_[i]) out[n++] = c;
    }
    return {out, n};
  }

  /// Drops a trailing slash (the empty last segment), or adds one.
  void toggle_trailing_slash() noexcept {
    if (added_slash_ || has_trailing_slash()) {
      --count_;
      added_slash_ = false;
    } else if (count_ < segment_capacity) {
      segments_[count_] = std::string_view{path_.data() + path_.size(), 0};
      ++count_;
      added_slash_ = true;
    }
  }

 private:
  enum : unsigned char { separator = 1, escape = 2, refused = 4, fragment = 8, non_ascii = 16 };

  struct byte_table {
    unsigned char of[256];
  };
  static constexpr byte_table byte_classes = [] {
    byte_table t{};
    for (int c = 0; c < 0x20; ++c) t.of[c] = refused;
    t.of[0x7F] = refused;
    t.of[static_cast<unsigned char>('\\')] = refused;
    t.of[static_cast<unsigned char>('/')] = separator;
    t.of[static_cast<unsigned char>('%')] = escape;
    t.of[static_cast<unsigned char>('#')] = fragment;
    for (int c = 0x80; c < 0x100; ++c) t.of[c] = non_ascii;
    return t;
  }();

  /// The scalar and 16-byte loop for every path `split_plain` leaves: escapes, non-ASCII,
  /// refused bytes, dot or empty segments, and paths under 8 or over 64 bytes. Out of line,
  /// so that the common path pays for none of its registers.
  SLUICE_NOINLINE path_problem parse_general(std::string_view path, path_encoding encoding, const path_limits& limits,
                                             detail::arena& arena) noexcept {
    count_ = 0;
    const bool encoded = encoding == path_encoding::encoded;
    const char* const end = path.data() + path.size();
    const char* begin = path.data() + 1;  // the segment being read
    unsigned seen = 0;                    // byte classes met in it
    const char* p = begin;
    // One class per byte; a segment's bytes are looked at again only when it holds something
    // unusual (an escape, a byte to refuse, non-ASCII). With SSE2, 16 bytes at a time: in the
    // common chunk nothing is unusual and only the '/' positions matter.
#if defined(__SSE2__)
    while (end - p >= 16) {
      const byte_masks masks = masks_of(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
      if (masks.unusual == 0) {
        for (unsigned slashes = masks.slashes; slashes != 0; slashes &= slashes - 1) {
          const char* at = p + std::countr_zero(slashes);
          if (const path_problem problem = end_segment(begin, at, seen, false, encoded, limits, arena);
              problem != path_problem::none) {
            return problem;
          }
          begin = at + 1;
          seen = 0;
        }
        p += 16;
        continue;
      }
      for (const char* chunk_end = p + 16; p != chunk_end; ++p) {
        if (const path_problem problem = step(p, begin, seen, encoded, limits, arena); problem != path_problem::none) {
          return problem;
        }
      }
    }
    // the last partial chunk: the path's last 16 bytes, minus those already read
    if (p != end && path.size() >= 16) {
      const byte_masks masks = masks_of(_mm_loadu_si128(reinterpret_cast<const __m128i*>(end - 16)));
      const unsigned fresh = 0xFFFFu << (16 - (end - p));  // the bytes not read yet
      if ((masks.unusual & fresh) == 0) {
        for (unsigned slashes = masks.slashes & fresh; slashes != 0; slashes &= slashes - 1) {
          const char* at = end - 16 + std::countr_zero(slashes);
          if (const path_problem problem = end_segment(begin, at, seen, false, encoded, limits, arena);
              problem != path_problem::none) {
            return problem;
          }
          begin = at + 1;
          seen = 0;
        }
        p = end;
      }
    }
#endif
    for (; p != end; ++p) {
      if (const path_problem problem = step(p, begin, seen, encoded, limits, arena); problem != path_problem::none) {
        return problem;
      }
    }
    if (begin == end && count_ == 0) return path_problem::none;  // "/": no segment
    return end_segment(begin, end, seen, true, encoded, limits, arena);
  }

#if defined(__SSE2__)
  static __m128i splat(char c) noexcept { return _mm_set1_epi8(c); }

  /// What the split needs of up to 32 path bytes, one bit per byte: any unusual byte (control
  /// bytes, DEL, non-ASCII, '%', '#' and '\\': what `split_plain` leaves to the byte loop, and
  /// what sends `parse_general`'s chunks to it), the '/' bytes, and the bytes that may not start
  /// a segment ('/' and '.'). One definition of each class for both.
  struct byte_masks {
    unsigned unusual;
    unsigned slashes;
    unsigned slash_or_dot;
  };

#if defined(__SSSE3__)
  static __m128i members(const detail::byte_set& set, __m128i v) noexcept {
    const __m128i table = _mm_load_si128(reinterpret_cast<const __m128i*>(set.table));
    return _mm_cmpeq_epi8(_mm_shuffle_epi8(table, v), v);
  }
  static byte_masks masks_of(__m128i v) noexcept {
    const __m128i unusual = _mm_or_si128(_mm_cmpgt_epi8(splat(0x20), v), members(detail::escape_fragment_backslash_del, v));
    return {static_cast<unsigned>(_mm_movemask_epi8(unusual)),
            static_cast<unsigned>(_mm_movemask_epi8(members(detail::slash_set, v))),
            static_cast<unsigned>(_mm_movemask_epi8(members(detail::slash_or_dot_set, v)))};
  }
#else
  static byte_masks masks_of(__m128i v) noexcept {
    // v + 1 as signed bytes: 0x00..0x1F become 0x01..0x20, 0x7F and 0x80..0xFF become 0x80..0x00
    // (negative or zero), so one "less than 0x21" finds control bytes, DEL and non-ASCII
    const __m128i below = _mm_cmplt_epi8(_mm_add_epi8(v, splat(1)), splat(0x21));
    const __m128i unusual = _mm_or_si128(_mm_or_si128(below, _mm_cmpeq_epi8(v, splat('%'))),
                                         _mm_or_si128(_mm_cmpeq_epi8(v, splat('#')), _mm_cmpeq_epi8(v, splat('\\'))));
    // '.' is 0x2E and '/' 0x2F: v | 1 is '/' for both
    return {static_cast<unsigned>(_mm_movemask_epi8(unusual)),
            static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, splat('/')))),
            static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_or_si128(v, splat(1)), splat('/'))))};
  }
#endif

#if defined(__AVX2__)
  static __m256i members(const detail::byte_set& set, __m256i v) noexcept {
    const __m256i table = _mm256_load_si256(reinterpret_cast<const __m256i*>(set.table));
    return _mm256_cmpeq_epi8(_mm256_shuffle_epi8(table, v), v);
  }
  static byte_masks masks_of(__m256i v) noexcept {
    const __m256i unusual =
        _mm256_or_si256(_mm256_cmpgt_epi8(_mm256_set1_epi8(0x20), v), members(detail::escape_fragment_backslash_del, v));
    return {static_cast<unsigned>(_mm256_movemask_epi8(unusual)),
            static_cast<unsigned>(_mm256_movemask_epi8(members(detail::slash_set, v))),
            static_cast<unsigned>(_mm256_movemask_epi8(members(detail::slash_or_dot_set, v)))};
  }
#endif

  /// The common path (8 to 64 bytes of plain ASCII: no escape, no empty or dot-led segment):
  /// one or two vector loads (two to four with SSE2 alone) give one bit per '/', per byte that
  /// may not start a segment and per unusual byte, every check is one test of those masks, and
  /// the segments are cut at the '/' bits. Returns false, having stored nothing that counts,
  /// for any other path; `parse_general` then reads it.
  bool split_plain(std::string_view path, const path_limits& limits) noexcept {
    const std::size_t n = path.size();
    const char* const data = path.data();
    std::uint64_t unusual = 0;
    std::uint64_t slashes = 0;
    std::uint64_t slash_or_dot = 0;
    // each mask bit goes to its byte's position: a vector of one load at `at`, or of two
    // halves, the first bytes and the last (which may overlap: the same bits twice)
    const auto add = [&](byte_masks m, std::size_t at) {
      unusual |= m.unusual;
      slashes |= std::uint64_t{m.slashes} << at;
      slash_or_dot |= std::uint64_t{m.slash_or_dot} << at;
    };
    const auto add_halves = [&](byte_masks m, unsigned half) {
      const auto place = [&](unsigned bits) {
        return (std::uint64_t{bits} & ((std::uint64_t{1} << half) - 1)) | std::uint64_t{bits >> half} << (n - half);
      };
      unusual = m.unusual;
      slashes = place(m.slashes);
      slash_or_dot = place(m.slash_or_dot);
    };
    if (n < 16) {
      std::uint64_t first = 0;
      std::uint64_t last = 0;
      std::memcpy(&first, data, 8);
      std::memcpy(&last, data + n - 8, 8);
      add_halves(masks_of(_mm_set_epi64x(static_cast<long long>(last), static_cast<long long>(first))), 8);
#if defined(__AVX2__)
    } else if (n <= 32) {
      add_halves(masks_of(_mm256_inserti128_si256(
                     _mm256_castsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(data))),
                     _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + n - 16)), 1)),
                 16);
    } else {
      add(masks_of(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(data))), 0);
      add(masks_of(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(data + n - 32))), n - 32);
    }
#else
    } else {
      for (std::size_t offset = 0; offset < n; offset += 16) {
        add(masks_of(_mm_loadu_si128(reinterpret_cast<const __m128i*>(data + std::min(offset, n - 16)))),
            std::min(offset, n - 16));  // the last load may overlap
      }
    }
#endif
    // a segment starts after each '/'; one that is empty ("//") or starts with '.' goes the
    // long way, as does anything unusual and a path over the limits
    const std::uint64_t starts = slashes << 1;
    if ((unusual | (starts & slash_or_dot)) != 0 ||
        static_cast<std::size_t>(std::popcount(slashes)) > max_segments_ || n > limits.max_segment_bytes) {
      return false;
    }
    std::size_t count = 0;
    std::size_t begin = 1;
    for (std::uint64_t rest = slashes & (slashes - 1); rest != 0; rest &= rest - 1) {  // past the leading '/'
      const auto at = static_cast<std::size_t>(std::countr_zero(rest));
      segments_[count++] = std::string_view(data + begin, at - begin);
      begin = at + 1;
    }
    segments_[count++] = std::string_view(data + begin, n - begin);  // empty: a trailing slash
    count_ = count;
    in_path_ = true;  // so each word is one load from the path, when the router needs it
    return true;
  }
#endif

  /// One byte of the scalar loop: ends a segment at '/', else notes the byte's class.
  SLUICE_ALWAYS_INLINE path_problem step(const char* p, const char*& begin, unsigned& seen, bool encoded, const path_limits& limits,
                    detail::arena& arena) noexcept {
    const unsigned c = byte_classes.of[static_cast<unsigned char>(*p)];
    if (c == 0) return path_problem::none;
    if (c != separator) {
      seen |= c;
      return path_problem::none;
    }
    const path_problem problem = end_segment(begin, p, seen, false, encoded, limits, arena);
    begin = p + 1;
    seen = 0;
    return problem;
  }

  /// The common segment (plain ASCII, not empty, not starting with '.') costs a few stores.
  SLUICE_ALWAYS_INLINE path_problem end_segment(const char* first, const char* last, unsigned seen, bool is_last, bool encoded,
                           const path_limits& limits, detail::arena& arena) noexcept {
    const auto size = static_cast<std::size_t>(last - first);
    if (seen == 0 && size != 0 && *first != '.' && count_ < max_segments_ && size <= limits.max_segment_bytes) {
      segments_[count_] = std::string_view(first, size);
      ++count_;
      return path_problem::none;
    }
    return add_segment(first, last, seen, is_last, encoded, limits, arena);
  }

  /// `.`, `..`, and the same followed by `;parameters` (`..;x`).
  static constexpr bool is_dot_segment(std::string_view s) noexcept {
    if (s.empty() || s[0] != '.') return false;
    const std::size_t n = s.size() > 1 && s[1] == '.' ? 2 : 1;
    return s.size() == n || s[n] == ';';
  }

  static path_problem refusal(std::string_view raw) noexcept {
    for (const char ch : raw) {
      const auto c = static_cast<unsigned char>(ch);
      if (c == '\\') return path_problem::backslash;
      if (c < 0x20 || c == 0x7F) return path_problem::control_character;
    }
    return path_problem::none;
  }

  SLUICE_NOINLINE path_problem add_segment(const char* first, const char* last, unsigned seen, bool is_last, bool encoded,
                           const path_limits& limits, detail::arena& arena) noexcept {
    const std::string_view raw(first, static_cast<std::size_t>(last - first));
    if (seen & refused) return refusal(raw);
    if (encoded && (seen & fragment)) return path_problem::fragment;
    if (raw.empty() && !is_last) return path_problem::empty_segment;
    if (count_ == max_segments_) return path_problem::too_many_segments;
    if (raw.size() > limits.max_segment_bytes) return path_problem::segment_too_long;
    std::string_view decoded = raw;
    if (encoded && (seen & escape)) {
      char* out = arena.allocate_chars(raw.size());
      const std::ptrdiff_t n = detail::percent_decode(raw, out, detail::percent_mode::path);
      if (n < 0) return path_problem::malformed_escape;
      decoded = {out, static_cast<std::size_t>(n)};
      for (const char ch : decoded) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '/') return path_problem::encoded_slash;
        if (c == '\\') return path_problem::encoded_backslash;
        if (c < 0x20 || c == 0x7F) return path_problem::control_character;
        if (c >= 0x80) seen |= non_ascii;
      }
    }
    if ((seen & non_ascii) && !detail::is_valid_utf8(decoded)) return path_problem::invalid_utf8;
    if (is_dot_segment(decoded)) return path_problem::dot_segment;
    segments_[count_] = decoded;
    ++count_;
    return path_problem::none;
  }

  std::string_view path_;
  std::size_t count_ = 0;
  std::size_t max_segments_ = segment_capacity;
  bool added_slash_ = false;
  std::array<std::string_view, segment_capacity> segments_{};
  bool in_path_ = false;  // split_plain cut the path: every segment is a view of its 8+ bytes
};

}  // namespace sluice
