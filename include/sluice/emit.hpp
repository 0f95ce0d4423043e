// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// The route table as documents: an OpenAPI 3.1 description of the API and a SAM template
// that deploys it (`APP --emit openapi`, `APP --emit sam`; docs/openapi.md). Written once,
// when asked for: nothing here runs per request or when the Lambda loop starts.

#include <cstddef>
#include <iterator>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sluice/app.hpp"
#include "sluice/detail/api_description.hpp"
#include "sluice/detail/route_template.hpp"
#include "sluice/method.hpp"

namespace sluice {

namespace detail::api {

/// Every route of an app, described; `add` is called by `app::describe_routes`.
struct table {
  std::vector<operation> operations;
  schema_registry schemas;

  template <class Handler, class Policy, class Steps>
  void add(std::string_view key, const Policy& policy) {
    operations.push_back(describe_route<Handler, Policy, Steps>(key, policy, schemas));
  }
};

/// The methods an OpenAPI path item can hold, in the order they are written; `ANY` stands for
/// those its path has no explicit route for.
inline constexpr std::string_view openapi_methods[] = {"get", "put", "post", "delete", "options", "head", "patch", "trace"};

inline std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return out;
}

/// "/files/{key}" for "ANY /files/{key+}": OpenAPI has no greedy parameter.
inline std::string openapi_path(const route_template& t) {
  std::string out;
  for (std::size_t i = 0; i < t.segment_count; ++i) {
    out.push_back('/');
    const template_segment& s = t.segments[i];
    if (s.kind == segment_kind::literal) {
      out.append(s.text);
    } else {
      out.push_back('{');
      out.append(s.text);
      out.push_back('}');
    }
  }
  return out.empty() ? std::string("/") : out;
}

/// Alphanumeric words of a path, each capitalised: "/users/{user}/repos" -> "UsersByUserRepos".
inline std::string path_words(const route_template& t) {
  std::string out;
  for (std::size_t i = 0; i < t.segment_count; ++i) {
    const template_segment& s = t.segments[i];
    if (s.kind != segment_kind::literal) out.append("By");
    bool start = true;
    for (const char c : s.text) {
      const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      if (!alnum) {
        start = true;
        continue;
      }
      out.push_back(start && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
      start = false;
    }
  }
  return out.empty() ? std::string("Root") : out;
}

/// `base`, or `base` with the smallest number from 2 that makes it unused.
inline std::string unique_name(std::vector<std::string>& used, const std::string& base) {
  std::string name = base;
  for (int n = 2;; ++n) {
    bool taken = false;
    for (const std::string& u : used) taken |= u == name;
    if (!taken) break;
    name = base + std::to_string(n);
  }
  used.push_back(name);
  return name;
}

inline std::string_view scheme_name(scheme s) {
  switch (s) {
    case scheme::bearer: return "bearer";
    case scheme::sigv4: return "sigv4";
    case scheme::api_key: return "apiKey";
    case scheme::lambda_authorizer: return "lambdaAuthorizer";
  }
  return "bearer";
}

inline void write_parameter(std::string& out, const parameter& p, bool greedy) {
  out.append("{\"name\":");
  quote(out, p.name);
  out.append(",\"in\":");
  quote(out, p.in);
  out.append(p.required ? ",\"required\":true" : ",\"required\":false");
  if (p.list) out.append(",\"style\":\"form\",\"explode\":true");
  if (greedy) {
    out.append(",\"description\":\"Greedy: one or more path segments, slashes included (route parameter {");
    escape_json(p.name, out);
    out.append("+})\",\"x-sluice-greedy\":true");
  }
  out.append(",\"schema\":");
  out.append(p.schema);
  out.push_back('}');
}

inline void write_operation(std::string& out, const operation& op, const route_template& t, const std::string& id) {
  out.append("{\"operationId\":");
  quote(out, id);
  out.append(",\"summary\":");
  quote(out, op.key);
  out.append(",\"x-sluice-route\":");
  quote(out, op.key);
  if (!op.auth.rule.empty()) {
    out.append(",\"description\":");
    quote(out, "The app also checks: " + op.auth.rule + ".");
  }
  out.append(",\"parameters\":[");
  bool first = true;
  for (std::size_t i = 0; i < t.segment_count; ++i) {
    const template_segment& s = t.segments[i];
    if (s.kind == segment_kind::literal) continue;
    parameter p{"path", s.text, true, false, "{\"type\":\"string\"}"};
    for (const parameter& typed : op.path_params) {
      if (typed.name == s.text) p.schema = typed.schema;
    }
    if (!first) out.push_back(',');
    first = false;
    write_parameter(out, p, s.kind == segment_kind::greedy);
  }
  for (const parameter& p : op.parameters) {
    // OpenAPI ignores header parameters named Accept, Content-Type and Authorization
    if (p.in == "header" && (iequals(p.name, "accept") || iequals(p.name, "content-type") ||
                             iequals(p.name, "authorization"))) {
      continue;
    }
    if (!first) out.push_back(',');
    first = false;
    write_parameter(out, p, false);
  }
  out.push_back(']');
  if (op.body == body_kind::json) {
    out.append(",\"requestBody\":{\"required\":true,\"content\":{\"application/json\":{\"schema\":{\"$ref\":");
    quote(out, "#/components/schemas/" + op.body_schema);
    out.append("}}}}");
  } else if (op.body == body_kind::bytes) {
    out.append(",\"requestBody\":{\"content\":{\"*/*\":{\"schema\":{}}}}");
  }
  out.append(",\"responses\":{\"2XX\":{\"description\":\"The handler's answer\"}");
  out.append(",\"400\":{\"$ref\":\"#/components/responses/BadRequest\"}");
  if (!op.public_route) {
    out.append(",\"401\":{\"$ref\":\"#/components/responses/Unauthorized\"}");
    out.append(",\"403\":{\"$ref\":\"#/components/responses/Forbidden\"}");
  }
  if (op.reads_body) {
    out.append(",\"413\":{\"$ref\":\"#/components/responses/PayloadTooLarge\"}");
    out.append(",\"415\":{\"$ref\":\"#/components/responses/UnsupportedMediaType\"}");
  }
  out.append(",\"500\":{\"$ref\":\"#/components/responses/InternalServerError\"}}");
  out.append(",\"security\":[");
  if (!op.public_route) {
    for (std::size_t i = 0; i < op.auth.any.size(); ++i) {
      if (i != 0) out.push_back(',');
      out.push_back('{');
      const requirement& r = op.auth.any[i];
      for (std::size_t k = 0; k < r.schemes.size(); ++k) {
        if (k != 0) out.push_back(',');
        quote(out, scheme_name(r.schemes[k].first));
        out.append(":[");
        for (std::size_t s = 0; s < r.schemes[k].second.size(); ++s) {
          if (s != 0) out.push_back(',');
          quote(out, r.schemes[k].second[s]);
        }
        out.push_back(']');
      }
      out.push_back('}');
    }
  }
  out.append("]}");
}

inline void write_error_response(std::string& out, std::string_view name, std::string_view description,
                                 std::string_view headers = {}) {
  quote(out, name);
  out.append(":{\"description\":");
  quote(out, description);
  out.append(headers);
  out.append(",\"content\":{\"application/json\":{\"schema\":{\"$ref\":\"#/components/schemas/sluice.error\"}}}}");
}

/// The OpenAPI 3.1 document of `t` (compact JSON, one line).
inline std::string openapi_document(const table& t, std::string_view title, std::string_view version,
                                    std::string_view description) {
  struct path_item {
    std::string path;
    std::vector<std::pair<std::size_t, std::size_t>> methods;  // (index in openapi_methods, operation)
    std::vector<std::size_t> any;                              // ANY routes
  };
  std::vector<path_item> items;
  std::vector<route_template> templates;
  std::vector<std::string_view> defaults;
  templates.reserve(t.operations.size());
  for (std::size_t i = 0; i < t.operations.size(); ++i) {
    templates.push_back(parse_route_template(t.operations[i].key));
    const route_template& rt = templates.back();
    if (rt.is_default) {
      defaults.push_back(t.operations[i].key);
      continue;
    }
    std::string path = openapi_path(rt);
    path_item* item = nullptr;
    for (path_item& p : items) {
      if (p.path == path) item = &p;
    }
    if (item == nullptr) item = &items.emplace_back(path_item{std::move(path), {}, {}});
    if (rt.any_method) {
      item->any.push_back(i);
      continue;
    }
    const std::string name = lower(method_name(rt.verb));
    for (std::size_t m = 0; m < std::size(openapi_methods); ++m) {
      bool taken = false;  // by `GET /a/{x}` when this is `GET /a/{x+}`: the first route is written
      for (const auto& [have, op] : item->methods) taken |= have == m;
      if (openapi_methods[m] == name && !taken) item->methods.emplace_back(m, i);
    }
  }
  std::vector<std::string> ids;
  std::string out = "{\"openapi\":\"3.1.0\",\"info\":{\"title\":";
  quote(out, title);
  out.append(",\"version\":");
  quote(out, version);
  if (!description.empty()) {
    out.append(",\"description\":");
    quote(out, description);
  }
  out.push_back('}');
  if (!defaults.empty()) out.append(",\"x-sluice-default-route\":true");
  out.append(",\"paths\":{");
  for (std::size_t p = 0; p < items.size(); ++p) {
    path_item& item = items[p];
    for (const std::size_t a : item.any) {  // the first ANY of a path takes the methods left
      for (std::size_t m = 0; m < std::size(openapi_methods); ++m) {
        bool taken = false;
        for (const auto& [have, op] : item.methods) taken |= have == m;
        if (!taken) item.methods.emplace_back(m, a);
      }
    }
    if (p != 0) out.push_back(',');
    quote(out, item.path);
    out.append(":{");
    bool first = true;
    for (std::size_t m = 0; m < std::size(openapi_methods); ++m) {
      for (const auto& [have, op] : item.methods) {
        if (have != m) continue;
        if (!first) out.push_back(',');
        first = false;
        quote(out, openapi_methods[m]);
        out.push_back(':');
        std::string id = std::string(openapi_methods[m]) + path_words(templates[op]);
        write_operation(out, t.operations[op], templates[op], unique_name(ids, id));
      }
    }
    out.push_back('}');
  }
  out.append("},\"components\":{\"schemas\":{");
  out.append(
      "\"sluice.error\":{\"type\":\"object\",\"description\":\"The body of every answer sluice gives itself\","
      "\"properties\":{\"message\":{\"type\":\"string\"}},\"required\":[\"message\"],\"additionalProperties\":false}");
  for (const auto& [name, schema] : t.schemas.schemas) {
    out.push_back(',');
    quote(out, name);
    out.push_back(':');
    out.append(schema);
  }
  out.append("},\"responses\":{");
  write_error_response(out, "BadRequest",
                       "A parameter or the body does not fit its declared type or rule, or the path is ambiguous "
                       "(the message names what)");
  out.push_back(',');
  write_error_response(out, "Unauthorized", "No usable credentials",
                       ",\"headers\":{\"WWW-Authenticate\":{\"schema\":{\"type\":\"string\"}}}");
  out.push_back(',');
  write_error_response(out, "Forbidden", "The caller may not use this route");
  out.push_back(',');
  write_error_response(out, "NotFound", "No route matches the path");
  out.push_back(',');
  write_error_response(out, "MethodNotAllowed", "The path has routes, not for this method",
                       ",\"headers\":{\"Allow\":{\"schema\":{\"type\":\"string\"}}}");
  out.push_back(',');
  write_error_response(out, "PayloadTooLarge", "The body is larger than the app accepts");
  out.push_back(',');
  write_error_response(out, "UnsupportedMediaType", "The body is not JSON, or its encoding is not supported");
  out.push_back(',');
  write_error_response(out, "InternalServerError", "The handler failed (the detail is in the log only)");
  out.append("}");
  bool used[scheme_count] = {};
  for (const operation& op : t.operations) {
    for (const requirement& r : op.auth.any) {
      for (const auto& [which, scopes] : r.schemes) used[static_cast<std::size_t>(which)] = true;
    }
  }
  if (used[0] || used[1] || used[2] || used[3]) {
    out.append(",\"securitySchemes\":{");
    bool first = true;
    const auto scheme_text = [&](scheme s, std::string_view text) {
      if (!used[static_cast<std::size_t>(s)]) return;
      if (!first) out.push_back(',');
      first = false;
      quote(out, scheme_name(s));
      out.push_back(':');
      out.append(text);
    };
    scheme_text(scheme::bearer,
                R"~({"type":"http","scheme":"bearer","bearerFormat":"JWT","description":"A JWT, verified by the )~"
                R"~(gateway's authorizer or by sluice (options.bearer); scopes listed on an operation are the )~"
                R"~(scope claims it needs"})~");
    scheme_text(scheme::sigv4,
                R"~({"type":"apiKey","name":"Authorization","in":"header","description":"AWS Signature Version 4 )~"
                R"~((API Gateway IAM authorization)","x-amazon-apigateway-authtype":"awsSigv4"})~");
    scheme_text(scheme::api_key, R"~({"type":"apiKey","name":"x-api-key","in":"header"})~");
    scheme_text(scheme::lambda_authorizer,
                R"~({"type":"apiKey","name":"Authorization","in":"header","description":"A Lambda authorizer's )~"
                R"~(context","x-amazon-apigateway-authtype":"custom"})~");
    out.push_back('}');
  }
  out.append("}}\n");
  return out;
}

