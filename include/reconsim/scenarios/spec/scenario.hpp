#pragma once
// A scenario: the Notification controller, its platform, its environment and
// the E2E harness that judges it, as one value. run_scenario turns it plus a
// seed into a run.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "reconsim/faults/virtiofs.hpp"
#include "reconsim/model/audit_store.hpp"
#include "reconsim/scenarios/spec/calibration.hpp"
#include "reconsim/scenarios/spec/error.hpp"
#include "reconsim/sim/time.hpp"

namespace reconsim::scenarios {

// The most parallel test processes a run request may ask for (--procs,
// a repro file, the `procs` override); scenario files may declare more.
inline constexpr int max_request_procs = 64;

// What a harness test asserts after creating its NotificationRequest.
enum class expectation {
  file_on_host,            // a notification-<name>-*.json file appears in the host view
  phase,                   // status.phase reaches `phase`
  file_attempts_at_least,  // status holds >= `count` attempts on the file channel
  audit_events_at_least,   // DataStorage's query returns >= `count` events of the NR
  audit_events_equal,      // ... exactly `count` (Gomega's Equal: seed 004's 9 vs 27)
};

struct test_spec {
  std::string name;
  std::string manifest;  // a NotificationRequest manifest (YAML)
  expectation expect = expectation::phase;
  std::string phase = "Sent";
  int count = 1;
  sim::duration timeout = std::chrono::seconds(30);
  sim::duration poll = std::chrono::seconds(1);
  sim::duration initial_delay{0};   // seed 001: one-time delay before the Eventually
  sim::duration per_poll_delay{0};  // seed 001: delay inside every poll
  sim::duration poll_cost{0};       // time one probe takes (kubectl exec ls)
  // Wait for phase Sent (30 s, 1 s polls) before the file check, as tests
  // 03/06/07 do.
  bool wait_for_sent_first = false;
};

struct datastorage_spec {
  bool enabled = false;
  int node_port_tests_use = 30090;   // what kind-notification-config.yaml maps
  int node_port_deployed = 30090;    // what the Service got (seed 004: 30081)
  sim::duration index_delay_min{0};  // seed 002: events queryable after 50-90 s
  sim::duration index_delay_max{0};
  bool idempotent = false;  // de-duplicate a retried batch by event id
  bool dlq = false;         // the audit client's dead-letter queue
  model::audit::store_config audit = model::audit::seed_config;
  // Seed 004's fix: BeforeSuite sleeps this long and then polls /health.
  sim::duration readiness_delay{0};
};

// Changes to every scenario test's spec.retryPolicy (`--set retry.*`), on
// top of the manifest's own policy or the CRD's defaults.
struct retry_override {
  std::optional<int> max_attempts;             // 1..10, as the CRD validates
  std::optional<int> initial_backoff_seconds;  // 1..300
  std::optional<int> backoff_multiplier;       // 1..10
  std::optional<int> max_backoff_seconds;      // 60..3600
};

// A controller under load (`storm`): instead of the scenario's tests, the
// suite creates `notifications` NotificationRequests at `rate_per_s`, each
// from the scenario's test manifests in turn (renamed storm-000001, ...),
// then waits up to `timeout` for every one to reach a terminal phase. The
// run reports the controller's view (checkers/load_metrics.hpp).
struct storm_spec {
  int notifications = 0;  // 0: no storm, the scenario's tests run
  double rate_per_s = 200;
  sim::duration timeout = std::chrono::hours(1);
};

struct scenario_spec {
  std::string name;
  std::string description;  // one line, for `reconsim list`
  std::string seeds;        // which seed notes it reproduces
  std::uint64_t seed = 1;   // the run's seed when a command names none (a scenario file's `seed`)
  std::string variant = "retrying-phase";
  // "classic", "priority", or "" for the variant's own (variant.hpp).
  std::string queue;
  int procs = 1;
  std::string plan;  // fault plan text
  sim::duration time_cap = std::chrono::hours(2);
  faults::virtiofs_options fs;
  std::string output_dir = "/tmp/notifications";
  bool controller_image_ok = true;
  sim::duration controller_ready_after = std::chrono::seconds(20);
  datastorage_spec datastorage;
  // Other tests of the suite that only create console notifications and
  // wait for Sent: they occupy processes (and so load the filesystem).
  int filler_tests = 0;
  std::vector<test_spec> tests;
  retry_override retry;
  std::vector<std::string> checks;
  // The platform's unmeasured timing (calibration.hpp); its values, like
  // fs.latency's tail and datastorage's index delay, are calibrations.
  platform_timing timing;
  // The calibrations the scenario declares, with their plausible ranges
  // (a file's `calibration:` section); empty: the defaults apply.
  std::vector<calibration> calibrations;
  // controller-runtime's MaxConcurrentReconciles (its default: 1).
  int max_concurrent_reconciles = 1;
  storm_spec storm;
};

// The built-in scenarios, by name.
const std::vector<scenario_spec>& builtin_scenarios();
const scenario_spec* find_scenario(std::string_view name);
// A built-in name, or a path to a scenario file (.yaml/.yml or an existing
// file), loaded. Throws scenario_error listing the names when unknown.
scenario_spec load_scenario(const std::string& name_or_path);
// The built-in that load_scenario(name_or_path) would copy, or nullptr when
// it names a file: a run reads a built-in in place instead of copying it.
const scenario_spec* builtin_for(const std::string& name_or_path);

}  // namespace reconsim::scenarios
