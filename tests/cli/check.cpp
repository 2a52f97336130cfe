// `reconsim check TRACE.jsonl` (issue 17 §2: checkers work from a streamed
// trace): a trace written by `run --trace` checks to the run's own verdicts
// and hashes to the run's own trace hash; a line that is not an event is
// bad input with its file, line and column.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

#include "cli/command_line.hpp"
#include "commands.hpp"

namespace cli = reconsim::cli;
namespace fs = std::filesystem;

TEST_CASE("check reads a run's trace file back to the run's hash and verdicts") {
  const fs::path dir = reconsim::test::fresh_dir("check-roundtrip");
  for (const std::string scenario : {"retry-backoff", "audit-duplication", "file-visibility-focused"}) {
    INFO(scenario);
    const std::string file = (dir / (scenario + ".jsonl")).string();
    int code = -1;
    const auto run = nlohmann::json::parse(reconsim::test::run_command_line(
        cli::register_run, "run " + scenario + " --seed 3 --json --stream --trace " + file + " --repro-dir " + dir.string(),
        code));
    // The checks the scenario runs, but run-terminates (it needs the run's outcome).
    nlohmann::json expected = nlohmann::json::array();
    std::string named;
    for (const auto& c : run.at("checks")) {
      if (c.at("name") == "run-terminates") continue;
      expected.push_back(c);
      named += " --check " + c.at("name").get<std::string>();
    }
    const auto check = nlohmann::json::parse(
        reconsim::test::run_command_line(cli::register_check, "check " + file + named + " --json", code));
    CHECK(check.at("trace_hash") == run.at("trace_hash"));
    CHECK(check.at("trace_events") == run.at("trace_events"));
    CHECK(check.at("checks") == expected);
    bool any_failed = false, any_unexercised = false;
    for (const auto& c : expected) {
      any_failed = any_failed || !c.at("passed").get<bool>();
      any_unexercised = any_unexercised || c.at("status") == "not-exercised";
    }
    CHECK(code == (any_failed ? cli::exit_failed : any_unexercised ? cli::exit_inconclusive : cli::exit_ok));
  }
}

TEST_CASE("check refuses a line that is not an event, naming the file, line and column") {
  const fs::path dir = reconsim::test::fresh_dir("check-bad");
  const std::string file = (dir / "bad.jsonl").string();
  std::ofstream(file) << R"({"t_ns":0,"actor":"a","kind":"k","fields":{}})" << "\n"
                      << R"({"t_ns":1,"actor":"a","kind":"k","fields":{"x":[1]}})" << "\n";
  int code = -1;
  CHECK_THROWS_WITH(reconsim::test::run_command_line(cli::register_check, "check " + file, code),
                    Catch::Contains("bad.jsonl:2:1: field \"x\" is array"));
  CHECK_THROWS_WITH(reconsim::test::run_command_line(cli::register_check, "check " + file + " --check run-terminates", code),
                    Catch::Contains("does not carry"));
}

TEST_CASE("check refuses a trace whose times go back, naming the line") {
  const fs::path dir = reconsim::test::fresh_dir("check-back");
  const std::string file = (dir / "back.jsonl").string();
  std::ofstream(file) << R"({"t_ns":5,"actor":"a","kind":"k","fields":{}})" << "\n"
                      << R"({"t_ns":5,"actor":"a","kind":"k","fields":{}})" << "\n"
                      << R"({"t_ns":4,"actor":"a","kind":"k","fields":{}})" << "\n";
  int code = -1;
  CHECK_THROWS_WITH(reconsim::test::run_command_line(cli::register_check, "check " + file, code),
                    Catch::Contains("back.jsonl:3:2: t_ns 4 is before the previous event's 5"));
}
