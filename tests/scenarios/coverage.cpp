// State coverage and the guided search's plan mutation: what a run's
// coverage holds, that random and mutated plans are valid plans on the
// testbed's own names, and that guided explore is a pure function of its
// request whatever --jobs says.
#include <catch2/catch.hpp>

#include <algorithm>

#include "reconsim/faults/plan.hpp"
#include "reconsim/scenarios/search/coverage.hpp"
#include "reconsim/scenarios/search/explore.hpp"
#include "reconsim/scenarios/search/plan_mutation.hpp"
#include "reconsim/scenarios/spec/scenario.hpp"
#include "reconsim/scenarios/spec/testbed_shape.hpp"
#include "reconsim/scenarios/views/coverage_svg.hpp"
#include "scenarios/timeline_wellformed.hpp"

namespace rs = reconsim::scenarios;
using namespace reconsim;

namespace {

bool has(const std::vector<std::string>& states, const std::string& s) {
  return std::find(states.begin(), states.end(), s) != states.end();
}

}  // namespace

TEST_CASE("coverage holds the phase changes, decisions and reconcile outcomes a run went through") {
  rs::run_request q;
  q.scenario = "retry-backoff";
  q.seed = 3;
  q.variant = "partial-is-terminal";
  const auto states = rs::coverage_of(rs::run_scenario(q));
  CHECK(std::is_sorted(states.begin(), states.end()));
  CHECK(std::adjacent_find(states.begin(), states.end()) == states.end());
  CHECK(has(states, "attempt file failed"));
  CHECK(has(states, "attempt console success"));
  CHECK(std::any_of(states.begin(), states.end(), [](const auto& s) { return s.rfind("status Sending>PartiallySent", 0) == 0; }));
  // A different design reaches a different set.
  q.variant = "backoff-check-every-phase";
  CHECK(rs::coverage_of(rs::run_scenario(q)) != states);
}

TEST_CASE("random and mutated plans use only the testbed's names and print back as themselves") {
  for (const char* scenario : {"retry-backoff", "slack-503", "audit-loss-fixed"}) {
    INFO(scenario);
    rs::mutation_space space;
    space.targets = rs::plan_targets_of(rs::load_scenario(scenario));
    sim::rng r(7);
    faults::plan p;
    for (int i = 0; i < 200; ++i) {
      p = i % 3 == 0 ? rs::random_plan(r, space) : rs::mutate(p, r, space);
      const std::string text = faults::print(p);
      const faults::parse_result back = faults::parse_plan(text);
      REQUIRE(back.ok());
      CHECK(back.plan == p);
      CHECK_FALSE(faults::check_targets(back, space.targets).has_value());
      CHECK(std::is_sorted(p.steps.begin(), p.steps.end(), [](const auto& a, const auto& b) { return a.at < b.at; }));
    }
    // The same rng state, the same plan.
    sim::rng a(11), b(11);
    CHECK(rs::random_plan(a, space) == rs::random_plan(b, space));
  }
}

TEST_CASE("guided explore gives the same corpus, curve and groups for any number of jobs") {
  rs::explore_request q;
  q.scenario = "slack-503";
  q.variant = "retrying-phase";
  q.seed_first = 1;
  q.seed_last = 40;
  q.guided = true;
  q.repro_dir = "";
  const rs::explore_result one = rs::run_explore(q);
  q.jobs = 2;
  const rs::explore_result two = rs::run_explore(q);
  REQUIRE(one.coverage);
  REQUIRE(two.coverage);
  CHECK(one.coverage->corpus == two.coverage->corpus);
  REQUIRE(one.coverage->points.size() == two.coverage->points.size());
  for (std::size_t i = 0; i < one.coverage->points.size(); ++i) {
    CHECK(one.coverage->points[i].guided == two.coverage->points[i].guided);
    CHECK(one.coverage->points[i].random == two.coverage->points[i].random);
  }
  CHECK(one.coverage->points.back().runs == 40);
  CHECK(one.coverage->points.size() == 3);  // rounds of 16: 16, 32, 40
  CHECK(one.failed == two.failed);
  REQUIRE(one.groups.size() == two.groups.size());
  for (std::size_t i = 0; i < one.groups.size(); ++i) {
    CHECK(one.groups[i].signature == two.groups[i].signature);
    CHECK(one.groups[i].report.run_command == two.groups[i].report.run_command);
  }
  // Coverage only grows.
  for (std::size_t i = 1; i < one.coverage->points.size(); ++i) {
    CHECK(one.coverage->points[i].guided >= one.coverage->points[i - 1].guided);
    CHECK(one.coverage->points[i].random >= one.coverage->points[i - 1].random);
  }
  // The hot loop is found (a 503 on one Slack call is enough).
  CHECK(one.failed > 0);
  const std::string svg = rs::coverage_svg(*one.coverage, "slack-503");
  CHECK(reconsim::test::xml_problem(svg).empty());
  CHECK_THAT(svg, Catch::Contains("class=\"guided\"") && Catch::Contains("class=\"random\""));
}
