// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// The local HTTP gateway (DESIGN section 5, docs/local.md): `APP --serve [HOST:]PORT`. Each
// HTTP request becomes the API Gateway event Lambda would receive, goes through the app's
// `handle` exactly as on Lambda, and the response JSON becomes HTTP again. The HTTP server is
// cpp-httplib (Debian: libcpp-httplib-dev); link `sluice::serve` (CMake) or
// `sluice_serve_dep` (meson). Also how an app runs behind an HTTP FaaS: the port comes from
// `PORT` or `FUNCTIONS_CUSTOMHANDLER_PORT` when none is given.

#if !__has_include(<httplib.h>)
#error "sluice/serve.hpp needs cpp-httplib: install libcpp-httplib-dev (Debian) and link sluice::serve"
#endif

#include <httplib.h>
#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "sluice/detail/gateway_event.hpp"
#include "sluice/detail/json.hpp"
#include "sluice/detail/runtime_api.hpp"
#include "sluice/run.hpp"
#include "sluice/worker.hpp"

namespace sluice {

/**
 * How the local gateway listens and which events it builds. `from_arguments` reads the
 * command line after `--serve`; `problem` names what was wrong.
 *
 * **Example**: `std::vector<std::string_view> args{"8080", "--stage", "prod"};
 * auto s = sluice::serve_settings::from_arguments(args);`
 */
struct serve_settings {
  std::string host = "127.0.0.1";
  int port = 0;                                  // 0: a free port, printed when listening
  detail::gateway::event_shape shape{};          // payload version, stage, claims
  std::size_t max_body_bytes = 6 * 1024 * 1024;  // Lambda's synchronous invocation limit
  bool access_log = true;
  std::string problem;

  [[nodiscard]] static serve_settings from_arguments(std::span<const std::string_view> args) {
    serve_settings s;
    bool have_port = false;
    std::size_t i = 0;
    if (i < args.size() && !args[i].starts_with("--")) {
      s.address(args[i++], have_port);
      if (!s.problem.empty()) return s;
    }
    for (; i < args.size(); ++i) {
      const std::string_view a = args[i];
      const bool has_value = i + 1 < args.size();
      const std::string_view value = has_value ? args[i + 1] : std::string_view{};
      if (a == "--quiet") {
        s.access_log = false;
        continue;
      }
      if (a != "--payload" && a != "--stage" && a != "--claims" && a != "--max-body") {
        s.problem = "unknown --serve option '" + std::string(a) + "' (see --help)";
        return s;
      }
      if (!has_value) {
        s.problem = std::string(a) + " needs a value (see --help)";
        return s;
      }
      ++i;
      if (a == "--payload") {
        if (value != "1.0" && value != "2.0") {
          s.problem = "--payload is 1.0 (REST API) or 2.0 (HTTP API), not '" + std::string(value) + "'";
          return s;
        }
        s.shape.payload_v1 = value == "1.0";
      } else if (a == "--stage") {
        const bool plain = !value.empty() && value.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") == std::string_view::npos;
        if (!plain) {
          s.problem = "--stage takes a stage name (letters, digits, - and _), not '" + std::string(value) + "'";
          return s;
        }
        s.shape.stage = value;
      } else if (a == "--claims") {
        s.read_claims(std::string(value));
        if (!s.problem.empty()) return s;
      } else if (!number(value, s.max_body_bytes) || s.max_body_bytes == 0) {
        s.problem = "--max-body takes a number of bytes, not '" + std::string(value) + "'";
        return s;
      }
    }
    if (!have_port) s.port_from_environment();
    return s;
  }

 private:
  template <class N>
  static bool number(std::string_view text, N& out) {
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc{} && end == text.data() + text.size();
  }

  bool set_port(std::string_view text) {
    if (!number(text, port) || port < 0 || port > 65535) {
      problem = "--serve: '" + std::string(text) + "' is not a port (0 to 65535; 0 picks a free one)";
      return false;
    }
    return true;
  }

