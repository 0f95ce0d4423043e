// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
// Rule: a route without a policy is public: a handler there cannot ask for the principal
// expect: the handler asks for the principal, but the route is public
#include "sluice/route.hpp"

inline sluice::response who(const sluice::principal&) { return sluice::response(204); }

#ifdef SLUICE_BAD
inline auto r = sluice::route<"GET /me">(who);
#else
inline auto r = sluice::route<"GET /me">(who, sluice::auth::group("admin"));
#endif
