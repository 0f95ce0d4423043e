// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
// Rule: the method must be GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS or ANY
// expect: the method must be GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS or ANY
#include "sluice/router.hpp"

#ifdef SLUICE_BAD
static_assert(sluice::router<"/pets">::is_valid);
#else
static_assert(sluice::router<"ANY /pets">::is_valid);
#endif
