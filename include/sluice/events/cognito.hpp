// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// Amazon Cognito user-pool triggers: the common part of every trigger, the trigger's kind
// from `triggerSource`, the `request` fields typed (and its JSON text), and one response
// builder per trigger family that answers the event as received with `response` replaced,
// which is what Cognito reads back.

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <utility>

#include "sluice/detail/event_reader.hpp"
#include "sluice/events/common.hpp"
#include "sluice/json_writer.hpp"

namespace sluice::events {

/// Which trigger sent the event (the part of `triggerSource` before `_`, and for token
/// generation the event's `version`: "1" is v1, "2" and later send v2's response shape).
enum class cognito_trigger : std::uint8_t {
  other,  // a trigger source this version of sluice does not know: the raw request is there
  pre_sign_up,
  post_confirmation,
  pre_authentication,
  post_authentication,
  define_auth_challenge,
  create_auth_challenge,
  verify_auth_challenge,
  pre_token_generation,     // TokenGeneration_*, version "1" (PreTokenGen in aws-lambda-go's fixture)
  pre_token_generation_v2,  // TokenGeneration_*, version "2" or "3"
  custom_message,
  user_migration,
  inbound_federation,
  custom_email_sender,
  custom_sms_sender,
};

/// One step of a custom authentication flow so far (`request.session[]`).
struct cognito_challenge_result {
  std::string_view challenge_name;  // "PASSWORD_VERIFIER", "CUSTOM_CHALLENGE", "SRP_A", ...
  bool challenge_result = false;
  std::string_view challenge_metadata;
};

/**
 * The `request` object, typed. Which fields a trigger fills: every trigger but migration and
 * inbound federation `user_attributes`; sign-up, pre-authentication and migration
 * `validation_data`; most `client_metadata`; auth challenges `session`, `challenge_name`
 * (create), `private_challenge_parameters` and `challenge_answer` (verify), `user_not_found`;
 * custom message `code_parameter`, `link_parameter`, `username_parameter`; migration
 * `password`; token generation the group configuration and (v2) `scopes`; inbound federation
 * `provider_name`, `provider_type` and `attributes_json`; custom senders `sender_type` and the
 * encrypted `code`. Absent fields are empty.
 */
struct cognito_request {
  std::span<const named_text> user_attributes;  // values as sent ("true" for a JSON true)
  std::span<const named_text> validation_data;
  std::span<const named_text> client_metadata;
  std::span<const cognito_challenge_result> session;
  std::string_view challenge_name;
  std::span<const named_text> private_challenge_parameters;
  std::string_view challenge_answer;  // the text sent; an object or array as its JSON text
  bool user_not_found = false;
  bool new_device_used = false;  // post authentication
  std::string_view code_parameter;
  std::string_view link_parameter;
  std::string_view username_parameter;
  std::string_view password;
  std::span<const std::string_view> groups_to_override;  // groupConfiguration
  std::span<const std::string_view> iam_roles_to_override;
  std::string_view preferred_role;
  std::span<const std::string_view> scopes;
  std::string_view provider_name;
  std::string_view provider_type;  // "OIDC", "SAML", ...
  std::string_view attributes_json = "{}";
  std::string_view sender_type;  // "customEmailSenderRequestV1", ...
  std::string_view code;         // custom senders: encrypted with the pool's KMS key, base64
};

/**
 * A Cognito user-pool trigger event. Text fields are views into the event; `request_json` is
 * the request's JSON text as received. Answer with the builder of the trigger's family
 * (`cognito_pre_sign_up_response`, ...), or return nothing from an `on<cognito_event>`
 * handler to answer the event unchanged.
 *
 * **Example**:
 * ```
 * auto e = sluice::events::cognito_event::parse(padded, arena);
 * if (e && e->trigger == sluice::events::cognito_trigger::pre_sign_up &&
 *     e->user_attribute("email").value_or("").ends_with("@example.com"))
 *   return sluice::events::cognito_pre_sign_up_response(*e).auto_confirm_user().to_json(arena);
 * ```
 */
struct cognito_event {
  std::string_view version;
  std::string_view trigger_source;  // "PreSignUp_SignUp", "TokenGeneration_RefreshTokens", ...
  cognito_trigger trigger = cognito_trigger::other;
  std::string_view region;
  std::string_view user_pool_id;
  std::string_view user_name;
  std::string_view aws_sdk_version;  // callerContext
  std::string_view client_id;        // callerContext
  cognito_request request;
  std::string_view request_json = "{}";
  std::string_view event_json;     // the whole event, for answers
  std::string_view response_json;  // the `response` value as received (empty when absent)
  detail::arena* mem = nullptr;

