// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// The Lambda Runtime API client (../shared/notes/runtime-api.md): `next`, `response`,
// `error`, `init/error` and streamed responses over one persistent HTTP/1.1 connection.
// It moves bytes and reads the `Lambda-Runtime-*` headers; it knows no event source.

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <string>
#include <string_view>
#include <type_traits>

#include "sluice/detail/base64.hpp"
#include "sluice/detail/http1.hpp"
#include "sluice/detail/json_text.hpp"
#include "sluice/detail/output_buffer.hpp"
#include "sluice/detail/text.hpp"
#include "sluice/invocation.hpp"

namespace sluice::detail {

/// The `User-Agent` of every request: its first token is recorded as the runtime's release.
inline constexpr std::string_view runtime_user_agent = "sluice/0.1.0";
inline constexpr std::string_view runtime_prefix = "/2018-06-01/runtime/";

struct runtime_limits {
  std::size_t max_head_bytes = 1024 * 1024;        // a reply's header lines (Rust and .NET: 1 MiB)
  std::size_t max_event_bytes = 32 * 1024 * 1024;  // Lambda's synchronous limit is 6 MB
  std::size_t event_padding = 64;                  // readable bytes after the event (simdjson)
  int connect_timeout_ms = 2000;
};

/// What `next` gave.
enum class next_outcome : std::uint8_t {
  event,      // an invocation: context and event are ready
  bad_event,  // an invocation whose event cannot be read (too large, truncated): post an error
  failed,     // no usable invocation (connection, garbage, a 4xx, no request id): ask again
  fatal,      // the Runtime API answered 500: the process must exit
  stopped,
};

/// What a POST gave.
enum class post_outcome : std::uint8_t {
  accepted,   // 202
  rejected,   // 400, 403 or another 4xx: the platform refused this answer
  too_large,  // 413: the answer exceeds the platform's limit; the invocation has failed
  fatal,      // 500: the process must exit
  failed,     // no reply (connection, garbage), also after one reconnect
  stopped,
};

/// A short message about the last failure, in a fixed buffer (no allocation, so it also
/// works when memory has run out). Control bytes become '?' so that a log line stays one line.
class problem_text {
 public:
  template <class... Parts>
  void set(const Parts&... parts) noexcept {
    size_ = 0;
    (add(parts), ...);
  }
  [[nodiscard]] std::string_view view() const noexcept { return {text_, size_}; }

 private:
  void add(std::string_view s) noexcept {
    for (const char c : s) {
      if (size_ == sizeof text_) return;
      text_[size_++] = static_cast<unsigned char>(c) < 0x20 || c == 0x7F ? '?' : c;
    }
  }
  void add(const char* s) noexcept { add(std::string_view(s)); }
  template <class N>
    requires std::is_integral_v<N>
  void add(N n) noexcept {
    char digits[24];
    const auto r = std::to_chars(digits, digits + sizeof digits, n);
    add(std::string_view(digits, static_cast<std::size_t>(r.ptr - digits)));
  }

  char text_[1024];
  std::size_t size_ = 0;
};

/// Whether `id` can go into a URL path as it is (RFC 3986 pchar without '%').
[[nodiscard]] constexpr bool is_path_safe_id(std::string_view id) noexcept {
  if (id.empty() || id.size() > 256) return false;
  for (const char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    std::string_view("-._~:@!$&'()*+,;=").find(c) != std::string_view::npos;
    if (!ok) return false;
  }
  return true;
}

/// `Lambda-Runtime-Deadline-Ms`: epoch milliseconds, 0 when absent or not a number, clamped
/// below year 2262 (where `system_clock` nanoseconds end).
[[nodiscard]] inline std::int64_t parse_deadline_ms(std::string_view text) noexcept {
  constexpr std::int64_t latest = 9'000'000'000'000;
  if (text.empty() || text.front() == '-') return 0;
  std::int64_t ms = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), ms);
  if (end != text.data() + text.size()) return 0;
  if (ec == std::errc::result_out_of_range) return latest;
  if (ec != std::errc{} || ms <= 0) return 0;
  return ms < latest ? ms : latest;
}

/**
 * One connection to the Runtime API and the buffers of one loop thread, all reused. The event
 * and the context's views stay valid until the next call of `next`.
 *
 * **Example**:
 * ```
 * runtime_client c(endpoint, {});
 * invocation_context ctx;
 * if (c.next(ctx) == next_outcome::event) (void)c.post_response(answer, "application/json");
 * ```
 */
