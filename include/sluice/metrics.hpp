// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// Metrics in CloudWatch Embedded Metric Format: one JSON record per invocation on the log,
// which CloudWatch turns into metrics without an API call. docs/operations.md.
//
// `sluice::metrics({.name_space = "pets"})` is an app-level piece. Every HTTP answer makes
// one record with the dimensions `service` and `route` and the metrics `Requests`, `Latency`
// (milliseconds), `4xx`, `5xx` (and `ColdStart` on the first request of the process), plus
// what handlers added through `sluice::provided<sluice::metrics_recorder>`. An app without the
// piece has none of its code.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sluice/detail/arena.hpp"
#include "sluice/json_writer.hpp"
#include "sluice/log.hpp"
#include "sluice/middleware.hpp"
#include "sluice/request.hpp"
#include "sluice/response.hpp"
#include "sluice/tracing.hpp"

namespace sluice {

/// The units CloudWatch knows (a subset of its list).
enum class metric_unit : std::uint8_t {
  none,
  count,
  count_per_second,
  seconds,
  milliseconds,
  microseconds,
  bytes,
  kilobytes,
  megabytes,
  bytes_per_second,
  percent,
};

[[nodiscard]] constexpr std::string_view name_of(metric_unit u) noexcept {
  switch (u) {
    case metric_unit::none: return "None";
    case metric_unit::count: return "Count";
    case metric_unit::count_per_second: return "Count/Second";
    case metric_unit::seconds: return "Seconds";
    case metric_unit::milliseconds: return "Milliseconds";
    case metric_unit::microseconds: return "Microseconds";
    case metric_unit::bytes: return "Bytes";
    case metric_unit::kilobytes: return "Kilobytes";
    case metric_unit::megabytes: return "Megabytes";
    case metric_unit::bytes_per_second: return "Bytes/Second";
    case metric_unit::percent: return "Percent";
  }
  return "None";
}

struct metrics_options {
  /// The CloudWatch namespace: else `POWERTOOLS_METRICS_NAMESPACE`, else `"sluice"`.
  std::string name_space{};
  /// The `service` dimension: else `POWERTOOLS_SERVICE_NAME`, else `AWS_LAMBDA_FUNCTION_NAME`,
  /// else `"service_undefined"`.
  std::string service{};
  /// Where records go; nullptr: stdout on Lambda, stderr elsewhere.
  std::FILE* sink = nullptr;
};

namespace detail {
struct metric_entry {
  std::string_view name;
  metric_unit unit;
  double value;
};

/// The custom metrics of the invocation running on this thread (kept between invocations, so
/// that a warm loop does not allocate).
inline std::vector<metric_entry>& pending_metrics() {
  thread_local std::vector<metric_entry> entries = [] {
    std::vector<metric_entry> v;
    v.reserve(16);
    return v;
  }();
  return entries;
}

struct metrics_config {
  std::string name_space;
  std::string service;
  std::FILE* sink;

  explicit metrics_config(const metrics_options& o)
      : name_space(o.name_space), service(service_name(o.service)),
        sink(o.sink != nullptr ? o.sink : default_log_sink()) {
    if (name_space.empty()) {
      const char* v = std::getenv("POWERTOOLS_METRICS_NAMESPACE");
      name_space = v != nullptr && *v != '\0' ? v : "sluice";
    }
  }
};
}  // namespace detail

/**
 * What a handler adds metrics with: `sluice::provided<sluice::metrics_recorder> m;
 * m->add("PetsCreated", 1);`. They go out in the invocation's one record, with its dimensions.
 * A name given twice gets every value (EMF's value arrays); a name the record uses itself
 * (`Requests`, `route`, ...) is dropped. At most `max_metrics` names and
 * `max_values` values per name are kept (CloudWatch's limits); more are dropped.
 */
class metrics_recorder {
 public:
  static constexpr std::size_t max_metrics = 90;  // CloudWatch takes 100; the standard ones need 5
  static constexpr std::size_t max_values = 100;

