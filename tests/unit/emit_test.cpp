// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors

// `--emit openapi`: the document of a route table that uses every kind of parameter, body and
// policy, read back with simdjson's DOM API and compared with what the table declares.

#include <doctest/doctest.h>
#include <simdjson.h>

#include <algorithm>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "echo_app.hpp"
#include "sluice/emit.hpp"
#include "support/emit_app.hpp"

namespace emit_test {

/// `e` as JSON text with object keys sorted, so that documents compare whatever their order.
std::string canonical(simdjson::dom::element e) {
  using simdjson::dom::element_type;
  switch (e.type()) {
    case element_type::OBJECT: {
      std::vector<std::pair<std::string, std::string>> members;
      for (const simdjson::dom::key_value_pair kv : simdjson::dom::object(e)) {
        members.emplace_back(std::string(kv.key), canonical(kv.value));
      }
      std::sort(members.begin(), members.end());
      std::string out = "{";
      for (const auto& [k, v] : members) {
        if (out.size() > 1) out += ',';
        out += '"' + k + "\":" + v;
      }
      return out + '}';
    }
    case element_type::ARRAY: {
      std::string out = "[";
      for (const simdjson::dom::element item : simdjson::dom::array(e)) {
        if (out.size() > 1) out += ',';
        out += canonical(item);
      }
      return out + ']';
    }
    default: return simdjson::minify(e);
  }
}

/// A parsed document (the parser must outlive its elements).
struct document {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  explicit document(const std::string& text) { REQUIRE(parser.parse(text).get(root) == simdjson::SUCCESS); }

