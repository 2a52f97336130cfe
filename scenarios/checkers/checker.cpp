// The checker registry (`reconsim list`, `run_check`) and the one fact the
// world records for the checkers.
#include "reconsim/scenarios/checker.hpp"

#include <array>
#include <stdexcept>

#include "reconsim/sim/actor.hpp"

namespace reconsim::scenarios {
namespace {

constexpr std::array<checker_info, 6> registry{{
    {"retries-honour-backoff",
     "failed deliveries are retried while attempts remain, never sooner than the policy's backoff minus jitter",
     &check_retries_honour_backoff},
    {"terminal-only-when-done",
     "a terminal phase only once every channel succeeded or the failed ones are out of retries",
     &check_terminal_only_when_done},
    {"status-counters-match-attempts",
     "every status write's totalAttempts and delivery counters equal the attempts made so far",
     &check_status_counters_match_attempts},
    {"audit-stored-once", "every emitted audit event is stored exactly once or is in the dead-letter queue",
     &check_audit_stored_once},
    {"file-visible-on-host", "every file operation in the pod becomes visible on the host view when promised",
     &check_file_visible_on_host},
    {"run-terminates", "the run ends within its time and event caps, without a stuck or crashed actor",
     &check_run_terminates},
}};

}  // namespace

std::span<const checker_info> checkers() noexcept { return registry; }

const checker_info* find_checker(std::string_view name) noexcept {
  for (const checker_info& c : registry)
    if (c.name == name) return &c;
  return nullptr;
}

check_result run_check(std::string_view name, const trace_events& trace, const sim::outcome* outcome) {
  const checker_info* c = find_checker(name);
  if (c == nullptr) throw std::invalid_argument("unknown checker: " + std::string(name));
  check_result r = c->fn(trace, outcome);
  r.name = std::string(c->name);
  return r;
}

void trace_retry_policy(const std::string& key, const model::notification::retry_policy& p) {
  sim::emit("notification.retry_policy", {{"key", key},
                                          {"max_attempts", p.max_attempts},
                                          {"initial_backoff_s", p.initial_backoff_seconds},
                                          {"multiplier", p.backoff_multiplier},
                                          {"max_backoff_s", p.max_backoff_seconds}});
}

}  // namespace reconsim::scenarios
