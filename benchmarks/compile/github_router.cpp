// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors

// The compile-cost group's router alone: the 203 GitHub routes (github_routes.inc, written by
// benchmarks/suite.py from the corpus) as a sluice::router, and one lookup, without events,
// JSON or handlers.

#include <cstdio>

#include "sluice/path.hpp"
#include "sluice/router.hpp"

using github = sluice::router<
#include "github_routes.inc"
    >;

int main(int argc, char** argv) {
  sluice::detail::arena arena;
  sluice::canonical_path path;
  if (argc < 2 || path.parse(argv[1], sluice::path_encoding::encoded, {}, arena) != sluice::path_problem::none)
    return 2;
  const sluice::route_match m = github::match(path, sluice::method::get);
  std::printf("%s\n", m.route < 0 ? "none" : github::key(static_cast<std::size_t>(m.route)).data());
  return 0;
}
