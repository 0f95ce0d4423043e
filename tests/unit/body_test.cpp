// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors

// JSON bodies bound to described structs: strict, and every refusal names the field.

#include <doctest/doctest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sluice/events/sqs.hpp"
#include "sluice/sluice.hpp"
#include "support/events.hpp"
#include "support/responses.hpp"

namespace body_test {

struct owner {
  std::string name;
  bool verified = false;
  static constexpr auto sluice_fields() {
    return sluice::fields(sluice::field<"name">(&owner::name), sluice::field<"verified">(&owner::verified));
  }
};

struct order {
  std::uint32_t quantity = 0;
  double price = 0;
  std::vector<std::string> notes;
  std::optional<owner> buyer;
  std::optional<std::int8_t> priority;
  std::string_view code;
  static constexpr auto sluice_fields() {
    return sluice::fields(sluice::field<"quantity">(&order::quantity, sluice::range{1, 1000}),
                          sluice::field<"price">(&order::price, sluice::range{0, 1e6}),
                          sluice::field<"notes">(&order::notes), sluice::field<"buyer">(&order::buyer),
                          sluice::field<"priority">(&order::priority),
                          sluice::field<"code">(&order::code, sluice::length{2, 3}));
  }
};

const auto& orders() {
  static const auto app = sluice::app{
      sluice::route<"POST /orders">([](sluice::json_body<order> o) { return sluice::json(*o, 201); }),
      sluice::route<"POST /raw">([](sluice::raw_body b) { return sluice::text(b.bytes); }),
  };
  return app;
}

test_responses::http_answer post(std::string body, std::string content_type = "application/json") {
  test_events::http_request r;
  r.method = "POST";
  r.path = "/orders";
  r.body = std::move(body);
  if (!content_type.empty()) r.headers = {{"content-type", content_type}};
  return test_responses::parse_answer(orders().handle(test_events::http_api_v2(r)).payload);
}

}  // namespace body_test

using namespace body_test;

TEST_CASE("a valid body binds every field, nested structs and arrays included") {
  const auto a = post(R"({"quantity":3,"price":9.5,"notes":["a","b\"c"],"buyer":{"name":"Ann","verified":true},)"
                      R"("priority":-2,"code":"\u00e9t\u00e9"})");
  CHECK(a.status == 201);
  CHECK(a.body ==
        "{\"quantity\":3,\"price\":9.5,\"notes\":[\"a\",\"b\\\"c\"],\"buyer\":{\"name\":\"Ann\",\"verified\":true},"
        "\"priority\":-2,\"code\":\"\xC3\xA9t\xC3\xA9\"}");
  const auto minimal = post(R"({"quantity":1,"price":0,"notes":[],"code":"ab","buyer":null})");
  CHECK(minimal.status == 201);
  CHECK(minimal.body == R"({"quantity":1,"price":0,"notes":[],"buyer":null,"priority":null,"code":"ab"})");
}

TEST_CASE("bound strings stay valid when another document is bound on the same thread") {
  // regression: string views pointed into the thread's parser buffer, which the next bind reused
  sluice::detail::arena mem;
  sluice::detail::arena_scope scope(mem);
  sluice::http_error err;
  order first;
  order second;
  REQUIRE(sluice::detail::binding::bind(std::string_view(R"({"quantity":1,"price":1,"notes":[],"code":"\u00e9x"})"), first, err));
  REQUIRE(sluice::detail::binding::bind(std::string_view(R"({"quantity":2,"price":2,"notes":[],"code":"\u00e8y"})"), second, err));
  order third;
  REQUIRE(sluice::detail::binding::bind(std::string_view(R"({"quantity":3,"price":3,"notes":[],"code":"abc"})"), third, err));
  order fourth;
  REQUIRE(sluice::detail::binding::bind(std::string_view(R"({"quantity":4,"price":4,"notes":[],"code":"xyz"})"), fourth, err));
  CHECK(first.code == "\xC3\xA9x");
  CHECK(second.code == "\xC3\xA8y");
  CHECK(third.code == "abc");
  CHECK(fourth.code == "xyz");
}

TEST_CASE("long numbers bind to their value") {
  // regression (tests/fuzz): simdjson 3.0's on-demand parser read these as 0.0277 and 0.0155
  for (const auto& row : {std::pair{"0.95000000000000000000", 0.95},
                          std::pair{"0.20000008014526150146", 0.20000008014526150146},
                          std::pair{"16666666666666666666666666666666666666666", 1.6666666666666666e40}}) {
    const std::string_view text = row.first;  // not a structured binding: clang 14 cannot capture one
    const double value = row.second;
    CAPTURE(text);
    test_events::http_request r;
    r.method = "POST";
    r.path = "/orders";
    r.body = std::string(R"({"quantity":1,"notes":[],"code":"ab","price":)") + std::string(text) + "}";
    r.headers = {{"content-type", "application/json"}};
    const auto a = test_responses::parse_answer(orders().handle(test_events::http_api_v2(r)).payload);
    CHECK(a.status == (value <= 1e6 ? 201 : 400));
    if (a.status == 201) CHECK(std::stod(test_responses::body_field(a.body, "/price")) == value);
  }
}

