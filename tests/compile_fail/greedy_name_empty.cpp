// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
// Rule: a parameter needs a name: {name} or {name+}
// expect: a parameter needs a name: {name} or {name+}
#include "sluice/router.hpp"

#ifdef SLUICE_BAD
static_assert(sluice::router<"GET /files/{+}">::is_valid);
#else
static_assert(sluice::router<"GET /files/{key+}">::is_valid);
#endif
