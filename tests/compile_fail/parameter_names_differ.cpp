// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
// Rule: two routes name the parameter at the same position differently
// expect: two routes name the parameter at the same position differently
#include "sluice/router.hpp"

#ifdef SLUICE_BAD
static_assert(sluice::router<"GET /pets/{id}", "DELETE /pets/{petId}/toys">::is_valid);
#else
static_assert(sluice::router<"GET /pets/{id}", "DELETE /pets/{id}/toys">::is_valid);
#endif
