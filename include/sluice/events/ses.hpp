// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// Amazon SES email receiving (`{"Records": [{"eventSource": "aws:ses", "ses": {...}}]}`): the
// mail's envelope and headers and the receipt's verdicts, as views. A synchronous (RequestResponse)
// rule action may answer a disposition: `ses_disposition_json`.

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "sluice/detail/event_reader.hpp"
#include "sluice/detail/text.hpp"
#include "sluice/events/common.hpp"

namespace sluice::events {

/**
 * One received email. `headers` keep their order and repeats; `header()` finds the first by
 * name, without case. Verdicts are `PASS`, `FAIL`, `GRAY` or `PROCESSING_FAILED`.
 *
 * **Example**: `if (mail.spam_verdict != "PASS") return sluice::events::ses_disposition_json::stop_rule_set;`
 */
struct ses_mail {
  timestamp time{};  // mail.timestamp
  std::string_view source;
  std::string_view message_id;
  std::span<const std::string_view> destination;
  bool headers_truncated = false;
  std::span<const named_text> headers;
  std::string_view subject;  // commonHeaders
  std::span<const std::string_view> from;
  std::span<const std::string_view> to;
  std::string_view return_path;
  std::string_view date;
  // receipt
  timestamp received{};
  std::int64_t processing_time_ms = 0;
  std::span<const std::string_view> recipients;
  std::string_view spam_verdict;
  std::string_view virus_verdict;
  std::string_view spf_verdict;
  std::string_view dkim_verdict;
  std::string_view dmarc_verdict;
  std::string_view dmarc_policy;
  std::string_view action_type;  // "Lambda", "S3", ...
  std::string_view action_bucket_name;
  std::string_view action_object_key;
  std::string_view action_topic_arn;

  [[nodiscard]] std::optional<std::string_view> header(std::string_view name) const noexcept {
    for (const named_text& h : headers) {
      if (detail::iequals(h.name, name)) return h.value;
    }
    return std::nullopt;
  }
};

/// What a synchronous SES rule action answers.
struct ses_disposition_json {
  static constexpr std::string_view cont = R"({"disposition":"CONTINUE"})";
  static constexpr std::string_view stop_rule = R"({"disposition":"STOP_RULE"})";
  static constexpr std::string_view stop_rule_set = R"({"disposition":"STOP_RULE_SET"})";
};

/**
 * An SES event.
 *
 * **Example**: `for (const auto& mail : event->records) route(mail.subject, mail.recipients);`
 */
struct ses_event {
  std::span<const ses_mail> records;

  static constexpr source_kind kind = source_kind::ses;
  static constexpr std::string_view expected = "an SES event (Records[].eventSource \"aws:ses\")";

  [[nodiscard]] static parse_result<ses_event> parse(simdjson::padded_string_view json, detail::arena& mem,
                                                     simdjson::ondemand::parser& parser =
                                                         detail::event_json::event_parser()) {
    namespace ej = detail::event_json;
    ej::reader r(mem, "SES event");
    detail::arena_vector<ses_mail> list(mem, 2);
    const bool ok = ej::read_records(parser, json, r, expected, [&](std::size_t, ej::od::value& v) {
      ses_mail m;
      std::string_view source;
      const bool read = ej::read_record(r, v, expected, "aws:ses", source, [&](ej::od::field& f, ej::od::value& value) {
        if (ej::is(f, "eventSource")) return r.text(value, "eventSource", source);
        if (!ej::is(f, "ses")) return true;
        return r.members(value, "ses", [&](ej::od::field& g, ej::od::value& item) {
          if (ej::is(g, "mail")) return read_mail(r, item, m);
          if (ej::is(g, "receipt")) return read_receipt(r, item, m);
          return true;
        });
      });
      if (!read) return false;
      if (m.message_id.empty()) return r.fail("ses.mail.messageId", "is missing: every received mail has one");
      list.push_back(m);
      return true;
    });
    if (!ok) return r.error();
    return ses_event{{list.begin(), list.size()}};
  }

 private:
  static std::span<const std::string_view> span_of(const detail::arena_vector<std::string_view>& v) {
    return {v.begin(), v.size()};
  }

