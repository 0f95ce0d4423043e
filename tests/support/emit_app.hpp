// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// A route table that uses every kind of parameter, body and policy `--emit` describes: read by
// tests/unit/emit_test.cpp, and run as sluice-emit-sample by the OpenAPI validator and the SAM
// check (tests/openapi/, tests/package/check_emitted_sam.py), which know its routes by heart.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sluice/sluice.hpp"

namespace emit_sample {

struct address {
  std::string_view city;
  std::optional<std::string_view> zip;
  static constexpr auto sluice_fields() {
    return sluice::fields(sluice::field<"city">(&address::city, sluice::length{2, 80}),
                          sluice::field<"zip">(&address::zip));
  }
};

struct order {
  std::int32_t quantity;
  double price;
  bool gift;
  std::vector<std::string_view> notes;
  std::optional<address> ship_to;
  std::vector<address> stops;
  static constexpr auto sluice_schema_name = std::string_view("Order");
  static constexpr auto sluice_fields() {
    return sluice::fields(sluice::field<"quantity">(&order::quantity, sluice::range{1, 50}),
                          sluice::field<"price">(&order::price, sluice::range{0, 1000.5}),
                          sluice::field<"gift">(&order::gift), sluice::field<"notes">(&order::notes),
                          sluice::field<"ship_to">(&order::ship_to), sluice::field<"stops">(&order::stops));
  }
};

inline sluice::response ok() { return sluice::json(R"({"ok":true})"); }

/// The app. Its routes, in order, and what each should show in the documents:
inline const auto& app() {
  using namespace sluice::auth;
  static const auto app = sluice::app{
      sluice::options{.api = {.title = "Emit sample", .version = "2.3.4", .description = "Routes of every kind"}},
      // a public route with typed path parameters
      sluice::route<"GET /shops/{shop}/items/{item}">(
          [](sluice::path<"shop", std::int32_t>, sluice::path<"item", sluice::bounded<std::int64_t, 1, 999>>) {
            return ok();
          },
          none),
      // query parameters: required, optional, defaulted, repeated; a header and a cookie
      sluice::route<"GET /search">(
          [](sluice::query<"q">, sluice::query<"page", std::optional<std::uint16_t>>,
             sluice::query<"exact", bool, false>, sluice::query_list<"tag", std::int32_t>,
             sluice::header<"x-trace", std::optional<double>>, sluice::cookie<"session">) { return ok(); },
          none),
      // a JSON body under any of two scopes
      sluice::route<"POST /orders">([](sluice::json_body<order>) { return ok(); }, any_scope("orders:write", "admin")),
      // every scope, and a group on top
      sluice::route<"PUT /orders/{id}">([](sluice::path<"id", std::uint64_t>, sluice::json_body<order>) { return ok(); },
                                        all_scopes("orders:read", "orders:write") && group("ops")),
      // raw bytes under IAM
      sluice::route<"PUT /blobs/{key+}">([](sluice::raw_body) { return ok(); }, iam("123456789012")),
      // ANY beside an explicit GET on the same path
      sluice::route<"GET /things">(ok, authenticated),
      sluice::route<"ANY /things">(ok, api_key),
      // a token sluice verifies itself
      sluice::route<"DELETE /things">(ok, local_token),
      // either of two policies, one of them public
      sluice::route<"GET /maybe">(ok, none || authenticated),
      // either IAM or a scope: the gateway cannot check it alone
      sluice::route<"GET /mixed">(ok, iam() || any_scope("mixed:read")),
      sluice::route<"$default">(ok, none),
  };
  return app;
}

}  // namespace emit_sample
