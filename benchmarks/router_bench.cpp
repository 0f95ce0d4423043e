// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors

// Route lookups on every route set of the shared corpus, each beside its floor in the same run:
// an exact-match std::unordered_map lookup of the same request strings. Every harness is
// checked to give the right route (and captures) for every request before anything is timed.
// A std::regex linear scan (how cpp-httplib routes: one pattern per route, tried in order
// among the routes of the request's method) is the C++ peer; the Node.js peers are in
// peers/routing.mjs (benchmarks/suite.sh runs both).

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <regex>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "route_sets.hpp"
#include "sluice/path.hpp"
#include "sluice/router.hpp"

namespace {

/// One line of `<set>.requests.txt`, split once before timing.
struct request_line {
  std::string_view line;  // "GET /repos/octocat/hello-world"
  sluice::method verb = sluice::method::other;
  std::string_view path;           // "/repos/octocat/hello-world"
  std::string_view template_path;  // "/repos/{owner}/{repo}": what routeKey's path part holds
};

/// Hashes `std::string` and `std::string_view` alike, so lookups build no string.
struct text_hash {
  using is_transparent = void;
  [[nodiscard]] std::size_t operator()(std::string_view s) const noexcept {
    return std::hash<std::string_view>{}(s);
  }
};

template <class Set>
class harness {
 public:
  using router = typename Set::router;

  harness() {
    std::size_t i = 0;
    for (const std::string_view line : Set::requests) {
      const std::size_t space = line.find(' ');
      const std::string_view key = router::key(i);
      requests_.push_back({line, sluice::parse_method(line.substr(0, space)),
                           line.substr(space + 1), key.substr(key.find(' ') + 1)});
      floor_.emplace(std::string(line), static_cast<int>(i));
      add_pattern(key, static_cast<int>(i));
      ++i;
    }
    // the pre-split segments, for the variants that leave canonical_path::parse out; decoded
    // ones live in an arena of their own, which the timed loops never reset
    std::vector<std::size_t> first;
    for (std::size_t k = 0; k < requests_.size(); ++k) {
      if (path_.parse(requests_[k].path, sluice::path_encoding::encoded, {}, split_arena_) !=
          sluice::path_problem::none) {
        fail("canonical_path::parse refuses", k, -1);
      }
      first.push_back(segments_.size());
      segments_.insert(segments_.end(), path_.segments().begin(), path_.segments().end());
    }
    for (std::size_t k = 0; k < requests_.size(); ++k) {
      const std::size_t end = k + 1 < first.size() ? first[k + 1] : segments_.size();
      split_.emplace_back(segments_.data() + first[k], end - first[k]);
    }
  }
  harness(const harness&) = delete;
  harness& operator=(const harness&) = delete;

  [[nodiscard]] std::size_t size() const noexcept { return requests_.size(); }

  /// From the concrete path to route and captures, as for `$default` routes, URLs and ALB.
  [[nodiscard]] sluice::route_match raw_path(std::size_t i) noexcept {
    const request_line& r = requests_[i];
    if (path_.parse(r.path, sluice::path_encoding::encoded, {}, arena_) !=
        sluice::path_problem::none)
      return {};
    return router::match(path_, r.verb);
  }

  /// What the app does with a routeKey: parse the path, try the fast path, else match.
  [[nodiscard]] sluice::route_match route_key(std::size_t i) noexcept {
    const request_line& r = requests_[i];
    if (path_.parse(r.path, sluice::path_encoding::encoded, {}, arena_) !=
        sluice::path_problem::none)
      return {};
    return router::match_with_template(r.template_path, path_, r.verb);
  }

  /// The same without the parse: the lookup alone.
  [[nodiscard]] sluice::route_match route_key_no_parse(std::size_t i) noexcept {
    return by_route_key(requests_[i], split_[i]);
  }

  /// The trie alone, on segments split beforehand.
  [[nodiscard]] sluice::route_match match_no_parse(std::size_t i) noexcept {
    return router::match(split_[i], requests_[i].verb);
  }

