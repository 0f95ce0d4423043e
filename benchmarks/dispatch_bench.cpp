// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors

// Event bytes in, response bytes out, for a typical HTTP API 2.0 GET with one path parameter
// and three headers: sluice's app beside hand-written simdjson on-demand code that reads the
// same fields and writes the same response bytes, in the same run. Both are checked to give
// identical bytes before anything is timed.
//
// dispatch/operations/*: what each operations piece (CORS, compression, tracing, structured
// logs, metrics) adds to the same dispatch, beside the same app without steps and with an
// empty step list, in the same run (logs and metrics written to /dev/null).

#include <benchmark/benchmark.h>

#include <simdjson.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "sluice/compression.hpp"
#include "sluice/sluice.hpp"

namespace {

// ---- the event: what API Gateway sends for GET /pets/4207, compact as Lambda delivers it -----

// @KEY@ is the route key; @PARAMS@ the pathParameters member, when there is one
constexpr std::string_view event_text =
    R"({"version":"2.0","routeKey":"@KEY@","rawPath":"/pets/4207","rawQueryString":"",)"
    R"("headers":{"accept":"application/json","user-agent":"Mozilla/5.0 (X11; Linux x86_64) )"
    R"(AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",)"
    R"("x-amzn-trace-id":"Root=1-6655f0a1-3c2b7d9e5f1a4b8c6d0e2f13"},@PARAMS@)"
    R"("requestContext":{"accountId":"123456789012","apiId":"r3pmxmplak",)"
    R"("domainName":"r3pmxmplak.execute-api.eu-west-1.amazonaws.com","domainPrefix":"r3pmxmplak",)"
    R"("http":{"method":"GET","path":"/pets/4207","protocol":"HTTP/1.1","sourceIp":"203.0.113.42",)"
    R"("userAgent":"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) )"
    R"(Chrome/124.0.0.0 Safari/537.36"},"requestId":"JKJaXmPLvHcESHA=","routeKey":"@KEY@",)"
    R"("stage":"$default","time":"28/May/2026:14:32:01 +0000","timeEpoch":1779978721123},)"
    R"("isBase64Encoded":false})";

/// `route_key` is "GET /pets/{id}" (the gateway routed it: sluice's fast path) or "$default"
/// (a catch-all integration: sluice matches the path). Real events of the second kind carry
/// no `pathParameters`.
std::string make_event(std::string_view route_key) {
  const std::string_view params =
      route_key == "$default" ? "" : R"("pathParameters":{"id":"4207"},)";
  std::string out;
  for (std::size_t i = 0; i < event_text.size();) {
    if (event_text.substr(i).starts_with("@KEY@")) {
      out += route_key;
      i += 5;
    } else if (event_text.substr(i).starts_with("@PARAMS@")) {
      out += params;
      i += 8;
    } else {
      out += event_text[i++];
    }
  }
  return out;
}

/// An event in a buffer with simdjson's padding after it, as the runtime reads it.
struct padded_event {
  explicit padded_event(std::string text) : size(text.size()), bytes(std::move(text)) {
    bytes.resize(size + simdjson::SIMDJSON_PADDING, '\0');
  }
  std::size_t size;
  std::string bytes;
};

// ---- sluice: a small pets app -------------------------------------------------------------------

sluice::response get_pet(const sluice::request& req, sluice::path<"id"> id,
                         sluice::header<"accept"> accept, sluice::header<"user-agent"> user_agent,
                         sluice::header<"x-amzn-trace-id"> trace) {
  sluice::json_writer w;
  w.begin_object()
      .field("id", *id)
      .field("method", req.method_name())
      .field("accept", *accept)
      .field("userAgent", *user_agent)
      .field("traceId", *trace)
      .field("requestId", req.context().request_id)
      .end_object();
  return sluice::json(w);
}

