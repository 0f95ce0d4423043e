// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// Builds the matching tables of trie_match.hpp from parsed route templates, in constant
// evaluation. Also finds the conflicts that make a route table invalid.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sluice/detail/route_template.hpp"
#include "sluice/detail/trie_match.hpp"

namespace sluice::detail {

enum class conflict_kind : std::uint8_t { none, duplicate_route, parameter_names_differ };

/// The first conflict in a route table: routes `first` and `second` (indices in the table).
struct route_conflict {
  conflict_kind kind = conflict_kind::none;
  int first = -1;
  int second = -1;
};

struct trie_sizes {
  std::size_t nodes = 1, literals = 0, endpoints = 0, shapes = 0, pool = 0, slots = 2, literal_slots = 2;
  route_conflict conflict;
};

template <std::size_t R>
constexpr std::size_t node_capacity(const std::array<route_template, R>& templates) noexcept {
  std::size_t n = 1;
  for (const route_template& t : templates) n += t.segment_count;
  return n;
}

/// The tree as routes are inserted: literal children as sibling lists, sorted later.
template <std::size_t Capacity, std::size_t R>
struct trie_builder {
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

  struct node {
    std::string_view text;  // literal text, or the parameter's name
    std::size_t first_child = npos;
    std::size_t next_sibling = npos;
    std::size_t param = npos;
    std::size_t greedy = npos;
    std::size_t endpoint = npos;
    int owner = -1;  // the first route that created this node
  };
  struct endpoint {
    trie_endpoint data;
    int template_route = -1;
  };

  std::array<node, Capacity> nodes{};
  std::size_t node_count = 1;
  std::array<endpoint, R == 0 ? 1 : R> endpoints{};
  std::size_t endpoint_count = 0;
  route_conflict conflict;

  constexpr void report(conflict_kind kind, int first, int second) noexcept {
    if (conflict.kind == conflict_kind::none) conflict = {kind, first, second};
  }

  constexpr std::size_t add_node(std::string_view text, int owner) noexcept {
    nodes[node_count].text = text;
    nodes[node_count].owner = owner;
    return node_count++;
  }

  constexpr std::size_t parameter_child(std::size_t& slot, std::string_view name, int route) noexcept {
    if (slot == npos) {
      slot = add_node(name, route);
    } else if (nodes[slot].text != name) {
      report(conflict_kind::parameter_names_differ, nodes[slot].owner, route);
    }
    return slot;
  }

  constexpr void insert(const route_template& t, int route) noexcept {
    std::size_t n = 0;
    for (std::size_t k = 0; k < t.segment_count; ++k) {
      const template_segment& seg = t.segments[k];
      if (seg.kind == segment_kind::param) {
        n = parameter_child(nodes[n].param, seg.text, route);
      } else if (seg.kind == segment_kind::greedy) {
        n = parameter_child(nodes[n].greedy, seg.text, route);
      } else {
        std::size_t c = nodes[n].first_child;
        while (c != npos && nodes[c].text != seg.text) c = nodes[c].next_sibling;
        if (c == npos) {
          c = add_node(seg.text, route);
          nodes[c].next_sibling = nodes[n].first_child;
          nodes[n].first_child = c;
        }
        n = c;
      }
    }
    if (nodes[n].endpoint == npos) {
      nodes[n].endpoint = endpoint_count;
      endpoints[endpoint_count++].template_route = route;
    }
    trie_endpoint& e = endpoints[nodes[n].endpoint].data;
    std::int16_t& slot = e.route_for[t.any_method ? named_method_count : static_cast<std::size_t>(t.verb)];
    if (slot >= 0) {
      report(conflict_kind::duplicate_route, slot, route);
      return;
    }
    slot = static_cast<std::int16_t>(route);
    if (!t.any_method) e.methods |= bit(t.verb);
  }

  /// The order in which literal children are numbered (breadth first): (length, prefix word, bytes).
  static constexpr bool literal_less(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return a.size() < b.size();
    const std::uint64_t wa = prefix_word(a);
    const std::uint64_t wb = prefix_word(b);
    if (wa != wb) return wa < wb;
    for (std::size_t i = 0; i < a.size(); ++i) {
      const auto x = static_cast<unsigned char>(a[i]);
      const auto y = static_cast<unsigned char>(b[i]);
      if (x != y) return x < y;
    }
    return false;
  }

  /// Literal children of `n`, sorted by `literal_less`, written to `out`; returns the count.
  constexpr std::size_t sorted_children(std::size_t n, std::array<std::size_t, Capacity>& out) const noexcept {
    std::size_t count = 0;
    for (std::size_t c = nodes[n].first_child; c != npos; c = nodes[c].next_sibling) {
      std::size_t i = count++;
      while (i > 0 && literal_less(nodes[c].text, nodes[out[i - 1]].text)) {
        out[i] = out[i - 1];
        --i;
      }
      out[i] = c;
    }
    return count;
  }

  [[nodiscard]] constexpr std::size_t literal_child(std::size_t n, std::string_view text) const noexcept {
    std::size_t c = nodes[n].first_child;
    while (c != npos && nodes[c].text != text) c = nodes[c].next_sibling;
    return c;
  }

