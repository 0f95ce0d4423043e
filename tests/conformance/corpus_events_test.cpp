// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors

// Conformance over the event corpus (../shared/corpus/events/, classified by its INDEX.md):
// every HTTP event decodes, and what the request view reads equals what simdjson's DOM API
// reads from the same file; every other file is a Lambda-level error of the right type.

#include <doctest/doctest.h>
#include <simdjson.h>

#include <cstddef>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "sluice/sluice.hpp"
#include "support/event_corpus.hpp"
#include "support/responses.hpp"

#ifndef SLUICE_CORPUS_DIR
#define SLUICE_CORPUS_DIR "/work/shared/corpus"
#endif

namespace corpus_events_test {

namespace fs = std::filesystem;
namespace dom = simdjson::dom;

// ---- the corpus and its index ----------------------------------------------------------

/// The events folder, or nullopt after a visible `SKIPPED:` line when the corpus is absent.
std::optional<fs::path> events_dir() { return test_corpus::events_dir(SLUICE_CORPUS_DIR, "corpus event conformance"); }

using test_corpus::base64_decoded;
using test_corpus::read_file;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

/// One row of a folder table in INDEX.md: `| file | type | kind | note |`.
struct corpus_file {
  std::string folder;  // "aws-lambda-go", without the slash
  std::string file;    // relative to the folder
  std::string type;    // "apigw-v2", "sqs", ...
  std::string kind;    // event, response, fragment, invalid, metadata
  std::string note;

  [[nodiscard]] std::string name() const { return folder + "/" + file; }
  [[nodiscard]] bool templated() const { return note.find("templated") != std::string::npos; }
  [[nodiscard]] bool is_http_event() const {
    return kind == "event" &&
           (type == "apigw-v1" || type == "apigw-v2" || type == "lambda-url" || type == "alb");
  }
};

/// The rows of every `## <folder>/` table of INDEX.md, read when the test runs so that new
/// files are covered as soon as they are classified.
std::vector<corpus_file> read_index(const fs::path& index_md) {
  std::vector<corpus_file> rows;
  for (const test_corpus::sample& row : test_corpus::read_index(index_md)) {
    rows.push_back({row.folder, row.path.substr(row.folder.size() + 1), row.type, row.kind, row.note});
  }
  return rows;
}

// ---- independent text decoding ---------------------------------------------------------

char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}
char upper(char c) {
  return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}

std::string lowered(std::string_view s) {
  std::string out;
  for (const char c : s) out += lower(c);
  return out;
}

std::string uppered(std::string_view s) {
  std::string out;
  for (const char c : s) out += upper(c);
  return out;
}

bool same_name(std::string_view a, std::string_view b) {
  return lowered(a) == lowered(b);
}

int hex_digit(char c) {
  const std::string_view digits = "0123456789abcdef";
  const std::size_t at = digits.find(lower(c));
  return at == std::string_view::npos ? -1 : static_cast<int>(at);
}

