// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
// Rule: a route's step that takes the principal needs a route with an auth policy
// expect: a step asks for the principal, but the route is public
#include "sluice/app.hpp"

inline sluice::response ok() { return sluice::response(204); }
inline const auto audit = sluice::after([](sluice::response&, const sluice::principal&) {});

#ifdef SLUICE_BAD
inline const auto app = sluice::app{sluice::route<"GET /me">(ok, audit)};
#else
inline const auto app = sluice::app{sluice::route<"GET /me">(ok, audit, sluice::auth::authenticated)};
#endif
