// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// Reads what an HTTP event says of its caller: `requestContext.authorizer` in each of its
// shapes, REST's `identity`, 2.0's `authentication.clientCert`. Part of the HTTP decoder.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>
#include <utility>

#include "sluice/detail/arena.hpp"
#include "sluice/detail/json.hpp"
#include "sluice/principal.hpp"

namespace sluice::events::detail_http {

using namespace sluice::detail;
namespace od = json::od;

/// The keys of one object, to refuse a key sent twice: a DOM reader keeps the first copy, the
/// decoder would keep the last (or, for claims and context, both), and the two would see two
/// callers. The first 16 keys are compared as they come, on the stack; beyond them the keys are
/// kept in the arena and sorted once the object ends, so a large object costs n log n, not n².
class object_keys {
 public:
  explicit object_keys(arena& a) noexcept : mem_(&a) {}

  /// False when `key` came before (among the first 16; later ones are found by `repeated`).
  bool add(std::string_view key) {
    if (count_ < small) {
      for (std::size_t i = 0; i < count_; ++i) {
        if (sizes_[i] == key.size() && std::memcmp(data_[i], key.data(), key.size()) == 0) return false;
      }
      data_[count_] = key.data();
      sizes_[count_++] = key.size();
      return true;
    }
    if (count_ == small) {
      many_ = arena_vector<std::string_view>(*mem_, 2 * small);
      for (std::size_t i = 0; i < small; ++i) many_.push_back({data_[i], sizes_[i]});
    }
    many_.push_back(key);
    ++count_;
    return true;
  }

  /// Once the object ends: a key sent twice among more than 16, if any.
  [[nodiscard]] std::optional<std::string_view> repeated() {
    if (count_ <= small) return std::nullopt;
    std::sort(many_.begin(), many_.end());
    const auto* twice = std::adjacent_find(many_.begin(), many_.end());
    if (twice == many_.end()) return std::nullopt;
    return *twice;
  }

 private:
  static constexpr std::size_t small = 16;
  arena* mem_;
  std::size_t count_ = 0;
  // the first keys, left uninitialised until used (an authorizer has several small objects)
  const char* data_[small];
  std::size_t sizes_[small];
  arena_vector<std::string_view> many_;
};

/// Decodes authorizer shapes into `auth_data`. On failure, `problem` says what was wrong
/// (`broken`: the JSON itself).
struct auth_decoder {
  arena& mem;
  auth_data& auth;
  std::string_view problem;
  bool broken = false;
  std::uint32_t identity_read = 0;  // the keys of REST's `identity` read so far, one bit each

  /// The key `key` is sent twice in one object.
  bool twice(std::string_view key) {
    arena_string m(mem);
    m.append("has the key '");
    m.append(key);
    m.append("' twice in one object; an HTTP event from AWS has each key once");
    return fail(m.view());
  }

  bool fail(std::string_view what) {
    problem = what;
    return false;
  }
  bool structural() {
    broken = true;
    return fail("is not valid JSON");
  }

  static bool is_null(od::value& v) noexcept {
    bool null = false;
    return v.is_null().get(null) == simdjson::SUCCESS && null;
  }

  /// A string or null (null: `out` left empty); anything else is wrong.
  bool string(od::value& v, std::string_view& out) {
    std::optional<std::string_view> s;
    switch (json::read_string(v, mem, s)) {
      case json::read_error::none: out = s.value_or(std::string_view{}); return true;
      case json::read_error::wrong_type: return fail("must hold strings");
      case json::read_error::bad_escape: return fail("has an invalid escape sequence");
    }
    return false;
  }

  template <class F>
  bool each_field(od::value& v, F&& f) {
    od::object obj;
    if (v.get_object().get(obj) != simdjson::SUCCESS) return fail("must be an object");
    object_keys keys(mem);
    for (auto result : obj) {
      if (result.error() != simdjson::SUCCESS) return structural();
      od::field& field = json::in_place(result);
      const std::optional<std::string_view> key = json::key(field);
      if (!key) return fail("has a key with an invalid escape sequence");
      if (!keys.add(*key)) return twice(*key);
      od::value& value = field.value();
      if (!f(*key, value)) return false;
    }
    if (const auto key = keys.repeated()) return twice(*key);
    return true;
  }

