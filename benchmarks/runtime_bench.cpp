// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors

// The Runtime API loop's own cost per invocation, over loopback against the Runtime API double
// (tests/support/runtime_double.hpp): `GET next`, read the event, hand it to a handler that
// does nothing, POST the answer, read the 202. Beside it, in the same run, a hand-written
// client sends exactly the bytes the loop sent and reads exactly the bytes the double answers
// on its own connection to the same double: the floor of two HTTP round trips over loopback.
// A third row runs a real app in the loop, and a fourth the same app without I/O.

#include <benchmark/benchmark.h>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "sluice/sluice.hpp"
#include "support/events.hpp"
#include "support/runtime_double.hpp"

namespace {

namespace detail = sluice::detail;

/// An HTTP API 2.0 `GET /pets/{id}` with three headers, as in dispatch_bench.
const std::string& event_text() {
  static const std::string text = [] {
    test_events::http_request r;
    r.path = "/pets/4207";
    r.route_key = "GET /pets/{id}";
    r.request_id = "JKJaXmPLvHcESHA=";
    r.headers = {{"accept", "application/json"},
                 {"user-agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
                                "Chrome/124.0.0.0 Safari/537.36"},
                 {"x-amzn-trace-id", "Root=1-6655f0a1-3c2b7d9e5f1a4b8c6d0e2f13"}};
    return test_events::http_api_v2(r);
  }();
  return text;
}

/// The `next` reply as Lambda sends it, with every `Lambda-Runtime-*` header.
const std::string& next_reply() {
  static const std::string reply =
      runtime_double::event(event_text(),
                            {{"Content-Type", "application/json"},
                             {"Lambda-Runtime-Aws-Request-Id", "8476a536-e9f4-11e8-9739-2dfe598c3fcd"},
                             {"Lambda-Runtime-Deadline-Ms", "1795836242834"},
                             {"Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:eu-west-1:123456789012:function:pets"},
                             {"Lambda-Runtime-Trace-Id", "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1"}})
          .bytes;
  return reply;
}

/// What the double's bulk mode answers to every POST.
constexpr std::string_view ack = "HTTP/1.1 202 Accepted\r\nContent-Length: 16\r\n\r\n{\"status\":\"OK\"}\n";

const auto& pets_app() {
  static const auto app = sluice::app{
      sluice::route<"GET /pets/{id}">([](const sluice::request& req, sluice::path<"id"> id) {
        sluice::json_writer w;
        w.begin_object().field("id", *id).field("method", req.method_name());
        w.field("accept", req.header("accept").value_or("")).field("userAgent", req.header("user-agent").value_or(""));
        w.field("requestId", req.context().request_id).end_object();
        return sluice::json(w);
      }),
  };
  return app;
}

/// Does nothing: answers every event with the bytes the app answers this one with, so only
/// the loop is timed.
struct stub_handler {
  std::string_view answer;
  [[nodiscard]] sluice::invocation_result handle(sluice::worker&, const char*, std::size_t, std::size_t) const {
    return {true, answer, {}, {}, false, {}};
  }
};

const std::string& app_answer() {
  static const std::string answer = [] {
    sluice::worker w;
    return std::string(pets_app().handle(w, event_text()).payload);
  }();
  return answer;
}

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "runtime_bench: %s\n", what);
  std::abort();
}

detail::http1::endpoint endpoint_of(const runtime_double::server& api) {
  detail::http1::endpoint ep;
  std::string why;
  if (!detail::http1::resolve(api.address(), ep, why)) fail("cannot resolve the double");
  return ep;
}

detail::runtime_limits limits() {
  detail::runtime_limits l;
  l.event_padding = detail::json::padding;
  return l;
}

/// A double that answers every `next` with `next_reply()` and every POST with `ack`.
struct bulk_double {
  runtime_double::server api;
  bulk_double() {
    api.serve_repeatedly(SIZE_MAX / 2, [](std::size_t, std::string& out) {
      if (out.size() != next_reply().size()) out = next_reply();
    });
  }
};

/// The bytes the loop sends for one invocation, as the double recorded them (also checks the
/// answer arrived whole).
struct loop_bytes {
  std::string get;
  std::string post;
};

const loop_bytes& recorded_loop_bytes() {
  static const loop_bytes bytes = [] {
    runtime_double::server api;
    api.on_next({next_reply(), false});
    const stub_handler stub{app_answer()};
    detail::lambda_loop<stub_handler> loop(stub, endpoint_of(api), limits(), nullptr, nullptr);
    if (loop.step() != detail::step_result::served) fail("the loop did not serve the invocation");
    const auto requests = api.requests();
    if (requests.size() != 2 || requests[1].body != app_answer()) fail("the loop did not POST the answer");
    return loop_bytes{requests[0].raw, requests[1].raw};
  }();
  return bytes;
}

