// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// The Lambda Runtime API loop (DESIGN section 5, docs/lambda.md): `next`, handle, post the
// answer, again; init failures to `/init/error`; one loop per thread when the platform allows
// concurrent invocations. It moves bytes between the Runtime API and `app.handle`.

#include <algorithm>
#include <atomic>
#include <charconv>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <memory>
#include <new>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include "sluice/detail/http1.hpp"
#include "sluice/detail/json.hpp"
#include "sluice/detail/runtime_api.hpp"
#include "sluice/invocation.hpp"
#include "sluice/worker.hpp"

namespace sluice {

/**
 * How the Runtime API loop runs. `from_environment()` reads what Lambda sets; tests and
 * embedders may fill one themselves.
 *
 * **Example**: `auto s = sluice::lambda_settings::from_environment(); s.concurrency = 1;`
 */
struct lambda_settings {
  std::string runtime_api;      // AWS_LAMBDA_RUNTIME_API: host:port
  unsigned concurrency = 1;     // AWS_LAMBDA_MAX_CONCURRENCY: loops, each with its thread and connection
  bool export_trace_id = true;  // set _X_AMZN_TRACE_ID per invocation (only when concurrency is 1)
  std::size_t max_event_bytes = 32 * 1024 * 1024;
  std::size_t max_header_bytes = 1024 * 1024;
  unsigned max_next_failures = 5;  // failed `next` calls in a row before the loop exits non-zero
  int connect_timeout_ms = 2000;
  std::string function_name;     // AWS_LAMBDA_FUNCTION_NAME
  std::string function_version;  // AWS_LAMBDA_FUNCTION_VERSION
  std::uint32_t memory_mb = 0;   // AWS_LAMBDA_FUNCTION_MEMORY_SIZE
  std::string log_group_name;    // AWS_LAMBDA_LOG_GROUP_NAME
  std::string log_stream_name;   // AWS_LAMBDA_LOG_STREAM_NAME
  std::string region;            // AWS_REGION
  std::string problem;           // a malformed variable: reported to /init/error, then exit 1

  [[nodiscard]] static lambda_settings from_environment() {
    lambda_settings s;
    const auto env = [](const char* name) {
      const char* v = std::getenv(name);
      return std::string(v == nullptr ? "" : v);
    };
    const auto number = [](std::string_view text, unsigned& out) {
      const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
      return ec == std::errc{} && end == text.data() + text.size();
    };
    s.runtime_api = env("AWS_LAMBDA_RUNTIME_API");
    if (const std::string c = env("AWS_LAMBDA_MAX_CONCURRENCY"); !c.empty()) {
      if (!number(c, s.concurrency) || s.concurrency < 1 || s.concurrency > 1024) {
        s.concurrency = 1;
        s.problem = "AWS_LAMBDA_MAX_CONCURRENCY must be a number from 1 to 1024, not '" + c.substr(0, 64) + "'";
      }
    }
    s.function_name = env("AWS_LAMBDA_FUNCTION_NAME");
    s.function_version = env("AWS_LAMBDA_FUNCTION_VERSION");
    unsigned memory = 0;
    if (number(env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"), memory)) s.memory_mb = memory;
    s.log_group_name = env("AWS_LAMBDA_LOG_GROUP_NAME");
    s.log_stream_name = env("AWS_LAMBDA_LOG_STREAM_NAME");
    s.region = env("AWS_REGION");
    return s;
  }
};

/// Whether `type` is an error type Lambda records as it is: `(Runtime|Function)\.[A-Z][a-zA-Z]+`.
[[nodiscard]] constexpr bool is_lambda_error_type(std::string_view type) noexcept {
  std::string_view reason;
  if (type.starts_with("Runtime.")) reason = type.substr(8);
  else if (type.starts_with("Function.")) reason = type.substr(9);
  if (reason.empty() || reason.front() < 'A' || reason.front() > 'Z') return false;
  for (const char c : reason) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;
  }
  return true;
}

/**
 * The `Lambda-Runtime-Function-Error-Type` of a Lambda-level error of sluice: an event that
 * could not be handled failed before any handler ran (`Runtime.*`); an event handler's
 * exception is the function's (`Function.HandlerError`). Types Lambda already accepts pass as
 * they are; anything else is `Runtime.Unknown`.
 *
 * **Example**: `lambda_error_type("Sluice.InvalidEvent") == "Runtime.UnmarshalError"`
 */
[[nodiscard]] constexpr std::string_view lambda_error_type(std::string_view sluice_type) noexcept {
  if (sluice_type == "Sluice.InvalidEvent") return "Runtime.UnmarshalError";
  if (sluice_type == "Sluice.UnsupportedEvent") return "Runtime.UnsupportedEvent";
  if (sluice_type == "Sluice.HandlerError") return "Function.HandlerError";
  if (is_lambda_error_type(sluice_type)) return sluice_type;
  return "Runtime.Unknown";
}

namespace detail {

/// A `handle(worker&, data, size, capacity)` that answers one event: `sluice::app`, or any
/// stand-in (benchmarks time the loop with a handler that does nothing).
template <class H>
concept invocation_handler = requires(const H& h, worker& w, const char* data, std::size_t n) {
  { h.handle(w, data, n, n) } -> std::same_as<invocation_result>;
};

/**
 * An invocation handler seen through one pointer, so that the Runtime API loop (its threads,
 * its vector of loops) is compiled once rather than once per app type. An app's type names
 * every route of its table; each function instantiated for it carries that name, and with a
 * few hundred routes those names alone cost seconds of compile time. One indirect call per
 * invocation is what it costs at run time.
 */
class handler_ref {
 public:
  template <invocation_handler H>
  explicit handler_ref(const H& handler) noexcept : object_(&handler), handle_(&call<H>) {}

