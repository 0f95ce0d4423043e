// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// CORS: which browser origins may call the API, as an app-level piece. docs/operations.md.
//
// - A preflight (`OPTIONS` with `Origin` and `Access-Control-Request-Method`) is answered
//   `204` by the piece itself, before routing and auth: browsers never send credentials with
//   one, so a protected route would otherwise refuse it.
// - Every other answer to a request with an allowed `Origin` carries that origin, echoed (never
//   a list), with `Vary: Origin`; with credentials allowed, never `*`. A request without
//   `Origin` gets no CORS headers.
// - Origins are exact (`https://app.example.com`) or a pattern with one leading wildcard label
//   (`https://*.example.com`: any subdomain, not the bare domain). A configuration that could
//   not work or would be unsafe (`*` with credentials, a path or a trailing slash in an
//   origin) is refused with `std::invalid_argument` when the app is built.

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "sluice/detail/arena.hpp"
#include "sluice/detail/http_response.hpp"
#include "sluice/detail/text.hpp"
#include "sluice/method.hpp"
#include "sluice/middleware.hpp"
#include "sluice/request.hpp"
#include "sluice/response.hpp"

namespace sluice {

struct cors_options {
  /// Allowed origins: exact, `scheme://*.domain` patterns, or `"*"` (any origin, only without
  /// credentials).
  std::vector<std::string> origins{};
  /// The methods a preflight allows; empty: GET, HEAD, PUT, PATCH, POST, DELETE.
  std::vector<std::string> methods{};
  /// The request headers a preflight allows; empty: those the preflight asks for.
  std::vector<std::string> headers{};
  /// Response headers scripts may read (`Access-Control-Expose-Headers`).
  std::vector<std::string> expose_headers{};
  /// Whether browsers may send cookies and credentials (`Access-Control-Allow-Credentials`).
  bool credentials = false;
  /// How long browsers may cache a preflight answer; none: their default (5 s in most).
  std::optional<std::chrono::seconds> max_age{};
};

namespace detail {
/// A configuration that cannot be used: `std::invalid_argument` (at init, where the Runtime API
/// loop reports it); built without exceptions, the message on stderr and `std::abort`.
[[noreturn]] inline void refuse(const std::string& why) {
#if defined(__cpp_exceptions)
  throw std::invalid_argument(why);
#else
  std::fprintf(stderr, "%s\n", why.c_str());
  std::abort();
#endif
}

class cors_policy {
 public:
  explicit cors_policy(const cors_options& o) : credentials_(o.credentials) {
    if (o.origins.empty()) refuse("sluice::cors: no origins; list the origins that may call the API");
    for (const std::string& origin : o.origins) add_origin(origin);
    methods_ = join(o.methods.empty() ? std::vector<std::string>{"GET", "HEAD", "PUT", "PATCH", "POST", "DELETE"}
                                      : o.methods);
    for (const std::string& m : o.methods) {
      if (!is_valid_header_name(m)) refuse("sluice::cors: '" + m + "' is not an HTTP method");
    }
    for (const std::string& h : o.headers) {
      if (!is_valid_header_name(h)) refuse("sluice::cors: '" + h + "' is not a header name");
    }
    for (const std::string& h : o.expose_headers) {
      if (!is_valid_header_name(h)) refuse("sluice::cors: '" + h + "' is not a header name");
    }
    headers_ = join(o.headers);
    expose_ = join(o.expose_headers);
    if (o.max_age) {
      if (o.max_age->count() < 0) refuse("sluice::cors: max_age must not be negative");
      max_age_ = std::to_string(o.max_age->count());
    }
  }

  /// Whether `origin` (as the browser sent it) may call the API.
  [[nodiscard]] bool allows(std::string_view origin) const noexcept {
    if (origin.empty() || origin.size() > 2048) return false;
    if (any_) return true;
    for (const std::string& e : exact_) {
      if (origin == e) return true;
    }
    for (const pattern& p : patterns_) {
      if (p.matches(origin)) return true;
    }
    return false;
  }

  /// `true` for an `OPTIONS` request that asks the browser's question.
  [[nodiscard]] static bool is_preflight(const request& req) {
    return req.method() == method::options && req.header("origin") && req.header("access-control-request-method");
  }

  /// A preflight's answer: `204` with what the browser asked about (the origin headers come
  /// from `add_origin_headers`, which runs on every answer).
  [[nodiscard]] response preflight(const request& req) const {
    response r(204);
    if (!allows(*req.header("origin"))) return r;
    r.header("Access-Control-Allow-Methods", methods_);
    if (!headers_.empty()) {
      r.header("Access-Control-Allow-Headers", headers_);
    } else if (const std::optional<std::string_view> asked = req.header("access-control-request-headers");
               asked && !asked->empty()) {
      r.header("Access-Control-Allow-Headers", *asked);
    }
    if (!max_age_.empty()) r.header("Access-Control-Max-Age", max_age_);
    r.append_header_token("Vary", "Access-Control-Request-Headers");
    return r;
  }

