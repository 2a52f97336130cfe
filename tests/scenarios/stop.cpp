// A stop (Ctrl-C) during explore, hunt or a sweep: no new run starts, the
// runs made so far are returned marked partial, their failures grouped and
// their repros written. The stop comes from the progress callback here,
// deterministically (one job), where the CLI's signal handler would set it.
#include <catch2/catch.hpp>

#include "reconsim/scenarios/search/explore.hpp"
#include "reconsim/scenarios/search/hunt.hpp"
#include "reconsim/scenarios/search/stop.hpp"
#include "reconsim/scenarios/search/sweep.hpp"

namespace rs = reconsim::scenarios;

namespace {

// Clears the stop on the way in and out, so no other test sees it.
struct stop_guard {
  stop_guard() { rs::clear_stop(); }
  ~stop_guard() { rs::clear_stop(); }
};

}  // namespace

TEST_CASE("explore stopped after 3 of 50 runs returns those 3, partial, with their failures grouped") {
  const stop_guard guard;
  rs::explore_request q;
  q.scenario = "retry-backoff";
  q.seed_first = 1;
  q.seed_last = 50;
  q.shrink = false;
  q.repro_dir = "";
  const rs::explore_result r = rs::run_explore(q, [](int done, int, int) {
    if (done == 3) rs::request_stop();
  });
  CHECK(r.partial);
  CHECK(r.runs == 3);
  CHECK(r.failed == 3);  // seed 003's bug fails every seed
  REQUIRE(r.groups.size() == 1);
  CHECK(r.groups[0].count == 3);
}

TEST_CASE("hunt and a sweep stop the same way; without a stop nothing is partial") {
  const stop_guard guard;
  rs::hunt_request h;
  h.scenario = "retry-backoff";
  h.variant = "retrying-phase";
  h.repro_dir = "";
  const rs::hunt_result stopped = rs::run_hunt(h, [](int done, int, int) {
    if (done == 2) rs::request_stop();
  });
  CHECK(stopped.partial);
  CHECK(stopped.runs == 2);
  rs::clear_stop();
  const rs::hunt_result whole = rs::run_hunt(h);
  CHECK_FALSE(whole.partial);
  CHECK(whole.runs > 2);

  rs::sweep_request s;
  s.scenario = "retry-backoff";
  s.params = {rs::parse_sweep_param("procs=1,2")};
  s.seeds = 5;
  const rs::sweep_result partial = rs::run_sweep(s, [](int done, int) {
    if (done == 7) rs::request_stop();
  });
  CHECK(partial.partial);
  REQUIRE(partial.points.size() == 2);
  CHECK(partial.points[0].runs == 5);
  CHECK(partial.points[1].runs == 2);
}

TEST_CASE("a guided explore stopped before its first run returns nothing, partial, without a curve") {
  const stop_guard guard;
  rs::request_stop();
  rs::explore_request q;
  q.scenario = "retry-backoff";
  q.seed_first = 1;
  q.seed_last = 20;
  q.guided = true;
  q.repro_dir = "";
  const rs::explore_result r = rs::run_explore(q);
  CHECK(r.partial);
  CHECK(r.runs == 0);
  REQUIRE(r.coverage);
  CHECK(r.coverage->points.empty());
  CHECK(r.coverage->guided_states() == 0);
}
