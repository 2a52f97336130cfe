// The seed scenarios shipped as YAML files run exactly as their built-in
// twins (tests run from the source tree, see tests/CMakeLists.txt).
#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>

#include "reconsim/scenarios/run.hpp"

using namespace reconsim;

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
