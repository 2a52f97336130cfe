#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "bench_kernel.hpp"
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
}

}  // namespace reconsim::cli
