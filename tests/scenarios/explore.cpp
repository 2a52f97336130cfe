// Explore (search/explore.hpp): failures grouped by signature with a minimal repro,
// and the same groups whatever the number of parallel jobs.
#include <catch2/catch.hpp>

#include <filesystem>

#include "reconsim/scenarios/search/explore.hpp"
#include "reconsim/scenarios/views/sweep_format.hpp"

using namespace reconsim;
namespace rc = reconsim::scenarios;

namespace {

rc::explore_request request(const std::string& scenario, std::optional<std::string> variant, int jobs) {
  rc::explore_request r;
  r.scenario = scenario;
  r.variant = std::move(variant);
  r.seed_first = 1;
  r.seed_last = 6;
  r.policies = {"fifo", "random"};
  r.jobs = jobs;
  r.repro_dir.clear();
  return r;
}

void check_same_groups(const rc::explore_result& a, const rc::explore_result& b) {
  CHECK(a.runs == b.runs);
  CHECK(a.failed == b.failed);
  REQUIRE(a.groups.size() == b.groups.size());
  for (std::size_t i = 0; i < a.groups.size(); ++i) {
    CHECK(a.groups[i].signature == b.groups[i].signature);
    CHECK(a.groups[i].count == b.groups[i].count);
    CHECK(a.groups[i].first_seed == b.groups[i].first_seed);
    CHECK(a.groups[i].report.run_command == b.groups[i].report.run_command);
    CHECK(a.groups[i].minimal.trace_hash == b.groups[i].minimal.trace_hash);
  }
}

}  // namespace

TEST_CASE("explore with 1 and 2 jobs reports the same runs, failures and groups") {
  for (const auto& [scenario, variant] : std::vector<std::pair<std::string, std::optional<std::string>>>{
           {"retry-backoff", std::nullopt}, {"file-visibility", std::nullopt}}) {
    CAPTURE(scenario);
    const rc::explore_result one = rc::run_explore(request(scenario, variant, 1));
    const rc::explore_result two = rc::run_explore(request(scenario, variant, 2));
    CHECK(one.runs == 12);
    check_same_groups(one, two);
  }
}

TEST_CASE("explore groups seed 003's failures under one signature with a one-fault minimal plan") {
  const rc::explore_result r = rc::run_explore(request("retry-backoff", std::nullopt, 2));
  CHECK(r.failed == r.runs);  // partial-is-terminal fails on every seed
  REQUIRE_FALSE(r.groups.empty());
  const auto& g = r.groups.front();
  CHECK(g.first_seed == 1);
  // The scenario's own plan makes the directory writable again at 80 s;
  // the shrinker drops that step, the read-only one is the story.
  CHECK(g.signature.find("| chmod") != std::string::npos);
  CHECK(g.signature.find("chmod+chmod") == std::string::npos);
  CHECK_THAT(g.report.run_command, Catch::Contains("reconsim run retry-backoff --seed 1") && Catch::Contains("--plan"));
}

TEST_CASE("explore finds nothing for a fixed retry design") {
  const rc::explore_result r = rc::run_explore(request("retry-backoff", "backoff-check-every-phase", 2));
  // Checkers and the harness's tests both pass: the retry at ~90 s finds
  // the directory writable again (80 s).
  CHECK(r.failed == 0);
  CHECK(r.groups.empty());
}

TEST_CASE("explore's determinism sample runs every Nth run twice, whatever the number of jobs") {
  rc::explore_request q = request("retry-backoff", "backoff-check-every-phase", 2);
  q.check_determinism_every = 5;  // runs 0, 5, 10 of 12
  const rc::explore_result r = rc::run_explore(q);
  CHECK(r.determinism_checked == 3);
  CHECK(r.failed == 0);
  q.check_determinism_every = 1;
  q.jobs = 1;
  const rc::explore_result all = rc::run_explore(q);
  CHECK(all.determinism_checked == all.runs);
  CHECK(all.failed == 0);
  q.check_determinism_every = -1;
  CHECK_THROWS_AS(rc::run_explore(q), rc::scenario_error);
}

