// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// Structured logs: one JSON object per line, in the shape CloudWatch Logs Insights queries and
// Powertools for AWS Lambda users know (`level`, `message`, `timestamp`, `service`,
// `cold_start`, `function_request_id`, `xray_trace_id`, ...). docs/operations.md.
//
// - `sluice::structured_logs(options)`: an app-level piece. Its after step writes one access
//   line per HTTP answer (route, method, path, status, latency); its before step hands
//   handlers a `sluice::logger` (`sluice::provided<sluice::logger> log; log->info("...")`)
//   whose lines carry the same correlation fields.
// - The level comes from the options, else `SLUICE_LOG_LEVEL`, else `AWS_LAMBDA_LOG_LEVEL`,
//   else INFO. With `sample_rate`, that fraction of invocations logs at DEBUG.
// - The app's own failure reports (a handler that threw) are JSON lines of the same shape on
//   stderr whether or not the piece is used.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <initializer_list>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "sluice/detail/arena.hpp"
#include "sluice/detail/text.hpp"
#include "sluice/invocation.hpp"
#include "sluice/json_writer.hpp"
#include "sluice/middleware.hpp"
#include "sluice/request.hpp"
#include "sluice/response.hpp"
#include "sluice/tracing.hpp"

namespace sluice {

enum class log_level : std::uint8_t { debug, info, warn, error, off };

[[nodiscard]] constexpr std::string_view name_of(log_level l) noexcept {
  switch (l) {
    case log_level::debug: return "DEBUG";
    case log_level::info: return "INFO";
    case log_level::warn: return "WARN";
    case log_level::error: return "ERROR";
    case log_level::off: return "OFF";
  }
  return "INFO";
}

/// `"debug"`, `"INFO"`, `"Warning"`, ... (any case; also Lambda's TRACE and FATAL, as DEBUG and
/// ERROR); nothing for anything else.
[[nodiscard]] inline std::optional<log_level> parse_log_level(std::string_view text) noexcept {
  using detail::iequals;
  if (iequals(text, "debug") || iequals(text, "trace")) return log_level::debug;
  if (iequals(text, "info")) return log_level::info;
  if (iequals(text, "warn") || iequals(text, "warning")) return log_level::warn;
  if (iequals(text, "error") || iequals(text, "fatal") || iequals(text, "critical")) return log_level::error;
  if (iequals(text, "off") || iequals(text, "none")) return log_level::off;
  return std::nullopt;
}

/// The level the environment asks for: `SLUICE_LOG_LEVEL`, else `AWS_LAMBDA_LOG_LEVEL` (set by
/// Lambda's advanced logging controls), else INFO. A value that names no level is ignored.
[[nodiscard]] inline log_level log_level_from_environment() noexcept {
  for (const char* name : {"SLUICE_LOG_LEVEL", "AWS_LAMBDA_LOG_LEVEL"}) {
    if (const char* v = std::getenv(name)) {
      if (const std::optional<log_level> l = parse_log_level(v)) return *l;
    }
  }
  return log_level::info;
}

/// One extra key of a log line: text, an integer, a number or a boolean.
class log_field {
 public:
  log_field(std::string_view key, std::string_view text) noexcept : key_(key), kind_(kind::text), text_(text) {}
  log_field(std::string_view key, const char* text) noexcept : log_field(key, std::string_view(text)) {}
  log_field(std::string_view key, const std::string& text) noexcept : log_field(key, std::string_view(text)) {}
  log_field(std::string_view key, bool b) noexcept : key_(key), kind_(kind::boolean), integer_(b ? 1 : 0) {}
  template <class T>
    requires(std::is_integral_v<T> && !std::is_same_v<T, bool>)
  log_field(std::string_view key, T n) noexcept : key_(key) {
    if constexpr (std::is_signed_v<T>) {
      kind_ = kind::integer;
      integer_ = static_cast<std::int64_t>(n);
    } else {
      kind_ = kind::unsigned_integer;
      unsigned_ = static_cast<std::uint64_t>(n);
    }
  }
  log_field(std::string_view key, double n) noexcept : key_(key), kind_(kind::number), number_(n) {}

  void write(json_writer& w) const {
    w.key(key_);
    switch (kind_) {
      case kind::text: w.value(text_); break;
      case kind::boolean: w.value(integer_ != 0); break;
      case kind::integer: w.value(integer_); break;
      case kind::unsigned_integer: w.value(unsigned_); break;
      case kind::number: w.value(number_); break;
    }
  }

