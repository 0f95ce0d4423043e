// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// AWS IoT Core's two Lambda hooks with a fixed shape: the custom authorizer (a device's
// connection: token, TLS SNI, HTTP headers, MQTT credentials) with its answer, and the fleet
// provisioning pre-provisioning hook with its answer. Other IoT events (rules, IoT button,
// 1-Click) are whatever payload the rule or device sends: no source to detect.

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "sluice/detail/arena.hpp"
#include "sluice/detail/event_reader.hpp"
#include "sluice/detail/json_text.hpp"
#include "sluice/detail/text.hpp"
#include "sluice/events/common.hpp"

namespace sluice::events {

/**
 * A device's connection to authorize. Fields of protocols the connection does not use are
 * empty (IoT Core leaves them out).
 *
 * **Example**: `auto pw = request.mqtt_password(); if (!pw || !check(request.mqtt_username, *pw)) return deny();`
 */
struct iot_authorizer_request {
  std::string_view token;
  bool signature_verified = false;           // the device gateway checked the token's signature
  std::span<const std::string_view> protocols;  // "tls", "http", "mqtt"
  std::string_view tls_server_name;          // protocolData.tls.serverName (SNI)
  std::span<const named_text> http_headers;  // protocolData.http.headers
  std::string_view http_query_string;        // protocolData.http.queryString, as sent ("?a=b")
  std::string_view mqtt_username;
  detail::raw_string mqtt_password_base64;   // protocolData.mqtt.password
  std::string_view mqtt_client_id;           // only when the device sends one
  std::string_view connection_id;            // connectionMetadata.id, for logs
  detail::arena* mem = nullptr;

  [[nodiscard]] bool uses(std::string_view protocol) const noexcept {
    for (const std::string_view p : protocols) {
      if (p == protocol) return true;
    }
    return false;
  }
  /// An HTTP header's value, its name compared without regard to case.
  [[nodiscard]] std::optional<std::string_view> http_header(std::string_view name) const noexcept {
    for (const named_text& h : http_headers) {
      if (detail::iequals(h.name, name)) return h.value;
    }
    return std::nullopt;
  }
  /// The MQTT password, base64 decoded into the arena (it is a secret: never log it).
  [[nodiscard]] decoded<std::string_view> mqtt_password() const {
    return detail::event_json::base64_bytes(mqtt_password_base64, *mem,
                                            "IoT custom authorizer request 'protocolData.mqtt.password' is not base64");
  }

  static constexpr source_kind kind = source_kind::iot_authorizer;
  static constexpr std::string_view expected =
      "an IoT Core custom authorizer request (signatureVerified, protocolData or connectionMetadata)";

  [[nodiscard]] static parse_result<iot_authorizer_request> parse(simdjson::padded_string_view json, detail::arena& mem,
                                                                  simdjson::ondemand::parser& parser =
                                                                      detail::event_json::event_parser()) {
    namespace ej = detail::event_json;
    ej::reader r(mem, "IoT custom authorizer request");
    iot_authorizer_request q;
    q.mem = &mem;
    bool decisive = false;
    bool has_verified = false;
    detail::arena_vector<std::string_view> keys(mem, 6);
    detail::arena_vector<std::string_view> protocols(mem, 3);
    detail::arena_vector<named_text> headers(mem, 4);
    r.defer_problems(true);  // `token` and `protocols` alone do not tell the source
    const bool ok = ej::read_root(parser, json, r, [&](ej::od::field& f, ej::od::value& v) {
      if (keys.size() < 6) keys.push_back(detail::json::raw_key(f).text);
      if (ej::is(f, "token")) return r.text(v, "token", q.token);
      if (ej::is(f, "protocols")) {
        if (protocols.size() != 0) return r.fail("protocols", "is sent twice");
        return r.strings(v, "protocols", protocols);
      }
      if (ej::is(f, "signatureVerified")) {
        decisive = true;
        if (has_verified) return r.fail("signatureVerified", "is sent twice");
        has_verified = true;
        return r.boolean(v, "signatureVerified", q.signature_verified);
      }
      if (ej::is(f, "connectionMetadata")) {
        decisive = true;
        return r.members(v, "connectionMetadata", [&](ej::od::field& g, ej::od::value& x) {
          if (ej::is(g, "id")) return r.text(x, "id", q.connection_id);
          return true;
        });
      }
      if (!ej::is(f, "protocolData")) return true;
      decisive = true;
      return r.members(v, "protocolData", [&](ej::od::field& g, ej::od::value& x) {
        if (ej::is(g, "tls")) {
          return r.members(x, "tls", [&](ej::od::field& h, ej::od::value& y) {
            if (ej::is(h, "serverName")) return r.text(y, "serverName", q.tls_server_name);
            return true;
          });
        }
        if (ej::is(g, "http")) {
          return r.members(x, "http", [&](ej::od::field& h, ej::od::value& y) {
            if (ej::is(h, "queryString")) return r.text(y, "queryString", q.http_query_string);
            if (!ej::is(h, "headers")) return true;
            if (headers.size() != 0) return r.fail("headers", "is sent twice");
            return r.members(y, "headers", [&](ej::od::field& k, ej::od::value& z) {
              named_text header;
              if (!r.key_text(k, header.name) || !r.text(z, header.name, header.value)) return false;
              headers.push_back(header);
              return true;
            });
          });
        }
        if (!ej::is(g, "mqtt")) return true;
        return r.members(x, "mqtt", [&](ej::od::field& h, ej::od::value& y) {
          if (ej::is(h, "username")) return r.text(y, "username", q.mqtt_username);
          if (ej::is(h, "password")) return r.lazy_text(y, "password", q.mqtt_password_base64);
          if (ej::is(h, "clientId")) return r.text(y, "clientId", q.mqtt_client_id);
          return true;
        });
      });
    });
    if (!ej::settle_source(r, ok, decisive, expected, keys)) return r.error();
    q.protocols = {protocols.begin(), protocols.size()};
    q.http_headers = {headers.begin(), headers.size()};
    return q;
  }
};

/**
 * The custom authorizer's answer: `{"isAuthenticated", "principalId",
 * "disconnectAfterInSeconds", "refreshAfterInSeconds", "policyDocuments": [...]}`. Each policy
 * is an IoT Core policy document's JSON text (`{"Version": "2012-10-17", "Statement": [...]}`).
 * An answer with a `problem()` is written as a refusal (not authenticated, no policies), so
 * that a mistake never grants access nor sends IoT Core a reply it cannot read.
 *
 * **Example**:
 * `return sluice::events::iot_authorizer_response(true, "device42").policy(publish_policy).refresh_after(600);`
 */
class iot_authorizer_response {
 public:
  static constexpr std::int64_t min_seconds = 300;    // IoT Core's range for both durations
  static constexpr std::int64_t max_seconds = 86400;
  static constexpr std::size_t max_policies = 10;

