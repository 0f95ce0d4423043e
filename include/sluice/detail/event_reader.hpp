// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// The reading core of the non-HTTP event decoders: one forward pass of simdjson on-demand,
// strings kept as views (copied into the arena only when they hold escapes), and errors
// that name the field with its path (`Records[3].dynamodb.Keys`).

#include <charconv>
#include <chrono>
#include <cmath>
#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>

#include "sluice/detail/arena.hpp"
#include "sluice/detail/base64.hpp"
#include "sluice/detail/json.hpp"
#include "sluice/detail/json_text.hpp"
#include "sluice/events/common.hpp"

namespace sluice::detail::event_json {

namespace od = json::od;
using sluice::events::event_error;
using sluice::events::event_problem;
using sluice::events::timestamp;

/// One parser per thread for top-level events, one for documents nested in a string of the
/// event being read (EventBridge Scheduler's `"detail": "{...}"`), one for envelopes parsed
/// from a handler (`message.body_as<...>()`). Each is reused, so a warm thread allocates nothing.
inline od::parser& event_parser() {
  thread_local od::parser parser;
  return parser;
}
inline od::parser& nested_parser() {
  thread_local od::parser parser;
  return parser;
}
inline od::parser& envelope_parser() {
  thread_local od::parser parser;
  return parser;
}

/// `text` copied into the arena with the padding simdjson reads past the end.
[[nodiscard]] inline simdjson::padded_string_view padded_copy(std::string_view text, arena& mem) {
  char* p = mem.allocate_chars(text.size() + json::padding);
  if (!text.empty()) std::memcpy(p, text.data(), text.size());
  std::memset(p + text.size(), 0, json::padding);
  return json::padded_view(p, text.size(), text.size() + json::padding);
}

// ---- timestamps ---------------------------------------------------------------------------

[[nodiscard]] inline bool digits(std::string_view s, std::size_t at, std::size_t n, int& out) noexcept {
  if (at + n > s.size()) return false;
  out = 0;
  for (std::size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

/// `parse_iso8601` for every spelling it accepts; `parse_iso8601` tries the common one first.
[[nodiscard]] inline std::optional<timestamp> parse_iso8601_general(std::string_view s) noexcept {
  using namespace std::chrono;
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  if (!digits(s, 0, 4, y) || s.size() < 19 || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' ||
      !digits(s, 8, 2, d) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || !digits(s, 11, 2, h) ||
      s[13] != ':' || !digits(s, 14, 2, mi) || s[16] != ':' || !digits(s, 17, 2, sec)) {
    return std::nullopt;
  }
  if (h > 23 || mi > 59 || sec > 60) return std::nullopt;
  const year_month_day date{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (!date.ok()) return std::nullopt;
  std::size_t i = 19;
  std::int64_t ms = 0;
  if (i < s.size() && s[i] == '.') {
    std::size_t n = 0;
    for (++i; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++n) {
      if (n < 3) ms = ms * 10 + (s[i] - '0');
    }
    if (n == 0) return std::nullopt;
    for (; n < 3; ++n) ms *= 10;
  }
  std::int64_t offset_minutes = 0;
  if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) {
    ++i;
  } else if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    const int sign = s[i] == '-' ? -1 : 1;
    int oh = 0, om = 0;
    if (!digits(s, i + 1, 2, oh)) return std::nullopt;
    std::size_t at = i + 3;
    if (at < s.size() && s[at] == ':') ++at;
    if (!digits(s, at, 2, om) || oh > 23 || om > 59) return std::nullopt;
    offset_minutes = sign * (oh * 60 + om);
    i = at + 2;
  } else {
    return std::nullopt;  // a time without a zone is not a point in time
  }
  if (i != s.size()) return std::nullopt;
  const sys_seconds at = sys_days(date) + hours(h) + minutes(mi) + seconds(sec) - minutes(offset_minutes);
  return timestamp(time_point_cast<milliseconds>(at) + milliseconds(ms));
}

/**
 * The spelling AWS nearly always writes, `YYYY-MM-DDTHH:MM:SS` then `Z` or `.<digits>Z`, read
 * without branching per character: the 19 bytes of date and time are checked as three 8-byte
 * words (digits and separators at once), the day counted from the calendar directly. False
 * when `s` is not of that shape or names no valid time: `parse_iso8601_general` decides then.
 */
[[nodiscard]] inline bool parse_iso8601_utc(std::string_view s, timestamp& out) noexcept {
  if constexpr (std::endian::native != std::endian::little) {
    return false;
  } else {
    // failures marked unlikely: a dozen branches of even odds would make GCC take the
    // arithmetic after them for cold code, compiled for size (divisions as `div`)
    if (SLUICE_UNLIKELY(s.size() < 20 || s.back() != 'Z')) return false;
    const auto word = [&](std::size_t at) {
      std::uint64_t w = 0;
      std::memcpy(&w, s.data() + at, sizeof w);
      return w;
    };
    // each word: digits where `digits` has 0xff, these exact separators elsewhere
    const auto shaped = [](std::uint64_t w, std::uint64_t digits, std::uint64_t separators) {
      const std::uint64_t d = (w & digits) | (0x3030303030303030u & ~digits);  // separators read as '0'
      const bool all_digits =
          (((d & 0xF0F0F0F0F0F0F0F0u) | (((d + 0x0606060606060606u) & 0xF0F0F0F0F0F0F0F0u) >> 4)) ==
           0x3333333333333333u);
      return all_digits & ((w & ~digits) == separators);
    };
    // "YYYY-MM-", "DDTHH:MM", "HH:MM:SS" (bytes 0, 8, 11; little-endian: byte 0 is the lowest)
    const bool shape = shaped(word(0), 0x00ffff00ffffffffu, 0x2d00002d00000000u) &
                       shaped(word(8), 0xffff00ffff00ffffu, 0x00003a0000540000u) &
                       shaped(word(11), 0xffff00ffff00ffffu, 0x00003a00003a0000u);
    if (SLUICE_UNLIKELY(!shape)) return false;
    // unsigned throughout: divisions by constants become multiplications
    const auto two = [&](std::size_t at) {
      return static_cast<unsigned>(s[at] - '0') * 10 + static_cast<unsigned>(s[at + 1] - '0');
    };
    const unsigned y = two(0) * 100 + two(2);
    const unsigned mo = two(5);
    const unsigned d = two(8);
    const unsigned h = two(11);
    const unsigned mi = two(14);
    const unsigned sec = two(17);
    if (SLUICE_UNLIKELY((mo - 1 > 11) | (d == 0) | (h > 23) | (mi > 59) | (sec > 60))) return false;
    const bool leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    constexpr unsigned char month_days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (SLUICE_UNLIKELY(d > month_days[mo - 1] + unsigned{mo == 2 && leap})) return false;
    std::int64_t ms = 0;
    if (s.size() > 20) {
      bool fraction = s[19] == '.';
      std::size_t n = 0;
      for (std::size_t i = 20; i + 1 < s.size(); ++i, ++n) {
        const auto digit = static_cast<unsigned>(s[i] - '0');
        fraction &= digit <= 9;
        if (n < 3) ms = ms * 10 + digit;
      }
      if (SLUICE_UNLIKELY(!fraction || n == 0)) return false;
      for (; n < 3; ++n) ms *= 10;
    }
    // days since 1970-01-01 in the proleptic Gregorian calendar: years counted from March (the
    // leap day ends a year), in eras of 400 years, from one era before year 0 (so none is negative)
    const unsigned years = y + 400 - (mo <= 2 ? 1 : 0);
    const unsigned era = years / 400;
    const unsigned year_of_era = years - era * 400;
    const unsigned day_of_year = (153 * (mo > 2 ? mo - 3 : mo + 9) + 2) / 5 + d - 1;
    const unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    const std::int64_t days = std::int64_t{era} * 146097 + day_of_era - 719468 - 146097;
    const std::int64_t seconds = days * 86400 + h * 3600 + mi * 60 + sec;
    out = timestamp(std::chrono::milliseconds(seconds * 1000 + ms));
    return true;
  }
}

/**
 * ISO-8601 / RFC 3339 as AWS writes it: `2019-10-29T02:36:48Z`, `1970-01-01T00:00:00.000Z`,
 * `2024-02-17T11:53:08.431+0000`, `+00:00`. Fractions beyond milliseconds are truncated.
 */
[[nodiscard]] inline std::optional<timestamp> parse_iso8601(std::string_view s) noexcept {
  timestamp t{};
  if (parse_iso8601_utc(s, t)) return t;
  return parse_iso8601_general(s);
}

/// Epoch milliseconds written as decimal digits (SQS's `"SentTimestamp": "1523232000000"`).
[[nodiscard]] inline std::optional<timestamp> parse_epoch_ms_text(std::string_view s) noexcept {
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty() || s.front() == '-') return std::nullopt;
  return timestamp(std::chrono::milliseconds(v));
}

/// Epoch seconds as a JSON number, integer or fraction (`1480641523.477`), to milliseconds.
[[nodiscard]] inline std::optional<timestamp> epoch_seconds(double s) noexcept {
  if (!std::isfinite(s) || s < 0 || s > 1.0e13) return std::nullopt;
  return timestamp(std::chrono::milliseconds(static_cast<std::int64_t>(std::llround(s * 1000.0))));
}

// ---- the reader ---------------------------------------------------------------------------

/**
 * The keys of one object, so that a key sent twice is refused: two readers of such an object
 * could take different values (the first, the last, or, for objects, both merged field by
 * field). Keys are compared as written (escapes intact), as views match them, and are kept as
 * pointers just past their opening quote (in the padded event): a key needs no length until
 * two are compared. A 64-bit filter hashed from each key's first 8 bytes (up to its first
 * quote) makes the common case a load, a few bit operations and a multiply per key; the
 * first 16 keys live on the stack; an object with more than 64 keys is checked once at its
 * end, sorted, so that hostile objects cost n log n, not n squared.
 */
class seen_keys {
 public:
  explicit seen_keys(arena& mem) noexcept : mem_(mem) {}
  seen_keys(const seen_keys&) = delete;
  seen_keys& operator=(const seen_keys&) = delete;

