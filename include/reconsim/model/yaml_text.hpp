#pragma once
// What YAML text may contain before a parser sees it. YAML 1.2 (§5.1)
// allows no C0 control character but tab, LF and CR, and no DEL; yaml-cpp
// accepts some of them anyway and then cannot read back what it printed
// (fuzz finding F7: a NUL inside a block scalar was kept by the first load
// and cut the text short on the second). The loaders refuse such text with
// its position instead.
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

namespace reconsim::model {

struct forbidden_char {
  int line = 1;    // 1-based
  int column = 1;  // 1-based, in bytes
  unsigned char byte = 0;
  // "control character 0x00"
  std::string describe() const {
    char buf[32];
    std::snprintf(buf, sizeof buf, "control character 0x%02X", static_cast<unsigned>(byte));
    return buf;
  }
};

inline std::optional<forbidden_char> first_forbidden_char(std::string_view text) {
  int line = 1;
  int column = 1;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) return forbidden_char{line, column, c};
    if (c == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return std::nullopt;
}

// The expectation the loaders report with it.
inline constexpr std::string_view printable_text = "printable text (YAML allows only tab, LF and CR as control characters)";

}  // namespace reconsim::model
