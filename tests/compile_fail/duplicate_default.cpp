// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
// Rule: two routes have the same method and path
// expect: two routes have the same method and path
#include "sluice/router.hpp"

#ifdef SLUICE_BAD
static_assert(sluice::router<"$default", "GET /a", "$default">::is_valid);
#else
static_assert(sluice::router<"$default", "GET /a">::is_valid);
#endif
