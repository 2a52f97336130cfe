// The kernel workload of `reconsim bench kernel` under Google Benchmark.
#include <benchmark/benchmark.h>

#include "bench_kernel.hpp"

static void bm_kernel_timer_events(benchmark::State& state) {
  reconsim::cli::kernel_bench_options o;
  o.actors = static_cast<int>(state.range(0));
  o.sleeps = static_cast<int>(state.range(1));
  std::uint64_t events = 0;
  for (auto _ : state) events += reconsim::cli::run_kernel_bench(o).events;
  state.counters["events/s"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
}
BENCHMARK(bm_kernel_timer_events)->Args({1000, 1000})->Args({100, 10000})->Unit(benchmark::kMillisecond);

static void bm_raw_context_roundtrip(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(reconsim::cli::measure_raw_roundtrip_ns());
}
BENCHMARK(bm_raw_context_roundtrip)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
