// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
// Rule: a handler that takes provided<T> needs a before step (of the app or its route) that provides a T
// expect: asks for sluice::provided<T>, but no before step ahead of it
#include "sluice/app.hpp"

struct tenant {
  int id;
};
inline sluice::response show(sluice::provided<tenant> t) { return sluice::response(t->id); }

#ifdef SLUICE_BAD
inline const auto app = sluice::app{sluice::route<"GET /t">(show)};
#else
inline const auto app = sluice::app{sluice::use(sluice::before([] { return tenant{200}; })),
                                    sluice::route<"GET /t">(show)};
#endif
