// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors

// The matching rules of DESIGN section 2, as tables {routes, request, expected answer},
// plus a differential test of the trie against a brute-force matcher on random tables,
// and the fast path against path matching on every route of the shared corpus.

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "route_sets.hpp"
#include "sluice/detail/trie_build.hpp"
#include "sluice/path.hpp"
#include "sluice/router.hpp"

namespace {

struct row {
  std::string_view method;
  std::string_view path;
  std::string_view expected;  // "<route key> [name=value ...]", "404", or "405 <Allow>"
};

/// "<route key> name=value ..." for a match, "405 <Allow>" or "404" otherwise.
template <class Router>
std::string outcome(const sluice::route_match& m, const sluice::canonical_path& p, sluice::detail::arena& a) {
  if (m.route < 0) {
    if (!m.path_matched) return "404";
    return "405 " + std::string(sluice::allow_list(m.allowed).view());
  }
  std::string s(Router::key(static_cast<std::size_t>(m.route)));
  for (std::size_t k = 0; k < m.capture_count; ++k) {
    const bool greedy = m.last_is_greedy && k + 1 == m.capture_count;
    s += " ";
    s += Router::templates[static_cast<std::size_t>(m.route)].param_name(k);
    s += "=";
    s += greedy ? p.tail(m.captures[k], a) : p.segments()[m.captures[k]];
  }
  return s;
}

template <class Router>
void check_table(std::initializer_list<row> rows) {
  sluice::detail::arena a;
  for (const row& r : rows) {
    sluice::canonical_path p;
    REQUIRE(p.parse(r.path, sluice::path_encoding::encoded, {}, a) == sluice::path_problem::none);
    const auto m = Router::match(p.segments(), sluice::parse_method(r.method));
    CAPTURE(r.method);
    CAPTURE(r.path);
    CHECK(outcome<Router>(m, p, a) == r.expected);
  }
}

using pets = sluice::router<"GET /pets", "GET /pets/{id}", "GET /pets/mine", "DELETE /pets/{id}",
                            "ANY /files/{key+}", "GET /files/readme", "GET /a/{x}/d", "GET /a/b/c",
                            "GET /users/{user}/repos/{repo}", "PUT /users/{user}/repos/{repo}", "GET /">;

}  // namespace

TEST_CASE("most specific wins, segment by segment, with backtracking") {
  check_table<pets>({
      {"GET", "/pets", "GET /pets"},
      {"GET", "/pets/12", "GET /pets/{id} id=12"},
      {"GET", "/pets/mine", "GET /pets/mine"},
      {"GET", "/a/b/c", "GET /a/b/c"},
      {"GET", "/a/b/d", "GET /a/{x}/d x=b"},  // backtracks out of the static 'b'
      {"GET", "/a/z/d", "GET /a/{x}/d x=z"},
      {"GET", "/a/z/c", "404"},
      {"GET", "/users/octo/repos/hello", "GET /users/{user}/repos/{repo} user=octo repo=hello"},
      {"PUT", "/users/octo/repos/hello", "PUT /users/{user}/repos/{repo} user=octo repo=hello"},
      {"GET", "/", "GET /"},
  });
}

TEST_CASE("greedy parameters take one or more segments and lose to anything more specific") {
  check_table<pets>({
      {"GET", "/files/readme", "GET /files/readme"},
      {"POST", "/files/readme", "ANY /files/{key+} key=readme"},  // the exact route has no POST
      {"GET", "/files/a/b/c", "ANY /files/{key+} key=a/b/c"},
      {"GET", "/files/a/b/", "ANY /files/{key+} key=a/b/"},
      {"DELETE", "/files/x%20y/%C3%A9", "ANY /files/{key+} key=x y/\xC3\xA9"},
      {"GET", "/files/", "404"},  // a lone trailing slash is not a segment
      {"GET", "/files", "404"},
  });
}