  /// Notes the key at `raw`; false when it was noted before (found now, or by `repeated()`).
  SLUICE_ALWAYS_INLINE bool note(const char* raw) {
    if (count_ >= exact_limit) {
      push(raw);
      return true;
    }
    const std::uint64_t bit = std::uint64_t{1} << prefix_hash(raw);
    if ((filter_ & bit) != 0) {
      for (std::size_t i = 0; i < count_; ++i) {
        if (same_key(at(i), raw)) return false;
      }
    }
    filter_ |= bit;
    push(raw);
    return true;
  }

  /// After the object: a key sent twice among those past the first 64, or empty.
  [[nodiscard]] SLUICE_ALWAYS_INLINE std::string_view repeated() {
    return count_ <= exact_limit ? std::string_view{} : repeated_in_large_object();
  }

 private:
  [[nodiscard]] std::string_view repeated_in_large_object() {
    std::string_view* const keys = mem_.allocate_array<std::string_view>(count_);
    for (std::size_t i = 0; i < count_; ++i) keys[i] = key_text(at(i));
    std::sort(keys, keys + count_);
    for (std::size_t i = 1; i < count_; ++i) {
      if (keys[i - 1] == keys[i]) return keys[i];
    }
    return {};
  }

  /// The text of the raw key at `raw`, escapes intact (up to its closing quote).
  [[nodiscard]] static std::string_view key_text(const char* raw) noexcept {
    std::size_t n = 0;
    while (raw[n] != '"') n += raw[n] == '\\' ? 2 : 1;
    return {raw, n};
  }

