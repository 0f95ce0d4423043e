// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors

// The trie against a brute-force matcher over the same templates (DESIGN section 2): the
// templates that fit the path, most specific first (segment by segment: static > {param} >
// {greedy+}); the first whose methods take the request's (exact, GET for HEAD, then ANY)
// wins; none: 405 with every fitting template's methods, or 404. The fast path (a template
// named by the gateway) gives the full match's answer or declines; a canonical path's
// precomputed words give the same answer as the plain segments.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz.hpp"
#include "sluice/path.hpp"
#include "sluice/router.hpp"

namespace router_fuzz {

// Overlaps at every level, greedy and ANY routes, a trailing-slash route, a node with enough
// literal children for a hash table, literals that share their first 8 bytes, UTF-8.
using table = sluice::router<
    "GET /", "GET /pets", "POST /pets", "GET /pets/", "GET /pets/{id}", "DELETE /pets/{id}",
    "GET /pets/mine", "ANY /pets/{id}/toys/{toy}", "GET /pets/{id}/toys/favourite",
    "PUT /pets/{id}/{rest+}", "ANY /files/{key+}", "GET /files/readme", "GET /files/{dir}/index",
    "HEAD /files/{dir}/meta", "ANY /{proxy+}", "GET /a/b/c", "GET /a/{x}/d", "POST /a/{x}/{y}",
    "OPTIONS /a/{x}", "PATCH /a/b", "GET /v/alpha", "GET /v/beta", "GET /v/gamma", "GET /v/delta",
    "GET /v/epsilon", "GET /v/zeta", "POST /v/eta", "GET /v/theta", "GET /v/{name}/x",
    "ANY /v/{name}/{tail+}", "GET /long/abcdefgh", "GET /long/abcdefgh1", "GET /long/abcdefgh12",
    "GET /long/abcdefghijklmnop", "DELETE /long/abcdefghijklmnoq", "GET /\xC3\xBCnicode/{id}",
    "GET /deep/{a}/{b}/{c}/{d}/{e}/{f}/{g}/{h}/{i+}", "POST /deep/{a}/x", "$default">;

using sluice::method;
using sluice::detail::route_template;
using sluice::detail::segment_kind;

/// The positions of a template's parameters when it fits `segs`, else nothing.
bool fits(const route_template& t, const std::vector<std::string_view>& segs,
          std::vector<std::uint16_t>& captures) {
  captures.clear();
  const std::size_t n = t.segment_count;
  if (t.has_greedy() ? segs.size() < n || (segs.size() == n && segs.back().empty())
                     : segs.size() != n)
    return false;
  for (std::size_t k = 0; k < n; ++k) {
    const auto& s = t.segments[k];
    if (s.kind == segment_kind::literal && segs[k] != s.text) return false;
    if (s.kind == segment_kind::param && segs[k].empty()) return false;
    if (s.kind != segment_kind::literal) captures.push_back(static_cast<std::uint16_t>(k));
  }
  return true;
}

/// Segment kinds, compared left to right; a template that ends first is never compared past
/// its end, since two fitting templates differ at the latest where the shorter one is greedy.
bool more_specific(const route_template& a, const route_template& b) {
  for (std::size_t k = 0; k < std::min(a.segment_count, b.segment_count); ++k) {
    if (a.segments[k].kind != b.segments[k].kind) return a.segments[k].kind < b.segments[k].kind;
  }
  return false;
}

struct answer {
  int route = -1;
  bool path_matched = false;
  sluice::method_set allowed = 0;
  bool last_is_greedy = false;
  std::vector<std::uint16_t> captures;
};

answer brute_force(const std::vector<std::string_view>& segs, method m) {
  // one entry per distinct template path, in specificity order
  std::vector<std::size_t> paths;
  std::vector<std::uint16_t> captures;
  for (std::size_t i = 0; i < table::size; ++i) {
    const route_template& t = table::templates[i];
    if (t.is_default || !fits(t, segs, captures)) continue;
    const bool seen = std::any_of(paths.begin(), paths.end(), [&](std::size_t j) {
      return table::templates[j].path == t.path;
    });
    if (!seen) paths.push_back(i);
  }
  std::stable_sort(paths.begin(), paths.end(), [](std::size_t a, std::size_t b) {
    return more_specific(table::templates[a], table::templates[b]);
  });
  answer out;
  for (const std::size_t p : paths) {
    out.path_matched = true;
    int exact = -1, get = -1, any = -1;
    for (std::size_t i = 0; i < table::size; ++i) {
      const route_template& t = table::templates[i];
      if (t.is_default || t.path != table::templates[p].path) continue;
      if (t.any_method)
        any = static_cast<int>(i);
      else if (t.verb == m && m != method::other)
        exact = static_cast<int>(i);
      else if (t.verb == method::get)
        get = static_cast<int>(i);
      if (!t.any_method) out.allowed |= sluice::bit(t.verb);
    }
    const int route = exact >= 0 ? exact : (m == method::head && get >= 0) ? get : any;
    if (route >= 0) {
      out.route = route;
      fits(table::templates[p], segs, out.captures);
      out.last_is_greedy = table::templates[p].has_greedy();
      return out;
    }
  }
  return out;
}

void check_same(const sluice::route_match& got, const answer& want) {
  FUZZ_CHECK(got.route == want.route);
  FUZZ_CHECK(got.path_matched == want.path_matched);
  if (want.route < 0) {
    FUZZ_CHECK(got.allowed == want.allowed);
    return;
  }
  FUZZ_CHECK(got.last_is_greedy == want.last_is_greedy);
  FUZZ_CHECK(got.capture_count == want.captures.size());
  FUZZ_CHECK(std::equal(want.captures.begin(), want.captures.end(), got.captures));
}

void check_fast_path(std::string_view template_path, const std::vector<std::string_view>& segs,
                     method m, const sluice::route_match& full) {
  const sluice::route_match fast = table::match_template(template_path, segs, m);
  if (fast.route < 0) return;  // declined: the caller runs the full match
  // The named template only suggests an endpoint (one of the same length and first 8 bytes may
  // be taken, when the path fits it): the contract is the full match's answer, not the name's.
  FUZZ_CHECK(fast.route == full.route);
  FUZZ_CHECK(fast.last_is_greedy == full.last_is_greedy);
  FUZZ_CHECK(fast.capture_count == full.capture_count);
  FUZZ_CHECK(std::equal(full.captures, full.captures + full.capture_count, fast.captures));
}

}  // namespace router_fuzz