class runtime_client {
 public:
  runtime_client(const http1::endpoint& ep, const runtime_limits& limits) : endpoint_(ep), limits_(limits) {
    next_request_.append("GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: ");
    next_request_.append(endpoint_.host);
    next_request_.append("\r\nUser-Agent: ");
    next_request_.append(runtime_user_agent);
    next_request_.append("\r\n\r\n");
    // reserved now so that reporting an error never needs the heap (it may have run out)
    head_.reserve(1024);
    error_body_.reserve(40 * 1024);
    reply_.reserve(1024);
    storage_.reserve(4096);
  }
  runtime_client(const runtime_client&) = delete;
  runtime_client& operator=(const runtime_client&) = delete;

  /// Asks for the next invocation (blocks, without a timeout, until there is one).
  [[nodiscard]] next_outcome next(invocation_context& ctx) {
    const function_info* const function = ctx.function;
    ctx = invocation_context{};
    ctx.function = function;
    id_size_ = 0;
    event_.clear();
    storage_.clear();
    for (auto& s : slots_) s = {};
    http1::response_head head;
    const auto keep = [this](std::string_view name, std::string_view value) {
      if (value.empty()) return;  // Managed-Instances RIE sends empty optional headers
      for (std::size_t i = 0; i < header_count; ++i) {
        if (slots_[i].size == 0 && http1::is_named(name, header_names[i])) {
          slots_[i] = {storage_.size(), value.size()};
          storage_.append(value);
        }
      }
    };
    if (const http1::failure f = round_trip({next_request_}, head, keep); f != http1::failure::none) {
      problem_.set("GET next failed: ", http1::describe(f));
      return f == http1::failure::stopped ? next_outcome::stopped : next_outcome::failed;
    }
    if (head.status != 200) return refused(head, "GET next");

    const auto text = [this](std::size_t i) { return std::string_view(storage_.data() + slots_[i].offset, slots_[i].size); };
    ctx.request_id = text(0);
    ctx.deadline_ms = parse_deadline_ms(text(1));
    ctx.invoked_function_arn = text(2);
    ctx.trace_id = text(3);
    ctx.client_context = text(4);
    ctx.cognito_identity = text(5);
    ctx.tenant_id = text(6);
    ctx.content_type = text(7);
    if (!is_path_safe_id(ctx.request_id)) {
      conn_.close();  // the event is not read: this connection is out of step now
      problem_.set(ctx.request_id.empty() ? "GET next: the reply has no Lambda-Runtime-Aws-Request-Id"
                                          : "GET next: the Lambda-Runtime-Aws-Request-Id cannot go into a URL: ",
                   ctx.request_id.substr(0, 80));
      ctx.request_id = {};
      return next_outcome::failed;
    }
    std::memcpy(id_, ctx.request_id.data(), ctx.request_id.size());
    id_size_ = ctx.request_id.size();

    const http1::failure f = conn_.read_body(head, event_, limits_.max_event_bytes, limits_.event_padding);
    if (f != http1::failure::none) {
      conn_.close();
      event_.clear();
      problem_.set("GET next: cannot read the event of invocation ", request_id(), ": ", http1::describe(f));
      if (f == http1::failure::stopped) return next_outcome::stopped;
      bad_event_too_large_ = f == http1::failure::body_too_large;
      return next_outcome::bad_event;
    }
    conn_.finish(head);
    std::memset(event_.extend(limits_.event_padding), 0, limits_.event_padding);  // reserved by read_body
    event_.shrink_by(limits_.event_padding);
    return next_outcome::event;
  }

  /// The event of the last `next`, followed by `padding()` readable zero bytes.
  [[nodiscard]] const char* event_data() const noexcept { return event_.data() == nullptr ? "" : event_.data(); }
  [[nodiscard]] std::size_t event_size() const noexcept { return event_.size(); }
  [[nodiscard]] std::size_t padding() const noexcept { return limits_.event_padding; }
  /// Whether the last `bad_event` was one larger than the limit.
  [[nodiscard]] bool bad_event_was_too_large() const noexcept { return bad_event_too_large_; }
  /// The request id of the last `next` (kept apart from the reply's buffers).
  [[nodiscard]] std::string_view request_id() const noexcept { return {id_, id_size_}; }

  /// POSTs the answer to the current invocation with an exact `Content-Length`.
  [[nodiscard]] post_outcome post_response(std::string_view body, std::string_view content_type) {
    start_post("invocation/", "/response");
    head_line("Content-Type: ", content_type);
    return finish_post(body);
  }

