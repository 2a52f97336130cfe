// Scenario overrides (`--set NAME=VALUE`): each one changes the run the
// way its name says, travels through repro files and command lines, and
// bad ones are rejected with the name and what was expected.
#include <catch2/catch.hpp>

#include <filesystem>

#include "reconsim/scenarios/spec/overrides.hpp"
#include "reconsim/scenarios/spec/scenario.hpp"
#include "reconsim/scenarios/search/repro.hpp"
#include "reconsim/scenarios/testbed/run.hpp"

namespace rs = reconsim::scenarios;
using namespace std::chrono_literals;

namespace {

rs::run_request retry_request(rs::override_list overrides) {
  rs::run_request q;
  q.scenario = "retry-backoff";
  q.seed = 3;
  q.overrides = std::move(overrides);
  return q;
}

// The retry policy the run traced for each NotificationRequest it created.
std::vector<std::string> traced_policies(const rs::run_result& r) {
  std::vector<std::string> out;
  for (const auto& e : r.trace) {
    if (e.kind != "notification.retry_policy") continue;
    out.push_back(std::to_string(e.get_int("max_attempts")) + "/" + std::to_string(e.get_int("initial_backoff_s")) +
                  "/" + std::to_string(e.get_int("multiplier")) + "/" +
                  std::to_string(e.get_int("max_backoff_s")));
  }
  return out;
}

}  // namespace

TEST_CASE("no overrides leave the run as it was") {
  const rs::run_result plain = rs::run_scenario(retry_request({}));
  rs::run_request same = retry_request({});
  same.overrides.clear();
  CHECK(rs::run_scenario(same).trace_hash == plain.trace_hash);
}

TEST_CASE("retry overrides replace the manifests' retry policy field by field") {
  const rs::run_result before = rs::run_scenario(retry_request({}));
  const rs::run_result after = rs::run_scenario(retry_request(
      {{"retry.max_attempts", "3"}, {"retry.initial_backoff", "5s"}, {"retry.backoff_multiplier", "3"}}));
  REQUIRE(traced_policies(before).size() == 2);
  REQUIRE(traced_policies(after).size() == 2);
  for (const auto& p : traced_policies(after)) CHECK(p.rfind("3/5/3/", 0) == 0);
  CHECK(traced_policies(before) != traced_policies(after));
  CHECK(after.trace_hash != before.trace_hash);
  const rs::run_result max_only = rs::run_scenario(retry_request({{"retry.max_backoff", "2m"}}));
  for (const auto& p : traced_policies(max_only)) CHECK(p.ends_with("/120"));
}

TEST_CASE("a built-in run by name is the run of its spec, whatever ran before it on the thread") {
  // run_scenario(request) keeps a built-in's last resolution for the next
  // run; run_scenario(spec, request) resolves every time. Requests that
  // differ in each field resolve reads, one after another and back again,
  // must give each the hash of its own fresh resolution.
  const rs::scenario_spec& spec = *rs::find_scenario("retry-backoff");
  std::vector<rs::run_request> requests(7, retry_request({}));
  requests[1].overrides = {{"retry.max_attempts", "2"}};
  requests[2].variant = "retrying-phase";
  requests[3].procs = 3;
  requests[4].queue = "priority";
  requests[5].policy = "random";
  requests[6].plan = "at 0s: chmod /tmp/notifications ro; at 40s: chmod /tmp/notifications rw";
  std::vector<std::string> fresh;  // each request's hash from its own resolution
  for (const auto& q : requests) fresh.push_back(rs::run_scenario(spec, q).trace_hash);
  for (std::size_t i = 1; i < fresh.size(); ++i) CHECK(fresh[i] != fresh[0]);  // each field matters here
  // Each after request 0 (differing in one field), again, then after each other.
  for (const std::size_t i : {0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 6, 1, 2, 3, 4, 5, 6, 0}) {
    INFO("request " << i);
    CHECK(rs::run_scenario(requests[i]).trace_hash == fresh[i]);
  }
}

TEST_CASE("tests=N keeps the scenario's first N tests") {
  const rs::run_result r = rs::run_scenario(retry_request({{"tests", "1"}}));
  CHECK(r.tests.size() == 1);
  CHECK(traced_policies(r).size() == 1);
  CHECK_THROWS_WITH(rs::run_scenario(retry_request({{"tests", "3"}})), Catch::Contains("has 2 test(s)"));
}

