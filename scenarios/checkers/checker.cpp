// The checker registry (`reconsim list`, `run_check`) and the one fact the
// world records for the checkers.
#include "reconsim/scenarios/checkers/checker.hpp"

#include <array>
#include <stdexcept>

#include "reconsim/scenarios/spec/check_catalogue.hpp"
#include "reconsim/sim/actor.hpp"

namespace reconsim::scenarios {
namespace {

struct named_check {
  std::string_view name;
  check_fn fn;
};

// The function behind each name of spec/check_catalogue.hpp, in its order.
constexpr std::array<named_check, check_catalogue.size()> functions{{
    {"retries-honour-backoff", &check_retries_honour_backoff},
    {"terminal-only-when-done", &check_terminal_only_when_done},
    {"status-counters-match-attempts", &check_status_counters_match_attempts},
    {"audit-stored-once", &check_audit_stored_once},
    {"file-visible-on-host", &check_file_visible_on_host},
    {"run-terminates", &check_run_terminates},
}};

constexpr std::array<checker_info, check_catalogue.size()> make_registry() {
  std::array<checker_info, check_catalogue.size()> out{};
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i] = {check_catalogue[i].name, check_catalogue[i].description, functions[i].fn};
  }
  return out;
}

constexpr bool names_match() {
  for (std::size_t i = 0; i < functions.size(); ++i)
    if (functions[i].name != check_catalogue[i].name) return false;
  return true;
}
// A scenario may name exactly the checks that have a checker here.
static_assert(names_match(), "checkers must follow spec/check_catalogue.hpp, name for name and in order");

constexpr std::array<checker_info, check_catalogue.size()> registry = make_registry();

}  // namespace

std::span<const checker_info> checkers() noexcept { return registry; }

const checker_info* find_checker(std::string_view name) noexcept {
  for (const checker_info& c : registry)
    if (c.name == name) return &c;
  return nullptr;
}

std::string_view status_of(const check_result& r) noexcept {
  if (!r.passed) return "fail";
  return r.exercised ? "pass" : "not-exercised";
}

void not_exercised(check_result& r, const std::string& why) {
  if (!r.passed) return;
  r.exercised = false;
  r.explanation = "not exercised: " + why;
}

check_result run_check(std::string_view name, const trace_events& trace, const sim::outcome* outcome) {
  const checker_info* c = find_checker(name);
  if (c == nullptr) throw std::invalid_argument("unknown checker: " + std::string(name));
  return run_guarded(c->name, c->fn, trace, outcome);
}

check_result run_guarded(std::string_view name, check_fn fn, const trace_events& trace, const sim::outcome* outcome) {
  check_result r;
  try {
    r = fn(trace, outcome);
  } catch (const std::exception& e) {
    // A checker that throws has found something about the run or about
    // itself: either way the run is a finding with a repro, never a lost
    // run or a crash of a search.
    r = check_result{};
    r.passed = false;
    r.first_violation = trace.empty() ? sim::time_point{} : trace.back().at;
    r.explanation = "the checker threw: " + std::string(e.what());
    r.violations = 1;
  }
  r.name = std::string(name);
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