  /// POSTs a failed invocation: `header_type` is `Runtime.*` or `Function.*`; the body is
  /// `{"errorMessage": message, "errorType": error_type, "stackTrace": []}`.
  [[nodiscard]] post_outcome post_error(std::string_view header_type, std::string_view error_type,
                                        std::string_view message) {
    start_post("invocation/", "/error");
    return post_error_body(header_type, error_type, message);
  }

  /// POSTs an init failure (only before the first `next`).
  [[nodiscard]] post_outcome post_init_error(std::string_view header_type, std::string_view error_type,
                                             std::string_view message) {
    id_size_ = 0;
    start_post("init/error", "");
    return post_error_body(header_type, error_type, message);
  }

  /**
   * POSTs a streamed answer (`Lambda-Runtime-Function-Response-Mode: streaming`, chunked):
   * one chunk of `prelude` (sent first, may be empty), one of `body` when there is one, and
   * the last chunk, with the error trailers when `error_type` is not empty (the invocation then
   * fails after its first bytes). The connection is closed afterwards, as the protocol asks.
   */
  [[nodiscard]] post_outcome post_stream(std::string_view content_type, std::string_view prelude, std::string_view body,
                                         std::string_view error_type = {}, std::string_view error_message = {}) {
    start_post("invocation/", "/response");
    head_line("Lambda-Runtime-Function-Response-Mode: ", "streaming");
    head_line("Transfer-Encoding: ", "chunked");
    head_line("Trailer: ", "Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body");
    head_line("Content-Type: ", content_type);
    head_.append("\r\n");
    char prelude_size[24];
    char body_size[24];
    const std::string_view prelude_line = chunk_size_line(prelude_size, prelude.size());
    const std::string_view body_line = chunk_size_line(body_size, body.size());
    const std::string_view crlf = "\r\n";
    reply_.clear();  // the last chunk and its trailers
    reply_.append("0\r\n");
    if (!error_type.empty()) {
      error_json(error_type, error_message);
      reply_.append("Lambda-Runtime-Function-Error-Type: ");
      reply_.append(error_type);
      reply_.append("\r\nLambda-Runtime-Function-Error-Body: ");
      base64_encode(error_body_.view(), reply_.extend(base64_encoded_size(error_body_.size())));
      reply_.append("\r\n");
    }
    reply_.append("\r\n");
    const std::string_view last = reply_.view();
    const post_outcome out =
        send_post({head_.view(), prelude_line, prelude, prelude.empty() ? "" : crlf, body_line, body,
                   body.empty() ? "" : crlf, last});
    conn_.close();
    return out;
  }

  /// Why the last call failed, for the log.
  [[nodiscard]] std::string_view problem() const noexcept { return problem_.view(); }

  /// Makes a blocked call return `stopped`, now and from then on. Safe from any thread.
  void interrupt() noexcept { conn_.interrupt(); }

  /// Drops the connection (after an exception left a reply half read).
  void reset_connection() noexcept { conn_.close(); }

 private:
  static constexpr std::size_t header_count = 8;
  static constexpr std::string_view header_names[header_count] = {
      "lambda-runtime-aws-request-id", "lambda-runtime-deadline-ms",      "lambda-runtime-invoked-function-arn",
      "lambda-runtime-trace-id",       "lambda-runtime-client-context",   "lambda-runtime-cognito-identity",
      "lambda-runtime-aws-tenant-id",  "content-type"};
  struct slot {
    std::size_t offset = 0;
    std::size_t size = 0;
  };

  static std::string_view chunk_size_line(char (&buffer)[24], std::size_t n) noexcept {
    if (n == 0) return {};
    const auto r = std::to_chars(buffer, buffer + 20, n, 16);
    *r.ptr = '\r';
    *(r.ptr + 1) = '\n';
    return {buffer, static_cast<std::size_t>(r.ptr + 2 - buffer)};
  }

  void start_post(std::string_view what, std::string_view tail) {
    head_.clear();
    head_.append("POST ");
    head_.append(runtime_prefix);
    head_.append(what);
    head_.append(request_id());
    head_.append(tail);
    head_.append(" HTTP/1.1\r\nHost: ");
    head_.append(endpoint_.host);
    head_.append("\r\nUser-Agent: ");
    head_.append(runtime_user_agent);
    head_.append("\r\n");
  }
  void head_line(std::string_view name, std::string_view value) {
    head_.append(name);
    head_.append(value);
    head_.append("\r\n");
  }

