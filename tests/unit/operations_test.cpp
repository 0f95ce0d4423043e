// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors

// The operations pieces (CORS, compression, structured logs, metrics, tracing) and the error
// answers, through whole apps: sluice-echo where it has them, small apps for the rest.

#include <doctest/doctest.h>
#include <unistd.h>
#include <zlib.h>

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "echo_app.hpp"
#include "sluice/compression.hpp"
#include "sluice/sluice.hpp"
#include "support/events.hpp"
#include "support/responses.hpp"

namespace operations_test {

using test_events::http_request;
using test_responses::body_field;
using test_responses::http_answer;
using test_responses::parse_answer;

http_request request_to(std::string method, std::string path, std::vector<std::pair<std::string, std::string>> headers = {}) {
  http_request r;
  r.method = std::move(method);
  r.path = std::move(path);
  r.headers = std::move(headers);
  return r;
}

http_answer call_echo(const http_request& r) { return parse_answer(echo::app().handle(test_events::http_api_v2(r)).payload); }

template <class App>
http_answer call(const App& app, const std::string& event) {
  return parse_answer(app.handle(event).payload);
}

/// gzip of `text` (one member), for request bodies.
std::string gzip(std::string_view text) {
  z_stream z{};
  REQUIRE(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK);
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

/// The text a gzip stream holds, or "<not gzip>".
std::string gunzip(std::string_view data) {
  z_stream z{};
  REQUIRE(inflateInit2(&z, 15 + 16) == Z_OK);
  std::string out(1 << 20, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = inflate(&z, Z_FINISH);
  out.resize(out.size() - z.avail_out);
  inflateEnd(&z);
  return rc == Z_STREAM_END ? out : "<not gzip>";
}

std::string base64(std::string_view bytes) {
  std::string out(sluice::detail::base64_encoded_size(bytes.size()), '\0');
  sluice::detail::base64_encode(bytes, out.data());
  return out;
}

std::string unbase64(std::string_view text) {
  sluice::detail::arena a;
  const auto bytes = sluice::detail::base64_decode(text, a);
  REQUIRE(bytes.has_value());
  return std::string(*bytes);
}

/// Lines written to a temporary file, for the log and metrics sinks.
class captured_lines {
 public:
  captured_lines() : file_(std::tmpfile()) { REQUIRE(file_ != nullptr); }
  captured_lines(const captured_lines&) = delete;
  captured_lines& operator=(const captured_lines&) = delete;
  ~captured_lines() { std::fclose(file_); }

  [[nodiscard]] std::FILE* sink() const { return file_; }

  /// Every line written since the last call.
  std::vector<std::string> take() {
    std::fflush(file_);
    std::vector<std::string> lines;
    std::fseek(file_, static_cast<long>(read_), SEEK_SET);
    char buffer[8192];
    std::string current;
    while (std::fgets(buffer, sizeof buffer, file_) != nullptr) {
      current += buffer;
      if (!current.empty() && current.back() == '\n') {
        current.pop_back();
        lines.push_back(current);
        current.clear();
      }
    }
    read_ = static_cast<std::size_t>(std::ftell(file_));
    std::fseek(file_, 0, SEEK_END);
    return lines;
  }

 private:
  std::FILE* file_;
  std::size_t read_ = 0;
};

/// What the process writes to stderr while `f` runs.
template <class F>
std::string stderr_of(F&& f) {
  std::fflush(stderr);
  std::FILE* tmp = std::tmpfile();
  REQUIRE(tmp != nullptr);
  const int saved = ::dup(STDERR_FILENO);
  ::dup2(::fileno(tmp), STDERR_FILENO);
  f();
  std::fflush(stderr);
  ::dup2(saved, STDERR_FILENO);
  ::close(saved);
  std::string text;
  std::rewind(tmp);
  char buffer[4096];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, tmp)) > 0) text.append(buffer, n);
  std::fclose(tmp);
  return text;
}

