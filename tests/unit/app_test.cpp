// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors

// The request view and the dispatch path, through a whole app, for every HTTP source.

#include <doctest/doctest.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "sluice/sluice.hpp"
#include "support/events.hpp"
#include "support/responses.hpp"

namespace app_test {

using test_events::http_request;
using test_responses::body_field;
using test_responses::parse_answer;

/// Dumps what the request view sees as JSON.
sluice::response inspect(const sluice::request& req) {
  sluice::json_writer w;
  w.begin_object();
  w.field("source", static_cast<int>(req.source()));
  w.field("method", req.method_name());
  w.field("path", req.path());
  w.field("raw_path", req.raw_path());
  w.field("prefix", req.path_prefix());
  w.field("route", req.route());
  w.key("params").begin_object();
  for (const auto& p : req.path_params()) w.field(p.name, p.value);
  w.end_object();
  w.key("a").begin_array();
  req.for_each_query("a", [&](std::string_view v) { w.value(v); });
  w.end_array();
  w.field("b", req.query("b"));
  w.field("multi", req.header("X-Multi"));
  w.field("missing", req.header("x-missing"));
  w.field("cookie", req.cookie("c"));
  w.field("body", req.body());
  w.field("base64", req.body_was_base64());
  w.field("request_id", req.context().request_id);
  w.field("stage", req.context().stage);
  w.field("source_ip", req.context().source_ip);
  w.field("user_agent", req.context().user_agent);
  return sluice::json(w.end_object());
}

const auto& inspector() {
  static const auto app = sluice::app{
      sluice::options{.strip_stage = true, .base_paths = {"/v1"}},
      sluice::route<"ANY /items/{id}/{rest+}">(inspect),
      sluice::route<"GET /items/{id}">(inspect),
      sluice::route<"POST /items">(inspect),
      sluice::route<"GET /">(inspect),
      sluice::route<"GET /boom">([]() -> sluice::response { throw std::runtime_error("secret detail"); }),
      sluice::route<"GET /bad-header">([] { return sluice::response(200).header("X-Bad", "a\r\nb: c"); }),
  };
  return app;
}

struct source_case {
  const char* name;
  std::string (*make)(const http_request&);
  int source;
};

std::string alb_single(const http_request& r) { return test_events::alb(r, false); }
std::string alb_multi(const http_request& r) { return test_events::alb(r, true); }

const source_case all_sources[] = {
    {"REST API", test_events::rest_v1, static_cast<int>(sluice::http_source::rest_api)},
    {"HTTP API 1.0", test_events::http_api_v1, static_cast<int>(sluice::http_source::http_api_v1)},
    {"HTTP API 2.0", test_events::http_api_v2, static_cast<int>(sluice::http_source::http_api_v2)},
    {"Function URL", test_events::function_url, static_cast<int>(sluice::http_source::function_url)},
    {"ALB", alb_single, static_cast<int>(sluice::http_source::alb)},
    {"ALB multi-value", alb_multi, static_cast<int>(sluice::http_source::alb)},
};


/// A handler that holds state: copying or assigning an app copies what its routes hold.
struct tagger {
  std::string tag;
  sluice::response operator()(const sluice::request&) const { return sluice::text(tag); }
};
/// Holds state and reads a path parameter, so its invoker is made for each route's key.
struct greeter {
  std::string word;
  sluice::response operator()(sluice::path<"name"> name) const { return sluice::text(word + " " + std::string(*name)); }
};
/// A handler that cannot be copied: neither can an app that holds it.
struct move_only_handler {
  std::unique_ptr<int> n;
  sluice::response operator()() const { return sluice::text(std::to_string(*n)); }
};

/// Several routes of each handler type, each route with its own object.
auto tagged_app(const std::string& first, const std::string& second) {
  return sluice::app{
      sluice::route<"GET /t1">(tagger{first}),
      sluice::route<"GET /t2">(tagger{second}),
      sluice::route<"GET /hello/{name}">(greeter{first}),
      sluice::route<"GET /bye/{other}/{name}">(greeter{second}),
  };
}
using tagged_app_type = decltype(tagged_app("", ""));

template <class App>
std::string tagged_answer(const App& app, std::string path) {
  http_request r;
  r.path = std::move(path);
  const auto answer = parse_answer(app.handle(test_events::http_api_v2(r)).payload);
  return std::to_string(answer.status) + " " + answer.body;
}

/// One handler type for routes whose parameter sits in different places, and one for routes
/// without parameters: each route still reads its own.
sluice::response id_and_route(sluice::path<"id"> id, const sluice::request& req) {
  return sluice::text(std::string(req.route()) + " id=" + std::string(*id));
}
sluice::response route_only(const sluice::request& req) { return sluice::text(req.route()); }

const auto& shared_handlers() {
  static const auto app = sluice::app{
      sluice::route<"GET /a/{id}">(id_and_route),
      sluice::route<"GET /b/{other}/{id}">(id_and_route),
      sluice::route<"GET /c/{id}/{other+}">(id_and_route),
      sluice::route<"GET /d">(route_only),
      sluice::route<"POST /d">(route_only),
      sluice::route<"GET /e/{id}">(route_only),
  };
  return app;
}
}  // namespace app_test