  /// `PORT`, `HOST:PORT`, `[V6]:PORT`, or a host alone (`HOST`, `HOST:`): the port then comes
  /// from the environment.
  void address(std::string_view text, bool& have_port) {
    if (text.find_first_not_of("0123456789") == std::string_view::npos) {
      have_port = set_port(text);
      return;
    }
    std::string_view host_part = text;
    std::string_view port_part;
    if (text.starts_with('[')) {
      const std::size_t close = text.find(']');
      if (close == std::string_view::npos || (close + 1 < text.size() && text[close + 1] != ':')) {
        problem = "--serve: '" + std::string(text) + "' is not [IPV6]:PORT";
        return;
      }
      host_part = text.substr(1, close - 1);
      port_part = close + 1 < text.size() ? text.substr(close + 2) : std::string_view{};
    } else if (const std::size_t colon = text.rfind(':'); colon != std::string_view::npos) {
      host_part = text.substr(0, colon);
      port_part = text.substr(colon + 1);
    }
    if (host_part.empty()) {
      problem = "--serve: '" + std::string(text) + "' names no host (write PORT or HOST:PORT)";
      return;
    }
    host = host_part;
    if (!port_part.empty()) have_port = set_port(port_part);
  }

  /// HTTP FaaS platforms say where to listen: Cloud Run and Knative `PORT`, Azure Functions
  /// custom handlers `FUNCTIONS_CUSTOMHANDLER_PORT`.
  void port_from_environment() {
    for (const char* name : {"PORT", "FUNCTIONS_CUSTOMHANDLER_PORT"}) {
      const char* v = std::getenv(name);
      if (v == nullptr || *v == '\0') continue;
      if (!number(std::string_view(v), port) || port < 1 || port > 65535) {
        problem = std::string(name) + " must be a port from 1 to 65535, not '" + std::string(v).substr(0, 32) + "'";
      }
      return;
    }
    problem = "--serve needs a port: --serve [HOST:]PORT (0 for any free one), or PORT or "
              "FUNCTIONS_CUSTOMHANDLER_PORT in the environment";
  }