std::string big_json(std::size_t items) {
  std::string body = "[";
  for (std::size_t i = 0; i < items; ++i) {
    body += (i ? "," : "") + std::string(R"({"name":"pet number )") + std::to_string(i) + R"(","kind":"cat"})";
  }
  return body + "]";
}

/// An app with compression and routes whose answers can be made large or binary.
/// Text of 64 symbols drawn evenly (6 bits each): gzip saves about a fifth of it, less than
/// the third that base64 then adds.
std::string random_text(std::size_t n) {
  constexpr std::string_view symbols = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::uint64_t state = 0x9E3779B97F4A7C15u;
  for (std::size_t i = 0; i < n; ++i) {
    state = state * 6364136223846793005u + 1442695040888963407u;
    out.push_back(symbols[(state >> 58) & 63]);
  }
  return out;
}

const auto& compressing_app() {
  static const auto app = sluice::app{
      sluice::use(sluice::compression({.max_request_body = 64 * 1024})),
      sluice::route<"GET /big">([] { return sluice::json(big_json(100)); }),
      sluice::route<"GET /small">([] { return sluice::json(R"({"a":1})"); }),
      sluice::route<"GET /png">([] { return std::move(sluice::response(200).binary_body(std::string(4096, 'x')).content_type("image/png")); }),
      sluice::route<"GET /encoded">([] {
        return std::move(sluice::json(big_json(100)).header("Content-Encoding", "br"));
      }),
      sluice::route<"GET /no-transform">([] { return std::move(sluice::json(big_json(100)).header("Cache-Control", "private, no-transform")); }),
      sluice::route<"POST /echo">([](sluice::raw_body b) { return sluice::text(b.bytes); }),
      sluice::route<"GET /tagged">([] { return std::move(sluice::json(big_json(100)).header("ETag", R"("v1")")); }),
      sluice::route<"GET /part">([] {
        return std::move(sluice::json(big_json(100)).status(206).header("Content-Range", "bytes 0-99/5000"));
      }),
      sluice::route<"GET /random">([] { return sluice::text(random_text(8192)); }),
  };
  return app;
}

}  // namespace operations_test

using namespace operations_test;

// ---- CORS ------------------------------------------------------------------------------------

TEST_CASE("cors: a preflight is answered before auth, for an allowed origin, with what it asked") {
  // POST /pets needs the pets:write scope; the preflight carries no credentials and still passes
  const http_answer a = call_echo(request_to("OPTIONS", "/pets",
                                        {{"Origin", "https://admin.example.com"},
                                         {"Access-Control-Request-Method", "POST"},
                                         {"Access-Control-Request-Headers", "authorization, content-type"}}));
  CHECK(a.status == 204);
  CHECK(a.header("access-control-allow-origin") == "https://admin.example.com");
  CHECK(a.header("access-control-allow-credentials") == "true");
  CHECK(a.header("access-control-allow-methods").find("POST") != std::string::npos);
  CHECK(a.header("access-control-allow-headers") == "authorization, content-type");
  CHECK(a.header("access-control-max-age") == "600");
  CHECK(a.header("vary").find("Origin") != std::string::npos);
  CHECK(a.header("access-control-expose-headers").empty());  // only on actual answers

  // from an origin that is not allowed: answered, but nothing that lets the browser go on
  const http_answer refused = call_echo(request_to(
      "OPTIONS", "/pets", {{"Origin", "https://evil.example.net"}, {"Access-Control-Request-Method", "POST"}}));
  CHECK(refused.status == 204);
  CHECK(refused.header("access-control-allow-origin").empty());
  CHECK(refused.header("access-control-allow-methods").empty());
  CHECK(refused.header("access-control-allow-credentials").empty());
}