/// A plain blocking socket to the double.
struct raw_client {
  int fd = -1;
  std::vector<char> buffer = std::vector<char>(256 * 1024);

  explicit raw_client(const runtime_double::server& api) {
    const detail::http1::endpoint ep = endpoint_of(api);
    fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const int one = 1;
    if (fd < 0 || ::connect(fd, reinterpret_cast<const sockaddr*>(&ep.address), ep.length) != 0 ||
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) != 0) {
      fail("cannot connect to the double");
    }
  }
  raw_client(const raw_client&) = delete;
  raw_client& operator=(const raw_client&) = delete;
  ~raw_client() { ::close(fd); }

  void send_all(std::string_view bytes) const {
    while (!bytes.empty()) {
      const ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) fail("send failed");
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
  }
  /// Reads exactly `n` bytes (the size of the reply it knows is coming).
  std::string_view receive(std::size_t n) {
    std::size_t got = 0;
    while (got < n) {
      const ssize_t r = ::recv(fd, buffer.data() + got, n - got, 0);
      if (r <= 0) fail("recv failed");
      got += static_cast<std::size_t>(r);
    }
    return {buffer.data(), n};
  }
  // not inlined, so that callgrind can count it (--toggle-collect='*raw_client::round_trip*')
  [[gnu::noinline]] void round_trip(const loop_bytes& bytes) {
    send_all(bytes.get);
    benchmark::DoNotOptimize(receive(next_reply().size()).data());
    send_all(bytes.post);
    benchmark::DoNotOptimize(receive(ack.size()).data());
  }
};

void check() {
  const loop_bytes& bytes = recorded_loop_bytes();
  bulk_double d;
  raw_client raw(d.api);
  raw.send_all(bytes.get);
  if (raw.receive(next_reply().size()) != next_reply()) fail("the raw client did not get the next reply");
  raw.send_all(bytes.post);
  if (raw.receive(ack.size()) != ack) fail("the raw client did not get the 202");
  if (app_answer().find("\\\"id\\\":\\\"4207\\\"") == std::string::npos) fail("the app did not route the event");
}

void set_counters(benchmark::State& state) {
  state.counters["event_bytes"] = static_cast<double>(event_text().size());
  state.counters["answer_bytes"] = static_cast<double>(app_answer().size());
}

/// One turn of the loop; not inlined, so that callgrind can count it (--toggle-collect='*one_step*').
template <class Handler>
[[gnu::noinline]] detail::step_result one_step(detail::lambda_loop<Handler>& loop) {
  return loop.step();
}

template <class Handler>
void loop_round_trip(benchmark::State& state, const Handler& handler) {
  bulk_double d;
  const sluice::function_info function{"pets", "$LATEST", 128, "/aws/lambda/pets", "stream", "eu-west-1"};
  detail::trace_id_variable trace;  // exported per invocation, as with concurrency 1
  detail::lambda_loop<Handler> loop(handler, endpoint_of(d.api), limits(), &function, &trace);
  for (auto _ : state) {
    if (one_step(loop) != detail::step_result::served) {
      state.SkipWithError("the loop failed");
      break;
    }
  }
  set_counters(state);
}

void loop_with_stub(benchmark::State& state) { loop_round_trip(state, stub_handler{app_answer()}); }
void loop_with_app(benchmark::State& state) { loop_round_trip(state, pets_app()); }

void raw_socket(benchmark::State& state) {
  bulk_double d;
  raw_client raw(d.api);
  const loop_bytes& bytes = recorded_loop_bytes();
  for (auto _ : state) raw.round_trip(bytes);
  set_counters(state);
}

void app_without_io(benchmark::State& state) {
  sluice::worker w;
  std::string padded = event_text();
  const std::size_t size = padded.size();
  padded.resize(size + detail::json::padding, '\0');
  for (auto _ : state) {
    const sluice::invocation_result r = pets_app().handle(w, padded.data(), size, padded.size());
    benchmark::DoNotOptimize(r.payload.data());
  }
  set_counters(state);
}

double fastest(const std::vector<double>& v) { return *std::min_element(v.begin(), v.end()); }

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  check();
  // Time spent blocked in recv is the point: real time, not CPU time.
  benchmark::RegisterBenchmark("runtime/loop_stub_handler", loop_with_stub)->UseRealTime()->ComputeStatistics("min", fastest);
  benchmark::RegisterBenchmark("runtime/raw_socket_same_bytes", raw_socket)->UseRealTime()->ComputeStatistics("min", fastest);
  benchmark::RegisterBenchmark("runtime/loop_pets_app", loop_with_app)->UseRealTime()->ComputeStatistics("min", fastest);
  benchmark::RegisterBenchmark("runtime/pets_app_no_io", app_without_io)->UseRealTime()->ComputeStatistics("min", fastest);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
