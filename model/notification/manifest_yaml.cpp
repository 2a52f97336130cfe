#include "manifest_yaml.hpp"

#include <array>
#include <cctype>
#include <string>

namespace reconsim::model::notification::detail {
namespace {

bool all_digits(std::string_view s) noexcept {
  if (s.empty()) return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

std::string_view drop_sign(std::string_view s) noexcept {
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  return s;
}

}  // namespace

bool is_yaml_null(std::string_view s) noexcept { return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL"; }

// YAML 1.1 booleans, as go-yaml v2 (under sigs.k8s.io/yaml) reads them.
bool is_yaml_bool(std::string_view s) noexcept {
  static constexpr std::array<std::string_view, 22> words{
      "y",   "Y",   "yes", "Yes", "YES", "n",     "N",     "no",    "No",  "NO",  "true",
      "True", "TRUE", "false", "False", "FALSE", "on",  "On",    "ON",    "off", "Off", "OFF"};
  for (auto w : words)
    if (s == w) return true;
  return false;
}

bool is_yaml_int(std::string_view s) noexcept {
  std::string_view d = drop_sign(s);
  if (d.size() > 2 && d[0] == '0' && (d[1] == 'x' || d[1] == 'o' || d[1] == 'b')) return true;
  std::string digits;
  for (char c : d)
    if (c != '_') digits.push_back(c);  // YAML 1.1 allows 1_000
  return all_digits(digits) && d.front() != '_';
}

bool is_yaml_float(std::string_view s) noexcept {
  std::string_view d = drop_sign(s);
  if (d == ".inf" || d == ".Inf" || d == ".INF" || s == ".nan" || s == ".NaN" || s == ".NAN") return true;
  // [0-9]*.[0-9]*([eE][-+]?[0-9]+)? with at least one digit somewhere.
  std::size_t i = 0;
  bool digit = false;
  while (i < d.size() && std::isdigit(static_cast<unsigned char>(d[i]))) ++i, digit = true;
  bool dot = i < d.size() && d[i] == '.';
  if (dot) {
    ++i;
    while (i < d.size() && std::isdigit(static_cast<unsigned char>(d[i]))) ++i, digit = true;
  }
  if (!digit) return false;
  bool exp = i < d.size() && (d[i] == 'e' || d[i] == 'E');
  if (exp) {
    ++i;
    if (i < d.size() && (d[i] == '-' || d[i] == '+')) ++i;
    if (i == d.size()) return false;
    while (i < d.size() && std::isdigit(static_cast<unsigned char>(d[i]))) ++i;
  }
  return i == d.size() && (dot || exp);
}

}  // namespace reconsim::model::notification::detail
