// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors

// The Runtime API client (detail/runtime_api.hpp over detail/http1.hpp) against the double:
// what it sends, byte for byte, and what it makes of every kind of reply, however broken.

#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sluice/detail/runtime_api.hpp"
#include "support/runtime_double.hpp"

namespace {

using sluice::detail::next_outcome;
using sluice::detail::post_outcome;
using sluice::detail::runtime_client;
namespace http1 = sluice::detail::http1;

struct client_fixture {
  runtime_double::server api;
  http1::endpoint endpoint;
  sluice::detail::runtime_limits limits;

  client_fixture() {
    std::string why;
    REQUIRE(http1::resolve(api.address(), endpoint, why));
  }
  [[nodiscard]] std::string host() const { return api.address(); }
};

std::string decode_base64(std::string_view text) {
  constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (const char c : text) {
    if (c == '=') break;
    acc = (acc << 6) | static_cast<std::uint32_t>(alphabet.find(c));
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  return out;
}

}  // namespace

TEST_SUITE("runtime client") {

TEST_CASE("AWS_LAMBDA_RUNTIME_API: host:port, resolved; anything else is refused with a reason") {
  struct row {
    std::string_view text;
    bool ok;
  };
  const row rows[] = {
      {"127.0.0.1:9001", true},      {"localhost:9001", true},     {"[::1]:9001", true},
      {"", false},                   {"127.0.0.1", false},         {"127.0.0.1:", false},
      {":9001", false},              {"127.0.0.1:0", false},       {"127.0.0.1:65536", false},
      {"127.0.0.1:90x1", false},     {"127.0.0.1:9001/x", false},  {"http://127.0.0.1:9001", false},
      {"[::1:9001", false},          {"a b:9001", false},          {"user@host:9001", false},
  };
  for (const auto& r : rows) {
    CAPTURE(r.text);
    http1::endpoint ep;
    std::string why;
    CHECK(http1::resolve(r.text, ep, why) == r.ok);
    CHECK(why.empty() == r.ok);
    if (r.ok) CHECK(ep.host == r.text);
  }
}

TEST_CASE("Lambda-Runtime-Deadline-Ms: epoch milliseconds; absurd values clamped, junk ignored") {
  using sluice::detail::parse_deadline_ms;
  CHECK(parse_deadline_ms("1795836242834") == 1795836242834);
  CHECK(parse_deadline_ms("1") == 1);
  CHECK(parse_deadline_ms("99999999999999999999999") == 9'000'000'000'000);  // out of range
  CHECK(parse_deadline_ms("8999999999999999") == 9'000'000'000'000);
  CHECK(parse_deadline_ms("") == 0);
  CHECK(parse_deadline_ms("0") == 0);
  CHECK(parse_deadline_ms("-5") == 0);
  CHECK(parse_deadline_ms("12ab") == 0);
  CHECK(parse_deadline_ms(" 12") == 0);
  sluice::invocation_context past;
  past.deadline_ms = 1000;  // 1970
  CHECK(past.has_deadline());
  CHECK(past.remaining().count() < 0);
  sluice::invocation_context none;
  CHECK_FALSE(none.has_deadline());
  CHECK(none.remaining() == std::chrono::milliseconds::max());
}

TEST_CASE("next: the request is exact, headers are read in any case, empty values are absent") {
  client_fixture f;
  f.api.on_next(runtime_double::event(R"({"k":"v"})", {{"lambda-runtime-aws-request-id", "8476a536-e9f4-11e8-9739-2dfe598c3fcd"},
                                                      {"LAMBDA-RUNTIME-DEADLINE-MS", "1795836242834"},
                                                      {"Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:eu-west-1:1:function:f"},
                                                      {"Lambda-Runtime-Trace-Id", "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Sampled=1"},
                                                      {"Lambda-Runtime-Client-Context", R"({"custom":{"k":"v"}})"},
                                                      {"Lambda-Runtime-Cognito-Identity", R"({"cognitoIdentityId":"id"})"},
                                                      {"Lambda-Runtime-Aws-Tenant-Id", ""},
                                                      {"Content-Type", "application/json"}}));
  runtime_client c(f.endpoint, f.limits);
  sluice::invocation_context ctx;
  REQUIRE(c.next(ctx) == next_outcome::event);
  CHECK(ctx.request_id == "8476a536-e9f4-11e8-9739-2dfe598c3fcd");
  CHECK(c.request_id() == ctx.request_id);
  CHECK(ctx.deadline_ms == 1795836242834);
  CHECK(ctx.invoked_function_arn == "arn:aws:lambda:eu-west-1:1:function:f");
  CHECK(ctx.trace_id == "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Sampled=1");
  CHECK(ctx.client_context == R"({"custom":{"k":"v"}})");
  CHECK(ctx.cognito_identity == R"({"cognitoIdentityId":"id"})");
  CHECK(ctx.tenant_id.empty());
  CHECK(ctx.content_type == "application/json");
  CHECK(std::string_view(c.event_data(), c.event_size()) == R"({"k":"v"})");
  CHECK(std::string_view(c.event_data() + c.event_size(), c.padding()) == std::string(c.padding(), '\0'));
  const auto requests = f.api.requests();
  REQUIRE(requests.size() == 1);
  CHECK(requests[0].raw == "GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: " + f.host() +
                              "\r\nUser-Agent: sluice/0.1.0\r\n\r\n");
}

TEST_CASE("next: the Managed-Instances RIE's empty headers and a missing Content-Type are absent, not a crash") {
  client_fixture f;
  f.api.on_next(runtime_double::event("x=1", {{"Lambda-Runtime-Aws-Request-Id", "id-1"},
                                              {"Lambda-Runtime-Deadline-Ms", ""},
                                              {"Lambda-Runtime-Trace-Id", ""},
                                              {"Lambda-Runtime-Client-Context", ""},
                                              {"Lambda-Runtime-Cognito-Identity", ""},
                                              {"Lambda-Runtime-Invoked-Function-Arn", ""}}));
  runtime_client c(f.endpoint, f.limits);
  sluice::invocation_context ctx;
  REQUIRE(c.next(ctx) == next_outcome::event);
  CHECK(ctx.request_id == "id-1");
  CHECK_FALSE(ctx.has_deadline());
  CHECK(ctx.trace_id.empty());
  CHECK(ctx.client_context.empty());
  CHECK(ctx.invoked_function_arn.empty());
  CHECK(ctx.content_type.empty());
  CHECK(std::string_view(c.event_data(), c.event_size()) == "x=1");
}

TEST_CASE("next: a chunked event body is accepted (extensions and trailers ignored)") {
  client_fixture f;
  f.api.on_next({"HTTP/1.1 200 OK\r\nLambda-Runtime-Aws-Request-Id: c-1\r\nTransfer-Encoding: chunked\r\n\r\n"
                 "5;ext=1\r\n{\"a\":\r\n"
                 "A\r\n\"0123456\"}\r\n"
                 "0\r\nX-Trailer: t\r\n\r\n",
                 false});
  f.api.on_next(runtime_double::event("{}", "c-2"));
  runtime_client c(f.endpoint, f.limits);
  sluice::invocation_context ctx;
  REQUIRE(c.next(ctx) == next_outcome::event);
  CHECK(ctx.request_id == "c-1");
  CHECK(std::string_view(c.event_data(), c.event_size()) == R"({"a":"0123456"})");
  // the connection stayed in step: the next reply is read on it
  REQUIRE(c.next(ctx) == next_outcome::event);
  CHECK(ctx.request_id == "c-2");
  CHECK(f.api.connections() == 1);
}

TEST_CASE("next: informational replies are skipped; a body framed by the connection's end is read") {
  client_fixture f;
  f.api.on_next({"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.0 200 OK\r\nLambda-Runtime-Aws-Request-Id: u-1\r\n\r\n{\"until\":\"close\"}",
                 true});
  f.api.on_next(runtime_double::event("{}", "u-2"));
  runtime_client c(f.endpoint, f.limits);
  sluice::invocation_context ctx;
  REQUIRE(c.next(ctx) == next_outcome::event);
  CHECK(std::string_view(c.event_data(), c.event_size()) == R"({"until":"close"})");
  REQUIRE(c.next(ctx) == next_outcome::event);  // on a new connection
  CHECK(ctx.request_id == "u-2");
  CHECK(f.api.connections() == 2);
}

TEST_CASE("next: no reply, however broken, crashes the client; each ends in a clear outcome") {
  struct row {
    std::string_view name;
    std::string bytes;
    bool close;
    next_outcome expected;
    std::string_view problem;  // part of the message
  };
  const std::string id = "Lambda-Runtime-Aws-Request-Id: g-1\r\n";
  std::string binary;
  for (int i = 0; i < 512; ++i) binary.push_back(static_cast<char>((i * 37 + 11) % 256));
  std::string huge_head = "HTTP/1.1 200 OK\r\n" + id;
  while (huge_head.size() < 1100 * 1024) huge_head += "X-Filler: " + std::string(1000, 'f') + "\r\n";
  huge_head += "Content-Length: 2\r\n\r\n{}";
  const row rows[] = {
      {"garbage", "garbage\r\n\r\n", false, next_outcome::failed, "not valid HTTP/1.1"},
      {"binary junk", binary + "\r\n\r\n", false, next_outcome::failed, "not valid HTTP/1.1"},
      {"closed without a byte", "", true, next_outcome::failed, "closed before the reply"},
      {"truncated head", "HTTP/1.1 200 OK\r\nContent-Len", true, next_outcome::failed, "closed before the reply"},
      {"status of four digits", "HTTP/1.1 2000 OK\r\n\r\n", false, next_outcome::failed, "not valid HTTP/1.1"},
      {"HTTP/2 status line", "HTTP/2 200\r\n\r\n", false, next_outcome::failed, "not valid HTTP/1.1"},
      {"folded header", "HTTP/1.1 200 OK\r\n" + id + " folded: x\r\n\r\n", false, next_outcome::failed, "not valid"},
      {"header without colon", "HTTP/1.1 200 OK\r\n" + id + "nocolon\r\n\r\n", false, next_outcome::failed, "not valid"},
      {"NUL in a value", "HTTP/1.1 200 OK\r\n" + id + "X: a" + std::string(1, '\0') + "b\r\n\r\n", false,
       next_outcome::failed, "not valid"},
      {"Content-Length not a number", "HTTP/1.1 200 OK\r\n" + id + "Content-Length: 1x\r\n\r\n", false,
       next_outcome::failed, "not valid"},
      {"Content-Lengths that disagree", "HTTP/1.1 200 OK\r\n" + id + "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
       false, next_outcome::failed, "not valid"},
      {"header lines over 1 MiB", huge_head, false, next_outcome::failed, "header lines are too large"},
      {"no request id", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}", false, next_outcome::failed,
       "no Lambda-Runtime-Aws-Request-Id"},
      {"request id only in a 100 Continue",
       "HTTP/1.1 100 Continue\r\nLambda-Runtime-Aws-Request-Id: from-100\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}",
       false, next_outcome::failed, "no Lambda-Runtime-Aws-Request-Id"},
      {"empty request id", "HTTP/1.1 200 OK\r\nLambda-Runtime-Aws-Request-Id: \r\nContent-Length: 2\r\n\r\n{}", false,
       next_outcome::failed, "no Lambda-Runtime-Aws-Request-Id"},
      {"request id that would break the URL", "HTTP/1.1 200 OK\r\nLambda-Runtime-Aws-Request-Id: a/../b\r\n\r\n",
       false, next_outcome::failed, "cannot go into a URL"},
      {"request id with a space", "HTTP/1.1 200 OK\r\nLambda-Runtime-Aws-Request-Id: a b\r\n\r\n", false,
       next_outcome::failed, "cannot go into a URL"},
      {"403", "HTTP/1.1 403 Forbidden\r\nContent-Length: 20\r\n\r\n{\"errorType\":\"x\"}...", false, next_outcome::failed,
       "403"},
      {"404 without a body", "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n", false, next_outcome::failed, "404"},
      {"500", "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n", false, next_outcome::fatal, "500"},
      {"event truncated", "HTTP/1.1 200 OK\r\n" + id + "Content-Length: 10\r\n\r\n{\"a\"", true, next_outcome::bad_event,
       "closed before the reply"},
      {"event over the limit", "HTTP/1.1 200 OK\r\n" + id + "Content-Length: 99999999999\r\n\r\n", false,
       next_outcome::bad_event, "body is too large"},
      {"chunk size not hex", "HTTP/1.1 200 OK\r\n" + id + "Transfer-Encoding: chunked\r\n\r\nzz\r\n", false,
       next_outcome::bad_event, "not valid HTTP/1.1"},
      {"chunk size of 17 digits", "HTTP/1.1 200 OK\r\n" + id + "Transfer-Encoding: chunked\r\n\r\n10000000000000000\r\n",
       false, next_outcome::bad_event, "not valid HTTP/1.1"},
      {"chunk without its CRLF", "HTTP/1.1 200 OK\r\n" + id + "Transfer-Encoding: chunked\r\n\r\n2\r\n{}xx\r\n0\r\n\r\n",
       false, next_outcome::bad_event, "not valid HTTP/1.1"},
      {"chunks over the limit", "HTTP/1.1 200 OK\r\n" + id + "Transfer-Encoding: chunked\r\n\r\nffffffffffff\r\n", false,
       next_outcome::bad_event, "body is too large"},
  };
  for (const auto& r : rows) {
    CAPTURE(r.name);
    client_fixture f;
    f.api.on_next({r.bytes, r.close});
    f.api.on_next(runtime_double::event("{}", "after"));
    runtime_client c(f.endpoint, f.limits);
    sluice::invocation_context ctx;
    const next_outcome got = c.next(ctx);
    CHECK(got == r.expected);
    CHECK(c.problem().find(r.problem) != std::string_view::npos);
    if (got == next_outcome::bad_event) {
      CHECK(c.request_id() == "g-1");
      CHECK(c.bad_event_was_too_large() == (r.problem == "body is too large"));
    } else {
      CHECK(ctx.request_id.empty());
    }
    if (r.expected != next_outcome::fatal) {
      // and the client is still usable: the next reply is a good one
      REQUIRE(c.next(ctx) == next_outcome::event);
      CHECK(ctx.request_id == "after");
    }
  }
}

TEST_CASE("limits: an event of max_event_bytes and header lines of max_head_bytes are read; one byte more is refused") {
  const std::string id = "Lambda-Runtime-Aws-Request-Id: l-1\r\n";
  // the reply's head is its status line, its header lines and the blank line ending them
  const auto head_of = [&](std::size_t size) {
    std::string head = "HTTP/1.1 200 OK\r\n" + id + "Content-Length: 2\r\nX-Filler: ";
    head += std::string(size - head.size() - 4, 'f');
    return head + "\r\n\r\n";
  };
  const auto chunked = [&](std::size_t size) {
    const std::string half(size / 2, 'c');
    const std::string rest(size - half.size(), 'c');
    const auto hex = [](std::size_t n) {
      char buf[20];
      return std::string(buf, static_cast<std::size_t>(std::snprintf(buf, sizeof buf, "%zx", n)));
    };
    return "HTTP/1.1 200 OK\r\n" + id + "Transfer-Encoding: chunked\r\n\r\n" + hex(half.size()) + "\r\n" + half +
           "\r\n" + hex(rest.size()) + "\r\n" + rest + "\r\n0\r\n\r\n";
  };
  struct row {
    std::string name;
    std::string bytes;
    next_outcome expected;
    std::size_t event_size;  // when read
  };
  constexpr std::size_t head_limit = 1024;
  constexpr std::size_t event_limit = 4096;
  const row rows[] = {
      {"head at the limit", head_of(head_limit) + "{}", next_outcome::event, 2},
      {"head one byte over", head_of(head_limit + 1) + "{}", next_outcome::failed, 0},
      {"Content-Length at the limit", runtime_double::event(std::string(event_limit, 'e'), "l-1").bytes,
       next_outcome::event, event_limit},
      {"Content-Length one byte over", runtime_double::event(std::string(event_limit + 1, 'e'), "l-1").bytes,
       next_outcome::bad_event, 0},
      {"chunks at the limit", chunked(event_limit), next_outcome::event, event_limit},
      {"chunks one byte over", chunked(event_limit + 1), next_outcome::bad_event, 0},
  };
  for (const row& r : rows) {
    CAPTURE(r.name);
    client_fixture f;
    f.limits.max_head_bytes = head_limit;
    f.limits.max_event_bytes = event_limit;
    f.api.on_next({r.bytes, false});
    runtime_client c(f.endpoint, f.limits);
    sluice::invocation_context ctx;
    const next_outcome got = c.next(ctx);
    CHECK(got == r.expected);
    if (got == next_outcome::event) CHECK(c.event_size() == r.event_size);
    if (r.expected == next_outcome::failed) CHECK(c.problem().find("header lines are too large") != std::string_view::npos);
    if (r.expected == next_outcome::bad_event) {
      CHECK(c.bad_event_was_too_large());
      CHECK(c.problem().find("body is too large") != std::string_view::npos);
    }
  }
}

TEST_CASE("limits: the default event limit, 32 MiB, decided from Content-Length before any byte of the event") {
  // At the limit the client starts reading (the double then closes: cut short, not too large);
  // one byte over, it refuses without reading. No 32 MiB buffer is filled either way.
  const std::string head = "HTTP/1.1 200 OK\r\nLambda-Runtime-Aws-Request-Id: d-1\r\nContent-Length: ";
  client_fixture f;
  REQUIRE(f.limits.max_event_bytes == 32u * 1024 * 1024);
  f.api.on_next({head + std::to_string(32u * 1024 * 1024) + "\r\n\r\n{", true});
  f.api.on_next({head + std::to_string(32u * 1024 * 1024 + 1) + "\r\n\r\n{", true});
  runtime_client c(f.endpoint, f.limits);
  sluice::invocation_context ctx;
  CHECK(c.next(ctx) == next_outcome::bad_event);
  CHECK_FALSE(c.bad_event_was_too_large());
  CHECK(c.problem().find("closed before the reply") != std::string_view::npos);
  CHECK(c.next(ctx) == next_outcome::bad_event);
  CHECK(c.bad_event_was_too_large());
  CHECK(c.problem().find("body is too large") != std::string_view::npos);
}

TEST_CASE("a kept-alive connection the Runtime API closed meanwhile is reopened once, transparently") {
  client_fixture f;
  f.api.on_next(runtime_double::event("{}", "k-1"));
  f.api.on_post({runtime_double::accepted().bytes, true});  // 202, then the connection goes
  f.api.on_next(runtime_double::event("{}", "k-2"));
  runtime_client c(f.endpoint, f.limits);
  sluice::invocation_context ctx;
  REQUIRE(c.next(ctx) == next_outcome::event);
  REQUIRE(c.post_response("{}", "application/json") == post_outcome::accepted);
  REQUIRE(c.next(ctx) == next_outcome::event);
  CHECK(ctx.request_id == "k-2");
  CHECK(f.api.connections() == 2);
}

TEST_CASE("response: exact Content-Length and Content-Type, no Expect; 202, 400, 403, 413, 500 told apart") {
  struct row {
    runtime_double::reply reply;
    post_outcome expected;
  };
  const row rows[] = {
      {runtime_double::accepted(), post_outcome::accepted},
      {runtime_double::status(400, R"({"errorMessage":"Invalid request ID","errorType":"InvalidRequestID"})"),
       post_outcome::rejected},
      {runtime_double::status(403, R"({"errorType":"InvalidStateTransition"})"), post_outcome::rejected},
      {runtime_double::status(413, R"({"errorType":"RequestEntityTooLarge"})"), post_outcome::too_large},
      {runtime_double::status(500), post_outcome::fatal},
      {{"garbage\r\n\r\n", false}, post_outcome::failed},
      {{"", true}, post_outcome::accepted},  // sent again on a new connection: 202 there
  };
  for (const auto& r : rows) {
    CAPTURE(r.reply.bytes);
    client_fixture f;
    f.api.on_next(runtime_double::event("{}", "p-1"));
    f.api.on_post(r.reply);
    runtime_client c(f.endpoint, f.limits);
    sluice::invocation_context ctx;
    REQUIRE(c.next(ctx) == next_outcome::event);
    const std::string body = R"({"statusCode":200,"body":"h\u00e9llo"})";
    CHECK(c.post_response(body, "application/json") == r.expected);
    const auto posts = f.api.posts();
    REQUIRE(posts.size() == (r.reply.close ? 2 : 1));
    CHECK(posts[0].raw == "POST /2018-06-01/runtime/invocation/p-1/response HTTP/1.1\r\nHost: " + f.host() +
                              "\r\nUser-Agent: sluice/0.1.0\r\nContent-Type: application/json\r\nContent-Length: " +
                              std::to_string(body.size()) + "\r\n\r\n" + body);
    CHECK(posts[0].header_count("Expect") == 0);
    if (r.expected != post_outcome::accepted) CHECK_FALSE(c.problem().empty());
  }
}

TEST_CASE("a POST whose connection drops twice is failed (once retried), not a crash") {
  client_fixture f;
  f.api.on_next(runtime_double::event("{}", "d-1"));
  f.api.on_post({"", true});
  f.api.on_post({"HTTP/1.1 202 Acc", true});
  runtime_client c(f.endpoint, f.limits);
  sluice::invocation_context ctx;
  REQUIRE(c.next(ctx) == next_outcome::event);
  CHECK(c.post_response("{}", "application/json") == post_outcome::failed);
  CHECK(c.problem().find("closed before the reply") != std::string_view::npos);
  CHECK(f.api.posts().size() == 2);
}

TEST_CASE("error: the standard error JSON, escaped (quotes, controls, non-ASCII, invalid UTF-8), and its type header") {
  client_fixture f;
  f.api.on_next(runtime_double::event("{}", "e-1"));
  runtime_client c(f.endpoint, f.limits);
  sluice::invocation_context ctx;
  REQUIRE(c.next(ctx) == next_outcome::event);
  const std::string message = "bad \"event\"\\ \n\t\x01 h\xC3\xA9llo \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x98\x80 \xFF end";
  CHECK(c.post_error("Runtime.UnmarshalError", "Sluice.InvalidEvent", message) == post_outcome::accepted);
  const auto posts = f.api.posts();
  REQUIRE(posts.size() == 1);
  const std::string body =
      "{\"errorMessage\":\"bad \\\"event\\\"\\\\ \\n\\t\\u0001 h\xC3\xA9llo \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x98\x80 "
      "\\ufffd end\",\"errorType\":\"Sluice.InvalidEvent\",\"stackTrace\":[]}";
  CHECK(posts[0].raw == "POST /2018-06-01/runtime/invocation/e-1/error HTTP/1.1\r\nHost: " + f.host() +
                            "\r\nUser-Agent: sluice/0.1.0\r\nLambda-Runtime-Function-Error-Type: Runtime.UnmarshalError\r\n"
                            "Content-Type: application/json\r\nContent-Length: " +
                            std::to_string(body.size()) + "\r\n\r\n" + body);
}

TEST_CASE("error: a very long message is cut on a character boundary, so the JSON stays valid UTF-8") {
  client_fixture f;
  f.api.on_next(runtime_double::event("{}", "e-2"));
  runtime_client c(f.endpoint, f.limits);
  sluice::invocation_context ctx;
  REQUIRE(c.next(ctx) == next_outcome::event);
  std::string message(4095, 'a');
  for (int i = 0; i < 100; ++i) message += "\xC3\xA9";  // 'é' straddles byte 4096
  CHECK(c.post_error("Runtime.X", "Runtime.X", message) == post_outcome::accepted);
  const auto posts = f.api.posts();
  REQUIRE(posts.size() == 1);
  CHECK(posts[0].body == "{\"errorMessage\":\"" + std::string(4095, 'a') + "\",\"errorType\":\"Runtime.X\",\"stackTrace\":[]}");
}

TEST_CASE("init error: POST /runtime/init/error with the type header and the error JSON") {
  client_fixture f;
  runtime_client c(f.endpoint, f.limits);
  CHECK(c.post_init_error("Runtime.InitError", "Runtime.InitError", "no config") == post_outcome::accepted);
  const auto posts = f.api.posts();
  REQUIRE(posts.size() == 1);
  const std::string body = R"({"errorMessage":"no config","errorType":"Runtime.InitError","stackTrace":[]})";
  CHECK(posts[0].raw == "POST /2018-06-01/runtime/init/error HTTP/1.1\r\nHost: " + f.host() +
                            "\r\nUser-Agent: sluice/0.1.0\r\nLambda-Runtime-Function-Error-Type: Runtime.InitError\r\n"
                            "Content-Type: application/json\r\nContent-Length: " +
                            std::to_string(body.size()) + "\r\n\r\n" + body);
}

TEST_CASE("stream: chunked, prelude then body, the last chunk; the connection is closed after") {
  client_fixture f;
  f.api.on_next(runtime_double::event("{}", "s-1"));
  f.api.on_next(runtime_double::event("{}", "s-2"));
  runtime_client c(f.endpoint, f.limits);
  sluice::invocation_context ctx;
  REQUIRE(c.next(ctx) == next_outcome::event);
  const std::string prelude = std::string(R"({"statusCode":200})") + std::string(8, '\0');
  CHECK(c.post_stream("application/vnd.awslambda.http-integration-response", prelude, "hello world") ==
        post_outcome::accepted);
  auto posts = f.api.posts();
  REQUIRE(posts.size() == 1);
  CHECK(posts[0].raw == "POST /2018-06-01/runtime/invocation/s-1/response HTTP/1.1\r\nHost: " + f.host() +
                            "\r\nUser-Agent: sluice/0.1.0\r\nLambda-Runtime-Function-Response-Mode: streaming\r\n"
                            "Transfer-Encoding: chunked\r\n"
                            "Trailer: Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body\r\n"
                            "Content-Type: application/vnd.awslambda.http-integration-response\r\n\r\n"
                            "1a\r\n" + prelude + "\r\nb\r\nhello world\r\n0\r\n\r\n");
  CHECK(posts[0].body == prelude + "hello world");
  CHECK(posts[0].trailers.empty());
  REQUIRE(c.next(ctx) == next_outcome::event);
  CHECK(f.api.connections() == 2);
}

TEST_CASE("stream: an error after the first bytes goes in the trailers, its JSON base64-encoded") {
  client_fixture f;
  f.api.on_next(runtime_double::event("{}", "s-3"));
  runtime_client c(f.endpoint, f.limits);
  sluice::invocation_context ctx;
  REQUIRE(c.next(ctx) == next_outcome::event);
  CHECK(c.post_stream("text/plain", "partial", {}, "Function.StreamError", "broke \"mid\"-stream") ==
        post_outcome::accepted);
  const auto posts = f.api.posts();
  REQUIRE(posts.size() == 1);
  CHECK(posts[0].body == "partial");
  CHECK(posts[0].trailer("Lambda-Runtime-Function-Error-Type") == "Function.StreamError");
  CHECK(decode_base64(posts[0].trailer("Lambda-Runtime-Function-Error-Body")) ==
        R"({"errorMessage":"broke \"mid\"-stream","errorType":"Function.StreamError","stackTrace":[]})");
}

TEST_CASE("interrupt: a next blocked without a timeout returns stopped, and so does every later call") {
  client_fixture f;  // nothing scripted: the double holds the next
  runtime_client c(f.endpoint, f.limits);
  std::thread stopper([&] {
    REQUIRE(f.api.wait_idle());
    c.interrupt();
  });
  sluice::invocation_context ctx;
  CHECK(c.next(ctx) == next_outcome::stopped);
  stopper.join();
  CHECK(c.next(ctx) == next_outcome::stopped);
  CHECK(c.post_response("{}", "application/json") == post_outcome::stopped);
}

}  // TEST_SUITE
