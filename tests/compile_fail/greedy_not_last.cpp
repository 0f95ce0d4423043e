// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
// Rule: a greedy parameter {name+} must be the last segment
// expect: a greedy parameter {name+} must be the last segment
#include "sluice/router.hpp"

#ifdef SLUICE_BAD
static_assert(sluice::router<"GET /files/{key+}/raw">::is_valid);
#else
static_assert(sluice::router<"GET /files/{key+}">::is_valid);
#endif