TEST_CASE("cors: answers echo the one matching origin with Vary: Origin; no Origin, no CORS headers but Vary") {
  http_answer a = call_echo(request_to("GET", "/health", {{"Origin", "https://app.example.com"}}));
  CHECK(a.status == 200);
  CHECK(a.header("access-control-allow-origin") == "https://app.example.com");
  CHECK(a.header("access-control-allow-credentials") == "true");
  CHECK(a.header("access-control-expose-headers") == "X-Request-Id");
  CHECK(a.header("vary").find("Origin") != std::string::npos);

  // errors carry CORS headers too, or the browser hides them from the script
  a = call_echo(request_to("POST", "/pets", {{"Origin", "https://app.example.com"}}));
  CHECK(a.status == 401);
  CHECK(a.header("access-control-allow-origin") == "https://app.example.com");
  a = call_echo(request_to("GET", "/nowhere", {{"Origin", "https://app.example.com"}}));
  CHECK(a.status == 404);
  CHECK(a.header("access-control-allow-origin") == "https://app.example.com");

  for (const char* origin : {"https://evil.example.com", "https://app.example.com.evil.com", "http://app.example.com",
                             "https://APP.example.com", "null", "https://app.example.com/"}) {
    CAPTURE(origin);
    a = call_echo(request_to("GET", "/health", {{"Origin", origin}}));
    CHECK(a.status == 200);
    CHECK(a.header("access-control-allow-origin").empty());
    CHECK(a.header("access-control-allow-credentials").empty());
    CHECK(a.header("vary").find("Origin") != std::string::npos);
  }

  // no Origin: no CORS headers, but Vary: Origin all the same, or a cache would hand this
  // answer (without Access-Control-Allow-Origin) to a script
  a = call_echo(request_to("GET", "/health"));
  for (const auto& header : a.headers) {
    CAPTURE(header.first);
    CHECK(header.first.rfind("access-control-", 0) != 0);
  }
  CHECK(a.header("vary").find("Origin") != std::string::npos);
}

TEST_CASE("cors: the origin and credentials headers are the policy's, whatever a handler set") {
  const auto handler = [] {
    return std::move(sluice::text("x")
                         .header("Access-Control-Allow-Origin", "https://evil.example.com")
                         .header("Access-Control-Allow-Credentials", "true")
                         .header("Vary", "Accept-Language")
                         .header("Vary", "Cookie"));
  };
  static const auto listed = sluice::app{sluice::use(sluice::cors({.origins = {"https://app.example.com"}})),
                                         sluice::route<"GET /x">(handler)};
  static const auto open = sluice::app{sluice::use(sluice::cors({.origins = {"*"}})), sluice::route<"GET /x">(handler)};
  http_answer a = call(listed, test_events::http_api_v2(request_to("GET", "/x", {{"Origin", "https://app.example.com"}})));
  CHECK(a.header("access-control-allow-origin") == "https://app.example.com");
  CHECK(a.header("access-control-allow-credentials").empty());  // credentials are off
  CHECK(a.header("vary") == "Accept-Language, Cookie, Origin");   // both of the handler's lines kept
  a = call(listed, test_events::http_api_v2(request_to("GET", "/x")));
  CHECK(a.header("access-control-allow-origin").empty());
  CHECK(a.header("access-control-allow-credentials").empty());
  // "*": the same answer with an Origin and without, so no Vary: Origin
  for (const bool with_origin : {true, false}) {
    CAPTURE(with_origin);
    http_request r = request_to("GET", "/x");
    if (with_origin) r.headers.emplace_back("Origin", "https://any.where");
    a = call(open, test_events::http_api_v2(r));
    CHECK(a.header("access-control-allow-origin") == "*");
    CHECK(a.header("access-control-allow-credentials").empty());
    CHECK(a.header("vary") == "Accept-Language, Cookie");
  }
}

TEST_CASE("cors: origin patterns match whole subdomain labels only") {
  const sluice::detail::cors_policy p({.origins = {"https://*.example.org", "http://localhost:3000"}});
  CHECK(p.allows("https://a.example.org"));
  CHECK(p.allows("https://a-b.c9.example.org"));
  CHECK(p.allows("http://localhost:3000"));
  for (const char* refused : {"https://example.org", "https://.example.org", "https://a..example.org",
                              "https://evil.com#.example.org", "https://evil.com/.example.org", "https://a_b.example.org",
                              "http://a.example.org", "https://a.example.org:8443", "https://a.example.org.evil.com",
                              "http://localhost:3001", ""}) {
    CAPTURE(refused);
    CHECK_FALSE(p.allows(refused));
  }
}

