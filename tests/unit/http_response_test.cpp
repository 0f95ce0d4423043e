// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors

// Responses in the exact shape each source expects (DESIGN section 4).

#include <doctest/doctest.h>

#include <string>
#include <string_view>

#include "sluice/detail/http_response.hpp"
#include "sluice/response.hpp"

using sluice::http_source;
using sluice::detail::response_problem;
using sluice::detail::response_writer;

namespace {
std::string write(const sluice::response& r, http_source source, bool alb_multi = false, bool head = false) {
  sluice::detail::output_buffer out;
  response_writer w(out, source, alb_multi);
  const response_problem p = w.write(r, head);
  if (p != response_problem::none) return "problem: " + std::string(sluice::detail::describe(p));
  return std::string(out.view());
}

sluice::response with_cookies() {
  return sluice::json(R"({"a":1})", 201).header("X-Trace", "t1").header("x-trace", "t2").cookie("a=1; Path=/").cookie(
      "b=2");
}
}  // namespace

TEST_CASE("payload 2.0 and Function URLs: cookies in cookies[], repeated headers joined") {
  const std::string expected =
      R"({"statusCode":201,"headers":{"Content-Type":"application/json","X-Trace":"t1, t2"},)"
      R"("cookies":["a=1; Path=/","b=2"],"body":"{\"a\":1}","isBase64Encoded":false})";
  CHECK(write(with_cookies(), http_source::http_api_v2) == expected);
  CHECK(write(with_cookies(), http_source::function_url) == expected);
  // a Set-Cookie header set by hand still goes to cookies[]
  CHECK(write(sluice::response(200).header("Set-Cookie", "c=3"), http_source::http_api_v2) ==
        R"({"statusCode":200,"headers":{},"cookies":["c=3"],"body":"","isBase64Encoded":false})");
}

TEST_CASE("payload 1.0: single values in headers, repeated names in multiValueHeaders") {
  CHECK(write(with_cookies(), http_source::rest_api) ==
        R"({"statusCode":201,"headers":{"Content-Type":"application/json"},)"
        R"("multiValueHeaders":{"X-Trace":["t1","t2"],"Set-Cookie":["a=1; Path=/","b=2"]},)"
        R"("body":"{\"a\":1}","isBase64Encoded":false})");
  CHECK(write(sluice::text("hi").cookie("only=1"), http_source::http_api_v1) ==
        R"({"statusCode":200,"headers":{"Content-Type":"text/plain; charset=utf-8","Set-Cookie":"only=1"},)"
        R"("body":"hi","isBase64Encoded":false})");
}

TEST_CASE("ALB answers in the mode the request came in, with a status description") {
  CHECK(write(with_cookies(), http_source::alb, true) ==
        R"({"statusCode":201,"statusDescription":"201 Created","multiValueHeaders":{"Content-Type":)"
        R"(["application/json"],"X-Trace":["t1","t2"],"Set-Cookie":["a=1; Path=/","b=2"]},)"
        R"("body":"{\"a\":1}","isBase64Encoded":false})");
  CHECK(write(sluice::error(404, "Not Found"), http_source::alb) ==
        R"({"statusCode":404,"statusDescription":"404 Not Found","headers":{"Content-Type":"application/json"},)"
        R"("body":"{\"message\":\"Not Found\"}","isBase64Encoded":false})");
  // single-value mode can carry one Set-Cookie only: refusing beats dropping one silently
  CHECK(write(with_cookies(), http_source::alb, false).starts_with("problem: the response sets several cookies"));
}

TEST_CASE("binary bodies are base64 with isBase64Encoded; HEAD drops the body") {
  const std::string_view bytes("\x89PNG\r\n\x1a\n\0\xff", 10);
  CHECK(write(sluice::binary(bytes, "image/png"), http_source::http_api_v2) ==
        R"({"statusCode":200,"headers":{"Content-Type":"image/png"},"body":"iVBORw0KGgoA/w==","isBase64Encoded":true})");
  CHECK(write(sluice::text("body"), http_source::http_api_v2, false, true) ==
        R"({"statusCode":200,"headers":{"Content-Type":"text/plain; charset=utf-8"},"body":"","isBase64Encoded":false})");
}

