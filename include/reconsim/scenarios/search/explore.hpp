#pragma once
// Explore (`reconsim explore`, or a program of your own): many seeds (and
// schedule policies) of one scenario, each failure shrunk to a minimal plan
// and grouped by signature (checker + shape of the shrunk plan). Runs are
// independent: `jobs` spreads them over threads, each run single-threaded
// in its own world, and the result is assembled in seed order, so it does
// not depend on the number of jobs.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "reconsim/scenarios/search/property.hpp"

namespace reconsim::scenarios {

struct explore_request {
  std::string scenario;
  std::optional<std::string> variant;
  std::uint64_t seed_first = 1;
  std::uint64_t seed_last = 100;
  std::vector<std::string> policies = {"fifo"};  // each seed runs once per policy
  override_list overrides;            // --set, for every run
  // run's --max-trace-mb for every run (unset: run's default). Past it a
  // run stops as trace_cap, a finding with a repro, never an OOM kill.
  std::optional<std::uint64_t> max_trace_mb;
  int jobs = 1;
  // Shard `shard` (1-based) of `shards`: the seeds first+shard-1,
  // first+shard-1+shards, ... Machines that run shards 1..N of one range
  // together run every seed exactly once.
  int shard = 1;
  int shards = 1;
  bool shrink = true;
  std::string repro_dir = ".";  // "" writes no repro files
  // Determinism at scale, as FoundationDB runs it: every Nth run (by its
  // place in the seed x policy order, so the sample does not depend on
  // --jobs) runs a second time in a fresh world and the two trace hashes
  // must be equal; a difference is a failure of the check "determinism".
  // 0 = off.
  int check_determinism_every = 0;
  // Coverage-guided (explore_guided below) instead of the scenario's own
  // plan at every seed.
  bool guided = false;
};

// The check name a nondeterministic run fails.
inline constexpr const char* determinism_check = "determinism";

struct explore_group {
  std::string signature;
  int count = 0;
  std::uint64_t first_seed = 0;
  std::string first_policy;
  property_verdict minimal;  // the first failure, shrunk
  counterexample_report report;
};

// How state coverage (search/coverage.hpp) grew, guided against random
// plans drawn from the same generator over the same seeds.
struct coverage_growth {
  struct point {
    int runs = 0;
    int guided = 0;  // distinct states after `runs` guided runs
    int random = 0;  // ... after as many random-plan runs
  };
  std::vector<point> points;  // after every round (none when a stop came before any run)
  int corpus = 0;             // plans kept because they reached new states

  int guided_states() const { return points.empty() ? 0 : points.back().guided; }
  int random_states() const { return points.empty() ? 0 : points.back().random; }
  std::optional<int> guided_first_failure;  // 1-based run
  std::optional<int> random_first_failure;
  int random_failed = 0;
};

struct explore_result {
  bool partial = false;  // a stop (Ctrl-C) came first: what ran so far
  int runs = 0;
  int failed = 0;
  int determinism_checked = 0;  // runs that ran twice (check_determinism_every)
  int inconclusive = 0;         // runs that held but tested less than they say (never counted as passes)
  double seconds = 0;  // wall clock, for the reader only
  std::vector<explore_group> groups;  // in order of first appearance
  std::optional<coverage_growth> coverage;  // guided runs only
};

// "A..B" or "N" -> [first, last]; throws scenario_error.
std::pair<std::uint64_t, std::uint64_t> parse_seed_range(const std::string& text);
// "i/N" with 1 <= i <= N -> {i, N}; "auto/N" takes i from
// `completion_index`, the 0-based JOB_COMPLETION_INDEX a Kubernetes Indexed
// Job gives each pod (nullptr: the variable is not set), so "auto/4" in
// pod 0 is 1/4. Throws scenario_error saying what was expected.
std::pair<int, int> parse_shard(const std::string& text, const char* completion_index = nullptr);

// Called after every run with (done, total, failed so far), from any thread
// but never two at once.
using explore_progress = std::function<void(int, int, int)>;

explore_result run_explore(const explore_request& req, const explore_progress& progress = {});

// The guided mode (req.guided; run_explore calls it): a corpus of plans,
// starting with the empty one (the scenario without its own plan); each run's plan is a mutation
// (plan_mutation.hpp) of a corpus plan, drawn from its seed; a plan whose
// run reaches a state no run reached before joins the corpus. Runs go in
// rounds of guided_round slots mutated from the corpus as it stood at the
// round's start, so the result does not depend on --jobs. A random
// baseline (a fresh random plan per seed) runs alongside for the growth
// curve; only the guided runs' failures are grouped. The scenario's
// checkers judge, not its harness tests (they expect its own plan).
inline constexpr int guided_round = 16;
explore_result explore_guided(const explore_request& req, const explore_progress& progress = {});

// Greedy and deterministic (no rapidcheck in the binary): drop steps and
// points one at a time, then run fewer of the scenario's tests
// (NotificationRequests), then lower procs, keeping each change that still
// fails the same checker.
property_verdict shrink_failure(const property_target& t, property_input in,
                                           property_verdict v);
// Only the scenario part of that (tests, then procs), the plan kept whole:
// for a plan that is one perturbation already (hunt).
property_verdict shrink_scenario(const property_target& t, property_input in, property_verdict v);

}  // namespace reconsim::scenarios
