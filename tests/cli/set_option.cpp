// `--set NAME=VALUE` on run, sweep, review and explore: parsed the same
// way, bad values rejected before any run, and a sweep's failing point
// printed as a command that re-runs it; and the seed a run takes.
#include <catch2/catch.hpp>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/command_line.hpp"
#include "commands.hpp"
#include "reconsim/scenarios/search/repro.hpp"
#include "reconsim/scenarios/testbed/run.hpp"
#include "reconsim/scenarios/spec/scenario.hpp"
#include "reconsim/scenarios/spec/scenario_file.hpp"
#include "reconsim/scenarios/views/sweep_format.hpp"
#include "set_option.hpp"

namespace rs = reconsim::scenarios;
namespace cli = reconsim::cli;

namespace {

using reconsim::test::register_fn;
using reconsim::test::run_command_line;

}  // namespace

TEST_CASE("set values parse in order, and bad ones are bad input on every command") {
  CHECK(cli::parse_sets({"tests=1", "retry.max_attempts=3"}) ==
        rs::override_list{{"tests", "1"}, {"retry.max_attempts", "3"}});
  int code = cli::exit_ok;
  for (const auto& [reg, line] : std::vector<std::pair<register_fn, std::string>>{
           {cli::register_run, "run retry-backoff --set retry.max_attempts=0"},
           {cli::register_sweep, "sweep retry-backoff --param procs=1 --seeds 1..1 --quiet --set nope=1"},
           {cli::register_review, "review retry-backoff --variants retrying-phase --seeds 1..1 --quiet --set tests=x"},
           {cli::register_explore, "explore retry-backoff --seeds 1 --quiet --set eventually.poll=0s"}}) {
    CAPTURE(line);
    CHECK_THROWS_AS(run_command_line(reg, line, code), rs::scenario_error);
  }
}

TEST_CASE("reconsim run --set changes the run and prints a command that repeats it") {
  int code = cli::exit_ok;
  const std::string out = run_command_line(
      cli::register_run,
      "run retry-backoff --seed 3 --variant partial-is-terminal --set tests=1 --set retry.max_attempts=2 --repro-dir " +
          std::filesystem::temp_directory_path().string(),
      code);
  CHECK(code == cli::exit_failed);
  CHECK_THAT(out, Catch::Contains("overrides (--set)") && Catch::Contains("tests=1, retry.max_attempts=2"));
  CHECK_THAT(out, Catch::Contains("or run:          reconsim run retry-backoff --seed 3 --variant partial-is-terminal "
                                  "--set tests=1 --set retry.max_attempts=2"));
}

TEST_CASE("a sweep's first failing run per point replays from its printed command to the same result") {
  rs::sweep_request q;
  q.scenario = "file-visibility-focused";
  q.params = {rs::parse_sweep_param("eventually.timeout=2s")};
  q.overrides = {{"procs", "4"}};
  q.seeds = 3;
  const rs::sweep_result r = rs::run_sweep(q);
  REQUIRE(r.points.size() == 1);
  REQUIRE(r.points[0].first_failure);
  const rs::run_request& failing = *r.points[0].first_failure;
  CHECK(failing.overrides == rs::override_list{{"procs", "4"}, {"eventually.timeout", "2s"}});
  CHECK_THAT(rs::format_sweep_text(r), Catch::Contains(rs::run_command(failing)));
  CHECK_FALSE(rs::run_scenario(failing).passed);
}

TEST_CASE("reconsim run FILE takes the file's seed unless --seed names one") {
  const std::string path = (std::filesystem::temp_directory_path() / "reconsim-seed-42.yaml").string();
  {
    rs::scenario_spec s = *rs::find_scenario("retry-all-fail");
    s.seed = 42;
    std::ofstream out(path);
    out << rs::scenario_yaml(s);
  }
  int code = cli::exit_ok;
  const std::string dir = std::filesystem::temp_directory_path().string();
  CHECK_THAT(run_command_line(cli::register_run, "run " + path + " --repro-dir " + dir, code), Catch::Contains("seed=42"));
  CHECK_THAT(run_command_line(cli::register_run, "run " + path + " --seed 7 --repro-dir " + dir, code),
             Catch::Contains("seed=7"));
  std::filesystem::remove(path);
}

TEST_CASE("sweep and review take --seeds as a range; a bare count is refused, not read as one seed") {
  CHECK(cli::parse_seed_count_range("1..20") == std::pair<std::uint64_t, int>{1, 20});
  CHECK(cli::parse_seed_count_range("7..7") == std::pair<std::uint64_t, int>{7, 1});
  CHECK_THROWS_WITH(cli::parse_seed_count_range("20"), Catch::Contains("expected a range A..B (e.g. 1..20)"));
  CHECK_THROWS_AS(cli::parse_seed_count_range("5..1"), rs::scenario_error);
  CHECK_THROWS_AS(cli::parse_seed_count_range("1..100001"), rs::scenario_error);
  int code = -1;
  CHECK_THROWS_AS(run_command_line(cli::register_sweep, "sweep retry-backoff --param procs=1 --seeds 20 --quiet", code),
                  rs::scenario_error);
}
