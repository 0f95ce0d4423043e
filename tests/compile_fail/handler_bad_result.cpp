// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
// Rule: a handler must return sluice::response
// expect: a handler must return sluice::response
#include <optional>
#include <vector>

#include "sluice/route.hpp"

#ifdef SLUICE_BAD
inline auto r = sluice::route<"GET /pets">([] { return 42; });
#else
inline auto r = sluice::route<"GET /pets">([] { return sluice::response(204); });
#endif
