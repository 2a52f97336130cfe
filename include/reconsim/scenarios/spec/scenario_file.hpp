#pragma once
// Scenario files: YAML that names a run (seed, variant, queue, procs, time
// cap), its environment, the audit client, the E2E harness's tests, a
// fault plan (faults/plan.hpp text), the checks, and one or more real
// NotificationRequest manifests. An example:
//
//   name: retry-backoff-example
//   description: seed 003, one retry test
//   reproduces: "003 (PartiallySent treated as terminal)"
//   seed: 3
//   variant: partial-is-terminal
//   queue: classic                       # classic | priority; default: the variant's
//   procs: 1
//   time_cap: 10m
//   max_concurrent_reconciles: 1        # the controller's workers (upstream default 1)
//   storm: {notifications: 10000, rate: 200, timeout: 1h}   # load instead of the tests
//   environment:
//     virtiofs: {output_dir: /tmp/notifications, load: 1, fsync_flushes_host: false,
//                latency: {shape: uniform, tail_probability: 0.05,
//                          anchors: [{load: 1, min: 100ms, max: 500ms}]}}
//     datastorage: {node_port: 30090, service_node_port: 30090, ready_before_listen: 0s,
//                   indexing_delay: {min: 50s, max: 90s}, idempotent: false}
//   audit: {buffer_size: 1000, batch_size: 10, flush_interval: 100ms, max_retries: 3, dlq: false}
//   harness:
//     before_suite:
//       timeout: 300s
//       deployments: [{name: notification-controller, image_pull: ok, ready_after: 20s}]
//       delay: 5s                                  # DD-E2E-001
//       health_check: {timeout: 60s, poll: 1s}
//     tests:
//       - {name: "05 retry", kind: file-attempts-at-least, notification: e2e-retry,
//          timeout: 180s, poll: 5s, expected: 2}
//       - {name: "03 file", kind: file-in-host-dir, notification: e2e-file,
//          timeout: 5s, poll: 500ms, wait_for_sent_first: true, poll_cost: 300ms}
//     filler_tests: 16                  # the suite's other, console-only tests
//   plan: |
//     at 0s: chmod /tmp/notifications ro
//   checks: [retries-honour-backoff, terminal-only-when-done]
//   calibration:                     # numbers nobody measured: value, plausible range, source
//     api.latency: {value: 1ms..5ms, low: 500us..1ms, high: 10ms..50ms, source: "guess"}
//     virtiofs.tail_probability: {value: 0.05, low: 0, high: 0.25, source: "seed 001's '+'"}
//   manifests:
//     - apiVersion: kubernaut.ai/v1alpha1
//       kind: NotificationRequest
//       ...
//
// A calibration's value is said once: in `calibration:` or in the field
// it sets (environment.virtiofs.latency.tail_probability, ...), not both.
// Every field is optional except name, harness.tests[].{name, kind,
// notification, timeout, poll} and the manifests' own required fields.
// Unknown or mistyped fields, a plan that does not parse, an unknown
// variant or check, and a test naming no manifest are errors that name
// the file, line and column (1-based) and what was expected.
#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <utility>
#include <vector>

#include "reconsim/faults/plan.hpp"
#include "reconsim/faults/virtiofs.hpp"
#include "reconsim/model/audit_store.hpp"
#include "reconsim/model/kube/controller.hpp"
#include "reconsim/model/notification/types.hpp"
#include "reconsim/model/positioned_error.hpp"
#include "reconsim/scenarios/spec/calibration.hpp"
#include "reconsim/scenarios/spec/error.hpp"
#include "reconsim/sim/time.hpp"

