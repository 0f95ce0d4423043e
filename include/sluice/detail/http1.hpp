// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// A small HTTP/1.1 client over one POSIX socket, enough for the Lambda Runtime API: a request
// goes out in one `sendmsg`, a reply is read with bounded buffers (Content-Length, chunked, or
// until the peer closes) and its header lines are handed to the caller as views. It knows
// HTTP/1.1 framing (RFC 9112); nothing about Lambda.

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "sluice/detail/output_buffer.hpp"
#include "sluice/detail/text.hpp"

namespace sluice::detail::http1 {

/// Why a request or a reply failed. Every reply, however broken, ends in one of these.
enum class failure : std::uint8_t {
  none,
  connect,         // no connection: refused, unreachable, timed out
  closed,          // the peer closed the connection before the reply was complete
  io,              // a send or receive failed (connection reset, broken pipe)
  malformed,       // the reply is not HTTP/1.x framed as RFC 9112 says
  head_too_large,  // the status line and header lines exceed the limit
  body_too_large,  // the body exceeds the limit
  stopped,         // `connection::interrupt` was called
};

[[nodiscard]] constexpr std::string_view describe(failure f) noexcept {
  switch (f) {
    case failure::none: return "no failure";
    case failure::connect: return "cannot connect";
    case failure::closed: return "the connection was closed before the reply was complete";
    case failure::io: return "the connection failed (reset or broken)";
    case failure::malformed: return "the reply is not valid HTTP/1.1";
    case failure::head_too_large: return "the reply's header lines are too large";
    case failure::body_too_large: return "the reply's body is too large";
    case failure::stopped: return "stopped";
  }
  return "unknown failure";
}

/// Where to connect: a resolved address and the text of the `Host` header.
struct endpoint {
  sockaddr_storage address{};
  socklen_t length = 0;
  std::string host;
};

/**
 * Parses `host:port` (`[v6-address]:port` for IPv6) and resolves it. Returns false with a
 * message in `problem` when the text is malformed or the host does not resolve.
 *
 * **Example**: `endpoint ep; std::string why; if (!resolve("127.0.0.1:9001", ep, why)) ...`
 */
[[nodiscard]] inline bool resolve(std::string_view text, endpoint& out, std::string& problem) {
  const std::size_t colon = text.rfind(':');
  if (text.empty() || colon == std::string_view::npos || colon == 0 || colon + 1 == text.size()) {
    problem = "expected host:port";
    return false;
  }
  std::string_view host = text.substr(0, colon);
  const std::string_view port_text = text.substr(colon + 1);
  if (host.front() == '[') {
    if (host.size() < 3 || host.back() != ']') {
      problem = "expected [address]:port for an IPv6 address";
      return false;
    }
    host = host.substr(1, host.size() - 2);
  }
  unsigned port = 0;
  const auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc{} || end != port_text.data() + port_text.size() || port == 0 || port > 65535) {
    problem = "the port must be a number from 1 to 65535";
    return false;
  }
  for (const char c : host) {
    if (static_cast<unsigned char>(c) <= ' ' || c == '/' || c == '@' || c == '[' || c == ']') {
      problem = "the host has a character a host name cannot have";
      return false;
    }
  }
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const std::string host_text(host);
  const std::string service(port_text);
  if (const int rc = ::getaddrinfo(host_text.c_str(), service.c_str(), &hints, &found); rc != 0 || found == nullptr) {
    problem = std::string("cannot resolve the host: ") + ::gai_strerror(rc);
    return false;
  }
  std::memcpy(&out.address, found->ai_addr, found->ai_addrlen);
  out.length = found->ai_addrlen;
  ::freeaddrinfo(found);
  out.host.assign(text);
  return true;
}

/// How the body of a reply is delimited.
enum class framing : std::uint8_t { none, length, chunked, until_close };

/// The status line and the framing of a reply.
struct response_head {
  int status = 0;
  framing body = framing::none;
  std::uint64_t content_length = 0;
  bool keep_alive = true;
};

