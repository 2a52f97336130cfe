// The `storm` scenario (issue 17 §3): N NotificationRequests at a rate, the
// controller's view of the load measured from the trace, the settings that
// shape it, and the hot loop it exposes when workers are free.
#include <catch2/catch.hpp>

#include <string>

#include "reconsim/scenarios/checkers/load_metrics.hpp"
#include "reconsim/scenarios/spec/overrides.hpp"
#include "reconsim/scenarios/spec/scenario.hpp"
#include "reconsim/scenarios/testbed/run.hpp"

namespace rs = reconsim::scenarios;

namespace {

rs::run_result storm(int notifications, const std::string& variant, int workers) {
  rs::run_request q;
  q.scenario = "storm";
  q.variant = variant;
  q.overrides = {{"storm.notifications", std::to_string(notifications)},
                 {"storm.rate", "50/s"},
                 {"controller.workers", std::to_string(workers)}};
  return rs::run_scenario(q);
}

int workers_started(const rs::run_result& r) {
  for (const auto& e : r.trace) {
    if (e.kind == "controller.started") return static_cast<int>(e.get_int("workers"));
  }
  return 0;
}

}  // namespace

TEST_CASE("a storm creates its notifications, waits for every one to be terminal, and measures the load") {
  const rs::run_result r = storm(300, "backoff-check-every-phase", 1);
  REQUIRE(r.load);
  const rs::load_metrics& m = *r.load;
  CHECK(m.notifications == 300);
  CHECK(m.terminal == 300);
  CHECK(r.tests.size() == 1);
  CHECK(r.tests[0].passed);
  CHECK(m.attempts.count == 300);
  CHECK(m.attempts.p50 >= 2);  // two channels each
  CHECK(m.retries > 0);        // 10 % of file writes and Slack calls fail
  CHECK(m.early_retries == 0); // a fixed design waits out every backoff
  CHECK(m.reconciles >= 300);
  CHECK(m.api_writes >= 2 * 300);  // a create and at least one status write each
  CHECK(m.queue_wait_s.count == m.processing_s.count);
  CHECK(m.time_to_terminal_s.count == 300);
  CHECK(m.queue_depth_max >= 1);
  CHECK(workers_started(r) == 1);
}

TEST_CASE("with 5 workers free, today's controller retries sooner than its backoff; the fix does not") {
  // Under one worker the queue's wait hides the watch-triggered re-reconcile
  // (it runs long after the backoff); five workers pick it up at once.
  const rs::run_result today = storm(300, "retrying-phase", 5);
  const rs::run_result fixed = storm(300, "backoff-check-every-phase", 5);
  CHECK(workers_started(today) == 5);
  REQUIRE(today.load);
  REQUIRE(fixed.load);
  CHECK(today.load->early_retries > 0);
  CHECK(fixed.load->early_retries == 0);
}

TEST_CASE("spread_of: nearest-rank percentiles, and zeros for no sample") {
  const rs::spread s = rs::spread_of({5, 1, 4, 2, 3, 10, 9, 8, 7, 6});
  CHECK(s.count == 10);
  CHECK(s.p50 == 5);
  CHECK(s.p99 == 10);
  CHECK(s.max == 10);
  CHECK(s.mean == Approx(5.5));
  CHECK(rs::spread_of({}).count == 0);
}

TEST_CASE("storm and controller settings are checked like every --set") {
  rs::scenario_spec s = rs::load_scenario("storm");
  rs::apply_overrides(s, {{"storm.rate", "200/s"}, {"storm.notifications", "10000"}, {"controller.workers", "5"}});
  CHECK(s.storm.rate_per_s == 200);
  CHECK(s.storm.notifications == 10000);
  CHECK(s.max_concurrent_reconciles == 5);
  for (const auto& [name, value] : std::vector<std::pair<std::string, std::string>>{
           {"storm.rate", "0"}, {"storm.rate", "fast"}, {"storm.notifications", "-1"}, {"controller.workers", "0"},
           {"storm.timeout", "0s"}}) {
    CHECK_THROWS_AS(rs::apply_overrides(s, {{name, value}}), rs::scenario_error);
  }
}
