// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
// Rule: a path parameter cannot be read as this type
// expect: a path parameter cannot be read as this type
#include <optional>
#include <vector>

#include "sluice/route.hpp"

#ifdef SLUICE_BAD
inline auto r = sluice::route<"GET /pets/{id}">([](sluice::path<"id", std::vector<int>>) { return sluice::response(); });
#else
inline auto r = sluice::route<"GET /pets/{id}">([](sluice::path<"id", long>) { return sluice::response(); });
#endif