  static constexpr std::size_t exact_limit = 64;
  static constexpr std::size_t on_stack = 16;

  /// Six bits from the key's bytes before its first quote among its first eight: equal keys
  /// have equal bytes up to their closing quote, so they hash alike. Reads 8 bytes, which the
  /// padded event always has after a key.
  static unsigned prefix_hash(const char* raw) noexcept {
    std::uint64_t word = 0;
    std::memcpy(&word, raw, sizeof word);
    if constexpr (std::endian::native == std::endian::big) word = byteswap(word);
    constexpr std::uint64_t ones = 0x0101010101010101u;
    constexpr std::uint64_t highs = 0x8080808080808080u;
    const std::uint64_t quotes = word ^ (ones * '"');
    const std::uint64_t zero = (quotes - ones) & ~quotes & highs;  // lowest set bit: first quote
    const std::uint64_t keep = zero == 0 ? ~std::uint64_t{0} : ((zero & (0 - zero)) >> 7) - 1;
    return static_cast<unsigned>(((word & keep) * 0x9E3779B97F4A7C15u) >> 58);
  }

  static std::uint64_t byteswap(std::uint64_t v) noexcept {
    std::uint64_t out = 0;
    for (int i = 0; i < 8; ++i) out = (out << 8) | ((v >> (8 * i)) & 0xffu);
    return out;
  }

