// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors

// Whole HTTP events through an app (decoder, path, router, handlers, response writer). Any
// input gives a Lambda-level error (`Sluice.*`, its payload valid JSON) or a response that
// simdjson's DOM parser reads as the source's shape: `statusCode` 100..599, headers and
// cookies as strings without CR, LF or NUL (handlers below copy request text into them),
// a string body that is base64 when `isBase64Encoded` says so. And the request the handler
// saw is the event's (read again by the DOM parser): `ANY /inspect/{rest+}` answers with the
// method and the body's bytes, which must be the event's method and its body, base64
// decoded when the event says so.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string_view>

#include "fuzz.hpp"
#include "sluice/detail/base64.hpp"
#include "sluice/sluice.hpp"

namespace http_event_fuzz {

sluice::detail::arena& arena() {
  static sluice::detail::arena a;
  return a;
}

struct item {
  std::string_view name;
  std::optional<std::int64_t> count;
  static constexpr auto sluice_fields() {
    return sluice::fields(sluice::field<"name">(&item::name, sluice::length{1, 32}),
                          sluice::field<"count">(&item::count, sluice::range{0, 1000}));
  }
};

/// Request text into the answer's status line, headers, cookies and body: the writer must
/// refuse (500) what cannot be sent, never pass it on.
sluice::response reflect(const sluice::request& req) {
  sluice::response r(200);
  if (const auto name = req.query("h")) r.header(*name, req.query("v").value_or(""));
  if (const auto cookie = req.header("x-cookie")) r.cookie(*cookie);
  if (const auto type = req.header("x-type")) r.content_type(*type);
  return r.body(req.body());
}

const auto& fuzzed_app(bool lenient) {
  const auto make = [](sluice::options o) {
    return sluice::app{
        std::move(o),
        sluice::route<"GET /">([] { return sluice::text("root"); }),
        sluice::route<"GET /pets/{id}">([](sluice::path<"id", std::uint64_t> id) {
          sluice::json_writer w;
          w.begin_object().field("id", *id).end_object();
          return sluice::json(w);
        }),
        sluice::route<"POST /items">([](sluice::json_body<item> i) {
          sluice::json_writer w;
          w.begin_object().field("item", *i).end_object();
          return sluice::json(w, 201);
        }),
        sluice::route<"ANY /files/{key+}">([](const sluice::request& req, sluice::path<"key"> key) {
          return sluice::text(*key).header("X-Key", *key).header("X-Method", req.method_name());
        }),
        sluice::route<"ANY /reflect">(reflect),
        sluice::route<"ANY /inspect/{rest+}">([](const sluice::request& req) {
          return sluice::response(200)
              .binary_body(req.body())
              .header("X-Inspected-Method", req.method_name());
        }),
        sluice::route<"PUT /bin/{name}">(
            [](sluice::raw_body b) { return sluice::response(200).binary_body(b.bytes); }),
        sluice::route<"GET /boom">([]() -> sluice::response { throw std::runtime_error("boom"); }),
        sluice::route<"GET /status/{code}">(
            [](sluice::path<"code", std::uint16_t> code) { return sluice::response(*code); }),
    };
  };
  static const auto strict = make({});
  static const auto other =
      make({.strip_stage = true, .base_paths = {"/v1"}, .slash = sluice::trailing_slash::redirect});
  return lenient ? other : strict;
}

bool is_clean(std::string_view text) {
  return text.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

void check_strings(simdjson::dom::element e, bool allow_arrays) {
  std::string_view s;
  if (e.get(s) == simdjson::SUCCESS) {
    FUZZ_CHECK(is_clean(s));
    return;
  }
  simdjson::dom::array values;
  FUZZ_CHECK(allow_arrays && e.get(values) == simdjson::SUCCESS);
  for (const auto v : values) check_strings(v, false);
}

/// The response's fields, checked for their shape.
simdjson::dom::object check_answer(std::string_view payload) {
  static simdjson::dom::parser dom;
  simdjson::dom::object answer;
  FUZZ_CHECK(dom.parse(payload.data(), payload.size()).get(answer) == simdjson::SUCCESS);
  std::int64_t status = 0;
  FUZZ_CHECK(answer["statusCode"].get(status) == simdjson::SUCCESS && status >= 100 &&
             status <= 599);
  for (const char* map : {"headers", "multiValueHeaders"}) {
    simdjson::dom::object headers;
    if (answer[map].get(headers) != simdjson::SUCCESS) continue;
    for (const auto h : headers) {
      FUZZ_CHECK(!h.key.empty() && is_clean(h.key));
      check_strings(h.value, map[0] == 'm');
    }
  }
  if (simdjson::dom::array cookies; answer["cookies"].get(cookies) == simdjson::SUCCESS) {
    for (const auto c : cookies) check_strings(c, false);
  }
  std::string_view body;
  bool base64 = false;
  if (answer["body"].get(body) == simdjson::SUCCESS &&
      answer["isBase64Encoded"].get(base64) == simdjson::SUCCESS && base64) {
    FUZZ_CHECK(sluice::detail::base64_decode(body, arena()).has_value());
  }
  return answer;
}

/// A header of the answer (single- or multi-value form), or nothing.
std::optional<std::string_view> header_of(simdjson::dom::object answer, const char* name) {
  std::string_view value;
  if (answer["headers"][name].get(value) == simdjson::SUCCESS) return value;
  if (answer["multiValueHeaders"][name].at(0).get(value) == simdjson::SUCCESS) return value;
  return std::nullopt;
}

bool has_header(simdjson::dom::object event, std::string_view lower_name) {
  for (const char* map : {"headers", "multiValueHeaders"}) {
    simdjson::dom::object headers;
    if (event[map].get(headers) != simdjson::SUCCESS) continue;
    for (const auto h : headers) {
      if (sluice::detail::iequals(h.key, lower_name)) return true;
    }
  }
  return false;
}

/// An answered event is JSON; the inspect route's answer agrees with the DOM's reading of it.
void check_inspected(simdjson::dom::object answer, std::string_view event_text) {
  static simdjson::dom::parser dom;
  simdjson::dom::object event;
  if (dom.parse(event_text.data(), event_text.size()).get(event) != simdjson::SUCCESS) {
    // outside the entry point's contract (docs/security.md): Lambda refuses a payload that is
    // not JSON, and --invoke checks its file; the app only had to survive it, which it did
    return;
  }
  if (has_header(event, "content-encoding")) return;  // the body was also decompressed
  const std::optional<std::string_view> method = header_of(answer, "X-Inspected-Method");
  std::int64_t status = 0;
  if (!method || answer["statusCode"].get(status) != simdjson::SUCCESS || status != 200) return;
  std::string_view sent_method;
  std::string_view version;
  const bool v2 = event["version"].get(version) == simdjson::SUCCESS && version == "2.0";
  if (v2)
    FUZZ_CHECK(event["requestContext"]["http"]["method"].get(sent_method) == simdjson::SUCCESS);
  else
    FUZZ_CHECK(event["httpMethod"].get(sent_method) == simdjson::SUCCESS);
  FUZZ_CHECK(*method == sent_method);

  std::string_view sent_body;  // absent or null: no body
  bool sent_base64 = false;
  (void)event["body"].get(sent_body);
  (void)event["isBase64Encoded"].get(sent_base64);
  std::string_view answered;
  FUZZ_CHECK(answer["body"].get(answered) == simdjson::SUCCESS);
  const std::optional<std::string_view> bytes = sluice::detail::base64_decode(answered, arena());
  FUZZ_CHECK(bytes.has_value());
  if (*method == "HEAD") {  // the route's answer, without its body (RFC 9110: HEAD has none)
    FUZZ_CHECK(bytes->empty());
    return;
  }
  if (sent_base64) {
    FUZZ_CHECK(sluice::detail::base64_decode(sent_body, arena()) == *bytes);
  } else {
    FUZZ_CHECK(sent_body == *bytes);
  }
}

}  // namespace http_event_fuzz

void fuzz::http_event_target(const std::uint8_t* data, std::size_t size) {
  using namespace http_event_fuzz;
  fuzz::input in(data, size);
  const bool lenient = (in.byte() & 1) != 0;
  static sluice::worker worker;
  const sluice::invocation_result result = fuzzed_app(lenient).handle(worker, in.rest());
  if (!result.ok) {
    FUZZ_CHECK(result.error_type.starts_with("Sluice."));
    static simdjson::dom::parser dom;
    simdjson::dom::element error;
    FUZZ_CHECK(dom.parse(result.payload.data(), result.payload.size()).get(error) ==
               simdjson::SUCCESS);
    return;
  }
  FUZZ_CHECK(!result.streamed);
  arena().reset();
  check_inspected(check_answer(result.payload), in.rest());
}
