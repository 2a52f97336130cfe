#include "reconsim/sim/time.hpp"

#include <cmath>
#include <cstdint>
#include <fmt/format.h>

namespace reconsim::sim {

duration from_seconds(double s) noexcept { return duration(static_cast<std::int64_t>(std::llround(s * 1e9))); }

namespace {
struct unit {
  const char* suffix;
  std::int64_t ns;
};
// Largest first: format_duration picks the largest unit that divides exactly.
constexpr unit units[] = {{"h", 3'600'000'000'000}, {"m", 60'000'000'000}, {"s", 1'000'000'000},
                          {"ms", 1'000'000},        {"us", 1'000},          {"ns", 1}};
}  // namespace

std::string format_duration(duration d) {
  const std::int64_t n = d.count();
  if (n == 0) return "0s";
  for (const unit& u : units) {
    if (n % u.ns == 0) return fmt::format("{}{}", n / u.ns, u.suffix);
  }
  return fmt::format("{}ns", n);
}

std::string format_duration_readable(duration d) {
  const std::int64_t n = d.count();
  const std::int64_t mag = n < 0 ? -n : n;
  for (const unit& u : units) {
    if (mag % u.ns == 0) return format_duration(d);  // exact in its own unit: short already
    if (mag >= u.ns && u.ns <= 1'000'000'000) {
      return fmt::format("{:.3f}{}", static_cast<double>(n) / static_cast<double>(u.ns), u.suffix);
    }
  }
  return format_duration(d);
}

bool parse_duration(std::string_view text, duration& out) {
  if (text.empty()) return false;
  std::size_t i = 0;
  bool negative = false;
  if (text[0] == '-') {
    negative = true;
    i = 1;
  }
  // Integer and fraction digits are kept as integers so "0.1s" is exact.
  std::int64_t whole = 0;
  std::int64_t frac = 0;
  std::int64_t frac_scale = 1;
  bool digits = false;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
    if (whole > 922'337'203'685) return false;  // would overflow once scaled
    whole = whole * 10 + (text[i] - '0');
    digits = true;
    ++i;
  }
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      if (frac_scale >= 1'000'000'000) return false;  // finer than 1 ns
      frac = frac * 10 + (text[i] - '0');
      frac_scale *= 10;
      digits = true;
      ++i;
    }
  }
  if (!digits) return false;
  const std::string_view suffix = text.substr(i);
  for (const unit& u : units) {
    if (suffix != u.suffix) continue;
    if (u.ns % frac_scale != 0 && frac != 0) {
      if ((frac * u.ns) % frac_scale != 0) return false;  // not a whole number of ns
    }
    const std::int64_t ns = whole * u.ns + frac * u.ns / frac_scale;
    out = duration(negative ? -ns : ns);
    return true;
  }
  return false;
}

}  // namespace reconsim::sim
