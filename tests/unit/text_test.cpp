// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors

// Text primitives: UTF-8, percent-decoding, base64, JSON string escapes both ways.

#include <doctest/doctest.h>

#include <cstring>
#include <memory>
#include <string>
#include <string_view>

#include "sluice/detail/base64.hpp"
#include "sluice/detail/json_text.hpp"
#include "sluice/detail/text.hpp"
#include "sluice/request.hpp"

using namespace std::string_view_literals;

TEST_CASE("UTF-8 validation rejects overlong forms, surrogates and out-of-range code points") {
  using sluice::detail::is_valid_utf8;
  CHECK(is_valid_utf8("plain ascii"));
  CHECK(is_valid_utf8("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"));
  CHECK_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong '/'
  CHECK_FALSE(is_valid_utf8("\xE0\x80\xAF"));      // overlong, 3 bytes
  CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate
  CHECK_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  CHECK_FALSE(is_valid_utf8("\xFF"));
  CHECK_FALSE(is_valid_utf8("\xC3"));  // truncated
  CHECK(sluice::detail::utf8_length("caf\xC3\xA9") == 4);
}

TEST_CASE("percent-decoding: strict for paths, WHATWG-lenient for forms") {
  char out[64];
  const auto decode = [&](std::string_view in, sluice::detail::percent_mode mode) {
    const auto n = sluice::detail::percent_decode(in, out, mode);
    return n < 0 ? std::string("<malformed>") : std::string(out, static_cast<std::size_t>(n));
  };
  CHECK(decode("a%20b+c", sluice::detail::percent_mode::path) == "a b+c");
  CHECK(decode("a%20b+c", sluice::detail::percent_mode::form) == "a b c");
  CHECK(decode("%", sluice::detail::percent_mode::path) == "<malformed>");
  CHECK(decode("%4", sluice::detail::percent_mode::path) == "<malformed>");
  CHECK(decode("%zz", sluice::detail::percent_mode::path) == "<malformed>");
  sluice::detail::arena a;
  CHECK(sluice::detail::form_decode("q=%2541", a) == "q=%41");  // once only
  CHECK(sluice::detail::form_decode("100%", a) == "100%");      // malformed stays literal
  CHECK(sluice::detail::form_decode("%zz+%41", a) == "%zz A");
  const std::string_view untouched = "plain";
  CHECK(sluice::detail::form_decode(untouched, a).data() == untouched.data());
}

TEST_CASE("a '%' or '+' is found at every place in text of every length, never past its end") {
  // each string in a buffer of its exact size, so that a sanitizer sees a read past the end
  for (std::size_t n = 0; n <= 40; ++n) {
    for (std::size_t at = 0; at <= n; ++at) {  // n: none
      for (const char c : {'%', '+'}) {
        std::string text(n, 'a');
        for (std::size_t i = 0; i < n; ++i) text[i] = static_cast<char>('a' + i % 26);
        if (at < n) text[at] = c;
        const std::unique_ptr<char[]> exact(new char[n == 0 ? 1 : n]);
        std::memcpy(exact.get(), text.data(), n);
        const std::string_view view(exact.get(), n);
        CAPTURE(text);
        CHECK(sluice::detail::has_percent_or_plus(view) == (text.find_first_of("%+") != std::string::npos));
        CHECK(sluice::detail::has_percent_or_plus(view) == (at < n));
      }
    }
  }
}

TEST_CASE("base64 round-trips every length and rejects what no encoder writes") {
  sluice::detail::arena a;
  std::string bytes;
  for (int len = 0; len < 70; ++len) {
    std::string enc(sluice::detail::base64_encoded_size(bytes.size()), '\0');
    sluice::detail::base64_encode(bytes, enc.data());
    const auto back = sluice::detail::base64_decode(enc, a);
    REQUIRE(back);
    CHECK(*back == bytes);
    bytes.push_back(static_cast<char>(len * 37 + 11));
  }
  CHECK(*sluice::detail::base64_decode("aGVsbG8=", a) == "hello");
  CHECK(*sluice::detail::base64_decode("aGVsbG8", a) == "hello");  // padding optional
  CHECK_FALSE(sluice::detail::base64_decode("aGVsbG8==", a));        // too much padding
  CHECK_FALSE(sluice::detail::base64_decode("aGV sbG8=", a));
  CHECK_FALSE(sluice::detail::base64_decode("aGVsbG9=", a));  // non-zero leftover bits
  CHECK_FALSE(sluice::detail::base64_decode("a", a));
}

