// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace sluice {

/**
 * The HTTP methods a route can name. `other` is any method a route cannot name
 * (`TRACE`, `PROPFIND`, a lower-case `get`): only `ANY` routes accept it.
 *
 * **Example**: `sluice::parse_method("PATCH") == sluice::method::patch`
 */
enum class method : std::uint8_t { get, head, post, put, patch, del, options, other };

/// Number of methods a route can name, `other` excluded.
inline constexpr std::size_t named_method_count = 7;

/// A set of methods, one bit per `method` (bit `1 << int(m)`).
using method_set = std::uint16_t;

[[nodiscard]] constexpr method_set bit(method m) noexcept {
  return static_cast<method_set>(1u << static_cast<unsigned>(m));
}

/// Methods are case-sensitive (RFC 9110 section 9.1): `get` is not `GET`.
[[nodiscard]] constexpr method parse_method(std::string_view text) noexcept {
  switch (text.size()) {
    case 3:
      if (text == "GET") return method::get;
      if (text == "PUT") return method::put;
      break;
    case 4:
      if (text == "HEAD") return method::head;
      if (text == "POST") return method::post;
      break;
    case 5:
      if (text == "PATCH") return method::patch;
      break;
    case 6:
      if (text == "DELETE") return method::del;
      break;
    case 7:
      if (text == "OPTIONS") return method::options;
      break;
    default:
      break;
  }
  return method::other;
}

[[nodiscard]] constexpr std::string_view method_name(method m) noexcept {
  constexpr std::array<std::string_view, 8> names{"GET",   "HEAD",   "POST",    "PUT",
                                                  "PATCH", "DELETE", "OPTIONS", "OTHER"};
  return names[static_cast<std::size_t>(m)];
}

/**
 * The value of an `Allow` header for a set of methods, in a fixed order.
 * `HEAD` is listed whenever `GET` is, since every `GET` route answers `HEAD`.
 */
class allow_list {
 public:
  constexpr explicit allow_list(method_set methods) noexcept {
    if (methods & bit(method::get)) methods |= bit(method::head);
    for (std::size_t i = 0; i < named_method_count; ++i) {
      if (!(methods & (1u << i))) continue;
      const std::string_view name = method_name(static_cast<method>(i));
      if (size_ != 0) {
        text_[size_++] = ',';
        text_[size_++] = ' ';
      }
      for (const char c : name) text_[size_++] = c;
    }
  }
  [[nodiscard]] constexpr std::string_view view() const noexcept { return {text_, size_}; }

 private:
  char text_[64]{};  // "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS" is 44 bytes
  std::size_t size_ = 0;
};

}  // namespace sluice
