// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// Amazon SQS: a batch of messages (`{"Records": [...]}`, eventSource `aws:sqs`), each a view
// into the event. Bodies are decoded (JSON escapes) on first use; so are binary attributes.

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "sluice/detail/event_reader.hpp"
#include "sluice/events/common.hpp"

namespace sluice::events {

/**
 * One message attribute: `{stringValue, binaryValue, stringListValues, binaryListValues,
 * dataType}` (camelCase in Lambda events). `Number` attributes travel in `string_value`.
 */
struct sqs_message_attribute {
  std::string_view name;
  std::string_view data_type;  // "String", "Number", "Binary", or "<type>.<custom>"
  std::optional<std::string_view> string_value;
  std::span<const std::string_view> string_list;
  detail::raw_string binary_base64;                 // empty when absent
  std::span<const std::string_view> binary_list_base64;
  detail::arena* mem = nullptr;

  /// The binary value's bytes (base64 decoded into the arena on each call).
  [[nodiscard]] decoded<std::string_view> binary_value() const {
    return detail::event_json::base64_bytes(binary_base64, *mem, "SQS message attribute 'binaryValue' is not base64");
  }
};

/**
 * One SQS message. Text fields are views; `body()` undoes JSON escapes on first use.
 * Timestamps come from the string attributes (`"SentTimestamp": "1523232000000"`).
 *
 * **Example**:
 * ```
 * for (const sluice::events::sqs_message& m : batch->records) {
 *   auto body = m.body();
 *   if (!body) return fail(body.error());
 *   std::println("{} {}", m.message_id, *body);
 * }
 * ```
 */
struct sqs_message {
  std::string_view message_id;
  std::string_view receipt_handle;
  std::string_view md5_of_body;
  std::string_view md5_of_message_attributes;
  std::string_view event_source_arn;  // "eventSourceARN"
  std::string_view aws_region;

  // attributes (all strings in the event; the usual ones typed here)
  std::uint32_t approximate_receive_count = 0;
  timestamp sent_at{};                    // SentTimestamp
  timestamp first_received_at{};          // ApproximateFirstReceiveTimestamp
  std::string_view sender_id;
  std::string_view message_group_id;          // FIFO queues
  std::string_view message_deduplication_id;  // FIFO queues
  std::string_view sequence_number;           // FIFO queues
  std::string_view dead_letter_queue_source_arn;
  std::string_view aws_trace_header;
  /// Every attribute as sent, name and text.
  std::span<const named_text> attributes;

  std::span<const sqs_message_attribute> message_attributes;

  detail::raw_string body_text;  // escapes intact
  detail::arena* mem = nullptr;

  /// The body, JSON escapes undone (copied into the arena only when it has any).
  [[nodiscard]] decoded<std::string_view> body() const {
    return detail::event_json::unescaped(body_text, *mem, "SQS message 'body' has an invalid escape sequence");
  }

  /// The message attribute called `name`, or null.
  [[nodiscard]] const sqs_message_attribute* message_attribute(std::string_view name) const noexcept {
    return detail::find_named(message_attributes, name);
  }

  /// The attribute called `name` (`"ApproximateReceiveCount"`), or nullopt.
  [[nodiscard]] std::optional<std::string_view> attribute(std::string_view name) const noexcept {
    for (const named_text& a : attributes) {
      if (a.name == name) return a.value;
    }
    return std::nullopt;
  }

  /// Whether the queue is a FIFO queue (its ARN ends in `.fifo`).
  [[nodiscard]] bool from_fifo_queue() const noexcept { return event_source_arn.ends_with(".fifo"); }

  /**
   * The body parsed as another event: an SNS notification (`sns_message`, SNS→SQS), an S3
   * event (`s3_event`, S3→SQS), an EventBridge event (`eventbridge_event`).
   *
   * **Example**: `auto note = m.body_as<sluice::events::sns_message>();`
   */
  template <class Event>
  [[nodiscard]] parse_result<Event> body_as() const {
    const decoded<std::string_view> text = body();
    if (!text) return event_error{event_problem::invalid_event, text.error()};
    return Event::parse(detail::event_json::padded_copy(*text, *mem), *mem, detail::event_json::envelope_parser());
  }
};

/**
 * An SQS event: a batch of up to 10 000 messages (10 for FIFO queues).
 *
 * **Example**: `auto batch = sluice::events::sqs_event::parse(padded, arena);`
 */
struct sqs_event {
  std::span<const sqs_message> records;

  static constexpr source_kind kind = source_kind::sqs;
  static constexpr std::string_view expected = "an SQS event (Records[].eventSource \"aws:sqs\")";

