// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// What a route table says about its API, read from its types for `--emit openapi` and
// `--emit sam` (see emit.hpp): each route's parameters with JSON Schemas, its body's schema,
// its auth requirements. Built once when a document is emitted, never per request; templates
// depend on a route's handler and policy types only, not on its key, so a table of routes
// that share a handler type costs one instantiation.

#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "sluice/auth.hpp"
#include "sluice/body.hpp"
#include "sluice/detail/arguments.hpp"
#include "sluice/detail/json_text.hpp"
#include "sluice/fields.hpp"
#include "sluice/param_traits.hpp"
#include "sluice/params.hpp"

namespace sluice::detail::api {

/// Appends `text` as a JSON string (also a valid YAML double-quoted scalar).
inline void quote(std::string& out, std::string_view text) {
  out.push_back('"');
  escape_json(text, out);
  out.push_back('"');
}

/// Appends a bound: an integer when it is one, else the shortest decimal of the double.
inline void append_number(std::string& out, long double v) {
  char buffer[64];
  std::to_chars_result r{};
  if (v == std::floor(v) && v >= 0 && v <= static_cast<long double>(std::numeric_limits<std::uint64_t>::max())) {
    r = std::to_chars(buffer, buffer + sizeof buffer, static_cast<std::uint64_t>(v));
  } else if (v == std::floor(v) && v < 0 && v >= static_cast<long double>(std::numeric_limits<std::int64_t>::min())) {
    r = std::to_chars(buffer, buffer + sizeof buffer, static_cast<std::int64_t>(v));
  } else {
    r = std::to_chars(buffer, buffer + sizeof buffer, static_cast<double>(v));
  }
  out.append(buffer, static_cast<std::size_t>(r.ptr - buffer));
}

/// The component schemas a document needs (one per described struct), in first-use order.
struct schema_registry {
  std::vector<std::pair<std::string, std::string>> schemas;  // name, JSON Schema text

  [[nodiscard]] bool has(std::string_view name) const {
    for (const auto& s : schemas) {
      if (s.first == name) return true;
    }
    return false;
  }
};

/// The C++ name of `T` as the compiler spells it ("echo::new_pet").
template <class T>
constexpr std::string_view compiler_type_name() {
  const std::string_view text = __PRETTY_FUNCTION__;  // "... [with T = echo::new_pet; ...]" or "[T = echo::new_pet]"
  const std::size_t start = text.find("T = ") + 4;
  const std::size_t end = text.find_first_of(";]", start);
  return text.substr(start, end - start);
}

/// A component name for the described struct `T`: its `sluice_schema_name` when it has one,
/// else its qualified C++ name with `::` written `.` and other characters outside
/// `[A-Za-z0-9._-]` (template arguments) written `_`.
template <class T>
std::string schema_name() {
  std::string_view name;
  if constexpr (requires { T::sluice_schema_name; }) {
    name = T::sluice_schema_name;
  } else {
    name = compiler_type_name<T>();
  }
  std::string out;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (c == ':' && i + 1 < name.size() && name[i + 1] == ':') {
      out.push_back('.');
      ++i;
    } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
               c == '_') {
      out.push_back(c);
    } else if (c != ' ') {
      out.push_back('_');
    }
  }
  return out;
}

/// `"minimum":a,"maximum":b` (with a leading comma).
inline void append_bounds(std::string& out, long double min, long double max) {
  out.append(",\"minimum\":");
  append_number(out, min);
  out.append(",\"maximum\":");
  append_number(out, max);
}

template <class T>
void append_integer_schema(std::string& out, long double min, long double max) {
  out.append("\"type\":\"integer\"");
  if constexpr (std::is_signed_v<T> && sizeof(T) == 4) out.append(",\"format\":\"int32\"");
  if constexpr (std::is_signed_v<T> && sizeof(T) == 8) out.append(",\"format\":\"int64\"");
  append_bounds(out, min, max);
}

template <class T>
void append_number_format(std::string& out) {
  out.append(std::is_same_v<T, float> ? ",\"format\":\"float\"" : ",\"format\":\"double\"");
}

