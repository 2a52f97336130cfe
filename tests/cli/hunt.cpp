// `reconsim hunt` on the command line: its JSON carries what the issue
// names, its exit code says whether anything failed, and `--seed` and
// `--faults` reach the search.
#include <catch2/catch.hpp>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/command_line.hpp"
#include "commands.hpp"

namespace cli = reconsim::cli;

namespace {

std::string repro_dir() {
  const auto dir = std::filesystem::temp_directory_path() / "reconsim-test-cli-hunt";
  std::filesystem::create_directories(dir);
  return dir.string();
}

std::string hunt(const std::string& args, int& code) {
  return reconsim::test::run_command_line(cli::register_hunt, "hunt " + args + " --quiet --repro-dir " + repro_dir(),
                                          code);
}

}  // namespace

TEST_CASE("hunt --json reports the reference, the points, the runs and one repro per group; exit 1 on a failure") {
  int code = -1;
  const auto j = nlohmann::json::parse(hunt("retry-backoff --variant partial-is-terminal --json", code));
  CHECK(code == cli::exit_failed);
  for (const char* key : {"reference_hash", "points", "runs", "failed", "seconds", "groups"}) CHECK(j.contains(key));
  CHECK(j["first_failure_run"] == 1);
  REQUIRE_FALSE(j["groups"].empty());
  for (const auto& g : j["groups"]) {
    CHECK(g["count"].get<int>() >= 1);
    CHECK(g["repro"].get<std::string>().rfind("reconsim run retry-backoff", 0) == 0);
  }
}

TEST_CASE("hunt exits 0 when every perturbation of the kinds asked for holds, and --seed moves the reference") {
  int code = -1;
  const auto a = nlohmann::json::parse(
      hunt("retry-backoff --variant backoff-check-every-phase --faults conflict,stale,drop --json", code));
  CHECK(code == cli::exit_ok);
  CHECK(a["failed"] == 0);
  CHECK(a["tried"].size() == 3);
  const auto b = nlohmann::json::parse(
      hunt("retry-backoff --variant backoff-check-every-phase --faults conflict,stale,drop --seed 7 --json", code));
  CHECK(a["reference_hash"] != b["reference_hash"]);
}
