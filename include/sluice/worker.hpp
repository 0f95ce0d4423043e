// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// The memory one thread uses to run invocations: arena, parser, request, buffers.
// Everything here is reused, so a warm worker serves an invocation without the heap.

#include <cstddef>
#include <cstring>
#include <string>
#include <string_view>

#include "sluice/detail/arena.hpp"
#include "sluice/detail/json.hpp"
#include "sluice/detail/json_text.hpp"
#include "sluice/detail/output_buffer.hpp"
#include "sluice/invocation.hpp"
#include "sluice/path.hpp"
#include "sluice/request.hpp"

namespace sluice {

/// What one invocation produced: a response payload, or a Lambda-level error (the event
/// could not be handled at all: not JSON, no handler for its source).
struct invocation_result {
  bool ok = true;
  std::string_view payload;        // the response JSON when ok, else the error JSON
  std::string_view error_type;     // "Sluice.InvalidEvent", "Sluice.UnsupportedEvent"
  std::string_view error_message;
  // A streamed answer (options::stream_function_urls, in the Runtime API loop): `payload` is
  // the HTTP-integration prelude `{"statusCode", "headers", "cookies"}` and its 8 NUL bytes,
  // `stream_body` the body's bytes.
  bool streamed = false;
  std::string_view stream_body;
};

/**
 * Per-thread invocation state. One worker serves one invocation at a time; run several
 * workers (one per thread) for concurrent invocations. Views in results stay valid until
 * the worker's next invocation.
 *
 * **Example**: `sluice::worker w; auto r = app.handle(w, event_json);`
 */
class worker {
 public:
  worker() {
    output_.reserve(4096);
    // a failed allocation here only means the first event allocates instead
    if (parser_.allocate(64 * 1024) != simdjson::SUCCESS) return;
  }
  worker(const worker&) = delete;
  worker& operator=(const worker&) = delete;

  /// Starts an invocation: forgets the previous one.
  void begin() {
    arena_.reset();
    detail::request_access::reset(request_, arena_);
    detail::request_access::set_invocation(request_, invocation_);
  }

  /// The Lambda invocation the next `handle` serves (the Runtime API loop sets it), or nullptr.
  void set_invocation(const invocation_context* c) noexcept { invocation_ = c; }
  [[nodiscard]] const invocation_context* invocation() const noexcept { return invocation_; }
  /// The Lambda request id of the current invocation, or empty.
  [[nodiscard]] std::string_view lambda_request_id() const noexcept {
    return invocation_ != nullptr ? invocation_->request_id : std::string_view{};
  }

  [[nodiscard]] detail::arena& arena() noexcept { return arena_; }
  [[nodiscard]] detail::json::od::parser& parser() noexcept { return parser_; }
  [[nodiscard]] request& current_request() noexcept { return request_; }
  [[nodiscard]] canonical_path& path() noexcept { return path_; }
  [[nodiscard]] detail::output_buffer& output() noexcept { return output_; }

  /// Copies `event` into the worker's padded input buffer, for callers without padding.
  [[nodiscard]] std::string_view pad(std::string_view event) {
    input_.resize(event.size() + detail::json::padding);
    if (!event.empty()) std::memcpy(input_.data(), event.data(), event.size());
    std::memset(input_.data() + event.size(), 0, detail::json::padding);
    return {input_.data(), event.size()};
  }
  [[nodiscard]] std::size_t padded_capacity() const noexcept { return input_.size(); }

  /// A Lambda-level error: `{"errorType": ..., "errorMessage": ...}` in the output buffer.
  [[nodiscard]] invocation_result fail(std::string_view type, std::string_view message) {
    output_.clear();
    output_.append("{\"errorType\":\"");
    detail::escape_json(type, output_);
    output_.append("\",\"errorMessage\":\"");
    detail::escape_json(message, output_);
    output_.append("\"}");
    return {false, output_.view(), type, message, false, {}};
  }

 private:
  detail::arena arena_;
  detail::json::od::parser parser_;
  request request_;
  canonical_path path_;
  detail::output_buffer output_;
  std::string input_;
  const invocation_context* invocation_ = nullptr;
};

}  // namespace sluice