  /// Any JSON value, kept as the claim it is: views into the event, array items unescaped.
  bool value(std::string_view name, od::value& v, arena_vector<auth_value>& out) {
    od::json_type type{};
    if (v.type().get(type) != simdjson::SUCCESS) return structural();
    auth_value a;
    a.name = name;
    switch (type) {
      case od::json_type::string: {
        raw_string raw;
        if (json::raw_string_value(v, raw) != json::string_kind::string) return structural();
        a.kind = json_kind::string;
        a.text = raw.text;
        a.escaped = raw.escaped;
        break;
      }
      case od::json_type::number:
      case od::json_type::boolean: {
        std::string_view token = v.raw_json_token();
        while (!token.empty() && (token.back() == ' ' || token.back() == '\n' || token.back() == '\r' ||
                                  token.back() == '\t')) {
          token.remove_suffix(1);
        }
        a.kind = type == od::json_type::number ? json_kind::number : json_kind::boolean;
        a.text = token;
        break;
      }
      case od::json_type::null:
        a.kind = json_kind::null;
        break;
      case od::json_type::array: {
        od::array arr;
        if (v.get_array().get(arr) != simdjson::SUCCESS) return structural();
        arena_vector<std::string_view> items(mem, 4);
        for (auto element : arr) {
          od::value item;
          if (std::move(element).get(item) != simdjson::SUCCESS) return structural();
          std::optional<std::string_view> s;
          if (json::read_string(item, mem, s) == json::read_error::none) {
            if (s) items.push_back(*s);
          } else {
            std::string_view token = item.raw_json_token();
            while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
            items.push_back(token);
          }
        }
        a.kind = json_kind::array;
        a.items = {items.begin(), items.size()};
        break;
      }
      case od::json_type::object: {
        od::object obj;
        std::string_view raw;
        if (v.get_object().get(obj) != simdjson::SUCCESS || obj.raw_json().get(raw) != simdjson::SUCCESS) {
          return structural();
        }
        a.kind = json_kind::object;
        a.text = raw;
        break;
      }
    }
    out.push_back(a);
    return true;
  }

  bool claims(od::value& v) {
    if (is_null(v)) return true;
    return each_field(v, [&](std::string_view k, od::value& x) { return value(k, x, auth.claims); });
  }

  bool iam(od::value& v) {
    if (is_null(v)) return true;
    auth.has_iam = true;
    iam_data& i = auth.iam;
    bool caller_read = false;  // `callerId` and `caller` name the same field, as `userId` and `user`
    bool user_read = false;
    const auto once = [&](bool& read, std::string_view k) { return !std::exchange(read, true) || twice(k); };
    return each_field(v, [&](std::string_view k, od::value& x) {
      if (k == "accessKey") return string(x, i.access_key);
      if (k == "accountId") return string(x, i.account_id);
      if (k == "callerId" || k == "caller") return once(caller_read, "callerId' or 'caller") && string(x, i.caller_id);
      if (k == "userArn") return string(x, i.user_arn);
      if (k == "userId" || k == "user") return once(user_read, "userId' or 'user") && string(x, i.user_id);
      if (k == "principalOrgId") return string(x, i.principal_org_id);
      if (k == "cognitoIdentity") {
        if (is_null(x)) return true;
        return each_field(x, [&](std::string_view ck, od::value& cx) {
          if (ck == "identityId") return string(cx, i.cognito_identity_id);
          if (ck == "identityPoolId") return string(cx, i.cognito_identity_pool_id);
          return true;
        });
      }
      return true;
    });
  }

