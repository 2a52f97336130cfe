#pragma once
// Virtual time. Every model reads time from here, never from a real clock,
// so a run is a pure function of its inputs.
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace reconsim::sim {

using duration = std::chrono::nanoseconds;

// A clock that only the simulation moves. `now()` is the virtual time of the
// world that is running on this thread (zero when none is).
struct virtual_clock {
  using rep = std::chrono::nanoseconds::rep;
  using period = std::chrono::nanoseconds::period;
  using duration = std::chrono::nanoseconds;
  using time_point = std::chrono::time_point<virtual_clock, std::chrono::nanoseconds>;
  static constexpr bool is_steady = true;
  static time_point now() noexcept;
};

using time_point = virtual_clock::time_point;

inline time_point now() noexcept { return virtual_clock::now(); }

// Seconds as a double, for reports and distributions (never for ordering).
inline double to_seconds(duration d) noexcept { return static_cast<double>(d.count()) / 1e9; }
inline double to_seconds(time_point t) noexcept { return to_seconds(t.time_since_epoch()); }
// Rounds to the nearest nanosecond; exact for the values reports print.
duration from_seconds(double s) noexcept;

// "1.5s", "250ms", "3us", "7ns", "2m", "1h": the shortest exact form.
std::string format_duration(duration d);
// For people, not for round trips: exact when a whole unit ("30s", "2m"),
// else three decimals of the largest fitting unit ("65.768s", "17.670ms").
std::string format_duration_readable(duration d);
// Why a text is or is not a duration. Every value format_duration prints
// parses back (the whole int64 range of nanoseconds).
enum class duration_status { ok, malformed, too_large, too_fine };
// Parses the forms format_duration prints (and decimals such as "0.5s").
// A value past the int64 range of nanoseconds is `too_large`, detected
// before anything overflows; `out` is written only when the result is ok.
duration_status parse_duration_status(std::string_view text, duration& out);
// The same, as a yes or no.
bool parse_duration(std::string_view text, duration& out);
// What went wrong, for error messages ("duration too large: at most ...").
std::string describe(duration_status status);

}  // namespace reconsim::sim
