// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// Tracing: the AWS X-Ray trace header, read and handed on, and the request id sent back.
//
// - `sluice::trace_header_of(req)`: the trace header for work this request does downstream:
//   the invocation's (`Lambda-Runtime-Trace-Id`, also in `_X_AMZN_TRACE_ID` for the AWS SDK),
//   else the request's `X-Amzn-Trace-Id` (ALB, API Gateway, the local gateway).
// - `sluice::tracing(options)`: an app-level piece. Handlers take
//   `sluice::provided<sluice::trace_context>`; every answer carries `X-Request-Id`.
//   docs/operations.md.

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "sluice/detail/text.hpp"
#include "sluice/invocation.hpp"
#include "sluice/middleware.hpp"
#include "sluice/request.hpp"
#include "sluice/response.hpp"

namespace sluice {

/**
 * An X-Ray trace header, split: `Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1`.
 * A part that is malformed is left empty (the header arrives from clients too).
 */
struct trace_context {
  std::string_view header;  // the whole header, to send on (empty when there is none)
  std::string_view root;    // 1-<8 hex>-<24 hex>
  std::string_view parent;  // 16 hex
  std::optional<bool> sampled;

  /// The longest header accepted; a longer one is ignored as a whole.
  static constexpr std::size_t max_header = 512;

  [[nodiscard]] static trace_context parse(std::string_view text) noexcept {
    trace_context t;
    if (text.empty() || text.size() > max_header) return t;
    t.header = text;
    while (!text.empty()) {
      const std::size_t semicolon = text.find(';');
      std::string_view part = text.substr(0, semicolon);
      text = semicolon == std::string_view::npos ? std::string_view{} : text.substr(semicolon + 1);
      while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
      const std::size_t eq = part.find('=');
      if (eq == std::string_view::npos) continue;
      const std::string_view key = part.substr(0, eq);
      const std::string_view value = part.substr(eq + 1);
      if (key == "Root" && is_root(value)) t.root = value;
      if (key == "Parent" && value.size() == 16 && is_hex(value)) t.parent = value;
      if (key == "Sampled" && (value == "0" || value == "1")) t.sampled = value == "1";
    }
    return t;
  }

  [[nodiscard]] bool empty() const noexcept { return header.empty(); }

 private:
  static constexpr bool is_hex(std::string_view s) noexcept {
    for (const char c : s) {
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
    }
    return true;
  }
  static constexpr bool is_root(std::string_view v) noexcept {
    return v.size() == 35 && v[0] == '1' && v[1] == '-' && v[10] == '-' && is_hex(v.substr(2, 8)) &&
           is_hex(v.substr(11, 24));
  }
};

/// The trace header downstream calls of this request should carry, or empty.
[[nodiscard]] inline std::string_view trace_header_of(const request& req) noexcept {
  if (const invocation_context* inv = req.invocation(); inv != nullptr && !inv->trace_id.empty()) return inv->trace_id;
  if (const std::optional<std::string_view> h = req.header("x-amzn-trace-id")) return *h;
  return {};
}

/// The X-Ray trace root of the request's trace header, or empty (for logs and metrics).
[[nodiscard]] inline std::string_view trace_root_of(const request& req) noexcept {
  return trace_context::parse(trace_header_of(req)).root;
}

struct tracing_options {
  /// The response header that carries the request id; empty: none.
  std::string request_id_header = "X-Request-Id";
};

namespace detail {
struct provide_trace_context {
  trace_context operator()(const request& req) const { return trace_context::parse(trace_header_of(req)); }
};

struct send_request_id {
  std::shared_ptr<const tracing_options> options;
  void operator()(response& r, const request& req) const {
    if (options->request_id_header.empty()) return;
    // the gateway's id (what clients and access logs see), else the Lambda invocation's
    std::string_view id = req.context().request_id;
    if (id.empty() && req.invocation() != nullptr) id = req.invocation()->request_id;
    if (!id.empty() && r.header_value(options->request_id_header).empty()) r.header(options->request_id_header, id);
  }
};
}  // namespace detail

/**
 * Tracing for an app: handlers get the trace context (`sluice::provided<sluice::trace_context>`)
 * to hand on downstream, and every answer carries the request id.
 *
 * **Example**: `sluice::app{sluice::use(sluice::tracing()), routes...}`
 */
[[nodiscard]] inline auto tracing(tracing_options options = {}) {
  auto shared = std::make_shared<const tracing_options>(std::move(options));
  return use(before(detail::provide_trace_context{}), after(detail::send_request_id{shared}));
}

}  // namespace sluice
