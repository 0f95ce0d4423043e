// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
// Rule: a greedy parameter {name+} must be the last segment
// expect: a greedy parameter {name+} must be the last segment
#include <optional>
#include <vector>

#include "sluice/route.hpp"

#ifdef SLUICE_BAD
inline auto r = sluice::route<"GET /a/{b+}/c">([] { return sluice::response(); });
#else
inline auto r = sluice::route<"GET /a/{b+}">([] { return sluice::response(); });
#endif
