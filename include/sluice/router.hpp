// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// A route table compiled into matching tables: knows paths and methods, nothing of JSON,
// AWS or I/O. `app` builds one from its routes; tests and benchmarks can use it alone.

#include <array>
#include <cstddef>
#include <span>
#include <string_view>
#include <tuple>

#include "sluice/detail/fixed_string.hpp"
#include "sluice/detail/route_errors.hpp"
#include "sluice/detail/route_template.hpp"
#include "sluice/detail/trie_build.hpp"
#include "sluice/detail/trie_match.hpp"
#include "sluice/method.hpp"
#include "sluice/path.hpp"

namespace sluice {

/// The outcome of matching: a route index, or `405` data (`path_matched`, `allowed`), or none.
using route_match = detail::trie_match;

namespace detail {
template <fixed_string Key>
struct key_holder {
  static constexpr auto value = Key;
};

template <std::size_t R>
constexpr int find_default(const std::array<route_template, R>& templates) noexcept {
  for (std::size_t i = 0; i < R; ++i) {
    if (templates[i].is_default) return static_cast<int>(i);
  }
  return -1;
}

template <std::size_t R>
constexpr route_conflict find_conflict(const std::array<route_template, R>& templates,
                                       const route_conflict& in_trie) noexcept {
  int first_default = -1;
  for (std::size_t i = 0; i < R; ++i) {
    if (!templates[i].is_default) continue;
    if (first_default >= 0) return {conflict_kind::duplicate_route, first_default, static_cast<int>(i)};
    first_default = static_cast<int>(i);
  }
  return in_trie;
}
}  // namespace detail

/**
 * A compiled route table. Route keys use API Gateway's syntax; matching follows DESIGN
 * section 2: most specific first with backtracking, exact method over `ANY`, `HEAD` served by
 * `GET`, `$default` last. Malformed keys and conflicting tables do not compile.
 *
 * **Example**:
 * ```
 * using table = sluice::router<"GET /pets/{id}", "GET /pets/mine">;
 * std::string_view segs[] = {"pets", "mine"};
 * table::match(segs, sluice::method::get).route == 1;
 * ```
 */
template <fixed_string... Keys>
class router {
 public:
  static constexpr std::size_t size = sizeof...(Keys);
  static constexpr bool keys_are_valid = (detail::check_route_key<Keys>() && ...);
  static constexpr std::array<detail::route_template, size> templates{
      detail::parse_route_template(Keys.view())...};
  static constexpr int default_route = detail::find_default(templates);

 private:
  static constexpr std::size_t capacity = detail::node_capacity(templates);
  static constexpr detail::trie_sizes sizes =
      detail::measure_trie<capacity>(templates);
  static constexpr detail::route_conflict conflict = detail::find_conflict(templates, sizes.conflict);

  template <std::size_t I>
  static constexpr auto key_at = std::tuple_element_t<I, std::tuple<detail::key_holder<Keys>...>>::value;

  static constexpr bool check_conflicts() noexcept {
    if constexpr (conflict.kind == detail::conflict_kind::duplicate_route) {
      (void)errors::routes_are_duplicates<key_at<conflict.first>, key_at<conflict.second>>{};
    } else if constexpr (conflict.kind == detail::conflict_kind::parameter_names_differ) {
      (void)errors::route_parameters_conflict<key_at<conflict.first>, key_at<conflict.second>>{};
    }
    return conflict.kind == detail::conflict_kind::none;
  }

 public:
  static constexpr bool is_valid = keys_are_valid && check_conflicts();

 private:
  static constexpr auto tables = detail::build_trie<sizes, capacity>(templates);
  static constexpr detail::trie_view view = tables.view();

 public:
  /// The key of route `i`, as written.
  [[nodiscard]] static constexpr std::string_view key(std::size_t i) noexcept { return templates[i].key; }

  /// Matches decoded path segments (see `canonical_path`) and a method.
  [[nodiscard]] static route_match match(std::span<const std::string_view> segments, method m) noexcept {
    return detail::match_trie(view, segments.data(), segments.size(), m);
  }

  /// Matches a canonical path (the path computed each segment's word already). Inline, so that
  /// the walk sees this table's sizes and addresses as constants.
  [[nodiscard]] SLUICE_ALWAYS_INLINE static route_match match(const canonical_path& path, method m) noexcept {
    const auto segments = path.segments();
    return detail::match_trie(view, segments.data(), segments.size(), m, path.segment_words());
  }

  /**
   * The fast path, for events whose gateway already chose a template: `template_path` is
   * `resource` (payload 1.0) or the path part of `routeKey` (2.0). Gives the route only when
   * that is certainly what `match` would give; otherwise `route < 0` and callers use `match`.
   */
  [[nodiscard]] static route_match match_template(std::string_view template_path,
                                                  std::span<const std::string_view> segments,
                                                  method m) noexcept {
    return detail::match_trie_template(view, template_path, segments.data(), segments.size(), m);
  }
  [[nodiscard]] static route_match match_template(std::string_view template_path, const canonical_path& path,
                                                  method m) noexcept {
    const auto segments = path.segments();
    return detail::match_trie_template(view, template_path, segments.data(), segments.size(), m,
                                       path.segment_words());
  }

  /**
   * What the app does with an event: `match_template` when the gateway named a template
   * (`template_path` not empty), and `match` when that declines, in one call with one result.
   * Always the answer `match` gives.
   */
  [[nodiscard]] SLUICE_ALWAYS_INLINE static route_match match_with_template(std::string_view template_path,
                                                                            const canonical_path& path,
                                                                            method m) noexcept {
    const auto segments = path.segments();
    return detail::match_trie_with_template(view, template_path, segments.data(), segments.size(), m,
                                            path.segment_words());
  }
  [[nodiscard]] static route_match match_with_template(std::string_view template_path,
                                                       std::span<const std::string_view> segments,
                                                       method m) noexcept {
    return detail::match_trie_with_template(view, template_path, segments.data(), segments.size(), m);
  }
};

}  // namespace sluice