TEST_CASE("every refusal is a 400 naming the field") {
  const std::string base = R"("price":1,"notes":[],"code":"ab")";
  struct row {
    std::string body;
    std::string message;
  };
  const row rows[] = {
      {R"({"price":1,"notes":[],"code":"ab"})", "body field 'quantity' is required"},
      {"{\"quantity\":0," + base + "}", "body field 'quantity' must be an integer from 1 to 1000"},
      {"{\"quantity\":-1," + base + "}", "body field 'quantity' must be a non-negative integer"},
      {"{\"quantity\":1.5," + base + "}", "body field 'quantity' must be a non-negative integer"},
      {"{\"quantity\":4294967296," + base + "}", "body field 'quantity' must be a non-negative integer"},
      {"{\"quantity\":null," + base + "}", "body field 'quantity' must be a non-negative integer"},
      {"{\"quantity\":1,\"quantity\":2," + base + "}", "body field 'quantity' is sent twice"},
      {"{\"quantity\":1,\"extra\":2," + base + "}", "body field 'extra' is not allowed"},
      {R"({"quantity":1,"price":"1","notes":[],"code":"ab"})", "body field 'price' must be a number"},
      {R"({"quantity":1,"price":1,"notes":[1],"code":"ab"})", "body field 'notes' must be a string"},
      {R"({"quantity":1,"price":1,"notes":{},"code":"ab"})", "body field 'notes' must be an array"},
      {R"({"quantity":1,"price":1,"notes":[],"code":"a"})", "body field 'code' must have 2 to 3 characters"},
      {R"({"quantity":1,"price":1,"notes":[],"code":"abcd"})", "body field 'code' must have 2 to 3 characters"},
      {"{\"quantity\":1,\"priority\":200," + base + "}", "body field 'priority' must be an integer"},
      {"{\"quantity\":1,\"buyer\":{\"name\":\"x\"}," + base + "}", "body field 'buyer.verified' is required"},
      {"{\"quantity\":1,\"buyer\":{\"name\":\"x\",\"verified\":1}," + base + "}",
       "body field 'buyer.verified' must be true or false"},
      {"{\"quantity\":1,\"buyer\":[]," + base + "}", "body field 'buyer' must be an object"},
      {"{\"quantity\":1,\"buyer\":{\"name\":\"x\",\"verified\":true,\"id\":1}," + base + "}",
       "body field 'buyer.id' is not allowed"},
      {"[]", "the body must be a JSON object"},
      {"\"text\"", "the body must be a JSON object"},
      {"{\"quantity\":1," + base + "} {}", "the body is not valid JSON"},
      {"", "the body is not valid JSON"},
  };
  for (const row& r : rows) {
    CAPTURE(r.body);
    const auto a = post(r.body);
    CHECK(a.status == 400);
    CHECK(test_responses::body_field(a.body, "/message") == "\"" + r.message + "\"");
  }
  // broken JSON is a 400 too, whatever simdjson meets first
  for (const char* broken : {"{", "{\"quantity\":", "{\"quantity\":1,}", "{'a':1}", "{\"a\":tru}"}) {
    CAPTURE(broken);
    CHECK(post(broken).status == 400);
  }
  // regression (tests/fuzz, body target): after a string value, tokens up to a bracket that
  // balances the count were skipped as the rest of it, so invalid JSON bound, and a key could
  // be sent twice past the check (the second "quantity" below)
  for (const char* smuggled : {R"({"quantity":1,"price":1,"notes":[],"code":"ab":[],"zzz":1]})",
                               R"({"code":"ab":[],"quantity":2],"quantity":1,"price":1,"notes":[]})",
                               R"({"quantity":1,"price":1,"notes":["a":[],"b"],"code":"ab"})",
                               R"({"quantity":1,"price":1,"notes":[],"code":"ab","priority":null:[],"x":1]})",
                               R"({"quantity":1,"price":1,"notes":[],"buyer":{"name":"x":[],"y":1],"verified":true},"code":"ab"})"}) {
    CAPTURE(smuggled);
    const auto a = post(smuggled);
    CHECK(a.status == 400);
    CHECK(test_responses::body_field(a.body, "/message") == "\"the body is not valid JSON\"");
  }
}

TEST_CASE("the body must be JSON when a Content-Type says what it is") {
  const std::string ok = R"({"quantity":1,"price":1,"notes":[],"code":"ab"})";
  CHECK(post(ok, "application/json; charset=utf-8").status == 201);
  CHECK(post(ok, "application/vnd.api+json").status == 201);
  CHECK(post(ok, "").status == 201);
  const auto a = post(ok, "text/plain");
  CHECK(a.status == 415);
  CHECK(a.body == R"({"message":"the body must be JSON: send Content-Type: application/json"})");
}

TEST_CASE("raw bodies arrive as bytes") {
  test_events::http_request r;
  r.method = "POST";
  r.path = "/raw";
  r.body = "line1\nline2 \xE2\x82\xAC";
  const auto a = test_responses::parse_answer(orders().handle(test_events::rest_v1(r)).payload);
  CHECK(a.status == 200);
  CHECK(a.body == "line1\nline2 \xE2\x82\xAC");
}

TEST_CASE("an event's string values are consumed: what follows one must be a comma or the end") {
  // the same skip as in bodies, through an event view's lazily kept text (SQS `body`)
  const std::string good = R"({"Records":[{"messageId":"m1","body":"hello","eventSource":"aws:sqs"}]})";
  const std::string bad = R"({"Records":[{"messageId":"m1","body":"hello":[],"x":1],"eventSource":"aws:sqs"}]})";
  for (const std::string* event : {&good, &bad}) {
    std::string padded = *event;
    padded.resize(event->size() + simdjson::SIMDJSON_PADDING);
    sluice::detail::arena mem;
    const auto parsed = sluice::events::sqs_event::parse(
        simdjson::padded_string_view(padded.data(), event->size(), padded.size()), mem);
    CAPTURE(*event);
    CHECK(static_cast<bool>(parsed) == (event == &good));
  }
}
