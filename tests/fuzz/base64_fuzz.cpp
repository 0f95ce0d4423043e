// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors

// base64 both ways. Bytes: decode(encode(x)) == x, padded or not, and the same in base64url.
// Text: whatever the decoders accept is canonical: encoding the decoded bytes gives the text
// back, with or without its padding ("padding optional", base64url never padded).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "fuzz.hpp"
#include "sluice/detail/base64.hpp"

namespace base64_fuzz {

std::string encode(std::string_view bytes) {
  std::string out(sluice::detail::base64_encoded_size(bytes.size()), '\0');
  sluice::detail::base64_encode(bytes, out.data());
  return out;
}

std::string unpadded(std::string text) {
  while (!text.empty() && text.back() == '=') text.pop_back();
  return text;
}

std::string url_alphabet(std::string text) {
  for (char& c : text) c = c == '+' ? '-' : c == '/' ? '_' : c;
  return unpadded(std::move(text));
}

}  // namespace base64_fuzz

void fuzz::base64_target(const std::uint8_t* data, std::size_t size) {
  using namespace base64_fuzz;
  namespace d = sluice::detail;
  fuzz::input in(data, size);
  const bool as_text = (in.byte() & 1) != 0;
  const std::string_view rest = in.rest();
  static d::arena arena;
  arena.reset();

  if (!as_text) {
    const std::string text = encode(rest);
    FUZZ_CHECK(text.size() % 4 == 0);
    FUZZ_CHECK(d::base64_decode(text, arena) == rest);
    FUZZ_CHECK(d::base64_decode(unpadded(text), arena) == rest);
    FUZZ_CHECK(d::base64url_decode(url_alphabet(text), arena) == rest);
    return;
  }
  if (const std::optional<std::string_view> bytes = d::base64_decode(rest, arena)) {
    const std::string again = encode(*bytes);
    FUZZ_CHECK(rest == again || rest == unpadded(again));
  }
  if (const std::optional<std::string_view> bytes = d::base64url_decode(rest, arena)) {
    FUZZ_CHECK(rest == url_alphabet(encode(*bytes)));
  }
}
