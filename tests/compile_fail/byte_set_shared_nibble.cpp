// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
// Rule: the members of a pshufb byte set each have their own low nibble ('/' is 0x2F, '?' 0x3F:
// one table entry for both, so one would drop out of the set)
// expect: byte_set_members_must_have_distinct_low_nibbles
#include "sluice/path.hpp"

#ifdef SLUICE_BAD
inline constexpr sluice::detail::byte_set slash_or_query = sluice::detail::set_of("/?");
#else
inline constexpr sluice::detail::byte_set slash_or_query = sluice::detail::set_of("/&");
#endif
static_assert(slash_or_query.table[15] == '/');
