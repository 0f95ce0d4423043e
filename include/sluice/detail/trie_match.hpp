// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// The matching core: plain functions over index-linked tables that trie_build.hpp computes
// at compile time. No templates here, so every route table shares one copy of this code.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "sluice/detail/route_template.hpp"
#include "sluice/method.hpp"

namespace sluice::detail {

inline constexpr std::uint16_t no_index = 0xFFFF;

/// A literal child: `pool[text_offset, +text_length)` leads to node `child`.
struct trie_edge {
  std::uint16_t text_offset = 0;
  std::uint16_t text_length = 0;
  std::uint16_t child = no_index;
};

struct trie_node {
  std::uint16_t first_edge = 0;  // literal children, sorted by (length, bytes)
  std::uint16_t edge_count = 0;
  std::uint16_t param_child = no_index;
  std::uint16_t greedy_endpoint = no_index;  // a {name+} child is always an endpoint
  std::uint16_t endpoint = no_index;         // routes whose template ends here
};

/// One route template (path part) and the routes that share it, one per method.
struct trie_endpoint {
  std::int16_t route_for[named_method_count + 1]{-1, -1, -1, -1, -1, -1, -1, -1};  // last: ANY
  method_set methods = 0;        // the explicit methods, for `Allow`
  std::uint16_t path_offset = 0;  // the template's path text in the pool (fast-path key)
  std::uint16_t path_length = 0;
  std::uint16_t first_shape = 0;  // the template's segments in `shapes`
  std::uint16_t shape_count = 0;
  bool fast_path_exact = false;  // no more specific template can match a path this one matches

  [[nodiscard]] constexpr bool accepts_any() const noexcept { return route_for[named_method_count] >= 0; }
};

/// A template segment as stored for the fast path: kind plus literal text in the pool.
struct trie_shape {
  segment_kind kind = segment_kind::literal;
  std::uint16_t text_offset = 0;
  std::uint16_t text_length = 0;
};

struct trie_view {
  const trie_node* nodes = nullptr;
  const trie_edge* edges = nullptr;
  const trie_endpoint* endpoints = nullptr;
  const trie_shape* shapes = nullptr;
  const std::uint16_t* fast_slots = nullptr;  // open-addressing table of endpoint indices
  std::size_t fast_slot_mask = 0;
  const char* pool = nullptr;
};

/// What matching a path found. `route < 0` with `path_matched` means: `405`, `Allow: allowed`.
struct trie_match {
  int route = -1;
  bool path_matched = false;
  method_set allowed = 0;
  std::size_t capture_count = 0;
  std::uint16_t captures[max_template_params]{};  // segment index where each parameter starts
  bool last_is_greedy = false;
};

/// The route an endpoint gives a method: exact method, then GET for HEAD, then ANY.
[[nodiscard]] inline int select_route(const trie_endpoint& e, method m) noexcept {
  int r = m == method::other ? -1 : e.route_for[static_cast<int>(m)];
  if (r < 0 && m == method::head) r = e.route_for[static_cast<int>(method::get)];
  if (r < 0) r = e.route_for[named_method_count];
  return r;
}

/// FNV-1a: the fast-path key hash, also computed at compile time for the table.
[[nodiscard]] constexpr std::uint32_t fnv1a(std::string_view text) noexcept {
  std::uint32_t h = 2166136261u;
  for (const char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 16777619u;
  }
  return h;
}

class trie_matcher {
 public:
  trie_matcher(const trie_view& t, const std::string_view* segments, std::size_t count, method m) noexcept
      : t_(t), segments_(segments), count_(count), method_(m) {}

  /// Most specific template first, backtracking: static > {param} > {greedy+}.
  [[nodiscard]] trie_match run() noexcept {
    result_ = {};
    (void)visit(0, 0, 0);
    return result_;
  }

  /// The fast path: API Gateway already chose the template `path` (`resource` or the path
  /// part of `routeKey`). Used only when that template is one of ours, the path fits it,
  /// the method is accepted and no more specific template could match; otherwise
  /// `route < 0` and the caller runs the full match, so both always agree.
  [[nodiscard]] trie_match run_fast(std::string_view path) noexcept {
    result_ = {};
    if (t_.fast_slots == nullptr) return result_;
    std::size_t slot = fnv1a(path) & t_.fast_slot_mask;
    for (;; slot = (slot + 1) & t_.fast_slot_mask) {
      const std::uint16_t e = t_.fast_slots[slot];
      if (e == no_index) return result_;
      const trie_endpoint& endpoint = t_.endpoints[e];
      if (text(endpoint.path_offset, endpoint.path_length) == path) {
        if (endpoint.fast_path_exact && fits(endpoint)) {
          const int route = select_route(endpoint, method_);
          if (route >= 0) {
            result_.route = route;
            result_.path_matched = true;
          }
        }
        return result_;
      }
    }
  }