  [[nodiscard]] invocation_result handle(worker& w, const char* data, std::size_t size, std::size_t capacity) const {
    return handle_(object_, w, data, size, capacity);
  }

 private:
  using handle_fn = invocation_result (*)(const void*, worker&, const char*, std::size_t, std::size_t);
  template <class H>
  static invocation_result call(const void* handler, worker& w, const char* data, std::size_t size,
                                std::size_t capacity) {
    return static_cast<const H*>(handler)->handle(w, data, size, capacity);
  }

  const void* object_;
  handle_fn handle_;
};

/**
 * `_X_AMZN_TRACE_ID`, set per invocation. glibc's `setenv` keeps every value it was ever
 * given, so a warm process would grow by one trace id per invocation; this owns the
 * `NAME=value` text instead (`putenv`), rewrites it in place, and grows it only for a longer id.
 */
class trace_id_variable {
 public:
  trace_id_variable() = default;
  trace_id_variable(const trace_id_variable&) = delete;
  trace_id_variable& operator=(const trace_id_variable&) = delete;
  ~trace_id_variable() { clear(); }

  void set(std::string_view id) {
    if (id.empty()) {
      clear();
      return;
    }
    const std::size_t size = name.size() + 1 + id.size() + 1;
    if (size > capacity_) {
      const std::size_t capacity = std::max<std::size_t>(size, 256);
      auto fresh = std::make_unique<char[]>(capacity);
      write(fresh.get(), id);
      if (::putenv(fresh.get()) != 0) return;
      buffer_ = std::move(fresh);  // the old text left the environment with the putenv
      capacity_ = capacity;
    } else {
      write(buffer_.get(), id);
      if (!in_environment_ && ::putenv(buffer_.get()) != 0) return;
    }
    in_environment_ = true;
    cleared_ = false;
  }

  void clear() noexcept {
    if (!cleared_) ::unsetenv("_X_AMZN_TRACE_ID");
    in_environment_ = false;
    cleared_ = true;
  }

 private:
  static constexpr std::string_view name = "_X_AMZN_TRACE_ID";
  static void write(char* to, std::string_view id) noexcept {
    std::memcpy(to, name.data(), name.size());
    to[name.size()] = '=';
    std::memcpy(to + name.size() + 1, id.data(), id.size());
    to[name.size() + 1 + id.size()] = '\0';
  }

  std::unique_ptr<char[]> buffer_;
  std::size_t capacity_ = 0;
  bool in_environment_ = false;
  bool cleared_ = false;  // false at first: a value inherited from the parent is removed too
};

/// What one turn of the loop came to.
enum class step_result : std::uint8_t { served, failed, fatal, stopped };

/// One line on stderr (CloudWatch): control bytes replaced, at most 1 KiB.
inline void log_problem(std::string_view text) noexcept {
  problem_text line;
  line.set(text);
  std::fprintf(stderr, "sluice: %.*s\n", static_cast<int>(line.view().size()), line.view().data());
}

/**
 * One loop: its own connection, buffers and worker. `step` serves one invocation; `run`
 * steps until the platform says to stop (a 500), `next` fails too often, or `interrupt`.
 */
template <invocation_handler Handler>
class lambda_loop {
 public:
  lambda_loop(const Handler& handler, const http1::endpoint& ep, const runtime_limits& limits,
              const function_info* function, trace_id_variable* trace)
      : handler_(handler), client_(ep, limits), trace_(trace) {
    context_.function = function;
  }

