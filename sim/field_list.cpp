#include "reconsim/sim/field_list.hpp"

#include <cstring>
#include <functional>
#include <limits>
#include <new>
#include <stdexcept>

namespace reconsim::sim {

void field_list::reserve_discarding(std::size_t bytes) {
  if (bytes <= capacity_) return;
  // The sizes are kept in 32 bits: an event of 4 GiB is a bug upstream of
  // here (the trace cap stops a run long before).
  if (bytes > std::numeric_limits<std::uint32_t>::max()) throw std::length_error("trace event larger than 4 GiB");
  release();
  block_ = static_cast<std::byte*>(::operator new(bytes));
  capacity_ = static_cast<std::uint32_t>(bytes);
}

void field_list::release() noexcept {
  if (block_ != nullptr) ::operator delete(block_);
  block_ = nullptr;
  size_ = used_ = capacity_ = 0;
}

bool field_list::holds(const void* p) const noexcept {
  // std::less: a total order even for pointers into different blocks.
  const std::less<const void*> before;
  return block_ != nullptr && !before(p, block_) && before(p, block_ + capacity_);
}

void field_list::assign(const field_view* fields, std::size_t n) {
  std::size_t text = 0;
  bool reads_this_block = n > 0 && holds(fields);
  for (std::size_t i = 0; i < n; ++i) {
    if (const auto* s = std::get_if<std::string_view>(&fields[i].value); s != nullptr && !s->empty()) {
      text += s->size();
      reads_this_block = reads_this_block || holds(s->data());
    }
  }
  const std::size_t bytes = n * sizeof(field_view) + text;
  if (reads_this_block || bytes > capacity_) {
    // Filled before the old block goes: `fields` may be read from it.
    field_list fresh;
    fresh.reserve_discarding(bytes);
    fresh.fill(fields, n, bytes);
    swap(fresh);
    return;
  }
  fill(fields, n, bytes);
}

void field_list::fill(const field_view* fields, std::size_t n, std::size_t bytes) noexcept {
  // The fields are trivially copyable: copied as bytes, then each text
  // view is pointed at its copy in the block.
  auto* out = reinterpret_cast<field_view*>(block_);
  if (n > 0) std::memcpy(static_cast<void*>(out), fields, n * sizeof(field_view));
  char* next_text = reinterpret_cast<char*>(block_) + n * sizeof(field_view);
  for (std::size_t i = 0; i < n; ++i) {
    auto* s = std::get_if<std::string_view>(&out[i].value);
    if (s == nullptr) continue;
    const std::size_t size = s->size();
    if (size != 0) std::memcpy(next_text, s->data(), size);
    *s = std::string_view(next_text, size);
    next_text += size;
  }
  size_ = static_cast<std::uint32_t>(n);
  used_ = static_cast<std::uint32_t>(bytes);
}

void field_list::copy_from(const field_list& other) {
  if (other.used_ == 0) {
    size_ = used_ = 0;
    return;
  }
  reserve_discarding(other.used_);
  std::memcpy(block_, other.block_, other.used_);
  // Move every view to the same offset in this block.
  auto* out = reinterpret_cast<field_view*>(block_);
  for (std::uint32_t i = 0; i < other.size_; ++i) {
    if (auto* s = std::get_if<std::string_view>(&out[i].value); s != nullptr && !s->empty()) {
      const std::ptrdiff_t offset = reinterpret_cast<const std::byte*>(s->data()) - other.block_;
      *s = std::string_view(reinterpret_cast<const char*>(block_ + offset), s->size());
    }
  }
  size_ = other.size_;
  used_ = other.used_;
}

}  // namespace reconsim::sim