  /// A user attribute's value (`"email"`, `"custom:tenant"`), or nullopt.
  [[nodiscard]] std::optional<std::string_view> user_attribute(std::string_view name) const noexcept {
    return find(request.user_attributes, name);
  }
  [[nodiscard]] std::optional<std::string_view> client_metadata(std::string_view name) const noexcept {
    return find(request.client_metadata, name);
  }
  [[nodiscard]] std::optional<std::string_view> validation_data(std::string_view name) const noexcept {
    return find(request.validation_data, name);
  }
  /// The event as received: what Cognito expects from a trigger that changes nothing.
  [[nodiscard]] std::string_view unchanged_answer() const noexcept { return event_json; }

  /// The trigger named by a `triggerSource` and an event `version`.
  [[nodiscard]] static constexpr cognito_trigger trigger_of(std::string_view source, std::string_view version) noexcept {
    const std::string_view family = source.substr(0, source.find('_'));
    constexpr std::pair<std::string_view, cognito_trigger> known[] = {
        {"PreSignUp", cognito_trigger::pre_sign_up},
        {"PostConfirmation", cognito_trigger::post_confirmation},
        {"PreAuthentication", cognito_trigger::pre_authentication},
        {"PostAuthentication", cognito_trigger::post_authentication},
        {"DefineAuthChallenge", cognito_trigger::define_auth_challenge},
        {"CreateAuthChallenge", cognito_trigger::create_auth_challenge},
        {"VerifyAuthChallengeResponse", cognito_trigger::verify_auth_challenge},
        {"CustomMessage", cognito_trigger::custom_message},
        {"UserMigration", cognito_trigger::user_migration},
        {"InboundFederation", cognito_trigger::inbound_federation},
        {"CustomEmailSender", cognito_trigger::custom_email_sender},
        {"CustomSMSSender", cognito_trigger::custom_sms_sender},
    };
    for (const auto& [name, trigger_kind] : known) {
      if (family == name) return trigger_kind;
    }
    if (family == "TokenGeneration" || family == "PreTokenGen") {
      return version.empty() || version == "1" ? cognito_trigger::pre_token_generation
                                               : cognito_trigger::pre_token_generation_v2;
    }
    return cognito_trigger::other;
  }

  static constexpr source_kind kind = source_kind::cognito;
  static constexpr std::string_view expected = "a Cognito user pool trigger event (triggerSource, userPoolId)";

  [[nodiscard]] static parse_result<cognito_event> parse(simdjson::padded_string_view json, detail::arena& mem,
                                                         simdjson::ondemand::parser& parser =
                                                             detail::event_json::event_parser()) {
    namespace ej = detail::event_json;
    ej::reader r(mem, "Cognito trigger event");
    cognito_event e;
    e.mem = &mem;
    e.event_json = std::string_view(json.data(), json.size());
    bool has_request = false;
    bool trigger_key = false, pool_key = false;  // the keys that tell the source, as detection does
    detail::arena_vector<std::string_view> keys(mem, 6);
    r.defer_problems(true);  // until triggerSource and userPoolId say this is a Cognito event
    const bool ok = ej::read_root(parser, json, r, [&](ej::od::field& f, ej::od::value& v) {
      if (keys.size() < 6) keys.push_back(detail::json::raw_key(f).text);
      if (ej::is(f, "version")) return r.text(v, "version", e.version);
      if (ej::is(f, "triggerSource")) {
        trigger_key = true;
        return r.text(v, "triggerSource", e.trigger_source);
      }
      if (ej::is(f, "region")) return r.text(v, "region", e.region);
      if (ej::is(f, "userPoolId")) {
        pool_key = true;
        return r.text(v, "userPoolId", e.user_pool_id);
      }
      if (ej::is(f, "userName")) return r.text(v, "userName", e.user_name);
      if (ej::is(f, "callerContext")) {
        return r.members(v, "callerContext", [&](ej::od::field& g, ej::od::value& item) {
          if (ej::is(g, "awsSdkVersion")) return r.text(item, "awsSdkVersion", e.aws_sdk_version);
          if (ej::is(g, "clientId")) return r.text(item, "clientId", e.client_id);
          return true;
        });
      }
      if (ej::is(f, "request")) {
        if (has_request) return r.fail("request", "is sent twice");
        has_request = true;
        return object_text(r, v, "request", e.request_json);
      }
      if (ej::is(f, "response")) {
        if (!e.response_json.empty()) return r.fail("response", "is sent twice");
        return r.raw_json(v, e.response_json);
      }
      return true;
    });
    if (!ej::settle_source(r, ok, trigger_key && pool_key, expected, keys)) return r.error();
    if (e.trigger_source.empty()) {
      r.fail("triggerSource", "is empty: Cognito names the trigger that sent the event");
      return r.error();
    }
    e.trigger = trigger_of(e.trigger_source, e.version);
    if (has_request && !read_request(r, json, e)) {
      // a structural error in a value read now is "not JSON", as read_root reports it
      if (r.error().problem != event_problem::not_json && !detail::json::is_valid_json(e.event_json)) {
        r.clear_error();
        r.not_json();
      }
      return r.error();
    }
    return e;
  }