 private:
  enum class kind : std::uint8_t { text, boolean, integer, unsigned_integer, number };
  std::string_view key_;
  kind kind_ = kind::text;
  std::string_view text_;
  std::int64_t integer_ = 0;
  std::uint64_t unsigned_ = 0;
  double number_ = 0;
};

namespace detail {
/// `2026-11-28T09:41:07.123Z`
inline void write_timestamp(json_writer& w, std::chrono::system_clock::time_point t) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm utc{};
  ::gmtime_r(&seconds, &utc);
  char text[32];
  const int n = std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                              utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                              static_cast<int>(ms % 1000));
  w.value(std::string_view(text, n > 0 ? static_cast<std::size_t>(n) : 0));
}

/// The correlation keys every line about a request carries.
inline void write_request_keys(json_writer& w, const request& req) {
  if (!req.context().request_id.empty()) w.field("request_id", req.context().request_id);
  if (const invocation_context* inv = req.invocation()) {
    w.field("function_request_id", inv->request_id);
    if (!inv->invoked_function_arn.empty()) w.field("function_arn", inv->invoked_function_arn);
    if (inv->function != nullptr) {
      if (!inv->function->function_name.empty()) w.field("function_name", inv->function->function_name);
      if (inv->function->memory_mb != 0) w.field("function_memory_size", inv->function->memory_mb);
    }
  }
  if (const std::string_view root = trace_root_of(req); !root.empty()) w.field("xray_trace_id", root);
  if (!req.route().empty()) w.field("route", req.route());
}

/// Writes `line` and a newline with one call, so that lines of concurrent loops never mix.
inline void emit_line(std::FILE* sink, std::string_view line) {
  char small[2048];
  if (line.size() < sizeof small) {
    std::memcpy(small, line.data(), line.size());
    small[line.size()] = '\n';
    std::fwrite(small, 1, line.size() + 1, sink);
  } else {
    std::string copy;
    copy.reserve(line.size() + 1);
    copy.append(line).push_back('\n');
    std::fwrite(copy.data(), 1, copy.size(), sink);
  }
  std::fflush(sink);
}

/// The app's report of a failure it answered with a 500: an ERROR line on stderr.
inline void report_failure_line(const request& req, std::string_view what, std::string_view detail) {
  json_writer w(current_arena());
  w.begin_object().field("level", "ERROR");
  const std::string_view where = req.route().empty() ? std::string_view("a step before routing") : req.route();
  arena_string message(current_arena());
  message.append(where);
  message.push_back(' ');
  message.append(what);
  message.append(": ");
  message.append(detail);
  w.field("message", message.view()).key("timestamp");
  write_timestamp(w, std::chrono::system_clock::now());
  w.field("method", req.method_name()).field("path", req.raw_path());
  write_request_keys(w, req);
  w.end_object();
  emit_line(stderr, w.view());
}

/// Where log lines go when the options do not say: stdout on Lambda (where stdout is the log),
/// stderr elsewhere (so that `--invoke` prints only the answer on stdout).
[[nodiscard]] inline std::FILE* default_log_sink() noexcept {
  return std::getenv("AWS_LAMBDA_RUNTIME_API") != nullptr ? stdout : stderr;
}

/// `configured`, else `POWERTOOLS_SERVICE_NAME`, else `AWS_LAMBDA_FUNCTION_NAME`, else
/// `"service_undefined"`: the service name of log lines and metrics.
[[nodiscard]] inline std::string service_name(std::string configured) {
  for (const char* name : {"POWERTOOLS_SERVICE_NAME", "AWS_LAMBDA_FUNCTION_NAME"}) {
    if (!configured.empty()) break;
    if (const char* v = std::getenv(name); v != nullptr && *v != '\0') configured = v;
  }
  return configured.empty() ? std::string("service_undefined") : configured;
}

/// Milliseconds since the app started on `req`, when it recorded the time (apps with after steps).
[[nodiscard]] inline std::optional<double> latency_ms(const request& req) noexcept {
  if (req.received_at() == std::chrono::steady_clock::time_point{}) return std::nullopt;
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - req.received_at()).count();
}

/// True for the first request this process serves, once.
[[nodiscard]] inline bool take_cold_start() noexcept {
  static std::atomic<bool> first{true};
  return first.load(std::memory_order_relaxed) && first.exchange(false, std::memory_order_relaxed);
}
}  // namespace detail

struct log_options {
  /// The `service` key: else `POWERTOOLS_SERVICE_NAME`, else `AWS_LAMBDA_FUNCTION_NAME`, else
  /// `"service_undefined"`.
  std::string service{};
  /// The level: else `SLUICE_LOG_LEVEL`, else `AWS_LAMBDA_LOG_LEVEL`, else INFO.
  std::optional<log_level> level{};
  /// The fraction of invocations (0 to 1) that log at DEBUG whatever the level.
  double sample_rate = 0.0;
  /// One INFO line per answer (ERROR for 5xx); off leaves only what handlers log.
  bool access_log = true;
  /// Where lines go; nullptr: stdout on Lambda, stderr elsewhere.
  std::FILE* sink = nullptr;
};

