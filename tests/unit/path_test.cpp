// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors

// One canonical path per request: decode once, reject the ambiguous (DESIGN section 3).

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "sluice/path.hpp"

using sluice::canonical_path;
using sluice::path_encoding;
using sluice::path_problem;

namespace {
struct row {
  std::string_view path;
  path_encoding encoding;
  path_problem problem;
  std::vector<std::string_view> segments;
};

constexpr auto enc = path_encoding::encoded;
constexpr auto dec = path_encoding::decoded;
}  // namespace

TEST_CASE("paths split into decoded segments or are refused with the reason") {
  const row rows[] = {
      {"/", enc, path_problem::none, {}},
      {"/pets", enc, path_problem::none, {"pets"}},
      {"/pets/", enc, path_problem::none, {"pets", ""}},
      {"/a/%62/c", enc, path_problem::none, {"a", "b", "c"}},
      {"/%61dmin", enc, path_problem::none, {"admin"}},
      {"/a%20b", enc, path_problem::none, {"a b"}},
      {"/a%252F", enc, path_problem::none, {"a%2F"}},  // decoded exactly once
      {"/admin%2Fsecret", dec, path_problem::none, {"admin%2Fsecret"}},  // never decoded twice
      {"/%2e%2e", dec, path_problem::none, {"%2e%2e"}},
      {"/admin;jsessionid=x", enc, path_problem::none, {"admin;jsessionid=x"}},
      {"/caf%C3%A9", enc, path_problem::none, {"caf\xC3\xA9"}},
      {"/admin\xEF\xBC\x8Fx", enc, path_problem::none, {"admin\xEF\xBC\x8Fx"}},  // U+FF0F stays opaque
      {"/users/me?admin=true", dec, path_problem::none, {"users", "me?admin=true"}},
      {"", enc, path_problem::not_absolute, {}},
      {"pets", enc, path_problem::not_absolute, {}},
      {"//admin", enc, path_problem::empty_segment, {}},
      {"/admin//users", enc, path_problem::empty_segment, {}},
      {"/public/../admin", enc, path_problem::dot_segment, {}},
      {"/public/%2e%2e/admin", enc, path_problem::dot_segment, {}},
      {"/public/.%2E/admin", enc, path_problem::dot_segment, {}},
      {"/public/..;/admin", enc, path_problem::dot_segment, {}},
      {"/admin/.", enc, path_problem::dot_segment, {}},
      {"/a/../b", dec, path_problem::dot_segment, {}},
      {"/public/%2e%2e%2Fadmin", enc, path_problem::encoded_slash, {}},
      {"/admin%2fsecret", enc, path_problem::encoded_slash, {}},
      {"/admin%5Csecret", enc, path_problem::encoded_backslash, {}},
      {"/admin%00", enc, path_problem::control_character, {}},
      {"/admin%0d%0aX-Injected:%201", enc, path_problem::control_character, {}},
      {"/admin\x01", dec, path_problem::control_character, {}},
      {"/admin\\secret", enc, path_problem::backslash, {}},
      {"/admin\\secret", dec, path_problem::backslash, {}},
      {"/admin#frag", enc, path_problem::fragment, {}},
      {"/%", enc, path_problem::malformed_escape, {}},
      {"/%zz", enc, path_problem::malformed_escape, {}},
      {"/%u002e%u002e/", enc, path_problem::malformed_escape, {}},
      {"/%ff%fe", enc, path_problem::invalid_utf8, {}},
      {"/%c0%af", enc, path_problem::invalid_utf8, {}},
      {"/%ed%a0%80", enc, path_problem::invalid_utf8, {}},  // a UTF-16 surrogate
  };
  sluice::detail::arena a;
  for (const row& r : rows) {
    CAPTURE(r.path);
    canonical_path p;
    const path_problem got = p.parse(r.path, r.encoding, {}, a);
    CHECK(got == r.problem);
    if (got == path_problem::none) {
      REQUIRE(p.segments().size() == r.segments.size());
      for (std::size_t i = 0; i < r.segments.size(); ++i) CHECK(p.segments()[i] == r.segments[i]);
    }
  }
}