  /// Whether two raw keys are the same text: byte by byte to the first unescaped quote.
  static bool same_key(const char* a, const char* b) noexcept {
    for (std::size_t i = 0;; ++i) {
      if (a[i] != b[i]) return false;
      if (a[i] == '"') return true;
      if (a[i] == '\\') {
        ++i;
        if (a[i] != b[i]) return false;
      }
    }
  }

  [[nodiscard]] const char* at(std::size_t i) const noexcept { return i < on_stack ? stack_[i] : more_[i - on_stack]; }

  SLUICE_ALWAYS_INLINE void push(const char* raw) {
    if (count_ < on_stack) {
      stack_[count_] = raw;
    } else {
      if (count_ == on_stack) more_ = arena_vector<const char*>(mem_, 48);
      more_.push_back(raw);
    }
    ++count_;
  }

  arena& mem_;
  std::uint64_t filter_ = 0;
  std::size_t count_ = 0;
  const char* stack_[on_stack];
  arena_vector<const char*> more_;
};

/**
 * Reads one event. Each step names its field; a failure formats the whole path once, so the
 * success path builds no strings. `what` is the source for messages ("SQS event").
 */
class reader {
 public:
  reader(arena& mem, std::string_view what) noexcept : mem_(mem), what_(what) {}

  [[nodiscard]] arena& mem() const noexcept { return mem_; }
  [[nodiscard]] std::string_view what() const noexcept { return what_; }
  [[nodiscard]] const event_error& error() const noexcept { return error_; }
  [[nodiscard]] bool failed() const noexcept { return error_.problem != event_problem::none; }

  /// The path below which fields are read: `{"Records", 3}` then `{"dynamodb"}`.
  class scope {
   public:
    scope(reader& r, std::string_view name, std::int64_t index = -1) noexcept : r_(r) {
      if (r_.depth_ < max_depth) r_.parts_[r_.depth_] = {name, index};
      ++r_.depth_;
    }
    ~scope() { --r_.depth_; }
    scope(const scope&) = delete;
    scope& operator=(const scope&) = delete;

   private:
    reader& r_;
  };

  /**
   * While a payload's source is not yet known (its `eventSource` may come last), a field of
   * the wrong type may only mean it is another source's event: such problems are kept, not
   * raised, until `raise_deferred()`.
   */
  void defer_problems(bool on) noexcept { deferring_ = on; }
  [[nodiscard]] bool has_deferred() const noexcept { return deferred_.problem != event_problem::none; }
  bool raise_deferred() {
    if (!failed()) error_ = deferred_;
    deferred_ = {};
    return false;
  }
  void drop_deferred() noexcept { deferred_ = {}; }

  /// Fails with `problem`: "<what>: '<path>.<name>' <message>".
  bool fail(std::string_view name, std::string_view message, event_problem problem = event_problem::invalid_event) {
    if (failed()) return false;  // the first problem is the one reported
    if (deferring_ && problem == event_problem::invalid_event && has_deferred()) return true;
    arena_string m(mem_);
    m.append(what_);
    m.append(": '");
    bool first = true;
    for (std::size_t i = 0; i < depth_ && i < max_depth; ++i) {
      if (!parts_[i].name.empty()) {
        if (!first) m.push_back('.');
        m.append(parts_[i].name);
        first = false;
      }
      if (parts_[i].index >= 0) append_index(m, parts_[i].index);
    }
    if (!name.empty()) {
      if (!first) m.push_back('.');
      m.append(name);
    }
    m.append("' ");
    m.append(message);
    if (deferring_ && problem == event_problem::invalid_event) {
      deferred_ = {problem, m.view()};
      return true;  // read on: the source decides whether this is a problem
    }
    error_ = {problem, m.view()};
    return false;
  }

  /// Fails with a message that names no field.
  bool fail_whole(std::string_view message, event_problem problem) {
    if (failed()) return false;
    arena_string m(mem_);
    m.append(what_);
    m.append(": ");
    m.append(message);
    error_ = {problem, m.view()};
    return false;
  }

  bool not_json() { return fail_whole("the payload is not valid JSON", event_problem::not_json); }

  /// Forgets the problem found so far (a more basic one is about to be reported).
  void clear_error() noexcept { error_ = {}; }

