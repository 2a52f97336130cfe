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
  // Unsigned: the magnitude of the smallest int64 does not fit in one.
  const std::uint64_t mag = n < 0 ? 0 - static_cast<std::uint64_t>(n) : static_cast<std::uint64_t>(n);
  for (const unit& u : units) {
    const auto unit_ns = static_cast<std::uint64_t>(u.ns);
    if (mag % unit_ns == 0) return format_duration(d);  // exact in its own unit: short already
    if (mag >= unit_ns && u.ns <= 1'000'000'000) {
      return fmt::format("{:.3f}{}", static_cast<double>(n) / static_cast<double>(u.ns), u.suffix);
    }
  }
  return format_duration(d);
}

duration_status parse_duration_status(std::string_view text, duration& out) {
  if (text.empty()) return duration_status::malformed;
  std::size_t i = 0;
  bool negative = false;
  if (text[0] == '-') {
    negative = true;
    i = 1;
  }
  // Magnitudes are unsigned so that -9223372036854775808ns (the smallest
  // value format_duration can print) parses back. Every multiplication and
  // addition is checked: a value past the range is reported, never wrapped.
  const std::uint64_t limit = negative ? std::uint64_t{1} << 63 : (std::uint64_t{1} << 63) - 1;
  bool overflow = false;
  std::uint64_t whole = 0;
  // Fraction digits are kept as integers so "0.1s" is exact.
  std::uint64_t frac = 0;
  std::uint64_t frac_scale = 1;
  bool digits = false;
  bool too_fine = false;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
    const auto digit = static_cast<std::uint64_t>(text[i] - '0');
    overflow = overflow || __builtin_mul_overflow(whole, 10u, &whole) || __builtin_add_overflow(whole, digit, &whole);
    digits = true;
    ++i;
  }
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      if (frac_scale >= 1'000'000'000) {
        too_fine = true;  // a tenth digit: finer than 1 ns in any unit
      } else {
        frac = frac * 10 + static_cast<std::uint64_t>(text[i] - '0');
        frac_scale *= 10;
      }
      digits = true;
      ++i;
    }
  }
  if (!digits) return duration_status::malformed;
  const std::string_view suffix = text.substr(i);
  for (const unit& u : units) {
    if (suffix != u.suffix) continue;
    if (too_fine) return duration_status::too_fine;
    const auto unit_ns = static_cast<std::uint64_t>(u.ns);
    // frac < frac_scale <= 1e9: when the unit is a multiple of the scale the
    // fraction is a whole number of ns below one unit; otherwise the unit is
    // below 1 s and frac * unit stays under 1e18.
    std::uint64_t frac_ns = 0;
    if (unit_ns % frac_scale == 0) {
      frac_ns = frac * (unit_ns / frac_scale);
    } else {
      if ((frac * unit_ns) % frac_scale != 0) return duration_status::too_fine;
      frac_ns = frac * unit_ns / frac_scale;
    }
    std::uint64_t ns = 0;
    if (overflow || __builtin_mul_overflow(whole, unit_ns, &ns) || __builtin_add_overflow(ns, frac_ns, &ns) ||
        ns > limit) {
      return duration_status::too_large;
    }
    out = duration(negative ? static_cast<std::int64_t>(0 - ns) : static_cast<std::int64_t>(ns));
    return duration_status::ok;
  }
  return duration_status::malformed;
}

bool parse_duration(std::string_view text, duration& out) {
  return parse_duration_status(text, out) == duration_status::ok;
}

std::string describe(duration_status status) {
  switch (status) {
    case duration_status::ok: return "a duration";
    case duration_status::malformed: return "not a duration (a number and a unit: ns, us, ms, s, m, h)";
    case duration_status::too_large: return "duration too large: at most 2562047h (~292 years)";
    case duration_status::too_fine: return "duration finer than 1ns";
  }
  return "not a duration";
}

}  // namespace reconsim::sim
