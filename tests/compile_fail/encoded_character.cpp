// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
// Rule: the path has a character no request path can match
// expect: the path has a character no request path can match
#include "sluice/router.hpp"

#ifdef SLUICE_BAD
static_assert(sluice::router<"GET /a%2Fb">::is_valid);
#else
static_assert(sluice::router<"GET /a-b">::is_valid);
#endif