  /// The document being read (set by `read_root`), for checks on the error path.
  void set_input(std::string_view text) noexcept { input_ = text; }
  [[nodiscard]] std::string_view input() const noexcept { return input_; }

  static bool is_null(od::value& v) noexcept {
    bool null = false;
    return v.is_null().get(null) == simdjson::SUCCESS && null;
  }

  /**
   * A string (null reads as empty), escapes undone into the arena only when it has any. A key
   * sent twice is refused (`out` already set): two readers could take different values.
   */
  SLUICE_ALWAYS_INLINE bool text(od::value& v, std::string_view name, std::string_view& out) {
    raw_string raw;
    if (SLUICE_LIKELY(out.empty()) && json::consume_string(v, raw)) {
      if (SLUICE_LIKELY(!raw.escaped)) {
        out = raw.text;
        return true;
      }
      return unescaped_text(raw, name, out);
    }
    return not_a_new_string(v, name, out);
  }

  /// `text` for a string with escapes, consumed already.
  SLUICE_NOINLINE bool unescaped_text(const raw_string& raw, std::string_view name, std::string_view& out) {
    const std::optional<std::string_view> s = unescape(raw, mem_);
    if (!s) return fail(name, "has an invalid escape sequence");
    out = *s;
    return true;
  }

  /// `text` for the rest: a key sent twice, null, another type.
  SLUICE_NOINLINE bool not_a_new_string(od::value& v, std::string_view name, std::string_view& out) {
    if (!out.empty()) return fail(name, "is sent twice");
    if (is_null(v)) return true;
    return fail(name, "must be a string");
  }

  /// A string, or nullopt for null.
  bool optional_text(od::value& v, std::string_view name, std::optional<std::string_view>& out) {
    switch (json::read_string(v, mem_, out)) {
      case json::read_error::none: return true;
      case json::read_error::wrong_type: return fail(name, "must be a string");
      case json::read_error::bad_escape: return fail(name, "has an invalid escape sequence");
    }
    return false;
  }

  /// A string kept as it is in the input, escapes intact, for decoding on first use.
  bool lazy_text(od::value& v, std::string_view name, raw_string& out) {
    if (!out.text.empty()) return fail(name, "is sent twice");
    switch (json::raw_string_value(v, out)) {
      case json::string_kind::string: return true;
      case json::string_kind::null: out = {}; return true;
      case json::string_kind::other: return fail(name, "must be a string");
    }
    return false;
  }

  bool integer(od::value& v, std::string_view name, std::int64_t& out) {
    if (v.get_int64().get(out) == simdjson::SUCCESS) return true;
    return fail(name, "must be an integer");
  }

  bool number(od::value& v, std::string_view name, double& out) {
    if (json::get_double(v, out) == simdjson::SUCCESS) return true;  // exact for long fractions
    return fail(name, "must be a number");
  }

  bool boolean(od::value& v, std::string_view name, bool& out) {
    if (v.get_bool().get(out) == simdjson::SUCCESS) return true;
    return fail(name, "must be true or false");
  }

  /// An ISO-8601 time string (null or empty: the epoch, as AWS's test events send none).
  bool iso_time(od::value& v, std::string_view name, timestamp& out) {
    std::string_view s;
    if (!text(v, name, s)) return false;
    if (s.empty() || parse_iso8601_utc(s, out)) return true;  // not through an optional: no store and reload
    const std::optional<timestamp> t = parse_iso8601_general(s);
    if (!t) return fail(name, "must be an ISO-8601 time such as 2019-10-29T02:36:48Z");
    out = *t;
    return true;
  }

  /// Epoch seconds as a number, integer or fraction.
  bool epoch_seconds_number(od::value& v, std::string_view name, timestamp& out) {
    double s = 0;
    if (!number(v, name, s)) return false;
    const std::optional<timestamp> t = epoch_seconds(s);
    if (!t) return fail(name, "must be a time in seconds since 1970");
    out = *t;
    return true;
  }

  /// Epoch milliseconds as an integer.
  bool epoch_ms_number(od::value& v, std::string_view name, timestamp& out) {
    std::int64_t ms = 0;
    if (!integer(v, name, ms)) return false;
    out = timestamp(std::chrono::milliseconds(ms));
    return true;
  }

