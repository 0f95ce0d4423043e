// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors

// Per-route auth: the principal read from every authorizer shape, policies as a table,
// 401/403 answers, the trust boundary, OPTIONS and HEAD, local bearer tokens.

#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

#include "sluice/jwt.hpp"
#include "sluice/sluice.hpp"
#include "support/events.hpp"
#include "support/responses.hpp"
#include "support/tokens.hpp"

namespace auth_test {

using test_events::http_request;
using test_responses::body_field;
using test_responses::parse_answer;

/// Everything a handler can learn of its caller, as JSON.
sluice::response whoami(const sluice::principal& p) {
  sluice::json_writer w;
  w.begin_object();
  w.field("source", sluice::describe(p.source()));
  w.field("subject", p.subject());
  w.key("scopes").begin_array();
  p.for_each_scope([&](std::string_view s) { w.value(s); });
  w.end_array().key("groups").begin_array();
  p.for_each_group([&](std::string_view g) { w.value(g); });
  w.end_array();
  const auto text = [&](std::optional<sluice::claim> c) { return c ? c->as_string() : std::nullopt; };
  w.field("email_verified", p.claim_named("email_verified") ? p.claim_named("email_verified")->as_bool() : std::nullopt);
  w.field("age", p.claim_named("age") ? p.claim_named("age")->as_int() : std::nullopt);
  w.field("tier", text(p.context_value("tier")));
  w.field("count", p.context_value("count") ? p.context_value("count")->as_int() : std::nullopt);
  w.field("user_arn", p.iam() ? std::optional<std::string_view>(p.iam()->user_arn) : std::nullopt);
  w.field("account", p.iam() ? std::optional<std::string_view>(p.iam()->account_id) : std::nullopt);
  w.field("api_key", p.api_key());
  w.field("cert_subject", p.client_cert() ? std::optional<std::string_view>(p.client_cert()->subject_dn) : std::nullopt);
  return sluice::json(w.end_object());
}

sluice::response ok() { return sluice::json(R"({"ok":true})"); }

const sluice::jwt_verifier& test_verifier() {
  static const sluice::jwt_verifier v({sluice::jwt_key::hmac("auth-test-secret-of-thirty-two-bytes")}, {.issuer = "https://issuer.test"});
  return v;
}

const auto& guarded() {
  using namespace sluice::auth;
  static const auto app = sluice::app{
      sluice::every_route_declares_auth,
      sluice::options{.bearer = test_verifier().bearer()},
      sluice::route<"GET /open">(ok, none),
      sluice::route<"GET /whoami">(whoami, authenticated),
      sluice::route<"GET /scoped">(ok, any_scope("a", "b")),
      sluice::route<"GET /both">(ok, all_scopes("a", "b")),
      sluice::route<"GET /admins">(ok, group("admin")),
      sluice::route<"GET /tenant">(ok, claim_equals{"tenant", "acme"}),
      sluice::route<"GET /tagged">(ok, claim_contains{"tags", "x"}),
      sluice::route<"GET /gold">(ok, context_equals{"tier", "gold"}),
      sluice::route<"GET /iam">(ok, iam("123456789012", "arn:aws:iam::123456789012:role/ops-*")),
      sluice::route<"GET /keyed">(ok, api_key),
      sluice::route<"GET /verified">(ok, predicate([](const sluice::principal& p, const sluice::request&) {
                                        const auto c = p.claim_named("email_verified");
                                        return c && c->as_bool() == true;
                                      })),
      sluice::route<"GET /combo">(ok, group("admin") || any_scope("pets:admin")),
      sluice::route<"GET /strict">(ok, authenticated && claim_equals{"tenant", "acme"}),
      sluice::route<"GET /local">(whoami, local_token),
      sluice::route<"POST /mixed">(ok, none),
      sluice::route<"GET /mixed">(ok, authenticated),
  };
  return app;
}

std::string jwt_authorizer(std::string_view claims, std::string_view scopes = "null") {
  return R"({"jwt":{"claims":)" + std::string(claims) + R"(,"scopes":)" + std::string(scopes) + "}}";
}

test_responses::http_answer call(const std::string& event) { return parse_answer(guarded().handle(event).payload); }

}  // namespace auth_test

using namespace auth_test;