using namespace app_test;

TEST_CASE("every source gives the same request view") {
  for (const source_case& s : all_sources) {
    CAPTURE(s.name);
    http_request r;
    r.method = "PATCH";
    r.path = "/items/42/x/y%20z";
    r.query = {{"a", "1"}, {"b", "two words"}, {"a", "3"}};
    r.headers = {{"X-Multi", "m1"}, {"User-Agent", "ua"}};
    r.cookies = {"c=cookie-value", "d=4"};
    r.body = "hello";
    const bool decoded_path = s.make == test_events::http_api_v2 || s.make == test_events::http_api_v1;
    if (decoded_path) r.path = "/items/42/x/y z";
    const auto answer = parse_answer(inspector().handle(s.make(r)).payload);
    REQUIRE(answer.valid);
    CHECK(answer.status == 200);
    const std::string& b = answer.body;
    CHECK(body_field(b, "/source") == std::to_string(s.source));
    CHECK(body_field(b, "/method") == R"("PATCH")");
    CHECK(body_field(b, "/route") == R"("ANY /items/{id}/{rest+}")");
    CHECK(body_field(b, "/params") == R"({"id":"42","rest":"x/y z"})");
    const bool single_query = s.make == alb_single;  // ALB single-value mode keeps the last value only
    CHECK(body_field(b, "/a") == (single_query ? R"(["3"])" : R"(["1","3"])"));
    CHECK(body_field(b, "/b") == R"("two words")");
    CHECK(body_field(b, "/multi") == R"("m1")");
    CHECK(body_field(b, "/missing") == "null");
    CHECK(body_field(b, "/cookie") == R"("cookie-value")");
    CHECK(body_field(b, "/body") == R"("hello")");
    CHECK(body_field(b, "/base64") == "false");
  }
}

TEST_CASE("repeated headers read as one value joined with ','") {
  http_request r;
  r.path = "/items/1";
  r.headers = {{"X-Multi", "a"}, {"x-multi", "b"}};
  for (const auto& make : {test_events::http_api_v2, alb_multi}) {
    const auto answer = parse_answer(inspector().handle(make(r)).payload);
    CHECK(body_field(answer.body, "/multi") == R"("a,b")");
  }
}

TEST_CASE("ALB answers in the mode its maps' keys name, whatever they hold") {
  const auto alb_event = [](std::string_view maps) {
    return R"({"requestContext":{"elb":{"targetGroupArn":"arn:aws:elasticloadbalancing:r:1:targetgroup/t/1"}},)"
           R"("httpMethod":"GET","path":"/items/1",)" + std::string(maps) + R"("body":"","isBase64Encoded":false})";
  };
  struct row {
    std::string maps;
    bool multi;
  };
  const row rows[] = {
      {R"("multiValueQueryStringParameters":{},"multiValueHeaders":{},)", true},  // a request without headers
      {R"("multiValueHeaders":{"host":["x"]},)", true},
      {R"("multiValueQueryStringParameters":{"a":["1"]},)", true},
      {R"("queryStringParameters":{},"headers":{},)", false},
      {R"("queryStringParameters":{"a":"1"},"headers":{"host":"x"},)", false},
      {R"("multiValueQueryStringParameters":null,"multiValueHeaders":null,"headers":{"host":"x"},)", false},
  };
  for (const row& x : rows) {
    CAPTURE(x.maps);
    const std::string payload(inspector().handle(alb_event(x.maps)).payload);
    CHECK(parse_answer(payload).status == 200);
    CHECK((payload.find(R"("multiValueHeaders":{)") != std::string::npos) == x.multi);
    CHECK((payload.find(R"("headers":{)") != std::string::npos) == !x.multi);
  }
}