  static bool read_mail(detail::event_json::reader& r, detail::event_json::od::value& v, ses_mail& m) {
    namespace ej = detail::event_json;
    detail::arena_vector<std::string_view> destination(r.mem(), 2), from(r.mem(), 1), to(r.mem(), 2);
    detail::arena_vector<named_text> headers(r.mem(), 16);
    const bool ok = r.members(v, "mail", [&](ej::od::field& f, ej::od::value& x) {
      if (ej::is(f, "timestamp")) return r.iso_time(x, "timestamp", m.time);
      if (ej::is(f, "source")) return r.text(x, "source", m.source);
      if (ej::is(f, "messageId")) return r.text(x, "messageId", m.message_id);
      if (ej::is(f, "destination")) return r.strings(x, "destination", destination);
      if (ej::is(f, "headersTruncated")) return r.boolean(x, "headersTruncated", m.headers_truncated);
      if (ej::is(f, "headers")) {
        return r.elements(x, "headers", [&](std::size_t, ej::od::value& h) {
          named_text entry;
          const bool read = r.members(h, {}, [&](ej::od::field& g, ej::od::value& y) {
            if (ej::is(g, "name")) return r.text(y, "name", entry.name);
            if (ej::is(g, "value")) return r.text(y, "value", entry.value);
            return true;
          });
          headers.push_back(entry);
          return read;
        });
      }
      if (!ej::is(f, "commonHeaders")) return true;
      return r.members(x, "commonHeaders", [&](ej::od::field& g, ej::od::value& y) {
        if (ej::is(g, "subject")) return r.text(y, "subject", m.subject);
        if (ej::is(g, "from")) return r.strings(y, "from", from);
        if (ej::is(g, "to")) return r.strings(y, "to", to);
        if (ej::is(g, "returnPath")) return r.text(y, "returnPath", m.return_path);
        if (ej::is(g, "date")) return r.text(y, "date", m.date);
        return true;
      });
    });
    m.destination = span_of(destination);
    m.from = span_of(from);
    m.to = span_of(to);
    m.headers = {headers.begin(), headers.size()};
    return ok;
  }

  static bool read_receipt(detail::event_json::reader& r, detail::event_json::od::value& v, ses_mail& m) {
    namespace ej = detail::event_json;
    detail::arena_vector<std::string_view> recipients(r.mem(), 2);
    const auto verdict = [&](ej::od::value& x, std::string_view name, std::string_view& out) {
      return r.members(x, name, [&](ej::od::field& g, ej::od::value& y) {
        return ej::is(g, "status") ? r.text(y, "status", out) : true;
      });
    };
    const bool ok = r.members(v, "receipt", [&](ej::od::field& f, ej::od::value& x) {
      if (ej::is(f, "timestamp")) return r.iso_time(x, "timestamp", m.received);
      if (ej::is(f, "processingTimeMillis")) return r.integer(x, "processingTimeMillis", m.processing_time_ms);
      if (ej::is(f, "recipients")) return r.strings(x, "recipients", recipients);
      if (ej::is(f, "spamVerdict")) return verdict(x, "spamVerdict", m.spam_verdict);
      if (ej::is(f, "virusVerdict")) return verdict(x, "virusVerdict", m.virus_verdict);
      if (ej::is(f, "spfVerdict")) return verdict(x, "spfVerdict", m.spf_verdict);
      if (ej::is(f, "dkimVerdict")) return verdict(x, "dkimVerdict", m.dkim_verdict);
      if (ej::is(f, "dmarcVerdict")) return verdict(x, "dmarcVerdict", m.dmarc_verdict);
      if (ej::is(f, "dmarcPolicy")) return r.text(x, "dmarcPolicy", m.dmarc_policy);
      if (!ej::is(f, "action")) return true;
      return r.members(x, "action", [&](ej::od::field& g, ej::od::value& y) {
        if (ej::is(g, "type")) return r.text(y, "type", m.action_type);
        if (ej::is(g, "bucketName")) return r.text(y, "bucketName", m.action_bucket_name);
        if (ej::is(g, "objectKey")) return r.text(y, "objectKey", m.action_object_key);
        if (ej::is(g, "topicArn")) return r.text(y, "topicArn", m.action_topic_arn);
        return true;
      });
    });
    m.recipients = span_of(recipients);
    return ok;
  }
};

}  // namespace sluice::events
