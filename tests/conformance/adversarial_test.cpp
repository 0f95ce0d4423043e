// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors

// The hostile requests of ../shared/corpus/adversarial-requests/requests.tsv (DESIGN section 3),
// read when the test runs: every row goes through a whole app from every HTTP source it applies
// to, twice (an app whose routes are all public, and the same routes with /admin under a
// policy), and its path through `canonical_path` alone, so a changed or added row is noticed.
// The table below says, per row id, what sluice answers and why.

#include <doctest/doctest.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sluice/jwt.hpp"
#include "sluice/sluice.hpp"
#include "support/events.hpp"
#include "support/responses.hpp"
#include "support/tokens.hpp"

namespace adversarial_test {

using sluice::path_problem;
using test_events::http_request;
using test_responses::body_field;
using test_responses::parse_answer;

constexpr const char* corpus_file = SLUICE_CORPUS_DIR "/adversarial-requests/requests.tsv";

// ---- the app: routes that give each row a meaning, answering which route ran ---------------

/// `{"route":...,"method":...,"params":{...}` (left open for more fields).
sluice::json_writer& write_route(const sluice::request& req, sluice::json_writer& w) {
  w.begin_object().field("route", req.route()).field("method", req.method_name());
  w.key("params").begin_object();
  for (const auto& p : req.path_params()) w.field(p.name, p.value);
  return w.end_object();
}

/// The route is also sent as `X-Route`, so that a HEAD answer (no body) still says who answered.
sluice::response answered_by(const sluice::request& req, sluice::json_writer& w) {
  return std::move(sluice::json(w.end_object()).header("X-Route", req.route()));
}

sluice::response echo(const sluice::request& req) {
  sluice::json_writer w;
  return answered_by(req, write_route(req, w));
}

// `role` is a scalar: sent twice, it is a 400 (P42). `q` shows how often a value was decoded (P43).
sluice::response search(const sluice::request& req,
                        sluice::query<"role", std::optional<std::string_view>> role,
                        sluice::query<"q", std::optional<std::string_view>> q) {
  sluice::json_writer w;
  write_route(req, w).field("role", *role).field("q", *q);
  return answered_by(req, w);
}

// No `$default` and no `ANY` route, so that a 404 or a 405 stays visible. The routes an attack
// aims at exist: reaching one where the table says 400 or 404 is a 200 that fails the test.
const auto& hostile_app() {
  static const auto app = sluice::app{
      sluice::route<"GET /admin">(echo),
      sluice::route<"POST /admin">(echo),
      // what an honoured X-HTTP-Method-Override would reach (P34)
      sluice::route<"DELETE /admin">(echo),
      sluice::route<"GET /admin/users">(echo),
      // what decoding %2F or %5C into a separator would reach (P05, P06, P07, P18)
      sluice::route<"GET /admin/secret">(echo),
      sluice::route<"GET /public">(echo),
      sluice::route<"GET /users/{id}">(echo),
      sluice::route<"GET /items/{id}">(echo),
      sluice::route<"GET /files/{name}">(echo),
      sluice::route<"GET /search">(search),
  };
  return app;
}

// The same routes, with every /admin route open to group `admin` only: what the rows about auth
// aim at. Tokens are verified locally (a Function URL or an ALB has no authorizer), and only
// the API `abc123` (the test events' apiId) is trusted to have run an authorizer.
constexpr std::string_view admin_secret = "adversarial-test-secret-of-32-bytes";

const auto& protected_app() {
  using namespace sluice::auth;
  static const sluice::jwt_verifier verifier({sluice::jwt_key::hmac(std::string(admin_secret))});
  static const auto app = sluice::app{
      sluice::every_route_declares_auth,
      sluice::options{.bearer = verifier.bearer(), .trusted_api_ids = {"abc123"}},
      sluice::route<"GET /admin">(echo, group("admin")),
      sluice::route<"POST /admin">(echo, group("admin")),
      sluice::route<"DELETE /admin">(echo, group("admin")),
      sluice::route<"GET /admin/users">(echo, group("admin")),
      sluice::route<"GET /admin/secret">(echo, group("admin")),
      sluice::route<"GET /public">(echo, none),
      sluice::route<"GET /users/{id}">(echo, none),
      sluice::route<"GET /items/{id}">(echo, none),
      sluice::route<"GET /files/{name}">(echo, none),
      sluice::route<"GET /search">(search, none),
  };
  return app;
}

/// `Authorization` of a member of group `admin`, valid for an hour.
const std::string& admin_credential() {
  static const std::string bearer =
      "Bearer " + test_tokens::hs256(admin_secret, test_tokens::payload(R"("sub":"root","cognito:groups":["admin"])"));
  return bearer;
}

/// What a direct `lambda:Invoke` can put in requestContext.authorizer: an admin, made up.
constexpr std::string_view forged_authorizer =
    R"({"jwt":{"claims":{"sub":"mallory","cognito:groups":"[admin]"},"scopes":null}})";

// ---- the sources ----------------------------------------------------------------------------

/// Where an event names the route the gateway chose (the fast path of DESIGN section 2).
enum class route_claim : unsigned char { none, resource, route_key };

struct source {
  const char* name;
  std::string (*make)(const http_request&);
  sluice::path_encoding encoding;  // ENC or DEC in the TSV's `src` column
  route_claim claim;
};

std::string alb_single_value(const http_request& r) {
  return test_events::alb(r, false);
}
std::string alb_multi_value(const http_request& r) {
  return test_events::alb(r, true);
}

constexpr auto enc = sluice::path_encoding::encoded;
constexpr auto dec = sluice::path_encoding::decoded;

const source sources[] = {
    {"REST API", test_events::rest_v1, enc, route_claim::resource},
    {"Function URL", test_events::function_url, enc, route_claim::none},
    {"ALB", alb_single_value, enc, route_claim::none},
    {"ALB multi-value", alb_multi_value, enc, route_claim::none},
    {"HTTP API 2.0", test_events::http_api_v2, dec, route_claim::route_key},
    {"HTTP API 1.0", test_events::http_api_v1, dec, route_claim::resource},
};

/// Sets of `sources`, one bit each, in that order.
constexpr unsigned rest_api_bit = 1u << 0, alb_single_bit = 1u << 2;
constexpr unsigned api_gateway_sources = 0b110001;  // the ones an authorizer can run in front of
constexpr unsigned encoded_sources = 0b001111, decoded_sources = 0b110000, all_sources = 0b111111;

// ---- what each row must get -----------------------------------------------------------------

struct expectation {
  std::string_view id;
  int status = 0;
  path_problem problem = path_problem::none;  // what `canonical_path` says of the row's path
  std::string_view route = {};                // the route that answers, or none
  std::optional<std::string_view> body = {};  // exact; unset: the message of `problem`
  std::string_view allow = {};
  // the route a gateway claims on the fast path; unset: `route`, or else GET /admin
  std::string_view claim = {};
  // text the TSV must hold, for a row whose TSV answer is not (only) a status
  std::string_view tsv_says = {};
  unsigned only = 0;            // narrows the sources of the `src` column
  bool query_in_path = false;   // the `path` column is a request target: split at '?'
  bool extra_is_prose = false;  // the `extra` column describes, it adds nothing to the request
  // ---- at protected_app(), where /admin needs group `admin`
  int anonymous = 0;  // the status without credentials, when it is not `status`
  std::string_view challenge = "Bearer";  // the WWW-Authenticate of an anonymous 401
  std::string_view sends = {};  // a header line sent for a prose `extra` ("Name: value")
  bool forged_authorizer = false;  // the event carries forged_authorizer, from an untrusted API
  bool auth_only = false;  // the row asks only what auth answers: `status` is protected_app's
};

constexpr std::string_view not_found = R"({"message":"Not Found"})";
constexpr std::string_view admin_methods = "GET, HEAD, POST, DELETE, OPTIONS";

const expectation table[] = {
    {.id = "P01", .status = 400, .problem = path_problem::dot_segment},
    {.id = "P02", .status = 400, .problem = path_problem::dot_segment, .claim = "GET /public"},
    {.id = "P03", .status = 400, .problem = path_problem::dot_segment},
    {.id = "P04", .status = 400, .problem = path_problem::encoded_slash},
    {.id = "P05",
     .status = 400,
     .problem = path_problem::encoded_slash,
     .claim = "GET /admin/secret"},
    {.id = "P06",
     .status = 400,
     .problem = path_problem::encoded_backslash,
     .claim = "GET /admin/secret"},
    // one literal segment `admin%2Fsecret`: decoding it again would reach GET /admin/secret
    {.id = "P07", .status = 404, .body = not_found, .claim = "GET /admin/secret"},
    // 400: no normalising mode is on (the TSV's alternative)
    {.id = "P08", .status = 400, .problem = path_problem::empty_segment},
    {.id = "P09",
     .status = 400,
     .problem = path_problem::empty_segment,
     .claim = "GET /admin/users"},
    {.id = "P10", .status = 404, .body = not_found},  // trailing slash strict by default
    {.id = "P11", .status = 404, .body = not_found},
    // 404 of "404 or 400": ';' is not banned, `admin;jsessionid=x` is one literal segment
    {.id = "P12", .status = 404, .body = not_found},
    {.id = "P13", .status = 400, .problem = path_problem::dot_segment},
    {.id = "P14", .status = 400, .problem = path_problem::control_character},
    {.id = "P15", .status = 400, .problem = path_problem::control_character},
    {.id = "P16", .status = 400, .problem = path_problem::control_character},
    {.id = "P17", .status = 404, .body = not_found},
    {.id = "P18", .status = 400, .problem = path_problem::backslash, .claim = "GET /admin/secret"},
    {.id = "P19", .status = 400, .problem = path_problem::fragment},
    // of "404 or param value 'me?admin=true'", sluice gives the parameter ('?' is literal in a
    // DEC path)
    {.id = "P20",
     .status = 200,
     .route = "GET /users/{id}",
     .body = R"({"route":"GET /users/{id}","method":"GET","params":{"id":"me?admin=true"}})",
     .tsv_says = "param value 'me?admin=true'"},
    {.id = "P21",
     .status = 200,
     .route = "GET /admin",
     .body = R"({"route":"GET /admin","method":"GET","params":{}})",
     .tsv_says = "same route+policy as /admin",
     .anonymous = 401},
    {.id = "P22", .status = 400, .problem = path_problem::dot_segment},
    {.id = "P23", .status = 400, .problem = path_problem::dot_segment},
    {.id = "P24",
     .status = 400,
     .problem = path_problem::encoded_slash,
     .claim = "GET /files/{name}"},
    {.id = "P25", .status = 400, .problem = path_problem::invalid_utf8},
    {.id = "P26", .status = 400, .problem = path_problem::invalid_utf8},
    {.id = "P27", .status = 400, .problem = path_problem::malformed_escape},
    {.id = "P28", .status = 400, .problem = path_problem::malformed_escape},
    {.id = "P29", .status = 400, .problem = path_problem::malformed_escape},
    {.id = "P30", .status = 404, .body = not_found},
    // 414 of "414/400": 10,000 segments are over the 8192-byte bound before they are counted
    {.id = "P31", .status = 414, .problem = path_problem::too_long},
    // 414 of "414/400": over the path bound (8192 bytes), before the segment bound (1024)
    {.id = "P32", .status = 414, .problem = path_problem::too_long, .claim = "GET /items/{id}"},
    // 405 of "405/404": the path exists, and `get` is no method a route can name
    {.id = "P33",
     .status = 405,
     .body = R"({"message":"Method Not Allowed"})",
     .allow = admin_methods},
    {.id = "P34",
     .status = 200,
     .route = "POST /admin",
     .body = R"({"route":"POST /admin","method":"POST","params":{}})",
     .tsv_says = "override ignored",
     .anonymous = 401},
    // GET /admin's route answers, without a body, under GET's policy
    {.id = "P35",
     .status = 200,
     .route = "GET /admin",
     .body = "",
     .tsv_says = "same auth as GET /admin",
     .anonymous = 401},
    // not a preflight: public routes get the default OPTIONS answer (204, Allow); when they are
    // protected, the caller must pass their policies first
    {.id = "P36",
     .status = 204,
     .body = "",
     .allow = admin_methods,
     .tsv_says = "not a preflight: auth required",
     .extra_is_prose = true,
     .anonymous = 401},
    // a 1.0 single-value header map holds the two spellings: REST API and ALB single-value events
    // (2.0 lower-cases and joins, ALB multi-value lists both values: that is P38's shape)
    {.id = "P37",
     .status = 400,
     .body = R"({"message":"the header 'authorization' is sent twice with different values"})",
     .only = rest_api_bit | alb_single_bit},
    // an HTTP API joins two Authorization headers with ',': not one credential
    {.id = "P38",
     .status = 401,
     .challenge = R"(Bearer error="invalid_request", error_description="send exactly one bearer token")",
     .auth_only = true},
    {.id = "P39",
     .status = 200,
     .route = "GET /public",
     .body = R"({"route":"GET /public","method":"GET","params":{}})",
     .tsv_says = "header ignored for routing"},
    {.id = "P40",
     .status = 401,
     .tsv_says = "no header can skip auth",
     .extra_is_prose = true,
     .sends = "x-middleware-subrequest: 1",
     .auth_only = true},
    // the event names an API that options.trusted_api_ids does not: its authorizer context is
    // ignored (docs/auth.md, the trust boundary); the same context from the trusted API is taken
    {.id = "P41",
     .status = 401,
     .tsv_says = "documented trust boundary",
     .extra_is_prose = true,
     .forged_authorizer = true,
     .auth_only = true},
    {.id = "P42",
     .status = 400,
     .body = R"({"message":"query parameter 'role' must be sent once; use one value"})",
     .claim = "GET /search",
     .query_in_path = true},
    // every ENC source, each sending the query in its own state (REST decoded, Function URL raw,
    // ALB as the client sent it): decoded exactly once, q is "%41"
    {.id = "P43",
     .status = 200,
     .route = "GET /search",
     .body = R"({"route":"GET /search","method":"GET","params":{},"role":null,"q":"%41"})",
     .tsv_says = R"(q == "%41")",
     .query_in_path = true,
     .extra_is_prose = true},
};

const expectation* find_expectation(std::string_view id) {
  for (const expectation& e : table) {
    if (e.id == id) return &e;
  }
  return nullptr;
}

// ---- reading the TSV ------------------------------------------------------------------------

struct tsv_row {
  std::string id, src, method, path, extra, expected;
};

std::vector<std::string> split(std::string_view line, char separator) {
  std::vector<std::string> out;
  while (true) {
    const std::size_t at = line.find(separator);
    out.emplace_back(line.substr(0, at));
    if (at == std::string_view::npos) return out;
    line.remove_prefix(at + 1);
  }
}

/// The rows of the corpus file, or nothing when it is absent.
std::optional<std::vector<tsv_row>> read_corpus() {
  std::ifstream in(corpus_file, std::ios::binary);
  if (!in) return std::nullopt;
  std::vector<tsv_row> rows;
  std::string line;
  bool header = true;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    if (header) {
      CHECK(line == "id\tsrc\tmethod\tpath\textra\texpected");
      header = false;
      continue;
    }
    auto f = split(line, '\t');
    CHECK_MESSAGE(f.size() == 6, "a row of ", corpus_file, " has not 6 columns: ", line);
    if (f.size() != 6) continue;
    rows.push_back({f[0], f[1], f[2], f[3], f[4], f[5]});
  }
  return rows;
}

