// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// Writes a response as the JSON each HTTP source expects (DESIGN section 4):
// payload 1.0 `headers`/`multiValueHeaders`, 2.0 `cookies[]`, ALB in the request's mode,
// base64 for binary bodies, explicit `statusCode`, checked headers and size.

#include <charconv>
#include <cstddef>
#include <string>
#include <span>
#include <string_view>

#include "sluice/detail/base64.hpp"
#include "sluice/detail/json_text.hpp"
#include "sluice/detail/output_buffer.hpp"
#include "sluice/detail/text.hpp"
#include "sluice/request.hpp"
#include "sluice/response.hpp"

namespace sluice::detail {

using namespace std::string_view_literals;

/// Largest response each source takes: Lambda's synchronous payload limit, and ALB's 1 MB.
[[nodiscard]] constexpr std::size_t response_limit(http_source s) noexcept {
  return s == http_source::alb ? 1'048'576 : 6'291'556;
}

/// Largest body of a streamed answer (Lambda response streaming: 200 MB).
inline constexpr std::size_t streamed_response_limit = 200 * 1024 * 1024;

/// The reason phrase of each code in IANA's HTTP status code registry (RFC 9110 and the
/// RFCs it lists), for ALB's `statusDescription`; empty for a code it does not name.
[[nodiscard]] constexpr std::string_view reason_phrase(int status) noexcept {
  switch (status) {
    case 100: return "Continue";
    case 101: return "Switching Protocols";
    case 102: return "Processing";
    case 103: return "Early Hints";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 203: return "Non-Authoritative Information";
    case 204: return "No Content";
    case 205: return "Reset Content";
    case 206: return "Partial Content";
    case 207: return "Multi-Status";
    case 208: return "Already Reported";
    case 226: return "IM Used";
    case 300: return "Multiple Choices";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 305: return "Use Proxy";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 402: return "Payment Required";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 407: return "Proxy Authentication Required";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 411: return "Length Required";
    case 412: return "Precondition Failed";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 416: return "Range Not Satisfiable";
    case 417: return "Expectation Failed";
    case 421: return "Misdirected Request";
    case 422: return "Unprocessable Content";
    case 423: return "Locked";
    case 424: return "Failed Dependency";
    case 425: return "Too Early";
    case 426: return "Upgrade Required";
    case 428: return "Precondition Required";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 451: return "Unavailable For Legal Reasons";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    case 505: return "HTTP Version Not Supported";
    case 506: return "Variant Also Negotiates";
    case 507: return "Insufficient Storage";
    case 508: return "Loop Detected";
    case 510: return "Not Extended";
    case 511: return "Network Authentication Required";
    default: return "";
  }
}

/// RFC 9110 token characters, the only ones a header name may use.
[[nodiscard]] constexpr bool is_token_char(char c) noexcept {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+':
    case '-': case '.': case '^': case '_': case '`': case '|': case '~':
      return true;
    default:
      return false;
  }
}

[[nodiscard]] constexpr bool is_valid_header_name(std::string_view name) noexcept {
  if (name.empty()) return false;
  for (const char c : name) {
    if (!is_token_char(c)) return false;
  }
  return true;
}

/// No CR, LF, NUL or other control byte (HTAB is allowed).
[[nodiscard]] constexpr bool is_valid_header_value(std::string_view value) noexcept {
  for (const char ch : value) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c < 0x20 && c != '\t') || c == 0x7F) return false;
  }
  return true;
}

/// What went wrong while writing, if anything: the response is then replaced by a 500.
enum class response_problem : unsigned char { none, invalid_status, invalid_header, too_many_cookies_for_alb, too_large };

[[nodiscard]] constexpr std::string_view describe(response_problem p) noexcept {
  switch (p) {
    case response_problem::none: return "";
    case response_problem::invalid_status: return "the handler returned a status outside 100-599";
    case response_problem::invalid_header:
      return "the handler set a header whose name is not an HTTP token or whose value holds CR, LF or NUL";
    case response_problem::too_many_cookies_for_alb:
      return "the response sets several cookies, but the ALB target group sends single-value headers; "
             "enable lambda.multi_value_headers.enabled";
    case response_problem::too_large: return "the response is larger than the event source accepts";
  }
  return "";
}

class response_writer {
 public:
  response_writer(output_buffer& out, http_source source, bool alb_multi_value) noexcept
      : out_(out), source_(source), alb_multi_(alb_multi_value) {}

  /// Writes `r`; `omit_body` for HEAD. Returns what was wrong, leaving `out` unspecified.
  [[nodiscard]] response_problem write(const response& r, bool omit_body) {
    out_.clear();
    if (const response_problem p = take_lines(r); p != response_problem::none) return p;

    out_.append("{\"statusCode\":"sv);
    number(r.status());
    switch (source_) {
      case http_source::http_api_v2:
      case http_source::function_url:
        headers_object("headers", shape::joined, /*skip_cookies=*/true);
        cookies_array();
        break;
      case http_source::rest_api:
      case http_source::http_api_v1:
        headers_object("headers", shape::single_only, false);
        if (has_repeated_name()) headers_object("multiValueHeaders", shape::repeated_only, false);
        break;
      case http_source::alb:
        out_.append(",\"statusDescription\":\""sv);
        number(r.status());
        out_.push_back(' ');
        out_.append(reason_phrase(r.status()));
        out_.push_back('"');
        if (alb_multi_) {
          headers_object("multiValueHeaders", shape::all_as_arrays, false);
        } else {
          if (count_named("set-cookie") > 1) return response_problem::too_many_cookies_for_alb;
          headers_object("headers", shape::joined, false);
        }
        break;
    }
    const std::string_view body = omit_body ? std::string_view{} : r.body();
    const bool base64 = r.is_binary() && !body.empty();
    out_.append(",\"body\":\""sv);
    if (base64) {
      base64_encode(body, out_.extend(base64_encoded_size(body.size())));
    } else {
      escape_json(body, out_);
    }
    out_.append(base64 ? "\",\"isBase64Encoded\":true}"sv : "\",\"isBase64Encoded\":false}"sv);
    if (out_.size() > response_limit(source_)) return response_problem::too_large;
    return response_problem::none;
  }

