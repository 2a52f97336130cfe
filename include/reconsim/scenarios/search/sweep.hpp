#pragma once
// What-if sweeps: a scenario run over a grid of parameter values x a seed
// range, pass rates per grid point with a Wilson confidence interval. The
// grid is the cartesian product of the parameters in the order given (the
// last one varies fastest); seeds are first..first+count-1 at every point,
// so a sweep is a pure function of its request.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "reconsim/scenarios/spec/overrides.hpp"
#include "reconsim/scenarios/testbed/run.hpp"
#include "reconsim/scenarios/spec/scenario.hpp"

namespace reconsim::scenarios {

struct sweep_param {
  std::string name;  // an override name, see override_names()
  std::vector<std::string> values;
};

// "eventually.timeout=5s,10s" -> {eventually.timeout, {5s, 10s}}; throws
// scenario_error on a bad form, an unknown name or a value that does not
// parse. Grid points apply as run_request overrides (overrides.hpp), so a
// point's failing run replays from its repro file or `--set` command line.
sweep_param parse_sweep_param(const std::string& text);

struct sweep_request {
  std::string scenario;
  std::vector<sweep_param> params;
  std::uint64_t seed_first = 1;
  int seeds = 20;
  std::optional<std::string> variant;
  override_list overrides;  // held fixed at every point, before the point's values
  // run's --max-trace-mb for every run (unset: run's default). Past it a
  // run stops as trace_cap, a finding with a repro, never an OOM kill.
  std::optional<std::uint64_t> max_trace_mb;
  int jobs = 1;             // parallel runs (threads); the result does not depend on it
  // Shard `shard` (1-based) of `shards`: the runs (point x seed, in grid
  // then seed order) shard-1, shard-1+shards, ...; fold_sweep over every
  // shard's runs gives the unsharded result (search/merge.hpp).
  int shard = 1;
  int shards = 1;
};

struct wilson_interval {
  double low = 0;
  double high = 1;
};
// 95% Wilson score interval for `passed` of `runs` (z = 1.96); {0, 1} for
// no runs.
wilson_interval wilson(int passed, int runs);

// One harness test's or checker's results at a grid point.
struct outcome_tally {
  std::string name;
  bool is_test = false;  // a harness test; else a checker
  int runs = 0;
  int passed = 0;         // held, and was exercised
  int failed = 0;
  int not_exercised = 0;  // a checker that had nothing to check
  std::optional<std::uint64_t> first_failing_seed;
  std::optional<std::uint64_t> first_passing_seed;
};

struct sweep_point {
  std::vector<std::pair<std::string, std::string>> values;  // name, value, in param order
  int runs = 0;
  int passed = 0;        // runs where every test and every check held
  int tests_passed = 0;  // runs where every harness test passed
  wilson_interval ci;    // of passed / runs
  double suite_s_mean = 0;  // virtual suite time: the cost of a longer wait
  double suite_s_max = 0;
  std::optional<std::uint64_t> first_failing_seed;
  std::optional<run_request> first_failure;  // its request: the point's values as overrides
  std::vector<outcome_tally> outcomes;       // harness tests, then checkers, in the run's order
  std::vector<std::string> trace_hashes;     // one per seed, in seed order

  double rate() const { return runs == 0 ? 0.0 : static_cast<double>(passed) / runs; }
};

// What a sweep keeps of one run: enough to fold it into its point again
// (a shard's file carries these; merge folds every shard's).
struct sweep_run {
  std::size_t slot = 0;  // point * seeds + (seed - seed_first)
  bool passed = false;
  bool tests_passed = false;  // every harness test passed (and the suite counted none failed)
  double suite_s = 0;
  std::string trace_hash;
  struct outcome {
    std::string name;
    bool is_test = false;
    bool passed = false;
    bool exercised = true;
  };
  std::vector<outcome> outcomes;  // harness tests, then checkers, in the run's order
};

struct sweep_result {
  sweep_request request;
  std::string variant;  // the variant that ran
  std::string scenario_name;  // the scenario's own name (a file's `name:`), as its runs' requests carry it
  std::vector<sweep_point> points;
  std::vector<sweep_run> runs;  // every run that ran, in slot order (a shard's own)
  bool partial = false;  // a stop (Ctrl-C) came first: points may have fewer runs
};

// Runs one seed of a grid point: the scenario value and a request that
// carries the point's values as overrides; the default is
// run_scenario(spec, req). Tests substitute it. Called from `jobs`
// threads at once.
using sweep_runner = std::function<run_result(const scenario_spec&, const run_request&)>;
// Called after every run: (runs done, runs in all).
using sweep_progress = std::function<void(int, int)>;

sweep_result run_sweep(const sweep_request& req, const sweep_progress& progress = {}, const sweep_runner& runner = {});
// The points of `req` folded from `runs` (any order; folded in slot order): the last step of
// run_sweep, and what merge does with every shard's runs. Sets
// result.points and result.runs; the rest of `result` is the caller's.
void fold_sweep(sweep_result& result, std::vector<sweep_run> runs);
// Drawn by views/sweep_format.hpp (text, CSV, SVG).

}  // namespace reconsim::scenarios