  /// Can some template through node `n` match a path that `t.segments[k..]` also matches?
  /// Errs towards yes: a wrong yes only turns the fast path off for a template.
  [[nodiscard]] constexpr bool can_meet(std::size_t n, const route_template& t, std::size_t k) const noexcept {
    if (k == t.segment_count) return nodes[n].endpoint != npos;
    const template_segment& seg = t.segments[k];
    const bool empty_literal = seg.kind == segment_kind::literal && seg.text.empty();
    if (seg.kind == segment_kind::greedy) return true;
    if (nodes[n].greedy != npos && !empty_literal) return true;  // a {rest+} below takes it all
    if (seg.kind == segment_kind::literal) {
      const std::size_t c = literal_child(n, seg.text);
      if (c != npos && can_meet(c, t, k + 1)) return true;
      return !empty_literal && nodes[n].param != npos && can_meet(nodes[n].param, t, k + 1);
    }
    for (std::size_t c = nodes[n].first_child; c != npos; c = nodes[c].next_sibling) {
      if (!nodes[c].text.empty() && can_meet(c, t, k + 1)) return true;
    }
    return nodes[n].param != npos && can_meet(nodes[n].param, t, k + 1);
  }

  /// True when no more specific template can match a path that `t` matches: where `t` has
  /// a parameter, no literal sibling (nor, for `{rest+}`, a `{param}`) leads to a route
  /// that fits the rest of `t`.
  [[nodiscard]] constexpr bool fast_path_exact(const route_template& t) const noexcept {
    std::size_t n = 0;
    for (std::size_t k = 0; k < t.segment_count; ++k) {
      const template_segment& seg = t.segments[k];
      if (seg.kind == segment_kind::literal) {
        n = literal_child(n, seg.text);
        continue;
      }
      for (std::size_t c = nodes[n].first_child; c != npos; c = nodes[c].next_sibling) {
        if (nodes[c].text.empty()) continue;  // a trailing slash is not a parameter value
        if (seg.kind == segment_kind::greedy || can_meet(c, t, k + 1)) return false;
      }
      if (seg.kind == segment_kind::greedy) return nodes[n].param == npos;
      n = nodes[n].param;
    }
    return true;
  }
};

template <std::size_t Capacity, std::size_t R>
constexpr trie_builder<Capacity, R> insert_all(const std::array<route_template, R>& templates) noexcept {
  trie_builder<Capacity, R> b;
  for (std::size_t i = 0; i < R; ++i) {
    if (!templates[i].is_default && templates[i].error == route_error::none) b.insert(templates[i], static_cast<int>(i));
  }
  return b;
}

constexpr std::size_t slot_count_for(std::size_t endpoints) noexcept {
  std::size_t slots = 2;
  while (slots < endpoints * 2) slots *= 2;
  return slots;
}

/// The literal table's size: a power of two, at most half full (a miss ends after ~2.5
/// probes, a hit after ~1.5), with at least one empty slot.
constexpr std::size_t literal_slot_count(std::size_t literals) noexcept {
  std::size_t slots = 2;
  while (slots < literals * 2) slots *= 2;
  return slots;
}

constexpr unsigned literal_shift_for(std::size_t slots) noexcept {
  unsigned bits = 0;
  while ((std::size_t{1} << bits) < slots) ++bits;
  return 64 - bits;
}

template <std::size_t Capacity, std::size_t R>
constexpr trie_sizes measure_trie(const std::array<route_template, R>& templates) noexcept {
  const auto b = insert_all<Capacity>(templates);
  trie_sizes s;
  s.conflict = b.conflict;
  s.nodes = b.node_count;
  s.endpoints = b.endpoint_count;
  s.slots = slot_count_for(b.endpoint_count);
  for (std::size_t n = 0; n < b.node_count; ++n) {
    std::size_t children = 0;
    for (std::size_t c = b.nodes[n].first_child; c != b.npos; c = b.nodes[c].next_sibling) {
      ++children;
      s.pool += b.nodes[c].text.size();
    }
    s.literals += children;
  }
  s.literal_slots = literal_slot_count(s.literals);
  for (std::size_t e = 0; e < b.endpoint_count; ++e) {
    const route_template& t = templates[static_cast<std::size_t>(b.endpoints[e].template_route)];
    s.pool += t.path.size();
    s.shapes += t.segment_count;
  }
  return s;
}

template <trie_sizes S>
struct trie_tables {
  std::array<trie_node, S.nodes> nodes{};
  std::uint16_t root = 0;
  std::uint16_t literal_parents = 0;
  std::uint16_t longest_literal = 0;
  std::array<trie_literal, S.literal_slots> literals{};
  std::array<trie_endpoint, S.endpoints == 0 ? 1 : S.endpoints> endpoints{};
  std::array<trie_shape, S.shapes == 0 ? 1 : S.shapes> shapes{};
  std::array<std::uint16_t, S.slots> fast_slots{};
  std::array<char, S.pool == 0 ? 1 : S.pool> pool{};

