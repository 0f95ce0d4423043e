// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// Reads a response JSON with simdjson's DOM API (not sluice's own code), for assertions.

#include <simdjson.h>

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace test_responses {

struct http_answer {
  bool valid = false;
  int status = 0;
  std::string status_description;
  std::map<std::string, std::string> headers;                    // `headers`, names lower-cased
  std::map<std::string, std::vector<std::string>> multi_headers;  // `multiValueHeaders`, lower-cased
  std::vector<std::string> cookies;
  std::string body;
  bool base64 = false;
  std::vector<std::string> keys;  // top-level keys, in order

  /// The header's value from `headers`, or its values from `multiValueHeaders` joined by ", ".
  [[nodiscard]] std::string header(std::string name) const {
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (auto it = headers.find(name); it != headers.end()) return it->second;
    if (auto it = multi_headers.find(name); it != multi_headers.end()) {
      std::string joined;
      for (const auto& v : it->second) joined += (joined.empty() ? "" : ", ") + v;
      return joined;
    }
    return {};
  }
};

inline std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

inline http_answer parse_answer(std::string_view json) {
  http_answer a;
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(json.data(), json.size()).get(doc)) return a;
  simdjson::dom::object obj;
  if (doc.get_object().get(obj)) return a;
  for (auto [key, value] : obj) {
    a.keys.emplace_back(key);
    if (key == "statusCode") {
      int64_t s = 0;
      if (value.get_int64().get(s)) return a;
      a.status = static_cast<int>(s);
    } else if (key == "statusDescription") {
      a.status_description = std::string(value.get_string().value_unsafe());
    } else if (key == "headers") {
      simdjson::dom::object headers;
      if (value.get_object().get(headers)) return a;
      for (auto [hk, hv] : headers) a.headers[lower(hk)] = std::string(hv.get_string().value_unsafe());
    } else if (key == "multiValueHeaders") {
      simdjson::dom::object headers;
      if (value.get_object().get(headers)) return a;
      for (auto [hk, hv] : headers) {
        simdjson::dom::array values;
        if (hv.get_array().get(values)) return a;
        for (auto v : values) a.multi_headers[lower(hk)].emplace_back(v.get_string().value_unsafe());
      }
    } else if (key == "cookies") {
      simdjson::dom::array cookies;
      if (value.get_array().get(cookies)) return a;
      for (auto v : cookies) a.cookies.emplace_back(v.get_string().value_unsafe());
    } else if (key == "body") {
      a.body = std::string(value.get_string().value_unsafe());
    } else if (key == "isBase64Encoded") {
      a.base64 = value.get_bool().value_unsafe();
    }
  }
  a.valid = a.status != 0;
  return a;
}

/// A field of a JSON object body, as compact JSON text (strings with their quotes).
inline std::string body_field(std::string_view body, std::string_view field) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(body.data(), body.size()).get(doc)) return "<invalid JSON body>";
  simdjson::dom::element v;
  if (doc.at_pointer(field).get(v)) return "<absent>";
  return simdjson::minify(v);
}

}  // namespace test_responses