const auto& pets_app() {
  static const auto app = sluice::app{
      sluice::route<"GET /health">([] { return sluice::json(R"({"status":"ok"})"); }),
      sluice::route<"GET /pets">([] { return sluice::json("[]"); }),
      sluice::route<"POST /pets">([] { return sluice::json("{}", 201); }),
      sluice::route<"GET /pets/{id}">(get_pet),
      sluice::route<"DELETE /pets/{id}">([](sluice::path<"id">) { return sluice::empty(); }),
  };
  return app;
}

// ---- the same app with operations pieces ---------------------------------------------------------

std::string big_list() {
  std::string out = "[";
  for (int i = 0; i < 24; ++i) {
    if (i > 0) out += ',';
    out += R"({"id":)";
    out += std::to_string(4200 + i);
    out += R"(,"name":"pet","kind":"cat","tags":["indoor","fluffy"]})";
  }
  out += ']';
  return out;
}

template <class... Parts>
auto pets_app_with(Parts... parts) {
  return sluice::app{
      std::move(parts)...,
      sluice::route<"GET /health">([] { return sluice::json(R"({"status":"ok"})"); }),
      sluice::route<"GET /pets">([] {
        static const std::string list = big_list();
        return sluice::json(list);
      }),
      sluice::route<"POST /pets">([] { return sluice::json("{}", 201); }),
      sluice::route<"GET /pets/{id}">(get_pet),
      sluice::route<"DELETE /pets/{id}">([](sluice::path<"id">) { return sluice::empty(); }),
  };
}

std::FILE* dev_null() {
  static std::FILE* f = std::fopen("/dev/null", "w");
  return f;
}

sluice::cors_options bench_cors() { return {.origins = {"https://app.example.com", "https://admin.example.com"}, .credentials = true}; }

// ---- the baseline: hand-written simdjson on-demand code -----------------------------------------

namespace od = simdjson::ondemand;

/// The inside of a JSON string: quotes, backslashes and control bytes escaped, runs of other
/// bytes copied at once. (simdjson has already checked that the input is UTF-8.)
void escape(std::string_view text, std::string& out) {
  constexpr char hex[] = "0123456789abcdef";
  std::size_t run = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(text.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default: {
        const char esc[] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
        out.append(esc, sizeof esc);
      }
    }
  }
  out.append(text.data() + run, text.size() - run);
}

struct pet_fields {
  std::string_view method, raw_path, accept, user_agent, trace, request_id;
};

/// What a careful developer writes by hand: the parser and both strings reused, one pass over
/// each object, a tiny router of its own for `GET /pets/{id}`.
class hand_written {
 public:
  /// `lookup_by_key`: read fields with `doc["name"]` instead of one loop over each object.
  explicit hand_written(bool lookup_by_key) : lookup_by_key_(lookup_by_key) {
    body_.reserve(1024);
    out_.reserve(4096);
  }

  std::string_view handle(const char* data, std::size_t size, std::size_t capacity) {
    pet_fields f;
    od::document doc;
    if (parser_.iterate(data, size, capacity).get(doc) != simdjson::SUCCESS) return fail();
    if ((lookup_by_key_ ? read_by_key(doc, f) : read_in_one_pass(doc, f)) != simdjson::SUCCESS)
      return fail();

    constexpr std::string_view prefix = "/pets/";
    const std::string_view id =
        f.raw_path.starts_with(prefix) ? f.raw_path.substr(prefix.size()) : std::string_view{};
    if (f.method != "GET" || id.empty() || id.find('/') != std::string_view::npos) {
      out_ = R"({"statusCode":404,"headers":{"Content-Type":"application/json"},)"
             R"("body":"{\"message\":\"Not Found\"}","isBase64Encoded":false})";
      return out_;
    }
    body_.clear();
    body_ += "{\"id\":\"";
    escape(id, body_);
    body_ += "\",\"method\":\"";
    escape(f.method, body_);
    body_ += "\",\"accept\":\"";
    escape(f.accept, body_);
    body_ += "\",\"userAgent\":\"";
    escape(f.user_agent, body_);
    body_ += "\",\"traceId\":\"";
    escape(f.trace, body_);
    body_ += "\",\"requestId\":\"";
    escape(f.request_id, body_);
    body_ += "\"}";