  [[nodiscard]] constexpr trie_view view() const noexcept {
    return {nodes.data(),
            root,
            literal_parents,
            longest_literal,
            literals.data(),
            S.literal_slots - 1,
            literal_shift_for(S.literal_slots),
            endpoints.data(),
            shapes.data(),
            S.endpoints == 0 ? nullptr : fast_slots.data(),
            S.slots - 1,
            pool.data()};
  }
};

template <trie_sizes S, std::size_t Capacity, std::size_t R>
constexpr trie_tables<S> build_trie(const std::array<route_template, R>& templates) noexcept {
  static_assert(S.pool < no_index && S.nodes < no_index, "sluice::app: the route table is too large");
  const auto b = insert_all<Capacity>(templates);
  trie_tables<S> out;
  for (std::uint16_t& slot : out.fast_slots) slot = no_index;
  std::size_t pool = 0;
  const auto intern = [&](std::string_view text) {
    const auto offset = static_cast<std::uint16_t>(pool);
    for (const char c : text) out.pool[pool++] = c;
    return offset;
  };

  // Node ids: breadth first (literal children sorted, then the parameter child), except that
  // the nodes with literal children come first, so that `id < literal_parents` tells them.
  std::array<std::size_t, Capacity> order{};  // breadth-first position -> builder node
  std::array<std::size_t, Capacity> children{};
  std::size_t reached = 1;
  order[0] = 0;
  for (std::size_t k = 0; k < reached; ++k) {
    const std::size_t count = b.sorted_children(order[k], children);
    for (std::size_t c = 0; c < count; ++c) order[reached++] = children[c];
    if (b.nodes[order[k]].param != b.npos) order[reached++] = b.nodes[order[k]].param;
  }
  std::array<std::uint16_t, Capacity> id_of{};  // builder node -> id
  std::uint16_t next_id = 0;
  for (const bool with_literals : {true, false}) {
    for (std::size_t k = 0; k < reached; ++k) {
      if ((b.nodes[order[k]].first_child != b.npos) == with_literals) id_of[order[k]] = next_id++;
    }
    if (with_literals) out.literal_parents = next_id;
  }
  out.root = id_of[0];

  constexpr unsigned shift = literal_shift_for(S.literal_slots);
  for (std::size_t k = 0; k < reached; ++k) {
    const auto& bn = b.nodes[order[k]];
    const std::uint16_t id = id_of[order[k]];
    trie_node& n = out.nodes[id];
    const std::size_t count = b.sorted_children(order[k], children);
    for (std::size_t c = 0; c < count; ++c) {
      const auto& child = b.nodes[children[c]];
      const trie_literal literal{prefix_word(child.text), literal_owner(id, child.text.size()), id_of[children[c]],
                                 intern(child.text)};
      std::size_t slot = literal_slot(literal_key(literal.prefix, child.text.size()), id, shift);
      while (out.literals[slot].child != no_index) slot = (slot + 1) & (S.literal_slots - 1);
      out.literals[slot] = literal;
      if (child.text.size() > out.longest_literal) out.longest_literal = static_cast<std::uint16_t>(child.text.size());
    }
    if (bn.param != b.npos) n.param_child = id_of[bn.param];
    if (bn.greedy != b.npos) n.greedy_endpoint = static_cast<std::uint16_t>(b.nodes[bn.greedy].endpoint);
    if (bn.endpoint != b.npos) n.endpoint = static_cast<std::uint16_t>(bn.endpoint);
  }

  std::size_t shapes = 0;
  for (std::size_t e = 0; e < b.endpoint_count; ++e) {
    const int route = b.endpoints[e].template_route;
    const route_template& t = templates[static_cast<std::size_t>(route)];
    trie_endpoint ep = b.endpoints[e].data;
    ep.path_prefix = prefix_word(t.path);
    ep.path_offset = intern(t.path);
    ep.path_length = static_cast<std::uint16_t>(t.path.size());
    ep.first_shape = static_cast<std::uint16_t>(shapes);
    ep.shape_count = static_cast<std::uint16_t>(t.segment_count);
    for (std::size_t k = 0; k < t.segment_count; ++k) {
      const template_segment& seg = t.segments[k];
      trie_shape& shape = out.shapes[shapes++];
      shape.kind = seg.kind;
      if (seg.kind == segment_kind::literal) {
        shape.prefix = prefix_word(seg.text);
        shape.text_offset = static_cast<std::uint16_t>(ep.path_offset + (seg.text.data() - t.path.data()));
        shape.text_length = static_cast<std::uint16_t>(seg.text.size());
      }
    }
    ep.fast_path_exact = b.fast_path_exact(t);
    out.endpoints[e] = ep;

    std::size_t slot = key_hash(t.path) & (S.slots - 1);
    while (out.fast_slots[slot] != no_index) slot = (slot + 1) & (S.slots - 1);
    out.fast_slots[slot] = static_cast<std::uint16_t>(e);
  }
  return out;
}

}  // namespace sluice::detail