/// The HTTP statuses a TSV `expected` text names, in order ("414/400 limit" gives 414, 400).
std::vector<int> statuses_in(std::string_view text) {
  const auto digit = [&](std::size_t i) {
    return i < text.size() && text[i] >= '0' && text[i] <= '9';
  };
  const auto word = [&](std::size_t i) {
    const char c = text[i];
    return digit(i) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '%' || c == '+';
  };
  std::vector<int> out;
  for (std::size_t i = 0; i + 3 <= text.size(); ++i) {
    if (!digit(i) || !digit(i + 1) || !digit(i + 2)) continue;
    if ((i > 0 && word(i - 1)) || (i + 3 < text.size() && word(i + 3))) continue;
    const int status = (text[i] - '0') * 100 + (text[i + 1] - '0') * 10 + (text[i + 2] - '0');
    if (status >= 100 && status <= 599) out.push_back(status);
    i += 2;
  }
  return out;
}

std::optional<std::size_t> number(std::string_view text) {
  std::size_t n = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return n;
}

/// The TSV spells two paths that are too long to write out: `/a/a/a/...(10000 segments)` and
/// `/items/<1 MB param>`. Gives the path itself, or nothing for a placeholder it cannot read.
std::optional<std::string> expand(std::string_view path) {
  constexpr std::string_view dots = "...(", segments = " segments)";
  if (const std::size_t at = path.find(dots); at != std::string_view::npos) {
    // N times the first segment
    const std::string_view first = path.substr(0, path.find('/', 1));
    if (!path.ends_with(segments) || first.size() < 2 ||
        at + dots.size() > path.size() - segments.size()) {
      return std::nullopt;
    }
    const auto count =
        number(path.substr(at + dots.size(), path.size() - segments.size() - at - dots.size()));
    if (!count) return std::nullopt;
    std::string out;
    out.reserve(first.size() * *count);
    for (std::size_t i = 0; i < *count; ++i) out += first;
    return out;
  }
  if (const std::size_t open = path.find('<'); open != std::string_view::npos) {
    // one segment of N MB (MiB) or KB (KiB)
    const std::size_t close = path.find('>', open);
    if (close == std::string_view::npos) return std::nullopt;
    const std::string_view inside = path.substr(open + 1, close - open - 1);
    const std::size_t space = inside.find(' ');
    const auto count = number(inside.substr(0, space));
    const std::string_view unit = space == std::string_view::npos ? "" : inside.substr(space + 1);
    const std::size_t size = unit == "MB param" ? 1024 * 1024 : unit == "KB param" ? 1024 : 0;
    if (!count || size == 0) return std::nullopt;
    std::string out(path.substr(0, open));
    out.append(*count * size, 'a');
    out += path.substr(close + 1);
    return out;
  }
  return std::string(path);
}

