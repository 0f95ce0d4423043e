// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// Builds HTTP events in each source's shape, as AWS sends them, for tests and benchmarks.
// Written independently of sluice's decoder: plain string building.

#include <cctype>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace test_events {

struct http_request {
  std::string method = "GET";
  std::string path = "/";  // in the encoding the source uses (see adversarial-requests/README)
  std::vector<std::pair<std::string, std::string>> query;    // decoded keys and values, in order
  std::vector<std::pair<std::string, std::string>> headers;  // names as the client sent them
  std::vector<std::string> cookies;
  std::optional<std::string> body;
  bool base64 = false;
  std::string stage = "$default";
  std::string route_key;  // 2.0 routeKey ("GET /pets/{id}") or 1.0 resource ("/pets/{id}")
  std::string request_id = "req-1";
  std::string source_ip = "203.0.113.7";
  std::string user_agent = "test-agent/1.0";
  std::string domain_name = "abc123.execute-api.eu-west-1.amazonaws.com";
  std::string authorizer;      // JSON of requestContext.authorizer, when not empty
  std::string identity_extra;  // more members of REST's requestContext.identity (JSON, no braces)
  std::string api_id = "abc123";
};

inline std::string authorizer_member(const http_request& r) {
  return r.authorizer.empty() ? std::string() : ",\"authorizer\":" + r.authorizer;
}

