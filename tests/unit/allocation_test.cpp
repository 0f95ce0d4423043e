// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors

// Zero heap allocations per dispatch after warm-up: every operator new is counted.

#include <doctest/doctest.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <string>

#include "echo_app.hpp"
#include "support/events.hpp"

namespace allocation_test {
std::atomic<std::size_t> allocations{0};
}

// Replaces the global allocation functions of this test binary: each call is counted.
// g++ 12 cannot see that this operator new is malloc-backed, hence the pragma.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
void* operator new(std::size_t size) {
  allocation_test::allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) { return ::operator new(size); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  allocation_test::allocations.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(size == 0 ? 1 : size);
}
void* operator new[](std::size_t size, const std::nothrow_t& tag) noexcept { return ::operator new(size, tag); }
void* operator new(std::size_t size, std::align_val_t align) {
  allocation_test::allocations.fetch_add(1, std::memory_order_relaxed);
  const auto a = static_cast<std::size_t>(align);
  if (void* p = std::aligned_alloc(a, (size + a - 1) / a * a)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size, std::align_val_t align) { return ::operator new(size, align); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }

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
    const std::size_t before = allocation_test::allocations.load();
    const auto r = echo::app().handle(w, e);
    const std::size_t after = allocation_test::allocations.load();
    CAPTURE(e);
    CHECK(r.ok);
    CHECK(after - before == 0);
  }
  // the counter works: a std::string of this size must allocate
  const std::size_t before = allocation_test::allocations.load();
  std::string big(1000, 'x');
  CHECK(allocation_test::allocations.load() > before);
}
