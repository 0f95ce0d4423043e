// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors

// The compile-cost group's trivial sluice app: every header, the entry point, one route. The
// GitHub apps beside it cost this plus what their 203 routes add.

#include "sluice/sluice.hpp"

int main(int argc, char** argv) {
  static const auto app = sluice::app{
      sluice::route<"GET /health">([] { return sluice::json(R"({"status":"ok"})"); }),
  };
  return sluice::run(app, argc, argv);
}
