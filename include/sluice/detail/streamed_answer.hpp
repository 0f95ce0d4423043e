// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// A Function URL's answer as Lambda response streaming sends it (notes/api-gateway.md §3.9):
// the HTTP-integration prelude, then the body's bytes as they are (no JSON string, no base64).
// The Runtime API loop frames it (chunks, the 8 NUL bytes, the last chunk).

#include <cstdio>
#include <string_view>

#include "sluice/detail/http_response.hpp"
#include "sluice/response.hpp"
#include "sluice/worker.hpp"

namespace sluice::detail {

/// The streamed form of `r`: the prelude and its 8 NUL bytes in the worker's output buffer,
/// the body beside it.
/// A response that cannot be sent (bad header, too large) becomes a streamed `500`.
[[nodiscard]] inline invocation_result streamed_answer(worker& w, const http_event& ev, const response& r) {
  response_writer writer(w.output(), ev.source, false);
  const bool omit_body = ev.verb == method::head;
  invocation_result out;
  out.streamed = true;
  if (const response_problem problem = writer.write_prelude(r, omit_body ? 0 : r.body().size());
      problem != response_problem::none) {
    const std::string_view why = describe(problem);
    std::fprintf(stderr, "sluice: cannot send the response: %.*s\n", static_cast<int>(why.size()), why.data());
    const response fallback = error(500, why);
    (void)writer.write_prelude(fallback, fallback.body().size());
    out.stream_body = fallback.body();  // in the arena: outlives `fallback`
  } else {
    out.stream_body = omit_body ? std::string_view{} : r.body();
  }
  w.output().append(std::string_view("\0\0\0\0\0\0\0\0", 8));  // ends the prelude
  out.payload = w.output().view();
  return out;
}

}  // namespace sluice::detail
