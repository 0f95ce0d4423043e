// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors

// Linked into every sluice_add_lambda target. A GCC built for glibc 2.36 or newer (Debian 12's)
// has std::random_device call arc4random (GLIBC_2.36) in libstdc++.a, and every program that
// uses std::system_error links that code; provided.al2023 has glibc 2.34, so the bootstrap
// would not start. This definition, over getrandom (glibc 2.25), takes those calls instead.

#include <stdlib.h>
#include <sys/random.h>

#include <cerrno>
#include <cstddef>
#include <cstdint>

extern "C" std::uint32_t arc4random() noexcept {
  std::uint32_t value = 0;
  auto* bytes = reinterpret_cast<unsigned char*>(&value);
  std::size_t have = 0;
  while (have < sizeof value) {
    const ssize_t n = ::getrandom(bytes + have, sizeof value - have, 0);
    if (n > 0) have += static_cast<std::size_t>(n);
    else if (errno != EINTR) ::abort();  // no entropy source at all: glibc's arc4random aborts too
  }
  return value;
}