TEST_CASE("an exact method beats ANY; HEAD is served by GET; 405 lists what the path allows") {
  using table = sluice::router<"ANY /m", "POST /m", "GET /h", "HEAD /h2", "GET /h2">;
  check_table<table>({
      {"POST", "/m", "POST /m"},
      {"GET", "/m", "ANY /m"},
      {"PATCH", "/m", "ANY /m"},
      {"PROPFIND", "/m", "ANY /m"},  // a method no route can name still reaches ANY
      {"HEAD", "/h", "GET /h"},
      {"HEAD", "/h2", "HEAD /h2"},
      {"POST", "/h", "405 GET, HEAD"},
      {"get", "/h", "405 GET, HEAD"},  // methods are case-sensitive
  });
  check_table<pets>({
      {"POST", "/pets/12", "405 GET, HEAD, DELETE"},
      {"DELETE", "/pets/mine", "DELETE /pets/{id} id=mine"},  // backtracks to the route with the method
      {"PATCH", "/pets/mine", "405 GET, HEAD, DELETE"},       // Allow gathers every matching template
      {"OPTIONS", "/pets", "405 GET, HEAD"},                  // the app answers OPTIONS itself
  });
}

TEST_CASE("the trailing slash is significant and matching is case-sensitive") {
  using table = sluice::router<"GET /t", "GET /t/", "GET /u">;
  check_table<table>({
      {"GET", "/t", "GET /t"},
      {"GET", "/t/", "GET /t/"},
      {"GET", "/u", "GET /u"},
      {"GET", "/u/", "404"},
      {"GET", "/U", "404"},
  });
}

TEST_CASE("specificity decides across several levels, whatever the registration order") {
  using forward = sluice::router<"GET /a/b/c/d", "GET /a/{x}/c/e", "GET /a/b/{y}/f", "GET /a/{x}/{y}/{z}",
                                 "GET /a/{rest+}">;
  using backward = sluice::router<"GET /a/{rest+}", "GET /a/{x}/{y}/{z}", "GET /a/b/{y}/f", "GET /a/{x}/c/e",
                                  "GET /a/b/c/d">;
  const std::initializer_list<row> rows = {
      {"GET", "/a/b/c/d", "GET /a/b/c/d"},
      {"GET", "/a/b/c/e", "GET /a/{x}/c/e x=b"},
      {"GET", "/a/b/c/f", "GET /a/b/{y}/f y=c"},
      {"GET", "/a/b/c/g", "GET /a/{x}/{y}/{z} x=b y=c z=g"},
      {"GET", "/a/b/c/d/e", "GET /a/{rest+} rest=b/c/d/e"},
      {"GET", "/a/q", "GET /a/{rest+} rest=q"},
  };
  check_table<forward>(rows);
  check_table<backward>(rows);
}

TEST_CASE("$default is known to the table and never matched by a path") {
  using table = sluice::router<"GET /a", "$default">;
  CHECK(table::default_route == 1);
  check_table<table>({{"GET", "/b", "404"}, {"GET", "/a", "GET /a"}});
  CHECK(sluice::router<"GET /a">::default_route == -1);
}

// ---- differential: the trie against a brute-force reading of the rules ----------------------

namespace {

using sluice::detail::route_template;
using sluice::detail::segment_kind;

bool template_matches(const route_template& t, const std::vector<std::string>& segs) {
  std::size_t i = 0;
  for (std::size_t k = 0; k < t.segment_count; ++k, ++i) {
    const auto& s = t.segments[k];
    if (s.kind == segment_kind::greedy) return i < segs.size() && !(i + 1 == segs.size() && segs[i].empty());
    if (i >= segs.size()) return false;
    if (s.kind == segment_kind::literal && segs[i] != s.text) return false;
    if (s.kind == segment_kind::param && segs[i].empty()) return false;
  }
  return i == segs.size();
}

/// Lexicographic on segment kinds: static < {param} < {greedy+}.
bool more_specific(const route_template& a, const route_template& b) {
  for (std::size_t k = 0; k < std::min(a.segment_count, b.segment_count); ++k) {
    if (a.segments[k].kind != b.segments[k].kind) return a.segments[k].kind < b.segments[k].kind;
  }
  return false;
}

struct reference_answer {
  int route = -1;
  bool path_matched = false;
  sluice::method_set allowed = 0;
};

reference_answer reference_match(const std::vector<route_template>& ts, const std::vector<std::string>& segs,
                                 sluice::method m) {
  reference_answer out;
  int best = -1;
  int best_rank = 0;  // 0 exact, 1 GET for HEAD, 2 ANY
  for (std::size_t i = 0; i < ts.size(); ++i) {
    const route_template& t = ts[i];
    if (!template_matches(t, segs)) continue;
    out.path_matched = true;
    int rank = -1;
    if (t.any_method) rank = 2;
    else if (t.verb == m && m != sluice::method::other) rank = 0;
    else if (m == sluice::method::head && t.verb == sluice::method::get) rank = 1;
    if (!t.any_method) out.allowed |= sluice::bit(t.verb);
    if (rank < 0) continue;
    const bool better = best < 0 || more_specific(t, ts[static_cast<std::size_t>(best)]) ||
                        (t.path == ts[static_cast<std::size_t>(best)].path && rank < best_rank);
    if (better) {
      best = static_cast<int>(i);
      best_rank = rank;
    }
  }
  out.route = best;
  return out;
}

constexpr sluice::detail::trie_sizes generous{512, 512, 128, 1024, 4096, 256, 4096, {}};
// The same, with a literal table as crowded as a random table can make it (up to 48 literal
// edges in 64 slots), so that lookups probe past other parents' literals.
constexpr sluice::detail::trie_sizes crowded{512, 512, 128, 1024, 4096, 256, 64, {}};

}  // namespace

