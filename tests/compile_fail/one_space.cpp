// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
// Rule: write the key as 'METHOD /path', with exactly one space
// expect: write the key as 'METHOD /path', with exactly one space
#include "sluice/router.hpp"

#ifdef SLUICE_BAD
static_assert(sluice::router<"GET  /pets">::is_valid);
#else
static_assert(sluice::router<"GET /pets">::is_valid);
#endif