TEST_CASE("cors: a configuration that cannot work or is unsafe is refused when the app is built") {
  using opts = sluice::cors_options;
  const auto refused = [](const opts& o, std::string_view why) {
    CAPTURE(why);
    try {
      (void)sluice::detail::cors_policy(o);
      FAIL("accepted");
    } catch (const std::invalid_argument& e) {
      CHECK(std::string_view(e.what()).find(why) != std::string_view::npos);
    }
  };
  refused(opts{.origins = {"*"}, .credentials = true}, "with credentials");
  refused(opts{.origins = {"https://app.example.com/"}}, "trailing slash");
  refused(opts{.origins = {"app.example.com"}}, "no scheme");
  refused(opts{.origins = {"https://App.example.com"}}, "capital");
  refused(opts{.origins = {"https://a.*.example.com"}}, "first label");
  refused(opts{.origins = {}}, "no origins");
  refused(opts{.origins = {"https://a.example.com"}, .headers = {"bad header"}}, "not a header name");

  // "*" without credentials: any origin, answered with "*"
  static const auto open = sluice::app{sluice::use(sluice::cors({.origins = {"*"}})),
                                       sluice::route<"GET /x">([] { return sluice::text("x"); })};
  const http_answer a = call(open, test_events::http_api_v2(request_to("GET", "/x", {{"Origin", "https://any.where"}})));
  CHECK(a.header("access-control-allow-origin") == "*");
  CHECK(a.header("access-control-allow-credentials").empty());
}

// ---- compression ---------------------------------------------------------------------------

TEST_CASE("compression: Accept-Encoding and content types") {
  struct row {
    const char* accept;
    bool gzip;
  };
  for (const row& r : {row{"gzip", true}, row{"GZIP", true}, row{"x-gzip", true}, row{"deflate, gzip;q=0.5", true},
                       row{"gzip;q=0", false}, row{"gzip; q=0.000", false}, row{"gzip;q=0.001", true},
                       row{"*", true}, row{"*, gzip;q=0", false}, row{"br", false}, row{"identity", false},
                       row{"", false}, row{"*;q=0", false}, row{"gzipx", false}}) {
    CAPTURE(r.accept);
    CHECK(sluice::detail::accepts_gzip(r.accept) == r.gzip);
  }
  for (const char* yes : {"application/json", "application/json; charset=utf-8", "text/html", "TEXT/plain",
                          "application/problem+json", "image/svg+xml", "application/javascript", "application/xml"}) {
    CAPTURE(yes);
    CHECK(sluice::detail::compressible_type(yes));
  }
  for (const char* no : {"image/png", "application/octet-stream", "application/zip", "", "json", "video/mp4"}) {
    CAPTURE(no);
    CHECK_FALSE(sluice::detail::compressible_type(no));
  }
}

