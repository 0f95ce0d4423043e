// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
// Rule: the members of a pshufb byte set are ASCII (for a byte of 0x80 or more pshufb gives 0,
// never a table entry, so such a member would never match)
// expect: byte_set_members_must_be_ascii
#include "sluice/path.hpp"

#ifdef SLUICE_BAD
inline constexpr sluice::detail::byte_set unusual = sluice::detail::set_of("%\xC3");
#else
inline constexpr sluice::detail::byte_set unusual = sluice::detail::set_of("%\x7F");
#endif
static_assert(unusual.table[5] == '%');
