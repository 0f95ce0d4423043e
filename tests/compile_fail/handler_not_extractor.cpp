// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
// Rule: a handler parameter must be an extractor
// expect: a handler parameter must be an extractor
#include <optional>
#include <vector>

#include "sluice/route.hpp"

#ifdef SLUICE_BAD
inline auto r = sluice::route<"GET /pets">([](int) { return sluice::response(); });
#else
inline auto r = sluice::route<"GET /pets">([](const sluice::request&) { return sluice::response(); });
#endif