 private:
  static std::optional<std::string_view> find(std::span<const named_text> list, std::string_view name) noexcept {
    for (const named_text& n : list) {
      if (n.name == name) return n.value;
    }
    return std::nullopt;
  }

  static bool object_text(detail::event_json::reader& r, detail::event_json::od::value& v, std::string_view name,
                          std::string_view& out) {
    namespace ej = detail::event_json;
    if (ej::reader::is_null(v)) return true;
    ej::od::json_type type{};
    if (v.type().get(type) != simdjson::SUCCESS) return r.not_json();
    if (type != ej::od::json_type::object) return r.fail(name, "must be an object");
    return r.raw_json(v, out);
  }

  /// A string's text; a number or boolean as its JSON text (aws-lambda-go's fixture sends
  /// `true`), and with `containers` an object or array too (Cognito sends a challenge answer as
  /// a string; the .NET SDK's sample holds an object of answers).
  static bool scalar_text(detail::event_json::reader& r, detail::event_json::od::value& v, std::string_view name,
                          std::string_view& out, bool containers = false) {
    namespace ej = detail::event_json;
    ej::od::json_type type{};
    if (v.type().get(type) != simdjson::SUCCESS) return r.not_json();
    const bool as_json = type == ej::od::json_type::number || type == ej::od::json_type::boolean ||
                         (containers && (type == ej::od::json_type::object || type == ej::od::json_type::array));
    if (!as_json) return r.text(v, name, out);
    if (!out.empty()) return r.fail(name, "is sent twice");
    return r.raw_json(v, out);
  }

  static bool text_map(detail::event_json::reader& r, detail::event_json::od::value& v, std::string_view name,
                       std::span<const named_text>& out) {
    namespace ej = detail::event_json;
    if (!out.empty()) return r.fail(name, "is sent twice");
    detail::arena_vector<named_text> list(r.mem(), 8);
    const bool ok = r.members(v, name, [&](ej::od::field& f, ej::od::value& value) {
      named_text entry;
      if (!r.key_text(f, entry.name)) return false;
      if (r.is_null(value)) return true;
      if (!scalar_text(r, value, entry.name, entry.value)) return false;
      list.push_back(entry);
      return true;
    });
    out = {list.begin(), list.size()};
    return ok;
  }

  static bool string_list(detail::event_json::reader& r, detail::event_json::od::value& v, std::string_view name,
                          std::span<const std::string_view>& out) {
    if (!out.empty()) return r.fail(name, "is sent twice");
    detail::arena_vector<std::string_view> list(r.mem(), 4);
    const bool ok = r.strings(v, name, list);
    out = {list.begin(), list.size()};
    return ok;
  }

  static bool read_session(detail::event_json::reader& r, detail::event_json::od::value& v, cognito_request& q) {
    namespace ej = detail::event_json;
    if (!q.session.empty()) return r.fail("session", "is sent twice");
    detail::arena_vector<cognito_challenge_result> steps(r.mem(), 4);
    const bool ok = r.elements(v, "session", [&](std::size_t, ej::od::value& item) {
      cognito_challenge_result step;
      const bool read = r.members(item, {}, [&](ej::od::field& g, ej::od::value& value) {
        if (ej::is(g, "challengeName")) return r.text(value, "challengeName", step.challenge_name);
        if (ej::is(g, "challengeResult")) return r.boolean(value, "challengeResult", step.challenge_result);
        if (ej::is(g, "challengeMetadata")) return r.text(value, "challengeMetadata", step.challenge_metadata);
        return true;
      });
      if (!read) return false;
      if (step.challenge_name.empty()) return r.fail("challengeName", "is missing: every session step has one");
      steps.push_back(step);
      return true;
    });
    q.session = {steps.begin(), steps.size()};
    return ok;
  }

