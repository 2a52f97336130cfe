// `reconsim review`: variants side by side on the same seeds, measures read
// from the trace, a counterexample with its replay command per failing
// checker, and an HTML page with a failing run's timeline per variant.
#include <catch2/catch.hpp>

#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "reconsim/scenarios/views/review_format.hpp"
#include "scenarios/timeline_wellformed.hpp"

namespace rs = reconsim::scenarios;

namespace {

const rs::review_result& known_review() {
  static const rs::review_result r =
      rs::run_review({"retry-backoff", {"partial-is-terminal", "retrying-phase"}, 1, 2, {}});
  return r;
}

}  // namespace

TEST_CASE("a review has one column per variant, in the order given, each over every seed") {
  const auto& r = known_review();
  REQUIRE(r.variants.size() == 2);
  CHECK(r.variants[0].variant == "partial-is-terminal");
  CHECK(r.variants[1].variant == "retrying-phase");
  for (const auto& v : r.variants) {
    CHECK(v.runs == 2);
    CHECK(v.notifications == 4);  // two NotificationRequests per run
    CHECK(v.attempts >= v.notifications);
    CHECK(v.api_writes > 0);
    for (const auto& c : v.checks) CHECK(c.runs == 2);
  }
}

TEST_CASE("the seed-003 design retries no file delivery, so it makes fewer attempts than today's") {
  const auto& r = known_review();
  CHECK(r.variants[0].attempts < r.variants[1].attempts);
}

TEST_CASE("every failing checker names its first failing seed and the command that re-runs it") {
  const auto& r = known_review();
  bool any = false;
  for (const auto& v : r.variants) {
    for (const auto& c : v.checks) {
      if (c.passed == c.runs) continue;
      any = true;
      REQUIRE(c.first_failing_seed);
      CHECK(c.replay.find("reconsim run retry-backoff --seed " + std::to_string(*c.first_failing_seed)) == 0);
      CHECK(c.replay.find(v.variant) != std::string::npos);
    }
  }
  CHECK(any);
  CHECK(rs::format_review_text(r).find("first counterexample per failing checker") != std::string::npos);
}

TEST_CASE("a retry's gap is measured against the policy's backoff for that retry") {
  rs::run_result run;
  const auto at = [](int s) { return reconsim::sim::time_point{std::chrono::seconds(s)}; };
  run.trace.push_back({at(0), "p", "api.create", {{"kind", "NotificationRequest"}, {"key", "ns/a"}}});
  run.trace.push_back({at(1), "w", "notification.attempt", {{"key", "ns/a"}, {"channel", "file"}, {"status", "failed"}}});
  run.trace.push_back({at(11), "w", "notification.attempt", {{"key", "ns/a"}, {"channel", "file"}, {"status", "failed"}}});
  run.trace.push_back({at(71), "w", "notification.attempt", {{"key", "ns/a"}, {"channel", "file"}, {"status", "success"}}});
  run.trace.push_back({at(72), "w", "notification.status", {{"key", "ns/a"}, {"phase", "Sent"}}});
  const rs::run_measures m = rs::measure_run(run);
  CHECK(m.notifications == 1);
  CHECK(m.attempts == 3);
  REQUIRE(m.gaps.size() == 2);
  CHECK(m.gaps[0].retry == 1);
  CHECK(m.gaps[0].observed_s == 10.0);
  CHECK(m.gaps[0].expected_s == 30.0);  // the CRD default policy: 30 s, then 60 s
  CHECK(m.gaps[1].expected_s == 60.0);
  REQUIRE(m.terminal_s.size() == 1);
  CHECK(m.terminal_s[0] == 72.0);
}

TEST_CASE("the review page is well-formed and embeds a failing run's timeline per variant") {
  const auto& r = known_review();
  const std::string html = rs::review_html(r);
  CHECK(reconsim::test::xml_problem(html).empty());
  std::size_t failing = 0;
  for (const auto& v : r.variants) failing += v.representative_failure ? 1 : 0;
  REQUIRE(failing > 0);
  std::size_t sections = 0;
  for (auto p = html.find("<section class=\"timeline\""); p != std::string::npos;
       p = html.find("<section class=\"timeline\"", p + 1)) {
    ++sections;
  }
  CHECK(sections == failing);
}

TEST_CASE("reconsim review without variants is a usage error") {
  CLI::App app;
  int code = reconsim::cli::exit_ok;
  reconsim::cli::register_review(app, code);
  CHECK_THROWS_AS(app.parse("review retry-backoff --seeds 1 --quiet", false), CLI::RequiredError);
}

TEST_CASE("a review gives the same table for any number of jobs") {
  rs::review_request q{"retry-backoff", {"partial-is-terminal", "retrying-phase"}, 1, 6, {}};
  const std::string one = rs::format_review_text(rs::run_review(q));
  q.jobs = 2;
  CHECK(rs::format_review_text(rs::run_review(q)) == one);
}

TEST_CASE("a variant without a failing run still shows a timeline: its first, passing run") {
  const rs::review_result r = rs::run_review({"retry-backoff", {"partial-is-terminal", "backoff-check-every-phase"}, 1, 2, {}});
  REQUIRE(r.variants.size() == 2);
  CHECK(r.variants[0].representative_failure);
  CHECK_FALSE(r.variants[1].representative_failure);
  REQUIRE(r.variants[1].representative_pass);
  CHECK(r.variants[1].representative_pass->seed == 1u);
  const std::string html = rs::review_html(r);
  CHECK(reconsim::test::xml_problem(html).empty());
  CHECK_THAT(html, Catch::Contains("no failing run in this seed range; a passing run: seed 1"));
  std::size_t sections = 0;
  for (auto p = html.find("<section class=\"timeline\""); p != std::string::npos;
       p = html.find("<section class=\"timeline\"", p + 1)) {
    ++sections;
  }
  CHECK(sections == 2);
}
