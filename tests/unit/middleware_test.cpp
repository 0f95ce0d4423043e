// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors

// Steps before and after handlers, typed context, early answers, and errors as answers,
// through a whole app.

#include <doctest/doctest.h>

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "sluice/sluice.hpp"
#include "support/events.hpp"
#include "support/responses.hpp"

namespace middleware_test {

using test_events::http_request;
using test_responses::body_field;
using test_responses::parse_answer;

/// The context an app-level step provides: which tenant the request is for.
struct tenant {
  std::string_view name;
};
/// The context a route-level step provides, built from the tenant.
struct quota {
  int remaining;
};

struct not_found {
  std::string_view what;
};
struct payment_required {
  int cents;
};
struct teapot_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};
struct not_a_std_exception {};

/// `X-Trace` lists the steps that ran, in order (each appends its name).
void trace(sluice::response& r, std::string_view step) {
  std::string value(r.header_value("x-trace"));
  value += value.empty() ? "" : ",";
  value += step;
  r.set_header("X-Trace", value);
}

/// Throws what the path names: the same handler behind a route with after steps and one without.
sluice::response throw_by_kind(sluice::path<"kind"> kind) {
  if (*kind == "teapot") throw teapot_error("tea");
  if (*kind == "runtime") throw std::runtime_error("database password is hunter2");
  if (*kind == "odd") throw not_a_std_exception{};
  if (*kind == "mapped-by-route") throw std::out_of_range("route maps this");
  return sluice::text("fine");
}
sluice::response out_of_range_as_416(const std::out_of_range&) { return sluice::error(416, "out of range"); }

sluice::response show_tenant(sluice::provided<tenant> t, sluice::provided<quota> q) {
  sluice::json_writer w;
  w.begin_object().field("tenant", t->name).field("quota", q->remaining).end_object();
  return sluice::json(w);
}

const auto& stepped() {
  static const auto app = sluice::app{
      sluice::use(
          // app-level: read the tenant from a header, or answer 400 before routing
          sluice::before([](sluice::header<"x-tenant", std::optional<std::string_view>> id) -> sluice::provides<tenant> {
            if (!*id) return sluice::error(400, "send X-Tenant");
            return tenant{**id};
          }),
          sluice::before([](const sluice::request& req) -> std::optional<sluice::response> {
            if (req.header("x-maintenance")) return sluice::error(503, "down for maintenance");
            return std::nullopt;
          }),
          sluice::after([](sluice::response& r) { trace(r, "app-after"); }),
          // runs only where the tenant was provided
          sluice::after([](sluice::response& r, sluice::provided<tenant> t) { r.header("X-Tenant-Seen", t->name); }),
          sluice::on_error<not_found>([](const not_found& e) { return sluice::error(404, e.what); }),
          sluice::on_error<teapot_error>([](const teapot_error&) { return sluice::error(418, "short and stout"); })),
      sluice::route<"GET /quota">(
          show_tenant,
          sluice::before([](sluice::provided<tenant> t) -> sluice::provides<quota> {
            if (t->name == "broke") return sluice::error(402, "no quota left");
            return quota{t->name == "big" ? 1000 : 10};
          }),
          sluice::after([](sluice::response& r, sluice::provided<quota> q) {
            r.header("X-Quota", q->remaining > 100 ? "high" : "low");
          }),
          sluice::after([](sluice::response& r) { trace(r, "route-after"); })),
      sluice::route<"GET /items/{id}">(
          [](sluice::path<"id", int> id) -> sluice::result<not_found> {
            if (*id == 7) return sluice::text("seven");
            return not_found{"no such item"};
          },
          sluice::before([](sluice::path<"id", int> id) -> std::optional<sluice::response> {
            if (*id < 0) return sluice::error(400, "ids are not negative");
            return std::nullopt;
          })),
      sluice::route<"GET /unmapped">([]() -> sluice::result<payment_required> { return payment_required{250}; }),
      sluice::route<"GET /throw/{kind}">(
          throw_by_kind, sluice::on_error<std::out_of_range>(out_of_range_as_416),
          sluice::after([](sluice::response& r) { trace(r, "route-after"); })),
      // the same, without after steps: what they throw is answered by the app's one guard
      sluice::route<"GET /bare-throw/{kind}">(
          throw_by_kind, sluice::on_error<std::out_of_range>(out_of_range_as_416)),
      sluice::route<"GET /before-throws">([] { return sluice::text("never"); },
                                          sluice::before([](const sluice::request&) -> std::optional<sluice::response> {
                                            throw teapot_error("in a step");
                                          })),
      sluice::route<"GET /after-throws">([] { return sluice::text("ok"); },
                                         sluice::after([](sluice::response&) { throw std::runtime_error("after"); })),
      sluice::route<"POST /echo">([](sluice::raw_body b) { return sluice::text(b.bytes); },
                                  sluice::before([](const sluice::request& req) -> std::optional<sluice::response> {
                                    if (req.body() == "forbidden") return sluice::error(403, "not that body");
                                    return std::nullopt;
                                  })),
      sluice::route<"POST /pets">([](const sluice::request&) { return sluice::text("never"); },
                                  sluice::before([](sluice::header<"x-count", int>) {})),
  };
  return app;
}