 private:
  [[nodiscard]] std::string_view text(std::uint16_t offset, std::uint16_t length) const noexcept {
    return {t_.pool + offset, length};
  }

  bool accept(std::uint16_t endpoint_index) noexcept {
    const trie_endpoint& e = t_.endpoints[endpoint_index];
    result_.path_matched = true;
    const int route = select_route(e, method_);
    if (route >= 0) {
      result_.route = route;
      return true;
    }
    result_.allowed |= e.methods;
    return false;
  }

  [[nodiscard]] std::uint16_t find_literal(const trie_node& node, std::string_view seg) const noexcept {
    const trie_edge* first = t_.edges + node.first_edge;
    const trie_edge* last = first + node.edge_count;
    // edges are sorted by (length, bytes): skip to the run of equal length, then compare
    if (node.edge_count > 8) {
      const trie_edge* lo = first;
      const trie_edge* hi = last;
      while (lo < hi) {
        const trie_edge* mid = lo + (hi - lo) / 2;
        const int c = compare(*mid, seg);
        if (c == 0) return mid->child;
        if (c < 0) lo = mid + 1; else hi = mid;
      }
      return no_index;
    }
    for (const trie_edge* e = first; e != last; ++e) {
      if (e->text_length < seg.size()) continue;
      if (e->text_length > seg.size()) break;
      if (std::memcmp(t_.pool + e->text_offset, seg.data(), seg.size()) == 0) return e->child;
    }
    return no_index;
  }

  [[nodiscard]] int compare(const trie_edge& e, std::string_view seg) const noexcept {
    if (e.text_length != seg.size()) return e.text_length < seg.size() ? -1 : 1;
    return seg.empty() ? 0 : std::memcmp(t_.pool + e.text_offset, seg.data(), seg.size());
  }

  bool visit(std::uint16_t n, std::size_t i, std::size_t depth) noexcept {
    const trie_node& node = t_.nodes[n];
    if (i == count_) return node.endpoint != no_index && finish(node.endpoint, depth);
    const std::string_view seg = segments_[i];
    if (node.edge_count != 0) {
      const std::uint16_t child = find_literal(node, seg);
      if (child != no_index && visit(child, i + 1, depth)) return true;
    }
    if (node.param_child != no_index && !seg.empty() && visit(node.param_child, i + 1, depth + 1)) {
      result_.captures[depth] = static_cast<std::uint16_t>(i);
      return true;
    }
    // {name+} takes one or more segments; a lone trailing slash is not a segment
    const bool rest_is_empty = i + 1 == count_ && seg.empty();
    if (node.greedy_endpoint != no_index && !rest_is_empty && finish(node.greedy_endpoint, depth + 1)) {
      result_.captures[depth] = static_cast<std::uint16_t>(i);
      result_.last_is_greedy = true;
      return true;
    }
    return false;
  }

  bool finish(std::uint16_t endpoint, std::size_t capture_count) noexcept {
    if (!accept(endpoint)) return false;
    result_.capture_count = capture_count;
    return true;
  }

  [[nodiscard]] bool fits(const trie_endpoint& e) noexcept {
    std::size_t depth = 0;
    for (std::size_t k = 0; k < e.shape_count; ++k) {
      const trie_shape& s = t_.shapes[e.first_shape + k];
      if (k >= count_) return false;
      const std::string_view seg = segments_[k];
      switch (s.kind) {
        case segment_kind::literal:
          if (seg != text(s.text_offset, s.text_length)) return false;
          break;
        case segment_kind::param:
          if (seg.empty()) return false;
          result_.captures[depth++] = static_cast<std::uint16_t>(k);
          break;
        case segment_kind::greedy:
          if (k + 1 == count_ && seg.empty()) return false;
          result_.captures[depth++] = static_cast<std::uint16_t>(k);
          result_.last_is_greedy = true;
          result_.capture_count = depth;
          return true;
      }
    }
    result_.capture_count = depth;
    return e.shape_count == count_;
  }

  const trie_view& t_;
  const std::string_view* segments_;
  std::size_t count_;
  method method_;
  trie_match result_;
};

}  // namespace sluice::detail
