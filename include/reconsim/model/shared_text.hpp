#pragma once
// Immutable text shared by its copies. A NotificationRequest's status
// messages and attempt errors are copied with every read of the object
// (the API server's GET, the informer's cache, the reconciler's copy: ~48
// copies a retry-backoff run) and written only when the status changes;
// most are longer than the small-string buffer, so each copy of each was a
// heap block. Copying a shared_text is a reference count. Compared by
// content, as text.
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace reconsim::model {

class shared_text {
 public:
  shared_text() noexcept = default;
  shared_text(std::string text)  // NOLINT: text is assigned to it
      : p_(text.empty() ? nullptr : std::make_shared<const std::string>(std::move(text))) {}
  shared_text(std::string_view text) : shared_text(std::string(text)) {}  // NOLINT
  shared_text(const char* text) : shared_text(std::string(text)) {}       // NOLINT

  const std::string& str() const noexcept { return p_ ? *p_ : empty_text(); }
  std::string_view view() const noexcept { return str(); }
  operator std::string_view() const noexcept { return view(); }  // NOLINT: read as text
  bool empty() const noexcept { return p_ == nullptr; }
  std::size_t find(std::string_view s, std::size_t pos = 0) const noexcept { return view().find(s, pos); }

  friend bool operator==(const shared_text& a, const shared_text& b) noexcept {
    return a.p_ == b.p_ || a.view() == b.view();
  }
  friend bool operator==(const shared_text& a, std::string_view b) noexcept { return a.view() == b; }
  friend bool operator==(const shared_text& a, const std::string& b) noexcept { return a.view() == b; }
  friend bool operator==(const shared_text& a, const char* b) noexcept { return a.view() == b; }

 private:
  static const std::string& empty_text() noexcept {
    static const std::string empty;
    return empty;
  }
  // Empty text is no block at all (the usual value of an error).
  std::shared_ptr<const std::string> p_;
};

}  // namespace reconsim::model

template <>
struct fmt::formatter<reconsim::model::shared_text> : fmt::formatter<std::string_view> {
  template <typename Context>
  auto format(const reconsim::model::shared_text& t, Context& ctx) const {
    return fmt::formatter<std::string_view>::format(t.view(), ctx);
  }
};