test_responses::http_answer call(http_request r, bool with_tenant = true) {
  if (with_tenant) r.headers.emplace_back("X-Tenant", "acme");
  return parse_answer(stepped().handle(test_events::http_api_v2(r)).payload);
}

http_request get(std::string path) {
  http_request r;
  r.path = std::move(path);
  return r;
}

}  // namespace middleware_test

using namespace middleware_test;

TEST_CASE("context flows from app steps to route steps to the handler, and after steps run inside out") {
  auto answer = call(get("/quota"));
  REQUIRE(answer.status == 200);
  CHECK(body_field(answer.body, "/tenant") == R"("acme")");
  CHECK(body_field(answer.body, "/quota") == "10");
  CHECK(answer.header("x-quota") == "low");
  CHECK(answer.header("x-trace") == "route-after,app-after");
  CHECK(answer.header("x-tenant-seen") == "acme");

  http_request big = get("/quota");
  big.headers = {{"X-Tenant", "big"}};
  CHECK(call(big, false).header("x-quota") == "high");
}

TEST_CASE("a before step answers early: later steps and the handler do not run, after steps of its level do") {
  // the route's step answers: the route's after steps that need its context are skipped
  http_request broke = get("/quota");
  broke.headers = {{"X-Tenant", "broke"}};
  auto answer = call(broke, false);
  CHECK(answer.status == 402);
  CHECK(answer.body == R"({"message":"no quota left"})");
  CHECK(answer.header("x-quota").empty());
  CHECK(answer.header("x-trace") == "route-after,app-after");

  // the app's first step answers before routing: no tenant, so the tenant-reading after is skipped
  answer = call(get("/quota"), false);
  CHECK(answer.status == 400);
  CHECK(answer.body == R"({"message":"send X-Tenant"})");
  CHECK(answer.header("x-trace") == "app-after");
  CHECK(answer.header("x-tenant-seen").empty());

  // the app's second step answers: the first one's context exists
  http_request down = get("/quota");
  down.headers = {{"X-Maintenance", "1"}};
  answer = call(down);
  CHECK(answer.status == 503);
  CHECK(answer.header("x-tenant-seen") == "acme");
}

TEST_CASE("app after steps see every answer: 404, 405, a path the router refuses") {
  auto answer = call(get("/nowhere"));
  CHECK(answer.status == 404);
  CHECK(answer.header("x-trace") == "app-after");
  http_request wrong = get("/quota");
  wrong.method = "DELETE";
  answer = call(wrong);
  CHECK(answer.status == 405);
  CHECK(answer.header("x-trace") == "app-after");
  answer = call(get("/a/../quota"));
  CHECK(answer.status == 400);
  CHECK(answer.header("x-trace") == "app-after");
}