TEST_CASE("eventually and load overrides change the scenario value") {
  rs::scenario_spec s = *rs::find_scenario("file-visibility");
  rs::apply_overrides(s, {{"eventually.timeout", "20s"}, {"eventually.poll", "2s"}, {"load", "3"}, {"filler_tests", "0"}});
  REQUIRE_FALSE(s.tests.empty());
  for (const auto& t : s.tests) {
    CHECK(t.timeout == 20s);
    CHECK(t.poll == 2s);
  }
  CHECK(s.procs == 3);
  CHECK(s.filler_tests == 0);
}

TEST_CASE("a bad override names itself and what was expected") {
  CHECK_THROWS_WITH(rs::parse_override("retry.max_attempts=11"), Catch::Contains("retry.max_attempts") &&
                                                                     Catch::Contains("1..10"));
  CHECK_THROWS_WITH(rs::parse_override("retry.initial_backoff=1500ms"), Catch::Contains("whole number of seconds"));
  CHECK_THROWS_WITH(rs::parse_override("retry.max_backoff=30s"), Catch::Contains("60s..3600s"));
  CHECK_THROWS_WITH(rs::parse_override("eventually.poll=0s"), Catch::Contains("more than 0"));
  CHECK_THROWS_WITH(rs::parse_override("eventualy.timeout=5s"), Catch::Contains("unknown setting") &&
                                                                    Catch::Contains("eventually.timeout"));
  CHECK_THROWS_WITH(rs::parse_override("tests"), Catch::Contains("expected NAME=VALUE"));
  CHECK_THROWS_AS(rs::parse_override("procs=0"), rs::scenario_error);
  CHECK(rs::parse_override("retry.initial_backoff=2m") == std::pair<std::string, std::string>{"retry.initial_backoff", "2m"});
}

TEST_CASE("overrides travel through a repro file and the run command, and replay to the same hash") {
  rs::run_request q = retry_request({{"retry.max_attempts", "2"}, {"tests", "1"}});
  q.variant = "partial-is-terminal";
  const rs::run_result r = rs::run_scenario(q);
  const rs::repro back = rs::repro_from_text(rs::repro_to_text({q, r.trace_hash, reconsim::sim::trace_hash_version, "x", "", std::nullopt}), "mem");
  CHECK(back.request == q);
  CHECK(rs::run_scenario(back.request).trace_hash == r.trace_hash);
  CHECK(rs::run_command(q) ==
        "reconsim run retry-backoff --seed 3 --variant partial-is-terminal --set retry.max_attempts=2 --set tests=1");
  CHECK_THROWS_WITH(rs::repro_from_text(R"({"reconsim_repro": 1, "scenario": "retry-backoff", "seed": 1,
      "trace_hash": "0", "overrides": ["retry.max_attempts=99"]})", "bad.repro"),
                    Catch::Contains("bad.repro") && Catch::Contains("retry.max_attempts"));
}

TEST_CASE("repro file names tell apart failures of one scenario and seed") {
  rs::run_request a;
  a.scenario = "retry-backoff";
  a.seed = 3;
  CHECK(rs::repro_file_name(a) == "retry-backoff-seed3.repro");
  rs::run_request b = a;
  b.policy = "random";
  rs::run_request c = a;
  c.overrides = {{"tests", "1"}};
  rs::run_request d = a;
  d.plan = "at 0s: chmod /tmp/notifications ro";
  rs::run_request e = d;
  e.plan = "at 1s: chmod /tmp/notifications ro";
  const std::vector<std::string> names = {rs::repro_file_name(a), rs::repro_file_name(b), rs::repro_file_name(c),
                                          rs::repro_file_name(d), rs::repro_file_name(e)};
  for (std::size_t i = 0; i < names.size(); ++i) {
    for (std::size_t j = i + 1; j < names.size(); ++j) CHECK(names[i] != names[j]);
  }
  CHECK(rs::repro_file_name(b) == "retry-backoff-seed3-random.repro");
  rs::run_request f = a;
  f.scenario = "scenarios/retry-backoff.yaml";
  CHECK(rs::repro_file_name(f) == "scenarios_retry-backoff_yaml-seed3.repro");
}