TEST_CASE("the trie agrees with a brute-force matcher on random route tables") {
  std::mt19937 rng(20261128);
  const std::vector<std::string> words = {"a", "b", "c", "ab"};
  const std::vector<std::string> verbs = {"GET", "POST", "DELETE", "ANY"};
  const sluice::method methods[] = {sluice::method::get, sluice::method::head, sluice::method::post,
                                    sluice::method::del, sluice::method::patch, sluice::method::other};
  std::size_t tables = 0;
  std::size_t requests = 0;
  std::size_t matched = 0;
  std::size_t not_allowed = 0;
  for (int round = 0; round < 300; ++round) {
    // a random table of unique, conflict-free keys over a tiny alphabet, so routes overlap a lot
    std::vector<std::string> keys;
    const int n = 1 + static_cast<int>(rng() % 12);
    for (int i = 0; i < n; ++i) {
      std::string path;
      const int depth = static_cast<int>(rng() % 4);
      for (int d = 0; d < depth; ++d) {
        const auto kind = static_cast<unsigned>(rng() % 5);
        path += "/";
        if (kind == 0) path += "{p" + std::to_string(d) + "}";
        else if (kind == 1 && d + 1 == depth) path += "{g" + std::to_string(d) + "+}";
        else path += words[rng() % words.size()];
      }
      if (path.empty() || rng() % 8 == 0) path += "/";
      keys.push_back(verbs[rng() % verbs.size()] + " " + path);
    }
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    std::vector<route_template> ts;
    for (const auto& k : keys) {
      const route_template t = sluice::detail::parse_route_template(k);
      if (t.error == sluice::detail::route_error::none) ts.push_back(t);
    }
    std::array<route_template, 16> arr{};
    std::copy(ts.begin(), ts.end(), arr.begin());
    for (std::size_t i = ts.size(); i < arr.size(); ++i) arr[i] = sluice::detail::parse_route_template("$default");
    const auto sizes = sluice::detail::measure_trie<512>(arr);
    if (sizes.conflict.kind != sluice::detail::conflict_kind::none) continue;  // not a valid table
    const auto tables_built = sluice::detail::build_trie<generous, 512>(arr);
    const auto tables_crowded = sluice::detail::build_trie<crowded, 512>(arr);
    REQUIRE(sizes.literals <= 48);
    ++tables;

    for (int q = 0; q < 60; ++q) {
      std::vector<std::string> segs;
      const int depth = static_cast<int>(rng() % 5);
      for (int d = 0; d < depth; ++d) segs.push_back(rng() % 6 == 0 ? "zz" : words[rng() % words.size()]);
      if (rng() % 6 == 0) segs.emplace_back();  // trailing slash
      std::vector<std::string_view> views(segs.begin(), segs.end());
      const sluice::method m = methods[rng() % std::size(methods)];
      const auto got = sluice::detail::match_trie(tables_built.view(), views.data(), views.size(), m);
      const auto want = reference_match(ts, segs, m);
      std::string request;
      for (const auto& s : segs) request += "/" + s;
      CAPTURE(request);
      CAPTURE(std::string(sluice::method_name(m)));
      std::string table_text;
      for (const auto& t : ts) table_text += std::string(t.key) + "; ";
      CAPTURE(table_text);
      REQUIRE(got.route == want.route);
      CHECK(sluice::detail::match_trie(tables_crowded.view(), views.data(), views.size(), m).route == want.route);
      matched += want.route >= 0;
      not_allowed += want.route < 0 && want.path_matched;
      if (want.route < 0) {
        CHECK(got.path_matched == want.path_matched);
        CHECK(got.allowed == want.allowed);
      } else {
        // the fast path, when it answers, answers the same
        const auto& t = ts[static_cast<std::size_t>(want.route)];
        const auto fast =
            sluice::detail::match_trie_template(tables_built.view(), t.path, views.data(), views.size(), m);
        if (fast.route >= 0) CHECK(fast.route == want.route);
      }
      ++requests;
    }
  }
  MESSAGE(tables << " random tables, " << requests << " requests compared, " << matched << " matched, "
                 << not_allowed << " answered 405");
  CHECK(tables > 100);
  CHECK(matched > requests / 10);  // the generator must exercise matches and 405s, not only 404s
  CHECK(not_allowed > requests / 100);
}

