// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors

// The compile-cost group's full app: the 203 routes of the GitHub API (the corpus's
// github.routes.txt, written by benchmarks/suite.py into github_routes.inc as a list of
// string literals), each with a handler that answers its route and parameters, behind the
// entry point. What a user's TU with a large route table costs to compile.

#include "sluice/sluice.hpp"

namespace {

sluice::response route_and_params(const sluice::request& req) {
  sluice::json_writer w;
  w.begin_object().field("route", req.route()).key("params").begin_object();
  for (const auto& p : req.path_params()) w.field(p.name, p.value);
  w.end_object().end_object();
  return sluice::json(w);
}

template <sluice::fixed_string... Keys>
const auto& github_app() {
  static const auto app = sluice::app{sluice::route<Keys>(route_and_params)...};
  return app;
}

}  // namespace

int main(int argc, char** argv) {
  return sluice::run(github_app<
#include "github_routes.inc"
                         >(),
                     argc, argv);
}
