// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// AWS CodePipeline's Lambda invoke action: `{"CodePipeline.job": {...}}`. The function reports
// the job's outcome by calling CodePipeline's PutJobSuccessResult or PutJobFailureResult
// itself (sluice makes no outbound calls); what it returns to Lambda is not read.

#include <span>
#include <string_view>

#include "sluice/detail/event_reader.hpp"
#include "sluice/events/common.hpp"

namespace sluice::events {

/// An input or output artifact of the job, stored in S3.
struct codepipeline_artifact {
  std::string_view name;
  std::string_view revision;       // null (empty) for output artifacts and some sources
  std::string_view location_type;  // "S3"
  std::string_view bucket_name;    // location.s3Location.bucketName
  std::string_view object_key;     // location.s3Location.objectKey
};

/**
 * Temporary credentials for the artifact bucket. They are secrets: never log them, never
 * put them in a response or an error message.
 */
struct codepipeline_credentials {
  std::string_view access_key_id;
  std::string_view secret_access_key;
  std::string_view session_token;
};

/**
 * A CodePipeline job for a Lambda invoke action. The function reads its artifacts with
 * `artifact_credentials`, then calls PutJobSuccessResult (with `continuation_token` to be
 * invoked again) or PutJobFailureResult with `id` itself.
 *
 * **Example**: `build(job.user_parameters, job.input_artifacts[0].bucket_name, job.input_artifacts[0].object_key);`
 */
struct codepipeline_job {
  std::string_view id;
  std::string_view account_id;
  std::string_view function_name;    // data.actionConfiguration.configuration.FunctionName
  std::string_view user_parameters;  // ...configuration.UserParameters, free text
  std::span<const codepipeline_artifact> input_artifacts;
  std::span<const codepipeline_artifact> output_artifacts;
  codepipeline_credentials artifact_credentials;  // secrets: never log them
  std::string_view continuation_token;            // set when the job continues an earlier invocation
  std::string_view encryption_key_id;             // data.encryptionKey, when the artifact store uses KMS
  std::string_view encryption_key_type;           // "KMS"

  /// An artifact by name, or nullptr.
  [[nodiscard]] const codepipeline_artifact* input_artifact(std::string_view name) const noexcept {
    return detail::find_named(input_artifacts, name);
  }
  [[nodiscard]] const codepipeline_artifact* output_artifact(std::string_view name) const noexcept {
    return detail::find_named(output_artifacts, name);
  }

  static constexpr source_kind kind = source_kind::codepipeline;
  static constexpr std::string_view expected = "a CodePipeline job event (an object with CodePipeline.job)";

  [[nodiscard]] static parse_result<codepipeline_job> parse(simdjson::padded_string_view json, detail::arena& mem,
                                                            simdjson::ondemand::parser& parser =
                                                                detail::event_json::event_parser()) {
    namespace ej = detail::event_json;
    ej::reader r(mem, "CodePipeline job event");
    codepipeline_job job;
    bool has_job = false;
    detail::arena_vector<std::string_view> keys(mem, 6);
    detail::arena_vector<codepipeline_artifact> inputs(mem, 2);
    detail::arena_vector<codepipeline_artifact> outputs(mem, 2);
    const bool ok = ej::read_root(parser, json, r, [&](ej::od::field& f, ej::od::value& v) {
      if (keys.size() < 6) keys.push_back(detail::json::raw_key(f).text);
      if (!ej::is(f, "CodePipeline.job")) return true;
      if (has_job) return r.fail("CodePipeline.job", "is sent twice");
      has_job = true;
      return r.members(v, "CodePipeline.job", [&](ej::od::field& g, ej::od::value& x) {
        if (ej::is(g, "id")) return r.text(x, "id", job.id);
        if (ej::is(g, "accountId")) return r.text(x, "accountId", job.account_id);
        if (ej::is(g, "data")) return read_data(r, x, job, inputs, outputs);
        return true;
      });
    });
    if (!ok) return r.error();
    if (!has_job) {
      ej::wrong_source(r, expected, ej::describe_keys(keys, mem));
      return r.error();
    }
    if (job.id.empty()) {
      r.fail("CodePipeline.job.id", "is missing: every job has one");
      return r.error();
    }
    job.input_artifacts = {inputs.begin(), inputs.size()};
    job.output_artifacts = {outputs.begin(), outputs.size()};
    return job;
  }