  /// `requestContext.authorizer`: `{jwt}`, `{lambda}` or `{iam}` (HTTP APIs, Function URLs),
  /// `{claims}` (REST + Cognito), or a REST Lambda authorizer's flat `{principalId, ...}`.
  /// A null member names no caller: a REST API without an authorizer may send
  /// `{"claims":null,"scopes":null}`, which is no Cognito user and no Lambda context.
  bool authorizer(od::value& v) {
    if (is_null(v)) return true;
    bool jwt = false, lambda = false, iam_seen = false, cognito = false;
    const bool ok = each_field(v, [&](std::string_view k, od::value& x) {
      if (is_null(x)) return true;
      if (k == "jwt") {
        jwt = true;
        return each_field(x, [&](std::string_view jk, od::value& jx) {
          if (jk == "claims") return claims(jx);
          if (jk == "scopes") {
            if (is_null(jx)) return true;
            od::array arr;
            if (jx.get_array().get(arr) != simdjson::SUCCESS) return fail("must be an array of scopes");
            auth.has_scope_list = true;
            for (auto element : arr) {
              od::value item;
              if (std::move(element).get(item) != simdjson::SUCCESS) return structural();
              std::string_view scope;
              if (!string(item, scope)) return false;
              if (!scope.empty()) auth.scopes.push_back(scope);
            }
          }
          return true;
        });
      }
      if (k == "lambda") {
        lambda = true;
        return each_field(x, [&](std::string_view lk, od::value& lx) { return value(lk, lx, auth.context); });
      }
      if (k == "iam") {
        iam_seen = true;
        return iam(x);
      }
      if (k == "claims") {
        cognito = true;
        return claims(x);
      }
      if (k == "principalId") return string(x, auth.principal_id);
      if (k == "integrationLatency") return true;
      return value(k, x, auth.context);  // a REST Lambda authorizer's context, flat
    });
    if (!ok) return false;
    // one authorizer per route: an event naming two kinds could be read as either caller
    if (int{jwt} + int{lambda} + int{iam_seen} + int{cognito} > 1) {
      return fail("names more than one kind of authorizer ('jwt', 'lambda', 'iam', 'claims'); an event from AWS "
                  "has one");
    }
    if (jwt) auth.source = principal_source::jwt_authorizer;
    else if (cognito) auth.source = principal_source::cognito_authorizer;
    else if (lambda) auth.source = principal_source::lambda_authorizer;
    else if (iam_seen && auth.has_iam) auth.source = principal_source::iam;
    else if (!auth.principal_id.empty() || !auth.context.empty()) auth.source = principal_source::lambda_authorizer;
    return true;
  }

  bool client_cert(od::value& v) {
    if (is_null(v)) return true;
    auth.has_client_cert = true;
    client_cert_data& c = auth.client_cert;
    return each_field(v, [&](std::string_view k, od::value& x) {
      if (k == "clientCertPem") return string(x, c.pem);
      if (k == "subjectDN") return string(x, c.subject_dn);
      if (k == "issuerDN") return string(x, c.issuer_dn);
      if (k == "serialNumber") return string(x, c.serial_number);
      if (k == "validity") {
        if (is_null(x)) return true;
        return each_field(x, [&](std::string_view vk, od::value& vx) {
          if (vk == "notBefore") return string(vx, c.not_before);
          if (vk == "notAfter") return string(vx, c.not_after);
          return true;
        });
      }
      return true;
    });
  }

  /// 2.0's `requestContext.authentication`: `{clientCert}`.
  bool authentication(od::value& v) {
    if (is_null(v)) return true;
    return each_field(v, [&](std::string_view k, od::value& x) { return k == "clientCert" ? client_cert(x) : true; });
  }

  /// REST's `requestContext.identity` beyond source IP and user agent: IAM caller (when
  /// SigV4-signed), API key, Cognito identity, client certificate.
  bool identity_field(std::string_view k, od::value& x) {
    iam_data& i = auth.iam;
    std::string_view* slot = nullptr;
    unsigned bit = 0;
    if (k == "accessKey") slot = &i.access_key, bit = 0;
    else if (k == "accountId") slot = &i.account_id, bit = 1;
    else if (k == "caller") slot = &i.caller_id, bit = 2;
    else if (k == "user") slot = &i.user_id, bit = 3;
    else if (k == "userArn") slot = &i.user_arn, bit = 4;
    else if (k == "cognitoIdentityId") slot = &i.cognito_identity_id, bit = 5;
    else if (k == "cognitoIdentityPoolId") slot = &i.cognito_identity_pool_id, bit = 6;
    else if (k == "cognitoAuthenticationType") slot = &i.cognito_authentication_type, bit = 7;
    else if (k == "apiKey") slot = &auth.api_key, bit = 8;
    else if (k == "apiKeyId") slot = &auth.api_key_id, bit = 9;
    else if (k == "clientCert") bit = 10;
    else return true;
    if (identity_read & (1u << bit)) return twice(k);
    identity_read |= 1u << bit;
    if (slot == nullptr) return client_cert(x);
    return string(x, *slot);
  }

  /// After the whole event: a REST event signed with SigV4 names its caller in `identity`.
  void finish() {
    if (!auth.iam.user_arn.empty() || !auth.iam.access_key.empty()) {
      auth.has_iam = true;
      if (auth.source == principal_source::none) auth.source = principal_source::iam;
    }
  }
};

}  // namespace sluice::events::detail_http
