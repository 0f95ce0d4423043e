// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// What a handler returns. Serialisation per source is in detail/http_response.hpp.

#include <cstddef>
#include <span>
#include <string_view>

#include "sluice/detail/arena.hpp"
#include "sluice/detail/text.hpp"
#include "sluice/json_writer.hpp"

namespace sluice {

struct header_field {
  std::string_view name;
  std::string_view value;
};

/**
 * An HTTP response: status, headers, cookies and a body (text, or bytes sent base64).
 * Text given to it is copied into the invocation's arena, so a handler may pass views of
 * its own temporaries.
 *
 * **Example**: `return sluice::response(201).header("Location", "/pets/7").body("{}");`
 */
class response {
 public:
  response() : response(200) {}
  explicit response(int status)
      : status_(status), headers_(detail::current_arena(), 8), cookies_(detail::current_arena(), 2) {}

  response& status(int s) noexcept {
    status_ = s;
    return *this;
  }
  /// Adds a header line; a name may repeat. Names and values are checked when sent: a CR,
  /// LF or NUL, or a name that is not an HTTP token, turns the response into a `500`.
  response& header(std::string_view name, std::string_view value) {
    auto& a = detail::current_arena();
    headers_.push_back({a.copy(name), a.copy(value)});
    return *this;
  }
  /// Sets header `name` to one value: replaces every line of that name (any case), or adds it.
  response& set_header(std::string_view name, std::string_view value) {
    remove_header(name);
    return header(name, value);
  }
  /// Removes every line of header `name` (any case).
  response& remove_header(std::string_view name) {
    headers_.erase_if([&](const header_field& h) { return detail::iequals(h.name, name); });
    return *this;
  }
  /// Adds `token` to a comma-separated header such as `Vary`, unless it is there already. Every
  /// line of that name counts (a handler may have sent `Vary` twice): they become one line
  /// holding all their tokens, and `token`.
  response& append_header_token(std::string_view name, std::string_view token) {
    detail::arena_string joined(detail::current_arena());
    bool present = false;
    for (const header_field& h : headers_) {
      if (!detail::iequals(h.name, name)) continue;
      std::string_view rest = h.value;
      while (!rest.empty()) {
        const std::size_t comma = rest.find(',');
        std::string_view item = rest.substr(0, comma);
        while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
        while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
        present |= detail::iequals(item, token);
        rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
      }
      if (h.value.empty()) continue;
      if (joined.size() != 0) joined.append(", ");
      joined.append(h.value);
    }
    if (!present) {
      if (joined.size() != 0) joined.append(", ");
      joined.append(token);
    }
    return set_header(name, joined.view());
  }
  /// Adds one `Set-Cookie` value, such as `id=7; Path=/; HttpOnly; Secure`.
  response& cookie(std::string_view set_cookie) {
    cookies_.push_back(detail::current_arena().copy(set_cookie));
    return *this;
  }
  response& content_type(std::string_view type) { return header("Content-Type", type); }
  /// Sets a text body (sent as a JSON string; must be UTF-8, invalid bytes become U+FFFD).
  response& body(std::string_view text) {
    body_ = detail::current_arena().copy(text);
    binary_ = false;
    return *this;
  }
  /// Sets a binary body, sent base64-encoded with `isBase64Encoded: true`.
  response& binary_body(std::string_view bytes) {
    body_ = detail::current_arena().copy(bytes);
    binary_ = true;
    return *this;
  }
  /// Sets the body without copying: `text` must live until the response is sent.
  response& body_view(std::string_view text, bool binary = false) noexcept {
    body_ = text;
    binary_ = binary;
    return *this;
  }

  [[nodiscard]] int status() const noexcept { return status_; }
  [[nodiscard]] std::span<const header_field> headers() const noexcept { return {headers_.begin(), headers_.size()}; }
  [[nodiscard]] std::span<const std::string_view> cookies() const noexcept { return {cookies_.begin(), cookies_.size()}; }
  [[nodiscard]] std::string_view body() const noexcept { return body_; }
  [[nodiscard]] bool is_binary() const noexcept { return binary_; }
  /// The first value of header `name` (any case).
  [[nodiscard]] std::string_view header_value(std::string_view name) const noexcept {
    for (const auto& h : headers_) {
      if (detail::iequals(h.name, name)) return h.value;
    }
    return {};
  }

 private:
  int status_;
  detail::arena_vector<header_field> headers_;
  detail::arena_vector<std::string_view> cookies_;
  std::string_view body_;
  bool binary_ = false;
};

/// A JSON body (the text must be JSON) with `Content-Type: application/json`.
[[nodiscard]] inline response json(std::string_view json_text, int status = 200) {
  return std::move(response(status).content_type("application/json").body(json_text));
}
/// The text a `json_writer` built, without copying it.
[[nodiscard]] inline response json(const json_writer& w, int status = 200) {
  return std::move(response(status).content_type("application/json").body_view(w.view()));
}
/// A described struct or any value `json_writer` can write.
template <class T>
  requires(!std::is_convertible_v<const T&, std::string_view>)
[[nodiscard]] response json(const T& value, int status = 200) {
  json_writer w;
  w.value(value);
  return json(w, status);
}
/// `text/plain; charset=utf-8`.
[[nodiscard]] inline response text(std::string_view body, int status = 200) {
  return std::move(response(status).content_type("text/plain; charset=utf-8").body(body));
}
/// Bytes, sent base64-encoded.
[[nodiscard]] inline response binary(std::string_view bytes, std::string_view content_type, int status = 200) {
  return std::move(response(status).content_type(content_type).binary_body(bytes));
}
/// No body; `204` unless told otherwise.
[[nodiscard]] inline response empty(int status = 204) { return response(status); }
/// A redirect to `location` (`302` unless told otherwise: `301`, `303`, `307`, `308`).
[[nodiscard]] inline response redirect(std::string_view location, int status = 302) {
  return std::move(response(status).header("Location", location));
}
/// The error shape of every sluice answer: `{"message": "..."}`.
[[nodiscard]] inline response error(int status, std::string_view message) {
  json_writer w;
  w.begin_object().field("message", message).end_object();
  return json(w, status);
}

}  // namespace sluice
