// Issue 14 §1: a run never passes having exercised nothing. A plan or a
// manifest that names something the testbed does not have is bad input; a
// listed check with nothing to check, or a timed fault that never took
// effect, makes a run that held INCONCLUSIVE; every fault says whether it
// took effect.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "reconsim/scenarios/spec/scenario.hpp"
#include "reconsim/scenarios/spec/scenario_file.hpp"
#include "reconsim/scenarios/testbed/run.hpp"
#include "reconsim/scenarios/views/report.hpp"

namespace rs = reconsim::scenarios;

namespace {

rs::run_request request(const std::string& scenario, std::optional<std::string> plan = std::nullopt,
                        std::optional<std::string> variant = std::nullopt) {
  rs::run_request q;
  q.scenario = scenario;
  q.seed = 3;
  q.plan = std::move(plan);
  q.variant = std::move(variant);
  return q;
}

std::string error_of(const rs::run_request& q) {
  try {
    (void)rs::run_scenario(q);
  } catch (const rs::scenario_error& e) {
    return e.what();
  }
  return "(ran)";
}

std::string shipped(const std::string& name) {
  std::ifstream in("scenarios/" + name + ".yaml");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const rs::fault_effect& effect(const rs::run_result& r, std::string_view statement) {
  for (const auto& f : r.faults) {
    if (f.statement == statement) return f;
  }
  FAIL("no fault " << statement);
  return r.faults.front();
}

}  // namespace

TEST_CASE("a plan naming a path, host or directory the testbed does not have is bad input, at its column") {
  CHECK_THAT(error_of(request("retry-backoff", "at 0s: chmod /tmp/notification ro")),
             Catch::Contains("column 14") && Catch::Contains("'/tmp/notification'") &&
                 Catch::Contains("/tmp/notifications"));
  CHECK_THAT(error_of(request("retry-backoff", "at 5s: refuse nosuchhost 3")),
             Catch::Contains("'nosuchhost'") && Catch::Contains("no host"));
  CHECK_THAT(error_of(request("audit-loss", "at 5s: refuse nosuchhost 3")),
             Catch::Contains("'nosuchhost'") && Catch::Contains("datastorage"));
  CHECK_THAT(error_of(request("retry-backoff", "p 0.5 fs.eio /var/log")), Catch::Contains("'/var/log'"));
  CHECK_THAT(error_of(request("audit-loss", "from 1s to 2s: partition controller datastorage")),
             Catch::Contains("'controller'") && Catch::Contains("e2e-tests"));
  // A directory above the one written in reaches the writes: accepted.
  CHECK(error_of(request("retry-backoff", "at 0s: chmod /tmp ro")) == "(ran)");
}

TEST_CASE("an unknown or unmodelled test-channel-set is bad input, at its line and column in a scenario file") {
  std::string text = shipped("retry-backoff");
  const std::string from = "test-channel-set: console-file\n";
  REQUIRE(text.find(from) != std::string::npos);
  std::string typo = text;
  typo.replace(typo.find(from), from.size(), "test-channel-set: console-fiel\n");
  try {
    (void)rs::load_scenario_text(typo, "typo.yaml");
    FAIL("a typo in test-channel-set was accepted");
  } catch (const rs::scenario_file_error& e) {
    // The line the typo sits on, counted in the text (the file grows).
    const auto at = typo.begin() + static_cast<std::ptrdiff_t>(typo.find("console-fiel"));
    CHECK(e.line() == 1 + std::count(typo.begin(), at, '\n'));
    CHECK(e.column() == 27);
    CHECK_THAT(std::string(e.what()), Catch::Contains("console-fiel") && Catch::Contains("console-file-log"));
  }
  // PagerDuty and Teams are routed to but not modelled: bad input, not a
  // quiet "channel not registered".
  std::string pagerduty = text;
  pagerduty.replace(pagerduty.find(from), from.size(), "test-channel-set: pagerduty-failure\n");
  CHECK_THROWS_WITH(rs::load_scenario_text(pagerduty, "pagerduty.yaml"),
                    Catch::Contains("'pagerduty'") && Catch::Contains("console, file, log, slack"));
}

TEST_CASE("a correct scenario still passes, and says every fault took effect") {
  const rs::run_result r = rs::run_scenario(request("retry-backoff", std::nullopt, "generation-changed-predicate"));
  CHECK(rs::verdict_of(r) == rs::verdict::passed);
  REQUIRE(r.faults.size() == 2);
  const auto& ro = effect(r, "at 0s: chmod /tmp/notifications ro");
  CHECK(ro.took_effect);
  CHECK(ro.count >= 1);
  REQUIRE(ro.first_effect_s);
  CHECK(*ro.first_effect_s > 20.0);  // the retry tests create their requests at 20 s
  CHECK(effect(r, "at 80s: chmod /tmp/notifications rw").took_effect);
  for (const auto& c : r.checks) CHECK(c.status == "pass");
}

TEST_CASE("a listed check with nothing to check makes a run that held INCONCLUSIVE, never PASSED") {
  // retry-all-fail lists terminal-only-when-done; a fixed design keeps
  // retrying past the suite's end, so no request reaches a terminal phase.
  const rs::run_result r = rs::run_scenario(request("retry-all-fail", std::nullopt, "backoff-check-every-phase"));
  CHECK(r.passed);
  CHECK(rs::verdict_of(r) == rs::verdict::inconclusive);
  REQUIRE(r.inconclusive.size() == 1);
  CHECK_THAT(r.inconclusive[0], Catch::Contains("terminal-only-when-done") && Catch::Contains("not exercised"));
  CHECK_THAT(rs::format_report(r), Catch::Contains("RESULT: INCONCLUSIVE"));
  CHECK(rs::report_json(r)["verdict"] == "INCONCLUSIVE");
}

TEST_CASE("a timed fault that never took effect makes a run that held INCONCLUSIVE") {
  // The shipped seed-004 plan opens its warm-up window at 0 s for 5 s, but
  // DataStorage is deployed at 15 s: nothing ever meets it.
  const rs::run_result r = rs::run_scenario(request("audit-loss-fixed"));
  CHECK(r.passed);
  CHECK(rs::verdict_of(r) == rs::verdict::inconclusive);
  const auto& f = effect(r, "at 0s: ready_before_listen datastorage 5s");
  CHECK_FALSE(f.took_effect);
  CHECK(f.count == 0);
  const auto j = rs::report_json(r);
  CHECK(j["faults"][0]["took_effect"] == false);
}

TEST_CASE("a failure stays a failure, whatever it did not exercise") {
  const rs::run_result r = rs::run_scenario(request("retry-backoff"));  // partial-is-terminal
  CHECK(rs::verdict_of(r) == rs::verdict::failed);
  CHECK(r.inconclusive.empty());
}

TEST_CASE("armed network faults and probability points count the operations they changed") {
  const rs::run_result dup = rs::run_scenario(request("audit-duplication"));
  const auto& drop = effect(dup, "at 40050ms: drop_after datastorage 2");
  CHECK(drop.took_effect);
  CHECK(drop.count == 2);
  const rs::run_result eio = rs::run_scenario(
      request("retry-backoff", "p 1 fs.eio /tmp/notifications", "generation-changed-predicate"));
  REQUIRE(eio.faults.size() == 1);
  CHECK_FALSE(eio.faults[0].timed);
  CHECK(eio.faults[0].count >= 1);
  CHECK(eio.checks[0].status != "not-exercised");  // the failures gave retries-honour-backoff work
}
