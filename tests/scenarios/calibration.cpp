// Calibrations: the `calibration:` section of a scenario file, the `--set`
// names behind it, and that each one really moves the run it names.
#include <catch2/catch.hpp>

#include <string>

#include "reconsim/scenarios/spec/calibration.hpp"
#include "reconsim/scenarios/spec/overrides.hpp"
#include "reconsim/scenarios/spec/scenario.hpp"
#include "reconsim/scenarios/spec/scenario_file.hpp"
#include "reconsim/scenarios/testbed/run.hpp"

namespace rs = reconsim::scenarios;
using namespace std::chrono_literals;

namespace {

std::string file_with(const std::string& environment, const std::string& calibration) {
  return "name: c\n" + environment +
         "harness:\n  tests:\n    - {name: t, kind: phase-eventually, notification: n1, timeout: 30s, poll: 1s, phase: Sent}\n" +
         calibration +
         "manifests:\n"
         "  - apiVersion: kubernaut.ai/v1alpha1\n"
         "    kind: NotificationRequest\n"
         "    metadata: {name: n1, namespace: ns}\n"
         "    spec: {type: Simple, subject: s, body: b}\n";
}

std::string error_of(const std::string& yaml) {
  try {
    rs::to_spec(rs::load_scenario_text(yaml, "bad.yaml"));
  } catch (const rs::scenario_error& e) {
    return e.what();
  }
  return "no error";
}

std::string hash_with(const rs::override_list& sets, const std::string& scenario = "retry-backoff") {
  rs::run_request q;
  q.scenario = scenario;
  q.seed = 3;
  q.variant = "retrying-phase";
  q.overrides = sets;
  return rs::run_scenario(q).trace_hash;
}

}  // namespace

