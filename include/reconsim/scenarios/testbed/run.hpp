#pragma once
// One run of a scenario: a pure function of (scenario, seed, variant, fault
// plan, options). The CLI, the property suites and the replay all go
// through run_scenario.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "reconsim/scenarios/checkers/fault_effects.hpp"
#include "reconsim/scenarios/checkers/load_metrics.hpp"
#include "reconsim/scenarios/spec/error.hpp"
#include "reconsim/sim/trace.hpp"
#include "reconsim/sim/world.hpp"

namespace reconsim::scenarios {

// The memory a run's kept trace may use unless the request says otherwise
// (~1.1 KB per event: about a million events). A run that needs more ends
// as `trace_cap`, a finding, instead of exhausting the machine's memory.
inline constexpr std::uint64_t default_max_trace_mb = 1024;
inline constexpr int max_trace_mb_limit = 1024 * 1024;  // 1 TiB: the largest cap a request may set

struct run_request {
  std::string scenario;  // a registered name or a path to a scenario .yaml
  std::uint64_t seed = 1;
  std::optional<std::string> variant;  // reconciler design variant
  std::optional<std::string> plan;     // fault plan text; replaces the scenario's
  std::optional<int> procs;            // Ginkgo --procs
  std::optional<std::string> queue;    // classic | priority
  std::optional<std::string> policy;   // fifo | random | pct
  std::optional<std::uint64_t> max_trace_mb;  // the trace cap; default_max_trace_mb when absent
  // NAME=VALUE changes to the scenario (overrides.hpp: eventually.*,
  // retry.*, tests, ...), applied in order before the fields above.
  std::vector<std::pair<std::string, std::string>> overrides;
  // false: the checkers read the run as it goes and no event is kept
  // (memory bounded per object, not per event; result.trace stays empty,
  // so no event list, timeline or first divergence).
  bool keep_events = true;
  // false: a failing check gives its explanation but no chain of events
  // (a search's runs: nothing reads them, and the repro's replay shows
  // them); with keep_events false, no event is copied for one either.
  bool chains = true;
  // false: no report's text is gathered. run_result::settings lacks the
  // lines that describe the scenario (its timings, latencies, overrides)
  // and run_result::attempts stays empty: only a report prints them, and a
  // search's runs print none. Counters, checks and load figures remain.
  bool describe = true;
  // Checkers to run besides the scenario's own (a property suite's, a
  // search's): their results land in run_result::extra_checks, outside the
  // run's verdict, so a run that keeps no events can still answer them.
  std::vector<std::string> extra_checks;
  // Also shown every event as it is recorded (`run --trace FILE` writes
  // them as they come); not owned.
  sim::trace_observer* observer = nullptr;

  bool operator==(const run_request&) const = default;
};

struct test_outcome {
  std::string name;
  bool passed = false;
  std::string message;  // why it failed
  double at_s = 0;      // virtual time it ended
};

struct check_outcome {
  std::string name;
  bool passed = true;
  std::optional<double> first_violation_s;
  std::string explanation;
  std::string status = "pass";  // "pass", "fail" or "not-exercised" (passed, vacuously)
  // The events that led to the violation, oldest first, as recorded; as
  // text (one event_line each) only when a report asks: chain_lines.
  std::vector<sim::trace_event> chain_events;
};

struct run_result {
  std::string scenario;  // its name
  std::string variant;
  std::string queue;
  std::uint64_t seed = 0;
  std::string plan;  // the plan that ran, canonical text
  std::string trace_hash;
  bool passed = false;  // every test and every check held
  std::vector<test_outcome> tests;
  std::vector<check_outcome> checks;
  std::vector<check_outcome> extra_checks;  // run_request::extra_checks, in order
  std::map<std::string, double> counters;
  // What the seed expanded to (latencies, load, fault probabilities,
  // schedule policy): printed before the report.
  std::vector<std::pair<std::string, std::string>> settings;
  sim::outcome outcome;
  std::vector<sim::trace_event> trace;  // empty when the request kept no events
  std::uint64_t trace_events = 0;       // how many were recorded, kept or not
  // sim::trace::bytes() at the end (the trace only grows); when events are
  // not kept, what the checkers keep to look back.
  std::uint64_t peak_trace_bytes = 0;
  // Whether each fault of the plan took effect (checkers/fault_effects.hpp).
  std::vector<fault_effect> faults;
  // Why a run that passed tested less than it says: a check the scenario
  // lists that was not exercised, a timed fault that never took effect.
  // Empty when the verdict is a plain pass or a failure.
  std::vector<std::string> inconclusive;
  // Every delivery attempt, per (notification, channel), in order: the
  // report's attempts section, read as the run went (kept events or not;
  // empty when the request did not `describe`).
  struct attempt_seen {
    double at_s = 0;
    std::string status;
  };
  std::map<std::pair<std::string, std::string>, std::vector<attempt_seen>> attempts;
  // A storm's load figures (spec storm_spec); absent for other runs.
  std::optional<load_metrics> load;
};

// One event as the report's chains (and `run -v`) show it: virtual time,
// actor, kind and fields, durations readable ("30s", not 30000000000).
std::string event_line(const sim::trace_event& e);
// A checker's result as a run reports it.
check_outcome outcome_of(check_result c);
// A check's chain, one event_line each.
std::vector<std::string> chain_lines(const check_outcome& c);

enum class verdict { passed, failed, inconclusive };
// failed if anything failed; else inconclusive if anything was not
// exercised; else passed. `reconsim run` exits 0, 1, 3 for them.
verdict verdict_of(const run_result& r) noexcept;
std::string_view to_string(verdict v) noexcept;

// `r` as a search makes its runs (explore, shrinking, hunt, property
// suites, sweeps, `bench scenario --as-search`): they read a run's verdicts
// and explanations, never its events, so none is kept; nor its chains, as a
// finding is reported by its explanation and repro, and the repro's replay
// shows the chain; nor its report's description of the settings.
inline run_request as_search_run(run_request r) {
  r.keep_events = false;
  r.chains = false;
  r.describe = false;
  return r;
}

struct scenario_spec;

// Throws scenario_error (bad input: unknown scenario, variant, bad plan...).
run_result run_scenario(const run_request& request);
// The same for a scenario given as a value (sweeps, property suites, files):
// request.scenario is ignored; the request's overrides still apply.
run_result run_scenario(const scenario_spec& spec, const run_request& request);

}  // namespace reconsim::scenarios