/// Per byte: whether it may appear in a header name (an RFC 9110 token), and whether it may
/// not appear in a header value (a control byte other than HTAB).
inline constexpr auto header_bytes = [] {
  struct table {
    bool token[256]{};
    bool forbidden_in_value[256]{};
  } t;
  for (int c = 0; c < 256; ++c) {
    t.token[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
    t.forbidden_in_value[c] = (c < 0x20 && c != '\t') || c == 0x7F;
  }
  return t;
}();

[[nodiscard]] constexpr bool is_token(std::string_view name) noexcept {
  bool ok = !name.empty();
  for (const char c : name) ok &= header_bytes.token[static_cast<unsigned char>(c)];
  return ok;
}

[[nodiscard]] inline bool is_field_value(std::string_view value) noexcept {
  std::size_t i = 0;
#if defined(__SSE2__)
  for (; i + 16 <= value.size(); i += 16) {  // values are most of a head's bytes: 16 at a time
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(value.data() + i));
    const __m128i control = _mm_andnot_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\t')),
                                             _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1F)), v));
    if (_mm_movemask_epi8(_mm_or_si128(control, _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7F)))) != 0) return false;
  }
#endif
  bool bad = false;
  for (; i < value.size(); ++i) bad |= header_bytes.forbidden_in_value[static_cast<unsigned char>(value[i])];
  return !bad;
}

/// Whether the header name `name` (a token) is `lower` (lower-case letters, digits and '-') in
/// any case. For those, `c | 0x20` folds case exactly: the other bytes it would fold into them
/// are control bytes, which a token cannot hold.
[[nodiscard]] constexpr bool is_named(std::string_view name, std::string_view lower) noexcept {
  if (name.size() != lower.size()) return false;
  for (std::size_t i = name.size(); i-- > 0;) {  // from the end: "Lambda-Runtime-*" names share their start
    if (static_cast<char>(name[i] | 0x20) != lower[i]) return false;
  }
  return true;
}

/**
 * One client connection. Not thread-safe, except `interrupt`, which any thread may call to
 * make a blocked read or write fail (with `failure::stopped`) and every later `open` too.
 * Reads have no timeout: a Lambda environment may be frozen for hours inside one.
 *
 * **Example**:
 * ```
 * connection c;
 * if (c.open(ep, 2000) == failure::none && c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n") == failure::none) {
 *   response_head head;
 *   c.read_head(head, 65536, [](std::string_view name, std::string_view value) {});
 * }
 * ```
 */
class connection {
 public:
  connection() = default;
  connection(const connection&) = delete;
  connection& operator=(const connection&) = delete;
  ~connection() { close(); }