TEST_CASE("a header sent twice with different values in a single-value map is refused") {
  // adversarial row P37: two readers could pick different values
  const std::string event = R"({"resource":"/items/{id}","path":"/items/1","httpMethod":"GET",
    "headers":{"Authorization":"Bearer A","authorization":"Bearer B"},"requestContext":{"stage":"prod"}})";
  const auto answer = parse_answer(inspector().handle(event).payload);
  CHECK(answer.status == 400);
  CHECK(body_field(answer.body, "/message") == R"("the header 'authorization' is sent twice with different values")");
}

TEST_CASE("context fields come from each source's own place") {
  http_request r;
  r.path = "/items/7";
  r.request_id = "rid-77";
  r.source_ip = "198.51.100.1";
  r.user_agent = "curl/8";
  for (const auto& make : {test_events::rest_v1, test_events::http_api_v1, test_events::http_api_v2}) {
    const auto answer = parse_answer(inspector().handle(make(r)).payload);
    CHECK(body_field(answer.body, "/request_id") == R"("rid-77")");
    CHECK(body_field(answer.body, "/source_ip") == R"("198.51.100.1")");
    CHECK(body_field(answer.body, "/user_agent") == R"("curl/8")");
  }
}

TEST_CASE("base64 bodies are decoded before the handler; broken ones are a 400") {
  http_request r;
  r.method = "POST";
  r.path = "/items";
  r.body = "aGVsbG8gd29ybGQ=";
  r.base64 = true;
  auto answer = parse_answer(inspector().handle(test_events::http_api_v2(r)).payload);
  CHECK(body_field(answer.body, "/body") == R"("hello world")");
  CHECK(body_field(answer.body, "/base64") == "true");
  r.body = "not base64!";
  answer = parse_answer(inspector().handle(test_events::http_api_v2(r)).payload);
  CHECK(answer.status == 400);
  CHECK(body_field(answer.body, "/message") == R"("the request body is marked base64 but is not base64")");
}

TEST_CASE("stage and base-path prefixes are stripped only when configured and present") {
  http_request r;
  r.stage = "prod";
  r.path = "/prod/items/5";
  auto answer = parse_answer(inspector().handle(test_events::http_api_v2(r)).payload);
  CHECK(answer.status == 200);
  CHECK(body_field(answer.body, "/path") == R"("/items/5")");
  CHECK(body_field(answer.body, "/prefix") == R"("/prod")");
  CHECK(body_field(answer.body, "/raw_path") == R"("/prod/items/5")");

  r.path = "/production/items/5";  // not a segment boundary: nothing stripped
  answer = parse_answer(inspector().handle(test_events::http_api_v2(r)).payload);
  CHECK(answer.status == 404);

  // REST paths never hold the stage; a base path mapping is stripped when configured
  r.path = "/v1/items/5";
  answer = parse_answer(inspector().handle(test_events::rest_v1(r)).payload);
  CHECK(answer.status == 200);
  CHECK(body_field(answer.body, "/prefix") == R"("/v1")");
  r.path = "/prod/items/5";
  answer = parse_answer(inspector().handle(test_events::rest_v1(r)).payload);
  CHECK(answer.status == 404);

  // stage and base path together: /prod/v1/items/5 on an HTTP API behind a mapping
  r.path = "/prod/v1/items/5";
  answer = parse_answer(inspector().handle(test_events::http_api_v2(r)).payload);
  CHECK(answer.status == 200);
  CHECK(body_field(answer.body, "/prefix") == R"("/prod/v1")");
}

