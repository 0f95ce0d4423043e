// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors

// Zero heap allocations per dispatch after warm-up: every operator new is counted.

#include <doctest/doctest.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <string>

#include "echo_app.hpp"
#include "support/counting_new.hpp"  // every operator new of this binary is counted
#include "support/events.hpp"

TEST_CASE("a warm worker dispatches without touching the heap") {
  test_events::http_request get;
  get.path = "/users/octo/repos/hello";
  get.headers = {{"accept", "application/json"}, {"user-agent", "curl/8"}, {"x-trace", "abc"}};
  test_events::http_request list;
  list.path = "/pets";
  list.query = {{"limit", "5"}, {"tag", "a"}, {"tag", "b"}};
  test_events::http_request post;
  post.method = "POST";
  post.path = "/pets";
  post.body = R"({"name":"Rex","tag":"dog","age":3})";
  test_events::http_request missing;
  missing.path = "/nowhere";
  const std::string events[] = {test_events::http_api_v2(get), test_events::rest_v1(list),
                                test_events::http_api_v2(post), test_events::alb(missing, true),
                                test_events::function_url(get)};
  sluice::worker w;
  for (int warm = 0; warm < 3; ++warm) {
    for (const auto& e : events) REQUIRE(echo::app().handle(w, e).ok);
  }
  for (const auto& e : events) {
    const std::size_t before = counting_new::allocations.load();
    const auto r = echo::app().handle(w, e);
    const std::size_t after = counting_new::allocations.load();
    CAPTURE(e);
    CHECK(r.ok);
    CHECK(after - before == 0);
  }
  // the counter works: a std::string of this size must allocate
  const std::size_t before = counting_new::allocations.load();
  std::string big(1000, 'x');
  CHECK(counting_new::allocations.load() > before);
}