  /// Reads `request` a second time, from its own text: the bytes after it in the event are
  /// at least simdjson's padding, so no copy is needed.
  static bool read_request(detail::event_json::reader& r, simdjson::padded_string_view json, cognito_event& e) {
    namespace ej = detail::event_json;
    const std::string_view text = e.request_json;
    const std::size_t readable = json.capacity() - static_cast<std::size_t>(text.data() - json.data());
    ej::od::parser& parser = ej::nested_parser();
    ej::od::document doc;
    ej::od::object object;
    if (parser.iterate(detail::json::padded_view(text.data(), text.size(), readable)).get(doc) != simdjson::SUCCESS ||
        doc.get_object().get(object) != simdjson::SUCCESS) {
      return r.not_json();
    }
    cognito_request& q = e.request;
    const ej::reader::scope in(r, "request");
    for (auto member : object) {
      ej::od::field f;
      if (std::move(member).get(f) != simdjson::SUCCESS) return r.not_json();
      ej::od::value v = f.value();
      bool ok = true;
      if (ej::is(f, "userAttributes")) ok = text_map(r, v, "userAttributes", q.user_attributes);
      else if (ej::is(f, "validationData")) ok = text_map(r, v, "validationData", q.validation_data);
      else if (ej::is(f, "clientMetadata")) ok = text_map(r, v, "clientMetadata", q.client_metadata);
      else if (ej::is(f, "session")) ok = read_session(r, v, q);
      else if (ej::is(f, "challengeName")) ok = r.text(v, "challengeName", q.challenge_name);
      else if (ej::is(f, "privateChallengeParameters")) ok = text_map(r, v, "privateChallengeParameters", q.private_challenge_parameters);
      else if (ej::is(f, "challengeAnswer")) ok = scalar_text(r, v, "challengeAnswer", q.challenge_answer, /*containers=*/true);
      else if (ej::is(f, "userNotFound")) ok = r.is_null(v) || r.boolean(v, "userNotFound", q.user_not_found);
      else if (ej::is(f, "newDeviceUsed")) ok = r.is_null(v) || r.boolean(v, "newDeviceUsed", q.new_device_used);
      else if (ej::is(f, "codeParameter")) ok = r.text(v, "codeParameter", q.code_parameter);
      else if (ej::is(f, "linkParameter")) ok = r.text(v, "linkParameter", q.link_parameter);
      else if (ej::is(f, "usernameParameter")) ok = r.text(v, "usernameParameter", q.username_parameter);
      else if (ej::is(f, "password")) ok = r.text(v, "password", q.password);
      else if (ej::is(f, "scopes")) ok = string_list(r, v, "scopes", q.scopes);
      else if (ej::is(f, "providerName")) ok = r.text(v, "providerName", q.provider_name);
      else if (ej::is(f, "providerType")) ok = r.text(v, "providerType", q.provider_type);
      else if (ej::is(f, "attributes")) ok = object_text(r, v, "attributes", q.attributes_json);
      else if (ej::is(f, "type")) ok = r.text(v, "type", q.sender_type);
      else if (ej::is(f, "code")) ok = r.text(v, "code", q.code);
      else if (ej::is(f, "groupConfiguration")) {
        ok = r.members(v, "groupConfiguration", [&](ej::od::field& g, ej::od::value& item) {
          if (ej::is(g, "groupsToOverride")) return string_list(r, item, "groupsToOverride", q.groups_to_override);
          if (ej::is(g, "iamRolesToOverride")) return string_list(r, item, "iamRolesToOverride", q.iam_roles_to_override);
          if (ej::is(g, "preferredRole")) return r.text(item, "preferredRole", q.preferred_role);
          return true;
        });
      }
      if (!ok) return false;
    }
    return true;
  }
};

namespace detail_cognito {

/// Where the answer's `response` goes: the received event, and its `response` value in it.
struct echo {
  std::string_view event_json;
  std::string_view response_json;
  detail::arena* mem = nullptr;

  explicit echo(const cognito_event& e) noexcept
      : event_json(e.event_json), response_json(e.response_json), mem(e.mem ? e.mem : &detail::current_arena()) {}

  /// The event with its `response` value replaced by `response` (added when it had none).
  [[nodiscard]] std::string_view with(std::string_view response, detail::arena& out_mem) const {
    detail::arena_string out(out_mem);
    if (!response_json.empty()) {
      const auto at = static_cast<std::size_t>(response_json.data() - event_json.data());
      out.append(event_json.substr(0, at));
      out.append(response);
      out.append(event_json.substr(at + response_json.size()));
      return out.view();
    }
    const std::size_t close = event_json.find_last_of('}');  // the root object is not empty
    out.append(event_json.substr(0, close));
    out.append(R"(,"response":)");
    out.append(response);
    out.append(event_json.substr(close));
    return out.view();
  }