  void add(std::string_view name, double value, metric_unit unit = metric_unit::count) const {
    if (name.empty() || name.size() > 255 || reserved(name)) return;
    std::vector<detail::metric_entry>& entries = detail::pending_metrics();
    std::size_t names = 0;
    std::size_t values = 0;
    bool known = false;
    for (const detail::metric_entry& e : entries) {
      if (e.name == name) {
        known = true;
        ++values;
      }
    }
    if (!known) {
      for (std::size_t i = 0; i < entries.size(); ++i) {
        bool first = true;
        for (std::size_t j = 0; j < i; ++j) first = first && entries[j].name != entries[i].name;
        names += first;
      }
      if (names >= max_metrics) return;
    }
    if (values >= max_values) return;
    // the name may be a temporary: keep a copy in the invocation's arena
    entries.push_back({detail::current_arena().copy(name), unit, value});
  }

  /// The names the record already uses: a metric of that name is dropped.
  [[nodiscard]] static constexpr bool reserved(std::string_view name) noexcept {
    for (const std::string_view r : {"Requests", "Latency", "4xx", "5xx", "ColdStart", "_aws", "service", "route",
                                     "request_id", "function_request_id", "xray_trace_id"}) {
      if (name == r) return true;
    }
    return false;
  }
};

namespace detail {
struct provide_recorder {
  metrics_recorder operator()() const { return {}; }
};

struct flush_metrics {
  std::shared_ptr<const metrics_config> config;

  void operator()(response& r, const request& req) const {
    std::vector<metric_entry>& custom = pending_metrics();
    const bool cold = req.cold_start();
    json_writer w(current_arena());
    w.begin_object().key("_aws").begin_object().key("Timestamp").value(static_cast<std::int64_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
            .count()));
    w.key("CloudWatchMetrics").begin_array().begin_object().field("Namespace", config->name_space);
    w.key("Dimensions").begin_array().begin_array().value("service").value("route").end_array().end_array();
    w.key("Metrics").begin_array();
    const auto declare = [&](std::string_view name, metric_unit unit) {
      w.begin_object().field("Name", name).field("Unit", name_of(unit)).end_object();
    };
    declare("Requests", metric_unit::count);
    declare("Latency", metric_unit::milliseconds);
    declare("4xx", metric_unit::count);
    declare("5xx", metric_unit::count);
    if (cold) declare("ColdStart", metric_unit::count);
    for (std::size_t i = 0; i < custom.size(); ++i) {
      if (is_first(custom, i)) declare(custom[i].name, custom[i].unit);
    }
    w.end_array().end_object().end_array().end_object();

    w.field("service", config->service).field("route", req.route().empty() ? std::string_view("unmatched") : req.route());
    const int status = r.status();
    w.field("Requests", 1);
    w.field("Latency", latency_ms(req).value_or(0.0)).field("4xx", status >= 400 && status < 500 ? 1 : 0).field("5xx", status >= 500 ? 1 : 0);
    if (cold) w.field("ColdStart", 1);
    for (std::size_t i = 0; i < custom.size(); ++i) {
      if (!is_first(custom, i)) continue;
      w.key(custom[i].name);
      std::size_t count = 0;
      for (std::size_t j = i; j < custom.size(); ++j) count += custom[j].name == custom[i].name;
      if (count == 1) {
        w.value(custom[i].value);
      } else {
        w.begin_array();
        for (std::size_t j = i; j < custom.size(); ++j) {
          if (custom[j].name == custom[i].name) w.value(custom[j].value);
        }
        w.end_array();
      }
    }
    // searchable properties, not dimensions
    if (!req.context().request_id.empty()) w.field("request_id", req.context().request_id);
    if (req.invocation() != nullptr) w.field("function_request_id", req.invocation()->request_id);
    if (const std::string_view root = trace_root_of(req); !root.empty()) w.field("xray_trace_id", root);
    w.end_object();
    custom.clear();
    emit_line(config->sink, w.view());
  }

  static bool is_first(const std::vector<metric_entry>& entries, std::size_t i) noexcept {
    for (std::size_t j = 0; j < i; ++j) {
      if (entries[j].name == entries[i].name) return false;
    }
    return true;
  }
};
}  // namespace detail

/**
 * Metrics for an app, in CloudWatch Embedded Metric Format, one record per invocation.
 *
 * **Example**: `sluice::app{sluice::use(sluice::metrics({.name_space = "pets"})), routes...}`
 */
[[nodiscard]] inline auto metrics(const metrics_options& options = {}) {
  auto config = std::make_shared<const detail::metrics_config>(options);
  return use(before(detail::provide_recorder{}), after(detail::flush_metrics{config}));
}

}  // namespace sluice