  /**
   * Parses `json` (padded: simdjson reads past its end) into views into `json` and `mem`.
   * Another source's event is `other_source`; an SQS event with a mistyped field is
   * `invalid_event`, with the field's path in the message.
   */
  [[nodiscard]] static parse_result<sqs_event> parse(simdjson::padded_string_view json, detail::arena& mem,
                                                     simdjson::ondemand::parser& parser =
                                                         detail::event_json::event_parser()) {
    namespace ej = detail::event_json;
    ej::reader r(mem, "SQS event");
    detail::arena_vector<sqs_message> messages(mem, 16);
    const bool ok = ej::read_records(parser, json, r, expected, [&](std::size_t, ej::od::value& v) {
      sqs_message m;
      m.mem = &mem;
      std::string_view source;
      const bool read = ej::read_record(r, v, expected, "aws:sqs", source, [&](ej::od::field& f, ej::od::value& value) {
        if (ej::is(f, "messageId")) return r.text(value, "messageId", m.message_id);
        if (ej::is(f, "receiptHandle")) return r.text(value, "receiptHandle", m.receipt_handle);
        if (ej::is(f, "body")) return r.lazy_text(value, "body", m.body_text);
        if (ej::is(f, "md5OfBody")) return r.text(value, "md5OfBody", m.md5_of_body);
        if (ej::is(f, "md5OfMessageAttributes")) return r.text(value, "md5OfMessageAttributes", m.md5_of_message_attributes);
        if (ej::is(f, "eventSourceARN")) return r.text(value, "eventSourceARN", m.event_source_arn);
        if (ej::is(f, "eventSource")) return r.text(value, "eventSource", source);
        if (ej::is(f, "awsRegion")) return r.text(value, "awsRegion", m.aws_region);
        if (ej::is(f, "attributes")) return read_attributes(r, value, m);
        if (ej::is(f, "messageAttributes")) return read_message_attributes(r, value, m);
        return true;
      });
      if (!read) return false;
      if (m.message_id.empty()) return r.fail("messageId", "is missing: every SQS message has one");
      messages.push_back(m);
      return true;
    });
    if (!ok) return r.error();
    return sqs_event{{messages.begin(), messages.size()}};
  }

 private:
  static bool read_attributes(detail::event_json::reader& r, detail::event_json::od::value& v, sqs_message& m) {
    namespace ej = detail::event_json;
    detail::arena_vector<named_text> all(r.mem(), 8);
    const bool ok = r.members(v, "attributes", [&](ej::od::field& f, ej::od::value& value) {
      std::string_view name;
      std::string_view text;
      if (!r.key_text(f, name) || !r.text(value, name, text)) return false;
      all.push_back({name, text});
      if (name == "ApproximateReceiveCount") {
        std::uint32_t n = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
        if (ec != std::errc() || end != text.data() + text.size()) return r.fail(name, "must be a count in decimal digits");
        m.approximate_receive_count = n;
      } else if (name == "SentTimestamp" || name == "ApproximateFirstReceiveTimestamp") {
        const std::optional<timestamp> t = ej::parse_epoch_ms_text(text);
        if (!t) return r.fail(name, "must be epoch milliseconds in decimal digits");
        (name == "SentTimestamp" ? m.sent_at : m.first_received_at) = *t;
      } else if (name == "SenderId") {
        m.sender_id = text;
      } else if (name == "MessageGroupId") {
        m.message_group_id = text;
      } else if (name == "MessageDeduplicationId") {
        m.message_deduplication_id = text;
      } else if (name == "SequenceNumber") {
        m.sequence_number = text;
      } else if (name == "DeadLetterQueueSourceArn") {
        m.dead_letter_queue_source_arn = text;
      } else if (name == "AWSTraceHeader") {
        m.aws_trace_header = text;
      }
      return true;
    });
    m.attributes = {all.begin(), all.size()};
    return ok;
  }

  static bool read_message_attributes(detail::event_json::reader& r, detail::event_json::od::value& v,
                                      sqs_message& m) {
    namespace ej = detail::event_json;
    detail::arena_vector<sqs_message_attribute> list(r.mem(), 4);
    const bool ok = r.members(v, "messageAttributes", [&](ej::od::field& f, ej::od::value& value) {
      sqs_message_attribute a;
      a.mem = &r.mem();
      if (!r.key_text(f, a.name)) return false;
      detail::arena_vector<std::string_view> strings(r.mem(), 4);
      detail::arena_vector<std::string_view> binaries(r.mem(), 4);
      const bool read = r.members(value, a.name, [&](ej::od::field& g, ej::od::value& item) {
        if (ej::is(g, "dataType")) return r.text(item, "dataType", a.data_type);
        if (ej::is(g, "stringValue")) return r.optional_text(item, "stringValue", a.string_value);
        if (ej::is(g, "binaryValue")) return r.lazy_text(item, "binaryValue", a.binary_base64);
        if (ej::is(g, "stringListValues")) return r.strings(item, "stringListValues", strings);
        if (ej::is(g, "binaryListValues")) return r.strings(item, "binaryListValues", binaries);
        return true;
      });
      if (!read) return false;
      a.string_list = {strings.begin(), strings.size()};
      a.binary_list_base64 = {binaries.begin(), binaries.size()};
      list.push_back(a);
      return true;
    });
    m.message_attributes = {list.begin(), list.size()};
    return ok;
  }
};

}  // namespace sluice::events
