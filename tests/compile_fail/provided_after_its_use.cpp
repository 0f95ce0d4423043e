// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
// Rule: a step sees only the context of the steps ahead of it
// expect: asks for sluice::provided<T>, but no before step ahead of it
#include "sluice/app.hpp"

struct tenant {
  int id;
};
struct quota {
  int left;
};
inline sluice::response show(sluice::provided<quota> q) { return sluice::response(q->left); }
inline const auto provide_tenant = sluice::before([] { return tenant{7}; });
inline const auto provide_quota = sluice::before([](sluice::provided<tenant> t) { return quota{t->id}; });

#ifdef SLUICE_BAD
inline const auto app = sluice::app{sluice::route<"GET /q">(show, provide_quota, provide_tenant)};
#else
inline const auto app = sluice::app{sluice::route<"GET /q">(show, provide_tenant, provide_quota)};
#endif