/// `%XX` and '+' decoded once, as a gateway decodes a query component.
std::string decode_component(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      unsigned value = 0;
      if (std::from_chars(s.data() + i + 1, s.data() + i + 3, value, 16).ptr == s.data() + i + 3) {
        out += static_cast<char>(value);
        i += 2;
        continue;
      }
    }
    out += s[i] == '+' ? ' ' : s[i];
  }
  return out;
}

/// What the `extra` column adds to the request.
struct extras {
  std::vector<std::pair<std::string, std::string>> headers;
  std::string v2_query_map;  // the `queryStringParameters` a 2.0 event must carry
  bool understood = true;
};

extras read_extra(std::string_view extra) {
  extras out;
  if (extra.empty()) return out;
  constexpr std::string_view v1_headers = "v1 headers ", v2_headers = "v2 headers ",
                             v2_query = "v2 queryStringParameters ";
  if (extra.starts_with(v1_headers) || extra.starts_with(v2_headers)) {
    // {"Authorization":"Bearer A","authorization":"Bearer B"}: the map as the event holds it
    simdjson::dom::parser parser;
    simdjson::dom::object map;
    extra.remove_prefix(extra.find(' ', v1_headers.size() - 1) + 1);
    if (parser.parse(extra.data(), extra.size()).get(map)) {
      out.understood = false;
      return out;
    }
    for (auto [name, value] : map) {
      std::string_view text;
      if (value.get_string().get(text)) out.understood = false;
      out.headers.emplace_back(std::string(name), std::string(text));
    }
    return out;
  }
  if (extra.starts_with(v2_query)) {
    out.v2_query_map = std::string(extra.substr(v2_query.size()));
    return out;
  }
  // `Name: value`, one header line (a value with spaces is prose: "1 (or any ...)")
  const std::size_t colon = extra.find(": ");
  const std::string_view name = extra.substr(0, colon);
  const std::string_view value = colon == std::string_view::npos ? "" : extra.substr(colon + 2);
  const bool token =
      !name.empty() &&
      name.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-") ==
          std::string_view::npos;
  if (token && !value.empty() && value.find(' ') == std::string_view::npos) {
    out.headers.emplace_back(std::string(name), std::string(value));
  } else {
    out.understood = false;
  }
  return out;
}

