// `restart controller` (issue 14 §2, §4): the controller process dies with
// its memory and in-flight reconcile, and a new one lists everything again.
#include <catch2/catch.hpp>

#include <vector>

#include "reconsim/scenarios/testbed/run.hpp"

namespace rs = reconsim::scenarios;

namespace {

rs::run_result run(const std::string& variant, const std::string& plan) {
  rs::run_request q;
  q.scenario = "retry-backoff";
  q.seed = 3;
  q.variant = variant;
  q.plan = plan;
  return rs::run_scenario(q);
}

int count(const rs::run_result& r, std::string_view kind, std::string_view field = {}, std::string_view value = {}) {
  int n = 0;
  for (const auto& e : r.trace) n += e.kind == kind && (field.empty() || e.get_string(field) == value) ? 1 : 0;
  return n;
}

}  // namespace

TEST_CASE("a crash between a delivery and its status write delivers it again and audits it twice") {
  // Both channels of e2e-retry-backoff delivered at 20.029 s; the status
  // write that records them was in flight when the process died at 20.030 s.
  const rs::run_result r = run("generation-changed-predicate", "at 20.030s: restart controller");
  CHECK(count(r, "actor.kill") == 2);
  CHECK(count(r, "controller.restarted") == 1);
  CHECK(count(r, "fs.rename") == 3);  // two files for one notification, one for the other
  CHECK(count(r, "audit.emit", "type", "notification.message.sent") == 6);
  bool counters_failed = false;
  for (const auto& c : r.checks) counters_failed |= c.name == "status-counters-match-attempts" && !c.passed;
  CHECK(counters_failed);
  REQUIRE(r.faults.size() == 1);
  CHECK(r.faults[0].took_effect);
}

TEST_CASE("the new process lists every object and reconciles each again; a fixed design still honours its backoff") {
  const rs::run_result r = run("generation-changed-predicate",
                               "at 0s: chmod /tmp/notifications ro; at 80s: chmod /tmp/notifications rw; "
                               "at 20.05s: restart controller 5s");
  CHECK(count(r, "informer.list") == 2);
  CHECK(rs::verdict_of(r) == rs::verdict::passed);
}

TEST_CASE("a restart before the controller is deployed kills nothing and leaves the run inconclusive") {
  const rs::run_result r = run("generation-changed-predicate",
                               "at 0s: chmod /tmp/notifications ro; at 80s: chmod /tmp/notifications rw; "
                               "at 5s: restart controller");
  CHECK(count(r, "actor.kill") == 0);
  REQUIRE(r.faults.size() == 3);
  CHECK_FALSE(r.faults[2].took_effect);
  CHECK(rs::verdict_of(r) == rs::verdict::inconclusive);
}

TEST_CASE("a component the testbed cannot restart is bad input") {
  CHECK_THROWS_WITH(run("retrying-phase", "at 1s: restart scheduler"),
                    Catch::Contains("found 'scheduler'") && Catch::Contains("controller"));
}

TEST_CASE("a dropped watch is resumed and a stale window catches up: the fixed designs still honour their backoff") {
  const std::string file_faults = "at 0s: chmod /tmp/notifications ro; at 80s: chmod /tmp/notifications rw; ";
  for (const std::string variant : {"generation-changed-predicate", "next-retry-in-status", "backoff-check-every-phase"}) {
    for (const std::string fault : {"at 30s: watch_drop NotificationRequest", "from 20s to 60s: stale NotificationRequest"}) {
      CAPTURE(variant, fault);
      const rs::run_result r = run(variant, file_faults + fault);
      REQUIRE(r.faults.size() == 3);
      CHECK(r.faults[2].took_effect);
      CHECK(rs::verdict_of(r) == rs::verdict::passed);
    }
  }
}
