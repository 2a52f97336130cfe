// merge_explore / merge_hunt on results made by hand: counts add up, the
// earliest first failure stands for a group wherever it ran, and groups
// come out in the order of first failure over the whole run.
#include <catch2/catch.hpp>

#include "reconsim/scenarios/search/merge.hpp"
#include "reconsim/scenarios/spec/scenario.hpp"
#include "reconsim/scenarios/views/shard_file.hpp"

using namespace reconsim::scenarios;

namespace {

explore_group group(const std::string& sig, int count, std::uint64_t seed, const std::string& policy) {
  explore_group g;
  g.signature = sig;
  g.count = count;
  g.first_seed = seed;
  g.first_policy = policy;
  g.report.run_command = sig + " from seed " + std::to_string(seed) + " " + policy;
  return g;
}

explore_result shard(int runs, std::vector<explore_group> groups) {
  explore_result r;
  r.runs = runs;
  for (const auto& g : groups) r.failed += g.count;
  r.groups = std::move(groups);
  return r;
}

}  // namespace

TEST_CASE("merge_explore adds counts, keeps each group's earliest failure, and orders by seed then policy") {
  // Shard 1 ran seeds 1,3,5; shard 2 ran 2,4,6; policies fifo then random.
  const explore_result a = shard(6, {group("B", 2, 3, "random"), group("A", 1, 5, "fifo")});
  const explore_result b = shard(6, {group("A", 3, 2, "random"), group("C", 1, 3, "fifo")});
  const explore_result m = merge_explore({a, b}, {"fifo", "random"});
  CHECK(m.runs == 12);
  CHECK(m.failed == 7);
  REQUIRE(m.groups.size() == 3);
  CHECK(m.groups[0].signature == "A");
  CHECK(m.groups[0].count == 4);
  CHECK(m.groups[0].report.run_command == "A from seed 2 random");  // the earliest failure's repro
  CHECK(m.groups[1].signature == "C");  // seed 3 fifo comes before seed 3 random
  CHECK(m.groups[2].signature == "B");
}

TEST_CASE("merge_hunt refuses shards whose reference runs differ") {
  hunt_result a;
  a.reference_hash = "aa";
  hunt_result b = a;
  b.reference_hash = "bb";
  CHECK_THROWS_WITH(merge_hunt({a, b}), Catch::Contains("reference runs differ"));
  hunt_group g;
  g.signature = "x | restart";
  g.count = 1;
  g.first_run = 7;
  a.groups = {g};
  a.first_failure_run = 7;
  b = a;
  b.groups[0].first_run = 2;
  b.first_failure_run = 2;
  const hunt_result m = merge_hunt({a, b});
  CHECK(m.groups.size() == 1);
  CHECK(m.groups[0].count == 2);
  CHECK(m.groups[0].first_run == 2);
  CHECK(m.first_failure_run == 2);
}

TEST_CASE("a shard record reads back as written, and an interrupted shard is refused") {
  shard_record r;
  r.command = "explore";
  r.version = "reconsim test";
  r.shard = 2;
  r.shards = 2;
  r.request = {{"scenario", "retry-backoff"}};
  r.explore = shard(3, {group("A", 1, 4, "fifo")});
  const shard_record back = parse_shard_record(shard_record_text(r), "b.json");
  CHECK(back.explore->groups.at(0).report.run_command == "A from seed 4 fifo");
  CHECK(shard_record_text(back) == shard_record_text(r));
  shard_record first = back;
  first.shard = 1;
  first.path = "a.json";
  CHECK_NOTHROW(check_shard_set({first, back}));
  first.explore->partial = true;
  CHECK_THROWS_WITH(check_shard_set({first, back}), Catch::Contains("shard 1/2 (a.json) was interrupted"));
  CHECK_THROWS_WITH(parse_shard_record("{\"reconsim_shard\": 9}", "c.json"), Catch::Contains("c.json: shard file format 9"));
}

TEST_CASE("parse_shard: i/N, auto/N from the completion index, and clear refusals") {
  CHECK(parse_shard("2/4") == std::pair{2, 4});
  CHECK(parse_shard("auto/4", "0") == std::pair{1, 4});
  CHECK(parse_shard("auto/4", "3") == std::pair{4, 4});
  for (const char* bad : {"0/4", "5/4", "2/", "/4", "a/b", "2/4x", "-1/4", "auto"}) {
    CHECK_THROWS_AS(parse_shard(bad, "0"), scenario_error);
  }
  CHECK_THROWS_WITH(parse_shard("auto/4"), Catch::Contains("JOB_COMPLETION_INDEX is not set"));
  CHECK_THROWS_WITH(parse_shard("auto/4", "4"), Catch::Contains("from 0 to 3"));
  CHECK_THROWS_WITH(parse_shard("auto/4", " 1"), Catch::Contains("from 0 to 3"));
}
