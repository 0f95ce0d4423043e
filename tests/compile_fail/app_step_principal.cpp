// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
// Rule: an app-level step runs before auth, so it cannot take the principal
// expect: an app-level step runs before auth
#include "sluice/app.hpp"

inline sluice::response ok() { return sluice::response(204); }
inline const auto audit = sluice::before([](const sluice::principal&) {});

#ifdef SLUICE_BAD
inline const auto app = sluice::app{sluice::use(audit), sluice::route<"GET /me">(ok, sluice::auth::authenticated)};
#else
inline const auto app = sluice::app{sluice::route<"GET /me">(ok, sluice::auth::authenticated, audit)};
#endif