    out_.clear();
    out_ += R"({"statusCode":200,"headers":{"Content-Type":"application/json"},"body":")";
    escape(body_, out_);
    out_ += R"(","isBase64Encoded":false})";
    return out_;
  }

 private:
  static simdjson::error_code read_in_one_pass(od::document& doc, pet_fields& f) {
    od::object root;
    if (auto e = doc.get_object().get(root)) return e;
    for (auto field : root) {
      od::raw_json_string key;
      if (auto e = field.key().get(key)) return e;
      if (key == "rawPath") {
        if (auto e = field.value().get_string().get(f.raw_path)) return e;
      } else if (key == "headers") {
        od::object headers;
        if (auto e = field.value().get_object().get(headers)) return e;
        for (auto header : headers) {
          od::raw_json_string name;
          if (auto e = header.key().get(name)) return e;
          std::string_view* to = name == "accept"            ? &f.accept
                                 : name == "user-agent"      ? &f.user_agent
                                 : name == "x-amzn-trace-id" ? &f.trace
                                                             : nullptr;
          if (to != nullptr) {
            if (auto e = header.value().get_string().get(*to)) return e;
          }
        }
      } else if (key == "requestContext") {
        od::object context;
        if (auto e = field.value().get_object().get(context)) return e;
        for (auto item : context) {
          od::raw_json_string name;
          if (auto e = item.key().get(name)) return e;
          if (name == "requestId") {
            if (auto e = item.value().get_string().get(f.request_id)) return e;
          } else if (name == "http") {
            if (auto e = item.value()["method"].get_string().get(f.method)) return e;
          }
        }
      }
    }
    return simdjson::SUCCESS;
  }

  static simdjson::error_code read_by_key(od::document& doc, pet_fields& f) {
    if (auto e = doc["rawPath"].get_string().get(f.raw_path)) return e;
    od::object headers;
    if (auto e = doc["headers"].get_object().get(headers)) return e;
    if (auto e = headers["accept"].get_string().get(f.accept)) return e;
    if (auto e = headers["user-agent"].get_string().get(f.user_agent)) return e;
    if (auto e = headers["x-amzn-trace-id"].get_string().get(f.trace)) return e;
    od::object context;
    if (auto e = doc["requestContext"].get_object().get(context)) return e;
    if (auto e = context["requestId"].get_string().get(f.request_id)) return e;
    return context["http"]["method"].get_string().get(f.method);
  }

  std::string_view fail() {
    out_ = R"({"errorType":"InvalidEvent","errorMessage":"not an HTTP API event"})";
    return out_;
  }

  bool lookup_by_key_;
  od::parser parser_;
  std::string body_;
  std::string out_;
};

// ---- the benchmarks --------------------------------------------------------------------------

const padded_event& routed_event() {
  static const padded_event e(make_event("GET /pets/{id}"));
  return e;
}
const padded_event& default_event() {
  static const padded_event e(make_event("$default"));
  return e;
}

void count_events(benchmark::State& state, const padded_event& e) {
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * e.size));
  state.counters["event_bytes"] = static_cast<double>(e.size);
}

void sluice_app(benchmark::State& state, const padded_event& e) {
  const auto& app = pets_app();
  sluice::worker w;
  for (auto _ : state) {
    const sluice::invocation_result r = app.handle(w, e.bytes.data(), e.size, e.bytes.size());
    benchmark::DoNotOptimize(r);
  }
  count_events(state, e);
}

template <class App>
void app_with_pieces(benchmark::State& state, const App& app, const padded_event& e) {
  sluice::worker w;
  for (auto _ : state) {
    const sluice::invocation_result r = app.handle(w, e.bytes.data(), e.size, e.bytes.size());
    benchmark::DoNotOptimize(r);
  }
  count_events(state, e);
}

