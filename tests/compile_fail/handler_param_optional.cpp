// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
// Rule: a path parameter is always present; drop the std::optional
// expect: a path parameter is always present; drop the std::optional
#include <optional>
#include <vector>

#include "sluice/route.hpp"

#ifdef SLUICE_BAD
inline auto r = sluice::route<"GET /pets/{id}">([](sluice::path<"id", std::optional<int>>) { return sluice::response(); });
#else
inline auto r = sluice::route<"GET /pets/{id}">([](sluice::path<"id", int>) { return sluice::response(); });
#endif