  void error_json(std::string_view error_type, std::string_view message) {
    if (message.size() > 4096) {  // bounded, so the reserved buffer always suffices
      std::size_t n = 4096;
      while (n > 0 && (static_cast<unsigned char>(message[n]) & 0xC0) == 0x80) --n;
      message = message.substr(0, n);
    }
    error_body_.clear();
    error_body_.append("{\"errorMessage\":\"");
    escape_json(message, error_body_);
    error_body_.append("\",\"errorType\":\"");
    escape_json(error_type.substr(0, 256), error_body_);
    error_body_.append("\",\"stackTrace\":[]}");
  }

  post_outcome post_error_body(std::string_view header_type, std::string_view error_type, std::string_view message) {
    head_line("Lambda-Runtime-Function-Error-Type: ", header_type);
    head_line("Content-Type: ", "application/json");
    error_json(error_type, message);
    return finish_post(error_body_.view());
  }

  post_outcome finish_post(std::string_view body) {
    char digits[24];
    const auto r = std::to_chars(digits, digits + sizeof digits, body.size());
    head_line("Content-Length: ", std::string_view(digits, static_cast<std::size_t>(r.ptr - digits)));
    head_.append("\r\n");
    return send_post({head_.view(), body});
  }

  post_outcome send_post(std::initializer_list<std::string_view> parts) {
    http1::response_head head;
    const http1::failure f = round_trip(parts, head, [](std::string_view, std::string_view) {});
    if (f != http1::failure::none) {
      problem_.set("POST ", path_of_head(), " failed: ", http1::describe(f));
      return f == http1::failure::stopped ? post_outcome::stopped : post_outcome::failed;
    }
    reply_.clear();
    if (conn_.read_body(head, reply_, 64 * 1024, 0) == http1::failure::none) {
      conn_.finish(head);
    } else {
      conn_.close();
    }
    if (head.status == 202) return post_outcome::accepted;
    problem_.set("POST ", path_of_head(), ": ", head.status, " ", reply_.view().substr(0, 512));
    if (head.status == 413) return post_outcome::too_large;
    if (head.status >= 500) return post_outcome::fatal;
    if (head.status >= 400) return post_outcome::rejected;
    return post_outcome::failed;
  }

  next_outcome refused(const http1::response_head& head, std::string_view what) {
    reply_.clear();
    if (conn_.read_body(head, reply_, 64 * 1024, 0) == http1::failure::none) {
      conn_.finish(head);
    } else {
      conn_.close();
    }
    problem_.set(what, ": ", head.status, " ", reply_.view().substr(0, 512));
    return head.status >= 500 ? next_outcome::fatal : next_outcome::failed;
  }

  [[nodiscard]] std::string_view path_of_head() const noexcept {
    const std::string_view h = head_.view();
    const std::size_t start = h.find(' ') + 1;
    return h.substr(start, h.find(' ', start) - start);
  }

  /// Sends a request and reads the reply's head. A kept-alive connection the peer has closed
  /// meanwhile is reopened and the request sent once more.
  template <class OnHeader>
  http1::failure round_trip(std::initializer_list<std::string_view> parts, http1::response_head& head,
                            OnHeader&& on_header) {
    for (int attempt = 0;; ++attempt) {
      const bool reused = conn_.is_open();
      http1::failure f = reused ? http1::failure::none : conn_.open(endpoint_, limits_.connect_timeout_ms);
      if (f == http1::failure::none) f = conn_.send(parts);
      if (f == http1::failure::none) f = conn_.read_head(head, limits_.max_head_bytes, on_header);
      if (f == http1::failure::none) return f;
      conn_.close();
      if (!reused || attempt > 0 || (f != http1::failure::closed && f != http1::failure::io)) return f;
    }
  }

  http1::endpoint endpoint_;
  runtime_limits limits_;
  http1::connection conn_;
  std::string next_request_;
  output_buffer head_;        // the head of the request being sent
  output_buffer error_body_;  // error JSON
  output_buffer reply_;       // a reply's body, or a stream's last chunk
  output_buffer event_;       // the event, then `padding` zero bytes
  output_buffer storage_;     // the `Lambda-Runtime-*` header values of the current invocation
  slot slots_[header_count];
  char id_[256];
  std::size_t id_size_ = 0;
  bool bad_event_too_large_ = false;
  problem_text problem_;
};

}  // namespace sluice::detail
