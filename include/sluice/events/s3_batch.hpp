// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// S3 Batch Operations invoking Lambda: the job's tasks (schema 1.0 and 2.0) and the response
// S3 requires, one result per task with `Succeeded`, `TemporaryFailure` or `PermanentFailure`.

#include <cstdint>
#include <cstdio>
#include <span>
#include <string_view>
#include <type_traits>

#if defined(__cpp_exceptions)
#include <exception>
#endif

#include "sluice/detail/event_reader.hpp"
#include "sluice/detail/json_text.hpp"
#include "sluice/detail/text.hpp"
#include "sluice/events/common.hpp"

namespace sluice::events {

/// One task: an object to work on. `s3_key` is URL-encoded as in S3 notifications.
struct s3_batch_task {
  std::string_view task_id;
  std::string_view s3_key;
  std::string_view s3_version_id;
  std::string_view s3_bucket_arn;  // schema 1.0
  std::string_view s3_bucket;      // schema 2.0 (the bucket's name)
  detail::arena* mem = nullptr;

  /// The key as the object is named (`+` is a space, `%XX` a byte).
  [[nodiscard]] decoded<std::string_view> decoded_key() const {
    if (s3_key.find_first_of("%+") == std::string_view::npos) return s3_key;
    char* out = mem->allocate_chars(s3_key.size());
    const std::ptrdiff_t n = detail::percent_decode(s3_key, out, detail::percent_mode::form);
    if (n < 0) return decoded<std::string_view>::failure("S3 Batch task 's3Key' has a malformed %-escape");
    return std::string_view(out, static_cast<std::size_t>(n));
  }
};

/**
 * An S3 Batch Operations invocation.
 *
 * **Example**: `auto job = sluice::events::s3_batch_event::parse(padded, arena);`
 */
struct s3_batch_event {
  std::string_view invocation_schema_version;  // "1.0" or "2.0"
  std::string_view invocation_id;
  std::string_view job_id;
  std::span<const named_text> user_arguments;  // schema 2.0: job.userArguments
  std::span<const s3_batch_task> tasks;

  static constexpr source_kind kind = source_kind::s3_batch;
  static constexpr std::string_view expected = "an S3 Batch Operations event (invocationSchemaVersion and tasks)";

  [[nodiscard]] static parse_result<s3_batch_event> parse(simdjson::padded_string_view json, detail::arena& mem,
                                                          simdjson::ondemand::parser& parser =
                                                              detail::event_json::event_parser()) {
    namespace ej = detail::event_json;
    ej::reader r(mem, "S3 Batch event");
    s3_batch_event e;
    bool has_tasks = false;
    detail::arena_vector<std::string_view> keys(mem, 6);
    detail::arena_vector<named_text> arguments(mem, 4);
    detail::arena_vector<s3_batch_task> tasks(mem, 4);
    r.defer_problems(true);
    const bool ok = ej::read_root(parser, json, r, [&](ej::od::field& f, ej::od::value& v) {
      if (keys.size() < 6) keys.push_back(detail::json::raw_key(f).text);
      if (ej::is(f, "invocationSchemaVersion")) return r.text(v, "invocationSchemaVersion", e.invocation_schema_version);
      if (ej::is(f, "invocationId")) return r.text(v, "invocationId", e.invocation_id);
      if (ej::is(f, "job")) {
        return r.members(v, "job", [&](ej::od::field& g, ej::od::value& item) {
          if (ej::is(g, "id")) return r.text(item, "id", e.job_id);
          if (!ej::is(g, "userArguments")) return true;
          return r.members(item, "userArguments", [&](ej::od::field& k, ej::od::value& x) {
            named_text a;
            return r.key_text(k, a.name) && r.text(x, a.name, a.value) && (arguments.push_back(a), true);
          });
        });
      }
      if (!ej::is(f, "tasks")) return true;
      has_tasks = true;
      return r.elements(v, "tasks", [&](std::size_t, ej::od::value& item) {
        s3_batch_task t;
        t.mem = &mem;
        const bool read = r.members(item, {}, [&](ej::od::field& g, ej::od::value& x) {
          if (ej::is(g, "taskId")) return r.text(x, "taskId", t.task_id);
          if (ej::is(g, "s3Key")) return r.text(x, "s3Key", t.s3_key);
          if (ej::is(g, "s3VersionId")) return r.text(x, "s3VersionId", t.s3_version_id);
          if (ej::is(g, "s3BucketArn")) return r.text(x, "s3BucketArn", t.s3_bucket_arn);
          if (ej::is(g, "s3Bucket")) return r.text(x, "s3Bucket", t.s3_bucket);
          return true;
        });
        if (read && t.task_id.empty()) r.fail("taskId", "is missing: S3 needs every task's id back");
        tasks.push_back(t);
        return read;
      });
    });
    const bool is_batch_job = !e.invocation_schema_version.empty() && has_tasks;
    if (!ej::settle_source(r, ok, is_batch_job, expected, keys)) return r.error();
    e.user_arguments = {arguments.begin(), arguments.size()};
    e.tasks = {tasks.begin(), tasks.size()};
    return e;
  }
};

enum class s3_batch_result_code : std::uint8_t { succeeded, temporary_failure, permanent_failure };

/// One task's result; `result_string` is shown in the job's completion report.
struct s3_batch_result {
  s3_batch_result_code code = s3_batch_result_code::succeeded;
  std::string_view result_string;
};

/// The response: one result per task, in order.
struct s3_batch_response {
  std::string_view invocation_schema_version;
  std::string_view invocation_id;
  s3_batch_result_code treat_missing_keys_as = s3_batch_result_code::permanent_failure;
  struct entry {
    std::string_view task_id;
    s3_batch_result result;
  };
  std::span<const entry> results;