TEST_CASE("compression: a large text answer is sent gzip, base64, with Vary; the rest as it is") {
  const auto get = [](std::string path, std::string accept = "gzip, deflate, br", std::string method = "GET") {
    http_request r = request_to(std::move(method), std::move(path));
    if (!accept.empty()) r.headers.emplace_back("Accept-Encoding", accept);
    return call(compressing_app(), test_events::http_api_v2(r));
  };
  http_answer a = get("/big");
  REQUIRE(a.status == 200);
  CHECK(a.base64);
  CHECK(a.header("content-encoding") == "gzip");
  CHECK(a.header("vary").find("Accept-Encoding") != std::string::npos);
  CHECK(gunzip(unbase64(a.body)) == big_json(100));

  a = get("/big", "");  // the client did not ask
  CHECK_FALSE(a.base64);
  CHECK(a.body == big_json(100));
  CHECK(a.header("content-encoding").empty());
  CHECK(a.header("vary").find("Accept-Encoding") != std::string::npos);  // but caches must know

  // HEAD: the GET's headers (RFC 9110 9.3.2), no body
  a = get("/big", "gzip", "HEAD");
  CHECK(a.status == 200);
  CHECK(a.body.empty());
  CHECK(a.header("content-encoding") == "gzip");
  CHECK(a.header("vary").find("Accept-Encoding") != std::string::npos);
  a = get("/tagged", "gzip", "HEAD");
  CHECK(a.body.empty());
  CHECK(a.header("etag") == R"(W/"v1")");
  a = get("/big", "", "HEAD");
  CHECK(a.header("content-encoding").empty());
  CHECK(a.header("vary").find("Accept-Encoding") != std::string::npos);
  a = get("/small");
  CHECK(a.body == R"({"a":1})");
  CHECK(a.header("content-encoding").empty());
  a = get("/png");
  CHECK(a.header("content-encoding").empty());
  CHECK(unbase64(a.body) == std::string(4096, 'x'));
  a = get("/encoded");
  CHECK(a.header("content-encoding") == "br");
  CHECK(a.body == big_json(100));
  a = get("/no-transform");
  CHECK(a.header("content-encoding").empty());
  // a strong ETag names the identity body: the gzip one gets a weak one
  a = get("/tagged");
  CHECK(a.header("content-encoding") == "gzip");
  CHECK(a.header("etag") == R"(W/"v1")");
  // a range's bytes are the body's as it is
  a = get("/part");
  CHECK(a.status == 206);
  CHECK(a.header("content-encoding").empty());
  CHECK(a.body == big_json(100));
  // gzip saves less than base64 adds: sent as it is, smaller so
  a = get("/random");
  CHECK(a.header("content-encoding").empty());
  CHECK(a.body == random_text(8192));

  // a REST API would pass the base64 text on unless its binary media types cover it
  http_request rest = request_to("GET", "/big", {{"Accept-Encoding", "gzip"}});
  a = call(compressing_app(), test_events::rest_v1(rest));
  CHECK(a.header("content-encoding").empty());
  CHECK(a.body == big_json(100));
  // ALB and Function URLs decode base64 answers: compressed
  a = call(compressing_app(), test_events::alb(rest, false));
  CHECK(a.header("content-encoding") == "gzip");
  CHECK(gunzip(unbase64(a.body)) == big_json(100));
}

TEST_CASE("compression: gzip request bodies are inflated, with a cap; broken ones are refused") {
  const auto post = [](std::string bytes, std::string encoding = "gzip") {
    http_request r = request_to("POST", "/echo", {{"Content-Encoding", encoding}});
    r.body = base64(bytes);
    r.base64 = true;
    return call(compressing_app(), test_events::http_api_v2(r));
  };
  http_answer a = post(gzip("hello, inflated world"));
  CHECK(a.status == 200);
  CHECK(a.body == "hello, inflated world");
  a = post(gzip("two ") + gzip("members"));  // RFC 1952: members concatenate
  CHECK(a.body == "two members");
  a = post(gzip("x"), "x-gzip");
  CHECK(a.body == "x");

  const std::string bomb = gzip(std::string(1024 * 1024, '\0'));  // 1 MiB of zeros in ~1 KiB
  CHECK(bomb.size() < 4096);
  a = post(bomb);
  CHECK(a.status == 413);
  CHECK(body_field(a.body, "/message").find("too large") != std::string::npos);
  a = post(gzip(std::string(64 * 1024, 'a')));  // exactly at the cap
  CHECK(a.status == 200);
  CHECK(a.body.size() == 64 * 1024);
  a = post(gzip(std::string(64 * 1024 + 1, 'a')));  // one byte over
  CHECK(a.status == 413);

  const std::string whole = gzip("truncated in the middle of it all");
  a = post(whole.substr(0, whole.size() / 2));
  CHECK(a.status == 400);
  a = post("not gzip at all");
  CHECK(a.status == 400);
  a = post(whole + "trailing garbage");
  CHECK(a.status == 400);
  a = post("abc", "br");
  CHECK(a.status == 415);
}

// ---- errors --------------------------------------------------------------------------------