namespace reconsim::scenarios {

// A scenario_error (what the CLI reports) that also says where: named
// apart from the runner's types, which share this namespace.
class scenario_file_error : public model::positioned_error, public scenario_error {
 public:
  // what(): "file:line:column: path: problem; expected ..."
  scenario_file_error(std::string file, int line, int column, std::string path, std::string problem,
                      std::string expected)
      : positioned_error(std::move(file), line, column, std::move(path), std::move(problem), std::move(expected)),
        scenario_error(message()) {}
};

struct virtiofs_spec {
  std::string output_dir = "/tmp/notifications";  // the file channel's directory
  // Fixed load; unset: the load follows the number of running test procs.
  std::optional<int> load;
  faults::latency_options latency;  // defaults: the seeds' numbers
  bool fsync_flushes_host = false;
  sim::duration fsync_latency{std::chrono::milliseconds(1)};
};

struct file_datastorage_spec {
  int node_port = 30090;          // what the tests and kind's extraPortMappings use
  int service_node_port = 30090;  // what the deployment got (seed 004: 30081)
  sim::duration ready_before_listen{0};
  sim::duration indexing_delay_min{0};  // query visibility (seed 002: 50-90 s)
  sim::duration indexing_delay_max{0};
  bool idempotent = false;  // stores a batch's events once, however often it is sent
};

struct environment_spec {
  virtiofs_spec virtiofs;
  file_datastorage_spec datastorage;
};

struct audit_spec {
  model::audit::store_config client = model::audit::seed_config;
  bool dlq = false;
};

struct deployment_spec {
  std::string name;
  bool image_pull_ok = true;
  sim::duration ready_after{0};
};

struct health_check_spec {
  sim::duration timeout{std::chrono::seconds(60)};
  sim::duration poll{std::chrono::seconds(1)};
};

struct before_suite_file_spec {
  sim::duration timeout{std::chrono::seconds(300)};
  std::vector<deployment_spec> deployments;
  sim::duration delay{0};  // a fixed sleep after the deployments (DD-E2E-001: 5 s)
  std::optional<health_check_spec> health_check;
};

// The assertions the seeds' tests make.
enum class test_kind {
  file_in_host_dir,         // >= expected files for the notification on the host view
  phase_eventually,         // the notification reaches `phase`
  file_attempts_at_least,   // >= expected file-channel attempts in status
  audit_events_eventually,  // DataStorage answers >= expected events of `event_type`
  audit_events_equal,       // ... exactly `expected` (Gomega's Equal: seed 004's 9 vs 27)
};
std::string_view to_string(test_kind k) noexcept;
std::optional<test_kind> parse_test_kind(std::string_view s) noexcept;

struct file_test_spec {
  std::string name;
  test_kind kind = test_kind::file_in_host_dir;
  std::string notification;  // a manifest's metadata.name
  sim::duration timeout{};
  sim::duration poll{};
  sim::duration initial_delay{0};
  sim::duration per_poll_delay{0};
  sim::duration poll_cost{0};        // what one probe takes (kubectl exec ... ls)
  bool wait_for_sent_first = false;  // Eventually phase Sent (30 s, 1 s polls) first
  std::int64_t expected = 1;
  model::notification::notification_phase phase = model::notification::notification_phase::sent;
  std::string event_type = "notification.message.sent";
};

struct harness_spec {
  before_suite_file_spec before_suite;
  std::vector<file_test_spec> tests;
  // The suite's other tests: each creates a console notification and waits
  // for Sent, occupying a process (and so loading the filesystem).
  int filler_tests = 0;
};

// One entry of the `calibration:` section (calibration.hpp).
struct calibration_entry {
  calibration declared;              // name, plausible range, source
  std::optional<std::string> value;  // as `--set` takes it; absent: the scenario's own
};

// `storm: {notifications: 10000, rate: 200, timeout: 1h}`: a controller
// under load (scenario.hpp, storm_spec).
struct storm_file_spec {
  int notifications = 0;
  double rate = 200;  // per second
  sim::duration timeout{std::chrono::hours(1)};
};

struct scenario_file {
  std::string file;  // where it came from
  std::string name;
  std::string description;
  std::string reproduces;  // which seed notes, for `reconsim list`
  std::uint64_t seed = 1;
  std::string variant;  // a name parse_variant knows; "" when not given
  // Absent: the variant's own queue (variant.hpp: today's controller runs
  // on the priority queue, the earlier designs on the classic one).
  std::optional<model::queue_kind> queue;
  int procs = 1;
  sim::duration time_cap{std::chrono::hours(1)};
  environment_spec environment;
  audit_spec audit;
  harness_spec harness;
  std::string plan_text;
  faults::plan plan;
  std::vector<std::string> checks;  // names in check_catalogue.hpp
  std::vector<calibration_entry> calibration;  // in file order
  std::vector<model::notification::notification_request> manifests;
  int max_concurrent_reconciles = 1;  // the controller's workers
  std::optional<storm_file_spec> storm;
  // Where each field read was: path ("harness.tests[0].timeout") -> 1-based
  // (line, column).
  std::map<std::string, std::pair<int, int>> positions;
};

// Throw scenario_file_error. `file` only names the source in messages.
scenario_file load_scenario_text(std::string_view yaml_text, std::string_view file = "<scenario>");
scenario_file load_scenario_file(const std::string& path);
// The file's text (scenario_file_error when it cannot be read).
std::string read_scenario_file_text(const std::string& path);

// The file as the runner's scenario value (scenario.hpp). Throws
// scenario_file_error naming a field the runner cannot honour yet, at the
// field's line and column. The file's seed becomes the scenario's default
// seed (used by `reconsim run` when --seed is not given).
struct scenario_spec;
scenario_spec to_spec(const scenario_file& file);
scenario_spec load_scenario_spec(const std::string& path);  // load_scenario_file + to_spec

// The inverse: a scenario value as scenario-file text that loads back into
// a run with the same trace (`reconsim show NAME`). Throws scenario_error
// for what a file cannot express (retry overrides, a virtiofs capacity).
std::string scenario_yaml(const scenario_spec& s);

}  // namespace reconsim::scenarios
