// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// Compiler hints for the dispatch path, with portable fallbacks.

#if defined(__GNUC__) || defined(__clang__)
#define SLUICE_ALWAYS_INLINE inline __attribute__((always_inline))
#define SLUICE_NOINLINE __attribute__((noinline))
#define SLUICE_LIKELY(x) __builtin_expect(!!(x), 1)
#define SLUICE_UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define SLUICE_ALWAYS_INLINE inline
#define SLUICE_NOINLINE
#define SLUICE_LIKELY(x) (x)
#define SLUICE_UNLIKELY(x) (x)
#endif
