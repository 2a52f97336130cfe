// Slack in scenarios (issue 14 §3): the webhook channel, HTTP faults on the
// slack host and the circuit breaker, end to end through slack-503.
#include <catch2/catch.hpp>

#include <vector>

#include "reconsim/scenarios/spec/scenario.hpp"
#include "reconsim/scenarios/testbed/run.hpp"

namespace rs = reconsim::scenarios;
using reconsim::sim::trace_event;

namespace {

rs::run_result run(const std::string& variant, std::optional<std::string> plan = std::nullopt) {
  rs::run_request q;
  q.scenario = "slack-503";
  q.seed = 1;
  q.variant = variant;
  q.plan = std::move(plan);
  return rs::run_scenario(q);
}

std::vector<const trace_event*> events(const rs::run_result& r, std::string_view kind) {
  std::vector<const trace_event*> out;
  for (const auto& e : r.trace) {
    if (e.kind == kind) out.push_back(&e);
  }
  return out;
}

const rs::check_outcome& check(const rs::run_result& r, const std::string& name) {
  for (const auto& c : r.checks) {
    if (c.name == name) return c;
  }
  FAIL("no check " << name);
  return r.checks.front();
}

// The last status phase the controller wrote.
std::string final_phase(const rs::run_result& r) {
  std::string phase;
  for (const trace_event* e : events(r, "notification.status")) phase = e->get_string("phase");
  return phase;
}

constexpr std::string_view breaker_open_text =
    "slack circuit breaker is open (too many failures, preventing cascading failures)";

}  // namespace

TEST_CASE("today's controller: three 503s in one Sending hot loop trip the breaker, whose refusals use up attempts") {
  const rs::run_result r = run("retrying-phase");
  // The 503s all land within ~40 ms: status-write events re-trigger the
  // Sending phase at once (no backoff check there).
  const auto answers = events(r, "fault.http");
  REQUIRE(answers.size() == 3);
  CHECK(answers.back()->at - answers.front()->at < std::chrono::milliseconds(100));
  const auto changes = events(r, "notification.breaker");
  REQUIRE(changes.size() >= 2);
  CHECK(changes[0]->get_string("to") == "open");
  CHECK(changes[1]->get_string("to") == "half-open");
  int refused = 0;
  for (const trace_event* a : events(r, "notification.attempt")) {
    refused += a->get_string("error") == breaker_open_text ? 1 : 0;
  }
  CHECK(refused >= 2);
  CHECK(final_phase(r) == "Sent");
  CHECK_FALSE(check(r, "retries-honour-backoff").passed);
  CHECK(rs::verdict_of(r) == rs::verdict::failed);
}

TEST_CASE("a fixed design spaces the Slack retries by the backoff, so the breaker never trips") {
  const rs::run_result r = run("generation-changed-predicate");
  CHECK(events(r, "notification.breaker").empty());
  const auto calls = events(r, "net.call");
  REQUIRE(calls.size() == 4);  // three 503s, then the delivery
  for (std::size_t i = 1; i < calls.size(); ++i) CHECK(calls[i]->at - calls[i - 1]->at >= std::chrono::seconds(9));
  CHECK(final_phase(r) == "Sent");
  CHECK(rs::verdict_of(r) == rs::verdict::passed);
}

TEST_CASE("a 400 from Slack is permanent: one attempt, then Failed") {
  const rs::run_result r = run("generation-changed-predicate", "at 0s: http slack 400");
  const auto attempts = events(r, "notification.attempt");
  REQUIRE(attempts.size() == 1);
  CHECK_THAT(attempts[0]->get_string("error"),
             Catch::StartsWith("permanent failure: slack webhook returned 400 (permanent failure)"));
  CHECK(final_phase(r) == "Failed");
  REQUIRE(r.faults.size() == 1);
  CHECK(r.faults[0].took_effect);
}

TEST_CASE("Slack is a host of a scenario whose requests route to it, and only then") {
  CHECK_NOTHROW(run("retrying-phase", "at 0s: refuse slack 2"));
  rs::run_request q;
  q.scenario = "retry-backoff";  // console and file only
  q.plan = "at 0s: http slack 503";
  CHECK_THROWS_WITH(rs::run_scenario(q), Catch::Contains("found 'slack'") && Catch::Contains("names nothing"));
}

TEST_CASE("a Slack fault point that never fires leaves the run inconclusive, not passed") {
  // 0.001 per request over four requests: seed 1 draws no failure.
  const rs::run_result r = run("generation-changed-predicate", "p 0.001 http.503 slack");
  REQUIRE(r.faults.size() == 1);
  CHECK_FALSE(r.faults[0].took_effect);
  CHECK(rs::verdict_of(r) != rs::verdict::passed);
}
