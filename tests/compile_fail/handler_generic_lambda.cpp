// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
// Rule: parameters must have concrete types
// expect: parameters must have concrete types
#include <optional>
#include <vector>

#include "sluice/route.hpp"

#ifdef SLUICE_BAD
inline auto r = sluice::route<"GET /pets/{id}">([](auto) { return sluice::response(); });
#else
inline auto r = sluice::route<"GET /pets/{id}">([](sluice::path<"id">) { return sluice::response(); });
#endif