TEST_CASE("a trailing slash is served as is, from the other form, or redirected to the client's whole other path") {
  const auto routes = [](sluice::trailing_slash slash) {
    return sluice::app{sluice::options{.strip_stage = true, .base_paths = {"/v1"}, .slash = slash},
                       sluice::route<"GET /items/{id}">(inspect), sluice::route<"GET /list/">(inspect)};
  };
  static const auto strict = routes(sluice::trailing_slash::strict);
  static const auto ignore = routes(sluice::trailing_slash::ignore);
  static const auto redirect = routes(sluice::trailing_slash::redirect);
  http_request r;
  r.path = "/items/1/";
  CHECK(parse_answer(strict.handle(test_events::http_api_v2(r)).payload).status == 404);
  auto answer = parse_answer(ignore.handle(test_events::http_api_v2(r)).payload);
  CHECK(answer.status == 200);
  CHECK(body_field(answer.body, "/route") == R"("GET /items/{id}")");

  struct row {
    const char* name;
    std::string event;
    std::string_view location;
  };
  r.query = {{"a", "x y"}, {"a", "&"}};
  http_request staged = r;  // an HTTP API's named stage is in rawPath, and stripped
  staged.stage = "beta";
  staged.path = "/beta/items/1/";
  http_request listed = r;
  listed.path = "/list";
  // a REST API behind a custom domain: `path` and `requestContext.path` both hold the base path
  const std::string custom_domain =
      R"({"resource":"/{proxy+}","path":"/v1/items/1/","httpMethod":"GET","headers":null,"multiValueHeaders":null,)"
      R"("queryStringParameters":null,"multiValueQueryStringParameters":null,"pathParameters":null,"body":null,)"
      R"("isBase64Encoded":false,"requestContext":{"stage":"prod","path":"/v1/items/1/","requestId":"r"}})";
  const row rows[] = {
      // execute-api URL: `path` has no stage, `requestContext.path` has it, and so must Location
      {"REST API", test_events::rest_v1(r), "/prod/items/1?a=x%20y&a=%26"},
      {"REST API, to the slash", test_events::rest_v1(listed), "/prod/list/?a=x%20y&a=%26"},
      {"REST API, custom domain", custom_domain, "/v1/items/1"},
      {"HTTP API 2.0", test_events::http_api_v2(r), "/items/1?a=x%20y&a=%26"},
      {"HTTP API 2.0, named stage", test_events::http_api_v2(staged), "/beta/items/1?a=x%20y&a=%26"},
      {"HTTP API 1.0, named stage", test_events::http_api_v1(staged), "/beta/items/1?a=x%20y&a=%26"},
      {"ALB", alb_single(listed), "/list/?a=%26"},
      {"Function URL", test_events::function_url(r), "/items/1?a=x%20y&a=%26"},
  };
  for (const row& x : rows) {
    CAPTURE(x.name);
    answer = parse_answer(redirect.handle(x.event).payload);
    CHECK(answer.status == 308);
    CHECK(answer.header("Location") == x.location);
  }
}

TEST_CASE("404, 405 with Allow, OPTIONS with Allow, HEAD without a body") {
  http_request r;
  r.path = "/nowhere";
  auto answer = parse_answer(inspector().handle(test_events::http_api_v2(r)).payload);
  CHECK(answer.status == 404);
  CHECK(answer.body == R"({"message":"Not Found"})");

  r.path = "/items";
  r.method = "DELETE";
  answer = parse_answer(inspector().handle(test_events::http_api_v2(r)).payload);
  CHECK(answer.status == 405);
  CHECK(answer.header("allow") == "POST, OPTIONS");
  CHECK(answer.body == R"({"message":"Method Not Allowed"})");

  r.method = "OPTIONS";
  answer = parse_answer(inspector().handle(test_events::rest_v1(r)).payload);
  CHECK(answer.status == 204);
  CHECK(answer.header("allow") == "POST, OPTIONS");
  CHECK(answer.body.empty());

  r.method = "HEAD";
  r.path = "/items/3";
  answer = parse_answer(inspector().handle(test_events::http_api_v2(r)).payload);
  CHECK(answer.status == 200);
  CHECK(answer.header("content-type") == "application/json");
  CHECK(answer.body.empty());
}

TEST_CASE("handler failures become a 500 that leaks nothing") {
  http_request r;
  r.path = "/boom";
  auto answer = parse_answer(inspector().handle(test_events::http_api_v2(r)).payload);
  CHECK(answer.status == 500);
  CHECK(answer.body == R"({"message":"Internal Server Error"})");
  CHECK(answer.body.find("secret") == std::string::npos);

  r.path = "/bad-header";
  answer = parse_answer(inspector().handle(test_events::http_api_v2(r)).payload);
  CHECK(answer.status == 500);
  CHECK(answer.header("x-bad").empty());
}