  [[nodiscard]] std::string_view to_json(detail::arena& mem) const {
    const auto code = [](s3_batch_result_code c) {
      return c == s3_batch_result_code::succeeded           ? std::string_view("Succeeded")
             : c == s3_batch_result_code::temporary_failure ? std::string_view("TemporaryFailure")
                                                            : std::string_view("PermanentFailure");
    };
    detail::arena_string out(mem);
    out.append(R"({"invocationSchemaVersion":")");
    detail::escape_json(invocation_schema_version, out);
    out.append(R"(","treatMissingKeysAs":")");
    out.append(code(treat_missing_keys_as));
    out.append(R"(","invocationId":")");
    detail::escape_json(invocation_id, out);
    out.append(R"(","results":[)");
    for (std::size_t i = 0; i < results.size(); ++i) {
      if (i != 0) out.push_back(',');
      out.append(R"({"taskId":")");
      detail::escape_json(results[i].task_id, out);
      out.append(R"(","resultCode":")");
      out.append(code(results[i].result.code));
      out.append(R"(","resultString":")");
      detail::escape_json(results[i].result.result_string, out);
      out.append(R"("})");
    }
    out.append("]}");
    return out.view();
  }
};

/**
 * Runs `f(task)` for every task and builds the response; `f` returns an `s3_batch_result`. An
 * exception is a `TemporaryFailure` (S3 retries it) with the exception's text.
 *
 * **Example**:
 * ```
 * auto answer = sluice::events::run_tasks(*job, arena, [](const sluice::events::s3_batch_task& t) {
 *   return sluice::events::s3_batch_result{sluice::events::s3_batch_result_code::succeeded, "copied"};
 * });
 * ```
 */
template <class F>
[[nodiscard]] s3_batch_response run_tasks(const s3_batch_event& event, detail::arena& mem, F&& f) {
  static_assert(std::is_same_v<std::invoke_result_t<F&, const s3_batch_task&>, s3_batch_result>,
                "sluice::events::run_tasks: the function returns an s3_batch_result");
  using entry = s3_batch_response::entry;
  entry* out = mem.allocate_array<entry>(event.tasks.size());
  std::size_t n = 0;
  for (const s3_batch_task& t : event.tasks) {
#if defined(__cpp_exceptions)
    try {
      out[n] = {t.task_id, f(t)};
    } catch (const std::exception& e) {
      out[n] = {t.task_id, {s3_batch_result_code::temporary_failure, mem.copy(e.what())}};
    } catch (...) {
      out[n] = {t.task_id, {s3_batch_result_code::temporary_failure, "the task failed"}};
    }
#else
    out[n] = {t.task_id, f(t)};
#endif
    ++n;
  }
  return {event.invocation_schema_version, event.invocation_id, s3_batch_result_code::permanent_failure, {out, n}};
}

}  // namespace sluice::events
