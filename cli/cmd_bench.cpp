#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "bench_kernel.hpp"
#include "bench_scenario.hpp"
#include "commands.hpp"

namespace reconsim::cli {

void register_bench(CLI::App& app, int& exit_code) {
  auto* bench = app.add_subcommand("bench", "Measure the simulator's speed (figures are ratios measured in one run)");
  bench->require_subcommand(1);
  auto* kernel = bench->add_subcommand("kernel", "Timer events per second versus a raw Boost.Context round trip");
  auto opts = std::make_shared<kernel_bench_options>();
  auto json = std::make_shared<bool>(false);
  auto repeat = std::make_shared<int>(3);
  kernel->add_option("--actors", opts->actors, "Actors, each sleeping in a loop")->check(CLI::Range(1, 1'000'000))->capture_default_str();
  kernel->add_option("--sleeps", opts->sleeps, "Sleeps per actor")->check(CLI::Range(1, 100'000'000))->capture_default_str();
  kernel->add_option("--repeat", *repeat, "Runs; the fastest is reported")->check(CLI::Range(1, 100))->capture_default_str();
  kernel->add_flag("--json", *json, "Print one JSON object instead of the report");
  kernel->callback([opts, json, repeat, &exit_code] {
    kernel_bench_result best;
    for (int i = 0; i < *repeat; ++i) {
      if (!*json) std::cerr << fmt::format("run {}/{}...\n", i + 1, *repeat);
      const kernel_bench_result r = run_kernel_bench(*opts);
      if (i == 0 || r.event_ns < best.event_ns) best = r;
    }
    // Measured in the same process, right after the workload.
    best.raw_roundtrip_ns = measure_raw_roundtrip_ns();
    best.ratio = best.event_ns / best.raw_roundtrip_ns;
    std::cout << (*json ? kernel_bench_json(best) + "\n" : format_kernel_bench(*opts, best));
    exit_code = exit_ok;
  });

  auto* scenario = bench->add_subcommand(
      "scenario", "Whole runs of a scenario: runs/s, trace events per run, ns per event, and the ratio to the kernel's "
                  "cost per timer event measured in the same process");
  auto sopts = std::make_shared<scenario_bench_options>();
  auto sjson = std::make_shared<bool>(false);
  scenario->add_option("name", sopts->scenario, "Scenario name (see `reconsim list`) or path to a scenario .yaml")
      ->required();
  scenario->add_option("--variant", sopts->variant, "Reconciler design variant (default: the scenario's)");
  scenario->add_option("--runs", sopts->runs, "Runs, seeds 1..N")->check(CLI::Range(1, 10'000'000))->capture_default_str();
  scenario->add_option("--rounds", sopts->rounds,
                       "Alternate a kernel measurement and a share of the runs this many times; the ratio is the "
                       "median of the rounds' ratios (a burst of load on a shared machine then moves one round, not "
                       "the result)")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  scenario->add_flag("--stream", sopts->stream,
                     "Runs keep no trace event (checked as they go, as `run --stream`); failing checks still build "
                     "their chains from copies");
  scenario->add_flag("--as-search", sopts->as_search,
                     "Runs as explore, hunt, sweeps and property suites make them: no event kept, no chain built and no "
                     "report's settings text (a finding is reported by its explanation and repro; replaying it shows "
                     "the chain)")
      ->excludes("--stream");
  scenario->add_flag("--json", *sjson,
                     "Print {scenario, runs, rounds, seconds, runs_per_s, events_per_run, ns_per_event, "
                     "kernel_ns_per_event, ratio, ratio_min, ratio_max, peak_trace_bytes, kept_events, chains, "
                     "allocator, cpu, cpus, load_1m}: a wall-clock figure is the machine's as much as the code's, so "
                     "the CPU and the load before the runs come with it");
  scenario->callback([sopts, sjson, &exit_code] {
    const scenario_bench_result r = run_scenario_bench(*sopts);
    std::cout << (*sjson ? scenario_bench_json(r) + "\n" : format_scenario_bench(r));
    exit_code = exit_ok;
  });
}

}  // namespace reconsim::cli
