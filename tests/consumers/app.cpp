// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors

// The app each consumer project builds (tests/consumers/README.md): a Lambda backend with one
// route, as a user would write it. With SLUICE_CONSUMER_COMPRESSION (projects that link
// sluice::compression) it also gzips large answers, which puts zlib on the link line.

#include <sluice/sluice.hpp>
#if defined(SLUICE_CONSUMER_COMPRESSION)
#include <sluice/compression.hpp>
#endif

#include <cstdint>

int main(int argc, char** argv) {
  static const auto app = sluice::app{
#if defined(SLUICE_CONSUMER_COMPRESSION)
      sluice::use(sluice::compression()),
#endif
      sluice::route<"GET /greetings/{name}">([](sluice::path<"name"> name, sluice::query<"times", std::uint32_t, 1> times) {
        return sluice::json(sluice::json_writer{}.begin_object().field("hello", *name).field("times", *times).end_object());
      }),
  };
  return sluice::run(app, argc, argv);
}
