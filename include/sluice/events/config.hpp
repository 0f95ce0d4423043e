// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// AWS Config custom rules. `invokingEvent` and `ruleParameters` arrive as JSON *text* in
// strings: their text is kept (escapes undone), read into a small typed view of the invoking
// event's common part on request, or bound to a described struct, strictly, as a request body
// is. The function reports its evaluations with Config's PutEvaluations and `result_token`
// itself (sluice makes no outbound calls).

#include <optional>
#include <string_view>

#include "sluice/body.hpp"
#include "sluice/detail/event_reader.hpp"
#include "sluice/events/common.hpp"
#include "sluice/fields.hpp"

namespace sluice::events {

/**
 * The part every invoking event shares: its `messageType`, its times, and for change
 * notifications the configuration item (`configurationItem`, or `configurationItemSummary`
 * for an oversized item) that triggered the evaluation.
 */
struct config_invoking_event {
  std::string_view message_type;  // ConfigurationItemChangeNotification, ScheduledNotification, ...
  timestamp notification_creation_time{};
  std::string_view record_version;
  std::string_view aws_account_id;  // awsAccountId, on periodic notifications
  bool has_item = false;            // a configurationItem or configurationItemSummary (not null)
  std::string_view resource_type;
  std::string_view resource_id;
  std::string_view resource_name;
  std::string_view aws_region;
  std::string_view arn;                  // the item's ARN
  timestamp capture_time{};              // configurationItemCaptureTime
  std::string_view item_status;          // configurationItemStatus: OK, ResourceDiscovered, ResourceDeleted, ...
  std::string_view change_type;          // summaries only: CREATE, UPDATE, DELETE

  /// The item was too large for the event: only its summary came (fetch it with GetResourceConfigHistory).
  [[nodiscard]] bool oversized() const noexcept { return message_type == "OversizedConfigurationItemChangeNotification"; }
  /// A periodic evaluation, which names no resource.
  [[nodiscard]] bool scheduled() const noexcept { return message_type == "ScheduledNotification"; }
};

/**
 * An AWS Config rule evaluation request. `invoking_event_json` and `rule_parameters_json` are
 * the texts of the JSON strings Config sends (`"{}"` when the rule has no parameters).
 *
 * **Example**:
 * ```
 * auto changed = event.invoking_event();
 * if (!changed) throw std::runtime_error(std::string(changed.error()));
 * auto params = event.rule_parameters_as<required_tags>();   // strict binding, errors name the field
 * put_evaluation(event.result_token, changed->resource_type, changed->resource_id, compliant(*changed, *params));
 * ```
 */
struct config_rule_event {
  std::string_view version;
  std::string_view invoking_event_json;
  std::string_view rule_parameters_json = "{}";
  std::string_view result_token;  // for PutEvaluations
  bool event_left_scope = false;  // the resource left the rule's scope: evaluate it NOT_APPLICABLE
  std::string_view execution_role_arn;
  std::string_view config_rule_arn;
  std::string_view config_rule_name;
  std::string_view config_rule_id;
  std::string_view account_id;
  detail::arena* mem = nullptr;

  /// The invoking event's common part, read from its text on first use.
  [[nodiscard]] decoded<config_invoking_event> invoking_event() const {
    namespace ej = detail::event_json;
    ej::reader r(*mem, "AWS Config invoking event");
    config_invoking_event out;
    const auto field = [&](ej::od::field& f, ej::od::value& v) {
      if (ej::is(f, "messageType")) return r.text(v, "messageType", out.message_type);
      if (ej::is(f, "notificationCreationTime")) {
        return r.iso_time(v, "notificationCreationTime", out.notification_creation_time);
      }
      if (ej::is(f, "recordVersion")) return r.text(v, "recordVersion", out.record_version);
      if (ej::is(f, "awsAccountId")) return r.text(v, "awsAccountId", out.aws_account_id);
      if (ej::is(f, "configurationItem")) return read_item(r, v, "configurationItem", out);
      if (ej::is(f, "configurationItemSummary")) return read_item(r, v, "configurationItemSummary", out);
      return true;
    };
    const bool ok = ej::read_root(ej::envelope_parser(), ej::padded_copy(invoking_event_json, *mem), r, field);
    if (!ok) return decoded<config_invoking_event>::failure(r.error().message);
    if (out.message_type.empty()) {
      r.fail("messageType", "is missing: every invoking event has one");
      return decoded<config_invoking_event>::failure(r.error().message);
    }
    return out;
  }

  /// The whole invoking event bound to a described struct (unknown fields are errors, as for bodies).
  template <described T>
  [[nodiscard]] decoded<T> invoking_event_as() const {
    return bound<T>(invoking_event_json, "invokingEvent");
  }
  /// The rule's parameters bound to a described struct (Config sends every value as a string).
  template <described T>
  [[nodiscard]] decoded<T> rule_parameters_as() const {
    return bound<T>(rule_parameters_json, "ruleParameters");
  }

