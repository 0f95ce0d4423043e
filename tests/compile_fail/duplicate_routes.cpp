// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
// Rule: two routes have the same method and path
// expect: two routes have the same method and path
#include "sluice/router.hpp"

#ifdef SLUICE_BAD
static_assert(sluice::router<"GET /pets", "POST /pets", "GET /pets">::is_valid);
#else
static_assert(sluice::router<"GET /pets", "POST /pets", "PUT /pets">::is_valid);
#endif
