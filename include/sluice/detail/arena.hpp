// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// The per-invocation arena: bump allocation, reset (not freed) between invocations.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <new>
#include <string_view>

#include "sluice/detail/config.hpp"

namespace sluice::detail {

/**
 * A bump allocator whose memory lives until `reset()`. After an invocation that needed more
 * than one block, `reset()` replaces the blocks by one block as large as all of them, so a
 * steady workload allocates nothing from the heap.
 *
 * **Example**: `arena a; std::string_view s = a.copy("text"); a.reset();`
 */
class arena {
 public:
  explicit arena(std::size_t first_block = 16 * 1024) : next_block_size_(first_block) {}
  ~arena() { release(); }
  arena(const arena&) = delete;
  arena& operator=(const arena&) = delete;

  [[nodiscard]] void* allocate(std::size_t size, std::size_t align = alignof(std::max_align_t)) {
    std::size_t offset = (used_ + align - 1) & ~(align - 1);
    if (head_ == nullptr || offset + size > head_->size) {
      grow(size + align);
      offset = (used_ + align - 1) & ~(align - 1);
    }
    used_ = offset + size;
    return head_->data() + offset;
  }

  [[nodiscard]] char* allocate_chars(std::size_t n) { return static_cast<char*>(allocate(n, 1)); }

  template <class T>
  [[nodiscard]] T* allocate_array(std::size_t n) {
    return static_cast<T*>(allocate(sizeof(T) * (n == 0 ? 1 : n), alignof(T)));
  }

  [[nodiscard]] std::string_view copy(std::string_view s) {
    if (s.empty()) return {};
    char* p = allocate_chars(s.size());
    std::memcpy(p, s.data(), s.size());
    return {p, s.size()};
  }

  /**
   * Grows the allocation `[p, p + old_size)` to `new_size` bytes in place when it is the
   * latest allocation of the current block and there is room. Returns false otherwise.
   */
  [[nodiscard]] bool try_extend(const void* p, std::size_t old_size, std::size_t new_size) noexcept {
    if (head_ == nullptr || static_cast<const char*>(p) + old_size != head_->data() + used_) return false;
    const std::size_t start = static_cast<std::size_t>(static_cast<const char*>(p) - head_->data());
    if (start + new_size > head_->size) return false;
    used_ = start + new_size;
    return true;
  }

  /// Forgets every allocation. Memory is kept for the next invocation.
  void reset() noexcept {
    if (head_ != nullptr && head_->next != nullptr) {
      std::size_t total = 0;
      for (block* b = head_; b != nullptr; b = b->next) total += b->size;
      release();
      next_block_size_ = total;
    }
    used_ = 0;
  }

  /// Bytes the arena holds from the heap.
  [[nodiscard]] std::size_t capacity() const noexcept {
    std::size_t total = 0;
    for (block* b = head_; b != nullptr; b = b->next) total += b->size;
    return total;
  }

 private:
  struct block {
    block* next;
    std::size_t size;
    char* data() noexcept { return reinterpret_cast<char*>(this + 1); }
  };

  void grow(std::size_t at_least) {
    const std::size_t size = std::max(next_block_size_, at_least);
    void* memory = ::operator new(sizeof(block) + size);
    head_ = new (memory) block{head_, size};
    used_ = 0;
    next_block_size_ = size * 2;
  }

  void release() noexcept {
    while (head_ != nullptr) {
      block* next = head_->next;
      ::operator delete(head_);
      head_ = next;
    }
  }

  block* head_ = nullptr;
  std::size_t used_ = 0;
  std::size_t next_block_size_;
};

/**
 * A growable array of trivially copyable values in an arena. Grows in place when it is the
 * arena's latest allocation, otherwise by copying; the old storage is reclaimed at reset.
 */
template <class T>
class arena_vector {
 public:
  arena_vector() = default;
  explicit arena_vector(arena& a, std::size_t initial_capacity = 16) : arena_(&a), capacity_(initial_capacity) {}