template <class T>
struct is_bounded : std::false_type {};
template <class T, auto Min, auto Max>
struct is_bounded<bounded<T, Min, Max>> : std::true_type {
  using value_type = T;
  static constexpr long double min = static_cast<long double>(Min);
  static constexpr long double max = static_cast<long double>(Max);
};

/// The JSON Schema of a value read from text (a path segment, a query value, a header).
template <class T>
void append_param_schema(std::string& out) {
  out.push_back('{');
  if constexpr (std::same_as<T, bool>) {
    out.append("\"type\":\"boolean\"");
  } else if constexpr (json_integer<T>) {
    append_integer_schema<T>(out, static_cast<long double>(std::numeric_limits<T>::min()),
                             static_cast<long double>(std::numeric_limits<T>::max()));
  } else if constexpr (std::floating_point<T>) {
    out.append("\"type\":\"number\"");
    append_number_format<T>(out);
  } else if constexpr (json_string<T>) {
    out.append("\"type\":\"string\"");
  } else if constexpr (is_bounded<T>::value) {
    using V = typename is_bounded<T>::value_type;
    if constexpr (json_integer<V>) {
      append_integer_schema<V>(out, is_bounded<T>::min, is_bounded<T>::max);
    } else {
      out.append("\"type\":\"number\"");
      append_number_format<V>(out);
      append_bounds(out, is_bounded<T>::min, is_bounded<T>::max);
    }
  } else {
    // a type of the app's own (param_traits): text, described by what the 400 says
    out.append("\"type\":\"string\",\"description\":");
    quote(out, std::string("must be ") + std::string(param_traits<T>::description));
  }
  out.push_back('}');
}

template <described T>
std::string add_object_schema(schema_registry& reg);

/// The JSON Schema of a body field of type `M` under `rule`; `nullable` for std::optional.
template <class M, class Rule>
void append_field_schema(std::string& out, const Rule& rule, bool nullable, schema_registry& reg) {
  if constexpr (described<M>) {
    const std::string name = add_object_schema<M>(reg);
    if (nullable) out.append("{\"anyOf\":[");
    out.append("{\"$ref\":\"#/components/schemas/");
    out.append(name);
    out.append("\"}");
    if (nullable) out.append(",{\"type\":\"null\"}]}");
    return;
  } else {
    const auto type = [&](std::string_view name) {
      out.append("\"type\":");
      if (nullable) {
        out.append("[\"");
        out.append(name);
        out.append("\",\"null\"]");
      } else {
        quote(out, name);
      }
    };
    out.push_back('{');
    if constexpr (json_string<M>) {
      type("string");
      if constexpr (std::same_as<Rule, length>) {
        if (rule.min != 0) {
          out.append(",\"minLength\":");
          append_number(out, static_cast<long double>(rule.min));
        }
        if (rule.max != static_cast<std::size_t>(-1)) {
          out.append(",\"maxLength\":");
          append_number(out, static_cast<long double>(rule.max));
        }
      }
    } else if constexpr (std::same_as<M, bool>) {
      type("boolean");
    } else if constexpr (json_integer<M> || std::floating_point<M>) {
      long double min = json_integer<M> ? static_cast<long double>(std::numeric_limits<M>::min()) : 0;
      long double max = json_integer<M> ? static_cast<long double>(std::numeric_limits<M>::max()) : 0;
      bool bounded_value = json_integer<M>;
      if constexpr (std::same_as<Rule, range>) {
        min = bounded_value && rule.min < min ? min : rule.min;
        max = bounded_value && rule.max > max ? max : rule.max;
        bounded_value = true;
      }
      type(json_integer<M> ? "integer" : "number");
      if constexpr (json_integer<M> && std::is_signed_v<M> && sizeof(M) == 4) out.append(",\"format\":\"int32\"");
      if constexpr (json_integer<M> && std::is_signed_v<M> && sizeof(M) == 8) out.append(",\"format\":\"int64\"");
      if constexpr (std::floating_point<M>) append_number_format<M>(out);
      if (bounded_value) append_bounds(out, min, max);
    } else if constexpr (is_vector<M>::value) {
      type("array");
      out.append(",\"items\":");
      append_field_schema<typename M::value_type>(out, unconstrained{}, false, reg);
    }
    out.push_back('}');
  }
}