/// How API Gateway should authorise a route in the SAM template, and why.
struct gateway_auth {
  std::string_view authorizer;  // "NONE", "JwtAuthorizer", "AWS_IAM"
  std::vector<std::string_view> scopes;
  std::string note;
};

inline gateway_auth gateway_auth_of(const operation& op) {
  gateway_auth g{"NONE", {}, {}};
  if (op.public_route) return g;
  if (op.local_token) {
    g.note = "sluice verifies the bearer token itself (auth::local_token)";
    return g;
  }
  bool all_bearer = true;
  bool all_iam = true;
  bool every_has_scope = true;
  for (const requirement& r : op.auth.any) {
    const bool bearer_only = r.schemes.size() == 1 && r.schemes[0].first == scheme::bearer;
    all_bearer &= bearer_only;
    all_iam &= r.schemes.size() == 1 && r.schemes[0].first == scheme::sigv4;
    every_has_scope &= bearer_only && !r.schemes[0].second.empty();
  }
  if (all_bearer) {
    g.authorizer = "JwtAuthorizer";
    // the gateway lets a token with any one listed scope through; the app checks the rest
    if (every_has_scope) {
      for (const requirement& r : op.auth.any) {
        for (const std::string_view s : r.schemes[0].second) {
          bool dup = false;
          for (const std::string_view h : g.scopes) dup |= h == s;
          if (!dup) g.scopes.push_back(s);
        }
      }
    }
  } else if (all_iam) {
    g.authorizer = "AWS_IAM";
  } else {
    g.note = "the app checks the credentials (HTTP APIs have no API keys; Lambda authorizers are set up by hand)";
  }
  if (!op.auth.rule.empty()) g.note += (g.note.empty() ? "" : "; ") + std::string("the app checks: ") + op.auth.rule;
  return g;
}