  static constexpr source_kind kind = source_kind::config;
  static constexpr std::string_view expected = "an AWS Config rule event (an object with invokingEvent)";

  [[nodiscard]] static parse_result<config_rule_event> parse(simdjson::padded_string_view json, detail::arena& mem,
                                                             simdjson::ondemand::parser& parser =
                                                                 detail::event_json::event_parser()) {
    namespace ej = detail::event_json;
    ej::reader r(mem, "AWS Config rule event");
    config_rule_event e;
    e.mem = &mem;
    bool has_invoking_event = false;
    bool has_parameters = false;
    bool has_left_scope = false;  // a boolean has no empty value to tell a repeat by
    detail::arena_vector<std::string_view> keys(mem, 6);
    r.defer_problems(true);  // another source's event may use `version` or `accountId` with other types
    const bool ok = ej::read_root(parser, json, r, [&](ej::od::field& f, ej::od::value& v) {
      if (keys.size() < 6) keys.push_back(detail::json::raw_key(f).text);
      if (ej::is(f, "invokingEvent")) {
        has_invoking_event = true;
        return r.text(v, "invokingEvent", e.invoking_event_json);
      }
      if (ej::is(f, "ruleParameters")) {
        if (has_parameters) return r.fail("ruleParameters", "is sent twice");
        has_parameters = true;
        std::optional<std::string_view> text;
        if (!r.optional_text(v, "ruleParameters", text)) return false;
        if (text && !text->empty()) e.rule_parameters_json = *text;
        return true;
      }
      if (ej::is(f, "resultToken")) return r.text(v, "resultToken", e.result_token);
      if (ej::is(f, "eventLeftScope")) {
        if (has_left_scope) return r.fail("eventLeftScope", "is sent twice");
        has_left_scope = true;
        return r.boolean(v, "eventLeftScope", e.event_left_scope);
      }
      if (ej::is(f, "executionRoleArn")) return r.text(v, "executionRoleArn", e.execution_role_arn);
      if (ej::is(f, "configRuleArn")) return r.text(v, "configRuleArn", e.config_rule_arn);
      if (ej::is(f, "configRuleName")) return r.text(v, "configRuleName", e.config_rule_name);
      if (ej::is(f, "configRuleId")) return r.text(v, "configRuleId", e.config_rule_id);
      if (ej::is(f, "accountId")) return r.text(v, "accountId", e.account_id);
      if (ej::is(f, "version")) return r.text(v, "version", e.version);
      return true;
    });
    if (!ej::settle_source(r, ok, has_invoking_event, expected, keys)) return r.error();
    if (e.invoking_event_json.empty()) r.fail("invokingEvent", "is empty: every rule event has one");
    else if (e.result_token.empty()) r.fail("resultToken", "is missing: PutEvaluations needs it");
    if (r.failed()) return r.error();
    return e;
  }

 private:
  static bool read_item(detail::event_json::reader& r, detail::event_json::od::value& v, std::string_view name,
                        config_invoking_event& out) {
    namespace ej = detail::event_json;
    if (ej::reader::is_null(v)) return true;
    if (out.has_item) return r.fail(name, "is sent twice");
    out.has_item = true;
    return r.members(v, name, [&](ej::od::field& f, ej::od::value& x) {
      if (ej::is(f, "resourceType")) return r.text(x, "resourceType", out.resource_type);
      if (ej::is(f, "resourceId")) return r.text(x, "resourceId", out.resource_id);
      if (ej::is(f, "resourceName")) return r.text(x, "resourceName", out.resource_name);
      if (ej::is(f, "awsRegion")) return r.text(x, "awsRegion", out.aws_region);
      if (ej::is(f, "ARN")) return r.text(x, "ARN", out.arn);
      if (ej::is(f, "configurationItemCaptureTime")) {
        return r.iso_time(x, "configurationItemCaptureTime", out.capture_time);
      }
      if (ej::is(f, "configurationItemStatus")) return r.text(x, "configurationItemStatus", out.item_status);
      if (ej::is(f, "changeType")) return r.text(x, "changeType", out.change_type);
      return true;
    });
  }

  template <class T>
  [[nodiscard]] decoded<T> bound(std::string_view text, std::string_view what) const {
    detail::arena_scope scope(*mem);
    T out{};
    http_error err;
    if (!detail::binding::bind(text, out, err)) return decoded<T>::failure(renamed(err.message, what));
    return out;
  }

  /// Body-binding messages speak of the body; these are about `invokingEvent` or `ruleParameters`.
  [[nodiscard]] std::string_view renamed(std::string_view message, std::string_view what) const {
    constexpr std::string_view body_field = "body field ";
    constexpr std::string_view the_body = "the body ";
    const bool field = message.starts_with(body_field);
    if (!field && !message.starts_with(the_body)) return message;
    detail::arena_string m(*mem);
    m.append(field ? "AWS Config " : "the AWS Config ");
    m.append(what);
    m.append(field ? " field " : " ");
    m.append(message.substr(field ? body_field.size() : the_body.size()));
    return m.view();
  }
};

}  // namespace sluice::events
