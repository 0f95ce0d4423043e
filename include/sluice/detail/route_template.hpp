// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// Route keys in API Gateway syntax ("GET /pets/{id}", "ANY /files/{key+}", "$default"),
// parsed in constant evaluation. Knows paths and methods only.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sluice/method.hpp"

namespace sluice::detail {

enum class segment_kind : std::uint8_t { literal, param, greedy };

/// One segment of a route template: literal text, or the name of a parameter.
struct template_segment {
  segment_kind kind = segment_kind::literal;
  std::string_view text;  // the literal (empty for a trailing slash) or the parameter name
};

enum class route_error : std::uint8_t {
  none,
  unknown_method,
  missing_space_after_method,
  path_must_start_with_slash,
  empty_segment,
  parameter_name_is_empty,
  parameter_name_is_invalid,
  parameter_must_be_whole_segment,
  greedy_parameter_must_be_last,
  duplicate_parameter_name,
  invalid_character,
  dot_segment,
  too_many_segments,
  too_many_parameters,
};

inline constexpr std::size_t max_template_segments = 32;
inline constexpr std::size_t max_template_params = 16;

/// A parsed route key. `error != none` means the key is malformed at `error_position`.
struct route_template {
  route_error error = route_error::none;
  std::size_t error_position = 0;
  std::string_view key;   // the whole key, as written
  std::string_view path;  // the path part ("/pets/{id}"); empty for $default
  bool is_default = false;
  bool any_method = false;
  method verb = method::other;
  std::size_t segment_count = 0;
  std::array<template_segment, max_template_segments> segments{};
  std::size_t param_count = 0;

  [[nodiscard]] constexpr bool has_greedy() const noexcept {
    return segment_count != 0 && segments[segment_count - 1].kind == segment_kind::greedy;
  }
  /// Position of the parameter `name` among this route's parameters, or -1.
  [[nodiscard]] constexpr int param_index(std::string_view name) const noexcept {
    int index = 0;
    for (std::size_t i = 0; i < segment_count; ++i) {
      if (segments[i].kind == segment_kind::literal) continue;
      if (segments[i].text == name) return index;
      ++index;
    }
    return -1;
  }
  [[nodiscard]] constexpr std::string_view param_name(std::size_t index) const noexcept {
    for (std::size_t i = 0; i < segment_count; ++i) {
      if (segments[i].kind == segment_kind::literal) continue;
      if (index-- == 0) return segments[i].text;
    }
    return {};
  }
};

constexpr bool is_name_char(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

/// RFC 3986 pchar without '%' (routes are written decoded), plus UTF-8 bytes.
constexpr bool is_literal_char(char c) noexcept {
  if (is_name_char(c)) return true;
  if (static_cast<unsigned char>(c) >= 0x80) return true;
  switch (c) {
    case '.': case '~': case '!': case '$': case '&': case '\'': case '(': case ')':
    case '*': case '+': case ',': case ';': case '=': case ':': case '@':
      return true;
    default:
      return false;
  }
}

constexpr route_template parse_route_template(std::string_view key) noexcept {
  route_template t;
  t.key = key;
  const auto fail = [&t](route_error e, std::size_t pos) {
    t.error = e;
    t.error_position = pos;
    return t;
  };
  if (key == "$default") {
    t.is_default = true;
    t.any_method = true;
    return t;
  }
  // plain loops, not string_view::find: g++ 12 with -fsanitize=address cannot evaluate
  // char_traits::find on a template parameter object in a constant expression
  std::size_t space = 0;
  while (space < key.size() && key[space] != ' ') ++space;
  if (space == key.size()) {
    const bool looks_like_path = !key.empty() && key[0] == '/';
    return fail(looks_like_path ? route_error::unknown_method : route_error::missing_space_after_method, 0);
  }
  const std::string_view verb = key.substr(0, space);
  if (verb == "ANY") {
    t.any_method = true;
  } else {
    t.verb = parse_method(verb);
    if (t.verb == method::other) return fail(route_error::unknown_method, 0);
  }
  std::size_t pos = space + 1;
  if (pos >= key.size() || key[pos] != '/') {
    return fail(pos < key.size() && key[pos] == ' ' ? route_error::missing_space_after_method
                                                 : route_error::path_must_start_with_slash,
                pos);
  }
  t.path = key.substr(pos);
  if (t.path == "/") return t;  // the root has no segments

  while (pos < key.size()) {
    ++pos;  // skip '/'
    std::size_t end = pos;
    while (end < key.size() && key[end] != '/') ++end;
    const std::string_view text = key.substr(pos, end - pos);
    if (t.segment_count == max_template_segments) return fail(route_error::too_many_segments, pos);
    if (t.has_greedy()) return fail(route_error::greedy_parameter_must_be_last, pos - 1);
    template_segment& seg = t.segments[t.segment_count];
    if (text.empty()) {
      if (end != key.size()) return fail(route_error::empty_segment, pos);
      seg = {segment_kind::literal, text};  // a trailing slash: an empty last segment
    } else if (text.front() == '{' || text.back() == '}') {
      if (text.size() < 2 || text.front() != '{' || text.back() != '}') {
        return fail(route_error::parameter_must_be_whole_segment, pos);
      }
      std::string_view name = text.substr(1, text.size() - 2);
      bool greedy = false;
      if (!name.empty() && name.back() == '+') {
        greedy = true;
        name.remove_suffix(1);
      }
      if (name.empty()) return fail(route_error::parameter_name_is_empty, pos);
      for (std::size_t i = 0; i < name.size(); ++i) {
        if (!is_name_char(name[i])) return fail(route_error::parameter_name_is_invalid, pos + 1 + i);
      }
      if (t.param_index(name) >= 0) return fail(route_error::duplicate_parameter_name, pos);
      if (t.param_count == max_template_params) return fail(route_error::too_many_parameters, pos);
      seg = {greedy ? segment_kind::greedy : segment_kind::param, name};
      ++t.param_count;
    } else {
      if (text == "." || text == "..") return fail(route_error::dot_segment, pos);
      for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '{' || text[i] == '}') {
          return fail(route_error::parameter_must_be_whole_segment, pos + i);
        }
        if (!is_literal_char(text[i])) return fail(route_error::invalid_character, pos + i);
      }
      seg = {segment_kind::literal, text};
    }
    ++t.segment_count;
    pos = end;
  }
  return t;
}

}  // namespace sluice::detail
