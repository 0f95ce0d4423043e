// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
// Rule: a before step goes on, answers early or provides context; it does not always answer
// expect: a before step returns void (go on), std::optional<sluice::response>
#include "sluice/route.hpp"

#ifdef SLUICE_BAD
inline const auto step = sluice::before([] { return sluice::response(503); });
#else
inline const auto step = sluice::before([]() -> std::optional<sluice::response> { return sluice::response(503); });
#endif
