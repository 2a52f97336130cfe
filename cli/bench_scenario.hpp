#pragma once
// `reconsim bench scenario NAME`: what one whole run costs (resolve, world,
// harness, faults, checkers — everything `reconsim run` does but the
// report), per run and per trace event, as a ratio to the kernel's own cost
// per timer event measured in the same process (`bench kernel`). The ratio
// says how much of a run is simulation and how much is work around it.
//
// The two are measured in alternating rounds (kernel, then a share of the
// runs, again and again), and the ratio is the median of the rounds' own
// ratios: a burst of load on a shared machine lands on one round's pair,
// not on one side of the quotient. One batch of runs followed by the
// kernel's best of three read 6 to 12 on one VM within a minute.
#include <cstdint>
#include <optional>
#include <string>

#include "machine.hpp"

namespace reconsim::cli {

struct scenario_bench_options {
  std::string scenario;
  std::optional<std::string> variant;
  // 2,000 runs in 11 rounds: on a shared 2-vCPU VM one reading's median
  // moved 4.6-5.7 with 1,000 in 5, 4.75-5.35 with these (retry-backoff,
  // eight readings each, the same minutes), for ~0.3 s more.
  int runs = 2000;
  int rounds = 11;  // runs are split evenly over them (at least one a round)
  std::uint64_t first_seed = 1;  // runs use seeds first_seed, first_seed+1, ...
  bool stream = false;           // runs keep no event (run_request::keep_events)
  // Runs as explore, hunt, sweeps and property suites make them
  // (scenarios::as_search_run): no event kept and no chain built.
  bool as_search = false;
};

struct scenario_bench_result {
  std::string scenario;
  int runs = 0;
  double seconds = 0;
  double runs_per_s = 0;
  double events_per_run = 0;
  int rounds = 0;
  double ns_per_event = 0;         // the rounds' median
  double kernel_ns_per_event = 0;  // the rounds' median
  double ratio = 0;      // the median of the rounds' ns_per_event / kernel_ns_per_event
  double ratio_min = 0;  // the lowest and highest round: how steady the machine was
  double ratio_max = 0;
  std::uint64_t peak_trace_bytes = 0;  // the largest trace of the runs
  bool kept_events = true;
  bool chains = true;  // failing checks built their chains of events
  machine_reading machine;  // read before the first run: the CPU, and the load the figures were taken under
};

// One unmeasured warm-up run first (first use of tables, page faults).
scenario_bench_result run_scenario_bench(const scenario_bench_options& opts);

std::string format_scenario_bench(const scenario_bench_result& r);
std::string scenario_bench_json(const scenario_bench_result& r);

}  // namespace reconsim::cli
