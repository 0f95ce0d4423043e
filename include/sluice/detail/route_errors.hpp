// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// Compile-time rules of route tables (DESIGN section 2, items 6 and 7). Each rule is a type
// named after it; the compiler prints the type with the offending route key(s) and, for
// malformed keys, the position of the problem, followed by the message.

#include <cstddef>

#include "sluice/detail/fixed_string.hpp"
#include "sluice/detail/route_template.hpp"

namespace sluice::errors {

// NOLINTBEGIN(readability-identifier-naming)
template <fixed_string Route, std::size_t Position>
struct route_method_is_unknown {
  static_assert(detail::always_false<decltype(Route)>,
                "sluice::route: the method must be GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS or ANY "
                "(upper case), or the whole key must be $default");
};
template <fixed_string Route, std::size_t Position>
struct route_key_needs_one_space {
  static_assert(detail::always_false<decltype(Route)>,
                "sluice::route: write the key as 'METHOD /path', with exactly one space");
};
template <fixed_string Route, std::size_t Position>
struct route_path_must_start_with_slash {
  static_assert(detail::always_false<decltype(Route)>, "sluice::route: the path must start with '/'");
};
template <fixed_string Route, std::size_t Position>
struct route_has_empty_segment {
  static_assert(detail::always_false<decltype(Route)>, "sluice::route: the path has an empty segment ('//')");
};
template <fixed_string Route, std::size_t Position>
struct route_parameter_name_is_empty {
  static_assert(detail::always_false<decltype(Route)>,
                "sluice::route: a parameter needs a name: {name} or {name+}");
};
template <fixed_string Route, std::size_t Position>
struct route_parameter_name_is_invalid {
  static_assert(detail::always_false<decltype(Route)>,
                "sluice::route: a parameter name uses only letters, digits, '_' and '-'");
};
template <fixed_string Route, std::size_t Position>
struct route_parameter_must_be_whole_segment {
  static_assert(detail::always_false<decltype(Route)>,
                "sluice::route: a parameter must be a whole segment: /{id}, not /x{id} or /{id}.json");
};
template <fixed_string Route, std::size_t Position>
struct route_greedy_parameter_must_be_last {
  static_assert(detail::always_false<decltype(Route)>,
                "sluice::route: a greedy parameter {name+} must be the last segment");
};
template <fixed_string Route, std::size_t Position>
struct route_parameter_name_is_repeated {
  static_assert(detail::always_false<decltype(Route)>,
                "sluice::route: two parameters of one route have the same name");
};
template <fixed_string Route, std::size_t Position>
struct route_has_invalid_character {
  static_assert(detail::always_false<decltype(Route)>,
                "sluice::route: the path has a character no request path can match; write routes "
                "decoded, without '%', '?', '#', '\\', spaces or control characters");
};
template <fixed_string Route, std::size_t Position>
struct route_has_dot_segment {
  static_assert(detail::always_false<decltype(Route)>,
                "sluice::route: '.' and '..' segments never match: requests with them get 400");
};
template <fixed_string Route, std::size_t Position>
struct route_is_too_long {
  static_assert(detail::always_false<decltype(Route)>,
                "sluice::route: a route has at most 32 segments and 16 parameters");
};

template <fixed_string First, fixed_string Second>
struct routes_are_duplicates {
  static_assert(detail::always_false<decltype(First)>,
                "sluice::app: two routes have the same method and path");
};
template <fixed_string First, fixed_string Second>
struct route_parameters_conflict {
  static_assert(detail::always_false<decltype(First)>,
                "sluice::app: two routes name the parameter at the same position differently; "
                "use one name for it");
};
// NOLINTEND(readability-identifier-naming)

}  // namespace sluice::errors

namespace sluice::detail {

/// Instantiates the rule a malformed key breaks; true when the key is well formed.
template <fixed_string Key>
constexpr bool check_route_key() noexcept {
  constexpr route_template t = parse_route_template(Key.view());
  constexpr std::size_t p = t.error_position;
  using enum route_error;
  if constexpr (t.error == unknown_method) (void)errors::route_method_is_unknown<Key, p>{};
  else if constexpr (t.error == missing_space_after_method) (void)errors::route_key_needs_one_space<Key, p>{};
  else if constexpr (t.error == path_must_start_with_slash) (void)errors::route_path_must_start_with_slash<Key, p>{};
  else if constexpr (t.error == empty_segment) (void)errors::route_has_empty_segment<Key, p>{};
  else if constexpr (t.error == parameter_name_is_empty) (void)errors::route_parameter_name_is_empty<Key, p>{};
  else if constexpr (t.error == parameter_name_is_invalid) (void)errors::route_parameter_name_is_invalid<Key, p>{};
  else if constexpr (t.error == parameter_must_be_whole_segment) (void)errors::route_parameter_must_be_whole_segment<Key, p>{};
  else if constexpr (t.error == greedy_parameter_must_be_last) (void)errors::route_greedy_parameter_must_be_last<Key, p>{};
  else if constexpr (t.error == duplicate_parameter_name) (void)errors::route_parameter_name_is_repeated<Key, p>{};
  else if constexpr (t.error == invalid_character) (void)errors::route_has_invalid_character<Key, p>{};
  else if constexpr (t.error == dot_segment) (void)errors::route_has_dot_segment<Key, p>{};
  else if constexpr (t.error == too_many_segments || t.error == too_many_parameters) (void)errors::route_is_too_long<Key, p>{};
  return t.error == none;
}

}  // namespace sluice::detail
