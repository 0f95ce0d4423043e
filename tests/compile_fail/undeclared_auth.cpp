// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
// Rule: in an app built with every_route_declares_auth, a route without a policy does not compile
// expect: every route must declare its auth
#include "sluice/app.hpp"

sluice::response ok() { return sluice::response(204); }

#ifdef SLUICE_BAD
inline const auto app = sluice::app{sluice::every_route_declares_auth,
                                    sluice::route<"GET /a">(ok, sluice::auth::none),
                                    sluice::route<"GET /b">(ok)};
#else
inline const auto app = sluice::app{sluice::every_route_declares_auth,
                                    sluice::route<"GET /a">(ok, sluice::auth::none),
                                    sluice::route<"GET /b">(ok, sluice::auth::authenticated)};
#endif