  iot_authorizer_response(bool authenticated, std::string_view principal_id,
                          detail::arena& mem = detail::current_arena())
      : mem_(&mem), authenticated_(authenticated), principal_(mem.copy(principal_id)), policies_(mem, 2) {}

  /// Adds a policy document, as JSON text (a JSON object).
  iot_authorizer_response& policy(std::string_view policy_json) {
    policies_.push_back(mem_->copy(policy_json));
    return *this;
  }
  /// How long the connection may stay open (IoT Core: 300 to 86400 s; 86400 unless set).
  iot_authorizer_response& disconnect_after(std::int64_t seconds) noexcept {
    disconnect_after_ = seconds;
    return *this;
  }
  /// When IoT Core asks again (300 to 86400 s; 300 unless set).
  iot_authorizer_response& refresh_after(std::int64_t seconds) noexcept {
    refresh_after_ = seconds;
    return *this;
  }

  /// What IoT Core would refuse in this answer, or empty.
  [[nodiscard]] std::string_view problem() const {
    if (principal_.empty() || principal_.size() > 128) return "the principal id must be 1 to 128 characters";
    for (const char c : principal_) {
      const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      if (!alnum) return "the principal id must be letters and digits only ([a-zA-Z0-9]{1,128})";
    }
    if (disconnect_after_ < min_seconds || disconnect_after_ > max_seconds) {
      return "disconnectAfterInSeconds must be 300 to 86400";
    }
    if (refresh_after_ < min_seconds || refresh_after_ > max_seconds) return "refreshAfterInSeconds must be 300 to 86400";
    if (policies_.size() > max_policies) return "at most 10 policy documents";
    for (std::size_t i = 0; i < policies_.size(); ++i) {
      std::string_view p = policies_[i];
      while (!p.empty() && (p.front() == ' ' || p.front() == '\n' || p.front() == '\r' || p.front() == '\t')) {
        p.remove_prefix(1);
      }
      if (!p.starts_with('{') || !detail::json::is_valid_json(p)) return "a policy document must be a JSON object";
    }
    return {};
  }

  [[nodiscard]] std::string_view to_json(detail::arena& mem) const {
    const bool valid = problem().empty();
    detail::arena_string out(mem);
    out.append(authenticated_ && valid ? R"({"isAuthenticated":true,"principalId":")"
                                       : R"({"isAuthenticated":false,"principalId":")");
    detail::escape_json(principal_, out);
    out.append(R"(","disconnectAfterInSeconds":)");
    append_seconds(out, valid ? disconnect_after_ : max_seconds);
    out.append(R"(,"refreshAfterInSeconds":)");
    append_seconds(out, valid ? refresh_after_ : min_seconds);
    out.append(R"(,"policyDocuments":[)");
    for (std::size_t i = 0; valid && i < policies_.size(); ++i) {
      if (i != 0) out.push_back(',');
      out.append(policies_[i]);
    }
    out.append("]}");
    return out.view();
  }

