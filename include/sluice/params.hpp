// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// Extractors: handler parameter types that say what a handler needs from the request.
// The handler's signature decides the types; a value that does not convert is a 400
// naming the parameter, before the handler runs.

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>
#include <type_traits>

#include "sluice/detail/arena.hpp"
#include "sluice/detail/fixed_string.hpp"
#include "sluice/detail/route_template.hpp"
#include "sluice/fields.hpp"
#include "sluice/param_traits.hpp"
#include "sluice/request.hpp"

namespace sluice {

/// An error answer decided before or instead of the handler: status and message.
struct http_error {
  int status = 0;
  std::string_view message;
};

namespace errors {
// NOLINTBEGIN(readability-identifier-naming)
template <fixed_string Route, fixed_string Parameter>
struct handler_asks_for_a_path_parameter_the_route_does_not_have {
  static_assert(detail::always_false<decltype(Route)>,
                "sluice::route: the handler asks for a path parameter the route does not have");
};
// NOLINTEND(readability-identifier-naming)
}  // namespace errors

namespace detail {
/// What every extractor has unless it says otherwise: it does not read the body and fits
/// any route.
struct extractor_tag {
  static constexpr bool needs_body = false;
  static constexpr bool needs_route = false;  // reads what only a matched route has
  template <fixed_string Key>
  static constexpr bool check() {
    return true;
  }
};

/// An extractor that gives one value of type `T`: `*x`, `x->member`, `x.value`.
template <class T>
struct holds : extractor_tag {
  T value{};
  [[nodiscard]] const T& operator*() const noexcept { return value; }
  [[nodiscard]] const T* operator->() const noexcept { return &value; }
};

struct no_default {};

template <class T>
struct optional_inner {
  using type = T;
};
template <class T>
struct optional_inner<std::optional<T>> {
  using type = T;
};

/// "query parameter 'limit' must be an integer from 0 to 100"
inline std::string_view describe_error(std::string_view kind, std::string_view name, std::string_view problem,
                                       std::string_view detail = {}) {
  arena_string m(current_arena());
  m.append(kind);
  m.append(" '");
  m.append(name);
  m.append("' ");
  m.append(problem);
  m.append(detail);
  return m.view();
}

/// Reads `text` as `T` (`std::optional<U>` reads a `U`).
template <class T>
bool parse_value(std::string_view text, T& out) {
  if constexpr (is_optional<T>::value) {
    typename T::value_type v{};
    if (!param_traits<typename T::value_type>::parse(text, v)) return false;
    out = std::move(v);
    return true;
  } else {
    return param_traits<T>::parse(text, out);
  }
}

template <class T>
constexpr std::string_view description_of() {
  return param_traits<typename optional_inner<T>::type>::description;
}

template <class T>
constexpr bool readable_from_text = parsable_param<typename optional_inner<T>::type>;
}  // namespace detail

/**
 * A path parameter of the route, converted to `T`.
 *
 * **Example**: `sluice::route<"GET /pets/{id}">([](sluice::path<"id", std::uint64_t> id) { ... *id ... })`
 */
template <fixed_string Name, class T = std::string_view>
struct path : detail::holds<T> {
  static_assert(!detail::is_optional<T>::value,
                "sluice::path: a path parameter is always present; drop the std::optional");
  static_assert(parsable_param<T>,
                "sluice::path: a path parameter cannot be read as this type; use an integer, a "
                "floating-point type, bool, std::string_view, std::string or sluice::bounded, or "
                "specialise sluice::param_traits for it");
  static constexpr std::string_view name = Name.view();
  static constexpr bool needs_route = true;

  template <fixed_string Key>
  static constexpr bool check() {
    constexpr detail::route_template t = detail::parse_route_template(Key.view());
    if constexpr (t.param_index(Name.view()) < 0) {
      (void)errors::handler_asks_for_a_path_parameter_the_route_does_not_have<Key, Name>{};
    }
    return true;
  }

  template <fixed_string Key>
  static bool extract(const request& req, path& out, http_error& err) {
    constexpr int index = detail::parse_route_template(Key.view()).param_index(Name.view());
    const std::string_view text = req.path_params()[static_cast<std::size_t>(index)].value;
    if (detail::parse_value(text, out.value)) return true;
    err = {400, detail::describe_error("path parameter", name, "must be ", param_traits<T>::description)};
    return false;
  }
};

/**
 * A query parameter sent at most once. `T` may be `std::optional<U>` (absent is fine), or
 * give a `Default` for an absent parameter; otherwise it is required. Sent twice is a `400`:
 * use `query_list` for repeated keys.
 *
 * **Example**: `sluice::query<"limit", sluice::bounded<unsigned, 0, 100>, 20>`
 */
template <fixed_string Name, class T = std::string_view, auto Default = detail::no_default{}>
struct query : detail::holds<T> {
  static_assert(detail::readable_from_text<T>,
                "sluice::query: a query parameter cannot be read as this type; use an integer, a "
                "floating-point type, bool, std::string_view, std::string or sluice::bounded (or "
                "std::optional of one), or specialise sluice::param_traits for it");
  static constexpr bool has_default = !std::is_same_v<std::remove_cv_t<decltype(Default)>, detail::no_default>;
  static_assert(!(has_default && detail::is_optional<T>::value),
                "sluice::query: give either a default or std::optional, not both");
  static constexpr std::string_view name = Name.view();