TEST_CASE("a calibration section sets the values and keeps the declared ranges") {
  const rs::scenario_spec s = rs::to_spec(rs::load_scenario_text(file_with("", R"(calibration:
  api.latency: {value: 2ms..8ms, low: 1ms..2ms, high: 10ms..50ms, source: "guess"}
  virtiofs.tail_probability: {value: 0.1, low: 0, high: 0.3}
  datastorage.index_delay: {low: 0s, high: 2s}
)")));
  CHECK(s.timing.api_latency_min == 2ms);
  CHECK(s.timing.api_latency_max == 8ms);
  CHECK(s.fs.latency.tail_probability == 0.1);
  CHECK(s.datastorage.index_delay_max == 0s);  // no value: the scenario's own
  REQUIRE(s.calibrations.size() == 3);
  CHECK(s.calibrations[0].name == "api.latency");
  CHECK(s.calibrations[0].low == "1ms..2ms");
  CHECK(s.calibrations[0].source == "guess");
  CHECK(s.calibrations[2].high == "2s");
  CHECK(rs::calibration_value(s, "api.latency") == "2ms..8ms");
  CHECK(rs::calibration_value(s, "datastorage.index_delay") == "0s");
}

TEST_CASE("a scenario without a calibration section is judged against the defaults") {
  const rs::scenario_spec s = rs::to_spec(rs::load_scenario_text(file_with("", "")));
  CHECK(s.calibrations.empty());
  const auto defaults = rs::declared_or_default(s);
  REQUIRE_FALSE(defaults.empty());
  for (const auto& c : defaults) {
    CHECK(rs::is_calibration_name(c.name));
    CHECK(c.name != "datastorage.index_delay");  // no DataStorage here
    CHECK_FALSE(c.source.empty());
    rs::validate_override(c.name, c.low);
    rs::validate_override(c.name, c.high);
  }
}

TEST_CASE("calibration mistakes name the line, the column and what was expected") {
  CHECK_THAT(error_of(file_with("", "calibration:\n  api.latncy: {low: 1ms, high: 2ms}\n")),
             Catch::Contains("bad.yaml:6:3") && Catch::Contains("unknown calibration 'api.latncy'") &&
                 Catch::Contains("watch.delay"));
  CHECK_THAT(error_of(file_with("", "calibration:\n  api.latency: {low: 5ms..1ms, high: 2ms}\n")),
             Catch::Contains("bad.yaml:6:22") && Catch::Contains("MIN <= MAX"));
  CHECK_THAT(error_of(file_with("", "calibration:\n  virtiofs.tail_probability: {value: 2, low: 0, high: 1}\n")),
             Catch::Contains("not a number in 0..1"));
  CHECK_THAT(error_of(file_with("", "calibration:\n  api.latency: {value: 1ms}\n")),
             Catch::Contains("missing required field 'low'"));
  CHECK_THAT(error_of(file_with("", "calibration:\n  api.latency: {low: 1ms, high: 2ms, sauce: x}\n")),
             Catch::Contains("unknown field 'sauce'"));
}

TEST_CASE("a calibration said in the environment and in the section is refused, naming both places") {
  const std::string env = "environment:\n  virtiofs:\n    latency: {tail_probability: 0.2}\n";
  const std::string cal = "calibration:\n  virtiofs.tail_probability: {value: 0.3, low: 0, high: 1}\n";
  CHECK_THAT(error_of(file_with(env, cal)), Catch::Contains("said twice") && Catch::Contains("line 4") &&
                                                Catch::Contains("environment.virtiofs.latency.tail_probability"));
  // Only a range in the section, the value in the environment: fine.
  const std::string range_only = "calibration:\n  virtiofs.tail_probability: {low: 0, high: 1}\n";
  CHECK(rs::to_spec(rs::load_scenario_text(file_with(env, range_only))).fs.latency.tail_probability == 0.2);
}

TEST_CASE("calibration values are --set names with strict forms") {
  rs::validate_override("api.latency", "1ms..5ms");
  rs::validate_override("api.latency", "3ms");  // min = max
  rs::validate_override("watch.delay", "0s..200ms");
  rs::validate_override("virtiofs.tail_factor", "2.5");
  CHECK_THROWS_AS(rs::validate_override("api.latency", "5ms..1ms"), rs::scenario_error);
  CHECK_THROWS_AS(rs::validate_override("api.latency", "1ms.."), rs::scenario_error);
  CHECK_THROWS_AS(rs::validate_override("api.latency", "fast"), rs::scenario_error);
  CHECK_THROWS_AS(rs::validate_override("virtiofs.tail_probability", "1e-1"), rs::scenario_error);
  CHECK_THROWS_AS(rs::validate_override("virtiofs.tail_probability", "-0.1"), rs::scenario_error);
  CHECK_THROWS_AS(rs::validate_override("network.latency", "1ms..99999999h"), rs::scenario_error);
}

TEST_CASE("each calibration moves the run it names, and its declared value moves nothing") {
  const std::string plain = hash_with({});
  CHECK(hash_with({{"api.latency", "1ms..5ms"}, {"watch.delay", "5ms..20ms"}}) == plain);
  CHECK(hash_with({{"api.latency", "10ms..50ms"}}) != plain);
  CHECK(hash_with({{"watch.delay", "50ms..200ms"}}) != plain);
  CHECK(hash_with({{"virtiofs.tail_probability", "1"}}) != plain);
  CHECK(hash_with({{"network.latency", "5ms..20ms"}}, "audit-loss") != hash_with({}, "audit-loss"));
  CHECK(hash_with({{"datastorage.index_delay", "20s..30s"}}, "audit-loss-fixed") != hash_with({}, "audit-loss-fixed"));
}

TEST_CASE("every built-in declares its calibrations with values the runner took") {
  for (const auto& s : rs::builtin_scenarios()) {
    INFO(s.name);
    REQUIRE_FALSE(s.calibrations.empty());
    for (const auto& c : s.calibrations) {
      INFO(c.name);
      CHECK_FALSE(c.source.empty());
      CHECK_FALSE(rs::calibration_value(s, c.name).empty());
    }
  }
}

TEST_CASE("a scenario file with calibrations prints and loads back with the same declarations") {
  const rs::scenario_spec s = *rs::find_scenario("file-visibility");
  const rs::scenario_spec again = rs::to_spec(rs::load_scenario_text(rs::scenario_yaml(s), "again.yaml"));
  REQUIRE(again.calibrations.size() == s.calibrations.size());
  for (std::size_t i = 0; i < s.calibrations.size(); ++i) {
    CHECK(again.calibrations[i].name == s.calibrations[i].name);
    CHECK(again.calibrations[i].low == s.calibrations[i].low);
    CHECK(again.calibrations[i].high == s.calibrations[i].high);
    CHECK(again.calibrations[i].source == s.calibrations[i].source);
    CHECK(rs::calibration_value(again, s.calibrations[i].name) == rs::calibration_value(s, s.calibrations[i].name));
  }
  // A value moved by --set (undeclared here) prints too, with the default range.
  rs::scenario_spec moved = s;
  rs::apply_override(moved, "network.latency", "1ms..3ms");
  const rs::scenario_spec reread = rs::to_spec(rs::load_scenario_text(rs::scenario_yaml(moved), "moved.yaml"));
  CHECK(reread.timing.network_latency_max == 3ms);
}