/// application/x-www-form-urlencoded decoding (WHATWG URL): '+' is a space, `%XX` a byte,
/// and a '%' not followed by two hex digits is kept as it is.
std::string form_decoded(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() && hex_digit(s[i + 1]) >= 0 &&
               hex_digit(s[i + 2]) >= 0) {
      out += static_cast<char>(hex_digit(s[i + 1]) * 16 + hex_digit(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// ---- what the event says, read with the DOM API ----------------------------------------

std::optional<std::string_view> string_at(dom::element root, std::string_view pointer) {
  dom::element e;
  std::string_view s;
  if (root.at_pointer(pointer).get(e) != simdjson::SUCCESS ||
      e.get_string().get(s) != simdjson::SUCCESS) {
    return std::nullopt;
  }
  return s;
}

bool exists_at(dom::element root, std::string_view pointer) {
  dom::element e;
  return root.at_pointer(pointer).get(e) == simdjson::SUCCESS;
}

using pairs = std::vector<std::pair<std::string, std::string>>;

/// The string values of map `field`: `{"k": "v"}` or, when `multi`, `{"k": ["v1", "v2"]}`.
/// Null values mean "not sent".
pairs map_pairs(dom::element root, std::string_view field, bool multi) {
  pairs out;
  dom::object map;
  if (root[field].get_object().get(map) != simdjson::SUCCESS) return out;
  for (const dom::key_value_pair kv : map) {
    std::string_view s;
    if (!multi) {
      if (kv.value.get_string().get(s) == simdjson::SUCCESS) out.emplace_back(kv.key, s);
      continue;
    }
    dom::array values;
    if (kv.value.get_array().get(values) != simdjson::SUCCESS) continue;
    for (const dom::element v : values) {
      if (v.get_string().get(s) == simdjson::SUCCESS) out.emplace_back(kv.key, s);
    }
  }
  return out;
}

/// `a=1&b=x+y&c` split on '&' and the first '=', form-decoded; empty pieces skipped.
pairs query_string_pairs(std::string_view raw) {
  pairs out;
  while (!raw.empty()) {
    const std::size_t amp = raw.find('&');
    const std::string_view piece = raw.substr(0, amp);
    raw = amp == std::string_view::npos ? std::string_view{} : raw.substr(amp + 1);
    if (piece.empty()) continue;
    const std::size_t eq = piece.find('=');
    const std::string_view value = eq == std::string_view::npos ? "" : piece.substr(eq + 1);
    out.emplace_back(form_decoded(piece.substr(0, eq)), form_decoded(value));
  }
  return out;
}

/// The first value of each cookie in `Cookie`-style lists (`a=1; b=2`), in order.
void add_cookies(std::string_view list, pairs& out) {
  while (!list.empty()) {
    const std::size_t semi = list.find(';');
    const std::string_view pair = trim(list.substr(0, semi));
    list = semi == std::string_view::npos ? std::string_view{} : list.substr(semi + 1);
    const std::size_t eq = pair.find('=');
    if (eq == std::string_view::npos) continue;
    const std::string name(pair.substr(0, eq));
    bool seen = false;
    for (const auto& [n, v] : out) seen = seen || n == name;
    if (!seen) out.emplace_back(name, pair.substr(eq + 1));
  }
}

enum class json_type { string, object, string_map, multi_map, string_array, boolean };

/// The first top-level field (in document order) whose JSON type is not the one its source
/// documents (null is allowed everywhere), or empty.
std::string shape_problem(dom::object root) {
  const std::map<std::string_view, json_type> rules = {
      {"routeKey", json_type::string},
      {"resource", json_type::string},
      {"rawPath", json_type::string},
      {"path", json_type::string},
      {"httpMethod", json_type::string},
      {"rawQueryString", json_type::string},
      {"body", json_type::string},
      {"headers", json_type::string_map},
      {"queryStringParameters", json_type::string_map},
      {"multiValueHeaders", json_type::multi_map},
      {"multiValueQueryStringParameters", json_type::multi_map},
      {"cookies", json_type::string_array},
      {"isBase64Encoded", json_type::boolean},
      {"requestContext", json_type::object},
  };
  const auto all = [](auto&& range, auto&& ok) {
    for (const auto& item : range) {
      if (!ok(item)) return false;
    }
    return true;
  };
  const auto string_or_null = [](dom::element e) { return e.is_string() || e.is_null(); };
  for (const dom::key_value_pair kv : root) {
    const auto rule = rules.find(kv.key);
    if (rule == rules.end() || kv.value.is_null()) continue;
    const dom::element v = kv.value;
    bool ok = false;
    switch (rule->second) {
      case json_type::string:
        ok = v.is_string();
        break;
      case json_type::object:
        ok = v.is_object();
        break;
      case json_type::boolean:
        ok = v.is_bool();
        break;
      case json_type::string_array:
        ok = v.is_array() && all(v.get_array().value_unsafe(), string_or_null);
        break;
      case json_type::string_map:
        ok = v.is_object() && all(v.get_object().value_unsafe(), [&](const dom::key_value_pair& m) {
               return string_or_null(m.value);
             });
        break;
      case json_type::multi_map:
        ok =
            v.is_object() && all(v.get_object().value_unsafe(), [&](const dom::key_value_pair& m) {
              return m.value.is_null() || (m.value.is_array() &&
                                           all(m.value.get_array().value_unsafe(), string_or_null));
            });
        break;
    }
    if (!ok) return std::string(kv.key);
  }
  return {};
}

/// What the request view must show for one event, read from its JSON with the DOM API.
struct expectation {
  std::string shape_problem;       // a field of the wrong type: the event is invalid
  std::string conflicting_header;  // one `headers` name in two spellings with two values
  sluice::http_source source = sluice::http_source::rest_api;
  std::string method;
  std::string path;
  pairs headers;  // the lines of the map the view reads, in event order
  pairs query;    // decoded, in request order
  pairs cookies;  // first value of each cookie
  std::optional<std::string> body;
  bool base64 = false;
  std::string request_id;
  std::string stage;
  std::string source_ip;
  std::string user_agent;
  std::string domain_name;
};

expectation expect(dom::element root) {
  expectation want;
  dom::object object;
  if (root.get_object().get(object) == simdjson::SUCCESS)
    want.shape_problem = shape_problem(object);

  const std::string_view version = string_at(root, "/version").value_or("");
  const bool alb = exists_at(root, "/requestContext/elb");
  const bool v2 = !alb && version == "2.0";
  want.domain_name = string_at(root, "/requestContext/domainName").value_or("");
  if (alb) {
    want.source = sluice::http_source::alb;
  } else if (v2) {
    want.source = want.domain_name.find(".lambda-url.") != std::string::npos
                      ? sluice::http_source::function_url
                      : sluice::http_source::http_api_v2;
  } else {
    want.source =
        version == "1.0" ? sluice::http_source::http_api_v1 : sluice::http_source::rest_api;
  }

  want.method = string_at(root, v2 ? "/requestContext/http/method" : "/httpMethod").value_or("");
  want.path = string_at(root, v2 ? "/rawPath" : "/path").value_or("");

  const pairs single_headers = map_pairs(root, "headers", false);
  const pairs multi_headers = v2 ? pairs{} : map_pairs(root, "multiValueHeaders", true);
  want.headers = multi_headers.empty() ? single_headers : multi_headers;
  for (std::size_t i = 0; i < single_headers.size() && want.conflicting_header.empty(); ++i) {
    for (std::size_t j = i + 1; j < single_headers.size(); ++j) {
      if (same_name(single_headers[i].first, single_headers[j].first) &&
          single_headers[i].second != single_headers[j].second) {
        want.conflicting_header = single_headers[j].first;
        break;
      }
    }
  }

  if (const auto raw = string_at(root, "/rawQueryString"); v2 && raw) {
    want.query = query_string_pairs(*raw);
  } else if (v2) {
    want.query = map_pairs(root, "queryStringParameters", false);
  } else {
    want.query = map_pairs(root, "multiValueQueryStringParameters", true);
    if (want.query.empty()) want.query = map_pairs(root, "queryStringParameters", false);
    if (alb) {
      // ALB forwards the query as the client sent it, percent-encoded
      for (auto& [key, value] : want.query) {
        key = form_decoded(key);
        value = form_decoded(value);
      }
    }
  }

  dom::array cookie_list;
  if (root["cookies"].get_array().get(cookie_list) == simdjson::SUCCESS) {
    for (const dom::element c : cookie_list) {
      std::string_view s;
      if (c.get_string().get(s) == simdjson::SUCCESS) add_cookies(s, want.cookies);
    }
  }
  for (const auto& [name, value] : want.headers) {
    if (same_name(name, "Cookie")) add_cookies(value, want.cookies);
  }

  if (const auto body = string_at(root, "/body")) want.body = std::string(*body);
  bool base64 = false;
  want.base64 = root["isBase64Encoded"].get_bool().get(base64) == simdjson::SUCCESS && base64;

  want.request_id = string_at(root, "/requestContext/requestId").value_or("");
  want.stage = string_at(root, "/requestContext/stage").value_or("");
  want.source_ip =
      string_at(root, v2 ? "/requestContext/http/sourceIp" : "/requestContext/identity/sourceIp")
          .value_or("");
  want.user_agent =
      string_at(root, v2 ? "/requestContext/http/userAgent" : "/requestContext/identity/userAgent")
          .value_or("");
  return want;
}

// ---- checks ------------------------------------------------------------------------------

/// `pairs` as text (`name: value` lines), so a difference shows in the failure message.
std::string rendered(const pairs& list) {
  std::string out;
  for (const auto& [name, value] : list) out += name + ": " + value + "\n";
  return out;
}

std::string or_absent(std::optional<std::string_view> v) {
  return v ? std::string(*v) : std::string("<absent>");
}

sluice::method expected_verb(std::string_view method) {
  // RFC 9110: method names are case-sensitive; only these seven can be named by a route
  const std::pair<std::string_view, sluice::method> named[] = {
      {"GET", sluice::method::get},         {"HEAD", sluice::method::head},
      {"POST", sluice::method::post},       {"PUT", sluice::method::put},
      {"PATCH", sluice::method::patch},     {"DELETE", sluice::method::del},
      {"OPTIONS", sluice::method::options},
  };
  for (const auto& [name, m] : named) {
    if (name == method) return m;
  }
  return sluice::method::other;
}

/// An app that answers every HTTP request: Lambda-level errors can only come from decoding.
const auto& probe_app() {
  static const auto app =
      sluice::app{sluice::route<"$default">([] { return sluice::response(204); })};
  return app;
}

/// What the conformance run saw, for the report and the floor on HTTP events checked.
struct tally {
  std::map<std::string, int> per_folder_and_kind;
  int http_events = 0;
  int templated_http_events = 0;
  int base64_bodies = 0;
  int invalid_shapes = 0;
  int conflicting_headers = 0;
};

void check_request_view(const sluice::request& req, const sluice::detail::http_event& ev,
                        sluice::detail::arena& mem, const expectation& want, tally& seen) {
  CHECK(req.source() == want.source);
  CHECK(req.method_name() == want.method);
  CHECK(req.method() == expected_verb(want.method));
  CHECK(req.raw_path() == want.path);

  // headers: every line in event order, and each name joined, read in two other spellings
  pairs lines;
  req.for_each_header([&](std::string_view n, std::string_view v) { lines.emplace_back(n, v); });
  CHECK(rendered(lines) == rendered(want.headers));
  std::vector<std::pair<std::string, std::string>>
      joined;  // lower-case name, values joined with ','
  for (const auto& [name, value] : want.headers) {
    auto it = joined.begin();
    while (it != joined.end() && it->first != lowered(name)) ++it;
    if (it == joined.end()) {
      joined.emplace_back(lowered(name), value);
    } else {
      it->second += "," + value;
    }
  }
  for (const auto& group : joined) {
    const std::string& name =
        group.first;  // not a structured binding: CAPTURE takes it in a lambda
    CAPTURE(name);
    CHECK(or_absent(req.header(name)) == group.second);
    CHECK(or_absent(req.header(uppered(name))) == group.second);
  }
  CHECK_FALSE(req.header("x-sluice-never-sent").has_value());

  // query: every pair in order, then per key
  pairs query;
  req.for_each_query_pair(
      [&](std::string_view k, std::string_view v) { query.emplace_back(k, v); });
  CHECK(rendered(query) == rendered(want.query));
  std::set<std::string> keys;
  for (const auto& [key, value] : want.query) keys.insert(key);
  for (const std::string& key : keys) {
    CAPTURE(key);
    pairs want_values;
    for (const auto& [k, v] : want.query) {
      if (k == key) want_values.emplace_back(k, v);
    }
    pairs got_values;
    req.for_each_query(key, [&](std::string_view v) { got_values.emplace_back(key, v); });
    CHECK(rendered(got_values) == rendered(want_values));
    CHECK(req.query_count(key) == want_values.size());
    CHECK(or_absent(req.query(key)) == want_values.front().second);
  }
  CHECK(req.query_count("sluice-never-sent") == 0);

  for (const auto& cookie : want.cookies) {
    const std::string& name = cookie.first;
    CAPTURE(name);
    CHECK(or_absent(req.cookie(name)) == cookie.second);
  }

  // body: as sent, JSON escapes undone, then base64-decoded when the event says so
  CHECK(req.has_body() == want.body.has_value());
  CHECK(req.body_was_base64() == want.base64);
  if (want.body) {
    const std::optional<std::string_view> text = sluice::detail::unescape(ev.body, mem);
    CHECK(or_absent(text) == *want.body);
    if (want.base64 && text) {
      ++seen.base64_bodies;
      const std::optional<std::string> bytes = base64_decoded(*want.body);
      const std::optional<std::string_view> decoded = sluice::detail::base64_decode(*text, mem);
      CHECK(decoded.has_value() == bytes.has_value());
      if (decoded && bytes) CHECK(*decoded == *bytes);
    }
  }

  const sluice::request_context& c = req.context();
  CHECK(c.request_id == want.request_id);
  CHECK(c.stage == want.stage);
  CHECK(c.source_ip == want.source_ip);
  CHECK(c.user_agent == want.user_agent);
  CHECK(c.domain_name == want.domain_name);
}

void check_http_event(sluice::worker& w, const corpus_file& f, const std::string& text,
                      tally& seen) {
  const simdjson::padded_string padded(text);
  dom::parser dom_parser;
  dom::element root;
  const bool parsed = dom_parser.parse(padded).get(root) == simdjson::SUCCESS;
  CHECK(parsed);
  if (!parsed) return;
  const expectation want = expect(root);
  ++seen.http_events;
  if (f.templated()) ++seen.templated_http_events;

  {
    w.begin();
    sluice::detail::arena_scope scope(w.arena());
    sluice::request& req = w.current_request();
    sluice::detail::http_event& ev = sluice::detail::request_access::event(req);
    const sluice::events::decode_result r = sluice::events::decode_http_event(
        w.parser(),
        simdjson::padded_string_view(padded.data(), padded.size(),
                                     padded.size() + simdjson::SIMDJSON_PADDING),
        w.arena(), ev);
    const std::string message(r.message);
    CAPTURE(message);
    if (!want.shape_problem.empty()) {
      // e.g. a SAM template with "queryStringParameters": "{{{querystringparameters}}}"
      ++seen.invalid_shapes;
      CHECK(r.status == sluice::events::decode_status::invalid_event);
      CHECK(message.find("'" + want.shape_problem + "'") != std::string::npos);
    } else if (!want.conflicting_header.empty()) {
      ++seen.conflicting_headers;
      CHECK(r.status == sluice::events::decode_status::conflicting_header);
      CHECK(message.find(want.conflicting_header) != std::string::npos);
    } else {
      CHECK(r.status == sluice::events::decode_status::ok);
      if (r.status == sluice::events::decode_status::ok)
        check_request_view(req, ev, w.arena(), want, seen);
    }
  }

  // through a whole app: an HTTP event always gets an HTTP answer, unless it is malformed
  const sluice::invocation_result result = probe_app().handle(text);
  if (!want.shape_problem.empty()) {
    CHECK_FALSE(result.ok);
    CHECK(result.error_type == "Sluice.InvalidEvent");
    return;
  }
  CHECK(result.ok);
  const auto answer = test_responses::parse_answer(result.payload);
  CHECK(answer.valid);
  if (!want.conflicting_header.empty()) CHECK(answer.status == 400);
}

/// Every file that is not an HTTP event is refused before routing: malformed JSON as an
/// invalid event, anything else (other sources, responses, fragments) as unsupported.
void check_refused(const corpus_file& f, const std::string& text) {
  dom::parser dom_parser;
  const bool is_json = dom_parser.parse(text).error() == simdjson::SUCCESS;
  CHECK(is_json == (f.kind != "invalid"));  // the index tells the truth about the file
  const sluice::invocation_result result = probe_app().handle(text);
  const std::string error_type(result.error_type);
  const std::string message(result.error_message);
  CAPTURE(message);
  CHECK_FALSE(result.ok);
  if (f.kind == "invalid") {
    CHECK(error_type == "Sluice.InvalidEvent");
    CHECK(message.find("not valid JSON") != std::string::npos);
  } else {
    CHECK(error_type == "Sluice.UnsupportedEvent");
    CHECK(message.find("expected an HTTP event") != std::string::npos);
  }
}

}  // namespace corpus_events_test

TEST_SUITE("corpus: events") {
  TEST_CASE("a non-HTTP event whose 'version' is not a string is unsupported, not invalid") {
    // regression: Cognito Sync events carry "version": 2 (corpus cognito-event.json); the
    // decoder called them malformed HTTP events (Sluice.InvalidEvent)
    const std::string event =
        R"({"version":2,"eventType":"SyncTrigger","region":"us-east-1",)"
        R"("identityPoolId":"pool","identityId":"id","datasetName":"d","datasetRecords":{}})";
    const sluice::invocation_result result = corpus_events_test::probe_app().handle(event);
    CHECK_FALSE(result.ok);
    CHECK(result.error_type == "Sluice.UnsupportedEvent");
  }

  TEST_CASE("INDEX.md classifies every file of the event corpus, in every folder") {
    using namespace corpus_events_test;
    const auto dir = events_dir();
    if (!dir) return;
    const std::vector<corpus_file> index = read_index(*dir / "INDEX.md");
    std::set<std::string> listed;
    std::set<std::string> folders;
    for (const corpus_file& f : index) {
      listed.insert(f.name());
      folders.insert(f.folder);
      const std::string name = f.name();
      CAPTURE(name);
      std::error_code ec;
      CHECK(fs::is_regular_file(*dir / f.folder / f.file, ec));
    }
    CHECK(folders == std::set<std::string>{"aws-lambda-go", "aws-sam-cli", "aws-sam-cli-rendered"});
    CHECK(listed.size() == index.size());  // no file listed twice
    for (const auto& entry : fs::recursive_directory_iterator(*dir)) {
      if (!entry.is_regular_file() || entry.path().extension() != ".json") continue;
      const std::string name = fs::relative(entry.path(), *dir).generic_string();
      CAPTURE(name);
      CHECK(listed.count(name) == 1);
    }
  }

  TEST_CASE("every corpus file decodes as the HTTP event it is, or is refused as what it is") {
    using namespace corpus_events_test;
    const auto dir = events_dir();
    if (!dir) return;
    tally seen;
    sluice::worker w;
    for (const corpus_file& f : read_index(*dir / "INDEX.md")) {
      const std::string name = f.name();
      CAPTURE(name);
      const std::string text = read_file(*dir / f.folder / f.file);
      CHECK_FALSE(text.empty());
      ++seen.per_folder_and_kind[f.folder + " " + (f.is_http_event() ? "http-event" : f.kind)];
      if (f.is_http_event()) {
        check_http_event(w, f, text, seen);
      } else {
        check_refused(f, text);
      }
    }
    for (const auto& [what, count] : seen.per_folder_and_kind)
      MESSAGE(what << ": " << count << " files");
    MESSAGE("HTTP events checked: " << seen.http_events << " (" << seen.templated_http_events
                                    << " templated, " << seen.base64_bodies << " base64 bodies, "
                                    << seen.invalid_shapes << " refused for a mistyped field, "
                                    << seen.conflicting_headers << " with a conflicting header)");
    // the corpus holds 19 HTTP events (13 aws-lambda-go, 3 templates, 3 rendered): no vacuous pass
    CHECK(seen.http_events >= 19);
  }
}
