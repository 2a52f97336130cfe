// Shards and `reconsim merge`: a search split N ways and merged prints what
// the unsharded search prints (explore and hunt), and shards that do not
// belong together are refused with the files named.
#include <catch2/catch.hpp>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli/command_line.hpp"
#include "commands.hpp"
#include "reconsim/scenarios/spec/scenario.hpp"

namespace cli = reconsim::cli;
namespace fs = std::filesystem;
using nlohmann::json;
using reconsim::test::run_command_line;

namespace {

// What may differ between the unsharded report and the merged one: the
// wall time, and the directory the repro files went to.
json comparable(json j) {
  j.erase("seconds");
  for (auto& g : j["groups"]) g["repro_file"] = fs::path(g["repro_file"].get<std::string>()).filename().string();
  return j;
}

json run_json(reconsim::test::register_fn reg, const std::string& line, int expected_code) {
  int code = -1;
  const json j = json::parse(run_command_line(reg, line, code));
  CHECK(code == expected_code);
  return j;
}

void run_shards(reconsim::test::register_fn reg, const std::string& line, int n, const fs::path& dir) {
  for (int i = 1; i <= n; ++i) {
    int code = -1;
    run_command_line(reg, fmt::format("{} --shard {}/{} --out {} --quiet", line, i, n, (dir / std::to_string(i)).string()),
                     code);
    CHECK(fs::exists(dir / std::to_string(i) / "shard.json"));
  }
}

}  // namespace

TEST_CASE("explore in 3 shards, merged, reports what one explore reports (runs, groups, determinism sample)") {
  const fs::path dir = reconsim::test::fresh_dir("merge-explore");
  const std::string line = "explore file-visibility --seeds 1..45 --policies fifo,random --check-determinism 7";
  const json whole = run_json(cli::register_explore, line + " --json --quiet --repro-dir " + (dir / "whole").string(),
                              cli::exit_failed);
  run_shards(cli::register_explore, line, 3, dir / "shards");
  const json merged = run_json(cli::register_merge, "merge --json " + (dir / "shards").string(), cli::exit_failed);
  CHECK(whole["runs"] == 90);
  CHECK(whole["determinism_checked"] == 13);  // every 7th of 90 runs, counted over the whole range
  CHECK(comparable(merged) == comparable(whole));
}

TEST_CASE("hunt in 3 shards, merged, reports the same groups, counts and first runs as one hunt") {
  const fs::path dir = reconsim::test::fresh_dir("merge-hunt");
  const std::string line = "hunt slack-503 --variant retrying-phase";
  const json whole =
      run_json(cli::register_hunt, line + " --json --quiet --repro-dir " + (dir / "whole").string(), cli::exit_failed);
  run_shards(cli::register_hunt, line, 3, dir / "shards");
  const json merged = run_json(cli::register_merge, "merge --json " + (dir / "shards").string(), cli::exit_failed);
  REQUIRE(whole["groups"].size() >= 3);  // the fold over shards has groups to order
  CHECK(comparable(merged) == comparable(whole));
}

TEST_CASE("explore --shard auto/N takes the pod's JOB_COMPLETION_INDEX (0-based) and refuses a missing or wrong one") {
  const fs::path dir = reconsim::test::fresh_dir("merge-auto");
  const std::string line = "explore retry-backoff --seeds 1..6 --no-shrink --quiet --shard auto/3 --out ";
  int code = -1;
  ::setenv("JOB_COMPLETION_INDEX", "2", 1);
  run_command_line(cli::register_explore, line + (dir / "a").string(), code);
  const json record = json::parse(std::ifstream(dir / "a" / "shard.json"));
  CHECK(record["shard"] == 3);
  CHECK(record["shards"] == 3);
  CHECK(record["result"]["runs"] == 2);  // seeds 3 and 6
  ::setenv("JOB_COMPLETION_INDEX", "3", 1);
  CHECK_THROWS_WITH(run_command_line(cli::register_explore, line + (dir / "b").string(), code),
                    Catch::Contains("JOB_COMPLETION_INDEX='3' is not a whole number from 0 to 2"));
  ::unsetenv("JOB_COMPLETION_INDEX");
  CHECK_THROWS_WITH(run_command_line(cli::register_explore, line + (dir / "b").string(), code),
                    Catch::Contains("JOB_COMPLETION_INDEX is not set"));
}

TEST_CASE("merge refuses a missing shard, a shard twice and a shard of another request, naming them") {
  const fs::path dir = reconsim::test::fresh_dir("merge-refuse");
  run_shards(cli::register_explore, "explore retry-backoff --seeds 1..8 --no-shrink", 4, dir / "s");
  int code = -1;
  const auto merge = [&](const std::string& paths) { run_command_line(cli::register_merge, "merge " + paths, code); };
  const auto s = [&](const std::string& i) { return (dir / "s" / i).string(); };
  CHECK_THROWS_WITH(merge(s("1") + " " + s("2") + " " + s("4")),
                    Catch::Contains("3 of 4 shards present; missing: 3/4 (JOB_COMPLETION_INDEX 2)"));
  fs::copy(dir / "s" / "2", dir / "again");
  CHECK_THROWS_WITH(merge(s("") + " " + (dir / "again").string()),
                    Catch::Contains("shard 2/4 twice") && Catch::Contains("again/shard.json"));
  run_command_line(cli::register_explore,
                   "explore retry-backoff --seeds 1..9 --no-shrink --shard 3/4 --quiet --out " + (dir / "other").string(),
                   code);
  CHECK_THROWS_WITH(merge(s("1") + " " + s("2") + " " + (dir / "other").string() + " " + s("4")),
                    Catch::Contains("has seeds \"1..9\"") && Catch::Contains("not shards of one search"));
  CHECK_THROWS_AS(merge((dir / "nothing-here").string()), reconsim::scenarios::scenario_error);
}

TEST_CASE("sweep in 3 shards, merged, prints byte for byte the table and JSON of one sweep") {
  const fs::path dir = reconsim::test::fresh_dir("merge-sweep");
  const std::string line = "sweep file-visibility --param eventually.timeout=5s,10s --param procs=1,12 --seeds 1..6";
  int code = -1;
  const std::string whole_json = run_command_line(cli::register_sweep, line + " --json --quiet", code);
  const std::string whole_text = run_command_line(cli::register_sweep, line + " --quiet", code);
  run_shards(cli::register_sweep, line, 3, dir / "shards");
  CHECK(run_command_line(cli::register_merge, "merge --json " + (dir / "shards").string(), code) == whole_json);
  CHECK(code == cli::exit_ok);
  CHECK(run_command_line(cli::register_merge, "merge " + (dir / "shards").string(), code) == whole_text);
  CHECK(json::parse(whole_json)["points"].size() == 4);
  CHECK_THROWS_WITH(run_command_line(cli::register_sweep, "sweep retry-backoff --calibrations --shard 1/2", code),
                    Catch::Contains("--calibrations does not shard yet"));
}
