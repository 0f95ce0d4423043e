// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors

// The Runtime API client's HTTP/1.1 framing, fed the fuzzer's bytes as the whole reply on a
// real connection (a Unix socket the target listens on; the peer closes after the bytes).
// Whatever the bytes, the client ends in a `failure` value within its bounds: a head of at most
// `max_head` bytes, a body of at most `max_body`; every header it reports is a token and a
// clean value found in the input; a body framed by length or by the close is input bytes.

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>

#include "fuzz.hpp"
#include "sluice/detail/http1.hpp"

namespace http1_fuzz {

namespace http1 = sluice::detail::http1;

/// A listening socket in the abstract namespace, made once per process.
struct listener {
  int fd = -1;
  http1::endpoint at;

  listener() {
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    const int n = std::snprintf(address.sun_path + 1, sizeof address.sun_path - 1, "sluice-fuzz-%d",
                                ::getpid());
    const auto length =
        static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + 1 + static_cast<std::size_t>(n));
    fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    FUZZ_CHECK(fd >= 0 && ::bind(fd, reinterpret_cast<const sockaddr*>(&address), length) == 0 &&
               ::listen(fd, 4) == 0);
    std::memcpy(&at.address, &address, sizeof address);
    at.length = length;
    at.host = "fuzz";
  }
};

bool within(std::string_view part, std::string_view whole) {
  return part.empty() || whole.find(part) != std::string_view::npos;
}

}  // namespace http1_fuzz

void fuzz::http1_target(const std::uint8_t* data, std::size_t size) {
  using namespace http1_fuzz;
  fuzz::input in(data, size);
  const std::size_t max_head = 64 + std::size_t{in.byte()} * 64;
  const std::size_t max_body = std::size_t{in.byte()} * 256;
  const std::string_view reply = in.rest();
  if (reply.size() > 64 * 1024) return;  // more would not fit in the socket's buffer at once

  static listener server;
  http1::connection client;
  FUZZ_CHECK(client.open(server.at, 1000) == http1::failure::none);
  const int peer = ::accept4(server.fd, nullptr, nullptr, SOCK_CLOEXEC);
  FUZZ_CHECK(peer >= 0);
  FUZZ_CHECK(::send(peer, reply.data(), reply.size(), MSG_NOSIGNAL) ==
             static_cast<ssize_t>(reply.size()));
  ::close(peer);

  http1::response_head head;
  std::size_t header_bytes = 0;
  const http1::failure f =
      client.read_head(head, max_head, [&](std::string_view name, std::string_view value) {
        FUZZ_CHECK(http1::is_token(name) && within(name, reply));
        FUZZ_CHECK(http1::is_field_value(value) && within(value, reply));
        for (const char c : value) FUZZ_CHECK(c != '\r' && c != '\n' && c != '\0');
        header_bytes += name.size() + value.size();
      });
  if (f != http1::failure::none) return;
  FUZZ_CHECK(head.status == 101 || (head.status >= 200 && head.status <= 999));
  FUZZ_CHECK(header_bytes <= max_head);
  if (head.body == http1::framing::length) FUZZ_CHECK(head.content_length != 0);

  sluice::detail::output_buffer body;
  if (client.read_body(head, body, max_body, 64) != http1::failure::none) return;
  const std::string_view got = body.view();
  FUZZ_CHECK(got.size() <= max_body || head.body == http1::framing::none);
  FUZZ_CHECK(got.size() <= reply.size());
  switch (head.body) {
    case http1::framing::none:
      FUZZ_CHECK(got.empty());
      break;
    case http1::framing::length:
      FUZZ_CHECK(got.size() == head.content_length && within(got, reply));
      break;
    case http1::framing::until_close:
      FUZZ_CHECK(reply.ends_with(got));
      break;
    case http1::framing::chunked:
      break;
  }
  client.finish(head);
}