TEST_CASE("errors: GET /boom answers a 500 that says nothing more, and logs the detail as JSON with the request id") {
  http_answer a;
  http_request r = request_to("GET", "/boom");
  r.request_id = "boom-request-7";
  const std::string log = stderr_of([&] { a = call_echo(r); });
  CHECK(a.status == 500);
  CHECK(a.body == R"({"message":"Internal Server Error"})");
  CHECK(a.body.find("boom") == std::string::npos);
  CHECK(a.header("x-request-id") == "boom-request-7");
  REQUIRE_FALSE(log.empty());
  const std::string line = log.substr(0, log.find('\n'));
  CHECK(body_field(line, "/level") == R"("ERROR")");
  CHECK(body_field(line, "/route") == R"("GET /boom")");
  CHECK(body_field(line, "/request_id") == R"("boom-request-7")");
  CHECK(body_field(line, "/message").find("the handler failed on purpose") != std::string::npos);
}

// ---- tracing -------------------------------------------------------------------------------

TEST_CASE("tracing: the X-Ray header is parsed defensively") {
  const auto t = sluice::trace_context::parse("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1");
  CHECK(t.root == "1-5759e988-bd862e3fe1be46a994272793");
  CHECK(t.parent == "53995c3f42cd8ad8");
  CHECK(t.sampled == true);
  const auto bad = sluice::trace_context::parse("Root=1-zz;Parent=12;Sampled=yes;Self=1-abc");
  CHECK(bad.root.empty());
  CHECK(bad.parent.empty());
  CHECK_FALSE(bad.sampled.has_value());
  CHECK(bad.header == "Root=1-zz;Parent=12;Sampled=yes;Self=1-abc");
  CHECK(sluice::trace_context::parse(std::string(600, 'R')).empty());
  CHECK(sluice::trace_context::parse("Sampled=0").sampled == false);
}

TEST_CASE("tracing: handlers get the trace context; every answer carries the request id") {
  static const auto app = sluice::app{
      sluice::use(sluice::tracing()),
      sluice::route<"GET /trace">([](sluice::provided<sluice::trace_context> t) {
        sluice::json_writer w;
        w.begin_object().field("root", t->root).field("header", t->header).end_object();
        return sluice::json(w);
      }),
  };
  http_request r = request_to("GET", "/trace", {{"X-Amzn-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1"}});
  r.request_id = "gw-id-1";
  http_answer a = call(app, test_events::http_api_v2(r));
  CHECK(body_field(a.body, "/root") == R"("1-5759e988-bd862e3fe1be46a994272793")");
  CHECK(body_field(a.body, "/header") == R"("Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1")");
  CHECK(a.header("x-request-id") == "gw-id-1");
  r.path = "/missing";
  a = call(app, test_events::http_api_v2(r));
  CHECK(a.status == 404);
  CHECK(a.header("x-request-id") == "gw-id-1");
}

// ---- structured logs -----------------------------------------------------------------------

TEST_CASE("logs: the level comes from SLUICE_LOG_LEVEL, else AWS_LAMBDA_LOG_LEVEL, else INFO") {
  ::unsetenv("SLUICE_LOG_LEVEL");
  ::unsetenv("AWS_LAMBDA_LOG_LEVEL");
  CHECK(sluice::log_level_from_environment() == sluice::log_level::info);
  ::setenv("AWS_LAMBDA_LOG_LEVEL", "WARN", 1);
  CHECK(sluice::log_level_from_environment() == sluice::log_level::warn);
  ::setenv("SLUICE_LOG_LEVEL", "debug", 1);
  CHECK(sluice::log_level_from_environment() == sluice::log_level::debug);
  ::setenv("SLUICE_LOG_LEVEL", "loud", 1);  // names no level: the next source decides
  CHECK(sluice::log_level_from_environment() == sluice::log_level::warn);
  ::unsetenv("SLUICE_LOG_LEVEL");
  ::unsetenv("AWS_LAMBDA_LOG_LEVEL");
  CHECK(sluice::parse_log_level("Error") == sluice::log_level::error);
  CHECK(sluice::parse_log_level("TRACE") == sluice::log_level::debug);
  CHECK_FALSE(sluice::parse_log_level("").has_value());
}

