// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// Amazon S3 event notifications (`{"Records": [{"eventSource": "aws:s3", ...}]}`), delivered
// to Lambda directly or inside an SQS message or an SNS notification (`body_as<s3_event>()`,
// `message_as<s3_event>()`).

#include <cstdint>
#include <span>
#include <string_view>

#include "sluice/detail/event_reader.hpp"
#include "sluice/detail/text.hpp"
#include "sluice/events/common.hpp"

namespace sluice::events {

/// The object of a notification. `key` is as S3 sends it: URL-encoded, form style.
struct s3_object {
  std::string_view key;  // "red+flower%2B1.jpg"
  std::int64_t size = 0;
  std::string_view etag;
  std::string_view version_id;
  std::string_view sequencer;
  detail::arena* mem = nullptr;

  /**
   * The key as the object is named (`red flower+1.jpg`): `+` is a space, `%XX` a byte. Use it
   * to call S3; a malformed escape is an error, never a guess.
   */
  [[nodiscard]] decoded<std::string_view> decoded_key() const {
    if (!detail::has_percent_or_plus(key)) return key;
    char* out = mem->allocate_chars(key.size());
    const std::ptrdiff_t n = detail::percent_decode(key, out, detail::percent_mode::form);
    if (n < 0) return decoded<std::string_view>::failure("S3 object 'key' has a malformed %-escape");
    return std::string_view(out, static_cast<std::size_t>(n));
  }
};

/**
 * One S3 notification record.
 *
 * **Example**:
 * ```
 * for (const sluice::events::s3_record& r : event->records)
 *   if (r.event_name.starts_with("ObjectCreated:")) fetch(r.bucket_name, *r.object.decoded_key());
 * ```
 */
struct s3_record {
  std::string_view event_version;
  std::string_view aws_region;
  timestamp event_time{};
  std::string_view event_name;  // "ObjectCreated:Put", "s3:ObjectRestore:Completed", ...
  std::string_view principal_id;       // userIdentity.principalId
  std::string_view source_ip_address;  // requestParameters.sourceIPAddress
  std::string_view request_id;         // responseElements.x-amz-request-id
  std::string_view host_id;            // responseElements.x-amz-id-2
  std::string_view configuration_id;   // s3.configurationId
  std::string_view bucket_name;
  std::string_view bucket_arn;
  std::string_view bucket_owner;  // s3.bucket.ownerIdentity.principalId
  s3_object object;
  /// Restores from Glacier: glacierEventData.restoreEventData.
  timestamp restoration_expiry_time{};
  std::string_view restore_storage_class;
};

/**
 * An S3 event.
 *
 * **Example**: `auto event = sluice::events::s3_event::parse(padded, arena);`
 */
struct s3_event {
  std::span<const s3_record> records;

  static constexpr source_kind kind = source_kind::s3;
  static constexpr std::string_view expected = "an S3 event (Records[].eventSource \"aws:s3\")";