  [[nodiscard]] simdjson::dom::element at(std::string_view pointer) const {
    simdjson::dom::element e;
    const auto error = root.at_pointer(pointer).get(e);
    INFO("JSON pointer ", std::string(pointer));
    REQUIRE(error == simdjson::SUCCESS);
    return e;
  }
  [[nodiscard]] bool has(std::string_view pointer) const {
    simdjson::dom::element e;
    return root.at_pointer(pointer).get(e) == simdjson::SUCCESS;
  }
  [[nodiscard]] std::string canonical_at(std::string_view pointer) const { return canonical(at(pointer)); }
};

/// `json` (written by hand in a test) in the canonical form.
std::string expected(std::string_view json) {
  simdjson::dom::parser p;
  simdjson::dom::element e;
  const std::string text(json);
  REQUIRE(p.parse(text).get(e) == simdjson::SUCCESS);
  return canonical(e);
}

std::vector<std::string> keys_of(simdjson::dom::element e) {
  std::vector<std::string> out;
  for (const simdjson::dom::key_value_pair kv : simdjson::dom::object(e)) out.emplace_back(kv.key);
  return out;
}

const std::string sample_text = sluice::openapi_document(emit_sample::app(), "/usr/bin/emit-sample");

TEST_CASE("openapi: version and info, from options::api") {
  const document d(sample_text);
  CHECK(std::string_view(d.at("/openapi")) == "3.1.0");
  CHECK(d.canonical_at("/info") ==
        expected(R"({"title":"Emit sample","version":"2.3.4","description":"Routes of every kind"})"));
  CHECK(d.canonical_at("/x-sluice-default-route") == "true");
}

TEST_CASE("openapi: info defaults to the program's name and 1.0.0") {
  const auto app = sluice::app{sluice::route<"GET /x">([] { return sluice::empty(); })};
  const document d(sluice::openapi_document(app, "./build/bin/my-api"));
  CHECK(d.canonical_at("/info") == expected(R"({"title":"my-api","version":"1.0.0"})"));
  CHECK_FALSE(d.has("/x-sluice-default-route"));
  CHECK_FALSE(d.has("/components/securitySchemes"));
}

TEST_CASE("openapi: exactly the table's paths and methods, ANY expanded to the methods left") {
  const document d(sample_text);
  // (path, method) -> the route key that answers it; $default has no OpenAPI path
  const std::vector<std::pair<std::string, std::string>> want = {
      {"/shops/{shop}/items/{item} get", "GET /shops/{shop}/items/{item}"},
      {"/search get", "GET /search"},
      {"/orders post", "POST /orders"},
      {"/orders/{id} put", "PUT /orders/{id}"},
      {"/blobs/{key} put", "PUT /blobs/{key+}"},
      {"/things get", "GET /things"},
      {"/things delete", "DELETE /things"},
      {"/things put", "ANY /things"},
      {"/things post", "ANY /things"},
      {"/things options", "ANY /things"},
      {"/things head", "ANY /things"},
      {"/things patch", "ANY /things"},
      {"/things trace", "ANY /things"},
      {"/maybe get", "GET /maybe"},
      {"/mixed get", "GET /mixed"},
  };
  std::vector<std::pair<std::string, std::string>> got;
  std::set<std::string> ids;
  std::size_t operations = 0;
  for (const simdjson::dom::key_value_pair path : simdjson::dom::object(d.at("/paths"))) {
    for (const simdjson::dom::key_value_pair op : simdjson::dom::object(path.value)) {
      got.emplace_back(std::string(path.key) + " " + std::string(op.key),
                       std::string(std::string_view(op.value["x-sluice-route"])));
      ids.insert(std::string(std::string_view(op.value["operationId"])));
      ++operations;
    }
  }
  std::sort(got.begin(), got.end());
  auto sorted_want = want;
  std::sort(sorted_want.begin(), sorted_want.end());
  CHECK(got == sorted_want);
  CHECK(ids.size() == operations);  // operationIds are unique
  CHECK(std::string_view(d.at("/paths/~1orders~1{id}/put/operationId")) == "putOrdersById");
}

TEST_CASE("openapi: path parameters typed from path<>, the greedy one marked") {
  const document d(sample_text);
  CHECK(d.canonical_at("/paths/~1shops~1{shop}~1items~1{item}/get/parameters") == expected(R"([
    {"name":"shop","in":"path","required":true,
     "schema":{"type":"integer","format":"int32","minimum":-2147483648,"maximum":2147483647}},
    {"name":"item","in":"path","required":true,
     "schema":{"type":"integer","format":"int64","minimum":1,"maximum":999}}])"));
  const simdjson::dom::element blob = d.at("/paths/~1blobs~1{key}/put/parameters/0");
  CHECK(std::string_view(blob["name"]) == "key");
  CHECK(std::string_view(blob["in"]) == "path");
  CHECK(bool(blob["x-sluice-greedy"]));
  CHECK(canonical(blob["schema"]) == expected(R"({"type":"string"})"));
  CHECK(d.canonical_at("/paths/~1orders~1{id}/put/parameters/0/schema") ==
        expected(R"({"type":"integer","minimum":0,"maximum":18446744073709551615})"));
}

TEST_CASE("openapi: query, header and cookie parameters, required only when they must be sent") {
  const document d(sample_text);
  CHECK(d.canonical_at("/paths/~1search/get/parameters") == expected(R"([
    {"name":"q","in":"query","required":true,"schema":{"type":"string"}},
    {"name":"page","in":"query","required":false,"schema":{"type":"integer","minimum":0,"maximum":65535}},
    {"name":"exact","in":"query","required":false,"schema":{"type":"boolean","default":false}},
    {"name":"tag","in":"query","required":false,"style":"form","explode":true,
     "schema":{"type":"array","items":{"type":"integer","format":"int32","minimum":-2147483648,"maximum":2147483647}}},
    {"name":"x-trace","in":"header","required":false,"schema":{"type":"number","format":"double"}},
    {"name":"session","in":"cookie","required":true,"schema":{"type":"string"}}])"));
}

TEST_CASE("openapi: body schemas from sluice_fields(), nested structs as components") {
  const document d(sample_text);
  CHECK(d.canonical_at("/paths/~1orders/post/requestBody") ==
        expected(R"({"required":true,"content":{"application/json":{"schema":{"$ref":"#/components/schemas/Order"}}}})"));
  CHECK(d.canonical_at("/components/schemas/Order") == expected(R"({
    "type":"object","additionalProperties":false,
    "required":["quantity","price","gift","notes","stops"],
    "properties":{
      "quantity":{"type":"integer","format":"int32","minimum":1,"maximum":50},
      "price":{"type":"number","format":"double","minimum":0,"maximum":1000.5},
      "gift":{"type":"boolean"},
      "notes":{"type":"array","items":{"type":"string"}},
      "ship_to":{"anyOf":[{"$ref":"#/components/schemas/emit_sample.address"},{"type":"null"}]},
      "stops":{"type":"array","items":{"$ref":"#/components/schemas/emit_sample.address"}}}})"));
  CHECK(d.canonical_at("/components/schemas/emit_sample.address") == expected(R"({
    "type":"object","additionalProperties":false,"required":["city"],
    "properties":{"city":{"type":"string","minLength":2,"maxLength":80},"zip":{"type":["string","null"]}}})"));
  CHECK(d.canonical_at("/paths/~1blobs~1{key}/put/requestBody") == expected(R"({"content":{"*/*":{"schema":{}}}})"));
  CHECK_FALSE(d.has("/paths/~1search/get/requestBody"));
}

TEST_CASE("openapi: security from the routes' policies") {
  const document d(sample_text);
  const std::vector<std::pair<std::string, std::string>> rows = {
      {"/paths/~1shops~1{shop}~1items~1{item}/get/security", "[]"},
      {"/paths/~1orders/post/security", R"([{"bearer":["orders:write"]},{"bearer":["admin"]}])"},
      {"/paths/~1orders~1{id}/put/security", R"([{"bearer":["orders:read","orders:write"]}])"},
      {"/paths/~1blobs~1{key}/put/security", R"([{"sigv4":[]}])"},
      {"/paths/~1things/get/security", R"([{"bearer":[]}])"},
      {"/paths/~1things/patch/security", R"([{"apiKey":[]}])"},
      {"/paths/~1things/delete/security", R"([{"bearer":[]}])"},
      {"/paths/~1maybe/get/security", "[]"},
      {"/paths/~1mixed/get/security", R"([{"sigv4":[]},{"bearer":["mixed:read"]}])"},
  };
  for (const auto& row : rows) {
    const std::string pointer = row.first;
    const std::string want = row.second;
    INFO(pointer);
    CHECK(d.canonical_at(pointer) == expected(want));
  }
  // what the schemes cannot say is said in words
  const std::string_view rule = d.at("/paths/~1orders~1{id}/put/description");
  CHECK(rule.find("cognito:groups contains ops") != std::string_view::npos);
  const std::string_view iam_rule = d.at("/paths/~1blobs~1{key}/put/description");
  CHECK(iam_rule.find("123456789012") != std::string_view::npos);
  auto schemes = keys_of(d.at("/components/securitySchemes"));
  std::sort(schemes.begin(), schemes.end());
  CHECK(schemes == std::vector<std::string>{"apiKey", "bearer", "sigv4"});
  CHECK(d.canonical_at("/components/securitySchemes/apiKey") ==
        expected(R"({"type":"apiKey","name":"x-api-key","in":"header"})"));
  CHECK(std::string_view(d.at("/components/securitySchemes/sigv4/x-amazon-apigateway-authtype")) == "awsSigv4");
  CHECK(std::string_view(d.at("/components/securitySchemes/bearer/scheme")) == "bearer");
}

TEST_CASE("openapi: the answers sluice gives itself, per route") {
  const document d(sample_text);
  const std::vector<std::pair<std::string, std::vector<std::string>>> rows = {
      {"/paths/~1shops~1{shop}~1items~1{item}/get/responses", {"2XX", "400", "500"}},
      {"/paths/~1orders/post/responses", {"2XX", "400", "401", "403", "413", "415", "500"}},
      {"/paths/~1maybe/get/responses", {"2XX", "400", "500"}},
      {"/paths/~1things/get/responses", {"2XX", "400", "401", "403", "500"}},
  };
  for (const auto& row : rows) {
    const std::string pointer = row.first;
    INFO(pointer);
    auto keys = keys_of(d.at(pointer));
    std::sort(keys.begin(), keys.end());
    CHECK(keys == row.second);
  }
  CHECK(d.canonical_at("/paths/~1orders/post/responses/401") ==
        expected(R"({"$ref":"#/components/responses/Unauthorized"})"));
}

TEST_CASE("openapi: the error schema is the body sluice::error sends") {
  const document d(sample_text);
  sluice::worker w;
  w.begin();
  const sluice::detail::arena_scope scope(w.arena());
  const sluice::response answer = sluice::error(413, "the body is larger than 1024 bytes");
  const std::string body(answer.body());
  const document sent(body);
  auto sent_keys = keys_of(sent.root);
  CHECK(sent_keys == std::vector<std::string>{"message"});
  CHECK(d.canonical_at("/components/schemas/sluice.error/required") == expected(R"(["message"])"));
  CHECK(keys_of(d.at("/components/schemas/sluice.error/properties")) == sent_keys);
  CHECK(std::string_view(d.at("/components/schemas/sluice.error/properties/message/type")) == "string");
  CHECK(std::string_view(d.at("/components/responses/PayloadTooLarge/content/application~1json/schema/$ref")) ==
        "#/components/schemas/sluice.error");
}

TEST_CASE("openapi: sluice-echo's table") {
  const document d(sluice::openapi_document(echo::app(), "sluice-echo"));
  std::size_t operations = 0;
  for (const simdjson::dom::key_value_pair path : simdjson::dom::object(d.at("/paths"))) {
    operations += keys_of(path.value).size();
  }
  // 14 routes, one of them ANY /files/{key+} for the eight methods
  CHECK(operations == 13 + 8);
  CHECK(d.canonical_at("/paths/~1pets~1{id}/delete/security") == expected(R"([{"bearer":[]}])"));
  CHECK(d.canonical_at("/paths/~1pets/post/security") == expected(R"([{"bearer":["pets:write"]}])"));
}

}  // namespace emit_test

namespace emit_test {

TEST_CASE("openapi: operationIds that would clash are numbered in declaration order") {
  const auto app = sluice::app{sluice::route<"GET /a-b">([] { return sluice::empty(); }),
                               sluice::route<"GET /a_b">([] { return sluice::empty(); }),
                               sluice::route<"GET /a.b">([] { return sluice::empty(); })};
  const document d(sluice::openapi_document(app, "ids"));
  CHECK(std::string_view(d.at("/paths/~1a-b/get/operationId")) == "getAB");
  CHECK(std::string_view(d.at("/paths/~1a_b/get/operationId")) == "getAB2");
  CHECK(std::string_view(d.at("/paths/~1a.b/get/operationId")) == "getAB3");
}

TEST_CASE("openapi: a public policy under && adds no requirement") {
  const auto app = sluice::app{
      sluice::route<"GET /x">([] { return sluice::empty(); }, sluice::auth::none && sluice::auth::iam()),
      sluice::route<"GET /y">([] { return sluice::empty(); }, sluice::auth::api_key && sluice::auth::any_scope("a", "b"))};
  const document d(sluice::openapi_document(app, "and"));
  CHECK(d.canonical_at("/paths/~1x/get/security") == expected(R"([{"sigv4":[]}])"));
  CHECK(d.canonical_at("/paths/~1y/get/security") ==
        expected(R"([{"apiKey":[],"bearer":["a"]},{"apiKey":[],"bearer":["b"]}])"));
}

TEST_CASE("openapi: routes that differ only by a greedy parameter share a path, each method once") {
  const auto app = sluice::app{sluice::route<"GET /f/{key}">([] { return sluice::text("one"); }),
                               sluice::route<"GET /f/{key+}">([] { return sluice::text("more"); }),
                               sluice::route<"ANY /f/{key+}">([] { return sluice::text("any"); })};
  const std::string text = sluice::openapi_document(app, "greedy");
  CHECK(text.find("\"get\":", text.find("\"get\":") + 1) == std::string::npos);  // one "get" key
  const document d(text);
  CHECK(std::string_view(d.at("/paths/~1f~1{key}/get/x-sluice-route")) == "GET /f/{key}");
  CHECK(std::string_view(d.at("/paths/~1f~1{key}/put/x-sluice-route")) == "ANY /f/{key+}");
  CHECK(keys_of(d.at("/paths")).size() == 1);
}

TEST_CASE("sam: CodeUri from options::api, strings quoted") {
  const auto app = sluice::app{sluice::options{.api = {.title = "Quote \"me\"", .code_uri = "dist/api: v2.zip"}},
                               sluice::route<"GET /x">([] { return sluice::empty(); })};
  const std::string text = sluice::sam_template(app, "/opt/bin/api");
  CHECK(text.find("      CodeUri: \"dist/api: v2.zip\"\n") != std::string::npos);
  CHECK(text.find("Description: \"Quote \\\"me\\\" 1.0.0\"\n") != std::string::npos);
  CHECK(text.find("# Generated by `api --emit sam`") == 0);
  CHECK(text.find("JwtAuthorizer") == std::string::npos);  // no route needs it
}

}  // namespace emit_test
