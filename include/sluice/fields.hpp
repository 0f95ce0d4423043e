// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// Field descriptions: how a user struct maps to a JSON object, with the constraints each
// field must meet. Read by JSON body binding (body.hpp) and by json_writer.

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <vector>

#include "sluice/detail/fixed_string.hpp"

namespace sluice {

/// No constraint beyond the field's type.
struct unconstrained {
  template <class T>
  [[nodiscard]] constexpr bool check(const T&) const noexcept { return true; }
};

/**
 * A string field of `min` to `max` characters (Unicode code points).
 *
 * **Example**: `sluice::field<"name">(&pet::name, sluice::length{1, 64})`
 */
struct length {
  std::size_t min = 0;
  std::size_t max = static_cast<std::size_t>(-1);
};

/**
 * A number field from `min` to `max`, both included.
 *
 * **Example**: `sluice::field<"age">(&pet::age, sluice::range{0, 100})`
 */
struct range {
  long double min;
  long double max;
};

/// One field of a described struct: JSON key `Name`, member `member`, constraint `rule`.
template <fixed_string Name, class Class, class Member, class Rule>
struct field_description {
  static constexpr std::string_view name = Name.view();
  using class_type = Class;
  using member_type = Member;
  Member Class::*member;
  Rule rule;
};

/**
 * Describes one field. `std::optional` members may be absent (or `null`); every other
 * member is required.
 *
 * **Example**:
 * ```
 * struct pet {
 *   std::string_view name;
 *   std::optional<int> age;
 *   static constexpr auto sluice_fields() {
 *     return sluice::fields(sluice::field<"name">(&pet::name, sluice::length{1, 64}),
 *                           sluice::field<"age">(&pet::age, sluice::range{0, 100}));
 *   }
 * };
 * ```
 */
template <fixed_string Name, class Class, class Member, class Rule = unconstrained>
[[nodiscard]] constexpr auto field(Member Class::*member, Rule rule = {}) noexcept {
  return field_description<Name, Class, Member, Rule>{member, rule};
}

/// The list of a struct's fields, returned by its `static constexpr auto sluice_fields()`.
template <class... Fields>
[[nodiscard]] constexpr std::tuple<Fields...> fields(Fields... f) noexcept {
  return {f...};
}

/// A struct that describes its fields with `static constexpr auto sluice_fields()`.
template <class T>
concept described = requires { T::sluice_fields(); };

namespace detail {
template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};

template <class T>
struct is_vector : std::false_type {};
template <class T, class A>
struct is_vector<std::vector<T, A>> : std::true_type {};

template <class T>
concept json_string = std::same_as<T, std::string_view> || std::same_as<T, std::string>;
template <class T>
concept json_integer = std::integral<T> && !std::same_as<T, bool>;
}  // namespace detail

}  // namespace sluice
