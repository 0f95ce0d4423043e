// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// The JSON layer: the only header that includes <simdjson.h>. Small helpers over the
// on-demand API that read strings as views into the padded input.

#include <simdjson.h>

#include <bit>
#include <charconv>
#include <cstddef>
#include <cstring>
#include <optional>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "sluice/detail/arena.hpp"
#include "sluice/detail/config.hpp"
#include "sluice/detail/json_text.hpp"

namespace sluice::detail::json {

namespace od = simdjson::ondemand;
using simdjson::error_code;

/// Bytes simdjson may read past the end of its input; every event buffer reserves them.
inline constexpr std::size_t padding = simdjson::SIMDJSON_PADDING;

/// The key of a field as it appears in the input, escapes intact. The key's closing quote is
/// the last '"' before the value (only whitespace and ':' lie between), so finding it costs a
/// few steps back from the value instead of a scan of the key.
[[nodiscard]] inline raw_string raw_key(od::field& f) noexcept {
  const char* const begin = f.key().raw();
  const char* end = f.value().raw_json_token().data();
  do {
    --end;
  } while (*end != '"');
  const std::string_view text(begin, static_cast<std::size_t>(end - begin));
  return {text, has_backslash_in_padded(text)};
}

/**
 * The field (or element) of one step of an iteration, in place: copying it out with `get(x)`
 * makes GCC write it and read it back at once in another width, a store-forwarding stall per
 * field that costs as much as reading the field. Only after `result.error()` was checked.
 */
template <class T>
[[nodiscard]] SLUICE_ALWAYS_INLINE T& in_place(simdjson::simdjson_result<T>& result) noexcept {
  T&& value = std::move(result).value_unsafe();
  return value;
}

/// The key of a field, escapes undone (by simdjson, into its string buffer, which lives as
/// long as the document); nullopt for a bad escape. Consumes the key.
[[nodiscard]] inline std::optional<std::string_view> key(od::field& f) {
  std::string_view k;
  if (f.unescaped_key().get(k) != simdjson::SUCCESS) return std::nullopt;
  return k;
}

/// Whether the key at `raw` (just past its opening quote, in a padded buffer) is exactly
/// `literal`. No length needed: an equal prefix followed by the closing quote. A key written
/// with escapes never equals a literal this way.
template <std::size_t N>
[[nodiscard]] inline bool key_is(const char* raw, const char (&literal)[N]) noexcept {
  return std::memcmp(raw, literal, N - 1) == 0 && raw[N - 1] == '"';
}

enum class string_kind : unsigned char { string, null, other };

/// The text between the quotes of a string value with escapes: its token runs to the next
/// structural index (known after the string was consumed too), less the whitespace after it.
[[nodiscard]] SLUICE_NOINLINE inline std::string_view escaped_string_text(od::value& v) noexcept {
  std::string_view token = v.raw_json_token();
  while (token.back() != '"') token.remove_suffix(1);
  return token.substr(1, token.size() - 2);
}

/**
 * Consumes a string value and gives its text between the quotes, escapes intact, without
 * copying it; false (nothing consumed) when the value is not a string. Consuming matters: a
 * value only looked at is skipped as far as brackets balance, and `"a":"s":[],"b":1]` would
 * pass for one field (found by tests/fuzz); consumed, the iteration checks what follows it.
 *
 * The closing quote is the first quote or backslash after the opening one, found 16 bytes at a
 * time (the padded input stays readable past any string), when it is a quote: no need for the
 * token's length (the next structural index) nor for trimming the whitespace after it. A
 * backslash met first (rare) means escapes: the text is then found from the token.
 */
[[nodiscard]] SLUICE_ALWAYS_INLINE bool consume_string(od::value& v, raw_string& out) noexcept {
  od::raw_json_string raw;
  if (v.get_raw_json_string().get(raw) != simdjson::SUCCESS) return false;
  const char* const begin = raw.raw();
  std::size_t at = 0;
#if defined(__SSE2__)
  const auto quote_or_backslash = [](const char* p) {
    const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    return static_cast<unsigned>(_mm_movemask_epi8(
        _mm_or_si128(_mm_cmpeq_epi8(block, _mm_set1_epi8('"')), _mm_cmpeq_epi8(block, _mm_set1_epi8('\\')))));
  };
  unsigned found = quote_or_backslash(begin);
  // marked unlikely: otherwise GCC takes it for an endless loop and compiles what follows as cold
  while (SLUICE_UNLIKELY(found == 0)) {
    at += 16;
    found = quote_or_backslash(begin + at);
  }
  at += static_cast<std::size_t>(std::countr_zero(found));
#else
  while (begin[at] != '"' && begin[at] != '\\') ++at;
#endif
  out.text = std::string_view(begin, at);
  out.escaped = begin[at] != '"';
  if (SLUICE_UNLIKELY(out.escaped)) out.text = escaped_string_text(v);
  return true;
}

/// A string value (see `consume_string`), null, or another type; a string is consumed.
[[nodiscard]] inline string_kind raw_string_value(od::value& v, raw_string& out) noexcept {
  if (consume_string(v, out)) return string_kind::string;
  bool null = false;
  return v.is_null().get(null) == simdjson::SUCCESS && null ? string_kind::null : string_kind::other;
}

/// Why reading a value failed, for error messages.
enum class read_error : unsigned char { none, wrong_type, bad_escape };

/// Reads a string (or null, giving nullopt) and unescapes it into `a` if needed. Consumes it
/// (see `consume_string`).
[[nodiscard]] inline read_error read_string(od::value& v, arena& a, std::optional<std::string_view>& out) {
  raw_string raw;
  switch (raw_string_value(v, raw)) {
    case string_kind::null:
      out.reset();
      return read_error::none;
    case string_kind::other:
      return read_error::wrong_type;
    case string_kind::string:
      break;
  }
  out = unescape(raw, a);
  return out ? read_error::none : read_error::bad_escape;
}

/// Whether the document has content after its root value.
[[nodiscard]] inline bool has_trailing_content(od::document& doc) noexcept {
  const char* location = nullptr;
  return doc.current_location().get(location) == simdjson::SUCCESS;
}

/// Validates a whole document: the on-demand parser checks only what it reads. For error
/// paths (to tell "not JSON" from "JSON of the wrong shape"); its parser allocates once.
[[nodiscard]] inline bool is_valid_json(std::string_view text) {
  thread_local simdjson::dom::parser validator;
  return validator.parse(text.data(), text.size()).error() == simdjson::SUCCESS;
}

/// A padded view of `size` bytes at `data`, where `capacity >= size + padding` bytes are readable.
[[nodiscard]] inline simdjson::padded_string_view padded_view(const char* data, std::size_t size,
                                                              std::size_t capacity) noexcept {
  return simdjson::padded_string_view(data, size, capacity);
}

/**
 * A JSON number as a double. simdjson before 3.6.3 misreads more than 19 digits after a zero
 * integer part (0.95 written with 20 decimals gives 0.0277: its issue #2093, found by
 * tests/fuzz); such a long token, once simdjson has accepted it, is read again with
 * `std::from_chars`. Every reader of floating-point JSON numbers goes through here.
 */
[[nodiscard]] inline simdjson::error_code get_double(od::value& v, double& out) {
  const std::string_view token = v.raw_json_token();
  if (const simdjson::error_code e = v.get_double().get(out); e != simdjson::SUCCESS) return e;
  if (token.size() > 20) (void)std::from_chars(token.data(), token.data() + token.size(), out);
  return simdjson::SUCCESS;
}

}  // namespace sluice::detail::json