/// A SAM template: one provided.al2023 function with an HttpApi event per route.
inline std::string sam_template(const table& t, std::string_view title, std::string_view version,
                                std::string_view code_uri, std::string_view program) {
  std::vector<gateway_auth> auths;
  bool jwt = false;
  bool iam = false;
  for (const operation& op : t.operations) {
    auths.push_back(gateway_auth_of(op));
    jwt |= auths.back().authorizer == "JwtAuthorizer";
    iam |= auths.back().authorizer == "AWS_IAM";
  }
  std::string out;
  out.append("# Generated by `");
  out.append(program);
  out.append(
      " --emit sam` from its route table (docs/openapi.md).\n"
      "AWSTemplateFormatVersion: \"2010-09-09\"\n"
      "Transform: AWS::Serverless-2016-10-31\n"
      "Description: ");
  quote(out, std::string(title) + " " + std::string(version));
  out.push_back('\n');
  if (jwt) {
    out.append(
        "\nParameters:\n"
        "  JwtIssuer:\n"
        "    Type: String\n"
        "    Description: \"Issuer of the tokens the JWT authorizer accepts (a Cognito user pool URL, for example)\"\n"
        "  JwtAudience:\n"
        "    Type: CommaDelimitedList\n"
        "    Description: \"Audiences (client ids) the JWT authorizer accepts\"\n");
  }
  out.append(
      "\nResources:\n"
      "  Api:\n"
      "    Type: AWS::Serverless::HttpApi\n");
  if (jwt || iam) {
    out.append("    Properties:\n      Auth:\n");
    if (iam) out.append("        EnableIamAuthorizer: true\n");
    if (jwt) {
      out.append(
          "        Authorizers:\n"
          "          JwtAuthorizer:\n"
          "            IdentitySource: \"$request.header.Authorization\"\n"
          "            JwtConfiguration:\n"
          "              issuer: !Ref JwtIssuer\n"
          "              audience: !Ref JwtAudience\n");
    }
  }
  out.append(
      "\n  Function:\n"
      "    Type: AWS::Serverless::Function\n"
      "    Properties:\n"
      "      Runtime: provided.al2023\n"
      "      Handler: bootstrap\n"
#if defined(__aarch64__)
      "      Architectures: [arm64]\n"
#else
      "      Architectures: [x86_64]\n"
#endif
      "      CodeUri: ");
  quote(out, code_uri);
  out.append("\n      Events:\n");
  std::vector<std::string> names;
  for (std::size_t i = 0; i < t.operations.size(); ++i) {
    const operation& op = t.operations[i];
    const route_template rt = parse_route_template(op.key);
    std::string base;
    if (rt.is_default) {
      base = "Default";
    } else {
      const std::string verb = lower(rt.any_method ? std::string_view("ANY") : method_name(rt.verb));
      base = std::string(1, static_cast<char>(verb[0] - 'a' + 'A')) + verb.substr(1) + path_words(rt);
    }
    out.append("        ");
    out.append(unique_name(names, base));
    out.append(":  # ");
    out.append(op.key);
    out.append("\n          Type: HttpApi\n          Properties:\n            ApiId: !Ref Api\n");
    if (!rt.is_default) {  // without Path and Method, SAM makes the $default route
      out.append("            Method: ");
      out.append(rt.any_method ? std::string_view("ANY") : method_name(rt.verb));
      out.append("\n            Path: ");
      quote(out, rt.path);
      out.push_back('\n');
    }
    const gateway_auth& g = auths[i];
    if (!g.note.empty()) {
      out.append("            # ");
      for (const char c : g.note) out.push_back(c == '\n' ? ' ' : c);
      out.push_back('\n');
    }
    out.append("            Auth:\n              Authorizer: ");
    out.append(g.authorizer);
    out.push_back('\n');
    if (!g.scopes.empty()) {
      out.append("              AuthorizationScopes:\n");
      for (const std::string_view s : g.scopes) {
        out.append("                - ");
        quote(out, s);
        out.push_back('\n');
      }
    }
  }
  out.append(
      "\nOutputs:\n"
      "  ApiUrl:\n"
      "    Description: \"The HTTP API's URL\"\n"
      "    Value: !Sub \"https://${Api}.execute-api.${AWS::Region}.amazonaws.com\"\n");
  return out;
}

