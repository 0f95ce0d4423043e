// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
// Rule: a handler takes at most one body extractor
// expect: a handler takes at most one body extractor
#include <optional>
#include <vector>

#include "sluice/route.hpp"

#ifdef SLUICE_BAD
inline auto r = sluice::route<"POST /pets">([](sluice::raw_body, sluice::raw_body) { return sluice::response(); });
#else
inline auto r = sluice::route<"POST /pets">([](sluice::raw_body) { return sluice::response(); });
#endif