// ---- the corpus route sets: path matching and the routeKey fast path agree ------------------

namespace {
template <class Set>
void check_route_set(std::size_t& fast_answers) {
  sluice::detail::arena a;
  std::size_t line = 0;
  for (const std::string_view request : Set::requests) {
    const std::size_t space = request.find(' ');
    const sluice::method m = sluice::parse_method(request.substr(0, space));
    sluice::canonical_path p;
    REQUIRE(p.parse(request.substr(space + 1), sluice::path_encoding::encoded, {}, a) == sluice::path_problem::none);
    const std::string_view key = Set::router::key(line);
    const auto by_path = Set::router::match(p.segments(), m);
    CHECK(Set::router::match(p, m).route == by_path.route);  // with the path's segment words
    const auto by_key = Set::router::match_template(key.substr(key.find(' ') + 1), p.segments(), m);
    CAPTURE(Set::name);
    CAPTURE(request);
    CHECK(by_path.route == static_cast<int>(line));
    // the app's call gives the match's answer whatever template the gateway names: this
    // route's, another route's, one of no route, or none
    const std::string_view other = Set::router::key((line + 1) % Set::router::size);
    for (const std::string_view named : {key.substr(key.find(' ') + 1), other.substr(other.find(' ') + 1),
                                         std::string_view{"/no/such/{template}"}, std::string_view{}}) {
      CAPTURE(named);
      const auto both = Set::router::match_with_template(named, p, m);
      CHECK(both.route == by_path.route);
      REQUIRE(both.capture_count == by_path.capture_count);
      for (std::size_t k = 0; k < both.capture_count; ++k) CHECK(both.captures[k] == by_path.captures[k]);
      CHECK(both.last_is_greedy == by_path.last_is_greedy);
    }
    if (by_key.route >= 0) {
      ++fast_answers;
      CHECK(by_key.route == by_path.route);
      CHECK(by_key.capture_count == by_path.capture_count);
      for (std::size_t k = 0; k < by_key.capture_count; ++k) CHECK(by_key.captures[k] == by_path.captures[k]);
    }
    ++line;
  }
}
}  // namespace

TEST_SUITE("corpus: route sets") {
TEST_CASE("every route of every corpus set is found by path and by routeKey alike") {
  constexpr std::size_t sets = std::tuple_size_v<route_sets::all>;
  if constexpr (sets == 0) {
    std::fprintf(stderr, "SKIPPED: no route sets under " SLUICE_CORPUS_DIR "/routes\n");
  } else {
    std::size_t fast_answers = 0;
    std::apply([&](auto... set) { (check_route_set<decltype(set)>(fast_answers), ...); }, route_sets::all{});
    MESSAGE(fast_answers << " requests answered by the routeKey fast path");
    CHECK(fast_answers > 0);
  }
}
}  // TEST_SUITE
