// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
// Rule: two parameters of one route have the same name
// expect: two parameters of one route have the same name
#include "sluice/router.hpp"

#ifdef SLUICE_BAD
static_assert(sluice::router<"GET /a/{id}/b/{id}">::is_valid);
#else
static_assert(sluice::router<"GET /a/{id}/b/{other}">::is_valid);
#endif
