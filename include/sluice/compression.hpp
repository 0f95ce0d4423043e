// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// Compression with zlib, as an app-level piece (link `sluice::compression`). docs/operations.md.
//
// Answers: gzip when the client accepts it (`Accept-Encoding`, q-values honoured), the body is
// at least `min_size` bytes and its `Content-Type` is compressible (text, JSON, XML,
// JavaScript, SVG, ...), and the gzip is smaller; sent base64 with `isBase64Encoded`, with
// `Content-Encoding: gzip` and `Vary: Accept-Encoding`. Never for empty bodies,
// 1xx/204/206/304, bodies already encoded, or `Cache-Control: no-transform`. A `HEAD` answer
// gets the headers the `GET` would (RFC 9110 9.3.2), so its body is compressed to know them,
// then dropped. REST APIs (payload 1.0) pass base64 bodies on as text unless their binary media
// types cover them, so they are left alone unless `rest_api_binary_media_types` says the API is
// set up for it.
//
// Requests: a body sent with `Content-Encoding: gzip` (or `x-gzip`, `deflate`) is inflated
// when read, up to `max_request_body` bytes (more: 413; not gzip: 400).

#include <zlib.h>

#include <cstddef>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "sluice/detail/arena.hpp"
#include "sluice/detail/text.hpp"
#include "sluice/middleware.hpp"
#include "sluice/request.hpp"
#include "sluice/response.hpp"

namespace sluice {

struct compression_options {
  /// Smaller bodies are sent as they are.
  std::size_t min_size = 1024;
  /// zlib's level, 1 (fast) to 9 (small); 6 is zlib's default.
  int level = 6;
  /// The most a request body may inflate to.
  std::size_t max_request_body = 10 * 1024 * 1024;
  /// Set when the REST API's binary media types cover the compressed types (e.g. `*/*`):
  /// only then are REST API answers compressed.
  bool rest_api_binary_media_types = false;
};

namespace detail {
/// Whether `Accept-Encoding` accepts gzip: `gzip`/`x-gzip` with a q-value above 0, or `*` when
/// gzip is not refused by name.
[[nodiscard]] inline bool accepts_gzip(std::string_view accept) noexcept {
  bool named = false;
  bool named_ok = false;
  bool star_ok = false;
  while (!accept.empty()) {
    const std::size_t comma = accept.find(',');
    std::string_view item = trim_spaces(accept.substr(0, comma));
    accept = comma == std::string_view::npos ? std::string_view{} : accept.substr(comma + 1);
    const std::size_t semicolon = item.find(';');
    const std::string_view coding = trim_spaces(item.substr(0, semicolon));
    bool positive = true;
    if (semicolon != std::string_view::npos) {
      std::string_view params = item.substr(semicolon + 1);
      while (!params.empty()) {
        const std::size_t next = params.find(';');
        const std::string_view param = trim_spaces(params.substr(0, next));
        params = next == std::string_view::npos ? std::string_view{} : params.substr(next + 1);
        if (param.size() >= 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=') {
          // qvalue = "0" [ "." 0*3DIGIT ] / "1" [ "." 0*3("0") ]: zero only when every digit is 0
          const std::string_view q = param.substr(2);
          positive = false;
          for (const char c : q) {
            if (c >= '1' && c <= '9') positive = true;
          }
        }
      }
    }
    if (iequals(coding, "gzip") || iequals(coding, "x-gzip")) {
      named = true;
      named_ok = named_ok || positive;
    } else if (coding == "*") {
      star_ok = positive;
    }
  }
  return named ? named_ok : star_ok;
}

/// Text-like media types, worth compressing.
[[nodiscard]] inline bool compressible_type(std::string_view content_type) noexcept {
  const std::string_view type = trim_spaces(content_type.substr(0, content_type.find(';')));
  const std::size_t slash = type.find('/');
  if (slash == std::string_view::npos) return false;
  const std::string_view top = type.substr(0, slash);
  const std::string_view sub = type.substr(slash + 1);
  if (iequals(top, "text")) return true;
  const auto ends_with = [](std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && iequals(s.substr(s.size() - suffix.size()), suffix);
  };
  if (ends_with(sub, "+json") || ends_with(sub, "+xml")) return true;  // also image/svg+xml
  if (!iequals(top, "application")) return false;
  for (const std::string_view s : {"json", "javascript", "ecmascript", "x-javascript", "xml", "x-ndjson",
                                   "x-www-form-urlencoded", "graphql", "yaml", "x-yaml"}) {
    if (iequals(sub, s)) return true;
  }
  return false;
}

/// One zlib stream per thread and direction, reset between uses: zlib's state (about 256 KiB
/// to deflate) is allocated once, not per answer.
class gzip_streams {
 public:
  gzip_streams() = default;
  gzip_streams(const gzip_streams&) = delete;
  gzip_streams& operator=(const gzip_streams&) = delete;
  ~gzip_streams() {
    if (deflate_level_ >= 0) ::deflateEnd(&deflate_);
    if (inflate_ready_) ::inflateEnd(&inflate_);
  }