TEST_CASE("the principal is read from every authorizer shape") {
  struct row {
    const char* name;
    std::string (*make)(const http_request&);
    std::string authorizer;
    std::string identity;
    std::vector<std::pair<std::string, std::string>> expect;  // JSON pointer -> value
  };
  const row rows[] = {
      {"HTTP API JWT authorizer", test_events::http_api_v2,
       jwt_authorizer(R"({"sub":"u1","cognito:groups":"[admin ops]","email_verified":"true","age":"42"})",
                      R"(["pets:write","pets:read"])"),
       "",
       {{"/source", R"("jwt-authorizer")"}, {"/subject", R"("u1")"}, {"/groups", R"(["admin","ops"])"},
        {"/scopes", R"(["pets:write","pets:read"])"}, {"/email_verified", "true"}, {"/age", "42"}}},
      {"HTTP API 1.0 JWT authorizer", test_events::http_api_v1,
       jwt_authorizer(R"({"sub":"u1","scope":"a b"})"), "", {{"/subject", R"("u1")"}, {"/scopes", R"(["a","b"])"}}},
      {"REST Cognito authorizer", test_events::rest_v1,
       R"({"claims":{"sub":"u2","cognito:groups":"admin,ops","email_verified":"false"}})", "",
       {{"/source", R"("cognito-authorizer")"}, {"/subject", R"("u2")"}, {"/groups", R"(["admin","ops"])"},
        {"/email_verified", "false"}}},
      {"REST Lambda authorizer", test_events::rest_v1,
       R"({"principalId":"u3","tier":"gold","count":7,"integrationLatency":12})", "",
       {{"/source", R"("lambda-authorizer")"}, {"/subject", R"("u3")"}, {"/tier", R"("gold")"}, {"/count", "7"}}},
      {"REST Lambda authorizer, stringified", test_events::rest_v1, R"({"principalId":"u3","count":"8"})", "",
       {{"/count", "8"}}},
      {"HTTP API Lambda authorizer", test_events::http_api_v2, R"({"lambda":{"principalId":"u4","tier":"gold"}})", "",
       {{"/source", R"("lambda-authorizer")"}, {"/subject", R"("u4")"}, {"/tier", R"("gold")"}}},
      {"HTTP API IAM", test_events::http_api_v2,
       R"({"iam":{"accessKey":"AK","accountId":"123456789012","callerId":"C","userArn":"arn:aws:iam::123456789012:user/x","userId":"U","cognitoIdentity":null}})",
       "",
       {{"/source", R"("iam")"}, {"/subject", R"("arn:aws:iam::123456789012:user/x")"},
        {"/account", R"("123456789012")"}}},
      {"REST IAM", test_events::rest_v1, "",
       R"("accountId":"123456789012","userArn":"arn:aws:iam::123456789012:role/ops-1","accessKey":"AK","caller":"C")",
       {{"/source", R"("iam")"}, {"/user_arn", R"("arn:aws:iam::123456789012:role/ops-1")"}}},
      {"REST API key with a Lambda authorizer", test_events::rest_v1, R"({"principalId":"svc"})",
       R"("apiKey":"key-1","apiKeyId":"id-1")", {{"/api_key", R"("key-1")"}, {"/subject", R"("svc")"}}},
  };
  for (const row& r : rows) {
    CAPTURE(r.name);
    http_request req;
    req.path = "/whoami";
    req.authorizer = r.authorizer;
    req.identity_extra = r.identity;
    const auto answer = call(r.make(req));
    REQUIRE(answer.status == 200);
    for (const auto& field : r.expect) {
      CAPTURE(field.first);
      CHECK(body_field(answer.body, field.first) == field.second);
    }
  }
}

TEST_CASE("the corpus samples that carry an authorizer give their principal") {
  struct sample {
    const char* file;
    std::vector<std::pair<std::string, std::string>> expect;
  };
  const sample samples[] = {
      {"apigw-v2-request-jwt-authorizer.json",
       {{"/source", R"("jwt-authorizer")"}, {"/scopes", R"(["scope1","scope2"])"},
        {"/cert_subject", R"("C=US,ST=Washington,L=Seattle,O=Amazon Web Services,OU=Security,CN=My Client")"}}},
      {"apigw-v2-request-lambda-authorizer.json", {{"/source", R"("lambda-authorizer")"}}},
      {"apigw-v2-request-iam.json",
       {{"/source", R"("iam")"}, {"/subject", R"("arn:aws:iam::1234567890:user/Admin")"}, {"/account", R"("1234567890")"}}},
      {"lambda-urls-request.json", {{"/source", R"("iam")"}, {"/account", R"("111122223333")"}}},
      {"apigw-request.json",
       {{"/source", R"("lambda-authorizer")"}, {"/subject", R"("admin")"}, {"/api_key", R"("theApiKey")"},
        {"/cert_subject", R"("www.example.com")"}}},
  };
  // an app whose every route asks for a principal, answering on any path
  static const auto app = sluice::app{sluice::route<"ANY /{proxy+}">(whoami, sluice::auth::authenticated),
                                      sluice::route<"ANY /">(whoami, sluice::auth::authenticated)};
  std::size_t seen = 0;
  for (const sample& s : samples) {
    simdjson::padded_string json;
    if (simdjson::padded_string::load(std::string(SLUICE_CORPUS_DIR "/events/aws-lambda-go/") + s.file).get(json)) continue;
    ++seen;
    CAPTURE(s.file);
    const auto answer = parse_answer(app.handle(std::string_view(json)).payload);
    REQUIRE(answer.status == 200);
    for (const auto& field : s.expect) {
      CAPTURE(field.first);
      CHECK(body_field(answer.body, field.first) == field.second);
    }
  }
  if (seen == 0) std::fprintf(stderr, "SKIPPED: no authorizer samples under " SLUICE_CORPUS_DIR "\n");
}

