// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// The sluice-echo route table: each route answers with what it matched. It is the
// acceptance harness of the routing and HTTP event contract (see docs/routing.md).

#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string_view>

#include "sluice/compression.hpp"
#include "sluice/jwt.hpp"
#include "sluice/sluice.hpp"

namespace echo {

struct new_pet {
  std::string_view name;
  std::optional<std::string_view> tag;
  std::optional<std::int64_t> age;

  static constexpr auto sluice_fields() {
    return sluice::fields(sluice::field<"name">(&new_pet::name, sluice::length{1, 64}),
                          sluice::field<"tag">(&new_pet::tag),
                          sluice::field<"age">(&new_pet::age, sluice::range{0, 100}));
  }
};

/// {"route": "<the matched route>", "params": {name: value, ...}} with string values.
inline sluice::response route_and_params(const sluice::request& req) {
  sluice::json_writer w;
  w.begin_object().field("route", req.route()).key("params").begin_object();
  for (const auto& p : req.path_params()) w.field(p.name, p.value);
  w.end_object().end_object();
  return sluice::json(w);
}

inline sluice::response route_only(const sluice::request& req) {
  sluice::json_writer w;
  w.begin_object().field("route", req.route()).end_object();
  return sluice::json(w);
}

inline sluice::response pet_by_id(const sluice::request& req, sluice::path<"id", std::uint64_t> id) {
  sluice::json_writer w;
  w.begin_object().field("route", req.route()).key("params").begin_object().field("id", *id).end_object().end_object();
  return sluice::json(w);
}

/// {"route": "GET /pets/mine", "sub": "<the caller>"}
inline sluice::response my_pets(const sluice::request& req, const sluice::principal& who) {
  sluice::json_writer w;
  w.begin_object().field("route", req.route()).field("sub", who.subject()).end_object();
  return sluice::json(w);
}

/// {"sub": ..., "scopes": [...]} of a bearer token verified here.
inline sluice::response me(const sluice::principal& who) {
  sluice::json_writer w;
  w.begin_object().field("sub", who.subject()).key("scopes").begin_array();
  who.for_each_scope([&](std::string_view s) { w.value(s); });
  w.end_array().end_object();
  return sluice::json(w);
}

/// Tokens are verified with the keys and rules of SLUICE_JWT_SECRET (HS256),
/// SLUICE_JWT_PUBLIC_KEY_FILE (RS256 or ES256), SLUICE_JWT_ISSUER and SLUICE_JWT_AUDIENCE.
inline const sluice::jwt_verifier& verifier() {
  static const sluice::jwt_verifier v = sluice::jwt_verifier::from_environment("SLUICE_JWT");
  return v;
}

/// The browser origins that may call the API, with the user's cookies.
inline sluice::cors_options cors_policy() {
  return {.origins = {"https://app.example.com", "https://admin.example.com"},
          .expose_headers = {"X-Request-Id"},
          .credentials = true,
          .max_age = std::chrono::minutes(10)};
}

/// The app, built once. Every route declares who may call it. Around every route: CORS for the
/// two web front ends, the request id on every answer, gzip for large text answers.
inline const auto& app() {
  using namespace sluice::auth;
  static const auto app = sluice::app{
      sluice::every_route_declares_auth,
      sluice::options{.strip_stage = true, .bearer = verifier().bearer()},
      sluice::use(sluice::cors(cors_policy()), sluice::tracing(), sluice::compression()),
      sluice::route<"GET /health">([] { return sluice::json(R"({"status":"ok"})"); }, none),
      sluice::route<"GET /pets">([](sluice::query<"limit", sluice::bounded<std::uint64_t, 0, 100>, 20> limit,
                                    sluice::query_list<"tag"> tags) {
        sluice::json_writer w;
        w.begin_object().field("route", "GET /pets").field("limit", limit->get()).field("tags", tags.values);
        return sluice::json(w.end_object());
      }, none),
      sluice::route<"POST /pets">([](sluice::json_body<new_pet> pet) {
        sluice::json_writer w;
        w.begin_object().field("route", "POST /pets").field("pet", *pet).end_object();
        return sluice::json(w, 201);
      }, any_scope("pets:write")),
      sluice::route<"GET /pets/mine">(my_pets, authenticated),
      sluice::route<"GET /pets/{id}">(pet_by_id, none),
      sluice::route<"DELETE /pets/{id}">(pet_by_id, group("admin")),
      sluice::route<"ANY /files/{key+}">([](const sluice::request& req, sluice::path<"key"> key) {
        sluice::json_writer w;
        w.begin_object().field("route", req.route()).field("method", req.method_name());
        w.key("params").begin_object().field("key", *key).end_object().end_object();
        return sluice::json(w);
      }, none),
      sluice::route<"GET /files/readme">(route_only, none),
      sluice::route<"GET /a/{x}/d">(route_and_params, none),
      sluice::route<"GET /a/b/c">(route_and_params, none),
      sluice::route<"GET /users/{user}/repos/{repo}">(route_and_params, none),
      sluice::route<"PUT /users/{user}/repos/{repo}">(route_and_params, none),
      sluice::route<"GET /me">(me, local_token),
      // A handler that fails: the client gets a 500 that says nothing more; the log gets the rest.
      sluice::route<"GET /boom">([]() -> sluice::response {
        throw std::runtime_error("boom: the handler failed on purpose (GET /boom)");
      }, none),
  };
  return app;
}

}  // namespace echo
