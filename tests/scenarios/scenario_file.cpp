// Scenario files: a good file loads into the plain struct; every mistake
// names file, line and column and what was expected.
#include <catch2/catch.hpp>

#include <string>

#include "reconsim/scenarios/spec/scenario.hpp"
#include "reconsim/scenarios/spec/scenario_file.hpp"
#include "reconsim/scenarios/spec/scenario_file_fields.hpp"

using namespace reconsim;
using namespace std::chrono_literals;
using scenarios::scenario_file_error;

namespace {

const std::string example = "tests/scenarios/data/retry_example.yaml";

// The error a text gives, as "line:column: message".
std::string error_of(const std::string& yaml) {
  try {
    scenarios::load_scenario_text(yaml, "bad.yaml");
  } catch (const scenario_file_error& e) {
    return e.what();
  }
  return "no error";
}

const std::string manifest = R"(manifests:
  - apiVersion: kubernaut.ai/v1alpha1
    kind: NotificationRequest
    metadata: {name: n1, namespace: ns}
    spec: {type: Simple, subject: s, body: b}
)";

}  // namespace

TEST_CASE("the example scenario file loads every section into the struct") {
  const auto s = scenarios::load_scenario_file(example);
  CHECK(s.name == "retry-backoff-example");
  CHECK(s.seed == 3);
  CHECK(s.variant == "partial-is-terminal");
  CHECK(s.queue == model::queue_kind::priority);
  CHECK(s.procs == 2);
  CHECK(s.time_cap == 10min);
  CHECK(s.environment.virtiofs.load == 3);
  REQUIRE(s.environment.virtiofs.latency.anchors.size() == 2);
  CHECK(s.environment.virtiofs.latency.anchors[1].min == 3s);
  CHECK(s.environment.datastorage.service_node_port == 30081);
  CHECK(s.environment.datastorage.ready_before_listen == 5s);
  CHECK(s.environment.datastorage.indexing_delay_max == 90s);
  CHECK(s.audit.client == model::audit::seed_config);
  CHECK_FALSE(s.audit.dlq);
  REQUIRE(s.harness.before_suite.deployments.size() == 2);
  CHECK_FALSE(s.harness.before_suite.deployments[1].image_pull_ok);
  CHECK(s.harness.before_suite.delay == 5s);
  REQUIRE(s.harness.before_suite.health_check);
  CHECK(s.harness.before_suite.health_check->timeout == 60s);
  REQUIRE(s.harness.tests.size() == 2);
  CHECK(s.harness.tests[0].kind == scenarios::test_kind::file_attempts_at_least);
  CHECK(s.harness.tests[0].expected == 2);
  CHECK(s.harness.tests[1].phase == model::notification::notification_phase::sent);
  CHECK(s.harness.tests[1].per_poll_delay == 1s);
  CHECK(s.plan.steps.size() == 2);
  CHECK(s.checks == std::vector<std::string>{"retries-honour-backoff", "terminal-only-when-done"});
  REQUIRE(s.manifests.size() == 1);
  CHECK(s.manifests[0].metadata.name == "e2e-retry");
  REQUIRE(s.manifests[0].spec->retry_policy);
  CHECK(s.manifests[0].spec->retry_policy->max_attempts == 5);
}

TEST_CASE("a scenario with only a name takes the documented defaults") {
  const auto s = scenarios::load_scenario_text("name: x\n");
  CHECK(s.seed == 1);
  CHECK(s.procs == 1);
  CHECK_FALSE(s.queue.has_value());  // the variant's own
  CHECK(s.variant.empty());
  CHECK(s.plan.empty());
  CHECK_FALSE(s.environment.virtiofs.load);
}

TEST_CASE("an unknown top-level field is an error at its key, listing the fields expected") {
  CHECK_THAT(error_of("name: x\nprocz: 3\n"),
             Catch::StartsWith("bad.yaml:2:1: procz: unknown field 'procz'; expected one of: name, description"));
}

