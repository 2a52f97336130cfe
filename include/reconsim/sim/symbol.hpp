#pragma once
// A name in the trace (an event kind, an actor, a field key) as a view of
// text that lives as long as the process. A string literal is its own
// storage; any other text is interned once, in a process-wide table, so an
// event costs no allocation for its names and copying one is a pointer and
// a length. Compared by content, never by address: where the text lives
// never reaches behaviour or the trace hash.
#include <compare>
#include <cstddef>
#include <string>
#include <string_view>
#include <type_traits>

#include <fmt/format.h>

namespace reconsim::sim {

class symbol {
 public:
  constexpr symbol() noexcept = default;
  // A string literal (or any array with static storage; never a local
  // buffer) needs no copy.
  template <std::size_t N>
  constexpr symbol(const char (&literal)[N]) noexcept : text_(literal, N - 1) {}  // NOLINT: implicit on purpose
  symbol(const std::string& text) : symbol(intern(text)) {}                         // NOLINT
  explicit symbol(std::string_view text) : symbol(intern(text)) {}

  constexpr std::string_view view() const noexcept { return text_; }
  constexpr operator std::string_view() const noexcept { return text_; }  // NOLINT
  operator std::string() const { return std::string(text_); }  // NOLINT: a name is text to every reader
  std::string str() const { return std::string(text_); }
  constexpr const char* data() const noexcept { return text_.data(); }
  constexpr std::size_t size() const noexcept { return text_.size(); }
  constexpr bool empty() const noexcept { return text_.empty(); }
  constexpr bool starts_with(std::string_view p) const noexcept { return text_.starts_with(p); }
  constexpr bool ends_with(std::string_view p) const noexcept { return text_.ends_with(p); }
  constexpr std::size_t find(std::string_view p, std::size_t pos = 0) const noexcept { return text_.find(p, pos); }
  constexpr std::size_t find(char c, std::size_t pos = 0) const noexcept { return text_.find(c, pos); }
  constexpr std::size_t rfind(std::string_view p, std::size_t pos = std::string_view::npos) const noexcept {
    return text_.rfind(p, pos);
  }
  constexpr std::size_t rfind(char c, std::size_t pos = std::string_view::npos) const noexcept {
    return text_.rfind(c, pos);
  }
  // A copy, as std::string::substr gives (names used to be std::string).
  std::string substr(std::size_t pos, std::size_t n = std::string_view::npos) const {
    return std::string(text_.substr(pos, n));
  }
  constexpr auto begin() const noexcept { return text_.begin(); }
  constexpr auto end() const noexcept { return text_.end(); }

  // Two interned copies of one text share its storage: equal without
  // reading it. The answer is the content comparison's either way.
  friend constexpr bool operator==(symbol a, symbol b) noexcept {
    if (!std::is_constant_evaluated() && a.text_.data() == b.text_.data()) return a.text_.size() == b.text_.size();
    return a.text_ == b.text_;
  }
  friend constexpr bool operator==(symbol a, std::string_view b) noexcept { return a.text_ == b; }
  friend bool operator==(symbol a, const std::string& b) noexcept { return a.text_ == b; }
  friend constexpr bool operator==(symbol a, const char* b) noexcept { return a.text_ == std::string_view(b); }
  friend constexpr std::strong_ordering operator<=>(symbol a, symbol b) noexcept {
    if (!std::is_constant_evaluated() && a.text_.data() == b.text_.data() && a.text_.size() == b.text_.size()) {
      return std::strong_ordering::equal;
    }
    return a.text_ <=> b.text_;
  }
  friend constexpr std::strong_ordering operator<=>(symbol a, std::string_view b) noexcept { return a.text_ <=> b; }
  friend std::string operator+(const std::string& a, symbol b) { return a + std::string(b.text_); }
  friend std::string operator+(symbol a, const std::string& b) { return std::string(a.text_) + b; }
  friend std::string operator+(const char* a, symbol b) { return std::string(a) + std::string(b.text_); }
  friend std::string operator+(symbol a, const char* b) { return std::string(a.text_) + b; }

 private:
  struct interned {
    std::string_view text;
  };
  explicit symbol(interned i) noexcept : text_(i.text) {}
  static interned intern(std::string_view text);

  std::string_view text_;
};

}  // namespace reconsim::sim

template <>
struct fmt::formatter<reconsim::sim::symbol> : fmt::formatter<std::string_view> {
  template <typename Context>
  auto format(reconsim::sim::symbol s, Context& ctx) const {
    return fmt::formatter<std::string_view>::format(s.view(), ctx);
  }
};
