#pragma once
// Hunt (`reconsim hunt`): aimed search, in the spirit of Sieve (OSDI'22).
// Run the scenario once without its fault plan — the reference, a run that
// works — then enumerate the moments in its trace where one perturbation
// could matter (every status write, watch event, reconcile start, delivery
// attempt and network call) and run each single perturbation at exactly its
// moment: a controller restart right after a status write, a 409 on that
// write, its watch event held back, the watch dropped before an event, a
// file delivery failing with EACCES, an HTTP 503 or a connection reset on
// one request. Every checker judges each run, and a differential oracle
// compares its end state (phase, successful deliveries per channel, audit
// rows stored) with the reference's: a difference no checker explained is
// reported as `diverged`. Failures are grouped, shrunk and written as repro
// files as `explore` does.
//
// Perturbations are ordinary fault-plan steps anchored in virtual time: a
// run is a pure function of its inputs, so the perturbed run is the
// reference up to the anchor (tested), 1 ns before or after the event.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "reconsim/faults/plan.hpp"
#include "reconsim/scenarios/search/property.hpp"
#include "reconsim/scenarios/spec/scenario.hpp"

namespace reconsim::scenarios {

// The perturbation kinds, as `--faults` names them, in the default order
// of trial: the environment's everyday faults first (a failed file write,
// an HTTP error, a reset connection: what the seeds report), then the
// control plane's (a 409, a stale cache, a dropped watch), then the rare
// one (a controller crash). Within a kind, trace order.
inline constexpr const char* hunt_fault_kinds[] = {"fs", "http", "net", "conflict", "stale", "drop", "restart"};

struct hunt_request {
  std::string scenario;
  std::optional<std::string> variant;
  std::optional<std::uint64_t> seed;  // default: the scenario's own
  std::vector<std::string> faults;    // kinds, tried in this order; empty: hunt_fault_kinds
  bool keep_plan = false;             // perturb the run with its own plan instead of without
  override_list overrides;            // --set, for every run
  // run's --max-trace-mb for every run (unset: run's default). Past it a
  // run stops as trace_cap, a finding with a repro, never an OOM kill.
  std::optional<std::uint64_t> max_trace_mb;
  int jobs = 1;
  bool shrink = true;
  std::string repro_dir = ".";  // "" writes no repro files
  // Shard `shard` (1-based) of `shards`: the perturbations 0-based
  // shard-1, shard-1+shards, ... of the whole list. Every shard runs the
  // reference (it is one run) and reports the whole list's points and
  // `tried`; runs, failures and groups are its own (search/merge.hpp).
  int shard = 1;
  int shards = 1;
};

// One single-fault experiment.
struct perturbation {
  std::string kind;   // a hunt_fault_kinds name
  std::string label;  // what and where: "restart right after a status write"
  std::string point;  // the reference event it is anchored to: "20.0114s api.update_status ns/e2e-x"
  faults::plan plan;  // the reference's plan plus this perturbation's steps
};

// Where a run ended: per notification its last phase and its successful
// deliveries per channel, and the audit rows DataStorage stored.
struct end_state {
  struct notification {
    std::string phase;
    std::map<std::string, int> delivered;  // channel -> successful attempts
    friend bool operator==(const notification&, const notification&) = default;
  };
  std::map<std::string, notification> notifications;  // by namespace/name
  std::int64_t audit_rows = 0;

  // "ns/a Sent console=1 file=1; ...; audit rows 2"
  std::string text() const;
  friend bool operator==(const end_state&, const end_state&) = default;
};
end_state end_state_of(const run_result& r);

// The same, read as a run goes (run_request::observer).
class end_state_reader final : public sim::trace_observer {
 public:
  void observe(const sim::trace_event& e) override;
  const end_state& state() const noexcept { return s_; }

 private:
  end_state s_;
};

// The differential oracle. `unsettled`: a notification of the perturbed run
// was still on its way (Pending, Sending, Retrying) when the run ended —
// its retry fell after the suite, so the end states cannot be compared;
// it is no divergence, and the hunt counts it apart.
enum class end_comparison { same, diverged, unsettled };
end_comparison compare_end(const end_state& reference, const end_state& perturbed);

// Every perturbation of the kinds asked for, kind by kind in the order
// given, each kind in trace order; duplicates (the same plan) removed.
// `base` is the reference's plan.
std::vector<perturbation> perturbations_of(const run_result& reference, const scenario_spec& spec,
                                           const faults::plan& base, const std::vector<std::string>& kinds);

struct hunt_group {
  std::string signature;  // "checker | label", or "diverged | label"
  int count = 0;
  int first_run = 0;          // 1-based place of its first failure in the run order
  perturbation first;         // the perturbation that failed first
  property_verdict minimal;   // that failure, shrunk (a divergence is not shrunk)
  std::string end_state_diff;  // for `diverged`: reference vs perturbed
  counterexample_report report;
};

struct hunt_result {
  bool partial = false;  // a stop (Ctrl-C) came first: what ran so far
  std::string reference_hash;
  std::string reference_end_state;
  // Whether the harness's tests judged the perturbed runs: not when the
  // reference fails them (tests written for the scenario's own faults).
  bool tests_judged = true;
  int points = 0;  // distinct reference events perturbed
  int runs = 0;    // perturbed runs
  int failed = 0;  // a checker or a harness test failed
  int diverged = 0;      // every check held, but the end state differs
  int inconclusive = 0;  // held, but the perturbation never took effect (never a pass)
  int unsettled = 0;     // held, but a notification was still retrying at the end (compare_end)
  std::optional<int> first_failure_run;  // 1-based, in run order
  std::vector<std::pair<std::string, int>> tried;  // runs per kind, in hunt_fault_kinds order
  double seconds = 0;  // wall clock, for the reader only
  std::vector<hunt_group> groups;  // in order of first failure
};

// (done, total, failed so far), never from two threads at once.
using hunt_progress = std::function<void(int, int, int)>;

// Throws scenario_error for bad input, an unknown fault kind, or a
// reference run that already fails (there is nothing to aim at).
hunt_result run_hunt(const hunt_request& req, const hunt_progress& progress = {});

}  // namespace reconsim::scenarios