TEST_CASE("events that are not HTTP, or not JSON, are Lambda-level errors that explain themselves") {
  struct row {
    std::string_view event;
    std::string_view type;
    std::string_view message;
  };
  const row rows[] = {
      {"not json", "Sluice.InvalidEvent", "the event is not valid JSON"},
      {R"({"a":1} trailing)", "Sluice.InvalidEvent", "the event is not valid JSON"},
      {R"({"httpMethod":"GET","path":"/"} {})", "Sluice.InvalidEvent", "the event"},
      {"[1,2]", "Sluice.UnsupportedEvent", "got a JSON value that is not an object"},
      {R"({"Records":[{"eventSource":"aws:sqs"}]})", "Sluice.UnsupportedEvent", "got an object with keys Records"},
      {R"({"type":"TOKEN","methodArn":"arn","authorizationToken":"x"})", "Sluice.UnsupportedEvent",
       "an API Gateway Lambda authorizer request"},
      {R"({"requestContext":{"eventType":"CONNECT","connectionId":"x"}})", "Sluice.UnsupportedEvent",
       "an API Gateway WebSocket event"},
      {R"({"version":"2.0","requestContext":{"http":{"method":"GET"}}})", "Sluice.InvalidEvent",
       "payload 2.0 event: 'rawPath' is missing"},
      // found by the http_event fuzz target: 1.0's fields under "version":"2.0" were read as REST
      {R"({"httpMethod":"POST","path":"/inspect/a","body":"first","version":"2.0"})", "Sluice.InvalidEvent",
       "payload 2.0 event: 'rawPath' is missing"},
      {R"({"version":"2.0","rawPath":"/","requestContext":{}})", "Sluice.InvalidEvent",
       "'requestContext.http.method' is missing"},
      {R"({"version":"V2","rawPath":"/","requestContext":{"http":{"method":"GET"}}})", "Sluice.InvalidEvent",
       R"(payload 2.0 event: 'version' must be "2.0" in an event with rawPath)"},
      // HTTP-like sources sluice does not read: named, not taken for broken API Gateway events
      {R"({"version":"2.0","path":"/","method":"GET","requestContext":{"serviceNetworkArn":"arn:sn"}})",
       "Sluice.UnsupportedEvent", "got a VPC Lattice event"},
      {R"({"actionGroup":"g","apiPath":"/x","httpMethod":"POST"})", "Sluice.UnsupportedEvent",
       "got an Amazon Bedrock agent action group event"},
      {R"({"httpMethod":"GET","path":7})", "Sluice.InvalidEvent", "payload 1.0 event: 'path' must be a string"},
      {R"({"httpMethod":"GET","path":"/","headers":["x"]})", "Sluice.InvalidEvent",
       "'headers' must be an object of strings"},
      {R"({"httpMethod":"GET","path":"/","headers":{"a":"\q"}})", "Sluice.InvalidEvent",
       "'headers' has an invalid escape sequence"},
      // an escaped key could name a field that another reader sees and sluice would not
      {R"({"version":"2.0","rawPath":"/","h\u0065aders":{"x":"1"},"requestContext":{"http":{"method":"GET"}}})",
       "Sluice.InvalidEvent", "'h\\u0065aders' is a key written with escapes"},
      {R"({"Rec\u006frds":[]})", "Sluice.UnsupportedEvent", "expected an HTTP event"},
      {R"({"httpMethod":"GET","path":"/","requestContext":{"\u0065lb":{}}})", "Sluice.InvalidEvent",
       "is a key written with escapes"},
      // a field sent twice: a DOM reader keeps the first copy, the decoder kept the last (tests/fuzz)
      {R"({"httpMethod":"POST","path":"/items","body":"{}","body":"[]"})", "Sluice.InvalidEvent",
       "'body' is sent twice"},
      {R"({"version":"2.0","rawPath":"/","rawPath":"/boom","requestContext":{"http":{"method":"GET"}}})",
       "Sluice.InvalidEvent", "'rawPath' is sent twice"},
  };
  for (const row& r : rows) {
    CAPTURE(r.event);
    const auto result = inspector().handle(r.event);
    CHECK_FALSE(result.ok);
    CHECK(result.error_type == r.type);
    CHECK(std::string_view(result.error_message).find(r.message) != std::string_view::npos);
    const std::string payload(result.payload);
    CHECK(payload.find(R"("errorType":")" + std::string(r.type) + "\"") != std::string::npos);
  }
}

TEST_CASE("a payload 2.0 event is routed by rawPath, whatever path it also holds and wherever") {
  // regression (tests/fuzz): `path` after `rawPath` used to replace it
  for (const std::string_view event :
       {R"({"version":"2.0","rawPath":"/","path":"/boom","requestContext":{"http":{"method":"GET"}}})",
        R"({"version":"2.0","path":"/boom","rawPath":"/","requestContext":{"http":{"method":"GET"}}})"}) {
    CAPTURE(event);
    const auto answer = parse_answer(inspector().handle(event).payload);
    CHECK(answer.status == 200);
    CHECK(body_field(answer.body, "/route") == R"("GET /")");
  }
}

