// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
// Rule: a query parameter cannot be read as this type
// expect: a query parameter cannot be read as this type
#include <optional>
#include <vector>

#include "sluice/route.hpp"

#ifdef SLUICE_BAD
inline auto r = sluice::route<"GET /pets">([](sluice::query<"tags", std::vector<int>>) { return sluice::response(); });
#else
inline auto r = sluice::route<"GET /pets">([](sluice::query<"tags", std::optional<int>>) { return sluice::response(); });
#endif
