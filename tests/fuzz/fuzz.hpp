// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// What every fuzz target shares: the oracle's check, and a reader that turns the fuzzer's
// bytes into the choices a target makes before it hands the rest to the code under test.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace fuzz {

/// A broken oracle: say which and where, then abort so that libFuzzer keeps the input.
[[noreturn]] inline void finding(const char* what, const char* file, int line) {
  std::fprintf(stderr, "\nsluice-fuzz: oracle failed at %s:%d: %s\n", file, line, what);
  std::abort();
}

// A macro, not a function: the message is the condition's text (clang 14 has no
// std::source_location).
#define FUZZ_CHECK(condition) \
  ((condition) ? void() : ::fuzz::finding(#condition, __FILE__, __LINE__))

/// On a function of an oracle's reference: no coverage feedback from it (the fuzzer is to
/// explore the code under test, not the reference), and none of its per-comparison cost, which
/// on a body of a megabyte is most of the run.
#define FUZZ_REFERENCE __attribute__((no_sanitize("coverage")))

/// The length of the valid UTF-8 sequence at `s[i]`, or 0: decodes its code point and checks
/// it is in its shortest form, not a surrogate and at most U+10FFFF. The oracles' reference,
/// written apart from the library's table of lead bytes.
FUZZ_REFERENCE inline std::size_t utf8_sequence_at(std::string_view s, std::size_t i) noexcept {
  const auto lead = static_cast<unsigned char>(s[i]);
  if (lead < 0x80) return 1;
  const std::size_t more = (lead & 0xE0) == 0xC0 ? 1 : (lead & 0xF0) == 0xE0 ? 2 : (lead & 0xF8) == 0xF0 ? 3 : 0;
  if (more == 0 || s.size() - i <= more) return 0;  // a continuation byte, 0xF8..0xFF, or cut short
  std::uint32_t cp = lead & (0x7Fu >> (more + 1));
  for (std::size_t k = 1; k <= more; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3Fu);
  }
  const std::uint32_t shortest = more == 1 ? 0x80 : more == 2 ? 0x800 : 0x10000;
  if (cp < shortest || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return more + 1;
}

/// The fuzzer's bytes: a few leading bytes become choices, the rest is the input proper.
class input {
 public:
  input(const std::uint8_t* data, std::size_t size) noexcept
      : rest_(reinterpret_cast<const char*>(data), size) {}

  /// One byte as a choice (0 when the input is used up).
  std::uint8_t byte() noexcept {
    if (rest_.empty()) return 0;
    const auto b = static_cast<std::uint8_t>(rest_[0]);
    rest_.remove_prefix(1);
    return b;
  }
  /// Up to `n` bytes, or up to the next `separator` (dropped) when there is one.
  std::string_view until(char separator) noexcept {
    const std::size_t at = rest_.find(separator);
    const std::string_view part = rest_.substr(0, at);
    rest_.remove_prefix(at == std::string_view::npos ? rest_.size() : at + 1);
    return part;
  }
  [[nodiscard]] std::string_view rest() const noexcept { return rest_; }

 private:
  std::string_view rest_;
};

using target_function = void (*)(const std::uint8_t* data, std::size_t size);

// One function per target, each in its own file.
void path_target(const std::uint8_t* data, std::size_t size);
void base64_target(const std::uint8_t* data, std::size_t size);
void router_target(const std::uint8_t* data, std::size_t size);
void http1_target(const std::uint8_t* data, std::size_t size);
void http_event_target(const std::uint8_t* data, std::size_t size);
void body_target(const std::uint8_t* data, std::size_t size);
void jwt_target(const std::uint8_t* data, std::size_t size);
void events_target(const std::uint8_t* data, std::size_t size);
void params_target(const std::uint8_t* data, std::size_t size);
void response_target(const std::uint8_t* data, std::size_t size);

}  // namespace fuzz
