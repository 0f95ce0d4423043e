// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// One canonical path per request (DESIGN section 3): the router and every check that
// looks at the path see exactly this, produced once.

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "sluice/detail/arena.hpp"
#include "sluice/detail/text.hpp"

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
    path_ = path;
    if (path.size() > limits.max_bytes) return path_problem::too_long;
    if (path.empty() || path[0] != '/') return path_problem::not_absolute;
    const std::size_t max_segments =
        limits.max_segments < segment_capacity ? limits.max_segments : segment_capacity;
    std::size_t begin = 1;
    if (path.size() == 1) return path_problem::none;
    while (true) {
      std::size_t end = begin;
      bool has_escape = false;
      bool has_high = false;
      for (; end < path.size() && path[end] != '/'; ++end) {
        const auto c = static_cast<unsigned char>(path[end]);
        if (c < 0x20 || c == 0x7F) return path_problem::control_character;
        if (c == '\\') return path_problem::backslash;
        if (encoding == path_encoding::encoded) {
          if (c == '#') return path_problem::fragment;
          has_escape |= c == '%';
        }
        has_high |= c >= 0x80;
      }
      const std::string_view raw = path.substr(begin, end - begin);
      const bool last = end == path.size();
      if (raw.empty() && !last) return path_problem::empty_segment;
      if (count_ == max_segments) return path_problem::too_many_segments;
      if (raw.size() > limits.max_segment_bytes) return path_problem::segment_too_long;
      std::string_view decoded = raw;
      if (has_escape) {
        char* out = arena.allocate_chars(raw.size());
        const std::ptrdiff_t n = detail::percent_decode(raw, out, detail::percent_mode::path);
        if (n < 0) return path_problem::malformed_escape;
        decoded = {out, static_cast<std::size_t>(n)};
        for (const char ch : decoded) {
          const auto c = static_cast<unsigned char>(ch);
          if (c == '/') return path_problem::encoded_slash;
          if (c == '\\') return path_problem::encoded_backslash;
          if (c < 0x20 || c == 0x7F) return path_problem::control_character;
          has_high |= c >= 0x80;
        }
      }
      if (has_high && !detail::is_valid_utf8(decoded)) return path_problem::invalid_utf8;
      if (is_dot_segment(decoded)) return path_problem::dot_segment;
      raw_[count_] = raw;
      segments_[count_] = decoded;
      ++count_;
      if (last) return path_problem::none;
      begin = end + 1;
    }
  }

  /// The decoded segments.
  [[nodiscard]] std::span<const std::string_view> segments() const noexcept { return {segments_.data(), count_}; }
  /// The segments as they appear in the path.
  [[nodiscard]] std::span<const std::string_view> raw_segments() const noexcept { return {raw_.data(), count_}; }
  [[nodiscard]] std::string_view path() const noexcept { return path_; }
  [[nodiscard]] bool has_trailing_slash() const noexcept { return count_ != 0 && segments_[count_ - 1].empty(); }

  /// The decoded rest of the path from segment `first` on, for a `{name+}` parameter.
  [[nodiscard]] std::string_view tail(std::size_t first, detail::arena& arena) const {
    if (first >= count_) return {};
    bool decoded = added_slash_;
    std::size_t size = count_ - first - 1;
    for (std::size_t i = first; i < count_; ++i) {
      decoded |= segments_[i].data() != raw_[i].data();
      size += segments_[i].size();
    }
    const char* begin = raw_[first].data();
    if (!decoded) return {begin, static_cast<std::size_t>(raw_[count_ - 1].data() + raw_[count_ - 1].size() - begin)};
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
      raw_[count_] = segments_[count_] = std::string_view{path_.data() + path_.size(), 0};
      ++count_;
      added_slash_ = true;
    }
  }

 private:
  static constexpr bool is_dot_segment(std::string_view s) noexcept {
    const std::size_t semicolon = s.find(';');
    const std::string_view name = s.substr(0, semicolon);
    return name == "." || name == "..";
  }

  std::string_view path_;
  std::size_t count_ = 0;
  bool added_slash_ = false;
  std::array<std::string_view, segment_capacity> raw_{};
  std::array<std::string_view, segment_capacity> segments_{};
};

}  // namespace sluice
