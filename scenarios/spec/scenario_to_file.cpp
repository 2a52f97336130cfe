// scenario_yaml: a scenario value written as a scenario file that loads
// back (load_scenario_text + to_spec) into a run with the same trace —
// tests/scenarios/shipped_files.cpp holds every built-in to that. It is the
// inverse of scenario_from_file.cpp, so it writes only what the runner
// honours and says so for anything a file cannot express.
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <set>

#include "reconsim/model/notification/manifest.hpp"
#include "reconsim/scenarios/spec/scenario.hpp"
#include "reconsim/scenarios/spec/scenario_file.hpp"

namespace reconsim::scenarios {

namespace nt = model::notification;
using namespace std::chrono_literals;

namespace {

// Free text as a YAML scalar. yaml-cpp's emitter leaves some plain scalars
// unquoted that it then cannot read back (fuzz finding F9: "name:
// reproduces:\r", a trailing ':' and a CR kept inside the scalar): text that
// ends in ':' or holds a CR or a tab is double-quoted, with escapes.
struct text {
  const std::string& value;
};
YAML::Emitter& operator<<(YAML::Emitter& y, const text& t) {
  const bool risky = (!t.value.empty() && t.value.back() == ':') || t.value.find_first_of("\r\t") != std::string::npos;
  if (risky) y << YAML::DoubleQuoted;
  return y << t.value;
}

// A plan as a literal block reads back exactly only without trailing blanks:
// spaces at a line's end and empty last lines are dropped, and the text
// ends with one newline (a block's "clip" chomping keeps exactly one).
std::string literal_text(const std::string& text) {
  std::string out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    line.erase(line.find_last_not_of(" \t\r") + 1);
    out += line + "\n";
    start = end + 1;
  }
  while (out.size() > 1 && out.ends_with("\n\n")) out.pop_back();
  return out;
}


std::string d(sim::duration v) { return sim::format_duration(v); }
// The shortest text that reads back as the same double ("0.05").
std::string number(double v) { return fmt::format("{}", v); }

void inexpressible(const scenario_spec& s, const std::string& what) {
  throw scenario_error(fmt::format("scenario '{}' cannot be written as a file: {}", s.name, what));
}

// What the `calibration:` section prints: the declarations (or the
// defaults), then any parameter the scenario moved from reconsim's default
// without declaring it, with the default range.
std::vector<calibration> printed_calibrations(const scenario_spec& s) {
  std::vector<calibration> out = declared_or_default(s);
  const scenario_spec defaults;
  for (const auto& p : calibration_parameters()) {
    const bool listed = std::any_of(out.begin(), out.end(), [&p](const calibration& c) { return c.name == p.name; });
    if (!listed && calibration_value(s, p.name) != calibration_value(defaults, p.name)) {
      out.push_back(default_calibration(p));
    }
  }
  return out;
}

bool is_printed(const std::vector<calibration>& printed, std::string_view name) {
  return std::any_of(printed.begin(), printed.end(), [name](const calibration& c) { return c.name == name; });
}

void write_calibration(YAML::Emitter& y, const scenario_spec& s, const std::vector<calibration>& printed) {
  if (printed.empty()) return;
  y << YAML::Key << "calibration" << YAML::Value << YAML::BeginMap;
  for (const auto& c : printed) {
    y << YAML::Key << c.name << YAML::Value << YAML::Flow << YAML::BeginMap;
    y << YAML::Key << "value" << YAML::Value << calibration_value(s, c.name);
    y << YAML::Key << "low" << YAML::Value << c.low << YAML::Key << "high" << YAML::Value << c.high;
    if (!c.source.empty()) y << YAML::Key << "source" << YAML::Value << text{c.source};
    y << YAML::EndMap;
  }
  y << YAML::EndMap;
}

void write_environment(YAML::Emitter& y, const scenario_spec& s, const std::vector<calibration>& printed) {
  const faults::virtiofs_options& fs = s.fs;
  if (fs.capacity_bytes != 0) inexpressible(s, "a virtiofs capacity");
  y << YAML::Key << "environment" << YAML::Value << YAML::BeginMap;
  y << YAML::Key << "virtiofs" << YAML::Value << YAML::BeginMap;
  y << YAML::Key << "output_dir" << YAML::Value << text{s.output_dir};
  y << YAML::Key << "latency" << YAML::Value << YAML::BeginMap;
  y << YAML::Key << "shape" << YAML::Value
    << (fs.latency.shape == faults::latency_shape::uniform ? "uniform" : "lognormal");
  // Said once: in the calibration section when it is printed there.
  if (!is_printed(printed, "virtiofs.tail_probability")) {
    y << YAML::Key << "tail_probability" << YAML::Value << number(fs.latency.tail_probability);
  }
  if (!is_printed(printed, "virtiofs.tail_factor")) {
    y << YAML::Key << "tail_factor" << YAML::Value << number(fs.latency.tail_factor);
  }
  y << YAML::Key << "anchors" << YAML::Value << YAML::BeginSeq;
  for (const auto& a : fs.latency.anchors) {
    y << YAML::Flow << YAML::BeginMap << YAML::Key << "load" << YAML::Value << a.load << YAML::Key << "min"
      << YAML::Value << d(a.min) << YAML::Key << "max" << YAML::Value << d(a.max) << YAML::EndMap;
  }
  y << YAML::EndSeq << YAML::EndMap;
  y << YAML::Key << "fsync_flushes_host" << YAML::Value << fs.fsync_flushes_host;
  y << YAML::Key << "fsync_latency" << YAML::Value << d(fs.fsync_latency);
  y << YAML::EndMap;
  const datastorage_spec& ds = s.datastorage;
  if (ds.enabled) {
    y << YAML::Key << "datastorage" << YAML::Value << YAML::BeginMap;
    y << YAML::Key << "node_port" << YAML::Value << ds.node_port_tests_use;
    y << YAML::Key << "service_node_port" << YAML::Value << ds.node_port_deployed;
    if (!is_printed(printed, "datastorage.index_delay")) {
      y << YAML::Key << "indexing_delay" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key << "min"
        << YAML::Value << d(ds.index_delay_min) << YAML::Key << "max" << YAML::Value << d(ds.index_delay_max)
        << YAML::EndMap;
    }
    y << YAML::Key << "idempotent" << YAML::Value << ds.idempotent;
    y << YAML::EndMap;
  }
  y << YAML::EndMap;
  if (ds.enabled) {
    y << YAML::Key << "audit" << YAML::Value << YAML::BeginMap;
    y << YAML::Key << "buffer_size" << YAML::Value << ds.audit.buffer_size;
    y << YAML::Key << "batch_size" << YAML::Value << ds.audit.batch_size;
    y << YAML::Key << "flush_interval" << YAML::Value << d(ds.audit.flush_interval);
    y << YAML::Key << "max_retries" << YAML::Value << ds.audit.max_retries;
    y << YAML::Key << "dlq" << YAML::Value << ds.dlq;
    y << YAML::EndMap;
  }
}

// The runner's fixed BeforeSuite (run.cpp, make_before_suite), spelled out.
void write_before_suite(YAML::Emitter& y, const scenario_spec& s) {
  y << YAML::Key << "before_suite" << YAML::Value << YAML::BeginMap;
  y << YAML::Key << "timeout" << YAML::Value << "300s";
  y << YAML::Key << "deployments" << YAML::Value << YAML::BeginSeq;
  if (s.datastorage.enabled) {
    y << YAML::Flow << YAML::BeginMap << YAML::Key << "name" << YAML::Value << "datastorage" << YAML::Key
      << "image_pull" << YAML::Value << "ok" << YAML::Key << "ready_after" << YAML::Value << "15s" << YAML::EndMap;
  }
  y << YAML::Flow << YAML::BeginMap << YAML::Key << "name" << YAML::Value << "notification-controller" << YAML::Key
    << "image_pull" << YAML::Value << (s.controller_image_ok ? "ok" : "back_off") << YAML::Key << "ready_after"
    << YAML::Value << d(s.controller_ready_after) << YAML::EndMap;
  y << YAML::EndSeq;
  if (s.datastorage.readiness_delay > sim::duration(0)) {
    y << YAML::Key << "delay" << YAML::Value << d(s.datastorage.readiness_delay);
    y << YAML::Key << "health_check" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key << "timeout"
      << YAML::Value << "60s" << YAML::Key << "poll" << YAML::Value << "1s" << YAML::EndMap;
  }
  y << YAML::EndMap;
}

const char* kind_of(const scenario_spec& s, const test_spec& t) {
  switch (t.expect) {
    case expectation::file_on_host:
      if (t.count != 1) inexpressible(s, "a host-file test waiting for more than one file");
      return "file-in-host-dir";
    case expectation::phase: return "phase-eventually";
    case expectation::file_attempts_at_least: return "file-attempts-at-least";
    case expectation::audit_events_at_least: return "audit-events-eventually";
    case expectation::audit_events_equal: return "audit-events-equal";
  }
  return "?";
}

void write_test(YAML::Emitter& y, const scenario_spec& s, const test_spec& t, const std::string& notification) {
  y << YAML::BeginMap;
  y << YAML::Key << "name" << YAML::Value << text{t.name};
  y << YAML::Key << "kind" << YAML::Value << kind_of(s, t);
  y << YAML::Key << "notification" << YAML::Value << text{notification};
  y << YAML::Key << "timeout" << YAML::Value << d(t.timeout);
  y << YAML::Key << "poll" << YAML::Value << d(t.poll);
  if (t.initial_delay > sim::duration(0)) y << YAML::Key << "initial_delay" << YAML::Value << d(t.initial_delay);
  if (t.per_poll_delay > sim::duration(0)) y << YAML::Key << "per_poll_delay" << YAML::Value << d(t.per_poll_delay);
  if (t.poll_cost > sim::duration(0)) y << YAML::Key << "poll_cost" << YAML::Value << d(t.poll_cost);
  if (t.wait_for_sent_first) y << YAML::Key << "wait_for_sent_first" << YAML::Value << true;
  if (t.expect == expectation::phase) {
    y << YAML::Key << "phase" << YAML::Value << t.phase;
  } else {
    y << YAML::Key << "expected" << YAML::Value << t.count;
  }
  y << YAML::EndMap;
}

// A manifest as YAML nodes, so the file nests it rather than quoting it.
YAML::Node manifest_node(const nt::notification_request& nr) { return YAML::Load(nt::print_manifest(nr)); }

}  // namespace