/// The routed event, from a browser page that accepts gzip (CORS and compression have work).
const padded_event& browser_event(std::string_view path = "/pets/4207", std::string_view key = "GET /pets/{id}") {
  std::string text = make_event(key);
  const std::string from = R"("headers":{)";
  text.replace(text.find(from), from.size(),
               from + R"("origin":"https://app.example.com","accept-encoding":"gzip, deflate, br",)");
  if (path != "/pets/4207") {
    for (std::size_t at = 0; (at = text.find("/pets/4207", at)) != std::string::npos;) text.replace(at, 10, path);
    constexpr std::string_view params = R"("pathParameters":{"id":"4207"},)";
    text.replace(text.find(params), params.size(), "");
  }
  static std::vector<std::unique_ptr<padded_event>> kept;
  kept.push_back(std::make_unique<padded_event>(std::move(text)));
  return *kept.back();
}

void hand_written_code(benchmark::State& state, const padded_event& e, bool lookup_by_key) {
  hand_written h(lookup_by_key);
  for (auto _ : state) {
    const std::string_view out = h.handle(e.bytes.data(), e.size, e.bytes.size());
    benchmark::DoNotOptimize(out);
  }
  count_events(state, e);
}

/// The fastest repetition: on a shared machine, the one least disturbed.
double fastest(const std::vector<double>& v) {
  return *std::min_element(v.begin(), v.end());
}

[[noreturn]] void fail(const char* what, std::string_view got, std::string_view want) {
  std::fprintf(stderr, "dispatch_bench: %s\n  got:  %.*s\n  want: %.*s\n", what,
               static_cast<int>(got.size()), got.data(), static_cast<int>(want.size()),
               want.data());
  std::abort();
}

/// Both sides answer each event with the same bytes, and the routed event takes the fast path.
void check() {
  constexpr std::string_view want =
      R"({"statusCode":200,"headers":{"Content-Type":"application/json"},"body":"{\"id\":\"4207\",)"
      R"(\"method\":\"GET\",\"accept\":\"application/json\",\"userAgent\":\"Mozilla/5.0 (X11; Linux x86_64) )"
      R"(AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36\",\"traceId\":\")"
      R"(Root=1-6655f0a1-3c2b7d9e5f1a4b8c6d0e2f13\",\"requestId\":\"JKJaXmPLvHcESHA=\"}","isBase64Encoded":false})";
  for (const padded_event* e : {&routed_event(), &default_event()}) {
    sluice::worker w;
    const sluice::invocation_result r =
        pets_app().handle(w, e->bytes.data(), e->size, e->bytes.size());
    if (!r.ok || r.payload != want)
      fail("sluice's response differs from the expected one", r.payload, want);
    for (const bool by_key : {false, true}) {
      hand_written h(by_key);
      const std::string_view out = h.handle(e->bytes.data(), e->size, e->bytes.size());
      if (out != want) fail("the hand-written response differs from sluice's", out, want);
    }
  }
  constexpr std::string_view awkward = "a\"b\\c\nd\te\x01f\x1F\u00e9";
  std::string mine;
  std::string theirs;
  escape(awkward, mine);
  sluice::detail::escape_json(awkward, theirs);
  if (mine != theirs) fail("the hand-written escape differs from sluice's", mine, theirs);
  using table = std::remove_cvref_t<decltype(pets_app())>::table;
  const std::string_view segments[] = {"pets", "4207"};
  if (table::match_template("/pets/{id}", segments, sluice::method::get).route < 0) {
    fail("the routeKey event does not take sluice's fast path", "fallback", "fast path");
  }
}

