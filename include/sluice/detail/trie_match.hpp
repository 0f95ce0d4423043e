// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// The matching core: plain functions over index-linked tables that trie_build.hpp computes
// at compile time. No templates here, so every route table shares one copy of this code.

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "sluice/detail/config.hpp"
#include "sluice/detail/route_template.hpp"
#include "sluice/detail/words.hpp"
#include "sluice/method.hpp"

namespace sluice::detail {

inline constexpr std::uint16_t no_index = 0xFFFF;

/// A literal's parent id and text length as one word, compared at once.
[[nodiscard]] constexpr std::uint32_t literal_owner(std::uint16_t parent, std::size_t length) noexcept {
  return parent | static_cast<std::uint32_t>(length) << 16;
}

/// A literal child: `pool[text_offset, +length)` under node `parent` leads to node `child`.
/// Every literal of the trie lives in one open-addressing table, keyed by (parent, text): a
/// step down the trie is one probe whose address needs only the parent's id and the segment,
/// not the parent node's record (so the probe and that record's load run side by side).
struct trie_literal {
  std::uint64_t prefix = 0;                              // prefix_word of the text
  std::uint32_t owner = literal_owner(no_index, 0xFFFF);  // (parent, length); no node has this id
  std::uint16_t child = no_index;                        // no_index: an empty slot
  std::uint16_t text_offset = 0;
};

struct trie_node {
  std::uint16_t param_child = no_index;
  std::uint16_t greedy_endpoint = no_index;  // a {name+} child is always an endpoint
  std::uint16_t endpoint = no_index;         // routes whose template ends here
};

/// A segment's part of its literal-table key: its prefix word and length (which tells apart
/// only literals longer than 8 bytes sharing their first 8; the slot's multiply mixes it up).
[[nodiscard]] constexpr std::uint64_t literal_key(std::uint64_t prefix, std::size_t length) noexcept {
  return prefix ^ length;
}

/// The first slot of (parent, segment) in a literal table of `1 << (64 - shift)` slots.
[[nodiscard]] constexpr std::size_t literal_slot(std::uint64_t key, std::uint16_t parent, unsigned shift) noexcept {
  return static_cast<std::size_t>(((key + parent) * 0x9E3779B97F4A7C15ull) >> shift);
}

/// One route template (path part) and the routes that share it, one per method.
struct trie_endpoint {
  std::int16_t route_for[named_method_count + 1]{-1, -1, -1, -1, -1, -1, -1, -1};  // last: ANY
  method_set methods = 0;        // the explicit methods, for `Allow`
  std::uint64_t path_prefix = 0;  // prefix_word of the template's path (fast-path key)
  std::uint16_t path_offset = 0;  // the template's path text in the pool
  std::uint16_t path_length = 0;
  std::uint16_t first_shape = 0;  // the template's segments in `shapes`
  std::uint16_t shape_count = 0;
  bool fast_path_exact = false;  // no more specific template can match a path this one matches