TEST_CASE("a mistyped value names its path and what was expected") {
  CHECK(error_of("name: x\nprocs: many\n") ==
        "bad.yaml:2:8: procs: got 'many'; expected an integer in [1, 256]");
  CHECK(error_of("name: x\ntime_cap: soon\n") ==
        "bad.yaml:2:11: time_cap: got 'soon'; expected a duration (e.g. 500ms, 5s, 3m)");
  CHECK(error_of("name: x\naudit:\n  dlq: maybe\n") == "bad.yaml:3:8: audit.dlq: got 'maybe'; expected true or false");
  CHECK(error_of("name: x\nqueue: fifo\n") == "bad.yaml:2:8: queue: got 'fifo'; expected one of: classic, priority");
}

TEST_CASE("a nested unknown field names the full path") {
  CHECK(error_of("name: x\nenvironment:\n  virtiofs:\n    lod: 3\n") ==
        "bad.yaml:4:5: environment.virtiofs.lod: unknown field 'lod'; expected one of: output_dir, load, latency, "
        "fsync_flushes_host, fsync_latency");
}

TEST_CASE("an unknown variant and an unknown check list the known names") {
  CHECK_THAT(error_of("name: x\nvariant: nope\n"),
             Catch::StartsWith("bad.yaml:2:10: variant: unknown variant 'nope'; expected one of: "));
  CHECK_THAT(error_of("name: x\nchecks: [run-terminates, nope]\n"),
             Catch::StartsWith("bad.yaml:2:26: checks[1]: unknown check 'nope'; expected one of: retries-honour-backoff"));
}

TEST_CASE("a plan error in a block scalar is reported at its line and column in the scenario file") {
  // Plan line 2, column 4 ("12x") sits on file line 4, column 6.
  const std::string yaml = "name: x\nplan: |\n  at 0s: load 3\n  at 12x: load 4\n";
  CHECK_THAT(error_of(yaml), Catch::StartsWith("bad.yaml:4:6: plan: found '12x'; expected a duration"));
}

TEST_CASE("a plan error in a one-line quoted plan is reported at its column in the scenario file") {
  CHECK_THAT(error_of("name: x\nplan: \"at 12x: load 4\"\n"), Catch::StartsWith("bad.yaml:2:11: plan: found '12x'"));
}

TEST_CASE("a manifest error keeps its position in the scenario file and gains the manifest's index") {
  const std::string yaml = "name: x\n" + manifest + "  - apiVersion: kubernaut.ai/v1alpha1\n"
                           "    kind: NotificationRequest\n    metadata: {name: n2, namespace: ns}\n"
                           "    spec: {type: Simple, subject: s, body: b, priority: urgent}\n";
  const std::string e = error_of(yaml);
  CHECK_THAT(e, Catch::StartsWith("bad.yaml:10:57: manifests[1].spec.priority: unsupported value 'urgent'"));
}

TEST_CASE("a test naming no manifest is an error at its notification field") {
  const std::string yaml = "name: x\n" + manifest +
                           "harness:\n  tests:\n    - {name: t, kind: file-in-host-dir, notification: n9, timeout: 5s, "
                           "poll: 500ms}\n";
  CHECK(error_of(yaml) ==
        "bad.yaml:9:55: harness.tests[0].notification: no manifest named 'n9'; expected the metadata.name of one of "
        "the manifests");
}

TEST_CASE("a test must say its timeout and poll, and its kind from the fixed set") {
  const std::string head = "name: x\n" + manifest + "harness:\n  tests:\n    - ";
  CHECK_THAT(error_of(head + "{name: t, kind: file-in-host-dir, notification: n1, poll: 1s}\n"),
             Catch::StartsWith("bad.yaml:9:7: harness.tests[0].timeout: missing required field 'timeout'"));
  CHECK_THAT(error_of(head + "{name: t, kind: files, notification: n1, timeout: 5s, poll: 1s}\n"),
             Catch::StartsWith("bad.yaml:9:23: harness.tests[0].kind: unknown test kind 'files'; expected one of: "
                               "file-in-host-dir"));
  CHECK_THAT(error_of(head + "{name: t, kind: file-in-host-dir, notification: n1, timeout: 5s, poll: 1s, phase: Sent}\n"),
             Catch::Contains("harness.tests[0].phase: field 'phase' does not apply to kind file-in-host-dir"));
}

