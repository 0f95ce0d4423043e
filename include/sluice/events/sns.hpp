// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// Amazon SNS: notifications delivered to Lambda (`{"Records": [{"EventSource": "aws:sns",
// "Sns": {...}}]}`, PascalCase), and the same notification as a JSON document of its own
// (the body of an SQS message from an SNS subscription, or an HTTP delivery).

#include <span>
#include <string_view>

#include "sluice/detail/event_reader.hpp"
#include "sluice/events/common.hpp"

namespace sluice::events {

/// A message attribute of a notification: `{"Type": "String", "Value": "..."}`.
struct sns_message_attribute {
  std::string_view name;
  std::string_view type;   // "String", "String.Array", "Number", "Binary"
  std::string_view value;  // as sent; base64 for Binary
  detail::arena* mem = nullptr;

  /// A Binary attribute's bytes, base64 decoded into the arena.
  [[nodiscard]] decoded<std::string_view> binary_value() const {
    return detail::event_json::base64_bytes({value, false}, *mem, "SNS message attribute 'Value' is not base64");
  }
};

/**
 * One SNS notification. `message()` undoes JSON escapes on first use; `message_as<E>()`
 * parses it as another event (S3 notifications published to a topic, CloudWatch alarms).
 * The certificate and unsubscribe URLs are read under both spellings AWS uses
 * (`SigningCertUrl` to Lambda, `SigningCertURL` in the JSON envelope).
 *
 * **Example**: `auto s3 = note.message_as<sluice::events::s3_event>();`
 */
struct sns_message {
  std::string_view type;  // "Notification"
  std::string_view message_id;
  std::string_view topic_arn;
  std::string_view subject;
  timestamp time{};  // "Timestamp"
  std::string_view signature_version;
  std::string_view signature;
  std::string_view signing_cert_url;
  std::string_view unsubscribe_url;
  std::string_view sequence_number;  // FIFO topics
  std::span<const sns_message_attribute> message_attributes;
  detail::raw_string message_text;
  detail::arena* mem = nullptr;

  /// The message, JSON escapes undone (copied into the arena only when it has any).
  [[nodiscard]] decoded<std::string_view> message() const {
    return detail::event_json::unescaped(message_text, *mem, "SNS 'Message' has an invalid escape sequence");
  }

  [[nodiscard]] const sns_message_attribute* message_attribute(std::string_view name) const noexcept {
    return detail::find_named(message_attributes, name);
  }

  /// The message parsed as another event (`s3_event`, `eventbridge_event`, ...).
  template <class Event>
  [[nodiscard]] parse_result<Event> message_as() const {
    const decoded<std::string_view> text = message();
    if (!text) return event_error{event_problem::invalid_event, text.error()};
    return Event::parse(detail::event_json::padded_copy(*text, *mem), *mem, detail::event_json::envelope_parser());
  }

  static constexpr std::string_view expected = "an SNS notification (an object with Type, MessageId and Message)";

  /**
   * Parses one notification as a JSON document of its own (the body of an SQS message that
   * an SNS subscription delivered: `message.body_as<sns_message>()`).
   */
  [[nodiscard]] static parse_result<sns_message> parse(simdjson::padded_string_view json, detail::arena& mem,
                                                       simdjson::ondemand::parser& parser =
                                                           detail::event_json::event_parser()) {
    namespace ej = detail::event_json;
    ej::reader r(mem, "SNS notification");
    sns_message m;
    m.mem = &mem;
    detail::arena_vector<std::string_view> others(mem, 6);
    bool has_message = false;
    r.defer_problems(true);  // until the shape says this is a notification
    const bool ok = ej::read_root(parser, json, r, [&](ej::od::field& f, ej::od::value& v) {
      if (ej::is(f, "Message")) has_message = true;
      if (others.size() < 6) others.push_back(detail::json::raw_key(f).text);
      return read_field(r, f, v, m) != 0;
    });
    const bool is_notification = has_message && !m.message_id.empty();
    if (!ej::settle_source(r, ok, is_notification, expected, others)) return r.error();
    return m;
  }

