// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors

// sluice-emit-sample: the route table of support/emit_app.hpp behind the entry point, for the
// tests that read what `--emit openapi` and `--emit sam` print.

#include "support/emit_app.hpp"

int main(int argc, char** argv) { return sluice::run(emit_sample::app(), argc, argv); }