  [[nodiscard]] constexpr bool accepts_any() const noexcept { return route_for[named_method_count] >= 0; }
};

/// A template segment as stored for the fast path: kind plus literal text in the pool.
struct trie_shape {
  std::uint64_t prefix = 0;  // prefix_word of a literal
  segment_kind kind = segment_kind::literal;
  std::uint16_t text_offset = 0;
  std::uint16_t text_length = 0;
};

struct trie_view {
  const trie_node* nodes = nullptr;
  std::uint16_t root = 0;
  std::uint16_t literal_parents = 0;  // nodes [0, literal_parents) have literal children, no other
  std::uint16_t longest_literal = 0;  // a longer segment is no literal: no probe
  const trie_literal* literals = nullptr;  // `literal_mask + 1` slots, at least one empty
  std::size_t literal_mask = 0;
  unsigned literal_shift = 63;
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
  bool last_is_greedy = false;
  method_set allowed = 0;
  std::size_t capture_count = 0;
  std::uint16_t captures[max_template_params];  // segment index where each parameter starts
};

/// The route an endpoint gives a method: exact method, then GET for HEAD, then ANY.
[[nodiscard]] inline int select_route(const trie_endpoint& e, method m) noexcept {
  int r = m == method::other ? -1 : e.route_for[static_cast<int>(m)];
  if (r < 0 && m == method::head) r = e.route_for[static_cast<int>(method::get)];
  if (r < 0) r = e.route_for[named_method_count];
  return r;
}

/// The fast-path key hash: length and the first and last 8 bytes, mixed. O(1) in the key's
/// length; collisions are settled by comparing the whole key.
[[nodiscard]] constexpr std::uint32_t key_hash(std::uint64_t first, std::uint64_t last, std::size_t length) noexcept {
  const std::uint64_t h = (first ^ (last * 0x9E3779B97F4A7C15ull) ^ length) * 0xFF51AFD7ED558CCDull;
  return static_cast<std::uint32_t>(h >> 32);
}
[[nodiscard]] constexpr std::uint32_t key_hash(std::string_view key) noexcept {
  return key_hash(prefix_word(key), prefix_word(key.size() > 8 ? key.substr(key.size() - 8) : key), key.size());
}
[[nodiscard]] inline std::uint32_t key_hash_at_run_time(std::string_view key, std::uint64_t& first) noexcept {
  first = load_prefix_word(key.data(), key.size());
  const std::uint64_t last = key.size() > 8 ? load_prefix_word(key.data() + key.size() - 8, 8) : first;
  return key_hash(first, last, key.size());
}

/// Clears what a match writes (the captures are written before they are counted).
inline void reset_match(trie_match& out) noexcept {
  out.route = -1;
  out.path_matched = false;
  out.last_is_greedy = false;
  out.allowed = 0;
  out.capture_count = 0;
}

/// Ends a match at endpoint `index`: its route for `m`, or its methods added to `Allow`.
[[nodiscard]] SLUICE_ALWAYS_INLINE bool finish_match(const trie_view& t, std::uint16_t index,
                                                     std::size_t capture_count, method m,
                                                     trie_match& out) noexcept {
  const trie_endpoint& e = t.endpoints[index];
  out.path_matched = true;
  const int route = select_route(e, m);
  if (route >= 0) {
    out.route = route;
    out.capture_count = capture_count;
    return true;
  }
  out.allowed |= e.methods;
  return false;
}

/// The literal child of node `n` that is `seg`, or `no_index`; `word_of()` gives the segment's
/// prefix word. A node without literal children is known by its id alone (those come last), so
/// a parameter's level costs no probe, nor does a segment longer than every literal, and
/// neither asks for the word. One integer comparison settles every literal of up to 8 bytes;
/// a table at most half full ends a miss soon.
template <class WordOf>
[[nodiscard]] SLUICE_ALWAYS_INLINE std::uint16_t find_literal(const trie_view& t, std::uint16_t n,
                                                              std::string_view seg, WordOf word_of) noexcept {
  const std::size_t length = seg.size();
  if (n >= t.literal_parents || length > t.longest_literal) return no_index;
  const std::uint64_t word = word_of();
  const std::uint32_t owner = literal_owner(n, length);
  for (std::size_t slot = literal_slot(literal_key(word, length), n, t.literal_shift);;
       slot = (slot + 1) & t.literal_mask) {
    const trie_literal& e = t.literals[slot];
    if (e.owner == owner && e.prefix == word &&
        (length <= 8 || same_tail(t.pool + e.text_offset, seg.data(), length))) {
      return e.child;
    }
    if (e.child == no_index) return no_index;
  }
}

/// The search's first path alone: the most specific child at every level, no alternative
/// remembered. When it ends at a route, that route is what the whole search gives (the search
/// answers the first route it reaches, and this is the first path it tries), so most lookups
/// never touch the search's stack; when it does not (a 404, a 405, a path that needs
/// backtracking), `match_into` searches in full.
[[nodiscard]] SLUICE_ALWAYS_INLINE bool match_first_path(const trie_view& t, const std::string_view* segments,
                                                         std::size_t count, method m, trie_match& out,
                                                         segment_words words) noexcept {
  std::uint16_t n = t.root;
  std::size_t depth = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const std::string_view seg = segments[i];
    const std::uint16_t child = find_literal(t, n, seg, [&] { return words.of(seg); });
    if (child != no_index) {
      n = child;
      continue;
    }
    const trie_node& node = t.nodes[n];
    if (node.param_child != no_index && !seg.empty()) {
      out.captures[depth++] = static_cast<std::uint16_t>(i);
      n = node.param_child;
      continue;
    }
    // {name+} takes one or more segments; a lone trailing slash is not a segment
    if (node.greedy_endpoint == no_index || (i + 1 == count && seg.empty())) return false;
    out.captures[depth] = static_cast<std::uint16_t>(i);
    if (!finish_match(t, node.greedy_endpoint, depth + 1, m, out)) return false;
    out.last_is_greedy = true;
    return true;
  }
  const std::uint16_t endpoint = t.nodes[n].endpoint;
  return endpoint != no_index && finish_match(t, endpoint, depth, m, out);
}