/// A row ready to send: the request, and the sources it goes to.
struct prepared_row {
  http_request request;
  std::string v2_query_map;
  unsigned sources = 0;
};

/// Builds the request of a routing row; checks the row against the table on the way.
std::optional<prepared_row> prepare(const tsv_row& row, const expectation& e) {
  prepared_row p;
  p.sources = row.src == "ENC"   ? encoded_sources
              : row.src == "DEC" ? decoded_sources
              : row.src == "ANY" ? all_sources
                                 : 0u;
  CHECK_MESSAGE(p.sources != 0, "unknown src column: ", row.src);
  if (e.only != 0) {
    CHECK_MESSAGE((e.only & ~p.sources) == 0, "the table names a source the src column excludes");
    p.sources &= e.only;
  }

  // the TSV's answer and the table's must agree
  const std::vector<int> statuses = statuses_in(row.expected);
  if (!e.tsv_says.empty()) {
    CHECK_MESSAGE(row.expected.find(e.tsv_says) != std::string::npos,
                  "the TSV no longer says what the table relies on: ", e.tsv_says);
  } else {
    CHECK_MESSAGE(!statuses.empty(),
                  "the TSV names no status: the table must say what it asserts (tsv_says)");
    if (!statuses.empty()) {
      CHECK_MESSAGE(statuses.front() == e.status, "the TSV's answer: ", row.expected);
    }
  }

  const std::optional<std::string> target = expand(row.path);
  if (!target) {
    FAIL_CHECK("a placeholder in the path column that the test cannot expand: ", row.path);
    return std::nullopt;
  }
  std::string_view path = *target;
  if (e.query_in_path) {
    const std::size_t question = path.find('?');
    if (question == std::string_view::npos) {
      FAIL_CHECK("the table expects a query in the path column: ", row.path);
      return std::nullopt;
    }
    for (const std::string& pair : split(path.substr(question + 1), '&')) {
      const std::size_t eq = pair.find('=');
      p.request.query.emplace_back(
          decode_component(pair.substr(0, eq)),
          eq == std::string::npos ? "" : decode_component(pair.substr(eq + 1)));
    }
    path = path.substr(0, question);
  }
  p.request.method = row.method;
  p.request.path = std::string(path);

  extras x = read_extra(e.sends.empty() ? std::string_view(row.extra) : e.sends);
  CHECK_MESSAGE((x.understood || e.extra_is_prose),
                "the extra column is not understood: ", row.extra);
  CHECK_MESSAGE((e.sends.empty() || x.understood), "the table's header line is not understood: ", e.sends);
  p.request.headers = std::move(x.headers);
  p.v2_query_map = std::move(x.v2_query_map);
  return p;
}