  [[nodiscard]] detail::arena_vector<named_text> map() const { return detail::arena_vector<named_text>(*mem, 4); }
  [[nodiscard]] detail::arena_vector<std::string_view> list() const {
    return detail::arena_vector<std::string_view>(*mem, 4);
  }
  void put(detail::arena_vector<named_text>& m, std::string_view key, std::string_view value) const {
    m.push_back({mem->copy(key), mem->copy(value)});
  }
};

inline void write_map(json_writer& w, std::string_view key, const detail::arena_vector<named_text>& m) {
  w.key(key).begin_object();
  for (const named_text& entry : m) w.field(entry.name, entry.value);
  w.end_object();
}

/// A map whose values are JSON text already (v2 claims may be any JSON value).
inline void write_json_map(json_writer& w, std::string_view key, const detail::arena_vector<named_text>& m) {
  w.key(key).begin_object();
  for (const named_text& entry : m) w.key(entry.name).raw(entry.value);
  w.end_object();
}

inline void write_list(json_writer& w, std::string_view key, const detail::arena_vector<std::string_view>& l) {
  w.key(key).begin_array();
  for (const std::string_view s : l) w.value(s);
  w.end_array();
}

inline void write_optional(json_writer& w, std::string_view key, const std::optional<std::string_view>& v) {
  if (v) w.field(key, *v);
}

/// `groupOverrideDetails`, written only when the answer sets one of its parts: an empty list
/// would remove every group from the token.
struct group_override {
  detail::arena_vector<std::string_view> groups;
  detail::arena_vector<std::string_view> roles;
  std::optional<std::string_view> preferred_role;
  bool set = false;

  void write(json_writer& w) const {
    if (!set) return;
    w.key("groupOverrideDetails").begin_object();
    write_list(w, "groupsToOverride", groups);
    write_list(w, "iamRolesToOverride", roles);
    if (preferred_role) w.field("preferredRole", *preferred_role);
    w.end_object();
  }
};

}  // namespace detail_cognito

/**
 * Pre sign-up: `{"autoConfirmUser", "autoVerifyEmail", "autoVerifyPhone"}` (all false unless set).
 *
 * **Example**: `return sluice::events::cognito_pre_sign_up_response(e).auto_confirm_user().auto_verify_email();`
 */
class cognito_pre_sign_up_response {
 public:
  explicit cognito_pre_sign_up_response(const cognito_event& e) : echo_(e) {}
  cognito_pre_sign_up_response& auto_confirm_user(bool v = true) noexcept { return set(confirm_, v); }
  cognito_pre_sign_up_response& auto_verify_email(bool v = true) noexcept { return set(email_, v); }
  cognito_pre_sign_up_response& auto_verify_phone(bool v = true) noexcept { return set(phone_, v); }

  [[nodiscard]] std::string_view to_json(detail::arena& mem) const {
    json_writer w(mem);
    w.begin_object().field("autoConfirmUser", confirm_).field("autoVerifyEmail", email_).field("autoVerifyPhone", phone_);
    return echo_.with(w.end_object().view(), mem);
  }

 private:
  cognito_pre_sign_up_response& set(bool& flag, bool v) noexcept {
    flag = v;
    return *this;
  }
  detail_cognito::echo echo_;
  bool confirm_ = false;
  bool email_ = false;
  bool phone_ = false;
};

/**
 * Define auth challenge: the next challenge (`"CUSTOM_CHALLENGE"`, `"PASSWORD_VERIFIER"`,
 * ...), or tokens, or failure.
 *
 * **Example**: `return sluice::events::cognito_define_auth_challenge_response(e).challenge_name("CUSTOM_CHALLENGE");`
 */
class cognito_define_auth_challenge_response {
 public:
  explicit cognito_define_auth_challenge_response(const cognito_event& e) : echo_(e) {}
  cognito_define_auth_challenge_response& challenge_name(std::string_view name) {
    name_ = echo_.mem->copy(name);
    return *this;
  }
  cognito_define_auth_challenge_response& issue_tokens(bool v = true) noexcept {
    issue_ = v;
    return *this;
  }
  cognito_define_auth_challenge_response& fail_authentication(bool v = true) noexcept {
    fail_ = v;
    return *this;
  }

  [[nodiscard]] std::string_view to_json(detail::arena& mem) const {
    json_writer w(mem);
    w.begin_object();
    detail_cognito::write_optional(w, "challengeName", name_);
    w.field("issueTokens", issue_).field("failAuthentication", fail_);
    return echo_.with(w.end_object().view(), mem);
  }

