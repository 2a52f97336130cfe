// The built-in scenarios are the files in scenarios/, compiled in: the
// files on disk run exactly as the compiled-in ones (tests run from the
// source tree, see tests/CMakeLists.txt), and every built-in written back
// as a file (`reconsim show`) loads into the same run.
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "reconsim/scenarios/testbed/run.hpp"
#include "reconsim/scenarios/spec/scenario.hpp"
#include "reconsim/scenarios/spec/scenario_file.hpp"

using namespace reconsim;

namespace {

// Runs both for a seed; their traces, verdicts and counters must agree.
void check_twins(const scenarios::scenario_spec& a, const scenarios::scenario_spec& b, std::uint64_t seed) {
  scenarios::run_request q;
  q.seed = seed;
  const auto ra = scenarios::run_scenario(a, q);
  const auto rb = scenarios::run_scenario(b, q);
  CHECK(ra.trace_hash == rb.trace_hash);
  CHECK(ra.passed == rb.passed);
  CHECK(ra.counters == rb.counters);
}

}  // namespace

TEST_CASE("every built-in scenario written as a file loads back into the same run") {
  for (const auto& builtin : scenarios::builtin_scenarios()) {
    CAPTURE(builtin.name);
    const std::string text = scenarios::scenario_yaml(builtin);
    const scenarios::scenario_spec back = scenarios::to_spec(scenarios::load_scenario_text(text, builtin.name + ".yaml"));
    CHECK(back.name == builtin.name);
    check_twins(builtin, back, 1);
    check_twins(builtin, back, 2);
  }
}

TEST_CASE("every built-in scenario ships as scenarios/NAME.yaml and runs as its twin") {
  for (const auto& builtin : scenarios::builtin_scenarios()) {
    const std::string path = "scenarios/" + builtin.name + ".yaml";
    CAPTURE(path);
    REQUIRE(std::filesystem::exists(path));
    check_twins(builtin, scenarios::load_scenario(path), 3);
  }
}

TEST_CASE("every scenario file in scenarios/ is compiled in as a built-in") {
  // A new file must be added to RECONSIM_BUILTIN_SCENARIOS in CMakeLists.txt.
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator("scenarios")) {
    if (entry.path().extension() != ".yaml") continue;
    ++files;
    CAPTURE(entry.path().string());
    CHECK(scenarios::find_scenario(entry.path().stem().string()) != nullptr);
  }
  CHECK(files == static_cast<int>(scenarios::builtin_scenarios().size()));
}

TEST_CASE("a scenario with retry overrides cannot be written as a file, and says why") {
  scenarios::scenario_spec s = *scenarios::find_scenario("retry-backoff");
  s.retry.max_attempts = 2;
  CHECK_THROWS_WITH(scenarios::scenario_yaml(s), Catch::Contains("retry overrides"));
}

TEST_CASE("scenarios/retry-backoff.yaml gives the built-in retry-backoff's trace, byte for byte") {
  scenarios::run_request from_file;
  from_file.scenario = "scenarios/retry-backoff.yaml";
  from_file.seed = 3;
  scenarios::run_request built_in = from_file;
  built_in.scenario = "retry-backoff";
  const auto a = scenarios::run_scenario(from_file);
  const auto b = scenarios::run_scenario(built_in);
  CHECK(a.trace_hash == b.trace_hash);
  CHECK_FALSE(a.passed);
  CHECK(a.counters == b.counters);
}

TEST_CASE("a scenario file with a misspelt field is rejected with its file, line and column") {
  const std::string path = "build-shipped-files-test.yaml";
  {
    std::ofstream out(path);
    out << "name: broken\nvarient: partial-is-terminal\n";
  }
  scenarios::run_request r;
  r.scenario = path;
  CHECK_THROWS_WITH(scenarios::run_scenario(r), Catch::Contains(path + ":2:1") && Catch::Contains("varient"));
  std::remove(path.c_str());
}
