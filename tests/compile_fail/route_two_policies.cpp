// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
// Rule: a route has one auth policy (policies compose with && and ||)
// expect: a route has one auth policy
#include "sluice/route.hpp"

inline sluice::response ok() { return sluice::response(204); }

#ifdef SLUICE_BAD
inline const auto r = sluice::route<"GET /a">(ok, sluice::auth::authenticated, sluice::auth::group("admin"));
#else
inline const auto r = sluice::route<"GET /a">(ok, sluice::auth::authenticated && sluice::auth::group("admin"));
#endif