 private:
  detail_cognito::echo echo_;
  std::optional<std::string_view> name_;
  bool issue_ = false;
  bool fail_ = false;
};

/**
 * Create auth challenge: parameters shown to the client, parameters kept for the verify
 * trigger, and metadata recorded in the session.
 *
 * **Example**: `return sluice::events::cognito_create_auth_challenge_response(e).public_parameter("hint", "sms").private_parameter("answer", code);`
 */
class cognito_create_auth_challenge_response {
 public:
  explicit cognito_create_auth_challenge_response(const cognito_event& e)
      : echo_(e), public_(echo_.map()), private_(echo_.map()) {}
  cognito_create_auth_challenge_response& public_parameter(std::string_view key, std::string_view value) {
    echo_.put(public_, key, value);
    return *this;
  }
  cognito_create_auth_challenge_response& private_parameter(std::string_view key, std::string_view value) {
    echo_.put(private_, key, value);
    return *this;
  }
  cognito_create_auth_challenge_response& challenge_metadata(std::string_view text) {
    metadata_ = echo_.mem->copy(text);
    return *this;
  }

  [[nodiscard]] std::string_view to_json(detail::arena& mem) const {
    json_writer w(mem);
    w.begin_object();
    detail_cognito::write_map(w, "publicChallengeParameters", public_);
    detail_cognito::write_map(w, "privateChallengeParameters", private_);
    detail_cognito::write_optional(w, "challengeMetadata", metadata_);
    return echo_.with(w.end_object().view(), mem);
  }

 private:
  detail_cognito::echo echo_;
  detail::arena_vector<named_text> public_;
  detail::arena_vector<named_text> private_;
  std::optional<std::string_view> metadata_;
};

/**
 * Verify auth challenge: whether the answer was right.
 *
 * **Example**: `return sluice::events::cognito_verify_auth_challenge_response(e, e.request.challenge_answer == expected);`
 */
class cognito_verify_auth_challenge_response {
 public:
  cognito_verify_auth_challenge_response(const cognito_event& e, bool answer_correct) : echo_(e), correct_(answer_correct) {}
  [[nodiscard]] std::string_view to_json(detail::arena& mem) const {
    json_writer w(mem);
    return echo_.with(w.begin_object().field("answerCorrect", correct_).end_object().view(), mem);
  }

 private:
  detail_cognito::echo echo_;
  bool correct_;
};

/**
 * Pre token generation, v1 (`claimsOverrideDetails`): string claims added or overridden in the
 * ID token, claims suppressed, and group overrides (written only when set).
 *
 * **Example**: `return sluice::events::cognito_token_generation_response(e).claim("tenant", "acme").suppress_claim("email");`
 */
class cognito_token_generation_response {
 public:
  explicit cognito_token_generation_response(const cognito_event& e)
      : echo_(e), claims_(echo_.map()), suppressed_(echo_.list()), groups_{echo_.list(), echo_.list(), {}, false} {}
  cognito_token_generation_response& claim(std::string_view name, std::string_view value) {
    echo_.put(claims_, name, value);
    return *this;
  }
  cognito_token_generation_response& suppress_claim(std::string_view name) {
    suppressed_.push_back(echo_.mem->copy(name));
    return *this;
  }
  /// The token's groups become exactly those added here (none: the user has no groups).
  cognito_token_generation_response& override_groups(std::span<const std::string_view> groups) {
    groups_.set = true;
    for (const std::string_view g : groups) groups_.groups.push_back(echo_.mem->copy(g));
    return *this;
  }
  cognito_token_generation_response& override_iam_roles(std::span<const std::string_view> roles) {
    groups_.set = true;
    for (const std::string_view r : roles) groups_.roles.push_back(echo_.mem->copy(r));
    return *this;
  }
  cognito_token_generation_response& preferred_role(std::string_view arn) {
    groups_.set = true;
    groups_.preferred_role = echo_.mem->copy(arn);
    return *this;
  }

  [[nodiscard]] std::string_view to_json(detail::arena& mem) const {
    json_writer w(mem);
    w.begin_object().key("claimsOverrideDetails").begin_object();
    detail_cognito::write_map(w, "claimsToAddOrOverride", claims_);
    detail_cognito::write_list(w, "claimsToSuppress", suppressed_);
    groups_.write(w);
    return echo_.with(w.end_object().end_object().view(), mem);
  }