/// Adds the schema of the described struct `T` (and of the structs it holds) to `reg`;
/// returns its component name. Binding is strict, so unknown fields are not allowed.
template <described T>
std::string add_object_schema(schema_registry& reg) {
  std::string name = schema_name<T>();
  if (reg.has(name)) return name;
  const std::size_t slot = reg.schemas.size();
  reg.schemas.emplace_back(name, std::string());  // before the fields: a struct may hold itself
  std::string properties;
  std::string required;
  constexpr auto fields = T::sluice_fields();
  std::apply(
      [&](const auto&... f) {
        const auto add = [&](const auto& field) {
          using field_type = std::remove_cvref_t<decltype(field)>;
          using M = typename field_type::member_type;
          if (!properties.empty()) properties.push_back(',');
          quote(properties, field_type::name);
          properties.push_back(':');
          if constexpr (is_optional<M>::value) {
            append_field_schema<typename M::value_type>(properties, field.rule, true, reg);
          } else {
            append_field_schema<M>(properties, field.rule, false, reg);
            if (!required.empty()) required.push_back(',');
            quote(required, field_type::name);
          }
        };
        (add(f), ...);
      },
      fields);
  std::string schema = "{\"type\":\"object\",\"properties\":{" + properties + "}";
  if (!required.empty()) schema += ",\"required\":[" + required + "]";
  schema += ",\"additionalProperties\":false}";
  reg.schemas[slot].second = std::move(schema);
  return name;
}

/// A parameter other than the path's: a query value, a header or a cookie.
struct parameter {
  std::string_view in;  // "path", "query", "header", "cookie"
  std::string_view name;
  bool required = false;
  bool list = false;  // query_list: every value of a repeated key
  std::string schema;
};

enum class body_kind : unsigned char { none, json, bytes };

/// A security scheme (named as in the document's `components.securitySchemes`).
enum class scheme : unsigned char { bearer, sigv4, api_key, lambda_authorizer };
inline constexpr std::size_t scheme_count = 4;

/// One way to satisfy a policy: schemes that must all hold, with the scopes each needs.
struct requirement {
  std::vector<std::pair<scheme, std::vector<std::string_view>>> schemes;
};

/// What a route needs, in the words of an OpenAPI `security` list: any one requirement.
struct security {
  std::vector<requirement> any;
  std::string rule;  // what the app checks beyond the schemes, in words ("" when nothing)
};

inline void merge_into(requirement& out, const requirement& more) {
  for (const auto& [which, scopes] : more.schemes) {
    bool found = false;
    for (auto& [have, have_scopes] : out.schemes) {
      if (have != which) continue;
      found = true;
      for (const std::string_view s : scopes) {
        bool dup = false;
        for (const std::string_view h : have_scopes) dup |= h == s;
        if (!dup) have_scopes.push_back(s);
      }
    }
    if (!found) out.schemes.emplace_back(which, scopes);
  }
}

inline void add_rule(security& s, std::string_view text) {
  if (!s.rule.empty()) s.rule.append(", ");
  s.rule.append(text);
}

inline security one_scheme(scheme which, std::vector<std::string_view> scopes = {}) {
  security s;
  s.any.push_back(requirement{{{which, std::move(scopes)}}});
  return s;
}

template <class P>
struct is_scope_policy : std::false_type {};
template <std::size_t N>
struct is_scope_policy<auth::scope_policy<N>> : std::true_type {};
template <class P>
struct is_all_of : std::false_type {};
template <class A, class B>
struct is_all_of<auth::all_of<A, B>> : std::true_type {};
template <class P>
struct is_any_of : std::false_type {};
template <class A, class B>
struct is_any_of<auth::any_of<A, B>> : std::true_type {};
template <class P>
struct is_predicate : std::false_type {};
template <class F>
struct is_predicate<auth::predicate_policy<F>> : std::true_type {};

