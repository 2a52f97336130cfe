#pragma once
// The fields of one trace event, with their text, in one heap block.
//
// A run records a few hundred events of ~5 fields each, and a third of the
// fields are text longer than the small-string buffer: as a vector of
// std::string-holding fields an event cost one heap block for the vector
// and one per long text, ~550 blocks per retry-backoff run, most of the
// cost of keeping its events. Here the fields and every byte of their text
// share one block, laid out [field_view x n][text]; each text field views
// its bytes inside the block. A copy is one block and one memcpy (the views
// are moved to the new block); assigning reuses the block when it is large
// enough, so a scratch event or a ring of copies refills without
// allocating once warm.
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "reconsim/sim/field.hpp"

namespace reconsim::sim {

static_assert(std::is_trivially_copyable_v<field_view> && std::is_trivially_destructible_v<field_view>,
              "a block of fields is copied with memcpy and freed without destructors");

// The text of `v`, or nullptr when it is not text.
inline const std::string_view* text_of(const view_value* v) noexcept {
  return v != nullptr ? std::get_if<std::string_view>(v) : nullptr;
}

class field_list {
 public:
  field_list() noexcept = default;
  field_list(std::initializer_list<field_view> fields) { assign(fields.begin(), fields.size()); }
  explicit field_list(const std::vector<field_view>& fields) { assign(fields.data(), fields.size()); }
  field_list(const field_list& other) { copy_from(other); }
  field_list(field_list&& other) noexcept
      : block_(std::exchange(other.block_, nullptr)),
        size_(std::exchange(other.size_, 0)),
        used_(std::exchange(other.used_, 0)),
        capacity_(std::exchange(other.capacity_, 0)) {}
  field_list& operator=(const field_list& other) {
    if (this != &other) copy_from(other);
    return *this;
  }
  field_list& operator=(field_list&& other) noexcept {
    field_list moved(std::move(other));
    swap(moved);
    return *this;
  }
  ~field_list() { release(); }

  // Replaces the fields with copies of `fields` (their text copied in),
  // reusing the block when it is large enough.
  void assign(std::initializer_list<field_view> fields) { assign(fields.begin(), fields.size()); }
  void assign(const field_view* fields, std::size_t n);

  const field_view* begin() const noexcept { return data(); }
  const field_view* end() const noexcept { return data() + size_; }
  std::size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }
  const field_view& operator[](std::size_t i) const noexcept { return data()[i]; }
  const field_view& back() const noexcept { return data()[size_ - 1]; }
  // The heap block's size in bytes (0 when it has none).
  std::size_t block_bytes() const noexcept { return capacity_; }

  void swap(field_list& other) noexcept {
    std::swap(block_, other.block_);
    std::swap(size_, other.size_);
    std::swap(used_, other.used_);
    std::swap(capacity_, other.capacity_);
  }

 private:
  const field_view* data() const noexcept { return reinterpret_cast<const field_view*>(block_); }
  void copy_from(const field_list& other);
  // A block of at least `bytes`, keeping the current one when it is large
  // enough (its contents are not kept).
  void reserve_discarding(std::size_t bytes);
  // Writes `fields` and their text into the block, which holds `bytes`.
  void fill(const field_view* fields, std::size_t n, std::size_t bytes) noexcept;
  bool holds(const void* p) const noexcept;  // p points into the block
  void release() noexcept;

  std::byte* block_ = nullptr;
  std::uint32_t size_ = 0;      // fields
  std::uint32_t used_ = 0;      // bytes of the block in use: fields, then text
  std::uint32_t capacity_ = 0;  // bytes of the block
};

}  // namespace reconsim::sim