namespace operations_test {
captured_lines& log_lines() {
  static captured_lines lines;
  return lines;
}
captured_lines& sampled_lines() {
  static captured_lines lines;
  return lines;
}

template <class Options>
auto logging_app(const Options& options) {
  return sluice::app{
      sluice::use(sluice::structured_logs(options)),
      sluice::route<"GET /pets/{id}">([](sluice::path<"id", int> id, sluice::provided<sluice::logger> log) {
        log->debug("looking up", {{"pet_id", *id}});
        log->info("found", {{"pet_id", *id}, {"name", "Rex"}, {"good", true}, {"weight", 12.5}});
        return sluice::text("Rex");
      }),
      sluice::route<"GET /fail">([]() -> sluice::response { throw std::runtime_error("no"); }),
  };
}
}  // namespace operations_test

TEST_CASE("logs: an access line per answer and the handler's lines, JSON in Powertools' shape") {
  static const auto app = logging_app(
      sluice::log_options{.service = "pets", .level = sluice::log_level::info, .sink = log_lines().sink()});
  (void)log_lines().take();
  http_request r = request_to("GET", "/pets/7");
  r.request_id = "req-77";
  CHECK(call(app, test_events::http_api_v2(r)).status == 200);
  std::vector<std::string> lines = log_lines().take();
  REQUIRE(lines.size() == 2);  // the debug line is below the level
  CHECK(body_field(lines[0], "/level") == R"("INFO")");
  CHECK(body_field(lines[0], "/message") == R"("found")");
  CHECK(body_field(lines[0], "/pet_id") == "7");
  CHECK(body_field(lines[0], "/name") == R"("Rex")");
  CHECK(body_field(lines[0], "/good") == "true");
  CHECK(body_field(lines[0], "/weight") == "12.5");
  CHECK(body_field(lines[0], "/request_id") == R"("req-77")");
  CHECK(body_field(lines[0], "/route") == R"("GET /pets/{id}")");
  CHECK(body_field(lines[0], "/service") == R"("pets")");
  const std::string& access = lines[1];
  CHECK(body_field(access, "/level") == R"("INFO")");
  CHECK(body_field(access, "/message") == R"("GET /pets/7 200")");
  CHECK(body_field(access, "/status") == "200");
  CHECK(body_field(access, "/method") == R"("GET")");
  CHECK(body_field(access, "/path") == R"("/pets/7")");
  CHECK(body_field(access, "/request_id") == R"("req-77")");
  const std::string latency = body_field(access, "/latency_ms");
  REQUIRE(latency != "<absent>");
  CHECK(std::stod(latency) >= 0.0);
  const std::string cold = body_field(access, "/cold_start");
  CHECK((cold == "true" || cold == "false"));
  const std::string timestamp = body_field(access, "/timestamp");  // "2026-11-28T09:41:07.123Z"
  REQUIRE(timestamp.size() == 26);
  CHECK(timestamp[11] == 'T');
  CHECK(timestamp[24] == 'Z');

  // a 500 is an ERROR access line; a 404 has no route
  std::string errors = stderr_of([&] { CHECK(call(app, test_events::http_api_v2(request_to("GET", "/fail"))).status == 500); });
  CHECK(errors.find(R"("route":"GET /fail")") != std::string::npos);
  lines = log_lines().take();
  REQUIRE(lines.size() == 1);
  CHECK(body_field(lines[0], "/level") == R"("ERROR")");
  CHECK(body_field(lines[0], "/status") == "500");
  CHECK(call(app, test_events::http_api_v2(request_to("GET", "/nowhere"))).status == 404);
  lines = log_lines().take();
  REQUIRE(lines.size() == 1);
  CHECK(body_field(lines[0], "/status") == "404");
  CHECK(body_field(lines[0], "/route") == "<absent>");
}