 private:
  detail_cognito::echo echo_;
  detail::arena_vector<named_text> claims_;
  detail::arena_vector<std::string_view> suppressed_;
  detail_cognito::group_override groups_;
};

/**
 * Pre token generation, v2 and v3 (`claimsAndScopeOverrideDetails`): claims of any JSON type
 * for the ID and the access token, suppressed claims, scopes added and suppressed (access
 * token), group overrides. Only the parts set are written.
 *
 * **Example**:
 * `return sluice::events::cognito_token_generation_v2_response(e).access_token_claim("tenant", "acme").access_token_claim_json("level", "3").add_scope("orders/read");`
 */
class cognito_token_generation_v2_response {
 public:
  explicit cognito_token_generation_v2_response(const cognito_event& e)
      : echo_(e), id_{echo_.map(), echo_.list()}, access_{echo_.map(), echo_.list()}, add_scopes_(echo_.list()),
        suppress_scopes_(echo_.list()), groups_{echo_.list(), echo_.list(), {}, false} {}

  /// A string claim in the ID token.
  cognito_token_generation_v2_response& id_token_claim(std::string_view name, std::string_view text) {
    return add(id_, name, quoted(text));
  }
  /// A claim whose value is JSON text (`"3"`, `"true"`, `R"(["a","b"])"`), written as it is.
  cognito_token_generation_v2_response& id_token_claim_json(std::string_view name, std::string_view json) {
    return add(id_, name, echo_.mem->copy(json));
  }
  cognito_token_generation_v2_response& suppress_id_token_claim(std::string_view name) {
    id_.suppressed.push_back(echo_.mem->copy(name));
    return *this;
  }
  cognito_token_generation_v2_response& access_token_claim(std::string_view name, std::string_view text) {
    return add(access_, name, quoted(text));
  }
  cognito_token_generation_v2_response& access_token_claim_json(std::string_view name, std::string_view json) {
    return add(access_, name, echo_.mem->copy(json));
  }
  cognito_token_generation_v2_response& suppress_access_token_claim(std::string_view name) {
    access_.suppressed.push_back(echo_.mem->copy(name));
    return *this;
  }
  cognito_token_generation_v2_response& add_scope(std::string_view scope) {
    add_scopes_.push_back(echo_.mem->copy(scope));
    return *this;
  }
  cognito_token_generation_v2_response& suppress_scope(std::string_view scope) {
    suppress_scopes_.push_back(echo_.mem->copy(scope));
    return *this;
  }
  cognito_token_generation_v2_response& override_groups(std::span<const std::string_view> groups) {
    groups_.set = true;
    for (const std::string_view g : groups) groups_.groups.push_back(echo_.mem->copy(g));
    return *this;
  }
  cognito_token_generation_v2_response& override_iam_roles(std::span<const std::string_view> roles) {
    groups_.set = true;
    for (const std::string_view r : roles) groups_.roles.push_back(echo_.mem->copy(r));
    return *this;
  }
  cognito_token_generation_v2_response& preferred_role(std::string_view arn) {
    groups_.set = true;
    groups_.preferred_role = echo_.mem->copy(arn);
    return *this;
  }

  [[nodiscard]] std::string_view to_json(detail::arena& mem) const {
    json_writer w(mem);
    w.begin_object().key("claimsAndScopeOverrideDetails").begin_object();
    const bool access = !access_.claims.empty() || !access_.suppressed.empty() || !add_scopes_.empty() ||
                        !suppress_scopes_.empty();
    if (!id_.claims.empty() || !id_.suppressed.empty()) {
      w.key("idTokenGeneration").begin_object();
      id_.write(w);
      w.end_object();
    }
    if (access) {
      w.key("accessTokenGeneration").begin_object();
      access_.write(w);
      detail_cognito::write_list(w, "scopesToAdd", add_scopes_);
      detail_cognito::write_list(w, "scopesToSuppress", suppress_scopes_);
      w.end_object();
    }
    groups_.write(w);
    return echo_.with(w.end_object().end_object().view(), mem);
  }

 private:
  struct token {
    detail::arena_vector<named_text> claims;  // values as JSON text
    detail::arena_vector<std::string_view> suppressed;
    void write(json_writer& w) const {
      detail_cognito::write_json_map(w, "claimsToAddOrOverride", claims);
      detail_cognito::write_list(w, "claimsToSuppress", suppressed);
    }
  };
  cognito_token_generation_v2_response& add(token& t, std::string_view name, std::string_view json) {
    t.claims.push_back({echo_.mem->copy(name), json});
    return *this;
  }
  [[nodiscard]] std::string_view quoted(std::string_view text) const {
    json_writer w(*echo_.mem);
    return w.value(text).view();
  }

