// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors

// Every bound sluice puts on a request or an answer, at exactly the limit (accepted) and one
// unit over (refused with its precise answer), through the public entry points: an app's
// `handle` with events built by support/events.hpp, the response writer, the parsers. The
// table in docs/security.md ("Limits") lists the same limits; the Runtime API client's are in
// tests/runtime/runtime_client_test.cpp, JSON body depth in
// tests/conformance/json_suite_test.cpp. AWS's own figures are written here as AWS documents
// them, not read from sluice.

#include <doctest/doctest.h>
#include <simdjson.h>
#include <zlib.h>

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "sluice/compression.hpp"
#include "sluice/events/cloudwatch_logs.hpp"
#include "sluice/jwt.hpp"
#include "sluice/sluice.hpp"
#include "support/events.hpp"
#include "support/responses.hpp"
#include "support/tokens.hpp"

namespace limits_test {

using test_events::http_request;
using test_responses::http_answer;

constexpr std::size_t lambda_payload_limit = 6'291'556;  // Lambda: synchronous invocation payload
constexpr std::size_t alb_payload_limit = 1'048'576;     // ALB: the Lambda response, 1 MB

/// The `message` of an error answer, read with simdjson's DOM API.
std::string message_of(const http_answer& a) {
  simdjson::dom::parser parser;
  std::string_view text;
  if (parser.parse(a.body).at_key("message").get_string().get(text) != simdjson::SUCCESS) return "<no message>";
  return std::string(text);
}

std::string base64(std::string_view bytes) {
  constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const unsigned n = static_cast<unsigned char>(bytes[i]) << 16 | static_cast<unsigned char>(bytes[i + 1]) << 8 |
                       static_cast<unsigned char>(bytes[i + 2]);
    for (int s = 18; s >= 0; s -= 6) out += alphabet[(n >> s) & 63];
  }
  if (const std::size_t rest = bytes.size() - i; rest != 0) {
    unsigned n = static_cast<unsigned char>(bytes[i]) << 16;
    if (rest == 2) n |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += alphabet[(n >> 18) & 63];
    out += alphabet[(n >> 12) & 63];
    out += rest == 2 ? alphabet[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

/// gzip of `text`, one member.
std::string gzip(std::string_view text) {
  z_stream z{};
  REQUIRE(deflateInit2(&z, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  std::string out(deflateBound(&z, static_cast<uLong>(text.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
  out.resize(out.size() - z.avail_out);
  deflateEnd(&z);
  return out;
}

const std::string& filler() {
  static const std::string text(lambda_payload_limit, 'x');
  return text;
}

std::string counts(const sluice::request& r) {
  std::size_t headers = 0;
  std::size_t query = 0;
  r.for_each_header([&](std::string_view, std::string_view) { ++headers; });
  r.for_each_query_pair([&](std::string_view, std::string_view) { ++query; });
  return std::to_string(headers) + " headers, " + std::to_string(query) + " query parameters";
}

template <class... Parts>
auto make_app(Parts... parts) {
  return sluice::app{
      parts...,
      sluice::route<"GET /p/{id}">(
          [](sluice::path<"id", std::string_view> id) { return sluice::text(std::to_string(id->size())); }),
      sluice::route<"GET /files/{key+}">(
          [](sluice::path<"key", std::string_view> key) { return sluice::text(std::to_string(key->size())); }),
      sluice::route<"GET /count">([](const sluice::request& r) { return sluice::text(counts(r)); }),
      sluice::route<"GET /cookie">(
          [](const sluice::request& r) { return sluice::text(r.cookie("last").value_or("none")); }),
      sluice::route<"GET /big/{n}">(
          [](sluice::path<"n", std::size_t> n) { return sluice::text(std::string_view(filler()).substr(0, *n)); }),
  };
}

const auto& default_app() {
  static const auto app = make_app(sluice::options{});
  return app;
}

/// Small limits, to check each source's maps at and over them cheaply.
const auto& small_app() {
  static const auto app =
      make_app(sluice::options{.http = {.max_headers = 4, .max_query_parameters = 3, .max_cookies = 2}});
  return app;
}

template <class App>
http_answer call(const App& app, const std::string& event) {
  return test_responses::parse_answer(app.handle(event).payload);
}

http_request get(std::string path) {
  http_request r;
  r.path = std::move(path);
  return r;
}

struct source {
  const char* name;
  std::function<std::string(const http_request&)> event;
};

std::vector<source> every_source() {
  return {
      {"HTTP API 2.0", test_events::http_api_v2},
      {"Function URL", test_events::function_url},
      {"REST API", test_events::rest_v1},
      {"HTTP API 1.0", test_events::http_api_v1},
      {"ALB", [](const http_request& r) { return test_events::alb(r, false); }},
      {"ALB multi-value", [](const http_request& r) { return test_events::alb(r, true); }},
  };
}

/// A path under /files/ of exactly `size` bytes in `segments` segments (the first is `files`).
std::string files_path(std::size_t size, std::size_t segments) {
  std::string path = "/files";
  const std::size_t rest = size - path.size();
  const std::size_t each = rest / (segments - 1);  // each is '/' and its text
  for (std::size_t i = 1; i < segments; ++i) {
    const std::size_t n = i + 1 == segments ? size - path.size() : each;
    path += '/';
    path += std::string(n - 1, 'a');
  }
  return path;
}

TEST_CASE("limits: a path of 8192 bytes, 128 segments, 1024 bytes in a segment is routed; one more is a 414") {
  const auto& app = default_app();
  for (const auto& s : every_source()) {
    CAPTURE(s.name);
    const std::string long_path = files_path(8192, 10);
    REQUIRE(long_path.size() == 8192);
    http_answer a = call(app, s.event(get(long_path)));
    CHECK(a.status == 200);
    CHECK(a.body == std::to_string(8192 - 7));  // the greedy parameter: all after "/files/"
    a = call(app, s.event(get(files_path(8193, 10))));
    CHECK(a.status == 414);
    CHECK(message_of(a) == "the path is too long");

    std::string deep = "/files";
    for (int i = 1; i < 128; ++i) deep += "/a";
    a = call(app, s.event(get(deep)));
    CHECK(a.status == 200);
    CHECK(a.body == std::to_string(127 * 2 - 1));
    a = call(app, s.event(get(deep + "/a")));
    CHECK(a.status == 414);
    CHECK(message_of(a) == "the path has too many segments");

    // a path parameter is one segment: its bound is the segment's
    a = call(app, s.event(get("/p/" + std::string(1024, 'i'))));
    CHECK(a.status == 200);
    CHECK(a.body == "1024");
    a = call(app, s.event(get("/p/" + std::string(1025, 'i'))));
    CHECK(a.status == 414);
    CHECK(message_of(a) == "a path segment is too long");
  }
}

TEST_CASE("limits: header lines, query parameters and cookies at and one over, in every source's maps") {
  const auto& app = small_app();  // 4 headers, 3 query parameters, 2 cookies
  for (const auto& s : every_source()) {
    CAPTURE(s.name);
    http_request r = get("/count");
    r.headers = {{"a", "1"}, {"b", "2"}, {"c", "3"}, {"d", "4"}};
    r.query = {{"q", "1"}, {"q", "2"}, {"r", "3"}};
    http_answer a = call(app, s.event(r));
    CHECK(a.status == 200);
    // ALB single-value mode keeps one value of a repeated query name (AWS's rule)
    const bool one_q = std::string_view(s.name) == "ALB";
    CHECK(a.body == std::string("4 headers, ") + (one_q ? "2" : "3") + " query parameters");

    http_request more_headers = r;
    more_headers.headers.emplace_back("e", "5");
    a = call(app, s.event(more_headers));
    CHECK(a.status == 431);
    CHECK(message_of(a) == "the request has too many headers");

    http_request more_query = r;
    more_query.query.emplace_back("s", "4");
    if (one_q) more_query.query.emplace_back("t", "5");
    a = call(app, s.event(more_query));
    CHECK(a.status == 414);
    CHECK(message_of(a) == "the request has too many query parameters");
  }

  // payload 2.0 sends cookies apart from the headers; the others keep them in one Cookie line
  http_request r = get("/cookie");
  r.cookies = {"first=1", "last=2"};
  http_answer a = call(app, test_events::http_api_v2(r));
  CHECK(a.status == 200);
  CHECK(a.body == "2");
  r.cookies.insert(r.cookies.begin(), "zeroth=0");
  a = call(app, test_events::http_api_v2(r));
  CHECK(a.status == 431);
  CHECK(message_of(a) == "the request has too many cookies");
  a = call(app, test_events::rest_v1(r));
  CHECK(a.status == 200);
  CHECK(a.body == "2");
}

TEST_CASE("limits: the defaults: 256 header lines, 8192 query parameters, 4096 cookies") {
  const auto& app = default_app();
  http_request r = get("/count");
  for (int i = 0; i < 256; ++i) r.headers.emplace_back("x-h" + std::to_string(i), "v");
  for (int i = 0; i < 8192; ++i) r.query.emplace_back("q", "v");
  for (const auto& event : {test_events::http_api_v2, test_events::rest_v1}) {
    http_answer a = call(app, event(r));
    CHECK(a.status == 200);
    CHECK(a.body == "256 headers, 8192 query parameters");
    http_request over = r;
    over.headers.emplace_back("x-over", "v");
    a = call(app, event(over));
    CHECK(a.status == 431);
    over = r;
    over.query.emplace_back("q", "v");
    a = call(app, event(over));
    CHECK(a.status == 414);
  }

  // empty parts of a raw query are not parameters: they do not count
  std::string raw;
  for (int i = 0; i < 8192; ++i) raw += "&&q=" + std::to_string(i);
  const std::string event = R"({"version":"2.0","rawPath":"/count","rawQueryString":")" + raw +
                            R"(&&","requestContext":{"http":{"method":"GET"}}})";
  http_answer a = call(app, event);
  CHECK(a.status == 200);
  CHECK(a.body == "0 headers, 8192 query parameters");

  http_request c = get("/cookie");
  for (int i = 0; i < 4095; ++i) c.cookies.push_back("c" + std::to_string(i) + "=v");
  c.cookies.emplace_back("last=yes");
  a = call(app, test_events::http_api_v2(c));
  CHECK(a.status == 200);
  CHECK(a.body == "yes");
  c.cookies.emplace_back("one=more");
  a = call(app, test_events::http_api_v2(c));
  CHECK(a.status == 431);
}

TEST_CASE("limits: a payload 1.0 event's single-value header map counts even when its multi-value map is used") {
  // Regression: only the chosen map was counted, yet the check for one name under two
  // spellings walks the single-value map in quadratic time: 50,000 names with one
  // multi-value header took over a billion comparisons before the 431.
  const auto event = [](int names) {
    std::string headers;
    for (int i = 0; i < names; ++i) headers += (i ? ",\"h" : "\"h") + std::to_string(i) + "\":\"v\"";
    return R"({"httpMethod":"GET","path":"/count","headers":{)" + headers +
           R"(},"multiValueHeaders":{"one":["1"]},"requestContext":{"requestId":"r","stage":"prod"}})";
  };
  const auto& app = default_app();
  http_answer a = call(app, event(256));
  CHECK(a.status == 200);
  CHECK(a.body == "1 headers, 0 query parameters");
  a = call(app, event(257));
  CHECK(a.status == 431);
  CHECK(message_of(a) == "the request has too many headers");
  a = call(app, event(50'000));
  CHECK(a.status == 431);
}

TEST_CASE("limits: an answer of exactly the source's payload limit is sent; one byte more is a 500 saying why") {
  struct row {
    const char* name;
    std::function<std::string(const http_request&)> event;
    std::size_t limit;
  };
  const row rows[] = {
      {"HTTP API 2.0", test_events::http_api_v2, lambda_payload_limit},
      {"REST API", test_events::rest_v1, lambda_payload_limit},
      {"ALB", [](const http_request& r) { return test_events::alb(r, false); }, alb_payload_limit},
      {"ALB multi-value", [](const http_request& r) { return test_events::alb(r, true); }, alb_payload_limit},
  };
  const auto& app = default_app();
  for (const row& r : rows) {
    CAPTURE(r.name);
    // the answer with an empty body, measured: the body adds its bytes as they are ('x')
    const std::size_t shell = app.handle(r.event(get("/big/0"))).payload.size();
    const std::size_t fits = r.limit - shell;
    const std::string_view at_limit = app.handle(r.event(get("/big/" + std::to_string(fits)))).payload;
    CHECK(at_limit.size() == r.limit);
    CHECK(at_limit.starts_with(R"({"statusCode":200,)"));
    CHECK(at_limit.find(std::string(64, 'x')) != std::string_view::npos);
    const http_answer a = call(app, r.event(get("/big/" + std::to_string(fits + 1))));
    CHECK(a.status == 500);
    CHECK(message_of(a) == "the response is larger than the event source accepts");
  }
}

TEST_CASE("limits: a streamed answer's body may be 200 MiB, not one byte more") {
  sluice::detail::arena mem;
  const sluice::detail::arena_scope scope(mem);
  sluice::detail::output_buffer out;
  sluice::detail::response_writer writer(out, sluice::http_source::function_url, false);
  const sluice::response r = sluice::text("the body's bytes are never read here");
  CHECK(writer.write_prelude(r, 200u * 1024 * 1024) == sluice::detail::response_problem::none);
  CHECK(writer.write_prelude(r, 200u * 1024 * 1024 + 1) == sluice::detail::response_problem::too_large);
  CHECK(sluice::detail::describe(sluice::detail::response_problem::too_large) ==
        "the response is larger than the event source accepts");
}

TEST_CASE("limits: a gzip request body inflates to at most 10 MiB by default; one byte more is a 413") {
  static const auto app = sluice::app{sluice::use(sluice::compression()),
                                      sluice::route<"POST /size">([](sluice::raw_body b) {
                                        return sluice::text(std::to_string(b.bytes.size()));
                                      })};
  // gzip members concatenate (RFC 1952): ten members of 1 MiB each, deflated once
  const std::string mebibyte = gzip(std::string(1024 * 1024, 'z'));
  std::string ten;
  for (int i = 0; i < 10; ++i) ten += mebibyte;
  const auto post = [](const std::string& gzipped) {
    http_request r = get("/size");
    r.method = "POST";
    r.headers = {{"Content-Encoding", "gzip"}};
    r.body = base64(gzipped);
    r.base64 = true;
    return call(app, test_events::http_api_v2(r));
  };
  http_answer a = post(ten);
  CHECK(a.status == 200);
  CHECK(a.body == std::to_string(10 * 1024 * 1024));
  a = post(ten + gzip("z"));
  CHECK(a.status == 413);
  CHECK(message_of(a) == "the request body is too large once decoded");
}

TEST_CASE("limits: a bearer token of 8192 bytes is verified; 8193 bytes are refused unread") {
  static const sluice::jwt_verifier verifier({sluice::jwt_key::hmac("limits-test-secret-of-thirty-two-bytes")}, {});
  static const auto app = sluice::app{
      sluice::options{.bearer = verifier.bearer()},
      sluice::route<"GET /me">([](const sluice::principal& p) { return sluice::text(p.subject()); },
                               sluice::auth::authenticated)};
  // a genuine token of exactly `size` bytes: base64url without padding writes n bytes in
  // ceil(4n/3) characters, so the padding claim's length sets the payload's part and the kid's
  // length reaches the sizes that part skips; an HS256 signature is 32 bytes
  const auto token_of = [](std::size_t size) {
    const auto encoded = [](std::size_t n) { return n / 3 * 4 + (n % 3 == 0 ? 0 : n % 3 + 1); };
    const std::string claims = R"("sub":"user-9","pad":")";
    const std::size_t unpadded = test_tokens::payload(claims + "\"").size();
    for (std::size_t kid = 0; kid < 4; ++kid) {
      const std::string header = R"({"alg":"HS256","kid":")" + std::string(kid, 'k') + "\"}";
      for (std::size_t n = unpadded; encoded(header.size()) + encoded(n) + encoded(32) + 2 <= size; ++n) {
        if (encoded(header.size()) + encoded(n) + encoded(32) + 2 != size) continue;
        const std::string pad(n - unpadded, 'p');
        return test_tokens::hs256("limits-test-secret-of-thirty-two-bytes", test_tokens::payload(claims + pad + "\""), header);
      }
    }
    FAIL("no token of that size");
    return std::string();
  };
  const auto ask = [](const std::string& token) {
    http_request r = get("/me");
    r.headers = {{"Authorization", "Bearer " + token}};
    return call(app, test_events::function_url(r));
  };
  const std::string at_limit = token_of(8192);
  REQUIRE(at_limit.size() == 8192);
  http_answer a = ask(at_limit);
  CHECK(a.status == 200);
  CHECK(a.body == "user-9");
  const std::string over = token_of(8193);
  REQUIRE(over.size() == 8193);
  a = ask(over);
  CHECK(a.status == 401);
  CHECK(a.header("www-authenticate") ==
        R"(Bearer error="invalid_token", error_description="the token is too large")");
}

TEST_CASE("limits: an X-Ray trace header of 512 bytes is read; a longer one is ignored as a whole") {
  const std::string root = "1-5759e988-bd862e3fe1be46a994272793";
  const std::string start = "Root=" + root + ";Parent=53995c3f42cd8ad8;Sampled=1;Pad=";
  const std::string at = start + std::string(512 - start.size(), 'p');
  const sluice::trace_context t = sluice::trace_context::parse(at);
  CHECK(t.root == root);
  CHECK(t.header == at);
  const sluice::trace_context over = sluice::trace_context::parse(at + "p");
  CHECK(over.root.empty());
  CHECK(over.header.empty());
  CHECK_FALSE(over.sampled.has_value());
}

TEST_CASE("limits: CloudWatch Logs data inflates to exactly max_inflated_bytes; one byte more is too_large") {
  const std::string document = R"({"messageType":"DATA_MESSAGE","owner":"123456789012","logGroup":"g",)"
                               R"("logStream":"s","subscriptionFilters":["f"],"logEvents":[{"id":"1",)"
                               R"("timestamp":1510109208016,"message":")" +
                               std::string(100'000, 'm') + "\"}]}";
  const std::string event = R"({"awslogs":{"data":")" + base64(gzip(document)) + "\"}}";
  const simdjson::padded_string padded(event);
  const auto parse = [&](std::size_t limit) {
    sluice::detail::arena mem;
    sluice::events::cloudwatch_logs_limits limits;
    limits.max_inflated_bytes = limit;
    auto e = sluice::events::cloudwatch_logs_event::parse(padded, mem, sluice::detail::event_json::event_parser(),
                                                          limits);
    if (!e.ok()) return std::string(e.error().message);
    return e->log_events.size() == 1 ? "ok " + std::to_string(e->log_events[0].message.size()) : std::string("no line");
  };
  CHECK(parse(document.size()) == "ok 100000");
  const std::string over = parse(document.size() - 1);
  CHECK(over.find("inflates past the limit (cloudwatch_logs_limits::max_inflated_bytes)") != std::string::npos);
}

}  // namespace limits_test
