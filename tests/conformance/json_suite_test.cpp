// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors

// JSONTestSuite (../shared/corpus/json-test-suite/test_parsing): every file as a request body
// bound to a struct, and every file as a whole event. n_ files (must reject) are refused with
// the precise error; y_ files (must accept) are never called invalid JSON; i_ files
// (implementation-defined) are answered either way; nothing crashes or hangs.

#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "sluice/sluice.hpp"
#include "support/events.hpp"
#include "support/responses.hpp"

#ifndef SLUICE_CORPUS_DIR
#define SLUICE_CORPUS_DIR "/work/shared/corpus"
#endif

namespace json_suite_test {

namespace fs = std::filesystem;

struct suite_file {
  std::string name;
  std::string bytes;
};

/// Every test_parsing file, or none after a visible `SKIPPED:` line when the corpus is absent.
const std::vector<suite_file>& suite() {
  static const std::vector<suite_file> files = [] {
    std::vector<suite_file> out;
    const fs::path dir = fs::path(SLUICE_CORPUS_DIR) / "json-test-suite" / "test_parsing";
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
      std::fprintf(stderr, "SKIPPED: JSONTestSuite: no %s\n", dir.string().c_str());
      return out;
    }
    for (const auto& entry : fs::directory_iterator(dir)) {
      if (entry.path().extension() != ".json") continue;
      std::ifstream in(entry.path(), std::ios::binary);
      out.push_back({entry.path().filename().string(),
                     std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>())});
    }
    return out;
  }();
  return files;
}

/// A permissive shape: any of these keys, each optional, so a valid object binds when it has
/// only these keys (others are a 400 naming the field).
struct anything {
  std::optional<std::string_view> a;
  std::optional<double> n;
  static constexpr auto sluice_fields() {
    return sluice::fields(sluice::field<"a">(&anything::a), sluice::field<"n">(&anything::n));
  }
};

const auto& body_app() {
  static const auto app = sluice::app{
      sluice::route<"POST /things">([](sluice::json_body<anything>) { return sluice::text("bound"); }),
  };
  return app;
}

std::string base64(std::string_view bytes) {
  std::string out(sluice::detail::base64_encoded_size(bytes.size()), '\0');
  sluice::detail::base64_encode(bytes, out.data());
  return out;
}

/// The file as the body of a POST: base64 in the event, since files may not be UTF-8.
test_responses::http_answer post(std::string_view bytes) {
  test_events::http_request r;
  r.method = "POST";
  r.path = "/things";
  r.headers = {{"Content-Type", "application/json"}};
  r.body = base64(bytes);
  r.base64 = true;
  const sluice::invocation_result result = body_app().handle(test_events::http_api_v2(r));
  test_responses::http_answer a = test_responses::parse_answer(result.payload);
  if (!a.valid) {  // for the failure message
    a.body = std::string(result.payload) + " | " + std::string(result.error_type) + ": " + std::string(result.error_message);
  }
  return a;
}

std::string message_of(const test_responses::http_answer& a) { return test_responses::body_field(a.body, "/message"); }

}  // namespace json_suite_test

// Calls are qualified: this file shares one unity translation unit with other suites.

TEST_CASE("JSONTestSuite as request bodies: n_ refused as invalid JSON, y_ never, i_ answered") {
  std::size_t counted[3] = {0, 0, 0};
  for (const json_suite_test::suite_file& f : json_suite_test::suite()) {
    CAPTURE(f.name);
    const test_responses::http_answer a = json_suite_test::post(f.bytes);
    CAPTURE(a.body);
    REQUIRE(a.valid);
    const std::string message = json_suite_test::message_of(a);
    switch (f.name[0]) {
      case 'n':
        ++counted[0];
        CHECK(a.status == 400);
        CHECK((message == R"("the body is not valid JSON")" || message == R"("the request needs a JSON body")"));
        break;
      case 'y':
        ++counted[1];
        CHECK((a.status == 200 || a.status == 400));
        CHECK(message != R"("the body is not valid JSON")");
        if (a.status == 200) CHECK(a.body == "bound");
        break;
      case 'i':
        ++counted[2];
        CHECK((a.status == 200 || a.status == 400));
        break;
      default: FAIL("a file that is not n_, y_ or i_");
    }
  }
  if (!json_suite_test::suite().empty()) {
    CHECK(counted[0] == 188);
    CHECK(counted[1] == 95);
    CHECK(counted[2] == 35);
  }
}

TEST_CASE("JSONTestSuite as whole events: n_ files are invalid events, y_ files are not HTTP, none crashes") {
  for (const json_suite_test::suite_file& f : json_suite_test::suite()) {
    CAPTURE(f.name);
    const sluice::invocation_result r = json_suite_test::body_app().handle(f.bytes);
    CHECK_FALSE(r.ok);  // no file of the suite is an HTTP event
    if (f.name[0] == 'n') CHECK(r.error_type == "Sluice.InvalidEvent");
    if (f.name[0] == 'y') CHECK(r.error_type == "Sluice.UnsupportedEvent");
    CHECK_FALSE(r.error_message.empty());
  }
}

TEST_CASE("JSON nesting is bounded: 1,023 levels are read, 1,024 are refused") {
  const auto nested = [](std::size_t levels) {  // an object, then arrays: `levels` in all
    std::string text = R"({"a":)";
    text += std::string(levels - 1, '[');
    text += "1";
    text += std::string(levels - 1, ']');
    text += "}";
    return text;
  };
  // 1,023 levels: read, and refused because the field has the wrong type
  test_responses::http_answer a = json_suite_test::post(nested(1023));
  CHECK(a.status == 400);
  CHECK(json_suite_test::message_of(a).find("body field 'a'") != std::string::npos);
  // 1,024: too deep to be read at all (simdjson's depth limit, 1,024, counts the document too)
  a = json_suite_test::post(nested(1024));
  CHECK(a.status == 400);
  CHECK(json_suite_test::message_of(a) == R"("the body is not valid JSON")");
}