  detail_cognito::echo echo_;
  token id_;
  token access_;
  detail::arena_vector<std::string_view> add_scopes_;
  detail::arena_vector<std::string_view> suppress_scopes_;
  detail_cognito::group_override groups_;
};

/**
 * Custom message: the SMS text, the email body and subject (each must contain
 * `request.code_parameter` where the code goes). Parts left unset keep Cognito's default.
 *
 * **Example**: `return sluice::events::cognito_custom_message_response(e).email_subject("Welcome").email_message(body);`
 */
class cognito_custom_message_response {
 public:
  explicit cognito_custom_message_response(const cognito_event& e) : echo_(e) {}
  cognito_custom_message_response& sms_message(std::string_view text) { return set(sms_, text); }
  cognito_custom_message_response& email_message(std::string_view text) { return set(email_, text); }
  cognito_custom_message_response& email_subject(std::string_view text) { return set(subject_, text); }

  [[nodiscard]] std::string_view to_json(detail::arena& mem) const {
    json_writer w(mem);
    w.begin_object();
    detail_cognito::write_optional(w, "smsMessage", sms_);
    detail_cognito::write_optional(w, "emailMessage", email_);
    detail_cognito::write_optional(w, "emailSubject", subject_);
    return echo_.with(w.end_object().view(), mem);
  }

 private:
  cognito_custom_message_response& set(std::optional<std::string_view>& slot, std::string_view text) {
    slot = echo_.mem->copy(text);
    return *this;
  }
  detail_cognito::echo echo_;
  std::optional<std::string_view> sms_;
  std::optional<std::string_view> email_;
  std::optional<std::string_view> subject_;
};

/**
 * User migration: the user's attributes in the new pool, `finalUserStatus` (`"CONFIRMED"` or
 * `"RESET_REQUIRED"`), `messageAction` (`"SUPPRESS"` or `"RESEND"`), delivery mediums
 * (`"EMAIL"`, `"SMS"`), `forceAliasCreation`. Unset parts are not written.
 *
 * **Example**: `return sluice::events::cognito_migration_response(e).user_attribute("email", user.email).final_user_status("CONFIRMED").message_action("SUPPRESS");`
 */
class cognito_migration_response {
 public:
  explicit cognito_migration_response(const cognito_event& e)
      : echo_(e), attributes_(echo_.map()), mediums_(echo_.list()) {}
  cognito_migration_response& user_attribute(std::string_view name, std::string_view value) {
    echo_.put(attributes_, name, value);
    return *this;
  }
  cognito_migration_response& final_user_status(std::string_view status) { return set(status_, status); }
  cognito_migration_response& message_action(std::string_view action) { return set(action_, action); }
  cognito_migration_response& desired_delivery_medium(std::string_view medium) {
    mediums_.push_back(echo_.mem->copy(medium));
    return *this;
  }
  cognito_migration_response& force_alias_creation(bool v = true) noexcept {
    force_alias_ = v;
    return *this;
  }

  [[nodiscard]] std::string_view to_json(detail::arena& mem) const {
    json_writer w(mem);
    w.begin_object();
    detail_cognito::write_map(w, "userAttributes", attributes_);
    detail_cognito::write_optional(w, "finalUserStatus", status_);
    detail_cognito::write_optional(w, "messageAction", action_);
    if (!mediums_.empty()) detail_cognito::write_list(w, "desiredDeliveryMediums", mediums_);
    if (force_alias_) w.field("forceAliasCreation", *force_alias_);
    return echo_.with(w.end_object().view(), mem);
  }

 private:
  cognito_migration_response& set(std::optional<std::string_view>& slot, std::string_view text) {
    slot = echo_.mem->copy(text);
    return *this;
  }
  detail_cognito::echo echo_;
  detail::arena_vector<named_text> attributes_;
  std::optional<std::string_view> status_;
  std::optional<std::string_view> action_;
  detail::arena_vector<std::string_view> mediums_;
  std::optional<bool> force_alias_;
};

/**
 * Inbound federation: the attributes to map onto the user from the provider's.
 *
 * **Example**: `return sluice::events::cognito_inbound_federation_response(e).user_attribute("email", email);`
 */
class cognito_inbound_federation_response {
 public:
  explicit cognito_inbound_federation_response(const cognito_event& e) : echo_(e), attributes_(echo_.map()) {}
  cognito_inbound_federation_response& user_attribute(std::string_view name, std::string_view value) {
    echo_.put(attributes_, name, value);
    return *this;
  }
  [[nodiscard]] std::string_view to_json(detail::arena& mem) const {
    json_writer w(mem);
    w.begin_object();
    detail_cognito::write_map(w, "userAttributesToMap", attributes_);
    return echo_.with(w.end_object().view(), mem);
  }

 private:
  detail_cognito::echo echo_;
  detail::arena_vector<named_text> attributes_;
};

}  // namespace sluice::events
