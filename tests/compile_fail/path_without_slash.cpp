// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
// Rule: the path must start with '/'
// expect: the path must start with '/'
#include "sluice/router.hpp"

#ifdef SLUICE_BAD
static_assert(sluice::router<"GET pets">::is_valid);
#else
static_assert(sluice::router<"GET /pets">::is_valid);
#endif