  /// Epoch milliseconds as an integer, or as decimal digits in a string (AWS's own ActiveMQ
  /// example sends `"expiration": "60000"`, its test fixtures a number).
  bool epoch_ms_number_or_digits(od::value& v, std::string_view name, timestamp& out) {
    std::string_view digits;
    if (v.get_string().get(digits) != simdjson::SUCCESS) return epoch_ms_number(v, name, out);
    const std::optional<timestamp> t = parse_epoch_ms_text(digits);
    if (!t) return fail(name, "must be epoch milliseconds, a number or a string of digits");
    out = *t;
    return true;
  }

  /// Epoch milliseconds as an integer, or an ISO-8601 string (SAM's Firehose samples send one).
  bool epoch_ms_or_iso(od::value& v, std::string_view name, timestamp& out) {
    od::json_type type{};
    if (v.type().get(type) == simdjson::SUCCESS && type == od::json_type::string) return iso_time(v, name, out);
    std::int64_t ms = 0;
    if (v.get_int64().get(ms) != simdjson::SUCCESS) return fail(name, "must be epoch milliseconds or an ISO-8601 time");
    out = timestamp(std::chrono::milliseconds(ms));
    return true;
  }

  /**
   * Calls `f(key, value)` for each member of an object; `key` is the raw key (escapes
   * intact, compare with `json::key_is`-style literals or `key_text`). Null is empty.
   */
  template <class F>
  bool members(od::value& v, std::string_view name, F&& f) {
    od::object obj;
    if (v.get_object().get(obj) != simdjson::SUCCESS) return is_null(v) || fail(name, "must be an object");
    scope in(*this, name);
    seen_keys seen(mem_);
    for (auto result : obj) {
      if (result.error() != simdjson::SUCCESS) return not_json();
      od::field& field = json::in_place(result);
      if (!seen.note(field.key().raw()) && !fail(json::raw_key(field).text, "is sent twice")) return false;
      od::value& value = field.value();  // a reference: a copy costs a store-forwarding stall per field
      if (!f(field, value)) return false;
    }
    if (const std::string_view key = seen.repeated(); !key.empty()) return fail(key, "is sent twice");
    return true;
  }

  /// Calls `f(index, value)` for each element of an array. Null is empty.
  template <class F>
  bool elements(od::value& v, std::string_view name, F&& f) {
    od::array arr;
    if (v.get_array().get(arr) != simdjson::SUCCESS) return is_null(v) || fail(name, "must be an array");
    std::size_t i = 0;
    for (auto result : arr) {
      if (result.error() != simdjson::SUCCESS) return not_json();
      od::value& item = json::in_place(result);
      scope at(*this, name, static_cast<std::int64_t>(i));
      if (!f(i, item)) return false;
      ++i;
    }
    return true;
  }

  /// Each string of an array of strings, into an arena vector.
  bool strings(od::value& v, std::string_view name, arena_vector<std::string_view>& out) {
    return elements(v, name, [&](std::size_t, od::value& item) {
      std::string_view s;
      if (!text(item, {}, s)) return false;
      out.push_back(s);
      return true;
    });
  }

  /// A member's key, escapes undone (AWS writes user keys, e.g. DynamoDB attribute names).
  bool key_text(od::field& f, std::string_view& out) {
    const raw_string raw = json::raw_key(f);
    const std::optional<std::string_view> k = unescape(raw, mem_);
    if (!k) return fail(raw.text, "is a key with an invalid escape sequence");
    out = *k;
    return true;
  }

  /// The raw JSON text of an object or array value (for bodies read later).
  bool raw_json(od::value& v, std::string_view& out) {
    od::json_type type{};
    if (v.type().get(type) != simdjson::SUCCESS) return not_json();
    simdjson::error_code e = simdjson::SUCCESS;
    if (type == od::json_type::object) {
      od::object obj;
      e = v.get_object().get(obj);
      if (e == simdjson::SUCCESS) e = obj.raw_json().get(out);
    } else if (type == od::json_type::array) {
      od::array arr;
      e = v.get_array().get(arr);
      if (e == simdjson::SUCCESS) e = arr.raw_json().get(out);
    } else {
      out = v.raw_json_token();
    }
    if (e != simdjson::SUCCESS) return not_json();
    while (!out.empty() && (out.back() == ' ' || out.back() == '\n' || out.back() == '\r' || out.back() == '\t')) {
      out.remove_suffix(1);
    }
    return true;
  }

