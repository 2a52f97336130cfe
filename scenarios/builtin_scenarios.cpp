// The seeds' scenarios, each with the variant and settings of its seed's
// time (December 2025 / January 2026).
#include <fmt/format.h>

#include "reconsim/scenarios/scenario.hpp"

namespace reconsim::scenarios {

namespace {

using namespace std::chrono_literals;

std::string manifest(const std::string& name, const std::string& channel_set, const std::string& priority = "Medium") {
  return fmt::format(
      "apiVersion: notification.kubernaut.ai/v1alpha1\n"
      "kind: NotificationRequest\n"
      "metadata:\n  name: {}\n  namespace: notification-e2e\n"
      "spec:\n  type: Simple\n  priority: {}\n  subject: \"E2E {}\"\n  body: \"reconsim\"\n"
      "  remediationRequestRef:\n    kind: RemediationRequest\n    name: e2e-remediation\n"
      "  extensions:\n    test-channel-set: {}\n",
      name, priority, name, channel_set);
}

test_spec file_test(const std::string& test, const std::string& nr, const std::string& set, const std::string& prio) {
  test_spec t;
  t.name = test;
  t.manifest = manifest(nr, set, prio);
  t.expect = expectation::file_on_host;
  t.timeout = 5s;  // Eventually(..., 5*time.Second, 500*time.Millisecond)
  t.poll = 500ms;
  t.wait_for_sent_first = true;
  return t;
}

std::vector<test_spec> file_tests() {
  return {file_test("03 file delivery validation", "e2e-file-validation", "console-file", "High"),
          file_test("06 multi-channel fanout: scenario 1", "e2e-multi-channel-fanout", "console-file-log", "Medium"),
          file_test("07 priority routing: critical", "e2e-priority-critical", "console-file", "Critical"),
          file_test("07 priority routing: multiple priorities", "e2e-priority-low", "console-file", "Low"),
          file_test("07 priority routing: high, multi-channel", "e2e-priority-high", "console-file-log", "High")};
}

scenario_spec file_visibility() {
  scenario_spec s;
  s.name = "file-visibility";
  s.description = "the full suite with 12 procs: file tests miss files that virtiofs shows the host seconds late";
  s.seeds = "000, 001 (virtiofs sync latency under parallel load; Eventually(5s, 500ms))";
  s.variant = "retrying-phase";
  s.procs = 12;
  s.tests = file_tests();
  s.filler_tests = 14;  // 19 tests in all
  // "3-4 s+ under heavy load": the "+" is a tail, a quarter of the syncs
  // taking up to another range-maximum.
  s.fs.latency.tail_probability = 0.25;
  for (auto& t : s.tests) t.poll_cost = 300ms;  // kubectl exec ... ls, per poll
  s.checks = {"file-visible-on-host", "terminal-only-when-done", "status-counters-match-attempts", "run-terminates"};
  return s;
}

scenario_spec file_visibility_focused() {
  scenario_spec s = file_visibility();
  s.name = "file-visibility-focused";
  s.description = "3 focused file tests with 1 proc: they pass (light load)";
  s.procs = 1;
  s.tests.resize(3);
  s.filler_tests = 0;
  return s;
}

test_spec retry_test(const std::string& name, const std::string& nr, expectation e) {
  test_spec t;
  t.name = name;
  t.manifest = manifest(nr, "console-file", "High");
  t.expect = e;
  t.count = 2;
  t.phase = "Sent";
  t.timeout = 180s;  // "Wait 3 minutes (180s timeout)"
  t.poll = 5s;
  return t;
}

scenario_spec retry_backoff() {
  scenario_spec s;
  s.name = "retry-backoff";
  s.description = "failed file delivery must be retried with 30/60/120 s backoff (seed 003: 1 attempt in 180 s)";
  s.seeds = "003 (PartiallySent treated as terminal; status update vs RequeueAfter)";
  s.variant = "partial-is-terminal";
  s.procs = 2;
  s.plan = "at 0s: chmod /tmp/notifications ro; at 80s: chmod /tmp/notifications rw";
  s.tests = {retry_test("05 retry: failed delivery triggers retry with exponential backoff", "e2e-retry-backoff",
                        expectation::file_attempts_at_least),
             retry_test("05 retry: failed delivery recovers when the directory becomes writable", "e2e-retry-recovery",
                        expectation::phase)};
  s.checks = {"retries-honour-backoff", "terminal-only-when-done", "status-counters-match-attempts", "run-terminates"};
  return s;
}

// The open upstream question: with every channel failing, the phase stays
// Sending, which has no backoff check; does a watch event re-deliver early?
scenario_spec retry_all_channels_fail() {
  scenario_spec s;
  s.name = "retry-all-fail";
  s.description = "every channel fails (file-only, directory read-only): are retries still spaced by the backoff?";
  s.seeds = "003 follow-up (the open question about today's Sending phase)";
  s.variant = "retrying-phase";
  s.plan = "at 0s: chmod /tmp/notifications ro";
  test_spec t = retry_test("05 retry: file-only delivery keeps retrying while the directory is read-only",
                           "e2e-retry-file-only", expectation::file_attempts_at_least);
  t.manifest = manifest("e2e-retry-file-only", "file-only", "High");
  t.count = 3;
  s.tests = {t};
  s.checks = {"retries-honour-backoff", "terminal-only-when-done", "status-counters-match-attempts", "run-terminates"};
  return s;
}

test_spec audit_test(const std::string& name, const std::string& nr, int count, sim::duration timeout) {
  test_spec t;
  t.name = name;
  t.manifest = manifest(nr, "console");
  t.expect = expectation::audit_events_at_least;
  t.count = count;
  t.timeout = timeout;
  t.poll = 2s;
  return t;
}

scenario_spec audit_loss() {
  scenario_spec s;
  s.name = "audit-loss";
  s.description = "NodePort mismatch + DataStorage ready before it listens: EOF, RST, batch dropped (no DLQ)";
  s.seeds = "004 (AUDIT DATA LOSS), 002 (audit tests time out)";
  s.variant = "retrying-phase";
  s.datastorage.enabled = true;
  s.datastorage.node_port_deployed = 30081;  // the default, not kind's 30090
  s.plan = "at 0s: ready_before_listen datastorage 5s";
  s.tests = {audit_test("01 lifecycle audit: message.sent and acknowledged are stored", "e2e-audit-lifecycle", 2, 30s)};
  s.checks = {"audit-stored-once", "run-terminates"};
  return s;
}

scenario_spec audit_loss_dlq() {
  scenario_spec s = audit_loss();
  s.name = "audit-loss-dlq";
  s.description = "the same faults with the dead-letter queue ADR-032 asks for: the batch is kept, not lost";
  s.datastorage.dlq = true;
  return s;
}

scenario_spec audit_loss_fixed() {
  scenario_spec s = audit_loss();
  s.name = "audit-loss-fixed";
  s.description = "seed 004's fix (DD-E2E-001): NodePort 30090 + 5 s delay + health check before the tests";
  s.datastorage.node_port_deployed = 30090;
  s.datastorage.readiness_delay = 5s;
  return s;
}

scenario_spec audit_duplication() {
  scenario_spec s = audit_loss_fixed();
  s.name = "audit-duplication";
  s.description = "responses lost after DataStorage stored the batch: the client retries and the batch is stored 3x";
  s.seeds = "004 (9 expected, 27 stored)";
  // Just after BeforeSuite's health checks (which would take the faults
  // themselves), as the first batch goes out.
  s.plan = "at 40050ms: drop_after datastorage 2";
  // The test counts exactly, as upstream's did (Equal(9) saw 27).
  // It reads after the client's retries settled (each lost response costs
  // the 30 s request timeout).
  s.tests.front().expect = expectation::audit_events_equal;
  s.tests.front().initial_delay = 90s;
  s.tests.front().timeout = 10s;
  return s;
}

scenario_spec audit_duplication_idempotent() {
  scenario_spec s = audit_duplication();
  s.name = "audit-duplication-idempotent";
  s.description = "the same lost responses against a DataStorage that de-duplicates by event id: stored once";
  s.datastorage.idempotent = true;
  return s;
}

scenario_spec image_pull() {
  scenario_spec s;
  s.name = "image-pull";
  s.description = "an image tag mismatch: ImagePullBackOff blocks BeforeSuite for 300 s and every test fails";
  s.seeds = "002";
  s.controller_image_ok = false;
  s.tests = {file_tests().front()};
  s.filler_tests = 2;
  s.checks = {"run-terminates"};
  return s;
}

// Seed 002 after the image fix: the suite runs, but DataStorage makes
// events queryable only 50-90 s after they are written, and the audit
// tests' Eventually gives up sooner.
scenario_spec audit_indexing() {
  scenario_spec s = audit_loss_fixed();
  s.name = "audit-indexing";
  s.description = "image fixed: audit tests with a 30 s Eventually fail against DataStorage's 50-90 s indexing delay";
  s.seeds = "002 (17/21 pass; 4 audit tests fail)";
  s.datastorage.index_delay_min = 50s;
  s.datastorage.index_delay_max = 90s;
  s.tests = {audit_test("01 lifecycle audit: message.sent and acknowledged are stored", "e2e-audit-lifecycle", 2, 30s),
             audit_test("02 audit correlation: sent is stored", "e2e-audit-correlation", 1, 30s),
             audit_test("04 failed delivery audit: events are stored", "e2e-audit-failed", 1, 30s),
             audit_test("04 failed delivery audit: channel-specific events", "e2e-audit-channel", 1, 30s)};
  s.filler_tests = 17;  // 21 tests in all
  s.procs = 4;
  return s;
}

std::vector<scenario_spec> all() {
  return {retry_backoff(), retry_all_channels_fail(), file_visibility(), file_visibility_focused(), image_pull(),
          audit_loss(),    audit_loss_dlq(), audit_loss_fixed(), audit_duplication(), audit_duplication_idempotent(), audit_indexing()};
}

}  // namespace

const std::vector<scenario_spec>& builtin_scenarios() {
  static const std::vector<scenario_spec> scenarios = all();
  return scenarios;
}

const scenario_spec* find_scenario(std::string_view name) {
  for (const auto& s : builtin_scenarios()) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

}  // namespace reconsim::scenarios
