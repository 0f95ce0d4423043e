// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
// Rule: segments never match: requests with them get 400
// expect: segments never match: requests with them get 400
#include "sluice/router.hpp"

#ifdef SLUICE_BAD
static_assert(sluice::router<"GET /a/../b">::is_valid);
#else
static_assert(sluice::router<"GET /a/b">::is_valid);
#endif