 private:
  static void append_index(arena_string& m, std::int64_t index) {
    char digits_buffer[24];
    const auto r = std::to_chars(digits_buffer, digits_buffer + sizeof digits_buffer, index);
    m.push_back('[');
    m.append(std::string_view(digits_buffer, static_cast<std::size_t>(r.ptr - digits_buffer)));
    m.push_back(']');
  }

  static constexpr std::size_t max_depth = 12;
  struct part {
    std::string_view name;
    std::int64_t index = -1;
  };

  arena& mem_;
  std::string_view what_;
  part parts_[max_depth]{};
  std::size_t depth_ = 0;
  event_error error_{};
  event_error deferred_{};
  bool deferring_ = false;
  std::string_view input_;
};

/// Whether the raw key (just past its opening quote) is `literal`.
template <std::size_t N>
[[nodiscard]] inline bool is(od::field& f, const char (&literal)[N]) noexcept {
  return json::key_is(f.key().raw(), literal);
}

/**
 * Iterates the document's root object with `f(field, value)`, and checks that nothing
 * follows it. Not JSON, a root that is not an object: the matching problem.
 */
template <class F>
bool read_root(od::parser& parser, simdjson::padded_string_view json_text, reader& r, F&& f) {
  r.set_input(std::string_view(json_text.data(), json_text.size()));
  od::document doc;
  if (parser.iterate(json_text).get(doc) != simdjson::SUCCESS) return r.not_json();
  od::object root;
  if (doc.get_object().get(root) != simdjson::SUCCESS) {
    if (!json::is_valid_json(std::string_view(json_text.data(), json_text.size()))) return r.not_json();
    return r.fail_whole("expected a JSON object; got another JSON value", event_problem::other_source);
  }
  seen_keys seen(r.mem());
  for (auto result : root) {
    if (result.error() != simdjson::SUCCESS) return r.not_json();
    od::field& field = json::in_place(result);
    if (!seen.note(field.key().raw()) && !r.fail(json::raw_key(field).text, "is sent twice")) return false;
    od::value& value = field.value();  // a reference: a copy costs a store-forwarding stall per field
    if (!f(field, value)) {
      // a structural error found while skipping is "not JSON", whatever the step said
      if (r.error().problem != event_problem::not_json &&
          !json::is_valid_json(std::string_view(json_text.data(), json_text.size()))) {
        r.clear_error();
        return r.not_json();
      }
      return false;
    }
  }
  if (json::has_trailing_content(doc)) return r.not_json();
  if (const std::string_view key = seen.repeated(); !key.empty()) return r.fail(key, "is sent twice");
  return true;
}

/// "an object with keys a, b, c" (at most six) or "an object without those fields".
[[nodiscard]] inline std::string_view describe_keys(const arena_vector<std::string_view>& keys, arena& mem) {
  if (keys.empty()) return "an empty object";
  arena_string m(mem);
  m.append("an object with keys ");
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (i != 0) m.append(", ");
    m.append(keys[i]);
  }
  return m.view();
}

/**
 * "expected <expected>; got <seen>", as an other-source problem; or `not_json` when the
 * document is not JSON after all (values a view skips are not validated on the way).
 */
inline bool wrong_source(reader& r, std::string_view expected, std::string_view seen) {
  if (!r.input().empty() && !json::is_valid_json(r.input())) return r.not_json();
  arena_string m(r.mem());
  m.append("expected ");
  m.append(expected);
  m.append("; got ");
  m.append(seen);
  return r.fail_whole(m.view(), event_problem::other_source);
}

/**
 * Ends the wait for a payload's source (see `reader::defer_problems`), once the whole payload
 * is read: true when it was read without a problem and is this source's. Otherwise false with
 * the error set: reading failed; or the payload is not this source's (`is_this_source` false:
 * "expected <expected>; got an object with keys ...", the problems kept for it dropped); or it
 * is, and a problem was kept (raised now).
 */
inline bool settle_source(reader& r, bool read_ok, bool is_this_source, std::string_view expected,
                          const arena_vector<std::string_view>& keys) {
  r.defer_problems(false);
  if (!read_ok) return false;
  if (!is_this_source) {
    r.drop_deferred();
    return wrong_source(r, expected, describe_keys(keys, r.mem()));
  }
  if (r.has_deferred()) return r.raise_deferred();
  return true;
}

/// For `read_records`: a top-level key besides `Records` is not read (-1).
struct no_other_keys {
  int operator()(od::field&, od::value&) const noexcept { return -1; }
};

