// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
// Rule: an app-level step runs before routing, so it cannot read path parameters
// expect: an app-level step runs before routing
#include "sluice/app.hpp"

inline sluice::response ok() { return sluice::response(204); }

#ifdef SLUICE_BAD
inline const auto app = sluice::app{sluice::use(sluice::before([](sluice::path<"id">) {})),
                                    sluice::route<"GET /pets/{id}">(ok)};
#else
inline const auto app = sluice::app{sluice::route<"GET /pets/{id}">(ok, sluice::before([](sluice::path<"id">) {}))};
#endif
