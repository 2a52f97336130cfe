#include "bench_scenario.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <vector>

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
  if (o.as_search) return scenarios::as_search_run(std::move(r));
  r.keep_events = !o.stream;
  return r;
}

// The kernel's cost per timer event (no trace kept): one measurement,
// 300,000 timer events.
double kernel_event_ns() {
  kernel_bench_options k;
  k.actors = 1000;
  k.sleeps = 300;
  return run_kernel_bench(k).event_ns;
}

// "AMD EPYC (family 26, model 2), 2 CPUs, load 0.52 (1 min) before the runs"
std::string describe(const machine_reading& m) {
  std::string out = m.cpu.empty() ? "CPU unknown" : m.cpu;
  if (m.cpus > 0) out += fmt::format(", {} CPUs", m.cpus);
  out += m.load_1m ? fmt::format(", load {:.2f} (1 min) before the runs", *m.load_1m) : ", load unknown";
  return out;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

}  // namespace

scenario_bench_result run_scenario_bench(const scenario_bench_options& opts) {
  if (opts.runs < 1) throw std::invalid_argument("bench scenario: --runs must be at least 1");
  scenario_bench_result r;
  r.scenario = opts.scenario;
  r.machine = read_machine();
  const scenarios::run_request base = request_of(opts, opts.first_seed);
  r.kept_events = base.keep_events;
  r.chains = base.chains;
  (void)scenarios::run_scenario(base);  // warm-up; throws on bad input
  r.rounds = std::max(1, std::min(opts.rounds, opts.runs));
  std::vector<double> kernel_ns, run_ns, ratios;
  std::uint64_t events = 0;
  std::uint64_t seed = opts.first_seed;
  for (int round = 0; round < r.rounds; ++round) {
    const double kernel = kernel_event_ns();
    // Runs split evenly; the first rounds take the remainder.
    const int share = opts.runs / r.rounds + (round < opts.runs % r.rounds ? 1 : 0);
    std::uint64_t round_events = 0;
    const auto start = wall::now();
    for (int i = 0; i < share; ++i) {
      const scenarios::run_result run = scenarios::run_scenario(request_of(opts, seed++));
      round_events += run.trace_events;
      r.peak_trace_bytes = std::max(r.peak_trace_bytes, run.peak_trace_bytes);
    }
    const double seconds = std::chrono::duration<double>(wall::now() - start).count();
    const double ns = seconds * 1e9 / static_cast<double>(std::max<std::uint64_t>(round_events, 1));
    r.seconds += seconds;
    events += round_events;
    kernel_ns.push_back(kernel);
    run_ns.push_back(ns);
    ratios.push_back(ns / kernel);
  }
  r.runs = opts.runs;
  r.runs_per_s = r.runs / r.seconds;
  r.events_per_run = static_cast<double>(events) / r.runs;
  r.ns_per_event = median(run_ns);
  r.kernel_ns_per_event = median(kernel_ns);
  r.ratio = median(ratios);
  r.ratio_min = *std::min_element(ratios.begin(), ratios.end());
  r.ratio_max = *std::max_element(ratios.begin(), ratios.end());
  return r;
}

std::string format_scenario_bench(const scenario_bench_result& r) {
  return fmt::format(
      "reconsim bench scenario {}: {} runs (seeds in a row, its own plan and variant{}{})\n"
      "  wall time           {:.3f} s of runs, in {} rounds each after a kernel measurement\n"
      "  runs/s              {:.0f}  ({:.3f} ms per run)\n"
      "  events per run      {:.0f}\n"
      "  per event           {:.0f} ns (the rounds' median)\n"
      "  kernel timer event  {:.0f} ns (bench kernel, measured in this run; the rounds' median)\n"
      "  ratio               {:.1f}x the kernel's cost per event (goal <= 5x); the rounds' median, {:.1f} to {:.1f}\n"
      "  largest trace       {} KiB\n"
      "  allocator           {}\n"
      "  machine             {}\n",
      r.scenario, r.runs, r.kept_events ? "" : ", no event kept", r.chains ? "" : ", no chain built (as a search runs it)", r.seconds, r.rounds, r.runs_per_s, 1e3 / r.runs_per_s,
      r.events_per_run, r.ns_per_event, r.kernel_ns_per_event, r.ratio, r.ratio_min, r.ratio_max, r.peak_trace_bytes / 1024, allocator_name(), describe(r.machine));
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
  j["ratio_min"] = r.ratio_min;
  j["ratio_max"] = r.ratio_max;
  j["rounds"] = r.rounds;
  j["peak_trace_bytes"] = r.peak_trace_bytes;
  j["kept_events"] = r.kept_events;
  j["chains"] = r.chains;
  j["allocator"] = allocator_name();
  j["cpu"] = r.machine.cpu;
  j["cpus"] = r.machine.cpus;
  j["load_1m"] = r.machine.load_1m ? nlohmann::json(*r.machine.load_1m) : nlohmann::json(nullptr);
  return j.dump();
}

}  // namespace reconsim::cli
