// The text report's details a reader asked for: every attempt with its gap,
// a footer whose event count is the trace's, audit counters that add up,
// and durations in a chain written as durations.
#include <catch2/catch.hpp>

#include <string>

#include "reconsim/scenarios/testbed/run.hpp"
#include "reconsim/scenarios/views/report.hpp"

namespace rs = reconsim::scenarios;

namespace {

rs::run_result run(const std::string& scenario, const std::string& variant) {
  rs::run_request q;
  q.scenario = scenario;
  q.seed = 3;
  q.variant = variant;
  return rs::run_scenario(q);
}

}  // namespace

TEST_CASE("a passing run lists each notification's attempts with the gaps between them") {
  const rs::run_result r = run("retry-backoff", "backoff-check-every-phase");
  REQUIRE(r.passed);
  const std::string text = rs::format_report(r);
  CHECK_THAT(text, Catch::Contains("attempts, per notification and channel") &&
                       Catch::Contains("notification-e2e/e2e-retry-backoff file: ") && Catch::Contains("(+3"));
  CHECK_THAT(text, Catch::Contains(std::to_string(r.trace.size()) + " trace events"));
}

TEST_CASE("the audit counters add up: emitted = stored + lost + dead-lettered + in flight") {
  for (const char* scenario : {"audit-loss", "audit-duplication", "audit-loss-dlq", "audit-loss-fixed"}) {
    INFO(scenario);
    const rs::run_result r = run(scenario, "retrying-phase");
    const auto& c = r.counters;
    CHECK(c.at("audit_emitted") ==
          c.at("audit_stored_events") + c.at("audit_lost") + c.at("audit_dead_lettered") + c.at("audit_in_flight"));
    CHECK(c.at("audit_in_flight") >= 0);
    CHECK_THAT(rs::format_report(r), Catch::Contains("audit: emitted "));
  }
}

TEST_CASE("a chain shows durations as durations, not nanoseconds") {
  const rs::run_result r = run("retry-backoff", "partial-is-terminal");
  bool seen = false;
  for (const auto& c : r.checks) {
    for (const auto& line : rs::chain_lines(c)) {
      CHECK(line.find("=30000000000") == std::string::npos);
      seen = seen || line.find("requeue_after=30s") != std::string::npos;
    }
  }
  CHECK(seen);
}

TEST_CASE("run --json's chain is the events themselves: {t_s, actor, kind, fields}") {
  rs::run_request q;
  q.scenario = "retry-backoff";
  q.seed = 3;
  const nlohmann::json j = rs::report_json(rs::run_scenario(q));
  std::size_t events = 0;
  for (const auto& c : j.at("checks")) {
    if (c.at("passed").get<bool>()) continue;
    for (const auto& e : c.at("chain")) {
      CHECK(e.at("t_s").is_number());
      CHECK(e.at("actor").is_string());
      CHECK(e.at("kind").is_string());
      CHECK(e.at("fields").is_object());
      ++events;
    }
  }
  CHECK(events >= 3);
}