/// The backtracking search and the fast path, over one request's segments.
class trie_matcher {
 public:
  /// Writes what it finds into `out` (the caller's result, so nothing is copied after: a copy
  /// of a result just written field by field stalls on store forwarding). `words` says where
  /// each segment's `prefix_word` comes from (canonical_path knows).
  trie_matcher(const trie_view& t, const std::string_view* segments, std::size_t count, method m,
               trie_match& out, segment_words words = {}) noexcept
      : t_(t), segments_(segments), words_(words), count_(count), method_(m), result_(out) {}

  /// The fast path: API Gateway already chose the template `path` (`resource` or the path
  /// part of `routeKey`). Used only when that template is one of ours, the path fits it,
  /// the method is accepted and no more specific template could match; otherwise
  /// `route < 0` and the caller runs the full match, so both always agree.
  void run_fast(std::string_view path) noexcept {
    reset();
    if (t_.fast_slots == nullptr) return;
    std::uint64_t first = 0;
    std::size_t slot = key_hash_at_run_time(path, first) & t_.fast_slot_mask;
    for (;; slot = (slot + 1) & t_.fast_slot_mask) {
      const std::uint16_t e = t_.fast_slots[slot];
      if (e == no_index) return;
      const trie_endpoint& endpoint = t_.endpoints[e];
      // The key only suggests a template: the walk of `fits` over the path, with
      // `fast_path_exact`, is what makes the answer the one `match_into` gives. So a length and
      // prefix check is enough to pick among the slot's keys.
      if (endpoint.path_length == path.size() && endpoint.path_prefix == first) {
        if (endpoint.fast_path_exact && fits(endpoint)) {
          const int route = select_route(endpoint, method_);
          if (route >= 0) {
            result_.route = route;
            result_.path_matched = true;
          }
        }
        return;
      }
    }
  }

  /// The whole depth-first search: the walk goes down the most specific child; a node that
  /// also has a less specific alternative is remembered on a small stack and resumed from there
  /// if the walk below it fails. Every node is visited at most once per request. Out of line:
  /// its stack of alternatives would otherwise make every lookup pay for a large frame.
  SLUICE_NOINLINE void search() noexcept {
    struct branch {
      std::uint16_t node;
      std::uint16_t segment;
      std::uint16_t depth;  // parameters captured so far
      std::uint8_t next;    // the alternative to try: 1 {param} (then greedy), 2 {greedy+}
    };
    branch stack[segment_stack];
    std::size_t top = 0;
    std::uint16_t n = t_.root;
    std::size_t i = 0;
    std::size_t depth = 0;
    unsigned next = 0;  // 0: the literal child first
    for (;;) {
      const trie_node& node = t_.nodes[n];
      if (i == count_) {
        if (node.endpoint != no_index && finish(node.endpoint, depth)) return;
      } else {
        const std::string_view seg = segments_[i];
        const bool has_param = node.param_child != no_index;
        const bool has_greedy = node.greedy_endpoint != no_index;
        if (next == 0) {
          const std::uint16_t child = find_literal(t_, n, seg, [&] { return words_.of(seg); });
          if (child != no_index) {
            if (has_param || has_greedy) stack[top++] = {n, static_cast<std::uint16_t>(i), static_cast<std::uint16_t>(depth), 1};
            n = child;
            ++i;
            continue;
          }
        }
        if (next <= 1 && has_param && !seg.empty()) {
          if (has_greedy) stack[top++] = {n, static_cast<std::uint16_t>(i), static_cast<std::uint16_t>(depth), 2};
          result_.captures[depth++] = static_cast<std::uint16_t>(i);
          n = node.param_child;
          ++i;
          next = 0;
          continue;
        }
        // {name+} takes one or more segments; a lone trailing slash is not a segment
        if (has_greedy && !(i + 1 == count_ && seg.empty())) {
          result_.captures[depth] = static_cast<std::uint16_t>(i);
          if (finish(node.greedy_endpoint, depth + 1)) {
            result_.last_is_greedy = true;
            return;
          }
        }
      }
      if (top == 0) return;
      const branch& b = stack[--top];
      n = b.node;
      i = b.segment;
      depth = b.depth;
      next = b.next;
    }
  }

