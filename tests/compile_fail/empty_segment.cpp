// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
// Rule: the path has an empty segment ('//')
// expect: the path has an empty segment ('//')
#include "sluice/router.hpp"

#ifdef SLUICE_BAD
static_assert(sluice::router<"GET /pets//toys">::is_valid);
#else
static_assert(sluice::router<"GET /pets/toys">::is_valid);
#endif
