#include "bench_kernel.hpp"

#include <boost/context/fiber.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>

#include "reconsim/sim.hpp"

namespace reconsim::cli {

namespace {
// Wall-clock time is measured outside the simulation only.
using wall = std::chrono::steady_clock;

double seconds_since(wall::time_point start) { return std::chrono::duration<double>(wall::now() - start).count(); }

std::uint64_t xorshift(std::uint64_t& x) {
  x ^= x << 13;
  x ^= x >> 7;
  x ^= x << 17;
  return x;
}
}  // namespace

double measure_raw_roundtrip_ns() {
  constexpr int rounds = 2'000'000;
  double best = 1e9;
  for (int attempt = 0; attempt < 5; ++attempt) {
    namespace ctx = boost::context;
    ctx::fiber f{[](ctx::fiber&& caller) {
      for (;;) caller = std::move(caller).resume();
      return std::move(caller);
    }};
    const auto start = wall::now();
    for (int i = 0; i < rounds; ++i) f = std::move(f).resume();
    best = std::min(best, seconds_since(start) * 1e9 / rounds);
  }
  return best;
}

kernel_bench_result run_kernel_bench(const kernel_bench_options& opts) {
  sim::options so;
  so.keep_events = false;  // the figure is the scheduler's, not the trace's
  sim::world w{opts.seed, so};
  for (int i = 0; i < opts.actors; ++i) {
    w.spawn(fmt::format("sleeper-{}", i), [i, &opts] {
      std::uint64_t x = 0x9e3779b97f4a7c15ull ^ static_cast<std::uint64_t>(i + 1);
      for (int s = 0; s < opts.sleeps; ++s) sim::sleep_for(sim::duration(1 + static_cast<std::int64_t>(xorshift(x) % 1'000'000)));
    });
  }
  const auto start = wall::now();
  const sim::outcome out = w.run();
  kernel_bench_result r;
  r.seconds = seconds_since(start);
  r.events = static_cast<std::uint64_t>(opts.actors) * static_cast<std::uint64_t>(opts.sleeps);
  if (out.kind != sim::outcome_kind::finished) throw std::runtime_error("kernel bench did not finish: " + out.describe());
  r.events_per_s = static_cast<double>(r.events) / r.seconds;
  r.event_ns = r.seconds * 1e9 / static_cast<double>(r.events);
  r.trace_hash = w.trace().hash_hex();
  return r;
}

std::string format_kernel_bench(const kernel_bench_options& opts, const kernel_bench_result& r) {
  return fmt::format(
      "reconsim bench kernel: {} actors x {} sleeps (xorshift, 1 ns .. 1 ms)\n"
      "  timer events        {}\n"
      "  wall time           {:.3f} s\n"
      "  events/s            {:.2f} M\n"
      "  per timer event     {:.1f} ns\n"
      "  raw Boost.Context   {:.1f} ns per round trip (measured in this run)\n"
      "  ratio               {:.1f}x a raw round trip (target <= 15x)\n"
      "  trace hash          {}\n",
      opts.actors, opts.sleeps, r.events, r.seconds, r.events_per_s / 1e6, r.event_ns, r.raw_roundtrip_ns, r.ratio,
      r.trace_hash);
}

std::string kernel_bench_json(const kernel_bench_result& r) {
  nlohmann::json j;
  j["events"] = r.events;
  j["events_per_s"] = r.events_per_s;
  j["event_ns"] = r.event_ns;
  j["raw_roundtrip_ns"] = r.raw_roundtrip_ns;
  j["ratio"] = r.ratio;
  j["seconds"] = r.seconds;
  j["trace_hash"] = r.trace_hash;
  return j.dump();
}

}  // namespace reconsim::cli
