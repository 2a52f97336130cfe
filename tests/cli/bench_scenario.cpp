// `reconsim bench scenario`: the runs are split over rounds that alternate
// with kernel measurements, every seed runs once, and the ratio reported is
// the median of the rounds' own ratios. Timing itself is not asserted (no
// timed tests); what the figures are made of is.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <stdexcept>

#include "bench_scenario.hpp"
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