  template <fixed_string Key>
  static bool extract(const request& req, query& out, http_error& err) {
    const std::size_t count = req.query_count(name);
    if (count == 0) {
      if constexpr (has_default) {
        out.value = T{Default};
        return true;
      } else if constexpr (detail::is_optional<T>::value) {
        return true;
      } else {
        err = {400, detail::describe_error("query parameter", name, "is required")};
        return false;
      }
    }
    if (count > 1) {
      err = {400, detail::describe_error("query parameter", name, "must be sent once; use one value")};
      return false;
    }
    if (detail::parse_value(*req.query(name), out.value)) return true;
    err = {400, detail::describe_error("query parameter", name, "must be ", detail::description_of<T>())};
    return false;
  }
};

/**
 * Every value of a query parameter, in request order (none is fine). Values live in the
 * invocation's arena.
 *
 * **Example**: `sluice::query_list<"tag">` gives `{"a", "b"}` for `?tag=a&tag=b`.
 */
template <fixed_string Name, class T = std::string_view>
struct query_list : detail::extractor_tag {
  static_assert(parsable_param<T>, "sluice::query_list: the values cannot be read as this type");
  static_assert(std::is_trivially_destructible_v<T>,
                "sluice::query_list: values live in the invocation arena; use a trivially "
                "destructible type such as std::string_view");
  static constexpr std::string_view name = Name.view();
  std::span<const T> values;

  [[nodiscard]] auto begin() const noexcept { return values.begin(); }
  [[nodiscard]] auto end() const noexcept { return values.end(); }
  [[nodiscard]] std::size_t size() const noexcept { return values.size(); }
  [[nodiscard]] const T& operator[](std::size_t i) const noexcept { return values[i]; }

  template <fixed_string Key>
  static bool extract(const request& req, query_list& out, http_error& err) {
    const std::size_t count = req.query_count(name);
    if (count == 0) return true;
    T* items = detail::current_arena().allocate_array<T>(count);
    std::size_t n = 0;
    bool ok = true;
    req.for_each_query(name, [&](std::string_view text) {
      if (ok && !param_traits<T>::parse(text, items[n++])) ok = false;
    });
    if (!ok) {
      err = {400, detail::describe_error("query parameter", name, "must be ", param_traits<T>::description)};
      return false;
    }
    out.values = {items, n};
    return true;
  }
};

namespace detail {
template <class T>
bool extract_named(std::optional<std::string_view> text, std::string_view kind, std::string_view name, T& out,
                   http_error& err) {
  if (!text) {
    if constexpr (is_optional<T>::value) {
      return true;
    } else {
      err = {400, describe_error(kind, name, "is required")};
      return false;
    }
  }
  if (parse_value(*text, out)) return true;
  err = {400, describe_error(kind, name, "must be ", description_of<T>())};
  return false;
}
}  // namespace detail

/**
 * A request header (any case), converted to `T`; `std::optional<U>` when it may be absent.
 *
 * **Example**: `sluice::header<"x-request-id", std::optional<std::string_view>>`
 */
template <fixed_string Name, class T = std::string_view>
struct header : detail::holds<T> {
  static_assert(detail::readable_from_text<T>, "sluice::header: the header cannot be read as this type");
  static constexpr std::string_view name = Name.view();
  template <fixed_string Key>
  static bool extract(const request& req, header& out, http_error& err) {
    return detail::extract_named(req.header(name), "header", name, out.value, err);
  }
};

/**
 * A request cookie, converted to `T`; `std::optional<U>` when it may be absent.
 *
 * **Example**: `sluice::cookie<"session", std::optional<std::string_view>>`
 */
template <fixed_string Name, class T = std::string_view>
struct cookie : detail::holds<T> {
  static_assert(detail::readable_from_text<T>, "sluice::cookie: the cookie cannot be read as this type");
  static constexpr std::string_view name = Name.view();
  template <fixed_string Key>
  static bool extract(const request& req, cookie& out, http_error& err) {
    return detail::extract_named(req.cookie(name), "cookie", name, out.value, err);
  }
};

/**
 * The request body as bytes (JSON escapes undone, base64 decoded).
 *
 * **Example**: `[](sluice::raw_body b) { return sluice::text(b.bytes); }`
 */
struct raw_body : detail::extractor_tag {
  static constexpr bool needs_body = true;
  std::string_view bytes;

  template <fixed_string Key>
  static bool extract(const request& req, raw_body& out, http_error& err) {
    if (const body_problem p = req.body_error(); p != body_problem::none) {
      err = {status_of(p), describe(p)};
      return false;
    }
    out.bytes = req.body();
    return true;
  }
};

}  // namespace sluice