  /// The floor: one hash and one comparison of the whole request line.
  [[nodiscard]] int unordered_map_floor(std::size_t i) const noexcept {
    const auto it = floor_.find(requests_[i].line);
    return it == floor_.end() ? -1 : it->second;
  }

  /// The cpp-httplib way: each pattern of the request's method tried in order with
  /// `std::regex_match`; the first that matches wins (no request of a corpus set matches two).
  [[nodiscard]] int regex_scan(std::size_t i, std::size_t& captures) {
    const request_line& r = requests_[i];
    for (const pattern& p : patterns_[static_cast<std::size_t>(r.verb)]) {
      if (std::regex_match(r.path.data(), r.path.data() + r.path.size(), regex_match_, p.regex)) {
        captures = regex_match_.size() - 1;
        return p.route;
      }
    }
    captures = 0;
    return -1;
  }

  /// How many requests the fast path answers without falling back to `match`.
  [[nodiscard]] std::size_t fast_path_answers() const noexcept {
    std::size_t n = 0;
    for (std::size_t i = 0; i < size(); ++i) {
      n += router::match_template(requests_[i].template_path, split_[i], requests_[i].verb).route >=
           0;
    }
    return n;
  }

  /// Aborts unless `m` is route `i` with one capture per template parameter, at its segment.
  void check(const char* what, std::size_t i, const sluice::route_match& m) const {
    if (m.route != static_cast<int>(i)) fail(what, i, m.route);
    const auto& t = router::templates[i];
    std::size_t depth = 0;
    for (std::size_t k = 0; k < t.segment_count; ++k) {
      if (t.segments[k].kind == sluice::detail::segment_kind::literal) continue;
      if (depth >= m.capture_count || m.captures[depth] != k)
        fail(what, i, m.route, "a wrong capture");
      ++depth;
    }
    if (depth != m.capture_count) fail(what, i, m.route, "a wrong number of captures");
  }

  void check(const char* what, std::size_t i, int route) const {
    if (route != static_cast<int>(i)) fail(what, i, route);
  }

  void check_regex_scan(std::size_t i) {
    std::size_t captures = 0;
    const int route = regex_scan(i, captures);
    check("std_regex_scan", i, route);
    const auto& t = router::templates[i];
    std::size_t params = 0;
    for (std::size_t k = 0; k < t.segment_count; ++k)
      params += t.segments[k].kind != sluice::detail::segment_kind::literal;
    if (captures != params) fail("std_regex_scan", i, route, "a wrong number of captures");
  }

  [[noreturn]] void fail(const char* what, std::size_t i, int got,
                         const char* problem = "the wrong route") const {
    std::fprintf(stderr, "router_bench: %.*s/%s gives %s for '%.*s': route %d, expected %zu\n",
                 static_cast<int>(Set::name.size()), Set::name.data(), what, problem,
                 static_cast<int>(Set::requests[i].size()), Set::requests[i].data(), got, i);
    std::abort();
  }

  /// Called between passes over the set, as the app resets per invocation.
  void reset() noexcept { arena_.reset(); }

 private:
  [[nodiscard]] static sluice::route_match by_route_key(
      const request_line& r, std::span<const std::string_view> segments) noexcept {
    return router::match_with_template(r.template_path, segments, r.verb);
  }

  /// One route of the regex scan: `GET /repos/{owner}/{repo}` becomes `/repos/([^/]+)/([^/]+)`.
  struct pattern {
    std::regex regex;
    int route;
  };

  void add_pattern(std::string_view key, int route) {
    const std::size_t space = key.find(' ');
    const std::string_view path = key.substr(space + 1);
    std::string text;
    for (std::size_t k = 0; k < path.size(); ++k) {
      if (path[k] == '{') {
        const std::size_t close = path.find('}', k);
        text += path[close - 1] == '+' ? "(.+)" : "([^/]+)";
        k = close;
      } else {
        if (std::string_view(".[]()*+?^$|\\").find(path[k]) != std::string_view::npos) text += '\\';
        text += path[k];
      }
    }
    patterns_[static_cast<std::size_t>(sluice::parse_method(key.substr(0, space)))].push_back(
        {std::regex(text), route});
  }