  /// Reads one key of a notification object: 1 read, -1 not one of its keys, 0 failed.
  static int read_field(detail::event_json::reader& r, detail::event_json::od::field& f,
                        detail::event_json::od::value& v, sns_message& m) {
    namespace ej = detail::event_json;
    bool ok = true;
    if (ej::is(f, "Type")) ok = r.text(v, "Type", m.type);
    else if (ej::is(f, "MessageId")) ok = r.text(v, "MessageId", m.message_id);
    else if (ej::is(f, "TopicArn")) ok = r.text(v, "TopicArn", m.topic_arn);
    else if (ej::is(f, "Subject")) ok = r.text(v, "Subject", m.subject);
    else if (ej::is(f, "Message")) ok = r.lazy_text(v, "Message", m.message_text);
    else if (ej::is(f, "Timestamp")) ok = r.iso_time(v, "Timestamp", m.time);
    else if (ej::is(f, "SignatureVersion")) ok = r.text(v, "SignatureVersion", m.signature_version);
    else if (ej::is(f, "Signature")) ok = r.text(v, "Signature", m.signature);
    else if (ej::is(f, "SigningCertUrl") || ej::is(f, "SigningCertURL")) ok = r.text(v, "SigningCertUrl", m.signing_cert_url);
    else if (ej::is(f, "UnsubscribeUrl") || ej::is(f, "UnsubscribeURL")) ok = r.text(v, "UnsubscribeUrl", m.unsubscribe_url);
    else if (ej::is(f, "SequenceNumber")) ok = r.text(v, "SequenceNumber", m.sequence_number);
    else if (ej::is(f, "MessageAttributes")) ok = read_attributes(r, v, m);
    else return -1;
    return ok ? 1 : 0;
  }

 private:
  static bool read_attributes(detail::event_json::reader& r, detail::event_json::od::value& v, sns_message& m) {
    namespace ej = detail::event_json;
    detail::arena_vector<sns_message_attribute> list(r.mem(), 4);
    const bool ok = r.members(v, "MessageAttributes", [&](ej::od::field& f, ej::od::value& value) {
      sns_message_attribute a;
      a.mem = &r.mem();
      if (!r.key_text(f, a.name)) return false;
      const bool read = r.members(value, a.name, [&](ej::od::field& g, ej::od::value& item) {
        if (ej::is(g, "Type")) return r.text(item, "Type", a.type);
        if (ej::is(g, "Value")) return r.text(item, "Value", a.value);
        return true;
      });
      if (!read) return false;
      list.push_back(a);
      return true;
    });
    m.message_attributes = {list.begin(), list.size()};
    return ok;
  }
};

/// One record of an SNS event: the subscription and its notification.
struct sns_record {
  std::string_view event_version;
  std::string_view event_subscription_arn;
  sns_message sns;
};

/**
 * An SNS event as Lambda receives it (one record in practice).
 *
 * **Example**: `for (const auto& r : event->records) use(r.sns.subject, r.sns.message());`
 */
struct sns_event {
  std::span<const sns_record> records;

  static constexpr source_kind kind = source_kind::sns;
  static constexpr std::string_view expected = "an SNS event (Records[].EventSource \"aws:sns\")";

  [[nodiscard]] static parse_result<sns_event> parse(simdjson::padded_string_view json, detail::arena& mem,
                                                     simdjson::ondemand::parser& parser =
                                                         detail::event_json::event_parser()) {
    namespace ej = detail::event_json;
    ej::reader r(mem, "SNS event");
    detail::arena_vector<sns_record> list(mem, 2);
    const bool ok = ej::read_records(parser, json, r, expected, [&](std::size_t, ej::od::value& v) {
      sns_record rec;
      rec.sns.mem = &mem;
      std::string_view source;
      const bool read = ej::read_record(r, v, expected, "aws:sns", source, [&](ej::od::field& f, ej::od::value& value) {
        if (ej::is(f, "EventSource")) return r.text(value, "EventSource", source);
        if (ej::is(f, "EventVersion")) return r.text(value, "EventVersion", rec.event_version);
        if (ej::is(f, "EventSubscriptionArn")) return r.text(value, "EventSubscriptionArn", rec.event_subscription_arn);
        if (ej::is(f, "Sns")) {
          return r.members(value, "Sns", [&](ej::od::field& g, ej::od::value& item) {
            return sns_message::read_field(r, g, item, rec.sns) != 0;
          });
        }
        return true;
      });
      if (!read) return false;
      if (rec.sns.message_id.empty()) return r.fail("Sns.MessageId", "is missing: every SNS notification has one");
      list.push_back(rec);
      return true;
    });
    if (!ok) return r.error();
    return sns_event{{list.begin(), list.size()}};
  }
};

}  // namespace sluice::events