std::string scenario_yaml(const scenario_spec& s) {
  const retry_override& r = s.retry;
  if (r.max_attempts || r.initial_backoff_seconds || r.backoff_multiplier || r.max_backoff_seconds) {
    inexpressible(s, "retry overrides (write them into the manifests' spec.retryPolicy)");
  }
  std::vector<nt::notification_request> manifests;
  std::set<std::string> names;
  for (const auto& t : s.tests) {
    manifests.push_back(nt::load_manifest(t.manifest, s.name + "/" + t.name));
    if (!names.insert(manifests.back().metadata.name).second) {
      inexpressible(s, "two tests create a NotificationRequest named " + manifests.back().metadata.name);
    }
  }
  YAML::Emitter y;
  y << YAML::BeginMap;
  y << YAML::Key << "name" << YAML::Value << text{s.name};
  y << YAML::Key << "description" << YAML::Value << text{s.description};
  y << YAML::Key << "reproduces" << YAML::Value << text{s.seeds};
  y << YAML::Key << "seed" << YAML::Value << s.seed;
  y << YAML::Key << "variant" << YAML::Value << s.variant;
  if (!s.queue.empty()) y << YAML::Key << "queue" << YAML::Value << s.queue;
  y << YAML::Key << "procs" << YAML::Value << s.procs;
  y << YAML::Key << "time_cap" << YAML::Value << d(s.time_cap);
  if (s.max_concurrent_reconciles != 1) {
    y << YAML::Key << "max_concurrent_reconciles" << YAML::Value << s.max_concurrent_reconciles;
  }
  if (s.storm.notifications > 0) {
    y << YAML::Key << "storm" << YAML::Value << YAML::Flow << YAML::BeginMap;
    y << YAML::Key << "notifications" << YAML::Value << s.storm.notifications;
    y << YAML::Key << "rate" << YAML::Value << s.storm.rate_per_s;
    y << YAML::Key << "timeout" << YAML::Value << d(s.storm.timeout);
    y << YAML::EndMap;
  }
  const std::vector<calibration> printed = printed_calibrations(s);
  write_environment(y, s, printed);
  y << YAML::Key << "harness" << YAML::Value << YAML::BeginMap;
  write_before_suite(y, s);
  y << YAML::Key << "tests" << YAML::Value << YAML::BeginSeq;
  for (std::size_t i = 0; i < s.tests.size(); ++i) write_test(y, s, s.tests[i], manifests[i].metadata.name);
  y << YAML::EndSeq;
  if (s.filler_tests > 0) y << YAML::Key << "filler_tests" << YAML::Value << s.filler_tests;
  y << YAML::EndMap;
  // A blank plan is no plan: as a literal block it would read back as ""
  // (fuzz finding F8: "plan: |" over a lone CR).
  const std::string plan = literal_text(s.plan);
  if (plan.find_first_not_of(" \t\r\n") != std::string::npos) {
    y << YAML::Key << "plan" << YAML::Value << YAML::Literal << plan;
  }
  if (!s.checks.empty()) y << YAML::Key << "checks" << YAML::Value << YAML::Flow << s.checks;
  write_calibration(y, s, printed);
  y << YAML::Key << "manifests" << YAML::Value << YAML::BeginSeq;
  for (const auto& m : manifests) y << manifest_node(m);
  y << YAML::EndSeq;
  y << YAML::EndMap;
  if (!y.good()) inexpressible(s, y.GetLastError());
  return fmt::format("# A reconsim scenario file (format: include/reconsim/scenarios/spec/scenario_file.hpp).\n{}\n", y.c_str());
}

}  // namespace reconsim::scenarios