TEST_CASE("a key sent twice inside requestContext, or in its authorizer, identity or http, is refused with its name") {
  // A DOM reader keeps a key's first copy, the decoder read the last: two readers, two callers,
  // methods, source IPs or stages (issue 8). Each row adds a second copy to an event that is
  // answered without it.
  test_events::http_request r;
  r.path = "/";
  r.authorizer = R"({"jwt":{"claims":{"sub":"alice","scope":"read"},"scopes":["read"]}})";
  const std::string v2 = test_events::http_api_v2(r);
  r.authorizer = R"({"principalId":"alice","tier":"gold","integrationLatency":0})";
  r.identity_extra = R"("accessKey":"AKIAEXAMPLE","user":"AIDAALICE","userArn":"arn:aws:iam::1:user/alice")";
  const std::string rest = test_events::rest_v1(r);
  std::string many_keys;  // a Lambda authorizer's context of 20 keys: beyond the 16 compared as they come
  for (int i = 0; i < 20; ++i) many_keys += ",\"k" + std::to_string(i) + "\":" + std::to_string(i);
  const std::string minimal_v2 = R"({"version":"2.0","rawPath":"/","requestContext":{%s"http":{"method":"GET"}}})";
  const auto minimal = [&](std::string_view members) {
    std::string e = minimal_v2;
    e.replace(e.find("%s"), 2, members);
    return e;
  };
  struct row {
    std::string event;
    std::string_view find;
    std::string_view add;  // inserted after `find`
    std::string_view message;
  };
  const row rows[] = {
      {v2, R"("authorizer":{"jwt":{"claims":{"sub":"alice","scope":"read"},"scopes":["read"]}})",
       R"(,"authorizer":{"jwt":{"claims":{"sub":"mallory","scope":"admin"},"scopes":["admin"]}})",
       "payload 2.0 event: 'requestContext.authorizer' is sent twice"},
      {v2, R"("sub":"alice")", R"(,"sub":"mallory")",
       "'requestContext.authorizer' has the key 'sub' twice in one object"},
      {v2, R"("scopes":["read"])", R"(,"scopes":["admin"])", "'requestContext.authorizer' has the key 'scopes' twice"},
      {v2, R"("jwt":{"claims":{"sub":"alice","scope":"read"},"scopes":["read"]})",
       R"(,"jwt":{"claims":{"sub":"mallory"}})", "'requestContext.authorizer' has the key 'jwt' twice"},
      {v2, R"("method":"GET")", R"(,"method":"DELETE")", "'requestContext.http.method' is sent twice"},
      {v2, R"("sourceIp":"203.0.113.7")", R"(,"sourceIp":"10.0.0.1")", "'requestContext.http.sourceIp' is sent twice"},
      {v2, R"("userAgent":"test-agent/1.0")", R"(,"userAgent":"other")", "'requestContext.http.userAgent' is sent twice"},
      {v2, R"("stage":"$default")", R"(,"stage":"prod")", "'requestContext.stage' is sent twice"},
      {v2, R"("apiId":"abc123")", R"(,"apiId":"other")", "'requestContext.apiId' is sent twice"},
      {v2, R"("domainName":"abc123.execute-api.eu-west-1.amazonaws.com")",
       R"(,"domainName":"x.lambda-url.eu-west-1.on.aws")", "'requestContext.domainName' is sent twice"},
      {v2, R"("requestId":"req-1")", R"(,"requestId":"req-2")", "'requestContext.requestId' is sent twice"},
      {v2, R"("protocol":"HTTP/1.1")", R"(,"protocol":"HTTP/2")", "'requestContext.http.protocol' is sent twice"},
      {v2, R"({"version":"2.0")", R"(,"routeKey":"GET /items/{id}")", "'routeKey' is sent twice"},
      // the same datum in 1.0's place and in 2.0's: the protocol, the request time, the caller
      {v2, R"("stage":"$default")", R"(,"protocol":"HTTP/1.0")",
       "'requestContext.protocol' is sent with the other payload's protocol field"},
      {v2, R"("timeEpoch":1583348638390)", R"(,"requestTimeEpoch":1)",
       "'requestContext.requestTimeEpoch' is sent with the other payload's request time"},
      {v2, R"("timeEpoch":1583348638390)", R"(,"timeEpoch":1)", "'requestContext.timeEpoch' is sent twice"},
      {v2, R"("scopes":["read"]})", R"(,"claims":{"sub":"mallory"})",
       "'requestContext.authorizer' names more than one kind of authorizer"},
      {v2, R"("scopes":["read"]})", R"(,"lambda":{"role":"admin"})",
       "'requestContext.authorizer' names more than one kind of authorizer"},
      {rest, R"("stage":"prod")", R"(,"protocol":"HTTP/1.1","http":{"protocol":"HTTP/2"})",
       "'requestContext.http.protocol' is sent with the other payload's protocol field"},
      // `http` twice, and 1.0's `identity` beside 2.0's `http`: both name the source IP
      {v2, R"("http":{)", R"("method":"GET"},"http":{)", "'requestContext.http' is sent twice"},
      {v2, R"("timeEpoch":1583348638390)", R"(,"identity":{"sourceIp":"10.0.0.1"})",
       "'requestContext.identity.sourceIp' is sent twice"},
      {rest, R"("sourceIp":"203.0.113.7")", R"(,"sourceIp":"10.0.0.1")",
       "payload 1.0 event: 'requestContext.identity.sourceIp' is sent twice"},
      {rest, R"("user":"AIDAALICE")", R"(,"user":"AIDAMALLORY")",
       "'requestContext.identity' has the key 'user' twice in one object"},
      {rest, R"("principalId":"alice")", R"(,"principalId":"mallory")",
       "'requestContext.authorizer' has the key 'principalId' twice"},
      {rest, R"("tier":"gold")", R"(,"tier":"platinum")", "'requestContext.authorizer' has the key 'tier' twice"},
      {rest, R"("stage":"prod")", R"(,"stage":"test")", "'requestContext.stage' is sent twice"},
      {rest, R"("stage":"prod")", R"(,"path":"/test/items")", "'requestContext.path' is sent twice"},
      // before `http`: the message names the repeated key, not a method found missing after it
      {minimal(R"("authorizer":{"lambda":{"role":"user")" + many_keys + R"(}},)"), R"("k19":19)", R"(,"k7":70)",
       "'requestContext.authorizer' has the key 'k7' twice in one object"},
      {minimal(R"("authorizer":{"iam":{"callerId":"AIDAALICE","userArn":"arn:aws:iam::1:user/alice"}},)"),
       R"("callerId":"AIDAALICE")", R"(,"caller":"AIDAMALLORY")", "has the key 'callerId' or 'caller' twice"},
      {minimal(R"("stage":"$default",)"), R"("stage":"$default")", R"(,"stage":"prod")", "'requestContext.stage' is sent twice"},
  };
  for (const row& x : rows) {
    const std::string& base = x.event;
    const std::size_t at = base.find(x.find);
    CAPTURE(base);
    REQUIRE(at != std::string::npos);
    const auto fine = parse_answer(inspector().handle(base).payload);
    CHECK(fine.status == 200);
    std::string event = base;
    event.insert(at + x.find.size(), x.add);
    CAPTURE(event);
    const auto result = inspector().handle(event);
    CHECK_FALSE(result.ok);
    CHECK(result.error_type == "Sluice.InvalidEvent");
    CHECK(std::string_view(result.error_message).find(x.message) != std::string_view::npos);
  }
  // a key sluice does not read may repeat: no two readings of what it reads
  std::string unread = v2;
  unread.insert(unread.find(R"("time":)"), R"("routeKey":"GET /other","time":"x",)");
  CHECK(parse_answer(inspector().handle(unread).payload).status == 200);
}

