// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// What the Lambda Runtime API says about one invocation (the `Lambda-Runtime-*` headers of
// its `next` reply) and about the function (its environment). No I/O here: the runtime loop
// (`sluice/lambda.hpp`) fills it, handlers read it through `request::invocation()`.

#include <chrono>
#include <cstdint>
#include <string_view>

namespace sluice {

/**
 * The function's identity, read once from the environment when the runtime loop starts.
 * Empty (0 for the memory) where the variable is unset. The views live as long as the loop.
 *
 * **Example**: `std::printf("%.*s\n", int(f.function_name.size()), f.function_name.data());`
 */
struct function_info {
  std::string_view function_name;     // AWS_LAMBDA_FUNCTION_NAME
  std::string_view function_version;  // AWS_LAMBDA_FUNCTION_VERSION ("$LATEST")
  std::uint32_t memory_mb = 0;        // AWS_LAMBDA_FUNCTION_MEMORY_SIZE
  std::string_view log_group_name;    // AWS_LAMBDA_LOG_GROUP_NAME
  std::string_view log_stream_name;   // AWS_LAMBDA_LOG_STREAM_NAME
  std::string_view region;            // AWS_REGION
};

/**
 * One Lambda invocation, as the Runtime API announced it. Header values are raw text (the
 * client context and the Cognito identity stay JSON, unparsed); a header that was absent or
 * empty is an empty view. The views stay valid until the loop asks for the next invocation.
 *
 * The deadline is Unix epoch milliseconds (`Lambda-Runtime-Deadline-Ms`), clamped to a range
 * a `system_clock::time_point` can hold; 0 when the header was absent or not a number.
 *
 * **Example**:
 * ```
 * sluice::route<"GET /slow">([](const sluice::request& req) {
 *   if (const auto* inv = req.invocation(); inv && inv->remaining() < std::chrono::seconds(1))
 *     return sluice::error(503, "not enough time left");
 *   ...
 * })
 * ```
 */
struct invocation_context {
  std::string_view request_id;            // Lambda-Runtime-Aws-Request-Id (never empty)
  std::int64_t deadline_ms = 0;           // Lambda-Runtime-Deadline-Ms
  std::string_view invoked_function_arn;  // Lambda-Runtime-Invoked-Function-Arn
  std::string_view trace_id;              // Lambda-Runtime-Trace-Id (X-Ray header)
  std::string_view client_context;        // Lambda-Runtime-Client-Context (JSON)
  std::string_view cognito_identity;      // Lambda-Runtime-Cognito-Identity (JSON)
  std::string_view tenant_id;             // Lambda-Runtime-Aws-Tenant-Id
  std::string_view content_type;          // Content-Type of the event (not always JSON)
  const function_info* function = nullptr;

  /// Whether the Runtime API gave a usable deadline.
  [[nodiscard]] bool has_deadline() const noexcept { return deadline_ms > 0; }

  /// The deadline as a time point (the epoch when there is none).
  [[nodiscard]] std::chrono::system_clock::time_point deadline() const noexcept {
    return std::chrono::system_clock::time_point(std::chrono::milliseconds(deadline_ms));
  }

  /// Time left before the platform stops the invocation: negative once the deadline has
  /// passed, `milliseconds::max()` when there is no deadline.
  [[nodiscard]] std::chrono::milliseconds remaining() const noexcept {
    if (!has_deadline()) return std::chrono::milliseconds::max();
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::system_clock::now().time_since_epoch());
    return std::chrono::milliseconds(deadline_ms) - now;
  }
};

}  // namespace sluice