TEST_CASE("policies as a table: 200, 401 with a Bearer challenge, or 403") {
  const std::string admin_jwt = jwt_authorizer(R"({"sub":"a","cognito:groups":"[admin]","tenant":"acme","tags":["x","y"]})",
                                           R"(["a"])");
  const std::string user_jwt = jwt_authorizer(R"({"sub":"u","cognito:groups":"[users]","tenant":"other","email_verified":true})",
                                          R"(["b","c"])");
  const std::string ops_role = R"({"iam":{"accountId":"123456789012","userArn":"arn:aws:iam::123456789012:role/ops-deploy"}})";
  const std::string other_account = R"({"iam":{"accountId":"999999999999","userArn":"arn:aws:iam::999999999999:role/ops-deploy"}})";
  struct row {
    const char* path;
    std::string authorizer;
    int status;
  };
  const row rows[] = {
      {"/open", "", 200},           {"/open", admin_jwt, 200},
      {"/whoami", "", 401},         {"/whoami", user_jwt, 200},
      {"/scoped", "", 401},         {"/scoped", admin_jwt, 200},       {"/scoped", user_jwt, 200},
      {"/both", admin_jwt, 403},        {"/both", jwt_authorizer(R"({"sub":"z"})", R"(["a","b"])"), 200},
      {"/admins", admin_jwt, 200},      {"/admins", user_jwt, 403},        {"/admins", "", 401},
      {"/tenant", admin_jwt, 200},      {"/tenant", user_jwt, 403},
      {"/tagged", admin_jwt, 200},      {"/tagged", user_jwt, 403},
      {"/gold", R"({"lambda":{"tier":"gold"}})", 200}, {"/gold", R"({"lambda":{"tier":"silver"}})", 403},
      {"/iam", ops_role, 200},      {"/iam", other_account, 403},  {"/iam", admin_jwt, 403}, {"/iam", "", 401},
      {"/verified", user_jwt, 200},     {"/verified", admin_jwt, 403},
      {"/combo", admin_jwt, 200},       {"/combo", jwt_authorizer(R"({"sub":"p"})", R"(["pets:admin"])"), 200},
      {"/combo", user_jwt, 403},        {"/combo", "", 401},
      {"/strict", admin_jwt, 200},      {"/strict", user_jwt, 403},        {"/strict", "", 401},
      {"/keyed", "", 403},
  };
  for (const row& r : rows) {
    CAPTURE(r.path);
    CAPTURE(r.authorizer);
    http_request req;
    req.path = r.path;
    req.authorizer = r.authorizer;
    const auto answer = call(test_events::http_api_v2(req));
    CHECK(answer.status == r.status);
    if (r.status == 401) {
      CHECK(answer.header("www-authenticate") == "Bearer");
      CHECK(answer.body == R"({"message":"Unauthorized"})");
    }
    if (r.status == 403) CHECK(answer.body == R"({"message":"Forbidden"})");
  }
  http_request keyed;
  keyed.path = "/keyed";
  keyed.identity_extra = R"("apiKey":"k")";
  CHECK(call(test_events::rest_v1(keyed)).status == 200);
  http_request scoped;
  scoped.path = "/both";
  scoped.authorizer = admin_jwt;
  CHECK(call(test_events::http_api_v2(scoped)).header("www-authenticate") == R"(Bearer error="insufficient_scope")");
}

