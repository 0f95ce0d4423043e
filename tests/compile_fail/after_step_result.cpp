// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
// Rule: an after step changes the response it is given and returns nothing
// expect: an after step changes the response it is given (sluice::response&) and returns void
#include "sluice/route.hpp"

#ifdef SLUICE_BAD
inline const auto step = sluice::after([](const sluice::response& r) { return r.status(); });
#else
inline const auto step = sluice::after([](sluice::response& r) { r.header("X-Status", "seen"); });
#endif