  [[nodiscard]] static parse_result<s3_event> parse(simdjson::padded_string_view json, detail::arena& mem,
                                                    simdjson::ondemand::parser& parser =
                                                        detail::event_json::event_parser()) {
    namespace ej = detail::event_json;
    ej::reader r(mem, "S3 event");
    detail::arena_vector<s3_record> list(mem, 4);
    const bool ok = ej::read_records(parser, json, r, expected, [&](std::size_t, ej::od::value& v) {
      s3_record rec;
      rec.object.mem = &mem;
      std::string_view source;
      bool has_s3 = false;
      const bool read = ej::read_record(r, v, expected, "aws:s3", source, [&](ej::od::field& f, ej::od::value& value) {
        // nine keys: told apart by one or two bytes (the padded event has them all), then
        // each confirmed whole, rather than compared in turn
        const char* const key = f.key().raw();
        switch (key[0]) {
          case 'e':
            switch (key[5]) {
              case 'S': return !ej::is(f, "eventSource") || r.text(value, "eventSource", source);
              case 'V': return !ej::is(f, "eventVersion") || r.text(value, "eventVersion", rec.event_version);
              case 'T': return !ej::is(f, "eventTime") || r.iso_time(value, "eventTime", rec.event_time);
              case 'N': return !ej::is(f, "eventName") || r.text(value, "eventName", rec.event_name);
              default: return true;
            }
          case 'a': return !ej::is(f, "awsRegion") || r.text(value, "awsRegion", rec.aws_region);
          case 'u':
            return !ej::is(f, "userIdentity") || one_text(r, value, "userIdentity", "principalId", rec.principal_id);
          case 'r':
            if (ej::is(f, "requestParameters")) {
              return one_text(r, value, "requestParameters", "sourceIPAddress", rec.source_ip_address);
            }
            if (!ej::is(f, "responseElements")) return true;
            return r.members(value, "responseElements", [&](ej::od::field& g, ej::od::value& item) {
              if (ej::is(g, "x-amz-request-id")) return r.text(item, "x-amz-request-id", rec.request_id);
              if (ej::is(g, "x-amz-id-2")) return r.text(item, "x-amz-id-2", rec.host_id);
              return true;
            });
          case 's':
            if (!ej::is(f, "s3")) return true;
            has_s3 = true;
            return read_s3(r, value, rec);
          case 'g': return !ej::is(f, "glacierEventData") || read_glacier(r, value, rec);
          default: return true;
        }
      });
      if (!read) return false;
      if (!has_s3 || rec.bucket_name.empty()) return r.fail("s3.bucket.name", "is missing: every S3 record names its bucket");
      list.push_back(rec);
      return true;
    });
    if (!ok) return r.error();
    return s3_event{{list.begin(), list.size()}};
  }

 private:
  /// `{"<key>": "text", ...}`: reads the one key wanted.
  template <std::size_t N>
  static bool one_text(detail::event_json::reader& r, detail::event_json::od::value& v, std::string_view name,
                       const char (&key)[N], std::string_view& out) {
    namespace ej = detail::event_json;
    return r.members(v, name, [&](ej::od::field& g, ej::od::value& item) {
      return ej::is(g, key) ? r.text(item, std::string_view(key, N - 1), out) : true;
    });
  }

  static bool read_s3(detail::event_json::reader& r, detail::event_json::od::value& v, s3_record& rec) {
    namespace ej = detail::event_json;
    return r.members(v, "s3", [&](ej::od::field& f, ej::od::value& value) {
      if (ej::is(f, "configurationId")) return r.text(value, "configurationId", rec.configuration_id);
      if (ej::is(f, "bucket")) {
        return r.members(value, "bucket", [&](ej::od::field& g, ej::od::value& item) {
          if (ej::is(g, "name")) return r.text(item, "name", rec.bucket_name);
          if (ej::is(g, "arn")) return r.text(item, "arn", rec.bucket_arn);
          if (ej::is(g, "ownerIdentity")) return one_text(r, item, "ownerIdentity", "principalId", rec.bucket_owner);
          return true;
        });
      }
      if (ej::is(f, "object")) {
        return r.members(value, "object", [&](ej::od::field& g, ej::od::value& item) {
          if (ej::is(g, "key")) return r.text(item, "key", rec.object.key);
          if (ej::is(g, "size")) return r.integer(item, "size", rec.object.size);
          if (ej::is(g, "eTag")) return r.text(item, "eTag", rec.object.etag);
          if (ej::is(g, "versionId")) return r.text(item, "versionId", rec.object.version_id);
          if (ej::is(g, "sequencer")) return r.text(item, "sequencer", rec.object.sequencer);
          return true;
        });
      }
      return true;
    });
  }