  /// On every answer. A handler's own CORS headers never open what the configuration keeps
  /// closed: the origin and credentials headers are this policy's alone.
  void add_origin_headers(response& r, const request& req) const {
    if (any_) {
      // "*" (never with credentials): the same for every caller, with an Origin or without,
      // so there is nothing for a cache to tell apart
      r.remove_header("Access-Control-Allow-Credentials").set_header("Access-Control-Allow-Origin", "*");
    } else {
      // the answer names the caller's origin, or none: a cache must keep one per Origin, the
      // answer to a request without one (a page load) included, or a script gets that one
      r.append_header_token("Vary", "Origin");
      const std::optional<std::string_view> origin = req.header("origin");
      if (!origin || !allows(*origin)) {
        r.remove_header("Access-Control-Allow-Origin").remove_header("Access-Control-Allow-Credentials");
        return;
      }
      r.set_header("Access-Control-Allow-Origin", *origin);
      if (credentials_) {
        r.set_header("Access-Control-Allow-Credentials", "true");
      } else {
        r.remove_header("Access-Control-Allow-Credentials");
      }
    }
    if (!expose_.empty() && !is_preflight(req)) r.set_header("Access-Control-Expose-Headers", expose_);
  }

 private:
  struct pattern {
    std::string scheme;  // "https://"
    std::string suffix;  // ".example.com" or ".example.com:8443"

    /// `scheme` + one or more DNS labels + `suffix`: no other characters may stand in for
    /// the wildcard, so `https://evil.com#.example.com` does not match.
    [[nodiscard]] bool matches(std::string_view origin) const noexcept {
      if (origin.size() <= scheme.size() + suffix.size()) return false;
      if (origin.substr(0, scheme.size()) != scheme) return false;
      if (origin.substr(origin.size() - suffix.size()) != suffix) return false;
      const std::string_view labels = origin.substr(scheme.size(), origin.size() - scheme.size() - suffix.size());
      char previous = '.';
      for (const char c : labels) {
        const bool label_char = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
        if (c == '.' ? previous == '.' : !label_char) return false;
        previous = c;
      }
      return previous != '.';
    }
  };

  void add_origin(const std::string& origin) {
    if (origin == "*") {
      if (credentials_) {
        refuse(
            "sluice::cors: origin \"*\" with credentials would let every site act as the user; list the origins");
      }
      any_ = true;
      return;
    }
    const std::size_t scheme_end = origin.find("://");
    if (scheme_end == std::string::npos || scheme_end == 0) {
      refuse("sluice::cors: origin '" + origin +
                                  "' has no scheme; write it as the browser sends it, e.g. https://app.example.com");
    }
    const std::string_view host = std::string_view(origin).substr(scheme_end + 3);
    if (host.empty() || host.find('/') != std::string_view::npos) {
      refuse("sluice::cors: origin '" + origin +
                                  "' has a path or a trailing slash; an origin is scheme://host[:port] only");
    }
    for (const char c : origin) {
      if (c >= 'A' && c <= 'Z') {
        refuse("sluice::cors: origin '" + origin +
                                    "' has capital letters; browsers send origins in lower case");
      }
    }
    if (host.starts_with("*.")) {
      if (host.find('*', 1) != std::string_view::npos || host.size() < 3) {
        refuse("sluice::cors: origin pattern '" + origin + "' may have one leading '*.' only");
      }
      patterns_.push_back({origin.substr(0, scheme_end + 3), std::string(host.substr(1))});
      return;
    }
    if (host.find('*') != std::string_view::npos) {
      refuse("sluice::cors: origin pattern '" + origin +
                                  "' may have a wildcard only as its first label: https://*.example.com");
    }
    exact_.push_back(origin);
  }

  static std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const std::string& item : items) {
      if (!out.empty()) out += ", ";
      out += item;
    }
    return out;
  }

  std::vector<std::string> exact_;
  std::vector<pattern> patterns_;
  bool any_ = false;
  bool credentials_;
  std::string methods_;
  std::string headers_;
  std::string expose_;
  std::string max_age_;
};

struct answer_preflight {
  std::shared_ptr<const cors_policy> policy;
  std::optional<response> operator()(const request& req) const {
    if (!cors_policy::is_preflight(req)) return std::nullopt;
    return policy->preflight(req);
  }
};

struct add_cors_headers {
  std::shared_ptr<const cors_policy> policy;
  void operator()(response& r, const request& req) const { policy->add_origin_headers(r, req); }
};
}  // namespace detail

/// CORS for an app. Use it at app level (`sluice::use`), where it answers preflights before
/// routing and auth.
///
/// **Example**:
/// ```
/// sluice::app{sluice::use(sluice::cors({.origins = {"https://app.example.com", "https://*.example.org"},
///                                       .credentials = true,
///                                       .max_age = std::chrono::hours(1)})),
///             routes...}
/// ```
[[nodiscard]] inline auto cors(const cors_options& options) {
  auto policy = std::make_shared<const detail::cors_policy>(options);
  return use(before(detail::answer_preflight{policy}), after(detail::add_cors_headers{policy}));
}

}  // namespace sluice
