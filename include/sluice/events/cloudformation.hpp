// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// CloudFormation custom resources: the request as a view (its properties kept as JSON text,
// bound to a described struct on request), and the response document, which the function
// must PUT to `response_url` itself (sluice makes no outbound HTTPS requests).

#include <span>
#include <string_view>

#include "sluice/body.hpp"
#include "sluice/detail/event_reader.hpp"
#include "sluice/detail/json_text.hpp"
#include "sluice/events/common.hpp"
#include "sluice/fields.hpp"

namespace sluice::events {

enum class cloudformation_request_type : std::uint8_t { create, update, remove };

/**
 * A custom resource request. `resource_properties_json` and `old_resource_properties_json`
 * (updates) are the objects' JSON text; `properties_as<T>()` binds them strictly.
 *
 * **Example**: `auto props = request->properties_as<bucket_props>();`
 */
struct cloudformation_request {
  cloudformation_request_type request_type = cloudformation_request_type::create;
  std::string_view response_url;
  std::string_view stack_id;
  std::string_view request_id;
  std::string_view resource_type;
  std::string_view logical_resource_id;
  std::string_view physical_resource_id;  // Update and Delete
  std::string_view service_token;
  std::string_view resource_properties_json = "{}";
  std::string_view old_resource_properties_json = "{}";
  detail::arena* mem = nullptr;

  /// `ResourceProperties` bound to a described struct (CloudFormation sends every scalar as a string).
  template <described T>
  [[nodiscard]] decoded<T> properties_as(bool old = false) const {
    detail::arena_scope scope(*mem);
    T out{};
    http_error err;
    if (!detail::binding::bind(old ? old_resource_properties_json : resource_properties_json, out, err)) {
      return decoded<T>::failure(err.message);
    }
    return out;
  }

  static constexpr source_kind kind = source_kind::cloudformation;
  static constexpr std::string_view expected =
      "a CloudFormation custom resource request (RequestType, ResponseURL, StackId)";

  [[nodiscard]] static parse_result<cloudformation_request> parse(simdjson::padded_string_view json,
                                                                  detail::arena& mem,
                                                                  simdjson::ondemand::parser& parser =
                                                                      detail::event_json::event_parser()) {
    namespace ej = detail::event_json;
    ej::reader r(mem, "CloudFormation custom resource request");
    cloudformation_request c;
    c.mem = &mem;
    std::string_view type;
    detail::arena_vector<std::string_view> keys(mem, 6);
    r.defer_problems(true);
    const bool ok = ej::read_root(parser, json, r, [&](ej::od::field& f, ej::od::value& v) {
      if (keys.size() < 6) keys.push_back(detail::json::raw_key(f).text);
      if (ej::is(f, "RequestType")) return r.text(v, "RequestType", type);
      if (ej::is(f, "ResponseURL")) return r.text(v, "ResponseURL", c.response_url);
      if (ej::is(f, "StackId")) return r.text(v, "StackId", c.stack_id);
      if (ej::is(f, "RequestId")) return r.text(v, "RequestId", c.request_id);
      if (ej::is(f, "ResourceType")) return r.text(v, "ResourceType", c.resource_type);
      if (ej::is(f, "LogicalResourceId")) return r.text(v, "LogicalResourceId", c.logical_resource_id);
      if (ej::is(f, "PhysicalResourceId")) return r.text(v, "PhysicalResourceId", c.physical_resource_id);
      if (ej::is(f, "ServiceToken")) return r.text(v, "ServiceToken", c.service_token);
      if (ej::is(f, "ResourceProperties")) return object_text(r, v, "ResourceProperties", c.resource_properties_json);
      if (ej::is(f, "OldResourceProperties")) {
        return object_text(r, v, "OldResourceProperties", c.old_resource_properties_json);
      }
      return true;
    });
    const bool is_custom_resource = (type == "Create" || type == "Update" || type == "Delete") &&
                                    !c.response_url.empty() && !c.stack_id.empty();
    if (!ej::settle_source(r, ok, is_custom_resource, expected, keys)) return r.error();
    c.request_type = type == "Create"   ? cloudformation_request_type::create
                     : type == "Update" ? cloudformation_request_type::update
                                        : cloudformation_request_type::remove;
    return c;
  }

 private:
  static bool object_text(detail::event_json::reader& r, detail::event_json::od::value& v, std::string_view name,
                          std::string_view& out) {
    namespace ej = detail::event_json;
    ej::od::json_type type{};
    if (v.type().get(type) != simdjson::SUCCESS) return r.not_json();
    if (type != ej::od::json_type::object) return r.fail(name, "must be an object");
    return r.raw_json(v, out);
  }
};

/**
 * The document to PUT to the request's `response_url`:
 * `{"Status":"SUCCESS|FAILED","Reason":..,"PhysicalResourceId":..,"StackId":..,"RequestId":..,
 * "LogicalResourceId":..,"NoEcho":..,"Data":{..}}`. `data_json` is a JSON object's text.
 *
 * **Example**: `std::string_view body = sluice::events::cloudformation_response::success_for(req, "bucket-1").to_json(arena);`
 */
struct cloudformation_response {
  bool success = true;
  std::string_view reason;
  std::string_view physical_resource_id;
  std::string_view stack_id;
  std::string_view request_id;
  std::string_view logical_resource_id;
  bool no_echo = false;
  std::string_view data_json = "{}";

  [[nodiscard]] static cloudformation_response success_for(const cloudformation_request& r, std::string_view physical_id,
                                                            std::string_view data_json = "{}") {
    return {true, {}, physical_id, r.stack_id, r.request_id, r.logical_resource_id, false, data_json};
  }
  /// A failure; the physical id stays the request's (or the logical id on a failed Create).
  [[nodiscard]] static cloudformation_response failure_for(const cloudformation_request& r, std::string_view reason) {
    const std::string_view id = r.physical_resource_id.empty() ? r.logical_resource_id : r.physical_resource_id;
    return {false, reason, id, r.stack_id, r.request_id, r.logical_resource_id, false, "{}"};
  }

  [[nodiscard]] std::string_view to_json(detail::arena& mem) const {
    detail::arena_string out(mem);
    const auto field = [&](std::string_view name, std::string_view value) {
      out.append(",\"");
      out.append(name);
      out.append("\":\"");
      detail::escape_json(value, out);
      out.push_back('"');
    };
    out.append(success ? R"({"Status":"SUCCESS")" : R"({"Status":"FAILED")");
    if (!reason.empty()) field("Reason", reason);
    field("PhysicalResourceId", physical_resource_id);
    field("StackId", stack_id);
    field("RequestId", request_id);
    field("LogicalResourceId", logical_resource_id);
    out.append(no_echo ? R"(,"NoEcho":true,"Data":)" : R"(,"NoEcho":false,"Data":)");
    out.append(data_json.empty() ? std::string_view("{}") : data_json);
    out.push_back('}');
    return out.view();
  }
};

}  // namespace sluice::events
