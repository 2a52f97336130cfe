#pragma once
// Properties over scenarios: "for this scenario and variant, every checker
// holds" as a plain function of generated inputs (seed, fault plan, load,
// schedule policy). This header needs no rapidcheck, so the CLI can use it;
// property_rc.hpp turns it into a rapidcheck property with shrinking.
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "reconsim/faults/plan.hpp"
#include "reconsim/scenarios/spec/overrides.hpp"
#include "reconsim/scenarios/testbed/run.hpp"

namespace reconsim::scenarios {

// The pseudo-checker for the harness's own verdicts (Eventually timeouts):
// the 000/001 failures are test failures, not invariant violations.
inline constexpr const char* tests_pass_check = "e2e-tests-pass";

// What is held fixed.
struct property_target {
  std::string scenario;  // a built-in name, so the repro command runs it
  std::optional<std::string> variant;
  // Checkers that must hold; empty: every checker the scenario runs. May
  // name tests_pass_check.
  std::vector<std::string> checks;
  std::optional<std::uint64_t> max_trace_mb;  // every run's trace cap (run_request's)
};

// What is generated.
struct property_input {
  std::uint64_t seed = 1;
  faults::plan plan;
  std::optional<int> procs;           // load: Ginkgo --procs
  std::optional<std::string> policy;  // fifo | random | pct
  // Generated scenario settings (retry.*, tests=N): they travel as run
  // overrides, so the repro file and `--set` replay them.
  override_list overrides;
  friend bool operator==(const property_input&, const property_input&) = default;
};
// "seed 3, procs 2, policy fifo, plan: at 0s: chmod ... ro" (rapidcheck's
// counterexample printer finds it by ADL).
void showValue(const property_input& in, std::ostream& os);

struct property_verdict {
  bool held = true;
  std::string failed;       // the first failing checker, in the target's order
  std::string explanation;  // its first violation
  run_request request;
  std::string trace_hash;
  // Held, but tested less than it says: a named check with nothing to
  // check, or a timed fault that never took effect. Its own outcome,
  // never counted as a pass; a failure is never inconclusive.
  bool inconclusive = false;
  std::string inconclusive_why;  // the first reason
};

run_request request_of(const property_target& t, const property_input& in);
// The same request as a search runs it: its checks judged as the run goes
// (run_request::extra_checks) and no event kept; `observer` (when not
// null) reads whatever else the search wants of the run.
run_request lean_request(const property_target& t, run_request r, sim::trace_observer* observer = nullptr);
// One run; never throws for a generated input (bad input is a bug here).
property_verdict evaluate(const property_target& t, const property_input& in);
// The named checker's (or tests_pass_check's) violation in a run: from the
// run when the scenario ran it, else computed on the trace (checkers read
// only the trace). nullopt when it held.
std::optional<std::string> violation(const run_result& r, const std::string& name);
// The verdict of a run already made (evaluate without the run): for
// searches that also read the run's trace.
property_verdict verdict_of_run(const property_target& t, const run_request& request, const run_result& r);

// The number of timed steps plus fault points: the size of the story.
int plan_size(const faults::plan& p);
// The shape of a plan, for grouping failures: its actions' kinds in order,
// without times or counts ("chmod+reset").
std::string plan_shape(const faults::plan& p);
// "checker | shape".
std::string failure_signature(const property_verdict& v, const faults::plan& p);

// What a person needs to replay a failure: the shrunk plan, the failed
// checker, `reconsim run ... --plan ...`, and the repro file (written to
// repro_dir when it is not empty).
struct counterexample_report {
  std::string text;
  std::string run_command;
  std::string repro_path;
};
counterexample_report report_counterexample(const property_verdict& v, const std::string& repro_dir);

}  // namespace reconsim::scenarios