void fuzz::router_target(const std::uint8_t* data, std::size_t size) {
  using namespace router_fuzz;
  static_assert(table::is_valid);
  fuzz::input in(data, size);
  const auto m = static_cast<method>(in.byte() % 8);
  const std::uint8_t mode = in.byte();
  // the template the gateway names: the fuzzer's text, or one of the table's
  const std::string_view named =
      (mode & 1) ? in.until(' ') : table::templates[(mode >> 2) % table::size].path;
  const std::string_view path = in.rest();
  if (path.size() > 4096) return;

  std::vector<std::string_view> segs;  // split as is: empty segments anywhere, no decoding
  if (path.size() > 1) {
    for (std::string_view rest = path.substr(1);;) {
      const std::size_t slash = rest.find('/');
      segs.push_back(rest.substr(0, slash));
      if (slash == std::string_view::npos) break;
      rest.remove_prefix(slash + 1);
    }
  }
  if (segs.size() > sluice::detail::max_template_segments * 4) return;

  const sluice::route_match got = table::match(segs, m);
  check_same(got, brute_force(segs, m));
  FUZZ_CHECK(got.route != table::default_route);
  check_fast_path(named, segs, m, got);

  if (mode & 2) {  // the app's way: a canonical path and its segment words
    static sluice::detail::arena arena;
    arena.reset();
    sluice::canonical_path canonical;
    if (canonical.parse(path, sluice::path_encoding::encoded, {}, arena) !=
        sluice::path_problem::none)
      return;
    const auto c = canonical.segments();
    const std::vector<std::string_view> decoded(c.begin(), c.end());
    const sluice::route_match via_words = table::match(canonical, m);
    check_same(via_words, brute_force(decoded, m));
    const sluice::route_match fast = table::match_template(named, canonical, m);
    if (fast.route >= 0)
      FUZZ_CHECK(fast.route == via_words.route && fast.capture_count == via_words.capture_count);
  }
}
