// `reconsim bench scenario`: the runs are split over rounds that alternate
// with kernel measurements, every seed runs once, and the ratio reported is
// the median of the rounds' own ratios. Timing itself is not asserted (no
// timed tests); what the figures are made of is.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <stdexcept>

#include "bench_scenario.hpp"
#include "machine.hpp"
#include "reconsim/scenarios/testbed/run.hpp"

namespace cli = reconsim::cli;
namespace rs = reconsim::scenarios;

namespace {

cli::scenario_bench_options options(int runs, int rounds) {
  cli::scenario_bench_options o;
  o.scenario = "retry-backoff";
  o.runs = runs;
  o.rounds = rounds;
  o.first_seed = 5;
  return o;
}

}  // namespace

TEST_CASE("bench scenario runs every seed once, spread over its rounds") {
  const cli::scenario_bench_result r = cli::run_scenario_bench(options(7, 3));
  CHECK(r.runs == 7);
  CHECK(r.rounds == 3);
  // Seeds 5..11, each once: the events per run are theirs.
  std::uint64_t events = 0;
  for (std::uint64_t seed = 5; seed < 12; ++seed) {
    rs::run_request q;
    q.scenario = "retry-backoff";
    q.seed = seed;
    events += rs::run_scenario(q).trace_events;
  }
  CHECK(r.events_per_run == Approx(static_cast<double>(events) / 7));
  CHECK(r.kept_events);
  CHECK(r.chains);
  CHECK(r.peak_trace_bytes > 0);
}

TEST_CASE("bench scenario's ratio is its rounds' median, inside their range") {
  const cli::scenario_bench_result r = cli::run_scenario_bench(options(6, 3));
  CHECK(r.ratio_min > 0);
  CHECK(r.ratio_min <= r.ratio);
  CHECK(r.ratio <= r.ratio_max);
  CHECK(r.kernel_ns_per_event > 0);
  const auto j = nlohmann::json::parse(cli::scenario_bench_json(r));
  CHECK(j.at("rounds") == 3);
  CHECK(j.at("ratio") == r.ratio);
  CHECK(j.at("ratio_min") == r.ratio_min);
  CHECK(j.at("ratio_max") == r.ratio_max);
}

TEST_CASE("bench scenario refuses fewer than one run") {
  CHECK_THROWS_AS(cli::run_scenario_bench(options(0, 5)), std::invalid_argument);
}

TEST_CASE("bench scenario has no more rounds than runs, and a search's runs keep nothing") {
  cli::scenario_bench_options o = options(2, 5);
  o.as_search = true;
  const cli::scenario_bench_result r = cli::run_scenario_bench(o);
  CHECK(r.rounds == 2);
  CHECK_FALSE(r.kept_events);
  CHECK_FALSE(r.chains);
  CHECK(r.peak_trace_bytes == 0);
}

TEST_CASE("bench scenario names the CPU and the load its figures were taken under") {
  // Two CPUs' blocks as Linux prints them: the first one's name and numbers.
  const char* cpuinfo =
      "processor\t: 0\nvendor_id\t: AuthenticAMD\ncpu family\t: 26\nmodel\t\t: 2\n"
      "model name\t: AMD EPYC\nflags\t\t: fpu vme\n\n"
      "processor\t: 1\ncpu family\t: 25\nmodel\t\t: 1\nmodel name\t: Other\n";
  CHECK(cli::cpu_of_cpuinfo(cpuinfo) == "AMD EPYC (family 26, model 2)");
  CHECK(cli::cpu_of_cpuinfo("model name\t: Neoverse-N1\n") == "Neoverse-N1");
  CHECK(cli::cpu_of_cpuinfo("processor\t: 0\n").empty());
  CHECK(cli::load_of_loadavg("0.52 1.04 0.75 1/203 4242\n") == Approx(0.52));
  CHECK_FALSE(cli::load_of_loadavg("").has_value());
  CHECK_FALSE(cli::load_of_loadavg("busy 1.0").has_value());

  cli::scenario_bench_result r;
  r.machine.cpu = "AMD EPYC (family 26, model 2)";
  r.machine.cpus = 2;
  r.machine.load_1m = 0.5;
  auto j = nlohmann::json::parse(cli::scenario_bench_json(r));
  CHECK(j.at("cpu") == "AMD EPYC (family 26, model 2)");
  CHECK(j.at("cpus") == 2);
  CHECK(j.at("load_1m") == 0.5);
  CHECK_THAT(cli::format_scenario_bench(r), Catch::Contains("AMD EPYC (family 26, model 2), 2 CPUs, load 0.50 (1 min)"));
  r.machine.load_1m.reset();
  j = nlohmann::json::parse(cli::scenario_bench_json(r));
  CHECK(j.at("load_1m").is_null());
}