TEST_CASE("text bodies and header values are escaped; bad headers and statuses are refused") {
  CHECK(write(sluice::text("a\"b\n\x01\xff"), http_source::http_api_v2) ==
        R"({"statusCode":200,"headers":{"Content-Type":"text/plain; charset=utf-8"},"body":"a\"b\n\u0001\ufffd","isBase64Encoded":false})");
  CHECK(write(sluice::response(200).header("X-A", "v\r\nInjected: 1"), http_source::rest_api).starts_with("problem:"));
  CHECK(write(sluice::response(200).header("X A", "v"), http_source::rest_api).starts_with("problem:"));
  CHECK(write(sluice::response(200).header("", "v"), http_source::rest_api).starts_with("problem:"));
  CHECK(write(sluice::response(200).header("X-A", std::string_view("a\0b", 3)), http_source::rest_api)
            .starts_with("problem:"));
  CHECK(write(sluice::response(200).cookie("a=1\nb"), http_source::http_api_v2).starts_with("problem:"));
  CHECK(write(sluice::response(200).header("X-Tab", "a\tb"), http_source::rest_api).find("a\\tb") != std::string::npos);
  CHECK(write(sluice::response(99), http_source::http_api_v2).starts_with("problem:"));
  CHECK(write(sluice::response(600), http_source::http_api_v2).starts_with("problem:"));
}

TEST_CASE("the size limit of the source is checked at and just over it") {
  const std::string shell = R"({"statusCode":200,"headers":{},"body":"","isBase64Encoded":false})";
  const std::size_t lambda_limit = 6'291'556;
  const std::string fits(lambda_limit - shell.size(), 'x');
  CHECK(write(sluice::response(200).body(fits), http_source::http_api_v2).size() == lambda_limit);
  CHECK(write(sluice::response(200).body(fits + "x"), http_source::http_api_v2) ==
        "problem: the response is larger than the event source accepts");
  const std::string alb_shell = R"({"statusCode":200,"statusDescription":"200 OK","headers":{},"body":"","isBase64Encoded":false})";
  const std::string alb_fits(1'048'576 - alb_shell.size(), 'y');
  CHECK(write(sluice::response(200).body(alb_fits), http_source::alb).size() == 1'048'576);
  CHECK(write(sluice::response(200).body(alb_fits + "y"), http_source::alb).starts_with("problem:"));
}

TEST_CASE("ALB's statusDescription names the code's reason, or only the code when the registry has none") {
  const auto description = [](int status) {
    const std::string out = write(sluice::response(status), http_source::alb);
    const std::size_t at = out.find(R"("statusDescription":")") + 21;
    return out.substr(at, out.find('"', at) - at);
  };
  CHECK(description(200) == "200 OK");
  CHECK(description(207) == "207 Multi-Status");
  CHECK(description(423) == "423 Locked");
  CHECK(description(451) == "451 Unavailable For Legal Reasons");
  CHECK(description(511) == "511 Network Authentication Required");
  CHECK(description(599) == "599 ");  // a status line's reason may be empty; its space may not
}

TEST_CASE("response builders") {
  const auto r = sluice::redirect("/new", 308);
  CHECK(r.status() == 308);
  CHECK(r.header_value("location") == "/new");
  CHECK(sluice::empty().status() == 204);
  sluice::json_writer w;
  w.begin_object().field("n", 1).field("s", "x\"y").field("b", true).field("z", nullptr);
  w.key("l").begin_array().value(1.5).value(-2).end_array().end_object();
  CHECK(w.view() == R"({"n":1,"s":"x\"y","b":true,"z":null,"l":[1.5,-2]})");
}
