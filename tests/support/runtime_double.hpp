// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// A Lambda Runtime API double for tests and benchmarks: an HTTP/1.1 server on 127.0.0.1 (an
// ephemeral port), one thread per connection, that answers `GET .../invocation/next` from a
// script of raw replies and every POST with `202` (or a scripted reply), and records every
// request byte for byte. Written independently of sluice's client: plain sockets and strings.
//
// When the script of `next` replies is used up, a `next` is held unanswered and `wait_idle`
// returns: the loop has nothing more to do, so a test can stop it and look at what it sent.

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace runtime_double {

inline bool same_name(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

/// One request as the double received it.
struct request {
  std::string method;
  std::string target;  // "/2018-06-01/runtime/invocation/next"
  std::vector<std::pair<std::string, std::string>> headers;
  std::vector<std::pair<std::string, std::string>> trailers;
  std::string body;  // chunked bodies de-chunked
  std::string raw;   // every byte, as sent
  bool chunked = false;
  int connection = 0;  // which connection (1, 2, ...) carried it
  std::size_t header_lines = 0;  // `headers` beyond this are left over from an earlier request

  /// A copy with only this request's header lines.
  [[nodiscard]] request trimmed() const {
    request copy = *this;
    copy.headers.resize(header_lines);
    return copy;
  }

  [[nodiscard]] std::string header(std::string_view name) const {
    for (const auto& [n, v] : headers) {
      if (same_name(n, name)) return v;
    }
    return {};
  }
  [[nodiscard]] std::size_t header_count(std::string_view name) const {
    return static_cast<std::size_t>(
        std::count_if(headers.begin(), headers.end(), [&](const auto& h) { return same_name(h.first, name); }));
  }
  [[nodiscard]] std::string trailer(std::string_view name) const {
    for (const auto& [n, v] : trailers) {
      if (same_name(n, name)) return v;
    }
    return {};
  }
};

/// What the double does with one request: send `bytes` (may be empty), then close the
/// connection when `close` is set.
struct reply {
  std::string bytes;
  bool close = false;
};

/// `200` with the event and the given `Lambda-Runtime-*` headers, framed by Content-Length.
inline reply event(std::string_view body, const std::vector<std::pair<std::string, std::string>>& headers) {
  std::string r = "HTTP/1.1 200 OK\r\n";
  for (const auto& [n, v] : headers) r += n + ": " + v + "\r\n";
  r += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  r.append(body);
  return {r, false};
}

/// The usual `next` reply: JSON, a request id, a deadline a minute away, an ARN.
inline reply event(std::string_view body, std::string_view request_id) {
  const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch()).count();
  return event(body, {{"Content-Type", "application/json"},
                      {"Lambda-Runtime-Aws-Request-Id", std::string(request_id)},
                      {"Lambda-Runtime-Deadline-Ms", std::to_string(now_ms + 60'000)},
                      {"Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:eu-west-1:123456789012:function:demo"}});
}

inline reply status(int code, std::string_view body = {}) {
  std::string r = "HTTP/1.1 " + std::to_string(code) + " X\r\nContent-Type: application/json\r\nContent-Length: " +
                  std::to_string(body.size()) + "\r\n\r\n";
  r.append(body);
  return {r, false};
}

inline reply accepted() { return status(202, "{\"status\":\"OK\"}\n"); }

class server {
 public:
  server() {
    listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof a;
    if (listener_ < 0 || ::bind(listener_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
        ::listen(listener_, 64) != 0 || ::getsockname(listener_, reinterpret_cast<sockaddr*>(&a), &size) != 0) {
      std::perror("runtime_double: cannot listen");
      std::abort();
    }
    port_ = ntohs(a.sin_port);
    acceptor_ = std::thread([this] { accept_loop(); });
  }
  server(const server&) = delete;
  server& operator=(const server&) = delete;
  ~server() {
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
      for (const int fd : open_) ::shutdown(fd, SHUT_RDWR);
    }
    changed_.notify_all();
    ::shutdown(listener_, SHUT_RDWR);
    ::close(listener_);
    acceptor_.join();
    for (auto& t : workers_) t.join();
  }

  [[nodiscard]] std::string address() const { return "127.0.0.1:" + std::to_string(port_); }

  /// Queues the reply to a coming `GET next`.
  void on_next(reply r) {
    const std::lock_guard<std::mutex> lock(mutex_);
    next_script_.push_back(std::move(r));
  }
  /// Queues the reply to a coming POST (default: 202).
  void on_post(reply r) {
    const std::lock_guard<std::mutex> lock(mutex_);
    post_script_.push_back(std::move(r));
  }
  /**
   * Answers the next `count` `GET next` with `make(n, out)` (n from 0; `out` is reused) and
   * records nothing, so that the double itself does not grow; `at(n)` runs (on the double's
   * thread, while the loop waits for its reply) before the reply to the n-th `next`.
   */
  void serve_repeatedly(std::size_t count, std::function<void(std::size_t, std::string&)> make,
                        std::function<void(std::size_t)> at = {}) {
    const std::lock_guard<std::mutex> lock(mutex_);
    bulk_left_ = count;
    bulk_index_ = 0;
    bulk_make_ = std::move(make);
    bulk_at_ = std::move(at);
  }
  /// While serving in bulk, hands each POST (the loop's answer) to `check` on the double's
  /// thread before it is acknowledged; the request is reused afterwards, so copy what you keep.
  void check_bulk_posts(std::function<void(const request&)> check) {
    const std::lock_guard<std::mutex> lock(mutex_);
    bulk_check_ = std::move(check);
  }

  /// Waits until every scripted reply is used and a `next` is held. False after `timeout`
  /// (a failing test, not a synchronisation: the condition is the double's own state).
  [[nodiscard]] bool wait_idle(int loops = 1, std::chrono::seconds timeout = std::chrono::seconds(20)) {
    std::unique_lock<std::mutex> lock(mutex_);
    return changed_.wait_for(lock, timeout,
                             [&] { return held_ >= loops && next_script_.empty() && bulk_left_ == 0; });
  }

  [[nodiscard]] std::vector<request> requests() const {
    const std::lock_guard<std::mutex> lock(mutex_);
    return requests_;
  }
  /// The recorded requests other than `GET next`.
  [[nodiscard]] std::vector<request> posts() const {
    std::vector<request> out;
    for (auto& r : requests()) {
      if (r.method != "GET") out.push_back(r);
    }
    return out;
  }
  [[nodiscard]] int connections() const {
    const std::lock_guard<std::mutex> lock(mutex_);
    return connections_;
  }
  [[nodiscard]] std::size_t bulk_posts() const { return bulk_posts_.load(); }

 private:
  void accept_loop() {
    for (;;) {
      const int fd = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) {
        if (errno == EINTR) continue;
        return;
      }
      const int one = 1;
      (void)::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      const std::lock_guard<std::mutex> lock(mutex_);
      if (stopping_) {
        ::close(fd);
        return;
      }
      open_.push_back(fd);
      const int number = ++connections_;
      workers_.emplace_back([this, fd, number] { serve(fd, number); });
    }
  }

  void serve(int fd, int number) {
    std::string buffer;
    buffer.reserve(64 * 1024);
    request r;
    std::string out;
    for (;;) {
      if (!read_request(fd, buffer, r)) break;
      r.connection = number;
      const bool is_next = r.method == "GET" && r.target.ends_with("/invocation/next");
      reply answer;
      bool bulk = false;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        if (is_next) {
          if (bulk_left_ > 0) {
            bulk = true;
            --bulk_left_;
          } else if (!next_script_.empty()) {
            answer = std::move(next_script_.front());
            next_script_.pop_front();
          } else {
            // nothing left to say: hold this `next` until the loop is stopped
            ++held_;
            requests_.push_back(r.trimmed());
            changed_.notify_all();
            lock.unlock();
            char sink[256];
            while (::recv(fd, sink, sizeof sink, 0) > 0) {
            }
            lock.lock();
            --held_;
            break;
          }
        } else if (in_bulk_) {
          bulk = true;
          bulk_posts_.fetch_add(1);
        } else if (!post_script_.empty()) {
          answer = std::move(post_script_.front());
          post_script_.pop_front();
        } else {
          answer = accepted();
        }
        if (bulk && is_next) {
          in_bulk_ = true;
          const std::size_t n = bulk_index_++;
          lock.unlock();
          if (bulk_at_) bulk_at_(n);
          bulk_make_(n, out);
          lock.lock();
        }
        if (!bulk) requests_.push_back(r.trimmed());
        if (!is_next && !bulk && bulk_left_ == 0) in_bulk_ = false;
        changed_.notify_all();
      }
      if (bulk && !is_next) {
        if (bulk_check_) bulk_check_(r);
        static constexpr std::string_view ok = "HTTP/1.1 202 Accepted\r\nContent-Length: 16\r\n\r\n{\"status\":\"OK\"}\n";
        if (!send_all(fd, ok)) break;
        const std::lock_guard<std::mutex> lock(mutex_);
        if (bulk_left_ == 0) in_bulk_ = false;
        changed_.notify_all();
        continue;
      }
      if (!send_all(fd, bulk ? std::string_view(out) : std::string_view(answer.bytes)) || answer.close) break;
    }
    const std::lock_guard<std::mutex> lock(mutex_);
    open_.erase(std::find(open_.begin(), open_.end(), fd));
    ::close(fd);
    changed_.notify_all();
  }

  static bool send_all(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
      const ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }

  /// Reads one request into `r` (buffers reused); false at end of stream or on garbage.
  static bool read_request(int fd, std::string& buffer, request& r) {
    const auto more = [&] {
      char chunk[64 * 1024];
      const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
      if (n <= 0) return false;
      buffer.append(chunk, static_cast<std::size_t>(n));
      return true;
    };
    std::size_t end = 0;
    while ((end = buffer.find("\r\n\r\n")) == std::string::npos) {
      if (!more()) return false;
    }
    // every string and vector is reused, so that serving in bulk does not allocate
    std::size_t used = 0;
    const auto add_header = [&](std::string_view name, std::string_view value) {
      if (used == r.headers.size()) r.headers.emplace_back();
      r.headers[used].first.assign(name);
      r.headers[used].second.assign(value);
      ++used;
    };
    r.trailers.clear();
    r.body.clear();
    r.chunked = false;
    const std::string_view head(buffer.data(), end);
    std::size_t line_end = head.find("\r\n");
    const std::string_view first = head.substr(0, line_end);
    const std::size_t sp1 = first.find(' ');
    const std::size_t sp2 = first.rfind(' ');
    if (sp1 == std::string_view::npos || sp2 == sp1) return false;
    r.method = first.substr(0, sp1);
    r.target = first.substr(sp1 + 1, sp2 - sp1 - 1);
    std::size_t content_length = 0;
    while (line_end != std::string_view::npos && line_end < head.size()) {
      const std::size_t next = head.find("\r\n", line_end + 2);
      const std::string_view line = head.substr(line_end + 2, next == std::string_view::npos ? std::string_view::npos
                                                                                            : next - line_end - 2);
      line_end = next;
      const std::size_t colon = line.find(':');
      if (colon == std::string_view::npos) return false;
      std::string_view value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
      add_header(line.substr(0, colon), value);
      if (same_name(line.substr(0, colon), "content-length")) {
        std::from_chars(value.data(), value.data() + value.size(), content_length);
      }
      if (same_name(line.substr(0, colon), "transfer-encoding")) r.chunked = value == "chunked";
    }
    r.header_lines = used;
    std::size_t at = end + 4;
    if (!r.chunked) {
      while (buffer.size() < at + content_length) {
        if (!more()) return false;
      }
      r.body.assign(buffer, at, content_length);
      at += content_length;
    } else {
      for (;;) {
        std::size_t eol = 0;
        while ((eol = buffer.find("\r\n", at)) == std::string::npos) {
          if (!more()) return false;
        }
        const std::size_t size = std::stoul(buffer.substr(at, eol - at), nullptr, 16);
        at = eol + 2;
        if (size == 0) break;
        while (buffer.size() < at + size + 2) {
          if (!more()) return false;
        }
        r.body.append(buffer, at, size);
        at += size + 2;
      }
      for (;;) {  // trailers, then the blank line
        std::size_t eol = 0;
        while ((eol = buffer.find("\r\n", at)) == std::string::npos) {
          if (!more()) return false;
        }
        const std::string line = buffer.substr(at, eol - at);
        at = eol + 2;
        if (line.empty()) break;
        const std::size_t colon = line.find(':');
        r.trailers.emplace_back(line.substr(0, colon), line.substr(std::min(line.size(), colon + 2)));
      }
    }
    r.raw.assign(buffer, 0, at);
    buffer.erase(0, at);
    return true;
  }

  int listener_ = -1;
  unsigned short port_ = 0;
  std::thread acceptor_;
  std::vector<std::thread> workers_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<int> open_;
  bool stopping_ = false;
  int connections_ = 0;
  int held_ = 0;
  std::deque<reply> next_script_;
  std::deque<reply> post_script_;
  std::vector<request> requests_;
  std::size_t bulk_left_ = 0;
  std::size_t bulk_index_ = 0;
  bool in_bulk_ = false;  // the POST after a bulk `next` is bulk too
  std::atomic<std::size_t> bulk_posts_{0};
  std::function<void(std::size_t, std::string&)> bulk_make_;
  std::function<void(std::size_t)> bulk_at_;
  std::function<void(const request&)> bulk_check_;
};

}  // namespace runtime_double
