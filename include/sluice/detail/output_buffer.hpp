// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// The bytes of a response as they are written: a growable buffer whose appends are a bounds
// check and a copy, kept by the worker so that its memory is reused.

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <memory>
#include <string_view>

#include "sluice/detail/config.hpp"

namespace sluice::detail {

class output_buffer {
 public:
  output_buffer() = default;
  output_buffer(const output_buffer&) = delete;
  output_buffer& operator=(const output_buffer&) = delete;

  void clear() noexcept { size_ = 0; }
  void reserve(std::size_t n) {
    if (n > capacity_) grow(n - size_);
  }

  SLUICE_ALWAYS_INLINE void append(std::string_view s) {
    if (capacity_ - size_ < s.size()) grow(s.size());
    if (!s.empty()) std::memcpy(data_.get() + size_, s.data(), s.size());
    size_ += s.size();
  }
  void append(const char* p, std::size_t n) { append(std::string_view(p, n)); }
  SLUICE_ALWAYS_INLINE void push_back(char c) {
    if (size_ == capacity_) grow(1);
    data_[size_++] = c;
  }
  /// Makes room for `n` more bytes and returns where they go.
  [[nodiscard]] char* extend(std::size_t n) {
    if (capacity_ - size_ < n) grow(n);
    char* p = data_.get() + size_;
    size_ += n;
    return p;
  }

  /// Gives back the last `n` bytes of an `extend` that wrote fewer.
  void shrink_by(std::size_t n) noexcept { size_ -= n; }

  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] const char* data() const noexcept { return data_.get(); }
  [[nodiscard]] std::string_view view() const noexcept { return {data_.get(), size_}; }
  operator std::string_view() const noexcept { return view(); }  // NOLINT: a view of the bytes

 private:
  SLUICE_NOINLINE void grow(std::size_t extra) {
    const std::size_t capacity = std::max({capacity_ * 2, size_ + extra, std::size_t{4096}});
    auto fresh = std::make_unique_for_overwrite<char[]>(capacity);
    if (size_ != 0) std::memcpy(fresh.get(), data_.get(), size_);
    data_ = std::move(fresh);
    capacity_ = capacity;
  }

  std::unique_ptr<char[]> data_;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

}  // namespace sluice::detail
