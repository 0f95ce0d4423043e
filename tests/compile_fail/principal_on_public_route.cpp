// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
// Rule: a handler that asks for the principal on a route that cannot have one does not compile
// expect: the handler asks for the principal, but the route is public
#include "sluice/route.hpp"

inline sluice::response who(const sluice::principal&) { return sluice::response(204); }

#ifdef SLUICE_BAD
inline auto r = sluice::route<"GET /me">(who, sluice::auth::none);
#else
inline auto r = sluice::route<"GET /me">(who, sluice::auth::authenticated);
#endif
