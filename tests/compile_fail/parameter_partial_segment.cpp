// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
// Rule: a parameter must be a whole segment
// expect: a parameter must be a whole segment
#include "sluice/router.hpp"

#ifdef SLUICE_BAD
static_assert(sluice::router<"GET /pets/{id}.json">::is_valid);
#else
static_assert(sluice::router<"GET /pets/{id}/json">::is_valid);
#endif
