// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors

// Text to typed values for path, query, header and cookie parameters.

#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "sluice/param_traits.hpp"

namespace {
template <class T>
bool reads(std::string_view text, T expected) {
  T v{};
  return sluice::param_traits<T>::parse(text, v) && v == expected;
}
template <class T>
bool refuses(std::string_view text) {
  T v{};
  return !sluice::param_traits<T>::parse(text, v);
}
}  // namespace

TEST_CASE("integers: whole text, decimal, in range") {
  CHECK(reads<std::uint64_t>("18446744073709551615", UINT64_MAX));
  CHECK(reads<std::uint64_t>("007", 7));
  CHECK(refuses<std::uint64_t>("18446744073709551616"));
  CHECK(refuses<std::uint64_t>("-1"));
  CHECK(refuses<std::uint64_t>("+1"));
  CHECK(refuses<std::uint64_t>(""));
  CHECK(refuses<std::uint64_t>("12abc"));
  CHECK(refuses<std::uint64_t>(" 1"));
  CHECK(refuses<std::uint64_t>("0x10"));
  CHECK(reads<std::int32_t>("-2147483648", INT32_MIN));
  CHECK(refuses<std::int32_t>("2147483648"));
  CHECK(refuses<std::uint8_t>("256"));
  CHECK(sluice::param_traits<std::uint64_t>::description == "an unsigned 64-bit integer");
  CHECK(sluice::param_traits<std::int8_t>::description == "an 8-bit integer");
  CHECK(sluice::param_traits<int>::description == "a 32-bit integer");
}

TEST_CASE("numbers, booleans and text") {
  CHECK(reads<double>("1.5", 1.5));
  CHECK(reads<double>("-2e3", -2000.0));
  CHECK(refuses<double>("inf"));
  CHECK(refuses<double>("nan"));
  CHECK(refuses<double>("1.5x"));
  CHECK(reads<bool>("true", true));
  CHECK(reads<bool>("false", false));
  CHECK(refuses<bool>("1"));
  CHECK(refuses<bool>("True"));
  CHECK(reads<std::string_view>("caf\xC3\xA9", std::string_view("caf\xC3\xA9")));
  CHECK(refuses<std::string_view>("\xFF"));
  CHECK(reads<std::string>("x", std::string("x")));
}

TEST_CASE("bounded numbers name their range") {
  using limit = sluice::bounded<unsigned, 0, 100>;
  limit v;
  CHECK(sluice::param_traits<limit>::parse("100", v));
  CHECK(v == 100u);
  CHECK_FALSE(sluice::param_traits<limit>::parse("101", v));
  CHECK_FALSE(sluice::param_traits<limit>::parse("-1", v));
  CHECK(sluice::param_traits<limit>::description == "an integer from 0 to 100");
  CHECK(sluice::param_traits<sluice::bounded<int, -5, 5>>::description == "an integer from -5 to 5");
  CHECK(sluice::param_traits<sluice::bounded<double, 0, 1>>::description == "a number from 0 to 1");
}
