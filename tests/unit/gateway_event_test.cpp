// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors

// The local gateway's translations (detail/gateway_event.hpp): HTTP request to event, and the
// app's response JSON to HTTP. tests/serve/check_serve.sh drives the whole gateway with curl.

#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

#include "echo_app.hpp"
#include "sluice/detail/gateway_event.hpp"

namespace gateway_event_test {

namespace gw = sluice::detail::gateway;

std::string event_for(const gw::incoming& in, const gw::event_shape& shape) {
  std::string event;
  const auto own = gw::build_event(in, shape, event);
  REQUIRE_FALSE(own.has_value());
  return event;
}

gw::incoming request(std::string_view method, std::string_view target, const std::vector<gw::header>& headers,
                     std::string_view body = {}) {
  return {method, target, "HTTP/1.1", headers, body, "127.0.0.1", "local-1", 1700000000000};
}

std::string header_values(const gw::outgoing& o, std::string_view name) {
  std::string out;
  for (const gw::header& h : o.headers) {
    if (h.name == name) out += (out.empty() ? "" : "|") + h.value;
  }
  return out;
}

TEST_CASE("gateway: a request becomes a payload 2.0 event") {
  const std::vector<gw::header> headers{{"Host", "127.0.0.1:8080"},  {"User-Agent", "curl/8"},
                                        {"X-Twice", "a"},            {"x-twice", "b"},
                                        {"Cookie", "a=1; b=2"},      {"Content-Type", "application/octet-stream"}};
  const std::string body("\x00\xff\x01", 3);
  const std::string event = event_for(request("PUT", "/files/a%20b?tag=x&tag=y%2Bz&e=", headers, body), {});
  CHECK(event.find(R"("version":"2.0","routeKey":"$default","rawPath":"/files/a b","rawQueryString":"tag=x&tag=y%2Bz&e=")") != std::string::npos);
  CHECK(event.find(R"("cookies":["a=1","b=2"])") != std::string::npos);
  CHECK(event.find("cookie\"") == std::string::npos);  // no cookie header beside cookies[]
  CHECK(event.find(R"("x-twice":"a,b")") != std::string::npos);
  CHECK(event.find(R"("queryStringParameters":{"tag":"x,y+z","e":""})") != std::string::npos);
  CHECK(event.find(R"("stage":"$default")") != std::string::npos);
  CHECK(event.find(R"("body":"AP8B","isBase64Encoded":true)") != std::string::npos);
  CHECK(event.find("authorizer") == std::string::npos);

  const sluice::invocation_result r = echo::app().handle(event);
  REQUIRE(r.ok);
  CHECK(std::string(r.payload).find(R"(\"key\":\"a b\")") != std::string::npos);
}

TEST_CASE("gateway: text bodies stay text, escaped; claims become a JWT authorizer") {
  const std::vector<gw::header> headers{{"Content-Type", "application/json; charset=utf-8"}};
  gw::event_shape shape;
  shape.claims_json = R"({"sub":"user-1","scope":"pets:write"})";
  const std::string event = event_for(request("POST", "/pets", headers, "{\"name\":\"r\\\"é\"}\n"), shape);
  CHECK(event.find(R"("body":"{\"name\":\"r\\\"é\"}\n","isBase64Encoded":false)") != std::string::npos);
  CHECK(event.find(R"("authorizer":{"jwt":{"claims":{"sub":"user-1","scope":"pets:write"}}})") != std::string::npos);

  const sluice::invocation_result r = echo::app().handle(event);
  REQUIRE(r.ok);
  const auto answer = gw::read_answer(r.payload);
  REQUIRE(answer.has_value());
  CHECK(answer->status == 201);
  CHECK(answer->body == R"({"route":"POST /pets","pet":{"name":"r\"é","tag":null,"age":null}})");
}

TEST_CASE("gateway: which bodies go in as text, per payload version") {
  struct row {
    const char* content_type;  // nullptr: no Content-Type header
    bool text_v2;              // an HTTP API (observed on AWS)
    bool text_v1;              // the REST shape
  };
  for (const row& r : {row{"application/json", true, true}, row{"Text/Plain; charset=utf-8", true, true},
                       row{"application/xml", true, true}, row{"application/javascript", true, true},
                       row{"application/problem+json", true, true}, row{"application/x-www-form-urlencoded", false, true},
                       row{nullptr, false, true}, row{"multipart/form-data; boundary=x", false, false},
                       row{"application/octet-stream", false, false}}) {
    CAPTURE((r.content_type ? r.content_type : "(none)"));
    std::vector<gw::header> headers;
    if (r.content_type) headers.push_back({"Content-Type", r.content_type});
    gw::event_shape shape;
    for (const bool v1 : {false, true}) {
      CAPTURE(v1);
      shape.payload_v1 = v1;
      const std::string event = event_for(request("POST", "/x", headers, "a=1&b=2"), shape);
      const bool text = v1 ? r.text_v1 : r.text_v2;
      CHECK(event.find(text ? R"("body":"a=1&b=2","isBase64Encoded":false)" : R"("body":"YT0xJmI9Mg==","isBase64Encoded":true)") !=
            std::string::npos);
    }
  }
  // not UTF-8: base64 whatever the type says
  const std::string latin1 = event_for(request("POST", "/x", {{"Content-Type", "text/plain"}}, "caf\xe9"), {});
  CHECK(latin1.find(R"("body":"Y2Fm6Q==","isBase64Encoded":true)") != std::string::npos);
}

TEST_CASE("gateway: a named stage") {
  gw::event_shape shape;
  shape.stage = "prod";
  const std::string v2 = event_for(request("GET", "/prod/pets/7", {}), shape);
  CHECK(v2.find(R"("rawPath":"/prod/pets/7")") != std::string::npos);
  CHECK(v2.find(R"("stage":"prod")") != std::string::npos);
  std::string event;
  for (const std::string_view outside : {"/pets/7", "/production/pets", "/"}) {
    const auto own = gw::build_event(request("GET", outside, {}), shape, event);
    REQUIRE(own.has_value());
    CHECK(own->status == 404);
  }
  const auto bad = gw::build_event(request("GET", "/prod/a%zz", {}), shape, event);
  REQUIRE(bad.has_value());
  CHECK(bad->status == 400);

  shape.payload_v1 = true;
  const std::string v1 = event_for(request("GET", "/prod/files/a%20b?k=1&k=2", {{"X-A", "1"}, {"X-A", "2"}}), shape);
  CHECK(v1.find(R"("resource":"/{proxy+}","path":"/files/a%20b","httpMethod":"GET")") != std::string::npos);
  CHECK(v1.find(R"("headers":{"X-A":"2"},"multiValueHeaders":{"X-A":["1","2"]})") != std::string::npos);
  CHECK(v1.find(R"("multiValueQueryStringParameters":{"k":["1","2"]})") != std::string::npos);
  CHECK(v1.find(R"("path":"/prod/files/a%20b")") != std::string::npos);  // requestContext.path
  CHECK(v1.find(R"("body":null,"isBase64Encoded":false)") != std::string::npos);
  const sluice::invocation_result r = echo::app().handle(v1);
  REQUIRE(r.ok);
  CHECK(std::string(r.payload).find(R"(\"key\":\"a b\")") != std::string::npos);  // decoded once, by the app

  // a REST API passes the path as sent: an encoded '/' reaches the app, which refuses it
  const sluice::invocation_result slash = echo::app().handle(event_for(request("GET", "/prod/files/a%2Fb", {}), shape));
  REQUIRE(slash.ok);
  const auto answer = gw::read_answer(slash.payload);
  REQUIRE(answer.has_value());
  CHECK(answer->status == 400);
}

TEST_CASE("gateway: the app's answer becomes HTTP") {
  const auto v2 = gw::read_answer(
      R"({"statusCode":302,"headers":{"Location":"/x","X-A":"1"},"cookies":["a=1; Path=/","b=\"2\""],"body":"AP8B","isBase64Encoded":true})");
  REQUIRE(v2.has_value());
  CHECK(v2->status == 302);
  CHECK(header_values(*v2, "Set-Cookie") == "a=1; Path=/|b=\"2\"");
  CHECK(header_values(*v2, "Location") == "/x");
  CHECK(v2->body == std::string("\x00\xff\x01", 3));

  const auto v1 = gw::read_answer(
      R"({"statusCode":200,"headers":{"X-A":"1","X-B":"b"},"multiValueHeaders":{"X-A":["2","3"]},"body":"caf\u00e9","isBase64Encoded":false})");
  REQUIRE(v1.has_value());
  CHECK(header_values(*v1, "X-A") == "2|3");  // multiValueHeaders wins for the names it has
  CHECK(header_values(*v1, "X-B") == "b");
  CHECK(v1->body == "café");

  for (const std::string_view bad : {R"({"headers":{}})", R"({"statusCode":"200"})", R"({"statusCode":99})", "[1]",
                                     R"({"statusCode":200,"body":"!!","isBase64Encoded":true})", "{"}) {
    CAPTURE(bad);
    CHECK_FALSE(gw::read_answer(bad).has_value());
  }
}

}  // namespace gateway_event_test