  std::vector<request_line> requests_;
  std::unordered_map<std::string, int, text_hash, std::equal_to<>> floor_;
  std::vector<std::string_view> segments_;
  std::vector<std::span<const std::string_view>> split_;
  sluice::detail::arena split_arena_;
  sluice::detail::arena arena_;
  sluice::canonical_path path_;
  std::vector<pattern> patterns_[static_cast<std::size_t>(sluice::method::other) + 1];
  std::cmatch regex_match_;
};

/// The fastest repetition: on a shared machine, the one least disturbed.
double fastest(const std::vector<double>& v) {
  return *std::min_element(v.begin(), v.end());
}

/// One iteration looks up every request of the set once; counters give the time per lookup.
template <class Set, class Lookup>
void run_lookups(benchmark::State& state, harness<Set>& h, Lookup lookup) {
  const std::size_t n = h.size();
  for (auto _ : state) {
    for (std::size_t i = 0; i < n; ++i) {
      auto result = lookup(h, i);
      benchmark::DoNotOptimize(result);
    }
    h.reset();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n));
  // seconds per lookup, printed with a prefix ("15.2ns"); JSON output gives seconds
  state.counters["time/lookup"] =
      benchmark::Counter(static_cast<double>(n), benchmark::Counter::kIsIterationInvariantRate |
                                                     benchmark::Counter::kInvert);
}

template <class Set>
void register_set() {
  static harness<Set> h;  // lives until the benchmarks have run
  for (std::size_t i = 0; i < h.size(); ++i) {
    h.check("sluice_raw_path", i, h.raw_path(i));
    h.check("sluice_route_key", i, h.route_key(i));
    h.check("sluice_route_key_no_parse", i, h.route_key_no_parse(i));
    h.check("sluice_match_no_parse", i, h.match_no_parse(i));
    h.check("unordered_map_floor", i, h.unordered_map_floor(i));
    h.check_regex_scan(i);
  }
  h.reset();
  const double fast_share =
      static_cast<double>(h.fast_path_answers()) / static_cast<double>(h.size());
  const std::string set(Set::name);

  const auto add = [&](const char* name, bool is_route_key, auto lookup) {
    const auto run = [lookup, is_route_key, fast_share](benchmark::State& s) {
      run_lookups(s, h, lookup);
      s.counters["routes"] = static_cast<double>(h.size());
      // the share of requests the fast path answered alone; the rest fell back to match
      if (is_route_key) s.counters["fast_share"] = fast_share;
    };
    benchmark::internal::Benchmark* b =
        benchmark::RegisterBenchmark((set + "/" + name).c_str(), run)->ComputeStatistics("min", fastest);
    // a fixed count for instruction counting (benchmarks/instructions.sh, BENCH=router)
    if (const char* n = std::getenv("SLUICE_BENCH_ITERATIONS")) b->Iterations(std::atoll(n));
  };
  using H = harness<Set>;
  add("sluice_raw_path", false, [](H& x, std::size_t i) { return x.raw_path(i); });
  add("sluice_route_key", true, [](H& x, std::size_t i) { return x.route_key(i); });
  add("sluice_route_key_no_parse", true,
      [](H& x, std::size_t i) { return x.route_key_no_parse(i); });
  add("sluice_match_no_parse", false, [](H& x, std::size_t i) { return x.match_no_parse(i); });
  add("unordered_map_floor", false, [](H& x, std::size_t i) { return x.unordered_map_floor(i); });
  add("std_regex_scan", false, [](H& x, std::size_t i) {
    std::size_t captures = 0;
    return x.regex_scan(i, captures);
  });
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  if constexpr (std::tuple_size_v<route_sets::all> == 0) {
    std::printf("SKIPPED: no route sets under " SLUICE_CORPUS_DIR "/routes; nothing to measure\n");
    return 0;
  } else {
    std::apply([](auto... set) { (register_set<decltype(set)>(), ...); }, route_sets::all{});
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
  }
}
