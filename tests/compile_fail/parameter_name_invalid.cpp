// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
// Rule: a parameter name uses only letters, digits, '_' and '-'
// expect: a parameter name uses only letters, digits, '_' and '-'
#include "sluice/router.hpp"

#ifdef SLUICE_BAD
static_assert(sluice::router<"GET /pets/{pet id}">::is_valid);
#else
static_assert(sluice::router<"GET /pets/{pet_id}">::is_valid);
#endif