TEST_CASE("logs: a sampled invocation logs at DEBUG; a higher level drops the access lines") {
  static const auto sampled = logging_app(sluice::log_options{
      .service = "pets", .level = sluice::log_level::warn, .sample_rate = 1.0, .sink = sampled_lines().sink()});
  (void)sampled_lines().take();
  CHECK(call(sampled, test_events::http_api_v2(request_to("GET", "/pets/3"))).status == 200);
  std::vector<std::string> lines = sampled_lines().take();
  REQUIRE(lines.size() == 2);  // debug and info from the handler; the access line is INFO < WARN
  CHECK(body_field(lines[0], "/level") == R"("DEBUG")");
  CHECK(body_field(lines[0], "/sampling_rate") == "1");
  CHECK(body_field(lines[1], "/level") == R"("INFO")");
}

// ---- metrics -------------------------------------------------------------------------------

namespace operations_test {
captured_lines& metric_lines() {
  static captured_lines lines;
  return lines;
}
const auto& metrics_app() {
  static const auto app = sluice::app{
      sluice::use(sluice::metrics({.name_space = "pets-ns", .service = "pets", .sink = metric_lines().sink()})),
      sluice::route<"POST /pets">([](sluice::provided<sluice::metrics_recorder> m) {
        m->add("PetsCreated", 1);
        m->add("BodyBytes", 300, sluice::metric_unit::bytes);
        m->add("PetsCreated", 2);
        m->add("Requests", 99);  // the record's own name: dropped
        return sluice::text("made", 201);
      }),
      sluice::route<"GET /fail">([]() -> sluice::response { throw std::runtime_error("metrics failure"); }),
  };
  return app;
}
}  // namespace operations_test

TEST_CASE("metrics: one EMF record per invocation, with the route, status classes and custom metrics") {
  (void)metric_lines().take();
  CHECK(call(metrics_app(), test_events::http_api_v2(request_to("POST", "/pets"))).status == 201);
  std::vector<std::string> lines = metric_lines().take();
  REQUIRE(lines.size() == 1);
  const std::string& record = lines[0];
  CHECK(body_field(record, "/_aws/CloudWatchMetrics/0/Namespace") == R"("pets-ns")");
  CHECK(body_field(record, "/_aws/CloudWatchMetrics/0/Dimensions") == R"([["service","route"]])");
  const std::string declared = body_field(record, "/_aws/CloudWatchMetrics/0/Metrics");
  CHECK(declared.find(R"({"Name":"Requests","Unit":"Count"})") != std::string::npos);
  CHECK(declared.find(R"({"Name":"Latency","Unit":"Milliseconds"})") != std::string::npos);
  CHECK(declared.find(R"({"Name":"BodyBytes","Unit":"Bytes"})") != std::string::npos);
  CHECK(declared.find("PetsCreated") == declared.rfind("PetsCreated"));  // declared once
  CHECK(declared.find("Requests") == declared.rfind("Requests"));
  CHECK(body_field(record, "/_aws/Timestamp").size() >= 13);
  CHECK(body_field(record, "/service") == R"("pets")");
  CHECK(body_field(record, "/route") == R"("POST /pets")");
  CHECK(body_field(record, "/Requests") == "1");
  CHECK(body_field(record, "/4xx") == "0");
  CHECK(body_field(record, "/5xx") == "0");
  CHECK(body_field(record, "/PetsCreated") == "[1,2]");
  CHECK(body_field(record, "/BodyBytes") == "300");
  CHECK(body_field(record, "/request_id") == R"("req-1")");

  (void)stderr_of([&] { CHECK(call(metrics_app(), test_events::http_api_v2(request_to("GET", "/fail"))).status == 500); });
  CHECK(call(metrics_app(), test_events::http_api_v2(request_to("GET", "/nowhere"))).status == 404);
  lines = metric_lines().take();
  REQUIRE(lines.size() == 2);
  CHECK(body_field(lines[0], "/5xx") == "1");
  CHECK(body_field(lines[0], "/PetsCreated") == "<absent>");  // the last invocation's are gone
  CHECK(body_field(lines[1], "/route") == R"("unmatched")");
  CHECK(body_field(lines[1], "/4xx") == "1");
}
