// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors

// The sluice-echo contract (issue 2's table), for every HTTP source.

#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

#include <cstdlib>

#include "echo_app.hpp"
#include "support/events.hpp"
#include "support/responses.hpp"
#include "support/tokens.hpp"

namespace echo_test {

// sluice-echo reads its token key from the environment when it is first built: before any test
const bool secret_set = ::setenv("SLUICE_JWT_SECRET", "echo-test-secret-of-thirty-two-bytes", 1) == 0;

/// A bearer token echo accepts, with the given claims.
std::string token(std::string_view claims) { return test_tokens::hs256("echo-test-secret-of-thirty-two-bytes", test_tokens::payload(claims)); }
const std::string writer = token(R"("sub":"writer","scope":"pets:read pets:write")");
const std::string reader = token(R"("sub":"reader","scope":"pets:read")");
const std::string admin = token(R"("sub":"boss","cognito:groups":["admin"])");

using test_events::http_request;
using test_responses::parse_answer;

struct expectation {
  std::string method;
  std::string path;  // as a client sends it (percent-encoded)
  std::vector<std::pair<std::string, std::string>> query;
  std::optional<std::string> body;
  int status;
  std::string body_json;  // exact, or empty to skip
  std::string allow = {};
  std::string bearer = {};  // an Authorization: Bearer token, when not empty
};

std::string alb_single(const http_request& r) { return test_events::alb(r, false); }
std::string alb_multi(const http_request& r) { return test_events::alb(r, true); }

struct source {
  const char* name;
  std::string (*make)(const http_request&);
  bool decoded_path;
  bool keeps_repeated_query;
};

const source sources[] = {
    {"REST API", test_events::rest_v1, false, true},
    {"HTTP API 1.0", test_events::http_api_v1, true, true},
    {"HTTP API 2.0", test_events::http_api_v2, true, true},
    {"Function URL", test_events::function_url, false, true},
    {"ALB", alb_single, false, false},
    {"ALB multi-value", alb_multi, false, true},
};

/// What an HTTP API hands over for a client path: decoded once.
std::string decode_once(std::string_view p) {
  std::string out;
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (p[i] == '%' && i + 2 < p.size()) {
      out += static_cast<char>(std::stoi(std::string(p.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += p[i];
    }
  }
  return out;
}

}  // namespace echo_test

using namespace echo_test;

TEST_CASE("sluice-echo answers its route table the same way from every source") {
  const std::vector<expectation> table = {
      {"GET", "/health", {}, {}, 200, R"({"status":"ok"})"},
      {"GET", "/pets", {}, {}, 200, R"({"route":"GET /pets","limit":20,"tags":[]})"},
      {"GET", "/pets", {{"limit", "100"}, {"tag", "b"}, {"tag", "a c"}}, {}, 200,
       R"({"route":"GET /pets","limit":100,"tags":["b","a c"]})"},
      {"GET", "/pets", {{"limit", "0"}}, {}, 200, R"({"route":"GET /pets","limit":0,"tags":[]})"},
      {"GET", "/pets", {{"limit", "101"}}, {}, 400,
       R"({"message":"query parameter 'limit' must be an integer from 0 to 100"})"},
      {"GET", "/pets", {{"limit", "-1"}}, {}, 400,
       R"({"message":"query parameter 'limit' must be an integer from 0 to 100"})"},
      {"GET", "/pets", {{"limit", "ten"}}, {}, 400,
       R"({"message":"query parameter 'limit' must be an integer from 0 to 100"})"},
      {"POST", "/pets", {}, R"({"name":"Rex","tag":"dog","age":3})", 201,
       R"({"route":"POST /pets","pet":{"name":"Rex","tag":"dog","age":3}})", {}, writer},
      {"POST", "/pets", {}, R"({"name":"Rex"})", 201, R"({"route":"POST /pets","pet":{"name":"Rex","tag":null,"age":null}})",
       {}, writer},
      {"POST", "/pets", {}, R"({"tag":"dog"})", 400, R"({"message":"body field 'name' is required"})", {}, writer},
      {"POST", "/pets", {}, R"({"name":""})", 400, R"({"message":"body field 'name' must have 1 to 64 characters"})", {},
       writer},
      {"POST", "/pets", {}, R"({"name":"Rex","age":101})", 400,
       R"({"message":"body field 'age' must be an integer from 0 to 100"})", {}, writer},
      {"POST", "/pets", {}, R"({"name":"Rex","age":"3"})", 400, R"({"message":"body field 'age' must be an integer"})", {},
       writer},
      {"POST", "/pets", {}, R"({"name":"Rex","color":"red"})", 400, R"({"message":"body field 'color' is not allowed"})",
       {}, writer},
      {"POST", "/pets", {}, R"({"name":7})", 400, R"({"message":"body field 'name' must be a string"})", {}, writer},
      {"POST", "/pets", {}, R"({"name":"Rex",)", 400, "", {}, writer},
      {"POST", "/pets", {}, "[1]", 400, R"({"message":"the body must be a JSON object"})", {}, writer},
      {"POST", "/pets", {}, {}, 400, R"({"message":"the request needs a JSON body"})", {}, writer},
      {"POST", "/pets", {}, R"({"name":"Rex"})", 401, R"({"message":"Unauthorized"})"},
      {"POST", "/pets", {}, R"({"name":"Rex"})", 403, R"({"message":"Forbidden"})", {}, reader},
      {"GET", "/pets/mine", {}, {}, 200, R"({"route":"GET /pets/mine","sub":"reader"})", {}, reader},
      {"GET", "/pets/mine", {}, {}, 401, R"({"message":"Unauthorized"})"},
      {"GET", "/me", {}, {}, 200, R"({"sub":"writer","scopes":["pets:read","pets:write"]})", {}, writer},
      {"GET", "/me", {}, {}, 401, R"({"message":"Unauthorized"})"},
      {"GET", "/me", {}, {}, 401, R"({"message":"Unauthorized"})", {}, writer + "x"},
      {"GET", "/pets/18446744073709551615", {}, {}, 200,
       R"({"route":"GET /pets/{id}","params":{"id":18446744073709551615}})"},
      {"DELETE", "/pets/7", {}, {}, 200, R"({"route":"DELETE /pets/{id}","params":{"id":7}})", {}, admin},
      {"DELETE", "/pets/7", {}, {}, 403, R"({"message":"Forbidden"})", {}, writer},
      {"DELETE", "/pets/7", {}, {}, 401, R"({"message":"Unauthorized"})"},
      {"DELETE", "/pets/mine", {}, {}, 400, R"({"message":"path parameter 'id' must be an unsigned 64-bit integer"})", {},
       admin},
      {"GET", "/pets/abc", {}, {}, 400, R"({"message":"path parameter 'id' must be an unsigned 64-bit integer"})"},
      {"GET", "/pets/18446744073709551616", {}, {}, 400, ""},
      {"POST", "/pets/7", {}, {}, 405, R"({"message":"Method Not Allowed"})", "GET, HEAD, DELETE, OPTIONS"},
      {"GET", "/files/readme", {}, {}, 200, R"({"route":"GET /files/readme"})"},
      {"POST", "/files/readme", {}, {}, 200,
       R"({"route":"ANY /files/{key+}","method":"POST","params":{"key":"readme"}})"},
      {"GET", "/files/docs/a%20b/c.txt", {}, {}, 200,
       R"({"route":"ANY /files/{key+}","method":"GET","params":{"key":"docs/a b/c.txt"}})"},
      {"GET", "/files/", {}, {}, 404, R"({"message":"Not Found"})"},
      {"GET", "/a/b/c", {}, {}, 200, R"({"route":"GET /a/b/c","params":{}})"},
      {"GET", "/a/b/d", {}, {}, 200, R"({"route":"GET /a/{x}/d","params":{"x":"b"}})"},
      {"GET", "/users/octo/repos/hello-world", {}, {}, 200,
       R"({"route":"GET /users/{user}/repos/{repo}","params":{"user":"octo","repo":"hello-world"}})"},
      {"PUT", "/users/octo/repos/hello-world", {}, {}, 200,
       R"({"route":"PUT /users/{user}/repos/{repo}","params":{"user":"octo","repo":"hello-world"}})"},
      {"DELETE", "/users/octo/repos/x", {}, {}, 405, "", "GET, HEAD, PUT, OPTIONS"},
      {"GET", "/nowhere", {}, {}, 404, R"({"message":"Not Found"})"},
      {"GET", "/health/", {}, {}, 404, R"({"message":"Not Found"})"},
      {"GET", "/HEALTH", {}, {}, 404, R"({"message":"Not Found"})"},
      {"GET", "/pets/../health", {}, {}, 400, ""},
  };
  for (const source& s : sources) {
    for (const expectation& e : table) {
      if (!s.keeps_repeated_query && e.query.size() > 1) continue;  // ALB single-value keeps one
      http_request r;
      r.method = e.method;
      r.path = s.decoded_path ? decode_once(e.path) : e.path;
      r.query = e.query;
      r.body = e.body;
      if (e.body) r.headers = {{"Content-Type", "application/json"}};
      if (!e.bearer.empty()) r.headers.emplace_back("Authorization", "Bearer " + e.bearer);
      const std::string event = s.make(r);
      CAPTURE(s.name);
      CAPTURE(e.method);
      CAPTURE(e.path);
      const auto result = echo::app().handle(event);
      REQUIRE(result.ok);
      const auto answer = parse_answer(result.payload);
      REQUIRE(answer.valid);
      CHECK(answer.status == e.status);
      if (!e.body_json.empty()) CHECK(answer.body == e.body_json);
      if (!e.allow.empty()) CHECK(answer.header("allow") == e.allow);
      if (e.status >= 400) CHECK(test_responses::body_field(answer.body, "/message").starts_with("\""));
      CHECK(answer.header("content-type") == "application/json");
    }
  }
}

TEST_CASE("sluice-echo strips an API Gateway named stage, and only that") {
  http_request r;
  r.stage = "prod";
  r.path = "/prod/pets/mine";
  r.headers = {{"authorization", "Bearer " + reader}};
  auto answer = parse_answer(echo::app().handle(test_events::http_api_v2(r)).payload);
  CHECK(answer.status == 200);
  CHECK(answer.body == R"({"route":"GET /pets/mine","sub":"reader"})");
  r.path = "/prod";
  answer = parse_answer(echo::app().handle(test_events::http_api_v2(r)).payload);
  CHECK(answer.status == 404);
  r.stage = "$default";
  r.path = "/prod/pets/mine";
  answer = parse_answer(echo::app().handle(test_events::http_api_v2(r)).payload);
  CHECK(answer.status == 404);
}

TEST_CASE("sluice-echo: repeated scalar query parameters are refused, repeated tags kept in order") {
  http_request r;
  r.path = "/pets";
  r.query = {{"limit", "5"}, {"limit", "6"}};
  auto answer = parse_answer(echo::app().handle(test_events::http_api_v2(r)).payload);
  CHECK(answer.status == 400);
  CHECK(answer.body == R"({"message":"query parameter 'limit' must be sent once; use one value"})");
  // adversarial row P42: 2.0's comma-joined map must not be taken for one value
  const std::string joined =
      R"({"version":"2.0","rawPath":"/pets","rawQueryString":"tag=a%2Cb&tag=c","queryStringParameters":{"tag":"a,b,c"},)"
      R"("requestContext":{"http":{"method":"GET"},"stage":"$default"}})";
  answer = parse_answer(echo::app().handle(joined).payload);
  CHECK(answer.body == R"({"route":"GET /pets","limit":20,"tags":["a,b","c"]})");
}

TEST_CASE("sluice-echo: HEAD is GET without the body; OPTIONS lists the methods") {
  http_request r;
  r.method = "HEAD";
  r.path = "/pets/mine";
  r.headers = {{"Authorization", "Bearer " + reader}};
  auto answer = parse_answer(echo::app().handle(test_events::rest_v1(r)).payload);
  CHECK(answer.status == 200);
  CHECK(answer.body.empty());
  r.method = "OPTIONS";
  r.path = "/users/u/repos/r";
  r.headers.clear();
  answer = parse_answer(echo::app().handle(test_events::function_url(r)).payload);
  CHECK(answer.status == 204);
  CHECK(answer.header("allow") == "GET, HEAD, PUT, OPTIONS");
}

TEST_SUITE("corpus: echo samples") {
TEST_CASE("sluice-echo answers the API Gateway samples of the corpus") {
  const std::string dir = SLUICE_CORPUS_DIR "/events/aws-lambda-go/";
  struct sample {
    const char* file;
    int status;
  };
  // these samples ask for paths echo does not serve: a clean 404 in the source's own shape
  const sample samples[] = {
      {"apigw-request.json", 404},
      {"apigw-v2-request-no-authorizer.json", 404},
      {"alb-lambda-target-request-headers-only.json", 404},
      {"lambdaurl-testdata/function-url-request-with-headers-and-cookies-and-text-body.json", 404},
  };
  std::size_t seen = 0;
  for (const sample& s : samples) {
    simdjson::padded_string json;
    if (simdjson::padded_string::load(dir + s.file).get(json)) continue;
    ++seen;
    CAPTURE(s.file);
    const auto answer = parse_answer(echo::app().handle(std::string_view(json)).payload);
    CHECK(answer.status == s.status);
    CHECK(answer.body == R"({"message":"Not Found"})");
  }
  if (seen == 0) std::fprintf(stderr, "SKIPPED: no event samples under %s\n", dir.c_str());
}
}  // TEST_SUITE

TEST_CASE("sluice-echo takes the principal from API Gateway's authorizers too") {
  test_events::http_request r;
  r.method = "DELETE";
  r.path = "/pets/9";
  r.authorizer = R"({"claims":{"sub":"c1","cognito:groups":"admin"}})";  // REST + Cognito
  CHECK(parse_answer(echo::app().handle(test_events::rest_v1(r)).payload).status == 200);
  r.authorizer = R"({"jwt":{"claims":{"sub":"c1","cognito:groups":"[users admin]"},"scopes":null}})";
  CHECK(parse_answer(echo::app().handle(test_events::http_api_v2(r)).payload).status == 200);
  r.authorizer = R"({"jwt":{"claims":{"sub":"c1","cognito:groups":"[users]"},"scopes":null}})";
  CHECK(parse_answer(echo::app().handle(test_events::http_api_v2(r)).payload).status == 403);
  r.method = "POST";
  r.path = "/pets";
  r.body = R"({"name":"Rex"})";
  r.authorizer = R"({"jwt":{"claims":{"sub":"c1"},"scopes":["pets:write"]}})";
  CHECK(parse_answer(echo::app().handle(test_events::http_api_v2(r)).payload).status == 201);
  // GET /me believes only a token it verified itself
  r.method = "GET";
  r.path = "/me";
  r.body.reset();
  CHECK(parse_answer(echo::app().handle(test_events::http_api_v2(r)).payload).status == 401);
}
