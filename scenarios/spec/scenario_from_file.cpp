// to_spec: a loaded scenario file as the runner's scenario_spec. A field
// the runner cannot honour yet is an error that names it, so a file never
// runs as something other than what it says.
#include <fmt/format.h>

#include <limits>
#include <set>

#include "reconsim/model/notification/manifest.hpp"
#include "reconsim/scenarios/spec/overrides.hpp"
#include "reconsim/scenarios/spec/scenario.hpp"
#include "reconsim/scenarios/spec/scenario_file.hpp"

namespace reconsim::scenarios {

namespace nt = model::notification;
using namespace std::chrono_literals;

namespace {

// The runner's fixed numbers (scenarios/run.cpp, make_before_suite): a file
// may state them, but not change them.
constexpr auto datastorage_ready_after = 15s;
constexpr auto health_check_timeout = 60s;
constexpr auto health_check_poll = 1s;
constexpr auto before_suite_timeout = 300s;
const std::string controller_name = "notification-controller";
const std::string datastorage_name = "datastorage";
const std::string default_event_type = "notification.message.sent";

// The position of `path`, or of its nearest enclosing field that was read.
std::pair<int, int> position_of(const scenario_file& f, std::string path) {
  while (!path.empty()) {
    if (auto it = f.positions.find(path); it != f.positions.end()) return it->second;
    const std::size_t cut = path.find_last_of(".[");
    path = cut == std::string::npos ? std::string() : path.substr(0, cut);
  }
  return {0, 0};
}

[[noreturn]] void unsupported(const scenario_file& f, const std::string& path, const std::string& why) {
  const auto [line, column] = position_of(f, path);
  throw scenario_file_error(f.file, line, column, path, "not supported by the runner yet: " + why, "");
}

void map_environment(const scenario_file& f, scenario_spec& s) {
  const virtiofs_spec& v = f.environment.virtiofs;
  if (v.load) unsupported(f, "environment.virtiofs.load", "the load follows the running test procs");
  s.output_dir = v.output_dir;
  s.fs.latency = v.latency;
  s.fs.fsync_flushes_host = v.fsync_flushes_host;
  s.fs.fsync_latency = v.fsync_latency;

  const file_datastorage_spec& d = f.environment.datastorage;
  if (d.ready_before_listen != sim::duration(0)) {
    unsupported(f, "environment.datastorage.ready_before_listen",
                "write it as a plan line: 'at 0s: ready_before_listen datastorage 5s'");
  }
  s.datastorage.node_port_tests_use = d.node_port;
  s.datastorage.node_port_deployed = d.service_node_port;
  s.datastorage.index_delay_min = d.indexing_delay_min;
  s.datastorage.index_delay_max = d.indexing_delay_max;
  s.datastorage.idempotent = d.idempotent;
  s.datastorage.audit = f.audit.client;
  s.datastorage.dlq = f.audit.dlq;
}

// The runner knows two deployments: the controller (its image and ready
// time come from the file) and DataStorage (present or not, fixed timing).
void map_deployments(const scenario_file& f, scenario_spec& s) {
  const before_suite_file_spec& b = f.harness.before_suite;
  if (b.timeout != sim::duration(before_suite_timeout)) {
    unsupported(f, "harness.before_suite.timeout", "the runner waits 300s per deployment");
  }
  std::set<std::string> seen;
  for (std::size_t i = 0; i < b.deployments.size(); ++i) {
    const deployment_spec& d = b.deployments[i];
    const std::string path = fmt::format("harness.before_suite.deployments[{}]", i);
    if (!seen.insert(d.name).second) unsupported(f, path + ".name", "a deployment listed twice");
    if (d.name == controller_name) {
      s.controller_image_ok = d.image_pull_ok;
      s.controller_ready_after = d.ready_after;
    } else if (d.name == datastorage_name) {
      if (!d.image_pull_ok) unsupported(f, path + ".image_pull", "DataStorage's image always pulls");
      if (d.ready_after != sim::duration(datastorage_ready_after)) {
        unsupported(f, path + ".ready_after", "DataStorage is ready after 15s");
      }
      s.datastorage.enabled = true;
    } else {
      unsupported(f, path + ".name", fmt::format("'{}' (the runner deploys {} and {})", d.name, controller_name,
                                                 datastorage_name));
    }
  }
}

// Seed 004's fix: a delay, then /health polled 60 s every 1 s.
void map_readiness(const scenario_file& f, scenario_spec& s) {
  const before_suite_file_spec& b = f.harness.before_suite;
  if (b.delay == sim::duration(0) && !b.health_check) return;
  if (b.delay == sim::duration(0)) unsupported(f, "harness.before_suite.health_check", "a health check needs a delay");
  if (!b.health_check) unsupported(f, "harness.before_suite.delay", "a delay comes with a health_check");
  if (!s.datastorage.enabled) unsupported(f, "harness.before_suite.delay", "it waits for the datastorage deployment");
  if (b.health_check->timeout != sim::duration(health_check_timeout) ||
      b.health_check->poll != sim::duration(health_check_poll)) {
    unsupported(f, "harness.before_suite.health_check", "the runner polls /health for 60s every 1s");
  }
  s.datastorage.readiness_delay = b.delay;
}

int count_of(const scenario_file& f, const file_test_spec& t, const std::string& path) {
  if (t.expected < 0 || t.expected > std::numeric_limits<int>::max()) {
    unsupported(f, path + ".expected", fmt::format("{} is out of range", t.expected));
  }
  return static_cast<int>(t.expected);
}

test_spec map_test(const scenario_file& f, const file_test_spec& t, const std::string& path, bool datastorage) {
  test_spec out;
  out.name = t.name;
  out.timeout = t.timeout;
  out.poll = t.poll;
  out.initial_delay = t.initial_delay;
  out.per_poll_delay = t.per_poll_delay;
  out.poll_cost = t.poll_cost;
  out.wait_for_sent_first = t.wait_for_sent_first;
  out.count = count_of(f, t, path);
  switch (t.kind) {
    case test_kind::file_in_host_dir:
      if (t.expected != 1) unsupported(f, path + ".expected", "the host-file check waits for one file");
      out.expect = expectation::file_on_host;
      break;
    case test_kind::phase_eventually:
      out.expect = expectation::phase;
      out.phase = std::string(nt::to_string(t.phase));
      break;
    case test_kind::file_attempts_at_least:
      out.expect = expectation::file_attempts_at_least;
      break;
    case test_kind::audit_events_eventually:
    case test_kind::audit_events_equal:
      // The runner's query counts every event of the notification.
      if (t.event_type != default_event_type) unsupported(f, path + ".event_type", "events are counted of any type");
      if (!datastorage) unsupported(f, path + ".kind", "audit tests need the datastorage deployment");
      out.expect = t.kind == test_kind::audit_events_equal ? expectation::audit_events_equal
                                                          : expectation::audit_events_at_least;
      break;
  }
  for (const auto& m : f.manifests) {
    if (m.metadata.name == t.notification) out.manifest = nt::print_manifest(m);
  }
  // The loader already rejects a test naming no manifest.
  if (out.manifest.empty()) unsupported(f, path + ".notification", "no manifest named " + t.notification);
  return out;
}

// The field a calibration would otherwise be set in, if any.
const char* environment_field_of(std::string_view calibration) {
  if (calibration == "virtiofs.tail_probability") return "environment.virtiofs.latency.tail_probability";
  if (calibration == "virtiofs.tail_factor") return "environment.virtiofs.latency.tail_factor";
  if (calibration == "datastorage.index_delay") return "environment.datastorage.indexing_delay";
  return nullptr;
}

// Declared values apply as `--set` does, after the environment; a value
// said in both places is refused (which one would the reader believe?).
void map_calibration(const scenario_file& f, scenario_spec& s) {
  for (const calibration_entry& e : f.calibration) {
    const std::string path = "calibration." + e.declared.name;
    s.calibrations.push_back(e.declared);
    if (!e.value) continue;
    if (const char* field = environment_field_of(e.declared.name); field && f.positions.contains(field)) {
      const auto [line, column] = position_of(f, field);
      const auto [cl, cc] = position_of(f, path + ".value");
      throw scenario_file_error(f.file, cl, cc, path + ".value",
                                fmt::format("said twice: here and at line {}, column {} ({})", line, column, field),
                                "the value in one place (the calibration entry keeps its range with it)");
    }
    try {
      apply_override(s, e.declared.name, *e.value);
    } catch (const scenario_error& err) {
      const auto [line, column] = position_of(f, path + ".value");
      throw scenario_file_error(f.file, line, column, path + ".value", err.what(), "a value the scenario can run with");
    }
  }
}

}  // namespace

scenario_spec to_spec(const scenario_file& f) {
  scenario_spec s;
  s.name = f.name;
  s.description = f.description;
  s.seeds = f.reproduces.empty() ? "scenario file " + f.file : f.reproduces;
  s.seed = f.seed;
  if (!f.variant.empty()) s.variant = f.variant;
  if (f.queue) s.queue = *f.queue == model::queue_kind::priority ? "priority" : "classic";
  s.procs = f.procs;
  s.time_cap = f.time_cap;
  s.plan = f.plan_text;
  s.checks = f.checks;
  map_environment(f, s);
  map_deployments(f, s);
  map_readiness(f, s);
  map_calibration(f, s);
  s.filler_tests = f.harness.filler_tests;
  s.max_concurrent_reconciles = f.max_concurrent_reconciles;
  if (f.storm) {
    s.storm.notifications = f.storm->notifications;
    s.storm.rate_per_s = f.storm->rate;
    s.storm.timeout = f.storm->timeout;
  }
  std::set<std::string> used;
  for (std::size_t i = 0; i < f.harness.tests.size(); ++i) {
    const file_test_spec& t = f.harness.tests[i];
    s.tests.push_back(map_test(f, t, fmt::format("harness.tests[{}]", i), s.datastorage.enabled));
    used.insert(t.notification);
  }
  // The runner creates a notification only for a test that judges it.
  for (std::size_t i = 0; i < f.manifests.size(); ++i) {
    if (!used.contains(f.manifests[i].metadata.name)) {
      unsupported(f, fmt::format("manifests[{}]", i),
                  fmt::format("'{}' is named by no test", f.manifests[i].metadata.name));
    }
  }
  return s;
}

scenario_spec load_scenario_spec(const std::string& path) { return to_spec(load_scenario_file(path)); }

}  // namespace reconsim::scenarios
