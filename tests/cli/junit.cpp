// `--junit FILE` on run, replay, explore, hunt, sweep and review: each
// writes a well-formed JUnit document naming what it judged.
#include <catch2/catch.hpp>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/command_line.hpp"
#include "commands.hpp"
#include "scenarios/timeline_wellformed.hpp"

namespace cli = reconsim::cli;
namespace fs = std::filesystem;

namespace {

using reconsim::test::register_fn;

fs::path dir() {
  const fs::path d = fs::temp_directory_path() / "reconsim-test-cli-junit";
  fs::create_directories(d);
  return d;
}

// Runs the command line with --junit; returns the file's text.
std::string junit_of(register_fn reg, const std::string& line, int& code) {
  const fs::path out = dir() / "out.xml";
  fs::remove(out);
  reconsim::test::run_command_line(reg, line + " --junit " + out.string(), code);
  std::ifstream in(out);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("every judging command writes JUnit with --junit") {
  const std::string repro = " --repro-dir " + dir().string();
  struct command {
    register_fn reg;
    std::string line;
    std::string expect;  // a testcase or suite it must name
  };
  const command commands[] = {
      {cli::register_run, "run retry-backoff --seed 3" + repro, "name=\"terminal-only-when-done\""},
      {cli::register_explore, "explore retry-backoff --seeds 1..3 --quiet --no-shrink" + repro, "retries-honour-backoff"},
      {cli::register_hunt, "hunt retry-backoff --faults fs --quiet" + repro, "EACCES on one file delivery"},
      {cli::register_sweep, "sweep retry-backoff --param eventually.timeout=3m --seeds 1..2 --quiet", "check: run-terminates"},
      {cli::register_sweep, "sweep retry-all-fail --calibrations --seeds 1..1 --quiet", "calibrations retry-all-fail"},
      {cli::register_review, "review retry-backoff --variants retrying-phase,backoff-check-every-phase --seeds 1..2 --quiet",
       "review retry-backoff variant backoff-check-every-phase"},
  };
  for (const auto& c : commands) {
    INFO(c.line);
    int code = -1;
    const std::string xml = junit_of(c.reg, c.line, code);
    CHECK(reconsim::test::xml_problem(xml).empty());
    CHECK_THAT(xml, Catch::StartsWith("<?xml") && Catch::Contains("<testsuites ") && Catch::Contains(c.expect) &&
                        Catch::Contains("reconsim.version"));
  }
}