TEST_CASE("the JSON layer is compiled for the fast kernels, not simdjson's portable fallback") {
#define SLUICE_TEST_STR2(x) #x
#define SLUICE_TEST_STR(x) SLUICE_TEST_STR2(x)
  const std::string_view kernels = SLUICE_TEST_STR(SIMDJSON_BUILTIN_IMPLEMENTATION);
  MESSAGE("simdjson kernels: " << kernels);
#if defined(__x86_64__) && defined(SLUICE_EXPECT_SIMD_JSON)
  CHECK(kernels != "fallback");  // SLUICE_ARCH_FLAGS lost AVX2/BMI/LZCNT/PCLMUL
#endif
}

TEST_CASE("JSON escapes in the event are undone before anything reads the text") {
  const std::string event =
      R"({"version":"2.0","rawPath":"\/items\/\u0034\u0032","rawQueryString":"b=\u00e9",)"
      R"("headers":{"x-multi":"a\"b"},"requestContext":{"http":{"method":"GET"},"stage":"$default"}})";
  const auto answer = parse_answer(inspector().handle(event).payload);
  CHECK(answer.status == 200);
  CHECK(body_field(answer.body, "/params") == R"({"id":"42"})");
  CHECK(body_field(answer.body, "/b") == "\"\xC3\xA9\"");
  CHECK(body_field(answer.body, "/multi") == R"("a\"b")");
}

