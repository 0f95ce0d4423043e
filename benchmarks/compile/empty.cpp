// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors

// The floor of the compile-cost group: what the compiler costs with no header at all.

int main() { return 0; }
