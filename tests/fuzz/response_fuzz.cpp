// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors

// Response serialisation (`detail::response_writer`) for every HTTP source, from any status,
// header lines, cookies and body. The writer either names a problem, and then exactly the one
// a reference check written here finds first (a status outside 100..599; a header name that is
// not an RFC 9110 token, or a value or cookie with a control byte other than HTAB; several
// cookies for an ALB in single-value mode; too large), or writes JSON that simdjson's DOM
// parser reads as the source's shape: `statusCode` the status; the header lines grouped by
// name, any case, in the first line's spelling, as the source wants them (payload 2.0 and
// Function URLs joined with ", " and cookies apart; payload 1.0 single lines in `headers`,
// repeated ones in `multiValueHeaders`; ALB all joined or all arrays, with a
// `statusDescription`), no other member; the body base64 when it is binary, else the text with
// each byte of invalid UTF-8 replaced by U+FFFD; within the source's size limit. A streamed
// answer's prelude is the 2.0 shape without a body.
//
// Input: a byte of choices (source, ALB mode, HEAD, binary body, prelude), two bytes of status,
// a byte that may repeat the body up to 128 times (to reach ALB's 1 MB), then records split by
// 0x1E, each a kind byte and its text: 'h' a header line `name:value`, 'c' a cookie, anything
// else the body.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "fuzz.hpp"
#include "sluice/detail/base64.hpp"
#include "sluice/detail/http_response.hpp"
#include "sluice/detail/json.hpp"

