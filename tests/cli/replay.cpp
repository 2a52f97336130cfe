// `reconsim replay` survives moving: a repro of a scenario *file* carries
// the file's text, so it replays from any directory, with the file gone or
// changed (and says so); a trace hash that no longer matches is its own
// exit code (4), apart from "the run failed" (1).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/command_line.hpp"
#include "commands.hpp"
#include "reconsim/scenarios/search/repro.hpp"

namespace cli = reconsim::cli;
namespace fs = std::filesystem;
namespace rs = reconsim::scenarios;

namespace {

std::string text_of(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs scenarios/retry-backoff.yaml copied into `dir`; returns the repro's path.
fs::path failing_run_of_a_file(const fs::path& dir) {
  fs::copy_file("scenarios/retry-backoff.yaml", dir / "mine.yaml");
  int code = -1;
  reconsim::test::run_command_line(cli::register_run,
                                   "run " + (dir / "mine.yaml").string() + " --seed 3 --repro-dir " + dir.string(), code);
  REQUIRE(code == cli::exit_failed);
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".repro") return e.path();
  }
  FAIL("no repro file written");
  return {};
}

int replay(const fs::path& repro) {
  int code = -1;
  reconsim::test::run_command_line(cli::register_replay, "replay " + repro.string() + " --json", code);
  return code;
}

}  // namespace

TEST_CASE("a repro of a scenario file stores the file's text and absolute path") {
  const fs::path dir = reconsim::test::fresh_dir("replay-store");
  const rs::repro r = rs::read_repro_file(failing_run_of_a_file(dir).string());
  REQUIRE(r.scenario_text);
  CHECK(*r.scenario_text == text_of(dir / "mine.yaml"));
  CHECK(fs::path(r.scenario_path).is_absolute());
  CHECK(rs::replay_source_of(r).note.empty());  // the file is as it was: replay runs it
}

TEST_CASE("replay runs the stored copy when the file is gone or changed, to the same trace hash") {
  const fs::path dir = reconsim::test::fresh_dir("replay-moved");
  const fs::path repro = failing_run_of_a_file(dir);
  CHECK(replay(repro) == cli::exit_failed);  // the same failure, hash matched
  std::ofstream(dir / "mine.yaml", std::ios::app) << "# edited after the repro was written\n";
  const rs::repro edited = rs::read_repro_file(repro.string());
  CHECK_THAT(rs::replay_source_of(edited).note, Catch::Contains("changed since"));
  CHECK(replay(repro) == cli::exit_failed);
  fs::remove(dir / "mine.yaml");
  CHECK_THAT(rs::replay_source_of(edited).note, Catch::Contains("is not here"));
  CHECK(replay(repro) == cli::exit_failed);
}

TEST_CASE("a replay whose trace hash does not match exits 4, not 1") {
  const fs::path dir = reconsim::test::fresh_dir("replay-mismatch");
  const fs::path repro = failing_run_of_a_file(dir);
  rs::repro r = rs::read_repro_file(repro.string());
  r.trace_hash = "0000000000000000";
  std::ofstream(repro, std::ios::trunc) << rs::repro_to_text(r);
  CHECK(replay(repro) == cli::exit_replay_mismatch);
}

TEST_CASE("a repro file from before hash version 2 replays without a hash check, and says why") {
  const fs::path dir = reconsim::test::fresh_dir("replay-hash-v1");
  const fs::path repro = failing_run_of_a_file(dir);
  rs::repro r = rs::read_repro_file(repro.string());
  CHECK(r.trace_hash_version == reconsim::sim::trace_hash_version);
  r.trace_hash = "dadbcc6a022ec639";  // some FNV-1a hash of version 1
  nlohmann::json j = nlohmann::json::parse(rs::repro_to_text(r));
  REQUIRE(j.erase("trace_hash_version") == 1);  // files written before it had no such field
  std::ofstream(repro, std::ios::trunc) << j.dump(2);
  CHECK(rs::read_repro_file(repro.string()).trace_hash_version == 1);
  CHECK(replay(repro) == cli::exit_failed);  // the failure, not a mismatch
}

TEST_CASE("run --stream keeps no events, writes --trace as it goes, and reports the kept run's hash") {
  const fs::path dir = reconsim::test::fresh_dir("replay-stream");
  int code = -1;
  const std::string kept = reconsim::test::run_command_line(
      cli::register_run, "run retry-backoff --seed 3 --json --repro-dir " + dir.string(), code);
  const std::string file = (dir / "trace.jsonl").string();
  const std::string streamed = reconsim::test::run_command_line(
      cli::register_run, "run retry-backoff --seed 3 --json --stream --trace " + file + " --repro-dir " + dir.string(),
      code);
  CHECK(code == cli::exit_failed);  // seed 003's failure, found as it went
  const auto k = nlohmann::json::parse(kept);
  const auto s = nlohmann::json::parse(streamed);
  CHECK(s.at("trace_hash") == k.at("trace_hash"));
  CHECK(s.at("checks") == k.at("checks"));
  const std::string lines = text_of(file);
  CHECK(static_cast<std::size_t>(std::count(lines.begin(), lines.end(), '\n')) == k.at("trace_events").get<std::size_t>());
  // What needs the kept events is refused, not silently empty.
  CHECK_THROWS(reconsim::test::run_command_line(cli::register_run, "run retry-backoff --stream --timeline x.html", code));
}