 private:
  static void append_seconds(detail::arena_string& out, std::int64_t seconds) {
    char digits[24];
    const auto r = std::to_chars(digits, digits + sizeof digits, seconds);
    out.append(std::string_view(digits, static_cast<std::size_t>(r.ptr - digits)));
  }

  detail::arena* mem_;
  bool authenticated_;
  std::string_view principal_;
  std::int64_t disconnect_after_ = max_seconds;
  std::int64_t refresh_after_ = min_seconds;
  detail::arena_vector<std::string_view> policies_;
};

/**
 * A fleet provisioning pre-provisioning hook request: the device's claim and new certificate,
 * the template, and the template parameters the device sent.
 *
 * **Example**: `if (auto serial = request.parameter("SerialNumber")) return allowed(*serial);`
 */
struct iot_preprovision_request {
  std::string_view claim_certificate_id;
  std::string_view certificate_id;
  std::string_view certificate_pem;
  std::string_view template_arn;
  std::string_view client_id;
  std::span<const named_text> parameters;

  [[nodiscard]] std::optional<std::string_view> parameter(std::string_view name) const noexcept {
    for (const named_text& p : parameters) {
      if (p.name == name) return p.value;
    }
    return std::nullopt;
  }

  static constexpr source_kind kind = source_kind::iot_preprovision;
  static constexpr std::string_view expected =
      "an IoT pre-provisioning hook request (claimCertificateId or templateArn)";

  [[nodiscard]] static parse_result<iot_preprovision_request> parse(simdjson::padded_string_view json,
                                                                    detail::arena& mem,
                                                                    simdjson::ondemand::parser& parser =
                                                                        detail::event_json::event_parser()) {
    namespace ej = detail::event_json;
    ej::reader r(mem, "IoT pre-provisioning hook request");
    iot_preprovision_request q;
    bool decisive = false;
    detail::arena_vector<std::string_view> keys(mem, 6);
    detail::arena_vector<named_text> parameters(mem, 4);
    r.defer_problems(true);  // `clientId` and `parameters` alone do not tell the source
    const bool ok = ej::read_root(parser, json, r, [&](ej::od::field& f, ej::od::value& v) {
      if (keys.size() < 6) keys.push_back(detail::json::raw_key(f).text);
      if (ej::is(f, "claimCertificateId")) {
        decisive = true;
        return r.text(v, "claimCertificateId", q.claim_certificate_id);
      }
      if (ej::is(f, "templateArn")) {
        decisive = true;
        return r.text(v, "templateArn", q.template_arn);
      }
      if (ej::is(f, "certificateId")) return r.text(v, "certificateId", q.certificate_id);
      if (ej::is(f, "certificatePem")) return r.text(v, "certificatePem", q.certificate_pem);
      if (ej::is(f, "clientId")) return r.text(v, "clientId", q.client_id);
      if (!ej::is(f, "parameters")) return true;
      if (parameters.size() != 0) return r.fail("parameters", "is sent twice");
      return r.members(v, "parameters", [&](ej::od::field& g, ej::od::value& x) {
        named_text p;
        if (!r.key_text(g, p.name) || !r.text(x, p.name, p.value)) return false;
        parameters.push_back(p);
        return true;
      });
    });
    if (!ej::settle_source(r, ok, decisive, expected, keys)) return r.error();
    q.parameters = {parameters.begin(), parameters.size()};
    return q;
  }
};

/**
 * The pre-provisioning hook's answer: `{"allowProvisioning": bool, "parameterOverrides": {...}}`;
 * overrides replace (or add) template parameters, as strings.
 *
 * **Example**: `return sluice::events::iot_preprovision_response(true).parameter_override("Location", "eu-1");`
 */
class iot_preprovision_response {
 public:
  explicit iot_preprovision_response(bool allow, detail::arena& mem = detail::current_arena())
      : mem_(&mem), allow_(allow), overrides_(mem, 2) {}

  iot_preprovision_response& parameter_override(std::string_view name, std::string_view value) {
    overrides_.push_back({mem_->copy(name), mem_->copy(value)});
    return *this;
  }

  [[nodiscard]] std::string_view to_json(detail::arena& mem) const {
    detail::arena_string out(mem);
    out.append(allow_ ? R"({"allowProvisioning":true,"parameterOverrides":{)"
                      : R"({"allowProvisioning":false,"parameterOverrides":{)");
    for (std::size_t i = 0; i < overrides_.size(); ++i) {
      if (i != 0) out.push_back(',');
      out.push_back('"');
      detail::escape_json(overrides_[i].name, out);
      out.append("\":\"");
      detail::escape_json(overrides_[i].value, out);
      out.push_back('"');
    }
    out.append("}}");
    return out.view();
  }

 private:
  detail::arena* mem_;
  bool allow_;
  detail::arena_vector<named_text> overrides_;
};

}  // namespace sluice::events
