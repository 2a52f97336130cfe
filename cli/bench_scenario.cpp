#include "bench_scenario.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>

#include "bench_kernel.hpp"
#include "version.hpp"
#include "reconsim/scenarios/testbed/run.hpp"

namespace reconsim::cli {

namespace {

// Wall-clock time is measured outside the simulation only.
using wall = std::chrono::steady_clock;

scenarios::run_request request_of(const scenario_bench_options& o, std::uint64_t seed) {
  scenarios::run_request r;
  r.scenario = o.scenario;
  r.variant = o.variant;
  r.seed = seed;
  r.keep_events = !o.stream && !o.as_search;
  r.chains = !o.as_search;
  return r;
}

// The kernel's cost per timer event (no trace kept), best of three.
double kernel_event_ns() {
  kernel_bench_options k;
  k.actors = 1000;
  k.sleeps = 300;
  double best = 0;
  for (int i = 0; i < 3; ++i) {
    const double ns = run_kernel_bench(k).event_ns;
    best = i == 0 ? ns : std::min(best, ns);
  }
  return best;
}

}  // namespace

scenario_bench_result run_scenario_bench(const scenario_bench_options& opts) {
  scenario_bench_result r;
  r.scenario = opts.scenario;
  r.kept_events = !opts.stream && !opts.as_search;
  r.chains = !opts.as_search;
  (void)scenarios::run_scenario(request_of(opts, opts.first_seed));  // warm-up; throws on bad input
  std::uint64_t events = 0;
  const auto start = wall::now();
  for (int i = 0; i < opts.runs; ++i) {
    const scenarios::run_result run = scenarios::run_scenario(request_of(opts, opts.first_seed + static_cast<std::uint64_t>(i)));
    events += run.trace_events;
    r.peak_trace_bytes = std::max(r.peak_trace_bytes, run.peak_trace_bytes);
  }
  r.seconds = std::chrono::duration<double>(wall::now() - start).count();
  r.runs = opts.runs;
  r.runs_per_s = r.runs / r.seconds;
  r.events_per_run = static_cast<double>(events) / r.runs;
  r.ns_per_event = r.seconds * 1e9 / static_cast<double>(std::max<std::uint64_t>(events, 1));
  r.kernel_ns_per_event = kernel_event_ns();  // measured right after, in the same process
  r.ratio = r.ns_per_event / r.kernel_ns_per_event;
  return r;
}

std::string format_scenario_bench(const scenario_bench_result& r) {
  return fmt::format(
      "reconsim bench scenario {}: {} runs (seeds in a row, its own plan and variant{}{})\n"
      "  wall time           {:.3f} s\n"
      "  runs/s              {:.0f}  ({:.3f} ms per run)\n"
      "  events per run      {:.0f}\n"
      "  per event           {:.0f} ns\n"
      "  kernel timer event  {:.0f} ns (bench kernel, measured in this run)\n"
      "  ratio               {:.1f}x the kernel's cost per event (goal <= 5x)\n"
      "  largest trace       {} KiB\n"
      "  allocator           {}\n",
      r.scenario, r.runs, r.kept_events ? "" : ", no event kept", r.chains ? "" : ", no chain built (as a search runs it)", r.seconds, r.runs_per_s, 1e3 / r.runs_per_s, r.events_per_run, r.ns_per_event,
      r.kernel_ns_per_event, r.ratio, r.peak_trace_bytes / 1024, allocator_name());
}

std::string scenario_bench_json(const scenario_bench_result& r) {
  nlohmann::json j;
  j["scenario"] = r.scenario;
  j["runs"] = r.runs;
  j["seconds"] = r.seconds;
  j["runs_per_s"] = r.runs_per_s;
  j["events_per_run"] = r.events_per_run;
  j["ns_per_event"] = r.ns_per_event;
  j["kernel_ns_per_event"] = r.kernel_ns_per_event;
  j["ratio"] = r.ratio;
  j["peak_trace_bytes"] = r.peak_trace_bytes;
  j["kept_events"] = r.kept_events;
  j["chains"] = r.chains;
  j["allocator"] = allocator_name();
  return j.dump();
}

}  // namespace reconsim::cli