/// The requirements of a policy (an empty one for a public part of `&&`).
template <class P>
security describe_policy(const P& p) {
  if constexpr (P::public_route) {
    return security{{requirement{}}, {}};  // nothing to show: `none && iam()` is iam()
  } else if constexpr (is_scope_policy<P>::value) {
    security s;
    if (p.all) {
      s.any.push_back(requirement{{{scheme::bearer, {p.scopes.begin(), p.scopes.end()}}}});
    } else {
      for (const std::string_view scope : p.scopes) s.any.push_back(requirement{{{scheme::bearer, {scope}}}});
    }
    return s;
  } else if constexpr (std::is_same_v<P, auth::iam_principal>) {
    security s = one_scheme(scheme::sigv4);
    if (!p.account.empty()) add_rule(s, std::string("IAM account ") + std::string(p.account));
    if (!p.arn_pattern.empty()) add_rule(s, std::string("IAM ARN matches ") + std::string(p.arn_pattern));
    return s;
  } else if constexpr (std::is_same_v<P, auth::api_key_present>) {
    return one_scheme(scheme::api_key);
  } else if constexpr (std::is_same_v<P, auth::context_equals>) {
    security s = one_scheme(scheme::lambda_authorizer);
    add_rule(s, std::string("authorizer context ") + std::string(p.name) + " = " + std::string(p.value));
    return s;
  } else if constexpr (std::is_same_v<P, auth::claim_contains>) {
    security s = one_scheme(scheme::bearer);
    add_rule(s, std::string("claim ") + std::string(p.name) + " contains " + std::string(p.item));
    return s;
  } else if constexpr (std::is_same_v<P, auth::claim_equals>) {
    security s = one_scheme(scheme::bearer);
    add_rule(s, std::string("claim ") + std::string(p.name) + " = " + std::string(p.value));
    return s;
  } else if constexpr (is_predicate<P>::value) {
    security s = one_scheme(scheme::bearer);
    add_rule(s, "a rule of the app's own");
    return s;
  } else if constexpr (is_all_of<P>::value) {
    const security a = describe_policy(p.a);
    const security b = describe_policy(p.b);
    security s;
    for (const requirement& x : a.any) {
      for (const requirement& y : b.any) {
        requirement both = x;
        merge_into(both, y);
        s.any.push_back(std::move(both));
      }
    }
    s.rule = a.rule;
    if (!b.rule.empty()) add_rule(s, b.rule);
    return s;
  } else if constexpr (is_any_of<P>::value) {
    security s = describe_policy(p.a);
    const security b = describe_policy(p.b);
    s.any.insert(s.any.end(), b.any.begin(), b.any.end());
    if (!s.rule.empty() || !b.rule.empty()) {
      s.rule = "(" + (s.rule.empty() ? std::string("no further rule") : s.rule) + ") or (" +
               (b.rule.empty() ? std::string("no further rule") : b.rule) + ")";
    }
    return s;
  } else {
    // authenticated, local_token, and policies of the app's own: a verified bearer token
    return one_scheme(scheme::bearer);
  }
}

/// One route as a document sees it.
struct operation {
  std::string_view key;  // "GET /pets/{id}"
  std::vector<parameter> path_params;  // the handler's typed ones
  std::vector<parameter> parameters;   // query, header, cookie
  body_kind body = body_kind::none;
  std::string body_schema;  // for body_kind::json: the component's name
  bool reads_body = false;  // a body that cannot be read is a 413 or 415
  bool public_route = true;
  bool local_token = false;  // sluice verifies the token itself (auth::local_token)
  security auth;
};

/// What kind of handler parameter a type is, for the document.
enum class argument_kind : unsigned char { other, path, query, query_list, header, cookie, json_body, raw_body };