  /**
   * Writes the prelude of a streamed answer (a Function URL's HTTP integration):
   * `{"statusCode":...,"headers":{...},"cookies":[...]}`. The body follows it unencoded;
   * `body_size` is checked against `streamed_response_limit`.
   */
  [[nodiscard]] response_problem write_prelude(const response& r, std::size_t body_size) {
    out_.clear();
    if (const response_problem p = take_lines(r); p != response_problem::none) return p;
    out_.append("{\"statusCode\":"sv);
    number(r.status());
    headers_object("headers", shape::joined, /*skip_cookies=*/true);
    cookies_array();
    out_.push_back('}');
    return body_size > streamed_response_limit ? response_problem::too_large : response_problem::none;
  }

 private:
  /// Checks the status and the header lines, and gathers them, cookies as Set-Cookie lines,
  /// in one list so that each shape is one rule.
  [[nodiscard]] response_problem take_lines(const response& r) {
    if (r.status() < 100 || r.status() > 599) return response_problem::invalid_status;
    arena_vector<header_field> lines(current_arena(), r.headers().size() + r.cookies().size());
    for (const auto& h : r.headers()) {
      if (!is_valid_header_name(h.name) || !is_valid_header_value(h.value)) return response_problem::invalid_header;
      lines.push_back(h);
    }
    for (const auto c : r.cookies()) {
      if (!is_valid_header_value(c)) return response_problem::invalid_header;
      lines.push_back({"Set-Cookie", c});
    }
    lines_ = {lines.begin(), lines.size()};
    return response_problem::none;
  }

  enum class shape : unsigned char {
    joined,         // "name": "v1, v2"
    single_only,    // names with one line, as strings
    repeated_only,  // names with several lines, as arrays
    all_as_arrays,  // every name, as arrays
  };

  void number(int n) {
    char buf[16];
    const auto r = std::to_chars(buf, buf + sizeof buf, n);
    out_.append(buf, static_cast<std::size_t>(r.ptr - buf));
  }
  void string(std::string_view s) {
    out_.push_back('"');
    escape_json(s, out_);
    out_.push_back('"');
  }
  [[nodiscard]] std::size_t count_named(std::string_view name) const noexcept {
    std::size_t n = 0;
    for (const auto& h : lines_) n += iequals(h.name, name);
    return n;
  }
  [[nodiscard]] bool first_of_name(std::size_t i) const noexcept {
    for (std::size_t k = 0; k < i; ++k) {
      if (iequals(lines_[k].name, lines_[i].name)) return false;
    }
    return true;
  }
  [[nodiscard]] bool has_repeated_name() const noexcept {
    for (std::size_t i = 0; i < lines_.size(); ++i) {
      if (first_of_name(i) && count_named(lines_[i].name) > 1) return true;
    }
    return false;
  }

  void headers_object(std::string_view field, shape how, bool skip_cookies) {
    out_.append(",\""sv);
    out_.append(field);
    out_.append("\":{"sv);
    bool first = true;
    for (std::size_t i = 0; i < lines_.size(); ++i) {
      const std::string_view name = lines_[i].name;
      if (!first_of_name(i) || (skip_cookies && iequals(name, "set-cookie"))) continue;
      const std::size_t count = count_named(name);
      if ((how == shape::single_only && count > 1) || (how == shape::repeated_only && count < 2)) continue;
      if (!first) out_.push_back(',');
      first = false;
      string(name);
      const bool arrays = how == shape::repeated_only || how == shape::all_as_arrays;
      out_.append(arrays ? ":[\""sv : ":\""sv);
      bool first_value = true;
      for (std::size_t k = i; k < lines_.size(); ++k) {
        if (!iequals(lines_[k].name, name)) continue;
        if (!first_value) out_.append(arrays ? "\",\""sv : ", "sv);
        first_value = false;
        escape_json(lines_[k].value, out_);
      }
      out_.append(arrays ? "\"]"sv : "\""sv);
    }
    out_.push_back('}');
  }

  /// 2.0 sends each Set-Cookie in `cookies`: never several in `headers`.
  void cookies_array() {
    if (count_named("set-cookie") == 0) return;
    out_.append(",\"cookies\":["sv);
    bool first = true;
    for (const auto& h : lines_) {
      if (!iequals(h.name, "set-cookie")) continue;
      if (!first) out_.push_back(',');
      first = false;
      string(h.value);
    }
    out_.push_back(']');
  }

  output_buffer& out_;
  http_source source_;
  bool alb_multi_;
  std::span<const header_field> lines_;
};

}  // namespace sluice::detail
