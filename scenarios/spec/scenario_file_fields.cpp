#include "reconsim/scenarios/spec/scenario_file_fields.hpp"

namespace reconsim::scenarios {

namespace {

// One table, in the order the reference prints it.
constexpr scenario_file_field fields[] = {
    {"", "name", "string", "required", "the scenario's name (`reconsim list`, repro files)"},
    {"", "description", "string", "\"\"", "one line for `reconsim list`"},
    {"", "reproduces", "string", "\"scenario file PATH\"", "which seed notes or issue it reproduces"},
    {"", "seed", "whole number", "1", "the run's seed when a command names none"},
    {"", "variant", "a variant name (variants.md)", "retrying-phase", "the reconciler design"},
    {"", "queue", "classic | priority", "the variant's own", "controller-runtime's workqueue"},
    {"", "procs", "1..256", "1", "Ginkgo --procs: parallel test processes (they load the file system)"},
    {"", "time_cap", "duration", "1h", "virtual time after which the run stops as a finding"},
    {"", "max_concurrent_reconciles", "1..64", "1", "the controller's workers (MaxConcurrentReconciles)"},
    {"", "storm", "mapping", "none", "a controller under load instead of the tests (below)"},
    {"", "environment", "mapping", "the seeds' numbers", "virtiofs and DataStorage (below)"},
    {"", "audit", "mapping", "the seeds' audit client", "the controller's buffered audit client (below)"},
    {"", "harness", "mapping", "no tests", "the E2E suite: BeforeSuite and the tests (below)"},
    {"", "plan", "fault-plan text (plan.md)", "no faults", "what goes wrong, and when"},
    {"", "checks", "list of checker names (checkers.md)", "every checker", "what judges the run besides its tests"},
    {"", "calibration", "mapping NAME: {...}", "the defaults (settings.md)", "numbers nobody measured, with ranges (below)"},
    {"", "manifests", "list of NotificationRequest manifests", "none", "real Kubernetes YAML; each must be named by a test"},
    {"storm", "notifications", "0..1000000", "0", "NotificationRequests created, from the tests' manifests in turn"},
    {"storm", "rate", "0.01..100000", "200", "creations per second"},
    {"storm", "timeout", "duration", "1h", "how long to wait for every one to reach a terminal phase"},
    {"environment", "virtiofs", "mapping", "", "the file channel's host-shared directory"},
    {"environment", "datastorage", "mapping", "", "the audit service, when the scenario has one"},
    {"environment.virtiofs", "output_dir", "path", "/tmp/notifications", "the file channel's directory"},
    {"environment.virtiofs", "load", "0..10000", "follows running procs", "a fixed load on the file system"},
    {"environment.virtiofs", "latency", "mapping", "the seeds' 0.5-4 s", "guest-to-host sync latency by load"},
    {"environment.virtiofs", "fsync_flushes_host", "bool", "false", "whether fsync makes a write visible on the host"},
    {"environment.virtiofs", "fsync_latency", "duration", "1ms", "what one fsync takes"},
    {"environment.virtiofs.latency", "shape", "uniform | lognormal", "uniform", "the distribution between min and max"},
    {"environment.virtiofs.latency", "anchors", "list of {load, min, max}", "the seeds' anchors", "latency range at a load, interpolated between"},
    {"environment.virtiofs.latency", "tail_probability", "0..1", "0.05", "calibration: the chance of a slow sync"},
    {"environment.virtiofs.latency", "tail_factor", "0..100", "1", "calibration: a slow sync's extra, x the range's max"},
    {"environment.virtiofs.latency.anchors[]", "load", "0..10000, increasing", "required", "the load this range applies at"},
    {"environment.virtiofs.latency.anchors[]", "min", "duration", "required", "the fastest sync at that load"},
    {"environment.virtiofs.latency.anchors[]", "max", "duration >= min", "required", "the slowest (before the tail)"},
    {"environment.datastorage", "node_port", "1..65535", "30090", "the port the tests call (kind's extraPortMappings)"},
    {"environment.datastorage", "service_node_port", "1..65535", "30090", "the port the Service got (seed 004: 30081)"},
    {"environment.datastorage", "ready_before_listen", "duration", "0s", "accepting before serving (EOF, then RST)"},
    {"environment.datastorage", "indexing_delay", "{min, max}", "0s", "calibration: how long until a stored event is queryable"},
    {"environment.datastorage", "idempotent", "bool", "false", "stores a retried batch's events once"},
    {"environment.datastorage.indexing_delay", "min", "duration", "required", "the shortest delay"},
    {"environment.datastorage.indexing_delay", "max", "duration >= min", "required", "the longest delay"},
    {"audit", "buffer_size", "1..10000000", "1000", "events the client buffers before it drops"},
    {"audit", "batch_size", "1..10000000", "10", "events per write to DataStorage"},
    {"audit", "flush_interval", "duration", "100ms", "how often a partial batch is written"},
    {"audit", "max_retries", "whole number", "3", "retries of a failed batch write"},
    {"audit", "dlq", "bool", "false", "a dead-letter queue for batches that still fail"},
    {"harness", "before_suite", "mapping", "", "deployments and readiness wait (below)"},
    {"harness", "tests", "list", "none", "the scenario's tests, each creating one NotificationRequest (below)"},
    {"harness", "filler_tests", "0..64", "0", "other suite tests: a console notification each, waited for Sent"},
    {"harness.before_suite", "timeout", "duration", "300s", "BeforeSuite's own timeout"},
    {"harness.before_suite", "deployments", "list of {name, image_pull, ready_after}", "none", "what must be ready first"},
    {"harness.before_suite", "delay", "duration", "0s", "a fixed sleep after the deployments (DD-E2E-001)"},
    {"harness.before_suite", "health_check", "{timeout, poll}", "none", "poll DataStorage's /health until it answers"},
    {"harness.before_suite.deployments[]", "name", "string", "required", "notification-controller, datastorage, ..."},
    {"harness.before_suite.deployments[]", "image_pull", "ok | back_off", "ok", "back_off: the pod never starts (seed 002)"},
    {"harness.before_suite.deployments[]", "ready_after", "duration", "0s", "time from BeforeSuite to ready"},
    {"harness.before_suite.health_check", "timeout", "duration", "60s", "the Eventually's timeout"},
    {"harness.before_suite.health_check", "poll", "duration", "1s", "its polling interval"},
    {"harness.tests[]", "name", "string", "required", "the test's name, as Ginkgo prints it"},
    {"harness.tests[]", "kind", "file-in-host-dir | phase-eventually | file-attempts-at-least | audit-events-eventually | audit-events-equal", "required", "what the test asserts"},
    {"harness.tests[]", "notification", "a manifest's metadata.name", "required", "the NotificationRequest it creates"},
    {"harness.tests[]", "timeout", "duration", "required", "the Eventually's timeout"},
    {"harness.tests[]", "poll", "duration > 0", "required", "the Eventually's polling interval"},
    {"harness.tests[]", "initial_delay", "duration", "0s", "a one-time wait before the Eventually (seed 001)"},
    {"harness.tests[]", "per_poll_delay", "duration", "0s", "a wait inside every poll (seed 001)"},
    {"harness.tests[]", "poll_cost", "duration", "0s", "what one probe takes (kubectl exec ... ls)"},
    {"harness.tests[]", "wait_for_sent_first", "bool", "false", "Eventually phase Sent (30 s, 1 s polls) first"},
    {"harness.tests[]", "expected", "0..1000000", "1", "files, attempts or audit events the kind counts"},
    {"harness.tests[]", "phase", "a phase (Pending ... Failed)", "Sent", "phase-eventually's phase"},
    {"harness.tests[]", "event_type", "string", "notification.message.sent", "the audit events' type"},
    {"calibration.NAME", "value", "as `--set NAME=` takes it", "the scenario's own", "the value this scenario runs at"},
    {"calibration.NAME", "low", "as value", "required", "the low end of the plausible range"},
    {"calibration.NAME", "high", "as value", "required", "the high end"},
    {"calibration.NAME", "source", "string", "\"\"", "where the number comes from (\"guess\" is honest)"},
};

}  // namespace

std::span<const scenario_file_field> scenario_file_fields() noexcept { return fields; }

std::vector<std::string_view> scenario_file_fields_of(std::string_view section) {
  std::vector<std::string_view> out;
  for (const auto& f : scenario_file_fields()) {
    if (f.section == section) out.push_back(f.name);
  }
  return out;
}

}  // namespace reconsim::scenarios
