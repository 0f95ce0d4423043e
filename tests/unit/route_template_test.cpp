// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors

// Route keys in API Gateway syntax, parsed at compile time (checked here at run time too,
// so failures print the key).

#include <doctest/doctest.h>

#include <string_view>

#include "sluice/detail/route_template.hpp"

using sluice::detail::parse_route_template;
using sluice::detail::route_error;
using sluice::detail::segment_kind;

TEST_CASE("well-formed keys give their method, segments and parameters") {
  constexpr auto t = parse_route_template("GET /pets/{id}/toys/{rest+}");
  static_assert(t.error == route_error::none);
  static_assert(t.verb == sluice::method::get && !t.any_method);
  static_assert(t.segment_count == 4 && t.param_count == 2 && t.has_greedy());
  static_assert(t.param_index("id") == 0 && t.param_index("rest") == 1 && t.param_index("toys") == -1);
  static_assert(t.param_name(1) == "rest");
  CHECK(t.path == "/pets/{id}/toys/{rest+}");
  CHECK(t.segments[0].kind == segment_kind::literal);
  CHECK(t.segments[0].text == "pets");
  CHECK(t.segments[1].kind == segment_kind::param);
  CHECK(t.segments[3].kind == segment_kind::greedy);

  constexpr auto any = parse_route_template("ANY /");
  static_assert(any.any_method && any.segment_count == 0);
  constexpr auto def = parse_route_template("$default");
  static_assert(def.is_default && def.any_method);
  constexpr auto slash = parse_route_template("GET /repos/{p1}/milestones/");
  static_assert(slash.segment_count == 4 && slash.segments[3].text.empty());
  constexpr auto chars = parse_route_template("GET /a:b/@c/~d/e;f=g/h.json/caf\xC3\xA9");
  static_assert(chars.error == route_error::none);
}

TEST_CASE("malformed keys name the problem and where it is") {
  struct row {
    std::string_view key;
    route_error error;
    std::size_t position;
  };
  const row rows[] = {
      {"FETCH /a", route_error::unknown_method, 0},
      {"get /a", route_error::unknown_method, 0},
      {"/a", route_error::unknown_method, 0},
      {"GET", route_error::missing_space_after_method, 0},
      {"GET  /a", route_error::missing_space_after_method, 4},
      {"GET a", route_error::path_must_start_with_slash, 4},
      {"GET /a//b", route_error::empty_segment, 7},
      {"GET /{}", route_error::parameter_name_is_empty, 5},
      {"GET /{+}", route_error::parameter_name_is_empty, 5},
      {"GET /{a b}", route_error::parameter_name_is_invalid, 7},
      {"GET /x{id}", route_error::parameter_must_be_whole_segment, 5},
      {"GET /{id}.json", route_error::parameter_must_be_whole_segment, 5},
      {"GET /{id", route_error::parameter_must_be_whole_segment, 5},
      {"GET /{a+}/b", route_error::greedy_parameter_must_be_last, 9},
      {"GET /{a}/{a}", route_error::duplicate_parameter_name, 9},
      {"GET /a?b", route_error::invalid_character, 6},
      {"GET /a%2F", route_error::invalid_character, 6},
      {"GET /a b", route_error::invalid_character, 6},
      {"GET /a/..", route_error::dot_segment, 7},
  };
  for (const row& r : rows) {
    CAPTURE(r.key);
    const auto t = parse_route_template(r.key);
    CHECK(t.error == r.error);
    CHECK(t.error_position == r.position);
  }
}