  /// Connects (closing any previous connection), waiting at most `timeout_ms` for it.
  [[nodiscard]] failure open(const endpoint& ep, int timeout_ms) {
    close();
    if (stopped_.load()) return failure::stopped;
    const int fd = ::socket(ep.address.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) return failure::connect;
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&ep.address), ep.length) != 0) {
      int error = errno;
      if (error == EINPROGRESS) {
        pollfd p{fd, POLLOUT, 0};
        int ready = 0;
        do {
          ready = ::poll(&p, 1, timeout_ms);
        } while (ready < 0 && errno == EINTR);
        socklen_t size = sizeof error;
        if (ready <= 0 || ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size) != 0) error = ETIMEDOUT;
      }
      if (error != 0) {
        ::close(fd);
        return failure::connect;
      }
    }
    const int flags = ::fcntl(fd, F_GETFL);
    if (flags < 0 || ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0) {
      ::close(fd);
      return failure::connect;
    }
    const int one = 1;
    // small requests and replies must not wait for Nagle's algorithm (not for AF_UNIX)
    (void)::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    {
      const std::lock_guard<std::mutex> lock(fd_mutex_);
      if (stopped_.load()) {
        ::close(fd);
        return failure::stopped;
      }
      fd_ = fd;
    }
    begin_ = end_ = 0;
    return failure::none;
  }

  [[nodiscard]] bool is_open() const noexcept { return fd_ >= 0; }

  void close() noexcept {
    const std::lock_guard<std::mutex> lock(fd_mutex_);
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    begin_ = end_ = 0;
  }

  /// Makes the connection fail now and stay closed. Safe from any thread.
  void interrupt() noexcept {
    const std::lock_guard<std::mutex> lock(fd_mutex_);
    stopped_.store(true);
    if (fd_ >= 0) ::shutdown(fd_, SHUT_RDWR);
  }
  [[nodiscard]] bool interrupted() const noexcept { return stopped_.load(); }

  /// Sends the concatenation of `parts` (one `sendmsg` when the socket takes it all).
  [[nodiscard]] failure send(std::initializer_list<std::string_view> parts) {
    if (fd_ < 0) return stopped_.load() ? failure::stopped : failure::closed;
    iovec vec[8];
    std::size_t count = 0;
    for (const std::string_view p : parts) {
      if (p.empty()) continue;
      if (count == 8) return failure::io;
      vec[count++] = {const_cast<char*>(p.data()), p.size()};
    }
    iovec* next = vec;
    while (count > 0) {
      msghdr msg{};
      msg.msg_iov = next;
      msg.msg_iovlen = count;
      const ssize_t sent = ::sendmsg(fd_, &msg, MSG_NOSIGNAL);
      if (sent < 0) {
        if (errno == EINTR) continue;
        return stopped_.load() ? failure::stopped : failure::io;
      }
      auto n = static_cast<std::size_t>(sent);
      while (count > 0 && n >= next->iov_len) {
        n -= next->iov_len;
        ++next;
        --count;
      }
      if (count > 0) {
        next->iov_base = static_cast<char*>(next->iov_base) + n;
        next->iov_len -= n;
      }
    }
    return failure::none;
  }
  [[nodiscard]] failure send(std::string_view text) { return send({text}); }

  /**
   * Reads a reply's status line and header lines (skipping `1xx` replies), at most `max_head`
   * bytes, and calls `on_header(name, value)` for each line: the name as sent, the value
   * without surrounding spaces. The views are valid only during the call.
   */
  template <class OnHeader>
  [[nodiscard]] failure read_head(response_head& head, std::size_t max_head, OnHeader&& on_header) {
    for (int informational = 0; informational < 8; ++informational) {
      std::size_t scanned = 0;  // from begin_: no blank line before this
      std::size_t head_size = 0;
      while (head_size == 0) {
        const std::string_view held(buffer_.get() + begin_, end_ - begin_);
        for (std::size_t at = held.find('\n', scanned); at != std::string_view::npos; at = held.find('\n', at + 1)) {
          if (at + 1 < held.size() && held[at + 1] == '\n') head_size = at + 2;
          if (at + 2 < held.size() && held[at + 1] == '\r' && held[at + 2] == '\n') head_size = at + 3;
          if (head_size != 0) break;
        }
        if (head_size != 0) break;
        if (held.size() > max_head) return failure::head_too_large;
        scanned = held.size() < 2 ? 0 : held.size() - 2;
        if (const failure f = fill(max_head + 1); f != failure::none) return f;
      }
      if (head_size > max_head) return failure::head_too_large;
      const std::string_view text(buffer_.get() + begin_, head_size);
      begin_ += head_size;
      if (!parse_head(text, head, on_header)) return failure::malformed;
      if (head.status >= 200 || head.status == 101) return failure::none;
    }
    return failure::malformed;
  }

  /**
   * Appends the body of the reply `head` describes to `out`, at most `max_body` bytes, and
   * leaves `tail_room` writable bytes after it (the JSON parser's padding). Trailer lines of
   * a chunked body are read and dropped.
   */
  [[nodiscard]] failure read_body(const response_head& head, output_buffer& out, std::size_t max_body,
                                  std::size_t tail_room) {
    switch (head.body) {
      case framing::none: out.reserve(out.size() + tail_room); return failure::none;
      case framing::length: {
        if (head.content_length > max_body) return failure::body_too_large;
        const auto n = static_cast<std::size_t>(head.content_length);
        out.reserve(out.size() + n + tail_room);
        return read_exact(out.extend(n), n);
      }
      case framing::chunked: return read_chunked(out, max_body, tail_room);
      case framing::until_close: {
        std::size_t total = 0;
        for (;;) {
          constexpr std::size_t step = 16 * 1024;
          out.reserve(out.size() + step + tail_room);
          char* const to = out.extend(step);
          std::size_t got = 0;
          const failure f = read_some(to, step, got);
          out.shrink_by(step - got);
          total += got;
          if (total > max_body) return failure::body_too_large;
          if (f == failure::closed) return failure::none;
          if (f != failure::none) return f;
        }
      }
    }
    return failure::malformed;
  }

  /// Ends a reply: closes the connection when the reply asked for it or when bytes beyond the
  /// reply arrived (the stream can no longer be trusted); otherwise keeps it for the next request.
  void finish(const response_head& head) noexcept {
    if (!head.keep_alive || head.body == framing::until_close || begin_ != end_) close();
    begin_ = end_ = 0;
  }

 private:
  template <class OnHeader>
  static bool parse_head(std::string_view text, response_head& head, OnHeader& on_header) {
    head = response_head{};
    std::size_t eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    // HTTP/1.x SP 3DIGIT [SP reason]
    if (line.size() < 12 || !line.starts_with("HTTP/1.") || line[7] < '0' || line[7] > '9' || line[8] != ' ') return false;
    for (std::size_t i = 9; i < 12; ++i) {
      if (line[i] < '0' || line[i] > '9') return false;
      head.status = head.status * 10 + (line[i] - '0');
    }
    if (head.status < 100 || (line.size() > 12 && line[12] != ' ')) return false;
    head.keep_alive = line[7] != '0';
    bool has_length = false;
    bool has_encoding = false;
    bool chunked = false;
    text.remove_prefix(eol + 1);
    while (!text.empty()) {
      eol = text.find('\n');
      line = text.substr(0, eol);
      text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (line.empty()) break;
      const std::size_t colon = line.find(':');
      if (colon == 0 || colon == std::string_view::npos) return false;  // also obs-fold lines
      const std::string_view name = line.substr(0, colon);
      const std::string_view value = trim_spaces(line.substr(colon + 1));
      if (!is_token(name) || !is_field_value(value)) return false;
      if (is_named(name, "content-length")) {
        std::uint64_t n = 0;
        const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
        if (value.empty() || ec != std::errc{} || end != value.data() + value.size()) return false;
        if (has_length && n != head.content_length) return false;
        has_length = true;
        head.content_length = n;
      } else if (is_named(name, "transfer-encoding")) {
        has_encoding = true;
        const std::size_t comma = value.rfind(',');
        chunked = iequals(trim_spaces(comma == std::string_view::npos ? value : value.substr(comma + 1)), "chunked");
      } else if (is_named(name, "connection")) {
        for (std::string_view rest = value; !rest.empty();) {
          const std::size_t comma = rest.find(',');
          const std::string_view option = trim_spaces(rest.substr(0, comma));
          rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
          if (iequals(option, "close")) head.keep_alive = false;
          if (iequals(option, "keep-alive")) head.keep_alive = true;
        }
      }
      if (head.status >= 200 || head.status == 101) on_header(name, value);  // not a 1xx's lines
    }
    if (head.status < 200 || head.status == 204 || head.status == 304) {
      head.body = framing::none;
    } else if (has_encoding) {
      head.body = chunked ? framing::chunked : framing::until_close;
    } else if (has_length) {
      head.body = head.content_length == 0 ? framing::none : framing::length;
    } else {
      head.body = framing::until_close;
    }
    return true;
  }

  /// Receives more bytes after end_, moving held bytes to the front or growing the buffer
  /// (up to `max_buffer` bytes) when it is full.
  [[nodiscard]] failure fill(std::size_t max_buffer) {
    if (end_ == capacity_) {
      if (begin_ > 0) {
        std::memmove(buffer_.get(), buffer_.get() + begin_, end_ - begin_);
        end_ -= begin_;
        begin_ = 0;
      } else {
        const std::size_t capacity = std::max<std::size_t>(std::min(capacity_ * 2, max_buffer), 16 * 1024);
        if (capacity <= capacity_) return failure::head_too_large;
        auto fresh = std::make_unique_for_overwrite<char[]>(capacity);
        if (end_ != 0) std::memcpy(fresh.get(), buffer_.get(), end_);
        buffer_ = std::move(fresh);
        capacity_ = capacity;
      }
    }
    std::size_t got = 0;
    const failure f = receive(buffer_.get() + end_, capacity_ - end_, got);
    end_ += got;
    return f;
  }

  /// One `recv`: `got` bytes, or `closed` at end of stream.
  [[nodiscard]] failure receive(char* to, std::size_t room, std::size_t& got) {
    got = 0;
    if (fd_ < 0) return stopped_.load() ? failure::stopped : failure::closed;
    for (;;) {
      const ssize_t n = ::recv(fd_, to, room, 0);
      if (n > 0) {
        got = static_cast<std::size_t>(n);
        return failure::none;
      }
      if (n < 0 && errno == EINTR) continue;
      if (stopped_.load()) return failure::stopped;
      return n == 0 ? failure::closed : failure::io;
    }
  }

  /// Some bytes: first those already held, else one `recv` straight into `to`.
  [[nodiscard]] failure read_some(char* to, std::size_t room, std::size_t& got) {
    if (begin_ != end_) {
      got = std::min(room, end_ - begin_);
      std::memcpy(to, buffer_.get() + begin_, got);
      begin_ += got;
      return failure::none;
    }
    return receive(to, room, got);
  }

  [[nodiscard]] failure read_exact(char* to, std::size_t n) {
    while (n > 0) {
      std::size_t got = 0;
      if (const failure f = read_some(to, n, got); f != failure::none) return f;
      to += got;
      n -= got;
    }
    return failure::none;
  }

  /// A line of at most `max_line` bytes, without its line break.
  [[nodiscard]] failure read_line(std::string_view& line, std::size_t max_line) {
    for (;;) {
      const std::string_view held(buffer_.get() + begin_, end_ - begin_);
      if (const std::size_t eol = held.find('\n'); eol != std::string_view::npos) {
        line = held.substr(0, eol);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        begin_ += eol + 1;
        return failure::none;
      }
      if (held.size() > max_line) return failure::malformed;
      if (const failure f = fill(max_line + 2); f != failure::none) return f;
    }
  }

  [[nodiscard]] failure read_chunked(output_buffer& out, std::size_t max_body, std::size_t tail_room) {
    constexpr std::size_t max_line = 4096;
    std::size_t total = 0;
    for (;;) {
      std::string_view line;
      if (const failure f = read_line(line, max_line); f != failure::none) return f;
      line = trim_spaces(line.substr(0, line.find(';')));  // chunk extensions are ignored
      std::uint64_t size = 0;
      const auto [end, ec] = std::from_chars(line.data(), line.data() + line.size(), size, 16);
      if (line.empty() || line.size() > 16 || ec != std::errc{} || end != line.data() + line.size()) {
        return failure::malformed;
      }
      if (size == 0) break;
      if (size > max_body - total) return failure::body_too_large;
      const auto n = static_cast<std::size_t>(size);
      total += n;
      out.reserve(out.size() + n + tail_room);
      if (const failure f = read_exact(out.extend(n), n); f != failure::none) return f;
      if (const failure f = read_line(line, max_line); f != failure::none) return f;
      if (!line.empty()) return failure::malformed;
    }
    out.reserve(out.size() + tail_room);
    // trailer lines, up to the blank line that ends the message
    for (std::size_t trailer_bytes = 0;;) {
      std::string_view line;
      if (const failure f = read_line(line, max_line); f != failure::none) return f;
      if (line.empty()) return failure::none;
      trailer_bytes += line.size();
      if (trailer_bytes > 64 * 1024) return failure::head_too_large;
    }
  }

  int fd_ = -1;
  std::atomic<bool> stopped_{false};
  std::mutex fd_mutex_;  // orders `interrupt` against open and close (never held during I/O)
  std::unique_ptr<char[]> buffer_;
  std::size_t capacity_ = 0;
  std::size_t begin_ = 0;  // held, unread bytes: [begin_, end_)
  std::size_t end_ = 0;
};

}  // namespace sluice::detail::http1