TEST_CASE("a backslash is found in text inside a padded document, never past its end") {
  // the text is followed by backslashes, as a document's next values may be: only the text counts
  for (std::size_t length = 0; length <= 40; ++length) {
    for (std::size_t at = 0; at <= length; ++at) {
      std::string buffer(length, 'x');
      if (at < length) buffer[at] = '\\';
      buffer += std::string(64, '\\');
      const std::string_view text(buffer.data(), length);
      CAPTURE(length);
      CAPTURE(at);
      CHECK(sluice::detail::has_backslash_in_padded(text) == (at < length));
      CHECK(sluice::detail::has_backslash(text) == (at < length));
    }
  }
}

TEST_CASE("JSON string escapes: undone on input, written on output") {
  sluice::detail::arena a;
  using sluice::detail::raw_string;
  const auto un = [&](std::string_view s) {
    const auto r = sluice::detail::unescape(raw_string{s, true}, a);
    return r ? std::string(*r) : std::string("<invalid>");
  };
  CHECK(un(R"(a\"b\\c\/d\n\t)") == "a\"b\\c/d\n\t");
  CHECK(un(R"(\u0041\u00e9\u20ac)") == "A\xC3\xA9\xE2\x82\xAC");
  CHECK(un(R"(\ud83d\ude00)") == "\xF0\x9F\x98\x80");
  CHECK(un(R"(\u0000)") == std::string("\0", 1));
  CHECK(un(R"(\ud83d)") == "<invalid>");  // lone high surrogate
  CHECK(un(R"(\ude00)") == "<invalid>");  // lone low surrogate
  CHECK(un(R"(\x41)") == "<invalid>");
  CHECK(un(R"(\u12)") == "<invalid>");
  CHECK(un("trailing\\") == "<invalid>");

  // escapes at every position of texts around the 16-byte blocks, against a byte-by-byte reading
  for (std::size_t length = 0; length <= 48; ++length) {
    for (std::size_t at = 0; at <= length; ++at) {
      std::string escaped(length, 'x');
      std::string plain = escaped;
      escaped.insert(at, R"(\n)");
      plain.insert(at, "\n");
      escaped += R"(\u00e9)";
      plain += "\xC3\xA9";
      CAPTURE(escaped);
      CHECK(un(escaped) == plain);
    }
  }
  CHECK(un(std::string(40, 'y') + "\\") == "<invalid>");
  CHECK(un(std::string(16, 'y') + R"(\q)" + std::string(16, 'y')) == "<invalid>");

  const auto esc = [](std::string_view s) {
    std::string out;
    sluice::detail::escape_json(s, out);
    return out;
  };
  CHECK(esc("plain") == "plain");
  CHECK(esc("q\"b\\") == R"(q\"b\\)");
  CHECK(esc("\n\r\t\b\f") == R"(\n\r\t\b\f)");
  CHECK(esc("\x01\x1f"sv) == R"(\u0001\u001f)");
  CHECK(esc(std::string_view("\0", 1)) == R"(\u0000)");
  CHECK(esc("caf\xC3\xA9") == "caf\xC3\xA9");           // valid UTF-8 passes through
  CHECK(esc("a\xFF" "b") == R"(a\ufffdb)");              // invalid bytes become U+FFFD
  CHECK(esc("\xC3") == R"(\ufffd)");                     // truncated sequence
  CHECK(esc("\xED\xA0\x80") == R"(\ufffd\ufffd\ufffd)");  // encoded surrogate
}