// ---- the tests ------------------------------------------------------------------------------

TEST_SUITE("corpus: adversarial requests") {
  TEST_CASE("every routing row of the adversarial corpus, from every HTTP source it applies to") {
    const auto rows = read_corpus();
    if (!rows) {
      std::fprintf(stderr, "SKIPPED: adversarial requests: %s is absent\n", corpus_file);
      return;
    }
    std::vector<std::string_view> seen;
    std::size_t ran = 0;
    for (const tsv_row& row : *rows) {
      CAPTURE(row.id);
      const expectation* e = find_expectation(row.id);
      if (e == nullptr) {
        FAIL_CHECK("no entry in the table for this row: say what it must get");
        continue;
      }
      seen.push_back(e->id);
      const std::optional<prepared_row> p = prepare(row, *e);
      if (e->auth_only) continue;  // every route of hostile_app() is public: see the next test
      if (!p) continue;
      bool sent = false;
      for (std::size_t i = 0; i < std::size(sources); ++i) {
        if ((p->sources & (1u << i)) == 0) continue;
        const source& s = sources[i];
        const std::string_view source_name = s.name;
        CAPTURE(source_name);
        sent = true;
        http_request r = p->request;
        const std::string event = s.make(r);
        if (!p->v2_query_map.empty() && s.make == test_events::http_api_v2) {
          CHECK(event.find("\"queryStringParameters\":" + p->v2_query_map) != std::string::npos);
        }

        const auto start = std::chrono::steady_clock::now();
        const sluice::invocation_result result = hostile_app().handle(event);
        const auto elapsed = std::chrono::steady_clock::now() - start;
        REQUIRE(result.ok);
        const std::string payload(result.payload);
        // bounded work: a hang or a blow-up fails here, a constant factor does not
        CHECK(elapsed < std::chrono::seconds(1));

        const auto answer = parse_answer(payload);
        REQUIRE(answer.valid);
        CHECK(answer.status == e->status);
        CHECK(answer.header("X-Route") == e->route);
        CHECK(answer.header("Allow") == e->allow);
        if (e->body) {
          CHECK(answer.body == *e->body);
        } else {
          // the path layer refused it, for the reason the table gives
          CHECK(body_field(answer.body, "/message") ==
                test_events::quote(sluice::describe(e->problem)));
        }

        // the gateway claims a route (`resource`, `routeKey`): the fast path must agree
        if (s.claim != route_claim::none) {
          const std::string_view claimed = !e->claim.empty()   ? e->claim
                                           : !e->route.empty() ? e->route
                                                               : "GET /admin";
          r.route_key =
              s.claim == route_claim::route_key ? claimed : claimed.substr(claimed.find(' ') + 1);
          CHECK(std::string_view(hostile_app().handle(s.make(r)).payload) == payload);
        }
      }
      CHECK_MESSAGE(sent, "the row applies to no source");
      ran += sent;
    }
    CHECK(ran >= 30);
    for (const expectation& e : table) {
      CHECK_MESSAGE(std::find(seen.begin(), seen.end(), e.id) != seen.end(),
                    "a table entry without a TSV row: ", e.id);
    }
  }

  TEST_CASE("every row again with /admin protected: auth runs after routing, and nothing skips it") {
    const auto rows = read_corpus();
    if (!rows) {
      std::fprintf(stderr, "SKIPPED: adversarial requests: %s is absent\n", corpus_file);
      return;
    }
    std::size_t refused = 0, auth_rows = 0;
    for (const tsv_row& row : *rows) {
      CAPTURE(row.id);
      const expectation* e = find_expectation(row.id);
      if (e == nullptr) continue;  // the first test fails for a missing entry
      const std::optional<prepared_row> p = prepare(row, *e);
      if (!p) continue;
      auth_rows += e->auth_only;
      const int anonymous = e->auth_only ? e->status : e->anonymous != 0 ? e->anonymous : e->status;
      for (std::size_t i = 0; i < std::size(sources); ++i) {
        if ((p->sources & (1u << i)) == 0) continue;
        const source& s = sources[i];
        const std::string_view source_name = s.name;
        CAPTURE(source_name);
        http_request r = p->request;
        if (e->forged_authorizer) {
          r.authorizer = std::string(forged_authorizer);
          r.api_id = "not-our-api";
        }

        // no credentials (or forged ones): the row's own answer, or a 401 where it reaches /admin
        const std::string event = s.make(r);
        const std::string payload(protected_app().handle(event).payload);
        const auto answer = parse_answer(payload);
        REQUIRE(answer.valid);
        CHECK(answer.status == anonymous);
        if (anonymous == 401) {
          ++refused;
          CHECK(answer.header("WWW-Authenticate") == e->challenge);
          CHECK(answer.body == (r.method == "HEAD" ? "" : R"({"message":"Unauthorized"})"));
          CHECK(answer.header("X-Route").empty());
        } else if (!e->auth_only) {
          // byte for byte what the app without policies answers: auth changed nothing
          CHECK(payload == std::string_view(hostile_app().handle(event).payload));
        }

        if (e->forged_authorizer && (api_gateway_sources & (1u << i)) != 0) {
          // the control: the same context from the trusted API is believed
          r.api_id = "abc123";
          const auto trusted = parse_answer(protected_app().handle(s.make(r)).payload);
          CHECK(trusted.status == 200);
          CHECK(trusted.header("X-Route") == "GET /admin");
          continue;
        }
        const bool sends_credential = std::any_of(r.headers.begin(), r.headers.end(), [](const auto& h) {
          std::string name = h.first;
          std::transform(name.begin(), name.end(), name.begin(), [](char c) { return c >= 'A' && c <= 'Z' ? char(c + 32) : c; });
          return name == "authorization";
        });
        if (sends_credential || e->forged_authorizer) continue;

        // an admin's credentials: exactly the answer of the app without policies
        r.headers.emplace_back("Authorization", admin_credential());
        const std::string with_token = s.make(r);
        const std::string admitted(protected_app().handle(with_token).payload);
        if (e->auth_only) {
          const auto admin = parse_answer(admitted);
          CHECK(admin.status == 200);
          CHECK(admin.header("X-Route") == "GET /admin");
        } else {
          CHECK(admitted == std::string_view(hostile_app().handle(with_token).payload));
        }
      }
    }
    CHECK(auth_rows >= 3);
    CHECK(refused >= 10);
  }

  TEST_CASE("canonical_path alone gives each adversarial row the app's 400/414 decision") {
    const auto rows = read_corpus();
    if (!rows) {
      std::fprintf(stderr, "SKIPPED: adversarial requests: %s is absent\n", corpus_file);
      return;
    }
    const auto path = std::make_unique<sluice::canonical_path>();
    sluice::detail::arena arena;
    std::size_t checked = 0;
    for (const tsv_row& row : *rows) {
      CAPTURE(row.id);
      const expectation* e = find_expectation(row.id);
      if (e == nullptr) continue;  // the first test fails for a missing entry
      const std::optional<prepared_row> p = prepare(row, *e);
      if (!p) continue;
      for (const auto encoding : {enc, dec}) {
        const unsigned with = encoding == enc ? encoded_sources : decoded_sources;
        if ((p->sources & with) == 0) continue;
        const std::string_view encoding_name = encoding == enc ? "ENC" : "DEC";
        CAPTURE(encoding_name);
        arena.reset();
        const path_problem problem =
            path->parse(p->request.path, encoding, sluice::path_limits{}, arena);
        CHECK(sluice::describe(problem) == sluice::describe(e->problem));
        // a path problem decides the answer; otherwise the router (or the request) does
        if (problem != path_problem::none) CHECK(sluice::status_of(problem) == e->status);
        ++checked;
      }
    }
    CHECK(checked >= 30);
  }
}

}  // namespace adversarial_test
