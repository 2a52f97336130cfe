// The checker registry (`reconsim list`, `run_check`) and the one fact the
// world records for the checkers.
#include "reconsim/scenarios/checkers/checker.hpp"

#include <array>
#include <optional>
#include <stdexcept>

#include "reconsim/scenarios/checkers/detail/trace_query.hpp"
#include "reconsim/scenarios/spec/check_catalogue.hpp"
#include "reconsim/sim/actor.hpp"

namespace reconsim::scenarios {
namespace {

struct named_check {
  std::string_view name;
  make_checker_fn make;
};

// The checker behind each name of spec/check_catalogue.hpp, in its order.
constexpr std::array<named_check, check_catalogue.size()> functions{{
    {"retries-honour-backoff", &make_retries_honour_backoff},
    {"terminal-only-when-done", &make_terminal_only_when_done},
    {"status-counters-match-attempts", &make_status_counters_match_attempts},
    {"audit-stored-once", &make_audit_stored_once},
    {"file-visible-on-host", &make_file_visible_on_host},
    {"run-terminates", &make_run_terminates},
}};

constexpr std::array<checker_info, check_catalogue.size()> make_registry() {
  std::array<checker_info, check_catalogue.size()> out{};
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i] = {check_catalogue[i].name, check_catalogue[i].description, functions[i].make};
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

namespace {

check_result threw(std::string_view name, sim::time_point at, const std::exception& e) {
  check_result r;
  r.name = std::string(name);
  r.passed = false;
  r.first_violation = at;
  r.explanation = "the checker threw: " + std::string(e.what());
  r.violations = 1;
  return r;
}

}  // namespace

// A checker of the session, or, once it threw, what it threw.
struct check_session::running {
  std::string_view name;
  std::unique_ptr<checker> c;
  std::optional<check_result> failed;
};

check_session::check_session(const std::vector<std::string>& names, const trace_events* kept, bool chains)
    : past_(kept, chains) {
  checks_.reserve(names.size());
  for (const auto& name : names) {
    const checker_info* info = find_checker(name);
    if (info == nullptr) throw std::invalid_argument("unknown checker: " + name);
    checks_.push_back({info->name, info->make(past_), std::nullopt});
  }
}

check_session::~check_session() = default;

void check_session::observe(const sim::trace_event& e) {
  past_.observe(e);
  for (running& r : checks_) {
    if (r.failed) continue;
    // A checker that throws has found something about the run or about
    // itself: either way it is a finding with a repro, and the simulation
    // it reads must not see the exception.
    try {
      r.c->observe(e);
    } catch (const std::exception& ex) {
      r.failed = threw(r.name, e.at, ex);
    }
  }
}

std::vector<check_result> check_session::finish(const sim::outcome* outcome) {
  std::vector<check_result> out;
  out.reserve(checks_.size());
  for (running& r : checks_) {
    if (r.failed) {
      out.push_back(std::move(*r.failed));
      continue;
    }
    try {
      out.push_back(r.c->finish(outcome));
    } catch (const std::exception& ex) {
      out.push_back(threw(r.name, past_.last_at(), ex));
    }
    out.back().name = std::string(r.name);
  }
  return out;
}

check_result run_check(std::string_view name, const trace_events& trace, const sim::outcome* outcome) {
  check_session s({std::string(name)}, &trace);
  for (const auto& e : trace) s.observe(e);
  return std::move(s.finish(outcome).front());
}

check_result run_guarded(std::string_view name, check_fn fn, const trace_events& trace, const sim::outcome* outcome) {
  check_result r;
  try {
    r = fn(trace, outcome);
  } catch (const std::exception& e) {
    r = threw(name, trace.empty() ? sim::time_point{} : trace.back().at, e);
  }
  r.name = std::string(name);
  return r;
}

check_result detail::replay(make_checker_fn make, const trace_events& trace, const sim::outcome* outcome) {
  lookback past(&trace);
  const std::unique_ptr<checker> c = make(past);
  for (const auto& e : trace) {
    past.observe(e);
    c->observe(e);
  }
  return c->finish(outcome);
}

// Each checker over a kept trace: the same code a run uses, fed from the vector.
check_result check_retries_honour_backoff(const trace_events& t, const sim::outcome* o) {
  return detail::replay(&make_retries_honour_backoff, t, o);
}
check_result check_terminal_only_when_done(const trace_events& t, const sim::outcome* o) {
  return detail::replay(&make_terminal_only_when_done, t, o);
}
check_result check_status_counters_match_attempts(const trace_events& t, const sim::outcome* o) {
  return detail::replay(&make_status_counters_match_attempts, t, o);
}
check_result check_audit_stored_once(const trace_events& t, const sim::outcome* o) {
  return detail::replay(&make_audit_stored_once, t, o);
}
check_result check_file_visible_on_host(const trace_events& t, const sim::outcome* o) {
  return detail::replay(&make_file_visible_on_host, t, o);
}
check_result check_run_terminates(const trace_events& t, const sim::outcome* o) {
  return detail::replay(&make_run_terminates, t, o);
}

void trace_retry_policy(const std::string& key, const model::notification::retry_policy& p) {
  sim::emit("notification.retry_policy", {{"key", key},
                                          {"max_attempts", p.max_attempts},
                                          {"initial_backoff_s", p.initial_backoff_seconds},
                                          {"multiplier", p.backoff_multiplier},
                                          {"max_backoff_s", p.max_backoff_seconds}});
}

}  // namespace reconsim::scenarios