template <class A>
struct extractor_kind {
  static constexpr argument_kind value = argument_kind::other;
};
template <fixed_string N, class T>
struct extractor_kind<path<N, T>> {
  static constexpr argument_kind value = argument_kind::path;
};
template <fixed_string N, class T, auto D>
struct extractor_kind<query<N, T, D>> {
  static constexpr argument_kind value = argument_kind::query;
  static constexpr auto default_value = D;
};
template <fixed_string N, class T>
struct extractor_kind<query_list<N, T>> {
  static constexpr argument_kind value = argument_kind::query_list;
  using type = T;
};
template <fixed_string N, class T>
struct extractor_kind<header<N, T>> {
  static constexpr argument_kind value = argument_kind::header;
};
template <fixed_string N, class T>
struct extractor_kind<cookie<N, T>> {
  static constexpr argument_kind value = argument_kind::cookie;
};
template <class T>
struct extractor_kind<json_body<T>> {
  static constexpr argument_kind value = argument_kind::json_body;
  using type = T;
};
template <>
struct extractor_kind<raw_body> {
  static constexpr argument_kind value = argument_kind::raw_body;
};

/// The value type of an extractor that holds one value (path, query, header, cookie).
template <class E>
using held_type = std::remove_cvref_t<decltype(std::declval<E&>().value)>;

/// `,"default":v` for a query parameter with a number or bool default.
template <auto Default>
void append_default(std::string& schema) {
  using D = std::remove_cv_t<decltype(Default)>;
  if constexpr (std::is_same_v<D, bool>) {
    schema.insert(schema.size() - 1, Default ? ",\"default\":true" : ",\"default\":false");
  } else if constexpr (std::is_arithmetic_v<D>) {
    std::string text = ",\"default\":";
    append_number(text, static_cast<long double>(Default));
    schema.insert(schema.size() - 1, text);
  }
}

/// Adds what handler parameter `A` says to `op`.
template <class A>
void describe_argument(operation& op, schema_registry& reg) {
  using B = bare<A>;
  using enum argument_kind;
  constexpr argument_kind kind = extractor_kind<B>::value;
  if constexpr (kind == path) {
    parameter p{"path", B::name, true, false, {}};
    append_param_schema<held_type<B>>(p.schema);
    op.path_params.push_back(std::move(p));
  } else if constexpr (kind == query || kind == header || kind == cookie) {
    using T = held_type<B>;
    using V = typename optional_inner<T>::type;
    bool required = !is_optional<T>::value;
    if constexpr (kind == query) required = required && !B::has_default;
    parameter p{kind == query ? "query" : kind == header ? "header" : "cookie", B::name, required, false, {}};
    append_param_schema<V>(p.schema);
    if constexpr (kind == query) {
      if constexpr (B::has_default) append_default<extractor_kind<B>::default_value>(p.schema);
    }
    op.parameters.push_back(std::move(p));
  } else if constexpr (kind == query_list) {
    parameter p{"query", B::name, false, true, "{\"type\":\"array\",\"items\":"};
    append_param_schema<typename extractor_kind<B>::type>(p.schema);
    p.schema.push_back('}');
    op.parameters.push_back(std::move(p));
  } else if constexpr (kind == json_body) {
    op.body = body_kind::json;
    op.body_schema = add_object_schema<typename extractor_kind<B>::type>(reg);
  } else if constexpr (kind == raw_body) {
    op.body = body_kind::bytes;
  }
  // request, principal, provided<T>: nothing a client sends by name
}

template <class... A>
void describe_arguments(operation& op, schema_registry& reg, type_list<A...>) {
  (describe_argument<A>(op, reg), ...);
  op.reads_body = (needs_body_param<A>() || ... || false);
}

/// Describes a route: its key, its handler's parameters and its policy.
template <class Handler, class Policy, class Steps>
operation describe_route(std::string_view key, const Policy& policy, schema_registry& reg) {
  operation op;
  op.key = key;
  describe_arguments(op, reg, args_of_handler<Handler>{});
  op.reads_body = op.reads_body || steps_read_body(static_cast<const Steps*>(nullptr));
  op.public_route = Policy::public_route;
  op.local_token = needs_local_verification<Policy>;
  if constexpr (!Policy::public_route) op.auth = describe_policy(policy);
  return op;
}

}  // namespace sluice::detail::api
