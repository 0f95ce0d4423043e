// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
// Rule: the handler asks for a path parameter the route does not have
// expect: the handler asks for a path parameter the route does not have
#include <optional>
#include <vector>

#include "sluice/route.hpp"

#ifdef SLUICE_BAD
inline auto r = sluice::route<"GET /pets/{id}">([](sluice::path<"petId", int>) { return sluice::response(); });
#else
inline auto r = sluice::route<"GET /pets/{id}">([](sluice::path<"id", int>) { return sluice::response(); });
#endif