namespace detail {
struct log_config {
  std::string service;
  log_level level;
  double sample_rate;
  bool access_log;
  std::FILE* sink;

  explicit log_config(const log_options& o)
      : service(service_name(o.service)), level(o.level.value_or(log_level_from_environment())),
        sample_rate(o.sample_rate), access_log(o.access_log), sink(o.sink != nullptr ? o.sink : default_log_sink()) {
    if (!(sample_rate >= 0.0 && sample_rate <= 1.0)) sample_rate = 0.0;
  }

  /// Whether this invocation is one of the sampled ones.
  [[nodiscard]] bool sampled() const {
    if (sample_rate <= 0.0) return false;
    if (sample_rate >= 1.0) return true;
    thread_local std::minstd_rand random{std::random_device{}()};
    return std::uniform_real_distribution<double>(0.0, 1.0)(random) < sample_rate;
  }
};
}  // namespace detail

/**
 * What a handler logs with: `sluice::provided<sluice::logger> log` (from `structured_logs`).
 * Each line carries the request's correlation keys.
 *
 * **Example**: `log->info("pet created", {{"pet_id", id}, {"owner", owner}});`
 */
class logger {
 public:
  logger(const detail::log_config& config, const request& req, log_level level) noexcept
      : config_(&config), request_(&req), level_(level) {}

  [[nodiscard]] bool enabled(log_level l) const noexcept { return l >= level_ && l != log_level::off; }
  [[nodiscard]] log_level level() const noexcept { return level_; }

  void debug(std::string_view message, std::initializer_list<log_field> extra = {}) const {
    write(log_level::debug, message, extra);
  }
  void info(std::string_view message, std::initializer_list<log_field> extra = {}) const {
    write(log_level::info, message, extra);
  }
  void warn(std::string_view message, std::initializer_list<log_field> extra = {}) const {
    write(log_level::warn, message, extra);
  }
  void error(std::string_view message, std::initializer_list<log_field> extra = {}) const {
    write(log_level::error, message, extra);
  }

  void write(log_level l, std::string_view message, std::initializer_list<log_field> extra) const {
    if (!enabled(l)) return;
    json_writer w(detail::current_arena());
    begin_line(w, l, message);
    for (const log_field& f : extra) f.write(w);
    w.end_object();
    detail::emit_line(config_->sink, w.view());
  }

  /// Starts a line with the standard keys; the caller adds its own and closes the object.
  void begin_line(json_writer& w, log_level l, std::string_view message) const {
    w.begin_object().field("level", name_of(l)).field("message", message).key("timestamp");
    detail::write_timestamp(w, std::chrono::system_clock::now());
    w.field("service", config_->service).field("cold_start", request_->cold_start());
    if (config_->sample_rate > 0.0) w.field("sampling_rate", config_->sample_rate);
    detail::write_request_keys(w, *request_);
  }

 private:
  const detail::log_config* config_;
  const request* request_;
  log_level level_;
};

namespace detail {
struct provide_logger {
  std::shared_ptr<const log_config> config;
  logger operator()(const request& req) const {
    return logger(*config, req, config->sampled() ? log_level::debug : config->level);
  }
};

struct write_access_line {
  std::shared_ptr<const log_config> config;
  void operator()(response& r, const request& req) const {
    if (!config->access_log) return;
    const log_level l = r.status() >= 500 ? log_level::error : log_level::info;
    const logger log(*config, req, config->level);
    if (!log.enabled(l)) return;
    json_writer w(current_arena());
    arena_string message(current_arena());
    message.append(req.method_name());
    message.push_back(' ');
    message.append(req.raw_path());
    message.push_back(' ');
    char status[8];
    const int n = std::snprintf(status, sizeof status, "%d", r.status());
    message.append(std::string_view(status, n > 0 ? static_cast<std::size_t>(n) : 0));
    log.begin_line(w, l, message.view());
    w.field("method", req.method_name()).field("path", req.raw_path()).field("status", r.status());
    if (const std::optional<double> took = latency_ms(req)) w.field("latency_ms", *took);
    w.end_object();
    emit_line(config->sink, w.view());
  }
};
}  // namespace detail

/**
 * Structured logs for an app: an access line per answer and a `sluice::logger` for handlers.
 * Use it at app level, first, so that its line covers every answer:
 * `sluice::app{sluice::use(sluice::structured_logs({.service = "pets"}), ...), routes...}`.
 */
[[nodiscard]] inline auto structured_logs(const log_options& options = {}) {
  auto config = std::make_shared<const detail::log_config>(options);
  return use(before(detail::provide_logger{config}), after(detail::write_access_line{config}));
}

}  // namespace sluice