  /// Serves one invocation: next, handle, post. Never throws.
  [[nodiscard]] step_result step() noexcept {
    posted_ = false;
#if defined(__cpp_exceptions)
    try {
      return serve();
    } catch (const std::bad_alloc&) {
      return give_up("Runtime.OutOfMemory", "out of memory while serving the invocation");
    } catch (const std::exception& e) {
      return give_up("Runtime.UncaughtException", e.what());
    } catch (...) {
      return give_up("Runtime.UncaughtException", "an exception that is not a std::exception");
    }
#else
    return serve();
#endif
  }

  /// Steps until stopped (0) or until the Runtime API cannot go on (1).
  [[nodiscard]] int run(unsigned max_next_failures) noexcept {
    unsigned failures = 0;
    for (;;) {
      switch (step()) {
        case step_result::served: failures = 0; break;
        case step_result::failed:
          if (++failures >= max_next_failures) {
            log_problem("the Runtime API failed too many times in a row; exiting");
            return 1;
          }
          break;
        case step_result::fatal: return 1;
        case step_result::stopped: return 0;
      }
    }
  }

  void interrupt() noexcept { client_.interrupt(); }
  [[nodiscard]] runtime_client& client() noexcept { return client_; }

 private:
  step_result serve() {
    switch (client_.next(context_)) {
      case next_outcome::event: break;
      case next_outcome::bad_event:
        log_problem(client_.problem());
        return answer_error(client_.bad_event_was_too_large() ? "Runtime.EventTooLarge" : "Runtime.UnreadableEvent",
                            client_.problem());
      case next_outcome::failed: log_problem(client_.problem()); return step_result::failed;
      case next_outcome::fatal:
        log_problem(client_.problem());
        log_problem("the Runtime API reports an unrecoverable error: exiting");
        return step_result::fatal;
      case next_outcome::stopped: return step_result::stopped;
    }
    if (trace_ != nullptr) trace_->set(context_.trace_id);
    worker_.set_invocation(&context_);
    const std::size_t size = client_.event_size();
    const invocation_result r = handler_.handle(worker_, client_.event_data(), size, size + client_.padding());
    if (!r.ok) return answer_error(lambda_error_type(r.error_type), r.error_message, r.error_type);
    posted_ = true;
    const post_outcome sent =
        r.streamed ? client_.post_stream("application/vnd.awslambda.http-integration-response", r.payload, r.stream_body)
                   : client_.post_response(r.payload, "application/json");
    // on 413 the invocation has failed already (the caller gets Function.ResponseSizeTooLarge
    // and the Runtime API takes nothing more for it): after_post logs it and the loop goes on
    return after_post(sent);
  }

  step_result answer_error(std::string_view header_type, std::string_view message, std::string_view body_type = {}) {
    posted_ = true;
    return after_post(client_.post_error(header_type, body_type.empty() ? header_type : body_type, message));
  }

  step_result after_post(post_outcome p) noexcept {
    switch (p) {
      case post_outcome::accepted: return step_result::served;
      case post_outcome::rejected:
      case post_outcome::too_large:
      case post_outcome::failed: log_problem(client_.problem()); return step_result::served;
      case post_outcome::fatal:
        log_problem(client_.problem());
        log_problem("the Runtime API reports an unrecoverable error: exiting");
        return step_result::fatal;
      case post_outcome::stopped: return step_result::stopped;
    }
    return step_result::served;
  }

  /// After an exception: answer the invocation if it has not been answered, else go on.
  step_result give_up(std::string_view type, std::string_view message) noexcept {
    log_problem(message);
    client_.reset_connection();
    if (posted_) return step_result::served;
    if (client_.request_id().empty()) return step_result::failed;
#if defined(__cpp_exceptions)
    try {
      return answer_error(type, message);
    } catch (...) {
      return step_result::failed;
    }
#else
    return answer_error(type, message);
#endif
  }