namespace response_fuzz {

namespace d = sluice::detail;
using sluice::detail::response_problem;

struct line {
  std::string name;
  std::string value;
};

FUZZ_REFERENCE char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
FUZZ_REFERENCE std::string lowered(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower(c);
  return out;
}

FUZZ_REFERENCE bool reference_token(std::string_view name) {
  constexpr std::string_view allowed =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-.^_`|~";
  return !name.empty() && name.find_first_not_of(allowed) == std::string_view::npos;
}
FUZZ_REFERENCE bool reference_clean(std::string_view value) {
  for (const char ch : value) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == 0x7F || (c < 0x20 && c != '\t')) return false;
  }
  return true;
}

/// The text as a JSON string reads back: valid UTF-8 kept, each other byte one U+FFFD.
FUZZ_REFERENCE std::string as_sent(std::string_view s) {
  std::string out;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t ascii = i;  // a run of ASCII at once: bodies of a megabyte pass here
    while (ascii < s.size() && static_cast<unsigned char>(s[ascii]) < 0x80) ++ascii;
    out.append(s.data() + i, ascii - i);
    i = ascii;
    if (i == s.size()) break;
    const std::size_t n = fuzz::utf8_sequence_at(s, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    out.append(s.substr(i, n));
    i += n;
  }
  return out;
}

/// Header lines grouped by name (any case), in the order names first appear.
struct group {
  std::string name;  // the first line's spelling
  std::vector<std::string> values;
};
FUZZ_REFERENCE std::vector<group> grouped(const std::vector<line>& lines, bool skip_cookies) {
  std::vector<group> groups;
  std::unordered_map<std::string, std::size_t> index;  // lower-case name -> group
  for (const line& l : lines) {
    std::string key = lowered(l.name);
    if (skip_cookies && key == "set-cookie") continue;
    const auto [at, added] = index.try_emplace(std::move(key), groups.size());
    if (added) groups.push_back({l.name, {}});
    groups[at->second].values.push_back(l.value);
  }
  return groups;
}
FUZZ_REFERENCE std::string joined(const std::vector<std::string>& values) {
  std::string out;
  for (std::size_t k = 0; k < values.size(); ++k) out += (k == 0 ? "" : ", ") + values[k];
  return out;
}

std::string_view text_of(simdjson::simdjson_result<simdjson::dom::element> e) {
  std::string_view s;
  FUZZ_CHECK(e.get_string().get(s) == simdjson::SUCCESS);
  return s;
}
std::string_view text_of(simdjson::dom::element e) {
  std::string_view s;
  FUZZ_CHECK(e.get_string().get(s) == simdjson::SUCCESS);
  return s;
}

/// `member` holds exactly `groups`, each as one string (joined) or as an array of strings.
void check_headers(simdjson::dom::object member, const std::vector<group>& groups, bool arrays) {
  FUZZ_CHECK(member.size() == groups.size());
  for (const group& g : groups) {
    simdjson::dom::element value;
    FUZZ_CHECK(member.at_key(as_sent(g.name)).get(value) == simdjson::SUCCESS);
    if (!arrays) {
      FUZZ_CHECK(text_of(value) == as_sent(joined(g.values)));
      continue;
    }
    simdjson::dom::array list;
    FUZZ_CHECK(value.get_array().get(list) == simdjson::SUCCESS);
    FUZZ_CHECK(list.size() == g.values.size());
    std::size_t k = 0;
    for (simdjson::dom::element item : list) FUZZ_CHECK(text_of(item) == as_sent(g.values[k++]));
  }
}

simdjson::dom::object member_object(simdjson::dom::object answer, std::string_view key) {
  simdjson::dom::object o;
  FUZZ_CHECK(answer[key].get_object().get(o) == simdjson::SUCCESS);
  return o;
}

}  // namespace response_fuzz

void fuzz::response_target(const std::uint8_t* data, std::size_t size) {
  using namespace response_fuzz;
  fuzz::input in(data, size);
  const std::uint8_t choices = in.byte();
  const auto source = static_cast<sluice::http_source>(choices % 5);
  const bool alb_multi = (choices & 0x08) != 0;
  const bool head = (choices & 0x10) != 0;
  const bool binary = (choices & 0x20) != 0;
  const bool prelude = (choices & 0x40) != 0;
  const std::uint8_t high = in.byte();
  const std::uint8_t low = in.byte();
  // usually a valid status; with the high bit set, any from -1000 to 31767
  const int bits = ((high & 0x7F) << 8) | low;
  const int status = (high & 0x80) != 0 ? bits - 1000 : 100 + bits % 500;
  const std::uint8_t repeat = in.byte();
  // rarely (its five high bits set: large bodies are slow to check), the body up to 128 times
  const std::size_t copies = (repeat & 0xF8) == 0xF8 ? std::size_t{1} << (repeat & 7) : 1;

  std::vector<line> headers;
  std::vector<std::string> cookies;
  std::string body;
  while (!in.rest().empty()) {
    std::string_view record = in.until('\x1e');
    const char kind = record.empty() ? 'b' : record[0];
    if (!record.empty()) record.remove_prefix(1);
    if (kind == 'h') {
      const std::size_t colon = record.find(':');
      headers.push_back({std::string(record.substr(0, colon)),
                         colon == std::string_view::npos ? std::string() : std::string(record.substr(colon + 1))});
    } else if (kind == 'c') {
      cookies.emplace_back(record);
    } else {
      for (std::size_t k = 0; k < copies; ++k) body.append(record);
    }
  }

  static d::arena arena;
  arena.reset();
  const d::arena_scope scope(arena);
  sluice::response r(status);
  for (const line& l : headers) r.header(l.name, l.value);
  for (const std::string& c : cookies) r.cookie(c);
  if (binary) {
    r.binary_body(body);
  } else {
    r.body(body);
  }

  // every line, cookies as Set-Cookie after the headers, as the writer sees them
  std::vector<line> lines = headers;
  for (const std::string& c : cookies) lines.push_back({"Set-Cookie", c});
  std::size_t set_cookies = 0;
  bool lines_clean = true;
  for (const line& l : headers) lines_clean = lines_clean && reference_token(l.name) && reference_clean(l.value);
  for (const std::string& c : cookies) lines_clean = lines_clean && reference_clean(c);
  for (const line& l : lines) set_cookies += lowered(l.name) == "set-cookie";

  static d::output_buffer out;
  d::response_writer writer(out, source, alb_multi);
  const response_problem problem = prelude ? writer.write_prelude(r, body.size()) : writer.write(r, head);

  if (status < 100 || status > 599) return FUZZ_CHECK(problem == response_problem::invalid_status);
  if (!lines_clean) return FUZZ_CHECK(problem == response_problem::invalid_header);
  const bool alb_single = !prelude && source == sluice::http_source::alb && !alb_multi;
  if (alb_single && set_cookies > 1) return FUZZ_CHECK(problem == response_problem::too_many_cookies_for_alb);
  const std::string_view sent_body = prelude || head ? std::string_view{} : std::string_view(body);
  const bool base64 = binary && !sent_body.empty();
  const std::size_t limit = prelude ? d::streamed_response_limit : d::response_limit(source);
  if (prelude) {
    FUZZ_CHECK(problem == (body.size() > limit ? response_problem::too_large : response_problem::none));
  } else {
    // the body's bytes at their narrowest (unescaped) and everything at its widest (6 bytes a byte)
    const std::size_t least = base64 ? d::base64_encoded_size(sent_body.size()) : sent_body.size();
    std::size_t widest = 256 + 6 * sent_body.size();
    for (const line& l : lines) widest += 16 + 6 * (2 * l.name.size() + l.value.size());
    if (least > limit) return FUZZ_CHECK(problem == response_problem::too_large);
    if (widest <= limit) FUZZ_CHECK(problem == response_problem::none);
    if (problem == response_problem::too_large) return;
    FUZZ_CHECK(problem == response_problem::none);
    FUZZ_CHECK(out.size() <= limit);
  }
  if (problem != response_problem::none) return;

  static simdjson::dom::parser parser;
  simdjson::dom::object answer;
  FUZZ_CHECK(parser.parse(out.data(), out.size()).get_object().get(answer) == simdjson::SUCCESS);
  std::int64_t code = 0;
  FUZZ_CHECK(answer["statusCode"].get_int64().get(code) == simdjson::SUCCESS);
  FUZZ_CHECK(code == status);

  std::size_t members = 1;  // statusCode
  const bool v2_shape = prelude || source == sluice::http_source::http_api_v2 ||
                        source == sluice::http_source::function_url;
  if (v2_shape) {
    check_headers(member_object(answer, "headers"), grouped(lines, true), false);
    ++members;
    if (set_cookies > 0) {
      simdjson::dom::array sent;
      FUZZ_CHECK(answer["cookies"].get_array().get(sent) == simdjson::SUCCESS);
      FUZZ_CHECK(sent.size() == set_cookies);
      std::size_t k = 0;
      for (const line& l : lines) {
        if (lowered(l.name) != "set-cookie") continue;
        FUZZ_CHECK(text_of(sent.at(k++)) == as_sent(l.value));
      }
      ++members;
    }
  } else if (source == sluice::http_source::alb) {
    const std::string_view description = text_of(answer["statusDescription"]);
    FUZZ_CHECK(description.substr(0, 4) == std::to_string(status) + " ");
    ++members;
    check_headers(member_object(answer, alb_multi ? "multiValueHeaders" : "headers"), grouped(lines, false),
                  alb_multi);
    ++members;
  } else {  // payload 1.0
    std::vector<group> single, repeated;
    for (group& g : grouped(lines, false)) (g.values.size() == 1 ? single : repeated).push_back(std::move(g));
    check_headers(member_object(answer, "headers"), single, false);
    ++members;
    if (!repeated.empty()) {
      check_headers(member_object(answer, "multiValueHeaders"), repeated, true);
      ++members;
    }
  }
  if (!prelude) {
    bool flagged = false;
    FUZZ_CHECK(answer["isBase64Encoded"].get_bool().get(flagged) == simdjson::SUCCESS);
    FUZZ_CHECK(flagged == base64);
    const std::string_view text = text_of(answer["body"]);
    if (base64) {
      const auto bytes = d::base64_decode(text, arena);
      FUZZ_CHECK(bytes.has_value() && *bytes == sent_body);
    } else {
      FUZZ_CHECK(text == as_sent(sent_body));
    }
    members += 2;
  }
  FUZZ_CHECK(answer.size() == members);
}