/**
 * Reads `{"Records": [...]}` with `record(index, value)` per element; `other(field, value)`
 * reads other top-level keys (1 read, -1 not its key, 0 failed). No `Records` array: an
 * other-source problem naming the keys that were there. `expected` describes the source for
 * that message ("an SQS event (Records[].eventSource aws:sqs)").
 */
template <class F, class Other = no_other_keys>
bool read_records(od::parser& parser, simdjson::padded_string_view json_text, reader& r, std::string_view expected,
                  F&& record, Other&& other = {}) {
  bool has_records = false;
  arena_vector<std::string_view> seen(r.mem(), 6);
  const bool ok = read_root(parser, json_text, r, [&](od::field& f, od::value& v) {
    if (is(f, "Records")) {
      has_records = true;
      return r.elements(v, "Records", record);
    }
    const int read = other(f, v);
    if (read < 0 && seen.size() < 6) seen.push_back(json::raw_key(f).text);
    return read != 0;
  });
  if (!ok) return false;
  if (!has_records) return wrong_source(r, expected, describe_keys(seen, r.mem()));
  return true;
}

/// The tumbling-window keys of a Kinesis or DynamoDB Streams event (1, -1, 0 as above).
inline int window_key(reader& r, od::field& f, od::value& v, sluice::events::stream_window& w) {
  bool ok = true;
  if (is(f, "window")) {
    w.present = true;
    ok = r.members(v, "window", [&](od::field& g, od::value& item) {
      if (is(g, "start")) return r.iso_time(item, "start", w.start);
      if (is(g, "end")) return r.iso_time(item, "end", w.end);
      return true;
    });
  } else if (is(f, "state")) {
    ok = r.raw_json(v, w.state_json);
  } else if (is(f, "shardId")) {
    ok = r.text(v, "shardId", w.shard_id);
  } else if (is(f, "isFinalInvokeForWindow")) {
    ok = r.boolean(v, "isFinalInvokeForWindow", w.final_invoke);
  } else if (is(f, "isWindowTerminatedEarly")) {
    ok = r.boolean(v, "isWindowTerminatedEarly", w.terminated_early);
  } else if (is(f, "eventSourceARN")) {
    ok = r.text(v, "eventSourceARN", w.event_source_arn);
  } else {
    return -1;
  }
  return ok ? 1 : 0;
}

/// The record's `eventSource` must be `source`.
inline bool check_source(reader& r, std::string_view expected, std::string_view source, std::string_view seen) {
  if (seen == source) return true;
  arena_string m(r.mem());
  if (seen.empty()) {
    m.append("a record without eventSource");
  } else {
    m.append("a record with eventSource \"");
    m.append(seen);
    m.append("\"");
  }
  return wrong_source(r, expected, m.view());
}

/**
 * Reads one record's members with `f` while its problems are deferred, then checks that its
 * `eventSource` (read by `f` into `seen`) is `source`: another source's record is an
 * other-source problem, whatever else was wrong with it; then deferred problems are raised.
 */
template <class F>
bool read_record(reader& r, od::value& v, std::string_view expected, std::string_view source,
                 std::string_view& seen, F&& f) {
  r.defer_problems(true);
  const bool read = r.members(v, {}, f);
  r.defer_problems(false);
  if (!read) return false;
  if (seen != source) {
    r.drop_deferred();
    return check_source(r, expected, source, seen);
  }
  if (r.has_deferred()) return r.raise_deferred();
  return true;
}

/// Lazily decodes a JSON string kept with its escapes.
[[nodiscard]] inline sluice::events::decoded<std::string_view> unescaped(raw_string raw, arena& mem,
                                                                        std::string_view why) {
  const std::optional<std::string_view> s = unescape(raw, mem);
  if (!s) return sluice::events::decoded<std::string_view>::failure(why);
  return *s;
}

/// Lazily decodes base64 text kept from the event (escapes undone first: AWS writes `\/`).
[[nodiscard]] inline sluice::events::decoded<std::string_view> base64_bytes(raw_string raw, arena& mem,
                                                                           std::string_view why) {
  const std::optional<std::string_view> text = unescape(raw, mem);
  if (!text) return sluice::events::decoded<std::string_view>::failure(why);
  const std::optional<std::string_view> bytes = base64_decode(*text, mem);
  if (!bytes) return sluice::events::decoded<std::string_view>::failure(why);
  return *bytes;
}

}  // namespace sluice::detail::event_json