 private:
  static bool read_data(detail::event_json::reader& r, detail::event_json::od::value& v, codepipeline_job& job,
                        detail::arena_vector<codepipeline_artifact>& inputs,
                        detail::arena_vector<codepipeline_artifact>& outputs) {
    namespace ej = detail::event_json;
    return r.members(v, "data", [&](ej::od::field& f, ej::od::value& x) {
      if (ej::is(f, "actionConfiguration")) {
        return r.members(x, "actionConfiguration", [&](ej::od::field& g, ej::od::value& y) {
          if (!ej::is(g, "configuration")) return true;
          return r.members(y, "configuration", [&](ej::od::field& h, ej::od::value& z) {
            if (ej::is(h, "FunctionName")) return r.text(z, "FunctionName", job.function_name);
            if (ej::is(h, "UserParameters")) return r.text(z, "UserParameters", job.user_parameters);
            return true;
          });
        });
      }
      if (ej::is(f, "inputArtifacts")) return read_artifacts(r, x, "inputArtifacts", inputs);
      if (ej::is(f, "outputArtifacts")) return read_artifacts(r, x, "outputArtifacts", outputs);
      if (ej::is(f, "continuationToken")) return r.text(x, "continuationToken", job.continuation_token);
      if (ej::is(f, "artifactCredentials")) {
        codepipeline_credentials& c = job.artifact_credentials;
        return r.members(x, "artifactCredentials", [&](ej::od::field& g, ej::od::value& y) {
          if (ej::is(g, "accessKeyId")) return r.text(y, "accessKeyId", c.access_key_id);
          if (ej::is(g, "secretAccessKey")) return r.text(y, "secretAccessKey", c.secret_access_key);
          if (ej::is(g, "sessionToken")) return r.text(y, "sessionToken", c.session_token);
          return true;
        });
      }
      if (ej::is(f, "encryptionKey")) {
        return r.members(x, "encryptionKey", [&](ej::od::field& g, ej::od::value& y) {
          if (ej::is(g, "id")) return r.text(y, "id", job.encryption_key_id);
          if (ej::is(g, "type")) return r.text(y, "type", job.encryption_key_type);
          return true;
        });
      }
      return true;
    });
  }

  static bool read_artifacts(detail::event_json::reader& r, detail::event_json::od::value& v, std::string_view name,
                             detail::arena_vector<codepipeline_artifact>& out) {
    namespace ej = detail::event_json;
    if (out.size() != 0) return r.fail(name, "is sent twice");
    return r.elements(v, name, [&](std::size_t, ej::od::value& item) {
      codepipeline_artifact a;
      const bool read = r.members(item, {}, [&](ej::od::field& f, ej::od::value& x) {
        if (ej::is(f, "name")) return r.text(x, "name", a.name);
        if (ej::is(f, "revision")) return r.text(x, "revision", a.revision);
        if (!ej::is(f, "location")) return true;
        return r.members(x, "location", [&](ej::od::field& g, ej::od::value& y) {
          if (ej::is(g, "type")) return r.text(y, "type", a.location_type);
          if (!ej::is(g, "s3Location")) return true;
          return r.members(y, "s3Location", [&](ej::od::field& h, ej::od::value& z) {
            if (ej::is(h, "bucketName")) return r.text(z, "bucketName", a.bucket_name);
            if (ej::is(h, "objectKey")) return r.text(z, "objectKey", a.object_key);
            return true;
          });
        });
      });
      out.push_back(a);
      return read;
    });
  }
};

}  // namespace sluice::events