  void read_claims(const std::string& file) {
    std::string text;
    std::FILE* f = std::fopen(file.c_str(), "rb");
    if (f == nullptr) {
      problem = "--claims: cannot open " + file + ": " + std::strerror(errno);
      return;
    }
    char buf[4096];
    std::size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
    std::fclose(f);
    const std::size_t first = text.find_first_not_of(" \t\r\n");
    const std::size_t last = text.find_last_not_of(" \t\r\n");
    if (first == std::string::npos || text[first] != '{' || !detail::json::is_valid_json(text)) {
      problem = "--claims: " + file + " must hold one JSON object of claims, such as {\"sub\":\"user-1\",\"scope\":\"pets:write\"}";
      return;
    }
    shape.claims_json = text.substr(first, last - first + 1);
  }
};

namespace detail {

/// A request id that looks like API Gateway's and differs per request.
inline std::string local_request_id() {
  static std::atomic<std::uint64_t> counter{0};
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  char text[48];
  const int n = std::snprintf(text, sizeof text, "local-%llx-%llu",
                              static_cast<unsigned long long>(std::chrono::duration_cast<std::chrono::milliseconds>(now).count()),
                              static_cast<unsigned long long>(counter.fetch_add(1) + 1));
  return std::string(text, static_cast<std::size_t>(n));
}

/// httplib adds these to the received headers; they were not sent by the client.
inline bool is_server_header(const std::string& name) {
  return name == "REMOTE_ADDR" || name == "REMOTE_PORT" || name == "LOCAL_ADDR" || name == "LOCAL_PORT";
}

/// Where the gateway keeps a request's Content-Type while httplib reads the body.
inline constexpr std::string_view set_aside_content_type = "X-Sluice-Set-Aside-Content-Type";

inline void put(const gateway::outgoing& answer, httplib::Response& res) {
  res.status = answer.status;
  for (const gateway::header& h : answer.headers) res.headers.emplace(h.name, h.value);
  res.body = answer.body;
}

/// One request: build the event, run the app, answer.
template <class App>
void answer(const App& app, const serve_settings& s, const httplib::Request& req, httplib::Response& res) {
  thread_local worker w;
  thread_local std::string event;
  thread_local std::vector<gateway::header> headers;
  headers.clear();
  for (const auto& [name, value] : req.headers) {
    if (name == set_aside_content_type) headers.push_back({"Content-Type", value});
    else if (!is_server_header(name)) headers.push_back({name, value});
  }
  // httplib would rewrite the app's answer: gzip or br it (again) for a client that accepts
  // them, slice it for a Range. API Gateway does neither: the answer goes out as the app wrote
  // it, and the app reads these headers from its event (copied above).
  auto& rewritable = const_cast<httplib::Request&>(req);  // a non-const object in httplib
  rewritable.ranges.clear();
  rewritable.headers.erase("Accept-Encoding");
  const std::string request_id = local_request_id();
  const gateway::incoming in{
      req.method, req.target, req.version, headers, req.body, req.remote_addr, request_id,
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count()};
  if (const std::optional<gateway::outgoing> own = gateway::build_event(in, s.shape, event)) {
    put(*own, res);
    return;
  }
  const std::size_t size = event.size();
  event.resize(size + json::padding, '\0');
  std::optional<gateway::outgoing> http_answer;
#if defined(__cpp_exceptions)
  try {
#endif
    const invocation_result r = app.handle(w, event.data(), size, event.size());
    if (!r.ok) {
      std::fprintf(stderr, "sluice: the invocation failed (Lambda answers 502 for it): %.*s\n",
                   static_cast<int>(r.payload.size()), r.payload.data());
    } else if (!(http_answer = gateway::read_answer(r.payload))) {
      std::fprintf(stderr, "sluice: the app's answer is not an API Gateway response (502)\n");
    }
#if defined(__cpp_exceptions)
  } catch (const std::exception& e) {
    std::fprintf(stderr, "sluice: the invocation failed (502): %s\n", e.what());
  }
#endif
  put(http_answer ? *http_answer : gateway::gateway_answer(502, "Internal Server Error"), res);
}

/// When this thread's current request started, for the access log.
inline std::chrono::steady_clock::time_point& request_started() {
  thread_local std::chrono::steady_clock::time_point t;
  return t;
}

inline void access_log(const httplib::Request& req, const httplib::Response& res) {
  // a request httplib refused before routing it has no start time: no duration then
  const auto started = std::exchange(request_started(), std::chrono::steady_clock::time_point{});
  const double ms = started == std::chrono::steady_clock::time_point{}
                        ? -1.0
                        : std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  problem_text line;  // control bytes of the target replaced, bounded
  line.set(req.target);
  std::fprintf(stderr, "sluice: %s \"%s %.*s %s\" %d %zu %.2f ms\n", req.remote_addr.c_str(), req.method.c_str(),
               static_cast<int>(line.view().size()), line.view().data(), req.version.c_str(), res.status,
               res.body.size(), ms);
}

}  // namespace detail

/**
 * Serves `app` over HTTP until SIGINT or SIGTERM (then returns 0). Returns 1 when it cannot
 * listen. Requests are handled on a pool of threads, each with its own `sluice::worker`, so
 * handlers must be thread-safe, as with concurrent Lambda invocations.
 *
 * **Example**: `return sluice::serve(app, sluice::serve_settings{.port = 8080});`
 */
template <class App>
int serve(const App& app, const serve_settings& s) {
  // SIGINT and SIGTERM go to one thread that stops the server: the pool's threads inherit
  // the blocked mask, and nothing runs inside a signal handler.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  httplib::Server server;
  server.set_payload_max_length(s.max_body_bytes);
  // Before httplib reads a body: a request without one is answered here (httplib 0.11 would
  // wait for the body of a POST that has no Content-Length), and the Content-Type of one that
  // has one is set aside, so that httplib neither parses multipart bodies into parts nor caps
  // form bodies at 8 KiB: the app gets the bytes as sent.
  server.set_pre_routing_handler([&app, &s](const httplib::Request& req, httplib::Response& res) {
    detail::request_started() = std::chrono::steady_clock::now();
    auto& headers = const_cast<httplib::Headers&>(req.headers);  // a non-const object in httplib
    headers.erase(std::string(detail::set_aside_content_type));
    if (!req.has_header("Content-Length") && !req.has_header("Transfer-Encoding")) {
      detail::answer(app, s, req, res);
      return httplib::Server::HandlerResponse::Handled;
    }
    if (auto type = headers.extract("Content-Type")) {
      type.key() = detail::set_aside_content_type;
      headers.insert(std::move(type));
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
  const auto handler = [&app, &s](const httplib::Request& req, httplib::Response& res) { detail::answer(app, s, req, res); };
  server.Get(".*", handler).Post(".*", handler).Put(".*", handler).Patch(".*", handler);
  server.Delete(".*", handler).Options(".*", handler);
  server.set_error_handler(httplib::Server::HandlerWithResponse([&s](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;  // the app's own answer
    if (res.status == 413) {
      detail::put(detail::gateway::gateway_answer(
                      413, "Request Entity Too Large: the body exceeds " + std::to_string(s.max_body_bytes) +
                               " bytes (the local gateway's --max-body, by default Lambda's 6 MB limit)"),
                  res);
    } else if (res.status >= 400 && res.headers.empty()) {  // httplib's own refusals
      const char* message = res.status == 404 ? "Not Found" : res.status == 405 ? "Method Not Allowed" : "Bad Request";
      detail::put(detail::gateway::gateway_answer(res.status, message), res);
    }
    return httplib::Server::HandlerResponse::Handled;
  }));
  if (s.access_log) server.set_logger(detail::access_log);

  int port = s.port;
  if (port == 0) port = server.bind_to_any_port(s.host);
  else if (!server.bind_to_port(s.host, port)) port = -1;
  if (port < 0) {
    std::fprintf(stderr,
                 "sluice: cannot listen on %s port %d: in use or not an address of this machine; choose "
                 "another with --serve HOST:PORT (0 picks a free port)\n",
                 s.host.c_str(), s.port);
    pthread_sigmask(SIG_UNBLOCK, &stop_signals, nullptr);
    return 1;
  }
  const bool v6 = s.host.find(':') != std::string::npos;
  std::printf("sluice: listening on http://%s%s%s:%d (payload %s%s%s)\n", v6 ? "[" : "", s.host.c_str(), v6 ? "]" : "",
              port, s.shape.payload_v1 ? "1.0" : "2.0", s.shape.stage.empty() ? "" : ", stage ",
              s.shape.stage.c_str());
  std::fflush(stdout);

  std::atomic<bool> stopping{false};
  std::atomic<bool> listen_ended{false};
  std::thread stopper([&] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    stopping = true;
    // a signal sent as soon as "listening on" is printed can come before listen_after_bind()
    // runs, and httplib's stop() does nothing until it does: wait for it (or for its end)
    while (!server.is_running() && !listen_ended) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    server.stop();
  });
  const bool served = server.listen_after_bind();
  listen_ended = true;
  if (!stopping) pthread_kill(stopper.native_handle(), SIGTERM);  // wakes its sigwait
  stopper.join();
  pthread_sigmask(SIG_UNBLOCK, &stop_signals, nullptr);
  return served || stopping ? 0 : 1;
}

/**
 * The `--serve` front for `sluice::run`: pass it to offer the local gateway on the command line.
 *
 * **Example**: `return sluice::run(app, argc, argv, sluice::local_gateway);`
 */
struct local_gateway_front {
  static constexpr std::string_view option = "--serve";
  static constexpr std::string_view synopsis = "--serve [HOST:]PORT [OPTIONS]";
  static constexpr std::string_view usage =
      "  --serve [HOST:]PORT  a local HTTP gateway (127.0.0.1 unless HOST is given; PORT 0 picks a\n"
      "                  free one): each request becomes an API Gateway event for the app.\n"
      "                  Without PORT: from PORT or FUNCTIONS_CUSTOMHANDLER_PORT (HTTP FaaS)\n"
      "      --payload 1.0|2.0  the event's shape: REST API (1.0) or HTTP API (2.0, default)\n"
      "      --stage NAME       paths start with /NAME, and requestContext.stage is NAME\n"
      "      --claims FILE      a JSON object of claims, passed as the authorizer's (JWT for 2.0)\n"
      "      --max-body BYTES   larger request bodies are answered 413 (default 6291456)\n"
      "      --quiet            no access log line per request on stderr\n";

  /// Runs the gateway for `argv[2...]` with the app `make_app()` builds.
  template <class Make>
  int run(Make& make_app, int argc, char** argv) const {
    std::vector<std::string_view> args(argv + 2, argv + argc);
    const serve_settings s = serve_settings::from_arguments(args);
    if (!s.problem.empty()) {
      std::fprintf(stderr, "%s: %s\n", argv[0], s.problem.c_str());
      return 2;
    }
    return detail::with_app(make_app, argv[0], [&](const auto& app) { return serve(app, s); });
  }
};

inline constexpr local_gateway_front local_gateway{};

}  // namespace sluice