/// A fixed count when SLUICE_BENCH_ITERATIONS is set, for instruction counting: benchmarks/run.sh
/// runs callgrind with 1,000 and 2,000 and takes the difference, which is exact per dispatch and
/// immune to a busy machine.
benchmark::internal::Benchmark* with_fixed_iterations(benchmark::internal::Benchmark* b) {
  if (const char* n = std::getenv("SLUICE_BENCH_ITERATIONS")) b->Iterations(std::atoll(n));
  return b;
}

template <class App>
void register_piece(const char* name, const App& app, const padded_event& e) {
  // the answer must be a real one: a 200 (or the gzip of one)
  sluice::worker w;
  const sluice::invocation_result r = app.handle(w, e.bytes.data(), e.size, e.bytes.size());
  if (!r.ok || r.payload.find(R"("statusCode":200)") == std::string_view::npos) {
    fail("an operations app does not answer 200", r.payload, "statusCode 200");
  }
  auto* b = benchmark::RegisterBenchmark((std::string("dispatch/operations/") + name).c_str(),
                                          [&app, &e](benchmark::State& s) { app_with_pieces(s, app, e); });
  with_fixed_iterations(b->ComputeStatistics("min", fastest));
}

void register_operations() {
  const padded_event& one_pet = browser_event();
  static const auto bare = pets_app_with();
  static const auto empty_steps = pets_app_with(sluice::use());
  static const auto with_cors = pets_app_with(sluice::use(sluice::cors(bench_cors())));
  static const auto with_compression = pets_app_with(sluice::use(sluice::compression()));
  static const auto with_tracing = pets_app_with(sluice::use(sluice::tracing()));
  static const auto with_logs =
      pets_app_with(sluice::use(sluice::structured_logs({.service = "pets", .level = sluice::log_level::info, .sink = dev_null()})));
  static const auto with_metrics = pets_app_with(sluice::use(sluice::metrics({.name_space = "pets", .service = "pets", .sink = dev_null()})));
  static const auto with_all = pets_app_with(sluice::use(
      sluice::structured_logs({.service = "pets", .level = sluice::log_level::info, .sink = dev_null()}),
      sluice::metrics({.name_space = "pets", .service = "pets", .sink = dev_null()}), sluice::tracing(),
      sluice::cors(bench_cors()), sluice::compression()));
  register_piece("none", bare, one_pet);
  register_piece("empty_step_list", empty_steps, one_pet);
  register_piece("cors", with_cors, one_pet);
  register_piece("compression_small_answer", with_compression, one_pet);
  register_piece("tracing", with_tracing, one_pet);
  register_piece("structured_logs", with_logs, one_pet);
  register_piece("metrics", with_metrics, one_pet);
  register_piece("all_five", with_all, one_pet);
  // a 2 KiB JSON answer: sent as it is, or gzip + base64
  const padded_event& list = browser_event("/pets", "GET /pets");
  register_piece("list_2KiB_none", bare, list);
  register_piece("list_2KiB_compression", with_compression, list);
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  check();
  const struct {
    const char* name;
    const padded_event& event;
  } events[] = {{"route_key", routed_event()}, {"default_route", default_event()}};
  for (const auto& [name, event] : events) {
    const std::string n(name);
    const padded_event* e = &event;
    with_fixed_iterations(benchmark::RegisterBenchmark(("dispatch/" + n + "/sluice_app").c_str(),
                                                       [e](benchmark::State& s) { sluice_app(s, *e); })
                              ->ComputeStatistics("min", fastest));
    with_fixed_iterations(benchmark::RegisterBenchmark(("dispatch/" + n + "/hand_written_one_pass").c_str(),
                                                       [e](benchmark::State& s) { hand_written_code(s, *e, false); })
                              ->ComputeStatistics("min", fastest));
    with_fixed_iterations(benchmark::RegisterBenchmark(("dispatch/" + n + "/hand_written_by_key").c_str(),
                                                       [e](benchmark::State& s) { hand_written_code(s, *e, true); })
                              ->ComputeStatistics("min", fastest));
  }
  register_operations();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