TEST_CASE("HEAD gets GET's policy; only a CORS preflight is an unauthenticated OPTIONS") {
  http_request r;
  r.path = "/whoami";
  r.method = "HEAD";
  CHECK(call(test_events::http_api_v2(r)).status == 401);
  r.authorizer = jwt_authorizer(R"({"sub":"u"})");
  auto answer = call(test_events::http_api_v2(r));
  CHECK(answer.status == 200);
  CHECK(answer.body.empty());

  http_request options;
  options.method = "OPTIONS";
  options.path = "/whoami";
  CHECK(call(test_events::http_api_v2(options)).status == 401);  // adversarial row P36
  options.headers = {{"Origin", "https://app.example.com"}, {"Access-Control-Request-Method", "GET"}};
  answer = call(test_events::http_api_v2(options));
  CHECK(answer.status == 204);
  CHECK(answer.header("allow") == "GET, HEAD, OPTIONS");
  options.headers.clear();
  options.authorizer = jwt_authorizer(R"({"sub":"u"})");
  CHECK(call(test_events::http_api_v2(options)).status == 204);
  // a path with a public and a protected route: the protected one decides
  options.authorizer.clear();
  options.path = "/mixed";
  CHECK(call(test_events::http_api_v2(options)).status == 401);
  options.path = "/open";
  CHECK(call(test_events::http_api_v2(options)).status == 204);
}

TEST_CASE("no header can stand in for authentication") {
  http_request r;
  r.path = "/whoami";
  r.headers = {{"x-middleware-subrequest", "1"}, {"X-Original-URL", "/open"}, {"X-HTTP-Method-Override", "GET"},
               {"x-amzn-oidc-identity", "admin"}};
  CHECK(call(test_events::http_api_v2(r)).status == 401);  // adversarial rows P34, P39, P40
}

TEST_CASE("an authorizer block of nulls is no caller: a REST API without an authorizer sends one") {
  // what a REST API without an authorizer may send: `"authorizer":{"claims":null,"scopes":null}`
  struct row {
    std::string (*make)(const http_request&);
    const char* authorizer;
  };
  const row rows[] = {
      {test_events::rest_v1, R"({"claims":null,"scopes":null})"},
      {test_events::rest_v1, R"({"claims":null,"scopes":null,"principalId":null})"},
      {test_events::rest_v1, R"({"tier":null})"},
      {test_events::http_api_v2, R"({"jwt":null})"},
      {test_events::http_api_v2, R"({"lambda":null})"},
      {test_events::http_api_v2, R"({"iam":null,"jwt":null,"lambda":null})"},
  };
  for (const row& x : rows) {
    CAPTURE(x.authorizer);
    http_request r;
    r.path = "/whoami";
    r.authorizer = x.authorizer;
    const auto answer = call(x.make(r));
    CHECK(answer.status == 401);
    CHECK(answer.header("www-authenticate") == "Bearer");
  }
  // beside a null, a real authorizer's caller is read as before
  http_request r;
  r.path = "/whoami";
  r.authorizer = R"({"claims":{"sub":"u2"},"scopes":null})";
  auto answer = call(test_events::rest_v1(r));
  CHECK(answer.status == 200);
  CHECK(body_field(answer.body, "/source") == R"("cognito-authorizer")");
  r.authorizer = R"({"jwt":null,"lambda":{"principalId":"u4"}})";
  answer = call(test_events::http_api_v2(r));
  CHECK(answer.status == 200);
  CHECK(body_field(answer.body, "/source") == R"("lambda-authorizer")");
}

TEST_CASE("the trust boundary: an authorizer context from an untrusted API is ignored") {
  static const auto strict = sluice::app{
      sluice::options{.trusted_api_ids = {"abc123"}},
      sluice::route<"GET /whoami">(whoami, sluice::auth::authenticated),
  };
  http_request r;
  r.path = "/whoami";
  r.authorizer = jwt_authorizer(R"({"sub":"forged"})");
  r.api_id = "abc123";
  CHECK(parse_answer(strict.handle(test_events::http_api_v2(r)).payload).status == 200);
  r.api_id = "someone-else";  // adversarial row P41: a direct lambda:Invoke with a forged context
  CHECK(parse_answer(strict.handle(test_events::http_api_v2(r)).payload).status == 401);
}

