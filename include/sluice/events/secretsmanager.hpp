// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// AWS Secrets Manager rotation: the request Secrets Manager sends a rotation function once per
// step. The function answers nothing (an `on<T>` handler returning void answers `null`); a
// failed step is an exception, which Secrets Manager sees as the invocation's error.

#include <cstdint>
#include <string_view>
#include <utility>

#include "sluice/detail/event_reader.hpp"
#include "sluice/events/common.hpp"

namespace sluice::events {

/// The rotation step, in the order Secrets Manager runs them.
enum class secret_rotation_step : std::uint8_t { create_secret, set_secret, test_secret, finish_secret };

/**
 * One step of a secret's rotation: `{"Step", "SecretId", "ClientRequestToken", "RotationToken"}`.
 * `client_request_token` is the version id of the secret being created (`AWSPENDING`);
 * `rotation_token` is sent only when the rotation function runs in another account, to pass on
 * to Secrets Manager's API calls.
 *
 * **Example**:
 * ```
 * sluice::on<sluice::events::secret_rotation_request>([](const sluice::events::secret_rotation_request& r) {
 *   if (r.step == sluice::events::secret_rotation_step::create_secret) put_pending(r.secret_id, r.client_request_token);
 * });
 * ```
 */
struct secret_rotation_request {
  secret_rotation_step step = secret_rotation_step::create_secret;
  std::string_view secret_id;  // the secret's ARN or name
  std::string_view client_request_token;
  std::string_view rotation_token;  // empty when absent

  static constexpr source_kind kind = source_kind::secretsmanager;
  static constexpr std::string_view expected = "a Secrets Manager rotation request (Step, SecretId)";

  [[nodiscard]] static parse_result<secret_rotation_request> parse(simdjson::padded_string_view json,
                                                                   detail::arena& mem,
                                                                   simdjson::ondemand::parser& parser =
                                                                       detail::event_json::event_parser()) {
    namespace ej = detail::event_json;
    ej::reader r(mem, "Secrets Manager rotation request");
    secret_rotation_request s;
    std::string_view step;
    detail::arena_vector<std::string_view> keys(mem, 6);
    r.defer_problems(true);  // until Step and SecretId say this is a rotation request
    const bool ok = ej::read_root(parser, json, r, [&](ej::od::field& f, ej::od::value& v) {
      if (keys.size() < 6) keys.push_back(detail::json::raw_key(f).text);
      if (ej::is(f, "Step")) return r.text(v, "Step", step);
      if (ej::is(f, "SecretId")) return r.text(v, "SecretId", s.secret_id);
      if (ej::is(f, "ClientRequestToken")) return r.text(v, "ClientRequestToken", s.client_request_token);
      if (ej::is(f, "RotationToken")) return r.text(v, "RotationToken", s.rotation_token);
      return true;
    });
    const bool is_rotation = !step.empty() && !s.secret_id.empty();
    if (!ej::settle_source(r, ok, is_rotation, expected, keys)) return r.error();
    constexpr std::pair<std::string_view, secret_rotation_step> steps[] = {
        {"createSecret", secret_rotation_step::create_secret},
        {"setSecret", secret_rotation_step::set_secret},
        {"testSecret", secret_rotation_step::test_secret},
        {"finishSecret", secret_rotation_step::finish_secret},
    };
    bool known = false;
    for (const auto& [name, value] : steps) {
      if (step == name) {
        s.step = value;
        known = true;
      }
    }
    if (!known) {
      r.fail("Step", "must be createSecret, setSecret, testSecret or finishSecret");
      return r.error();
    }
    if (s.client_request_token.empty()) {
      r.fail("ClientRequestToken", "is missing: it names the secret version being rotated");
      return r.error();
    }
    return s;
  }
};

}  // namespace sluice::events