TEST_CASE("routes that share a handler type each reach their own handler object and parameters") {
  const auto answer_of = [](std::string method, std::string path) {
    app_test::http_request r;
    r.method = std::move(method);
    r.path = std::move(path);
    const auto answer = app_test::parse_answer(app_test::shared_handlers().handle(test_events::http_api_v2(r)).payload);
    return std::to_string(answer.status) + " " + answer.body;
  };
  CHECK(answer_of("GET", "/a/1") == "200 GET /a/{id} id=1");
  CHECK(answer_of("GET", "/b/2/3") == "200 GET /b/{other}/{id} id=3");
  CHECK(answer_of("GET", "/c/4/5/6") == "200 GET /c/{id}/{other+} id=4");
  CHECK(answer_of("GET", "/d") == "200 GET /d");
  CHECK(answer_of("POST", "/d") == "200 POST /d");
  CHECK(answer_of("GET", "/e/7") == "200 GET /e/{id}");

  const app_test::tagged_app_type app = app_test::tagged_app("the first tag, longer than SSO", "the second tag");
  CHECK(app_test::tagged_answer(app, "/t1") == "200 the first tag, longer than SSO");
  CHECK(app_test::tagged_answer(app, "/t2") == "200 the second tag");
  CHECK(app_test::tagged_answer(app, "/hello/ann") == "200 the first tag, longer than SSO ann");
  CHECK(app_test::tagged_answer(app, "/bye/x/bob") == "200 the second tag bob");
}

TEST_CASE("a copied, moved or assigned app calls the handlers it holds, not those of the app it came from") {
  using app_type = app_test::tagged_app_type;
  static_assert(std::is_copy_constructible_v<app_type> && std::is_copy_assignable_v<app_type>);
  using move_only_app = decltype(sluice::app{sluice::route<"GET /n">(app_test::move_only_handler{})});
  static_assert(!std::is_copy_constructible_v<move_only_app> && std::is_move_constructible_v<move_only_app>);

  std::optional<app_type> original;
  original.emplace(app_test::tagged_app("original first tag (heap allocated)", "original second"));
  app_type copy = *original;
  // the original's place now holds another app: a copy that still pointed into it would answer for it
  original.reset();
  original.emplace(app_test::tagged_app("replacement first tag (heap allocated)", "replacement second"));
  CHECK(app_test::tagged_answer(copy, "/t1") == "200 original first tag (heap allocated)");
  CHECK(app_test::tagged_answer(copy, "/bye/x/y") == "200 original second y");

  app_type moved = std::move(copy);
  CHECK(app_test::tagged_answer(moved, "/t2") == "200 original second");
  CHECK(app_test::tagged_answer(moved, "/hello/z") == "200 original first tag (heap allocated) z");

  app_type assigned = app_test::tagged_app("assigned first", "assigned second");
  assigned = *original;
  CHECK(app_test::tagged_answer(assigned, "/t1") == "200 replacement first tag (heap allocated)");
  original.reset();
  CHECK(app_test::tagged_answer(assigned, "/bye/a/b") == "200 replacement second b");
  assigned = app_test::tagged_app("move-assigned first", "move-assigned second");
  CHECK(app_test::tagged_answer(assigned, "/t2") == "200 move-assigned second");
  CHECK(app_test::tagged_answer(assigned, "/hello/c") == "200 move-assigned first c");

  move_only_app only{sluice::route<"GET /n">(app_test::move_only_handler{std::make_unique<int>(42)})};
  const move_only_app only_moved = std::move(only);
  CHECK(app_test::tagged_answer(only_moved, "/n") == "200 42");
}

TEST_CASE("decode_http_event prepares an event that nobody prepared before (its lists need an arena)") {
  // it crashed on the first header of a default-constructed event
  test_events::http_request r;
  r.path = "/pets/7";
  r.headers = {{"x-one", "1"}, {"x-two", "2"}};
  r.query = {{"limit", "3"}};
  r.authorizer = R"({"jwt":{"claims":{"sub":"alice","scope":"read"},"scopes":["read","write"]}})";
  const std::string json = test_events::http_api_v2(r);
  std::string padded = json;
  padded.resize(json.size() + simdjson::SIMDJSON_PADDING);
  sluice::detail::arena mem;
  simdjson::ondemand::parser parser;
  sluice::detail::http_event ev;
  const sluice::events::decode_result result = sluice::events::decode_http_event(
      parser, simdjson::padded_string_view(padded.data(), json.size(), padded.size()), mem, ev);
  REQUIRE(result.status == sluice::events::decode_status::ok);
  CHECK(ev.path == "/pets/7");
  bool saw_two = false;
  for (const auto& h : ev.headers) saw_two |= h.name == "x-two" && h.value == "2";
  CHECK(saw_two);
  CHECK(ev.auth.scopes.size() == 2);
  bool saw_sub = false;
  for (const auto& c : ev.auth.claims) saw_sub |= c.name == "sub" && c.text == "alice";
  CHECK(saw_sub);
}