  const Handler& handler_;
  runtime_client client_;
  worker worker_;
  invocation_context context_;
  trace_id_variable* trace_;
  bool posted_ = false;
};

[[nodiscard]] inline runtime_limits limits_of(const lambda_settings& s) noexcept {
  runtime_limits l;
  l.max_head_bytes = s.max_header_bytes;
  l.max_event_bytes = s.max_event_bytes;
  l.event_padding = json::padding;
  l.connect_timeout_ms = s.connect_timeout_ms;
  return l;
}

/// Reports an init failure to `/init/error` (and stderr); the status to exit with.
inline int init_failure(const http1::endpoint& ep, const lambda_settings& s, std::string_view type,
                        std::string_view message) noexcept {
  log_problem(message);
#if defined(__cpp_exceptions)
  try {
#endif
    runtime_client client(ep, limits_of(s));
    if (client.post_init_error(type, type, message) != post_outcome::accepted) log_problem(client.problem());
#if defined(__cpp_exceptions)
  } catch (...) {
    log_problem("cannot report the init failure: out of memory");
  }
#endif
  return 1;
}

template <invocation_handler Handler>
int run_loops(const Handler& handler, const http1::endpoint& ep, const lambda_settings& s, std::stop_token stop) {
  const function_info function{s.function_name, s.function_version, s.memory_mb, s.log_group_name,
                               s.log_stream_name, s.region};
  const unsigned count = std::max(1u, s.concurrency);
  std::optional<trace_id_variable> trace;
  if (s.export_trace_id) {
    trace.emplace();
    trace->clear();  // a value inherited from the parent belongs to no invocation
  }
  // one process-wide variable is meaningless (and racy) for concurrent invocations
  trace_id_variable* const shared_trace = count == 1 && trace ? &*trace : nullptr;
  std::vector<std::unique_ptr<lambda_loop<Handler>>> loops;
  loops.reserve(count);
  for (unsigned i = 0; i < count; ++i) {
    loops.push_back(std::make_unique<lambda_loop<Handler>>(handler, ep, limits_of(s), &function, shared_trace));
  }
  std::stop_source stopper;
  const std::stop_callback forward(stop, [&] { stopper.request_stop(); });
  const std::stop_callback interrupt(stopper.get_token(), [&] {
    for (auto& l : loops) l->interrupt();
  });
  std::atomic<int> status{0};
  const auto serve = [&](lambda_loop<Handler>& l) {
    if (const int st = l.run(s.max_next_failures); st != 0) {
      status.store(st);
      stopper.request_stop();  // the process is going: stop the other loops
    }
  };
  std::vector<std::thread> threads;
  threads.reserve(count - 1);
#if defined(__cpp_exceptions)
  try {
    for (unsigned i = 1; i < count; ++i) threads.emplace_back(serve, std::ref(*loops[i]));
  } catch (const std::exception& e) {
    log_problem(e.what());
    status.store(1);
    stopper.request_stop();
  }
#else
  for (unsigned i = 1; i < count; ++i) threads.emplace_back(serve, std::ref(*loops[i]));
#endif
  if (status.load() == 0) serve(*loops[0]);
  for (auto& t : threads) t.join();
  return status.load();
}

}  // namespace detail

/**
 * Runs the Lambda Runtime API loop until the platform stops it: returns the status to exit
 * with (non-zero after a `500` from the Runtime API or repeated failures of `next`; 0 when
 * `stop` was requested). `make_app` is called once, at init: an exception it throws is
 * reported to `/init/error`, as is a malformed setting.
 *
 * **Example**: `return sluice::run_lambda([] { return make_my_app(); }, sluice::lambda_settings::from_environment());`
 */
template <class Make>
  requires std::invocable<Make&> && detail::invocation_handler<std::remove_cvref_t<std::invoke_result_t<Make&>>>
[[nodiscard]] int run_lambda(Make&& make_app, const lambda_settings& settings, std::stop_token stop = {}) {
  detail::http1::endpoint ep;
  std::string why;
  if (!detail::http1::resolve(settings.runtime_api, ep, why)) {
    // nowhere to post an init error to
    std::fprintf(stderr, "sluice: AWS_LAMBDA_RUNTIME_API='%s' is not usable: %s\n", settings.runtime_api.c_str(),
                 why.c_str());
    return 1;
  }
  if (!settings.problem.empty()) return detail::init_failure(ep, settings, "Runtime.InitError", settings.problem);
#if defined(__cpp_exceptions)
  bool made = false;
  detail::problem_text message;  // a fixed buffer: the exception may be std::bad_alloc
  try {
    decltype(auto) app = make_app();
    made = true;
    return detail::run_loops(detail::handler_ref(app), ep, settings, std::move(stop));
  } catch (const std::exception& e) {
    message.set(made ? "the Runtime API loop could not start: " : "the app could not be built: ", e.what());
  } catch (...) {
    message.set(made ? "the Runtime API loop could not start: " : "the app could not be built: ",
                "an exception that is not a std::exception");
  }
  if (made) {
    detail::log_problem(message.view());
    return 1;
  }
  return detail::init_failure(ep, settings, "Runtime.InitError", message.view());
#else
  decltype(auto) app = make_app();
  return detail::run_loops(detail::handler_ref(app), ep, settings, std::move(stop));
#endif
}

/**
 * Runs the Runtime API loop for an app that already exists.
 *
 * **Example**: `return sluice::run_lambda(app, sluice::lambda_settings::from_environment());`
 */
template <detail::invocation_handler App>
[[nodiscard]] int run_lambda(const App& app, const lambda_settings& settings, std::stop_token stop = {}) {
  return run_lambda([&app]() -> const App& { return app; }, settings, std::move(stop));
}

}  // namespace sluice