inline std::string quote(std::string_view s) {
  std::string out = "\"";
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (ch) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          const char hex[] = "0123456789abcdef";
          out += "\\u00";
          out += hex[c >> 4];
          out += hex[c & 15];
        } else {
          out += ch;
        }
    }
  }
  return out + "\"";
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
inline std::string percent_encode(std::string_view s) {
  const char hex[] = "0123456789ABCDEF";
  std::string out;
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
        c == '_' || c == '~') {
      out += ch;
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

inline std::string encoded_query(const http_request& r) {
  std::string q;
  for (const auto& [k, v] : r.query) {
    if (!q.empty()) q += '&';
    q += percent_encode(k) + "=" + percent_encode(v);
  }
  return q;
}

/// `{"k": "v", ...}`; for repeated keys the last value wins, as API Gateway does.
inline std::string single_map(const std::vector<std::pair<std::string, std::string>>& pairs, bool encode = false) {
  if (pairs.empty()) return "null";
  std::vector<std::pair<std::string, std::string>> last;
  for (const auto& [k, v] : pairs) {
    bool found = false;
    for (auto& [lk, lv] : last) {
      if (lk == k) {
        lv = v;
        found = true;
      }
    }
    if (!found) last.emplace_back(k, v);
  }
  std::string out = "{";
  for (const auto& [k, v] : last) {
    if (out.size() > 1) out += ',';
    out += quote(encode ? percent_encode(k) : k) + ":" + quote(encode ? percent_encode(v) : v);
  }
  return out + "}";
}

/// `{"k": ["v1", "v2"], ...}` in first-seen key order.
inline std::string multi_map(const std::vector<std::pair<std::string, std::string>>& pairs, bool encode = false) {
  if (pairs.empty()) return "null";
  std::vector<std::pair<std::string, std::vector<std::string>>> grouped;
  for (const auto& [k, v] : pairs) {
    bool found = false;
    for (auto& [gk, gv] : grouped) {
      if (gk == k) {
        gv.push_back(v);
        found = true;
      }
    }
    if (!found) grouped.push_back({k, {v}});
  }
  std::string out = "{";
  for (const auto& [k, vs] : grouped) {
    if (out.size() > 1) out += ',';
    out += quote(encode ? percent_encode(k) : k) + ":[";
    for (std::size_t i = 0; i < vs.size(); ++i) out += (i ? "," : "") + quote(encode ? percent_encode(vs[i]) : vs[i]);
    out += "]";
  }
  return out + "}";
}

inline std::vector<std::pair<std::string, std::string>> with_cookie_header(const http_request& r) {
  auto headers = r.headers;
  if (!r.cookies.empty()) {
    std::string joined;
    for (const auto& c : r.cookies) joined += (joined.empty() ? "" : "; ") + c;
    headers.emplace_back("Cookie", joined);
  }
  return headers;
}

inline std::string body_fields(const http_request& r) {
  return ",\"body\":" + (r.body ? quote(*r.body) : std::string("null")) +
         ",\"isBase64Encoded\":" + (r.base64 ? "true" : "false");
}

/// API Gateway REST API, payload 1.0: `path` without the stage, both header and query maps.
inline std::string rest_v1(const http_request& r) {
  const auto headers = with_cookie_header(r);
  return "{\"resource\":" + quote(r.route_key.empty() ? "/{proxy+}" : r.route_key) + ",\"path\":" + quote(r.path) +
         ",\"httpMethod\":" + quote(r.method) + ",\"headers\":" + single_map(headers) +
         ",\"multiValueHeaders\":" + multi_map(headers) + ",\"queryStringParameters\":" + single_map(r.query) +
         ",\"multiValueQueryStringParameters\":" + multi_map(r.query) +
         ",\"pathParameters\":null,\"stageVariables\":null,\"requestContext\":{\"accountId\":\"123456789012\","
         "\"resourcePath\":" + quote(r.route_key.empty() ? "/{proxy+}" : r.route_key) + ",\"httpMethod\":" +
         quote(r.method) + ",\"requestId\":" + quote(r.request_id) + ",\"stage\":" +
         quote(r.stage == "$default" ? "prod" : r.stage) + ",\"path\":" + quote("/" + (r.stage == "$default" ? std::string("prod") : r.stage) + r.path) +
         ",\"identity\":{\"sourceIp\":" + quote(r.source_ip) + ",\"userAgent\":" + quote(r.user_agent) +
         (r.identity_extra.empty() ? "" : "," + r.identity_extra) + "},\"domainName\":" + quote(r.domain_name) +
         ",\"apiId\":" + quote(r.api_id) + ",\"requestTimeEpoch\":1700000000000" + authorizer_member(r) + "}" +
         body_fields(r) + "}";
}

/// API Gateway HTTP API, payload 1.0 (`version: "1.0"`; names lower-cased).
inline std::string http_api_v1(const http_request& r) {
  std::vector<std::pair<std::string, std::string>> headers;
  for (auto [k, v] : with_cookie_header(r)) {
    for (auto& c : k) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    headers.emplace_back(k, v);
  }
  const std::string stage_path = r.stage == "$default" ? "" : "/" + r.stage;
  return "{\"version\":\"1.0\",\"resource\":" + quote(r.route_key.empty() ? "$default" : r.route_key) +
         ",\"path\":" + quote(r.path) + ",\"httpMethod\":" + quote(r.method) + ",\"headers\":" + single_map(headers) +
         ",\"multiValueHeaders\":" + multi_map(headers) + ",\"queryStringParameters\":" + single_map(r.query) +
         ",\"multiValueQueryStringParameters\":" + multi_map(r.query) +
         ",\"requestContext\":{\"accountId\":\"123456789012\",\"apiId\":" + quote(r.api_id) + ",\"domainName\":" +
         quote(r.domain_name) + ",\"httpMethod\":" + quote(r.method) + ",\"identity\":{\"sourceIp\":" +
         quote(r.source_ip) + ",\"userAgent\":" + quote(r.user_agent) + "},\"path\":" + quote(r.path) +
         ",\"requestId\":" + quote(r.request_id) + ",\"stage\":" + quote(r.stage) + authorizer_member(r) + "}" +
         body_fields(r) + "}";
}

namespace detail {
inline std::string v2(const http_request& r, std::string_view domain, std::string_view route_key) {
  std::string headers = "{";
  std::vector<std::pair<std::string, std::string>> joined;  // 2.0 joins repeats with ','
  for (auto [k, v] : r.headers) {
    for (auto& c : k) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    bool found = false;
    for (auto& [jk, jv] : joined) {
      if (jk == k) {
        jv += "," + v;
        found = true;
      }
    }
    if (!found) joined.emplace_back(k, v);
  }
  for (const auto& [k, v] : joined) headers += (headers.size() > 1 ? "," : "") + quote(k) + ":" + quote(v);
  headers += "}";
  std::string cookies;
  if (!r.cookies.empty()) {
    cookies = ",\"cookies\":[";
    for (std::size_t i = 0; i < r.cookies.size(); ++i) cookies += (i ? "," : "") + quote(r.cookies[i]);
    cookies += "]";
  }
  std::string query_map;
  if (!r.query.empty()) {
    std::vector<std::pair<std::string, std::string>> q;
    for (const auto& [k, v] : r.query) {
      bool found = false;
      for (auto& [qk, qv] : q) {
        if (qk == k) {
          qv += "," + v;
          found = true;
        }
      }
      if (!found) q.emplace_back(k, v);
    }
    query_map = ",\"queryStringParameters\":" + single_map(q);
  }
  return "{\"version\":\"2.0\",\"routeKey\":" + quote(route_key) + ",\"rawPath\":" + quote(r.path) +
         ",\"rawQueryString\":" + quote(encoded_query(r)) + cookies + ",\"headers\":" + headers + query_map +
         ",\"requestContext\":{\"accountId\":\"123456789012\",\"apiId\":" + quote(r.api_id) + ",\"domainName\":" + quote(domain) +
         ",\"http\":{\"method\":" + quote(r.method) + ",\"path\":" + quote(r.path) +
         ",\"protocol\":\"HTTP/1.1\",\"sourceIp\":" + quote(r.source_ip) + ",\"userAgent\":" + quote(r.user_agent) +
         "},\"requestId\":" + quote(r.request_id) + ",\"routeKey\":" + quote(route_key) + ",\"stage\":" +
         quote(r.stage) + ",\"time\":\"12/Mar/2020:19:03:58 +0000\",\"timeEpoch\":1583348638390" + authorizer_member(r) + "}" +
         (r.body ? ",\"body\":" + quote(*r.body) : std::string()) +
         ",\"isBase64Encoded\":" + (r.base64 ? "true" : "false") + "}";
}
}  // namespace detail

/// API Gateway HTTP API, payload 2.0. `rawPath` holds the stage for named stages.
inline std::string http_api_v2(const http_request& r) {
  return detail::v2(r, r.domain_name, r.route_key.empty() ? "$default" : r.route_key);
}

/// Lambda Function URL (2.0 shape, `*.lambda-url.*` domain, routeKey `$default`).
inline std::string function_url(const http_request& r) {
  return detail::v2(r, "abcdefg.lambda-url.eu-west-1.on.aws", "$default");
}

/// Application Load Balancer; query keys and values as the client sent them (encoded).
inline std::string alb(const http_request& r, bool multi_value) {
  const auto headers = with_cookie_header(r);
  std::string maps;
  if (multi_value) {
    maps = ",\"multiValueHeaders\":" + multi_map(headers) +
           ",\"multiValueQueryStringParameters\":" + (r.query.empty() ? "{}" : multi_map(r.query, true));
  } else {
    maps = ",\"headers\":" + single_map(headers) +
           ",\"queryStringParameters\":" + (r.query.empty() ? "{}" : single_map(r.query, true));
  }
  return "{\"requestContext\":{\"elb\":{\"targetGroupArn\":\"arn:aws:elasticloadbalancing:eu-west-1:123456789012:"
         "targetgroup/t/1\"}},\"httpMethod\":" + quote(r.method) + ",\"path\":" + quote(r.path) + maps +
         body_fields(r) + "}";
}

}  // namespace test_events
