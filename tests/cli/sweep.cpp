// `reconsim sweep`: grid order, parameters applied to the scenario's own
// tests, Wilson intervals, deterministic tables, a well-formed SVG plot.
#include <catch2/catch.hpp>

#include <CLI/CLI.hpp>
#include <algorithm>

#include "commands.hpp"
#include "reconsim/scenarios/views/sweep_format.hpp"
#include "scenarios/timeline_wellformed.hpp"

namespace rs = reconsim::scenarios;
using namespace std::chrono_literals;

namespace {

rs::sweep_request small_sweep() {
  rs::sweep_request q;
  q.scenario = "file-visibility-focused";
  q.params = {rs::parse_sweep_param("eventually.timeout=2s,5s"), rs::parse_sweep_param("procs=1,4")};
  q.seed_first = 1;
  q.seeds = 3;
  return q;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("the Wilson interval matches the textbook values") {
  const rs::wilson_interval none = rs::wilson(0, 10);
  CHECK(none.low == 0.0);
  CHECK(none.high == Approx(0.2775).margin(1e-4));
  const rs::wilson_interval all = rs::wilson(10, 10);
  CHECK(all.low == Approx(0.7225).margin(1e-4));
  CHECK(all.high == 1.0);
  const rs::wilson_interval half = rs::wilson(50, 100);
  CHECK(half.low == Approx(0.4038).margin(1e-4));
  CHECK(half.high == Approx(0.5962).margin(1e-4));
}

TEST_CASE("eventually settings change the scenario's own tests and load changes procs") {
  rs::scenario_spec s = *rs::find_scenario("file-visibility");
  rs::apply_override(s, "eventually.timeout", "20s");
  rs::apply_override(s, "eventually.initial_delay", "4s");
  rs::apply_override(s, "load", "3");
  rs::apply_override(s, "datastorage.index_delay", "50s");
  REQUIRE_FALSE(s.tests.empty());
  for (const auto& t : s.tests) {
    CHECK(t.timeout == 20s);
    CHECK(t.initial_delay == 4s);
  }
  CHECK(s.procs == 3);
  CHECK(s.datastorage.index_delay_min == 50s);
  CHECK(s.datastorage.index_delay_max == 50s);
}

TEST_CASE("a parameter that is unknown or does not parse is bad input") {
  CHECK_THROWS_AS(rs::parse_sweep_param("eventually.timeot=5s"), rs::scenario_error);
  CHECK_THROWS_AS(rs::parse_sweep_param("eventually.timeout=5 parsecs"), rs::scenario_error);
  CHECK_THROWS_AS(rs::parse_sweep_param("procs=0"), rs::scenario_error);
  CHECK_THROWS_AS(rs::parse_sweep_param("procs"), rs::scenario_error);
  CHECK_THROWS_AS(rs::parse_sweep_param("procs=1,,2"), rs::scenario_error);
}

TEST_CASE("the grid is the product of the parameters, the last one varying fastest") {
  int runs = 0;
  const auto r = rs::run_sweep(small_sweep(), {}, [&runs](const rs::scenario_spec& s, const rs::run_request& q) {
    ++runs;
    rs::run_result out;
    // The point's values arrive as overrides; applied, the test waits 5 s
    // or 2 s. Passes exactly when it waits 5 s and the seed is odd.
    rs::scenario_spec point = s;
    rs::apply_overrides(point, q.overrides);
    out.passed = point.tests.front().timeout == 5s && q.seed % 2 == 1;
    out.counters["suite_s"] = static_cast<double>(point.procs);
    out.counters["tests_failed"] = out.passed ? 0 : 1;
    return out;
  });
  CHECK(runs == 12);
  REQUIRE(r.points.size() == 4);
  CHECK(r.points[0].values ==
        std::vector<std::pair<std::string, std::string>>{{"eventually.timeout", "2s"}, {"procs", "1"}});
  CHECK(r.points[1].values[1].second == "4");
  CHECK(r.points[2].values[0].second == "5s");
  CHECK(r.points[0].passed == 0);
  CHECK(r.points[3].passed == 2);  // seeds 1 and 3
  CHECK(r.points[3].first_failing_seed == 2u);
  REQUIRE(r.points[3].first_failure);
  CHECK(r.points[3].first_failure->seed == 2u);
  CHECK(r.points[3].first_failure->overrides == r.points[3].values);
  CHECK(r.points[1].suite_s_mean == 4.0);
}

TEST_CASE("a sweep over a fixed seed range gives the same table, CSV and plot twice") {
  const auto a = rs::run_sweep(small_sweep());
  const auto b = rs::run_sweep(small_sweep());
  CHECK(rs::sweep_csv(a) == rs::sweep_csv(b));
  CHECK(rs::format_sweep_text(a) == rs::format_sweep_text(b));
  CHECK(rs::sweep_svg(a) == rs::sweep_svg(b));
  for (const auto& p : a.points) CHECK(p.runs == 3);
}

TEST_CASE("the sweep plot is well-formed SVG with a point and an interval per grid point") {
  const auto r = rs::run_sweep(small_sweep());
  const std::string svg = rs::sweep_svg(r);
  CHECK(reconsim::test::xml_problem(svg).empty());
  CHECK(count(svg, "class=\"point\"") == r.points.size());
  CHECK(count(svg, "class=\"ci\"") == r.points.size());
  CHECK(svg.find("procs=4") != std::string::npos);  // the second parameter names a series
}

TEST_CASE("the CSV has a header and one row per grid point") {
  const std::string csv = rs::sweep_csv(rs::run_sweep(small_sweep()));
  CHECK(csv.rfind("eventually.timeout,procs,runs,passed,pass_rate,ci_low,ci_high", 0) == 0);
  CHECK(std::count(csv.begin(), csv.end(), '\n') == 5);
}

TEST_CASE("reconsim sweep of an unknown scenario is bad input") {
  CLI::App app;
  int code = reconsim::cli::exit_ok;
  reconsim::cli::register_sweep(app, code);
  CHECK_THROWS_AS(app.parse("sweep no-such-scenario --param procs=1 --seeds 1..1 --quiet", false), rs::scenario_error);
}

TEST_CASE("a sweep gives the same points for any number of jobs") {
  rs::sweep_request q = small_sweep();
  const auto one = rs::run_sweep(q);
  q.jobs = 2;
  const auto two = rs::run_sweep(q);
  CHECK(rs::sweep_csv(one) == rs::sweep_csv(two));
  CHECK(rs::sweep_json(one) == rs::sweep_json(two));
}
