#pragma once
// The checks a scenario may name (a scenario file's `checks:`), each with
// the line `reconsim list` shows. The names belong to the scenario
// language, so they live here; what each check does lives in checkers/,
// whose registry pairs every entry with its function in this order
// (checked at compile time in checkers/checker.cpp).
#include <array>
#include <string_view>

namespace reconsim::scenarios {

struct check_description {
  std::string_view name;
  std::string_view description;  // one line, for `reconsim list`
};

// In the order `reconsim list` shows them.
inline constexpr std::array<check_description, 6> check_catalogue{{
    {"retries-honour-backoff",
     "failed deliveries are retried while attempts remain, never sooner than the policy's backoff minus jitter and the 1 s of whole-second timestamps"},
    {"terminal-only-when-done",
     "a terminal phase only once every channel succeeded or the failed ones are out of retries"},
    {"status-counters-match-attempts",
     "every status write's totalAttempts and delivery counters equal the attempts made so far"},
    {"audit-stored-once", "every emitted audit event is stored exactly once or is in the dead-letter queue"},
    {"file-visible-on-host", "every file operation in the pod becomes visible on the host view when promised"},
    {"run-terminates", "the run ends within its time and event caps, without a stuck or crashed actor"},
}};

constexpr bool is_check_name(std::string_view name) noexcept {
  for (const check_description& c : check_catalogue)
    if (c.name == name) return true;
  return false;
}

}  // namespace reconsim::scenarios
