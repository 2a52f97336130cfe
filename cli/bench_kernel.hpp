#pragma once
// `reconsim bench kernel`: the kernel's speed, as a ratio to a raw
// Boost.Context round trip measured in the same run.
#include <cstdint>
#include <string>

namespace reconsim::cli {

struct kernel_bench_options {
  int actors = 1000;
  int sleeps = 1000;  // per actor
  std::uint64_t seed = 1;
};

struct kernel_bench_result {
  std::uint64_t events = 0;  // timer events (one per sleep)
  double seconds = 0;
  double events_per_s = 0;
  double event_ns = 0;
  double raw_roundtrip_ns = 0;
  double ratio = 0;  // event_ns / raw_roundtrip_ns
  std::string trace_hash;
};

// The workload: every actor sleeps `sleeps` pseudo-random durations
// (xorshift, 1 ns .. 1 ms). Returns wall-clock figures; the virtual run
// itself is deterministic (its hash is in the result). raw_roundtrip_ns and
// ratio are left for the caller (see measure_raw_roundtrip_ns).
kernel_bench_result run_kernel_bench(const kernel_bench_options& opts);
// Nanoseconds per Boost.Context round trip (two switches), best of a few.
double measure_raw_roundtrip_ns();

std::string format_kernel_bench(const kernel_bench_options& opts, const kernel_bench_result& r);
std::string kernel_bench_json(const kernel_bench_result& r);

}  // namespace reconsim::cli
