// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
// Rule: one context type has one provider
// expect: two before steps provide the same context type
#include "sluice/app.hpp"

struct tenant {
  int id;
};
inline sluice::response show(sluice::provided<tenant> t) { return sluice::response(t->id); }

#ifdef SLUICE_BAD
inline const auto app = sluice::app{sluice::use(sluice::before([] { return tenant{200}; })),
                                    sluice::route<"GET /t">(show, sluice::before([] { return tenant{201}; }))};
#else
inline const auto app = sluice::app{sluice::use(sluice::before([] { return tenant{200}; })),
                                    sluice::route<"GET /t">(show)};
#endif
