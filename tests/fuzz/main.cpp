// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors

// One libFuzzer binary for every target (one build, one link): the environment variable
// SLUICE_FUZZ_TARGET names the target, e.g.
//   SLUICE_FUZZ_TARGET=path sluice-fuzz corpus/path -dict=tests/fuzz/path.dict

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "fuzz.hpp"

namespace {

struct named_target {
  std::string_view name;
  fuzz::target_function run;
};

constexpr named_target targets[] = {
    {"path", fuzz::path_target},
    {"base64", fuzz::base64_target},
    {"router", fuzz::router_target},
    {"http1", fuzz::http1_target},
    {"params", fuzz::params_target},
#if SLUICE_FUZZ_JSON
    {"http_event", fuzz::http_event_target},
    {"body", fuzz::body_target},
    {"jwt", fuzz::jwt_target},
    {"response", fuzz::response_target},
#endif
#if SLUICE_FUZZ_EVENTS
    {"events", fuzz::events_target},
#endif
};

fuzz::target_function chosen = nullptr;

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  const char* name = std::getenv("SLUICE_FUZZ_TARGET");
  for (const named_target& t : targets) {
    if (name != nullptr && t.name == name) chosen = t.run;
  }
  if (chosen == nullptr) {
    std::fprintf(stderr, "sluice-fuzz: set SLUICE_FUZZ_TARGET to one of:");
    for (const named_target& t : targets)
      std::fprintf(stderr, " %.*s", static_cast<int>(t.name.size()), t.name.data());
    std::fprintf(stderr, "\n");
    std::exit(2);
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  chosen(data, size);
  return 0;
}
