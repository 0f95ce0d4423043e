// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors

// An app with one route, given one HTTP API event: the answer must be its handler's.

#include <sluice/sluice.hpp>

#include <cstdio>
#include <string_view>

int main() {
  static const auto app = sluice::app{
      sluice::route<"GET /greetings/{name}">([](sluice::path<"name"> name) {
        return sluice::json(sluice::json_writer{}.begin_object().field("hello", *name).end_object());
      }),
  };
  constexpr std::string_view event =
      R"({"version":"2.0","routeKey":"$default","rawPath":"/greetings/ada","rawQueryString":"",)"
      R"("headers":{},"requestContext":{"http":{"method":"GET","path":"/greetings/ada"},)"
      R"("requestId":"test-package","stage":"$default"},"isBase64Encoded":false})";
  const std::string_view answer = app.handle(event).payload;
  std::printf("%.*s\n", static_cast<int>(answer.size()), answer.data());
  constexpr std::string_view expected = R"("body":"{\"hello\":\"ada\"}")";
  return answer.find(R"("statusCode":200)") != std::string_view::npos &&
                 answer.find(expected) != std::string_view::npos
             ? 0
             : 1;
}