  void push_back(const T& value) {
    if (size_ == capacity_ || data_ == nullptr) reserve(size_ == 0 ? (capacity_ == 0 ? 16 : capacity_) : size_ * 2);
    data_[size_++] = value;
  }
  void reserve(std::size_t n) {
    if (data_ != nullptr && n <= capacity_) return;
    if (data_ != nullptr && arena_->try_extend(data_, capacity_ * sizeof(T), n * sizeof(T))) {
      capacity_ = n;
      return;
    }
    T* fresh = arena_->allocate_array<T>(n);
    if (size_ != 0) std::memcpy(static_cast<void*>(fresh), data_, size_ * sizeof(T));
    data_ = fresh;
    capacity_ = n;
  }
  void clear() noexcept { size_ = 0; }
  /// Removes the elements for which `drop(element)` is true, keeping the others' order.
  template <class Pred>
  void erase_if(Pred drop) {
    std::size_t kept = 0;
    for (std::size_t i = 0; i < size_; ++i) {
      if (!drop(data_[i])) data_[kept++] = data_[i];
    }
    size_ = kept;
  }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
  /// Whether it has an arena to grow in (a default-constructed vector has none).
  [[nodiscard]] bool has_arena() const noexcept { return arena_ != nullptr; }
  [[nodiscard]] T* begin() noexcept { return data_; }
  [[nodiscard]] T* end() noexcept { return data_ + size_; }
  [[nodiscard]] const T* begin() const noexcept { return data_; }
  [[nodiscard]] const T* end() const noexcept { return data_ + size_; }
  [[nodiscard]] T& operator[](std::size_t i) noexcept { return data_[i]; }
  [[nodiscard]] const T& operator[](std::size_t i) const noexcept { return data_[i]; }
  [[nodiscard]] T& back() noexcept { return data_[size_ - 1]; }

 private:
  arena* arena_ = nullptr;
  T* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

/// Text built piece by piece in an arena; `view()` stays valid until the arena's reset.
class arena_string {
 public:
  explicit arena_string(arena& a) noexcept : arena_(&a) {}

  SLUICE_ALWAYS_INLINE void append(std::string_view s) {
    if (s.empty()) return;
    std::memcpy(extend(s.size()), s.data(), s.size());
  }
  SLUICE_ALWAYS_INLINE void push_back(char c) { *extend(1) = c; }
  /// Makes room for `n` more bytes and returns where they go.
  [[nodiscard]] SLUICE_ALWAYS_INLINE char* extend(std::size_t n) {
    if (size_ + n > capacity_) grow(n);
    char* p = data_ + size_;
    size_ += n;
    return p;
  }
  /// Gives back the last `n` bytes of an `extend` that wrote fewer.
  void shrink_by(std::size_t n) noexcept { size_ -= n; }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] std::string_view view() const noexcept { return {data_, size_}; }

 private:
  SLUICE_NOINLINE void grow(std::size_t n) {
    const std::size_t want = std::max({capacity_ * 2, size_ + n, std::size_t{64}});
    if (data_ != nullptr && arena_->try_extend(data_, capacity_, want)) {
      capacity_ = want;
      return;
    }
    char* fresh = arena_->allocate_chars(want);
    if (size_ != 0) std::memcpy(fresh, data_, size_);
    data_ = fresh;
    capacity_ = want;
  }

  arena* arena_;
  char* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

/// The arena of the invocation running on this thread, set by `arena_scope`.
inline arena*& current_arena_slot() noexcept {
  thread_local arena* current = nullptr;
  return current;
}

/// The current invocation's arena; outside an invocation, a per-thread arena that is
/// never reset (tests and tools that build responses by hand).
[[nodiscard]] inline arena& current_arena() {
  if (arena* a = current_arena_slot()) return *a;
  thread_local arena fallback;
  return fallback;
}

/// Makes `a` the current arena for the lifetime of the scope.
class arena_scope {
 public:
  explicit arena_scope(arena& a) noexcept : previous_(current_arena_slot()) { current_arena_slot() = &a; }
  ~arena_scope() { current_arena_slot() = previous_; }
  arena_scope(const arena_scope&) = delete;
  arena_scope& operator=(const arena_scope&) = delete;

 private:
  arena* previous_;
};

}  // namespace sluice::detail