TEST_CASE("explore counts runs that held without exercising their fault as inconclusive, never as passes") {
  const rc::explore_result r = rc::run_explore(request("audit-loss-fixed", std::nullopt, 2));
  CHECK(r.failed == 0);
  CHECK(r.inconclusive == r.runs);  // its warm-up window is never met
  const rc::explore_result fixed = rc::run_explore(request("retry-backoff", "backoff-check-every-phase", 2));
  CHECK(fixed.inconclusive == 0);
}

TEST_CASE("a seed range reads A..B or N and rejects the rest") {
  CHECK(rc::parse_seed_range("3..9") == std::pair<std::uint64_t, std::uint64_t>{3, 9});
  CHECK(rc::parse_seed_range("5") == std::pair<std::uint64_t, std::uint64_t>{5, 5});
  CHECK_THROWS(rc::parse_seed_range("9..3"));
  CHECK_THROWS(rc::parse_seed_range("a..b"));
  CHECK_THROWS(rc::parse_seed_range(""));
}

TEST_CASE("the shards of a seed range together run every seed once and find the same failures") {
  rc::explore_request whole = request("retry-backoff", std::nullopt, 1);
  whole.policies = {"fifo"};
  const rc::explore_result all = rc::run_explore(whole);
  int runs = 0;
  int failed = 0;
  for (int i = 1; i <= 3; ++i) {
    rc::explore_request part = whole;
    part.shard = i;
    part.shards = 3;
    const rc::explore_result r = rc::run_explore(part);
    CHECK(r.runs == 2);  // seeds i and i+3 of 1..6
    runs += r.runs;
    failed += r.failed;
    REQUIRE_FALSE(r.groups.empty());
    CHECK(r.groups.front().first_seed == static_cast<std::uint64_t>(i));
  }
  CHECK(runs == all.runs);
  CHECK(failed == all.failed);
}

TEST_CASE("a shard reads i/N and rejects the rest") {
  CHECK(rc::parse_shard("2/4") == std::pair<int, int>{2, 4});
  CHECK(rc::parse_shard("1/1") == std::pair<int, int>{1, 1});
  CHECK_THROWS(rc::parse_shard("0/4"));
  CHECK_THROWS(rc::parse_shard("5/4"));
  CHECK_THROWS(rc::parse_shard("2"));
  CHECK_THROWS(rc::parse_shard("2/4x"));
  CHECK_THROWS(rc::parse_shard("a/b"));
}

TEST_CASE("explore's shrinker runs fewer NotificationRequests when one still fails") {
  // retry-backoff creates two requests; the seed-003 failure needs one.
  const rc::explore_result r = rc::run_explore(request("retry-backoff", std::nullopt, 1));
  REQUIRE_FALSE(r.groups.empty());
  const auto& overrides = r.groups.front().minimal.request.overrides;
  CHECK(overrides == scenarios::override_list{{"tests", "1"}});
  CHECK_THAT(r.groups.front().report.run_command, Catch::Contains("--set tests=1"));
}

TEST_CASE("explore and sweep take a scenario file as well as a name, with the same result") {
  rc::explore_request by_name = request("retry-backoff", std::nullopt, 1);
  rc::explore_request by_file = by_name;
  by_file.scenario = "scenarios/retry-backoff.yaml";
  const rc::explore_result a = rc::run_explore(by_name);
  const rc::explore_result b = rc::run_explore(by_file);
  CHECK(a.failed == b.failed);
  REQUIRE(a.groups.size() == b.groups.size());
  CHECK(a.groups.front().signature == b.groups.front().signature);
  CHECK(a.groups.front().minimal.trace_hash == b.groups.front().minimal.trace_hash);

  scenarios::sweep_request q;
  q.scenario = "scenarios/file-visibility-focused.yaml";
  q.params = {scenarios::parse_sweep_param("procs=1,4")};
  q.seeds = 2;
  scenarios::sweep_request named = q;
  named.scenario = "file-visibility-focused";
  CHECK(scenarios::sweep_csv(scenarios::run_sweep(q)) == scenarios::sweep_csv(scenarios::run_sweep(named)));
}