 private:
  /// Frames the iterative match may need: one per tree level (a template has at most
  /// `max_template_segments` segments), plus the root.
  static constexpr std::size_t segment_stack = max_template_segments + 2;

  void reset() noexcept { reset_match(result_); }

  bool finish(std::uint16_t endpoint, std::size_t capture_count) noexcept {
    return finish_match(t_, endpoint, capture_count, method_, result_);
  }

  [[nodiscard]] bool fits(const trie_endpoint& e) noexcept {
    const std::size_t n = e.shape_count;
    const trie_shape* const shapes = t_.shapes + e.first_shape;
    const bool greedy = n != 0 && shapes[n - 1].kind == segment_kind::greedy;
    if (count_ < n || (count_ != n && !greedy)) return false;
    std::size_t depth = 0;
    for (std::size_t k = 0; k < n; ++k) {
      const trie_shape& s = shapes[k];
      const std::string_view seg = segments_[k];
      if (s.kind == segment_kind::literal) {
        if (seg.size() != s.text_length || words_.of(seg) != s.prefix ||
            (seg.size() > 8 && !same_tail(t_.pool + s.text_offset, seg.data(), seg.size()))) {
          return false;
        }
      } else if (s.kind == segment_kind::param) {
        if (seg.empty()) return false;
        result_.captures[depth++] = static_cast<std::uint16_t>(k);
      } else {
        if (k + 1 == count_ && seg.empty()) return false;  // {name+} needs a non-empty rest
        result_.captures[depth++] = static_cast<std::uint16_t>(k);
        result_.last_is_greedy = true;
      }
    }
    result_.capture_count = depth;
    return true;
  }

  const trie_view& t_;
  const std::string_view* segments_;
  segment_words words_;
  std::size_t count_;
  method method_;
  trie_match& result_;
};

/// The most specific template first (static > {param} > {greedy+}), into `out`, in two steps:
/// the first path alone (`match_first_path`), which answers most lookups, and only when it does
/// not end at a route the backtracking `trie_matcher::search`, which also gives the 405 and its
/// `Allow` set. Inline, so that a router's tables are constants in its walk (their sizes, where
/// they are); the search is out of line, one copy for every table.
SLUICE_ALWAYS_INLINE void match_into(const trie_view& t, const std::string_view* segments, std::size_t count,
                                     method m, trie_match& out, segment_words words) noexcept {
  reset_match(out);
  if (match_first_path(t, segments, count, m, out, words)) return;
  reset_match(out);
  trie_matcher(t, segments, count, m, out, words).search();
}

/// The most specific route for `segments` and `m` (see `match_into`).
[[nodiscard]] SLUICE_ALWAYS_INLINE trie_match match_trie(const trie_view& t, const std::string_view* segments,
                                                          std::size_t count, method m,
                                                          segment_words words = {}) noexcept {
  trie_match out;
  match_into(t, segments, count, m, out, words);
  return out;
}

/// The app's way: the fast path for the gateway's template when there is one, and the whole
/// match when it declines, into one result (a result copied out of a call is a copy of ~60
/// bytes just written, which stalls on store forwarding).
[[nodiscard]] SLUICE_ALWAYS_INLINE trie_match match_trie_with_template(const trie_view& t, std::string_view template_path,
                                                                        const std::string_view* segments,
                                                                        std::size_t count, method m,
                                                                        segment_words words = {}) noexcept {
  trie_match out;
  if (!template_path.empty()) {
    trie_matcher(t, segments, count, m, out, words).run_fast(template_path);
    if (out.route >= 0) return out;
  }
  match_into(t, segments, count, m, out, words);
  return out;
}

/// The fast path's answer for the gateway's template `template_path` (see `trie_matcher::run_fast`).
[[nodiscard]] inline trie_match match_trie_template(const trie_view& t, std::string_view template_path,
                                                    const std::string_view* segments, std::size_t count, method m,
                                                    segment_words words = {}) noexcept {
  trie_match out;
  trie_matcher(t, segments, count, m, out, words).run_fast(template_path);
  return out;
}

}  // namespace sluice::detail