TEST_CASE("bearer tokens are verified locally where no gateway did") {
  const std::string good = test_tokens::hs256("auth-test-secret-of-thirty-two-bytes", test_tokens::payload(
                                                                      R"("sub":"local-user","iss":"https://issuer.test","scope":"a pets:write")"));
  http_request r;
  r.path = "/whoami";
  r.headers = {{"Authorization", "Bearer " + good}};
  auto answer = call(test_events::function_url(r));
  REQUIRE(answer.status == 200);
  CHECK(body_field(answer.body, "/source") == R"("local-jwt")");
  CHECK(body_field(answer.body, "/subject") == R"("local-user")");
  CHECK(body_field(answer.body, "/scopes") == R"(["a","pets:write"])");
  CHECK(call(test_events::alb(r, true)).status == 200);

  struct row {
    std::string header;
    std::string challenge;
  };
  const std::string forged = test_tokens::hs256("another-secret-of-thirty-two-bytes", test_tokens::payload(R"("iss":"https://issuer.test")"));
  const row rows[] = {
      {"", "Bearer"},
      {"Basic dXNlcjpwYXNz", R"(Bearer error="invalid_request", error_description="the Authorization header is not a Bearer credential")"},
      {"Bearer " + good + ",Bearer " + good, R"(Bearer error="invalid_request", error_description="send exactly one bearer token")"},
      {"Bearer " + forged, R"(Bearer error="invalid_token", error_description="the token's signature does not verify")"},
      {"Bearer not-a-token", R"(Bearer error="invalid_token", error_description="the token is not a signed JWT")"},
  };
  for (const row& x : rows) {
    CAPTURE(x.header);
    http_request bad;
    bad.path = "/whoami";
    if (!x.header.empty()) bad.headers = {{"Authorization", x.header}};
    answer = call(test_events::function_url(bad));
    CHECK(answer.status == 401);
    CHECK(answer.header("www-authenticate") == x.challenge);
  }
  // adversarial row P38: an HTTP API joins two Authorization headers with ','
  const std::string joined = R"({"version":"2.0","rawPath":"/whoami","headers":{"authorization":"Bearer A,Bearer B"},)"
                             R"("requestContext":{"http":{"method":"GET"},"stage":"$default"}})";
  CHECK(call(joined).status == 401);
}

TEST_CASE("a route under local_token verifies the token itself, whatever the gateway said") {
  http_request r;
  r.path = "/local";
  r.authorizer = jwt_authorizer(R"({"sub":"from-gateway"})");
  CHECK(call(test_events::http_api_v2(r)).status == 401);
  r.headers = {{"authorization", "Bearer " + test_tokens::hs256("auth-test-secret-of-thirty-two-bytes",
                                                                  test_tokens::payload(R"("sub":"mine","iss":"https://issuer.test")"))}};
  const auto answer = call(test_events::http_api_v2(r));
  CHECK(answer.status == 200);
  CHECK(body_field(answer.body, "/subject") == R"("mine")");
  CHECK(body_field(answer.body, "/source") == R"("local-jwt")");
}

namespace auth_test_unavailable {

// A verifier that cannot check any token, as jwt_verifier is when libcrypto cannot be loaded.
constexpr std::string_view unavailable_reason = "libcrypto-for-auth-test.so.3 could not be loaded";

sluice::token_outcome cannot_verify(const void*, std::string_view, sluice::detail::auth_data&, sluice::detail::arena&) {
  return {sluice::token_status::unavailable, unavailable_reason};
}

const auto& app() {
  using namespace sluice::auth;
  static const auto app = sluice::app{
      sluice::options{.bearer = sluice::bearer_verifier{nullptr, &cannot_verify}},
      sluice::route<"GET /open">(auth_test::ok, none),
      sluice::route<"GET /whoami">(auth_test::whoami, authenticated),
      sluice::route<"GET /local">(auth_test::whoami, local_token),
  };
  return app;
}

}  // namespace auth_test_unavailable

TEST_CASE("a token the server cannot check is a 500 that blames no one, not a 401") {
  for (const std::string path : {"/whoami", "/local"}) {
    CAPTURE(path);
    http_request r;
    r.path = path;
    r.headers = {{"Authorization", "Bearer " + test_tokens::hs256("auth-test-secret-of-thirty-two-bytes", test_tokens::payload(R"("sub":"u")"))}};
    const auto answer = parse_answer(auth_test_unavailable::app().handle(test_events::function_url(r)).payload);
    CHECK(answer.status == 500);
    CHECK(answer.header("www-authenticate").empty());
    CHECK(answer.body.find("libcrypto") == std::string::npos);  // the reason goes to the log only
    CHECK(body_field(answer.body, "/message") == R"("Internal Server Error")");
    // without a token, the route still asks for one: nothing needed checking
    http_request anonymous;
    anonymous.path = path;
    CHECK(parse_answer(auth_test_unavailable::app().handle(test_events::function_url(anonymous)).payload).status == 401);
  }
  http_request open;
  open.path = "/open";
  open.headers = {{"Authorization", "Bearer x.y.z"}};
  CHECK(parse_answer(auth_test_unavailable::app().handle(test_events::function_url(open)).payload).status == 200);
}