/// The last path component of `program`.
inline std::string_view base_name(std::string_view program) {
  const std::size_t slash = program.rfind('/');
  return slash == std::string_view::npos ? program : program.substr(slash + 1);
}

template <class App>
table describe_app(const App& app) {
  table t;
  app.describe_routes(t);
  return t;
}
}  // namespace detail::api

/**
 * The OpenAPI 3.1 document of an app's route table, as compact JSON: paths, operations (one per
 * method; `ANY` for the methods its path has no explicit route for), typed parameters, body
 * schemas from `sluice_fields()`, the answers sluice itself gives, and security from the
 * routes' policies. `program` names the API when `options::api.title` is empty.
 *
 * **Example**: `std::fputs(sluice::openapi_document(app, "pets").c_str(), stdout);`
 */
template <class App>
[[nodiscard]] std::string openapi_document(const App& app, std::string_view program) {
  const api_info& info = app.settings().api;
  const std::string_view title = info.title.empty() ? detail::api::base_name(program) : std::string_view(info.title);
  return detail::api::openapi_document(detail::api::describe_app(app), title, info.version, info.description);
}

/**
 * A SAM template for an app: one `provided.al2023` function (`CodeUri`: `options::api.code_uri`,
 * else `<program>.zip`, the zip `sluice_add_lambda` builds) with an HttpApi event per route,
 * and the route's authorizer (`NONE`, the JWT authorizer with its scopes, or `AWS_IAM`).
 *
 * **Example**: `std::fputs(sluice::sam_template(app, argv[0]).c_str(), stdout);`
 */
template <class App>
[[nodiscard]] std::string sam_template(const App& app, std::string_view program) {
  const api_info& info = app.settings().api;
  const std::string_view name = detail::api::base_name(program);
  const std::string_view title = info.title.empty() ? name : std::string_view(info.title);
  const std::string code_uri = info.code_uri.empty() ? std::string(name) + ".zip" : info.code_uri;
  return detail::api::sam_template(detail::api::describe_app(app), title, info.version, code_uri, name);
}

}  // namespace sluice
