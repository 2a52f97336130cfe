#pragma once
// `reconsim bench scenario NAME`: what one whole run costs (resolve, world,
// harness, faults, checkers — everything `reconsim run` does but the
// report), per run and per trace event, as a ratio to the kernel's own cost
// per timer event measured in the same process (`bench kernel`). The ratio
// says how much of a run is simulation and how much is work around it.
#include <cstdint>
#include <optional>
#include <string>

namespace reconsim::cli {

struct scenario_bench_options {
  std::string scenario;
  std::optional<std::string> variant;
  int runs = 300;
  std::uint64_t first_seed = 1;  // runs use seeds first_seed, first_seed+1, ...
  bool stream = false;           // runs keep no event (run_request::keep_events)
  // Runs as explore, hunt, sweeps and property suites make them
  // (lean_request): no event kept and no chain built (run_request::chains).
  bool as_search = false;
};

struct scenario_bench_result {
  std::string scenario;
  int runs = 0;
  double seconds = 0;
  double runs_per_s = 0;
  double events_per_run = 0;
  double ns_per_event = 0;
  double kernel_ns_per_event = 0;
  double ratio = 0;  // ns_per_event / kernel_ns_per_event
  std::uint64_t peak_trace_bytes = 0;  // the largest trace of the runs
  bool kept_events = true;
  bool chains = true;  // failing checks built their chains of events
};

// One unmeasured warm-up run first (first use of tables, page faults).
scenario_bench_result run_scenario_bench(const scenario_bench_options& opts);

std::string format_scenario_bench(const scenario_bench_result& r);
std::string scenario_bench_json(const scenario_bench_result& r);

}  // namespace reconsim::cli