  static bool read_glacier(detail::event_json::reader& r, detail::event_json::od::value& v, s3_record& rec) {
    namespace ej = detail::event_json;
    return r.members(v, "glacierEventData", [&](ej::od::field& f, ej::od::value& value) {
      if (!ej::is(f, "restoreEventData")) return true;
      return r.members(value, "restoreEventData", [&](ej::od::field& g, ej::od::value& item) {
        if (ej::is(g, "lifecycleRestorationExpiryTime")) {
          return r.iso_time(item, "lifecycleRestorationExpiryTime", rec.restoration_expiry_time);
        }
        if (ej::is(g, "lifecycleRestoreStorageClass")) {
          return r.text(item, "lifecycleRestoreStorageClass", rec.restore_storage_class);
        }
        return true;
      });
    });
  }
};

/**
 * An S3 event delivered by EventBridge (`source` `aws.s3`; `detail-type` `Object Created`,
 * `Object Deleted`, `Object Restore Initiated`/`Completed`/`Expired`, `Object Tags Added`/
 * `Deleted`, `Object ACL Updated`, `Object Storage Class Changed`, `Object Access Tier
 * Changed`): the event's `detail`, read by `eventbridge_event::detail_as<s3_eventbridge_detail>()`.
 * Fields a detail-type does not carry stay empty. `key` is as sent.
 *
 * **Example**:
 * ```
 * if (e.source == "aws.s3" && e.detail_type == "Object Created")
 *   if (auto d = e.detail_as<sluice::events::s3_eventbridge_detail>()) fetch(d->bucket_name, d->key);
 * ```
 */
struct s3_eventbridge_detail {
  std::string_view version;
  std::string_view bucket_name;
  std::string_view key;
  std::int64_t size = 0;
  std::string_view etag;
  std::string_view version_id;
  std::string_view sequencer;
  std::string_view request_id;  // "request-id"
  std::string_view requester;   // an account id or a service principal
  std::string_view source_ip_address;
  std::string_view reason;         // PutObject, CopyObject, DeleteObject, Lifecycle Expiration, ...
  std::string_view deletion_type;  // Permanently Deleted, Delete Marker Created
  timestamp restore_expiry_time{};
  std::string_view source_storage_class;
  std::string_view destination_storage_class;
  std::string_view destination_access_tier;

  static constexpr std::string_view expected = "an S3 event detail from EventBridge (bucket.name and object.key)";

  [[nodiscard]] static parse_result<s3_eventbridge_detail> parse(simdjson::padded_string_view json, detail::arena& mem,
                                                                 simdjson::ondemand::parser& parser =
                                                                     detail::event_json::event_parser()) {
    namespace ej = detail::event_json;
    ej::reader r(mem, "S3 EventBridge detail");
    s3_eventbridge_detail d;
    const bool ok = ej::read_root(parser, json, r, [&](ej::od::field& f, ej::od::value& v) {
      if (ej::is(f, "version")) return r.text(v, "version", d.version);
      if (ej::is(f, "bucket")) {
        return r.members(v, "bucket", [&](ej::od::field& g, ej::od::value& item) {
          return ej::is(g, "name") ? r.text(item, "name", d.bucket_name) : true;
        });
      }
      if (ej::is(f, "object")) {
        return r.members(v, "object", [&](ej::od::field& g, ej::od::value& item) {
          if (ej::is(g, "key")) return r.text(item, "key", d.key);
          if (ej::is(g, "size")) return r.integer(item, "size", d.size);
          if (ej::is(g, "etag")) return r.text(item, "etag", d.etag);
          if (ej::is(g, "version-id")) return r.text(item, "version-id", d.version_id);
          if (ej::is(g, "sequencer")) return r.text(item, "sequencer", d.sequencer);
          return true;
        });
      }
      if (ej::is(f, "request-id")) return r.text(v, "request-id", d.request_id);
      if (ej::is(f, "requester")) return r.text(v, "requester", d.requester);
      if (ej::is(f, "source-ip-address")) return r.text(v, "source-ip-address", d.source_ip_address);
      if (ej::is(f, "reason")) return r.text(v, "reason", d.reason);
      if (ej::is(f, "deletion-type")) return r.text(v, "deletion-type", d.deletion_type);
      if (ej::is(f, "restore-expiry-time")) return r.iso_time(v, "restore-expiry-time", d.restore_expiry_time);
      if (ej::is(f, "source-storage-class")) return r.text(v, "source-storage-class", d.source_storage_class);
      if (ej::is(f, "destination-storage-class")) return r.text(v, "destination-storage-class", d.destination_storage_class);
      if (ej::is(f, "destination-access-tier")) return r.text(v, "destination-access-tier", d.destination_access_tier);
      return true;
    });
    if (!ok) return r.error();
    if (d.bucket_name.empty()) {
      r.fail("bucket.name", "is missing: every S3 event names its bucket");
      return r.error();
    }
    if (d.key.empty()) {
      r.fail("object.key", "is missing: every S3 object event names its object");
      return r.error();
    }
    return d;
  }
};

}  // namespace sluice::events