  static gzip_streams& for_this_thread() {
    thread_local gzip_streams streams;
    return streams;
  }

  /// The gzip of `in` in `buffer_` (valid until the next call), or nothing when zlib fails.
  std::optional<std::string_view> compress(std::string_view in, int level) {
    if (deflate_level_ != level) {
      if (deflate_level_ >= 0) ::deflateEnd(&deflate_);
      deflate_level_ = -1;
      std::memset(&deflate_, 0, sizeof deflate_);
      if (::deflateInit2(&deflate_, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return std::nullopt;
      deflate_level_ = level;
    } else if (::deflateReset(&deflate_) != Z_OK) {
      return std::nullopt;
    }
    buffer_.resize(::deflateBound(&deflate_, static_cast<uLong>(in.size())));
    deflate_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    deflate_.avail_in = static_cast<uInt>(in.size());
    deflate_.next_out = reinterpret_cast<Bytef*>(buffer_.data());
    deflate_.avail_out = static_cast<uInt>(buffer_.size());
    if (::deflate(&deflate_, Z_FINISH) != Z_STREAM_END) return std::nullopt;
    return std::string_view(buffer_.data(), buffer_.size() - deflate_.avail_out);
  }

  /// Inflates gzip (one or more members) or zlib data into `out` (in the arena), at most
  /// `cap` bytes.
  body_problem inflate(std::string_view in, bool gzip_only, std::size_t cap, arena& a, std::string_view& out) {
    const int window = gzip_only ? 15 + 16 : 15 + 32;  // +32: zlib or gzip, by the header
    if (!inflate_ready_) {
      std::memset(&inflate_, 0, sizeof inflate_);
      if (::inflateInit2(&inflate_, window) != Z_OK) return body_problem::corrupt_encoding;
      inflate_ready_ = true;
      inflate_window_ = window;
    } else if (::inflateReset2(&inflate_, window) != Z_OK) {
      return body_problem::corrupt_encoding;
    }
    inflate_window_ = window;
    std::size_t produced = 0;
    inflate_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    inflate_.avail_in = static_cast<uInt>(in.size());
    if (buffer_.size() < 64 * 1024) buffer_.resize(64 * 1024);
    for (;;) {
      if (produced == buffer_.size()) {
        if (buffer_.size() > cap) return body_problem::too_large;
        buffer_.resize(buffer_.size() * 2);
      }
      inflate_.next_out = reinterpret_cast<Bytef*>(buffer_.data() + produced);
      inflate_.avail_out = static_cast<uInt>(buffer_.size() - produced);
      const int rc = ::inflate(&inflate_, Z_NO_FLUSH);
      produced = buffer_.size() - inflate_.avail_out;
      if (produced > cap) return body_problem::too_large;
      if (rc == Z_STREAM_END) {
        if (inflate_.avail_in == 0) break;
        // another gzip member follows (RFC 1952 allows several); anything else is garbage
        if (::inflateReset(&inflate_) != Z_OK) return body_problem::corrupt_encoding;
        continue;
      }
      if (rc == Z_BUF_ERROR && inflate_.avail_out != 0) return body_problem::corrupt_encoding;  // truncated
      if (rc != Z_OK && rc != Z_BUF_ERROR) return body_problem::corrupt_encoding;
    }
    out = a.copy(std::string_view(buffer_.data(), produced));
    if (buffer_.size() > 1024 * 1024) {
      buffer_.resize(64 * 1024);  // a rare large body does not keep its buffer
      buffer_.shrink_to_fit();
    }
    return body_problem::none;
  }

 private:
  z_stream deflate_{};
  int deflate_level_ = -1;
  z_stream inflate_{};
  bool inflate_ready_ = false;
  int inflate_window_ = 0;
  std::string buffer_;
};

struct compression_config {
  compression_options options;

  static body_problem decode(const void* state, std::string_view encoding, std::string_view bytes, arena& a,
                             std::string_view& out) {
    const auto& self = *static_cast<const compression_config*>(state);
    const bool gzip = iequals(encoding, "gzip") || iequals(encoding, "x-gzip");
    if (!gzip && !iequals(encoding, "deflate")) return body_problem::unsupported_encoding;
    if (bytes.empty()) {
      out = {};
      return body_problem::none;
    }
    return gzip_streams::for_this_thread().inflate(bytes, gzip, self.options.max_request_body, a, out);
  }
};

struct install_body_decoder {
  std::shared_ptr<const compression_config> config;
  void operator()(const request& req) const {
    request_access::set_content_decoder(req, content_decoder{config.get(), &compression_config::decode});
  }
};

struct compress_answer {
  std::shared_ptr<const compression_config> config;

  void operator()(response& r, const request& req) const {
    const compression_options& o = config->options;
    const std::string_view body = r.body();
    if (body.size() < o.min_size || body.empty()) return;
    // 206: its Content-Range counts bytes of the body as it is
    if (r.status() < 200 || r.status() == 204 || r.status() == 206 || r.status() == 304) return;
    if (!r.header_value("content-range").empty()) return;
    if (!r.header_value("content-encoding").empty()) return;
    if (!compressible_type(r.header_value("content-type"))) return;
    if (req.source() == http_source::rest_api && !o.rest_api_binary_media_types) return;
    r.append_header_token("Vary", "Accept-Encoding");  // the answer depends on it from here on
    if (contains_token(r.header_value("cache-control"), "no-transform")) return;
    const std::optional<std::string_view> accept = req.header("accept-encoding");
    if (!accept || !accepts_gzip(*accept)) return;
    const std::optional<std::string_view> gz = gzip_streams::for_this_thread().compress(body, o.level);
    // sent base64, gzip grows by a third: compressed, the answer must still be the smaller one
    if (!gz || (gz->size() + 2) / 3 * 4 >= body.size()) return;
    r.body_view(current_arena().copy(*gz), /*binary=*/true);
    r.set_header("Content-Encoding", "gzip").remove_header("Content-Length");
    // RFC 9110 8.8.3: a strong validator names one representation, and this is another
    if (const std::string_view tag = r.header_value("etag"); tag.starts_with('"')) {
      arena_string weak(current_arena());
      weak.append("W/");
      weak.append(tag);
      r.set_header("ETag", weak.view());
    }
  }

  /// Whether a comma-separated header such as `Cache-Control` names `token` (with or without
  /// a `=value`).
  static bool contains_token(std::string_view list, std::string_view token) noexcept {
    while (!list.empty()) {
      const std::size_t comma = list.find(',');
      const std::string_view item = list.substr(0, comma);
      if (iequals(trim_spaces(item.substr(0, item.find('='))), token)) return true;
      list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
    }
    return false;
  }
};
}  // namespace detail

/**
 * gzip for an app's answers and its clients' request bodies. Put it last in `sluice::use`, so
 * that it sees the final body.
 *
 * **Example**: `sluice::app{sluice::use(sluice::cors(...), sluice::compression()), routes...}`
 */
[[nodiscard]] inline auto compression(compression_options options = {}) {
  if (options.level < 1 || options.level > 9) options.level = 6;
  auto config = std::make_shared<const detail::compression_config>(detail::compression_config{options});
  return use(before(detail::install_body_decoder{config}), after(detail::compress_answer{config}));
}

}  // namespace sluice
