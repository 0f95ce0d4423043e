// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// Typed context: what a before step hands to the steps and the handler after it. A step
// provides a `T` by returning one; a later step or the handler takes `sluice::provided<T>`.
// Which step provides what is checked when the app is compiled (see middleware.hpp).

#include <optional>
#include <tuple>
#include <type_traits>
#include <utility>

#include "sluice/response.hpp"

namespace sluice {

/**
 * A handler or step parameter: the `T` an earlier before step provided, for this request.
 *
 * **Example**: `[](sluice::provided<tenant> t) { return sluice::text(t->name); }`
 */
template <class T>
class provided {
 public:
  explicit provided(const T& value) noexcept : value_(&value) {}
  [[nodiscard]] const T& operator*() const noexcept { return *value_; }
  [[nodiscard]] const T* operator->() const noexcept { return value_; }
  [[nodiscard]] const T& get() const noexcept { return *value_; }

 private:
  const T* value_;
};

/**
 * What a before step returns when it either provides a `T` or answers the request itself.
 *
 * **Example**:
 * ```
 * sluice::before([](sluice::header<"x-tenant"> id) -> sluice::provides<tenant> {
 *   if (auto t = find_tenant(*id)) return *t;
 *   return sluice::error(403, "unknown tenant");
 * })
 * ```
 */
template <class T>
class provides {
  static_assert(!std::is_same_v<std::remove_cvref_t<T>, response>,
                "sluice::provides<T>: T is the context a step hands on; to answer, return a sluice::response");
  static_assert(std::is_same_v<std::remove_cvref_t<T>, T>, "sluice::provides<T>: T must be a plain value type");

 public:
  provides(T value) : value_(std::move(value)) {}          // NOLINT(google-explicit-constructor)
  provides(response answer) : answer_(std::move(answer)) {}  // NOLINT(google-explicit-constructor)

  [[nodiscard]] bool answered() const noexcept { return answer_.has_value(); }
  [[nodiscard]] T&& value() && { return std::move(*value_); }
  [[nodiscard]] response&& answer() && { return std::move(*answer_); }

 private:
  std::optional<T> value_;
  std::optional<response> answer_;
};

namespace detail {
/// One invocation's context values, one slot per type a level's before steps provide.
template <class... T>
class context_store {
 public:
  template <class U>
  static constexpr bool holds = (std::is_same_v<U, T> || ...);

  template <class U>
  [[nodiscard]] const U* find() const noexcept {
    if constexpr (holds<U>) {
      const auto& slot = std::get<std::optional<U>>(values_);
      return slot ? &*slot : nullptr;
    } else {
      return nullptr;
    }
  }
  template <class U>
  void put(U&& value) {
    std::get<std::optional<std::remove_cvref_t<U>>>(values_).emplace(std::forward<U>(value));
  }

 private:
  std::tuple<std::optional<T>...> values_;
};

/// A route's context in front of the app's: a route's steps and handler see both.
template <class Outer, class Inner>
struct context_chain {
  const Outer* outer;
  const Inner* inner;

  template <class U>
  [[nodiscard]] const U* find() const noexcept {
    if constexpr (Inner::template holds<U>) {
      return inner->template find<U>();
    } else {
      return outer->template find<U>();
    }
  }
};
}  // namespace detail

}  // namespace sluice