TEST_CASE("a step's extractors fail as a handler's do: a 400 naming the parameter") {
  http_request r;
  r.method = "POST";
  r.path = "/pets";
  r.headers = {{"X-Count", "many"}};
  auto answer = call(r);
  CHECK(answer.status == 400);
  CHECK(answer.body == R"({"message":"header 'x-count' must be a 32-bit integer"})");
  CHECK(body_field(call(get("/items/-3")).body, "/message") == R"("ids are not negative")");
}

TEST_CASE("error values and exceptions become answers: mapped, or a 500 that leaks nothing") {
  auto answer = call(get("/items/7"));
  CHECK(answer.status == 200);
  CHECK(answer.body == "seven");
  answer = call(get("/items/8"));
  CHECK(answer.status == 404);
  CHECK(answer.body == R"({"message":"no such item"})");

  answer = call(get("/unmapped"));
  CHECK(answer.status == 500);
  CHECK(answer.body == R"({"message":"Internal Server Error"})");

  answer = call(get("/throw/teapot"));
  CHECK(answer.status == 418);
  CHECK(answer.header("x-trace") == "route-after,app-after");  // the route's after steps see it too
  answer = call(get("/throw/mapped-by-route"));
  CHECK(answer.status == 416);
  answer = call(get("/throw/runtime"));
  CHECK(answer.status == 500);
  CHECK(answer.body == R"({"message":"Internal Server Error"})");
  CHECK(answer.body.find("hunter2") == std::string::npos);
  CHECK(call(get("/throw/odd")).status == 500);
  CHECK(call(get("/throw/none")).body == "fine");

  answer = call(get("/after-throws"));
  CHECK(answer.status == 500);
  CHECK(answer.header("x-trace") == "app-after");
}

TEST_CASE("exceptions of a route without after steps: its mappings, then the app's, else a 500") {
  auto answer = middleware_test::call(middleware_test::get("/bare-throw/teapot"));
  CHECK(answer.status == 418);
  CHECK(answer.body == R"({"message":"short and stout"})");
  CHECK(answer.header("x-trace") == "app-after");  // the app's after steps still see it
  answer = middleware_test::call(middleware_test::get("/bare-throw/mapped-by-route"));
  CHECK(answer.status == 416);
  CHECK(answer.header("x-trace") == "app-after");
  answer = middleware_test::call(middleware_test::get("/bare-throw/runtime"));
  CHECK(answer.status == 500);
  CHECK(answer.body == R"({"message":"Internal Server Error"})");
  CHECK(answer.body.find("hunter2") == std::string::npos);
  CHECK(middleware_test::call(middleware_test::get("/bare-throw/odd")).status == 500);
  CHECK(middleware_test::call(middleware_test::get("/bare-throw/none")).body == "fine");
  answer = middleware_test::call(middleware_test::get("/before-throws"));
  CHECK(answer.status == 418);
  CHECK(answer.header("x-trace") == "app-after");
}

TEST_CASE("a before step reads the decoded body; a body that cannot be read is answered first") {
  http_request r;
  r.method = "POST";
  r.path = "/echo";
  r.body = "hello";
  CHECK(call(r).body == "hello");
  r.body = "forbidden";
  CHECK(call(r).status == 403);
  r.body = "not base64!";
  r.base64 = true;
  auto answer = call(r);
  CHECK(answer.status == 400);
  CHECK(answer.body == R"({"message":"the request body is marked base64 but is not base64"})");
}

TEST_CASE("a Content-Encoding nothing decodes is a 415 for a handler that reads the body") {
  http_request r;
  r.method = "POST";
  r.path = "/echo";
  r.body = "H4sIAAAAAAAAA8tIzcnJBwCGphA2BQAAAA==";
  r.base64 = true;
  r.headers = {{"Content-Encoding", "gzip"}};
  auto answer = call(r);
  CHECK(answer.status == 415);
  CHECK(body_field(answer.body, "/message").find("Content-Encoding") != std::string::npos);
  r.headers = {{"Content-Encoding", "identity"}};
  CHECK(call(r).status == 200);
}