TEST_CASE("malformed YAML is reported at yaml-cpp's position") {
  CHECK_THAT(error_of("name: x\nprocs: [1, 2\n"), Catch::StartsWith("bad.yaml:"));
  CHECK_THAT(error_of("name: x\nprocs: [1, 2\n"), Catch::Contains("expected well-formed YAML"));
}

TEST_CASE("a missing file is an error naming the file") {
  CHECK_THROWS_WITH(scenarios::load_scenario_file("tests/scenarios/data/none.yaml"),
                    Catch::Contains("tests/scenarios/data/none.yaml") && Catch::Contains("cannot open"));
}

TEST_CASE("a field the runner cannot honour is reported at its line and column") {
  const std::string yaml = "name: x\nenvironment:\n  virtiofs:\n    load: 3\n";
  try {
    (void)scenarios::to_spec(scenarios::load_scenario_text(yaml, "bad.yaml"));
    FAIL("no error");
  } catch (const scenario_file_error& e) {
    CHECK(e.line() == 4);
    CHECK(e.column() == 11);
    CHECK_THAT(std::string(e.what()), Catch::StartsWith("bad.yaml:4:11: environment.virtiofs.load") &&
                                          Catch::Contains("not supported by the runner yet"));
  }
}

TEST_CASE("the harness fields for seed 001's file tests and the suite's other tests load and map") {
  const std::string yaml = manifest + R"(harness:
  filler_tests: 16
  tests:
    - {name: f, kind: file-in-host-dir, notification: n1, timeout: 5s, poll: 500ms,
       wait_for_sent_first: true, poll_cost: 300ms}
seed: 42
name: seed-001-files
)";
  const scenarios::scenario_file f = scenarios::load_scenario_text(yaml, "ok.yaml");
  CHECK(f.harness.filler_tests == 16);
  REQUIRE(f.harness.tests.size() == 1);
  CHECK(f.harness.tests[0].wait_for_sent_first);
  CHECK(f.harness.tests[0].poll_cost == 300ms);
  const scenarios::scenario_spec s = scenarios::to_spec(f);
  CHECK(s.filler_tests == 16);
  CHECK(s.tests[0].wait_for_sent_first);
  CHECK(s.tests[0].poll_cost == 300ms);
  CHECK(s.seed == 42);  // the default seed of `reconsim run FILE`
  CHECK_THAT(error_of("name: x\nharness: {filler_tests: 65}\n"),
             Catch::Contains("harness.filler_tests") && Catch::Contains("[0, 64]"));
}

TEST_CASE("storm and max_concurrent_reconciles load into the scenario; the reference table is what the reader accepts") {
  const auto f = scenarios::load_scenario_text(
      "name: x\nmax_concurrent_reconciles: 5\nstorm: {notifications: 300, rate: 50, timeout: 10m}\n", "s.yaml");
  const scenarios::scenario_spec s = scenarios::to_spec(f);
  CHECK(s.max_concurrent_reconciles == 5);
  CHECK(s.storm.notifications == 300);
  CHECK(s.storm.rate_per_s == 50);
  CHECK(s.storm.timeout == 10min);
  CHECK(error_of("name: x\nstorm: {notifications: 3, burst: 2}\n") ==
        "bad.yaml:2:33: storm.burst: unknown field 'burst'; expected one of: notifications, rate, timeout");
  // The generated reference says what each field is.
  for (const auto& field : scenarios::scenario_file_fields()) {
    INFO(field.section << "." << field.name);
    CHECK_FALSE(field.type.empty());
    CHECK_FALSE(field.meaning.empty());
  }
}