TEST_CASE("limits bound the work a path can cause, at and just over each limit") {
  sluice::detail::arena a;
  const sluice::path_limits limits{.max_bytes = 64, .max_segments = 4, .max_segment_bytes = 8};
  canonical_path p;
  CHECK(p.parse("/" + std::string(8, 'x'), enc, limits, a) == path_problem::none);
  CHECK(p.parse("/" + std::string(9, 'x'), enc, limits, a) == path_problem::segment_too_long);
  CHECK(p.parse("/a/b/c/d", enc, limits, a) == path_problem::none);
  CHECK(p.parse("/a/b/c/d/e", enc, limits, a) == path_problem::too_many_segments);
  CHECK(p.parse("/" + std::string(63, 'x'), enc, {.max_bytes = 64}, a) == path_problem::none);
  CHECK(p.parse("/" + std::string(64, 'x'), enc, {.max_bytes = 64}, a) == path_problem::too_long);
  CHECK(sluice::status_of(path_problem::too_long) == 414);
  CHECK(sluice::status_of(path_problem::dot_segment) == 400);

  // 10,000 segments end at the segment limit, long before the end of the path
  std::string deep;
  for (int i = 0; i < 10000; ++i) deep += "/a";
  CHECK(p.parse(deep, enc, {.max_bytes = 1 << 20}, a) == path_problem::too_many_segments);
}

TEST_CASE("the tail of a path, for {rest+} parameters, is decoded once and joined by '/'") {
  sluice::detail::arena a;
  canonical_path p;
  REQUIRE(p.parse("/files/a/b%20c/d", enc, {}, a) == path_problem::none);
  CHECK(p.tail(1, a) == "a/b c/d");
  REQUIRE(p.parse("/files/a/b/", enc, {}, a) == path_problem::none);
  CHECK(p.tail(1, a) == "a/b/");
  const std::string_view raw = "/files/x/y";
  REQUIRE(p.parse(raw, enc, {}, a) == path_problem::none);
  const std::string_view t = p.tail(1, a);
  CHECK(t == "x/y");
  CHECK(t.data() == raw.data() + 7);  // nothing to decode: a view into the path

  REQUIRE(p.parse("/pets/", enc, {}, a) == path_problem::none);
  CHECK(p.has_trailing_slash());
  p.toggle_trailing_slash();
  CHECK(p.segments().size() == 1);
  p.toggle_trailing_slash();
  CHECK(p.segments().size() == 2);
}

TEST_CASE("each segment's prefix word is its first 8 bytes, however the path was split") {
  sluice::detail::arena a;
  const std::string_view paths[] = {
      "/a/bb/ccc/dddd/eeeee/ffffff/ggggggg/hhhhhhhh/iiiiiiiii",  // the SSE2 split, 16 to 64 bytes
      "/repos/octocat/hello-world/issues/1347/comments",
      "/x/yy/",                                                   // short: the byte loop
      "/caf%C3%A9/%61bc/long-segment-of-more-than-eight",         // decoded segments
      "/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef/z",  // longer than 64
  };
  for (const std::string_view path : paths) {
    CAPTURE(path);
    canonical_path p;
    REQUIRE(p.parse(path, enc, {}, a) == path_problem::none);
    for (std::size_t i = 0; i < p.segments().size(); ++i) {
      CAPTURE(p.segments()[i]);
      CHECK(p.segment_word(i) == sluice::detail::prefix_word(p.segments()[i]));
    }
  }
}

TEST_CASE("the 16-byte split and the byte loop agree on every path of up to 72 bytes") {
  // Plain ASCII paths of 8 to 64 bytes take the vector split, every other path the byte loop.
  // Each path below, with one or two bytes changed at every position, is compared with the
  // same path whose first 'a' is written "%61": it decodes to the same segments, but its escape
  // sends it down the byte loop. Both must give the same problem, segments and prefix words.
  sluice::detail::arena a;
  const std::string_view changes[] = {"/", ".", "#", "\\", "\x01", "\x7F", "\xC3\xA9", "//", "/.", "/./", "/..", "b"};
  std::size_t compared = 0;
  for (std::size_t n = 2; n <= 72; ++n) {
    for (std::size_t at = 1; at < n; ++at) {
      for (const std::string_view change : changes) {
        std::string path = "/" + std::string(n - 1, 'a');
        path.replace(at, std::min(change.size(), n - at), change);
        const std::size_t first_a = path.find('a');
        if (first_a == std::string::npos) continue;
        std::string escaped = path;
        escaped.replace(first_a, 1, "%61");
        CAPTURE(path);
        canonical_path fast;
        canonical_path slow;
        const path_problem got = fast.parse(path, enc, {}, a);
        REQUIRE(got == slow.parse(escaped, enc, {}, a));
        ++compared;
        if (got != path_problem::none) continue;
        REQUIRE(fast.segments().size() == slow.segments().size());
        for (std::size_t i = 0; i < fast.segments().size(); ++i) {
          CHECK(fast.segments()[i] == slow.segments()[i]);
          CHECK(fast.segment_word(i) == sluice::detail::prefix_word(fast.segments()[i]));
        }
      }
    }
    a.reset();
  }
  CHECK(compared > 25000);
}
