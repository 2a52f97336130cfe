// Each checker on small hand-made traces: one that holds, one that breaks
// with the exact first-violation time and the chain that led to it.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "reconsim/scenarios/checkers/checker.hpp"

using namespace reconsim;
using namespace std::chrono_literals;
using scenarios::trace_events;

namespace {

sim::time_point at(sim::duration d) { return sim::time_point{d}; }

sim::trace_event ev(sim::duration t, std::string kind, std::vector<sim::field> fields) {
  return sim::trace_event{at(t), "a", sim::symbol(kind), sim::field_list(sim::views_of(fields))};
}

const std::string key = "notification-e2e/e2e-retry";

sim::trace_event attempt(sim::duration t, std::string channel, int n, bool ok, std::string error = "") {
  return ev(t, "notification.attempt",
            {{"key", key}, {"channel", channel}, {"attempt", n}, {"status", ok ? "success" : "failed"}, {"error", error}});
}

sim::trace_event status(sim::duration t, std::string phase, int total, int ok, int failed) {
  return ev(t, "notification.status",
            {{"key", key}, {"why", "x"}, {"phase", phase}, {"total_attempts", total}, {"successful", ok}, {"failed", failed}});
}

sim::trace_event keyed(sim::duration t, std::string kind) { return ev(t, std::move(kind), {{"key", key}}); }

std::vector<std::string> kinds(const std::vector<sim::trace_event>& chain) {
  std::vector<std::string> out;
  for (const auto& e : chain) out.push_back(e.kind);
  return out;
}

// Seed 003 with partial-is-terminal: console succeeds, file fails, the
// status write makes it PartiallySent, the watch event's reconcile sees a
// terminal phase and forgets the key.
trace_events seed_003_trace() {
  return {keyed(0s, "api.create"),
          attempt(1s, "console", 1, true),
          attempt(1s, "file", 1, false, "permission denied"),
          status(1010ms, "PartiallySent", 2, 1, 1),
          keyed(1020ms, "informer.event"),
          keyed(1030ms, "reconcile.start"),
          ev(1030ms, "reconcile.end", {{"key", key}, {"result", "success"}}),
          ev(181s, "harness.suite_end", {})};
}

}  // namespace

TEST_CASE("the registry lists six checkers with one-line descriptions and finds them by name") {
  REQUIRE(scenarios::checkers().size() == 6);
  for (const auto& c : scenarios::checkers()) {
    CHECK_FALSE(c.description.empty());
    CHECK(c.description.find('\n') == std::string_view::npos);
    CHECK(scenarios::find_checker(c.name) == &c);
  }
  CHECK(scenarios::find_checker("no-such-check") == nullptr);
  CHECK_THROWS_AS(scenarios::run_check("no-such-check", {}), std::invalid_argument);
  CHECK(scenarios::run_check("run-terminates", {}, nullptr).name == "run-terminates");
}

TEST_CASE("retries-honour-backoff holds for retries at 30s and then 60s after each failure") {
  const trace_events t{attempt(0s, "file", 1, false), attempt(30s, "file", 2, false), attempt(90s, "file", 3, true)};
  const auto r = scenarios::check_retries_honour_backoff(t);
  CHECK(r.passed);
  CHECK_FALSE(r.first_violation);
}

TEST_CASE("retries-honour-backoff flags a retry that a status write's watch event brings before the backoff") {
  const trace_events t{attempt(1s, "file", 1, false), status(1010ms, "Sending", 1, 0, 1), keyed(1020ms, "informer.event"),
                       keyed(1030ms, "reconcile.start"), attempt(1200ms, "file", 2, false)};
  const auto r = scenarios::check_retries_honour_backoff(t);
  REQUIRE_FALSE(r.passed);
  CHECK(r.first_violation == at(1200ms));
  CHECK_THAT(r.explanation, Catch::Contains("attempt 2") && Catch::Contains("no sooner than 29s"));
  const std::vector<std::string> want{"notification.attempt", "notification.status", "informer.event",
                                      "reconcile.start", "notification.attempt"};
  CHECK(kinds(r.chain) == want);
}

TEST_CASE("retries-honour-backoff flags a failed channel never retried although attempts remain (seed 003)") {
  const auto r = scenarios::check_retries_honour_backoff(seed_003_trace());
  REQUIRE_FALSE(r.passed);
  // 1 s + 30 s backoff + 10 % jitter + 5 s grace.
  CHECK(r.first_violation == at(39s));
  CHECK_THAT(r.explanation, Catch::Contains("file attempt 1 failed") && Catch::Contains("4 attempts left"));
  CHECK(r.chain.back().kind == "reconcile.end");
  CHECK(r.chain.front().kind == "api.create");
}

TEST_CASE("retries-honour-backoff reads the object's retry policy from the trace") {
  trace_events t{ev(0s, "notification.retry_policy",
                    {{"key", key}, {"max_attempts", 2}, {"initial_backoff_s", 1}, {"multiplier", 2}, {"max_backoff_s", 60}}),
                 attempt(0s, "file", 1, false), attempt(1s, "file", 2, false), ev(600s, "end", {})};
  // A 1 s retry is fine under a 1 s backoff, and after 2 of 2 nothing is owed.
  CHECK(scenarios::check_retries_honour_backoff(t).passed);
}

TEST_CASE("retries-honour-backoff owes no retry due after the suite ended and the controller stopped") {
  // Found by the property suite: a fault-plan timer ran on past the suite's
  // end, so the run "went on" while the controller was already shut down.
  trace_events t{attempt(1s, "file", 1, false), ev(10s, "harness.suite_end", {}), ev(60s, "fault.end", {})};
  CHECK(scenarios::check_retries_honour_backoff(t).passed);
  t[1].at = at(50s);  // the suite ran past the retry's deadline (39 s)
  const auto r = scenarios::check_retries_honour_backoff(t);
  CHECK_FALSE(r.passed);
  CHECK_THAT(r.explanation, Catch::Contains("the controller ran until 50.000s"));
}

TEST_CASE("terminal-only-when-done holds for Sent after success and Failed after the last attempt") {
  trace_events t{keyed(0s, "api.create")};
  for (int i = 1; i <= 5; ++i) t.push_back(attempt(std::chrono::seconds(i * 100), "file", i, false));
  t.push_back(status(501s, "Failed", 5, 0, 1));
  CHECK(scenarios::check_terminal_only_when_done(t).passed);
  const trace_events sent{attempt(1s, "console", 1, true), status(2s, "Sent", 1, 1, 0)};
  CHECK(scenarios::check_terminal_only_when_done(sent).passed);
}

TEST_CASE("terminal-only-when-done flags PartiallySent while the failed channel has retries left (seed 003)") {
  const auto r = scenarios::check_terminal_only_when_done(seed_003_trace());
  REQUIRE_FALSE(r.passed);
  CHECK(r.first_violation == at(1010ms));
  CHECK_THAT(r.explanation, Catch::Contains("became PartiallySent") && Catch::Contains("1 of 5 attempts"));
  const std::vector<std::string> want{"api.create", "notification.attempt", "notification.attempt",
                                      "notification.status"};
  CHECK(kinds(r.chain) == want);
}

TEST_CASE("terminal-only-when-done accepts Failed after a permanent error") {
  const trace_events t{attempt(1s, "slack:x", 1, false, "permanent failure: channel not registered"),
                       status(2s, "Failed", 1, 0, 1)};
  CHECK(scenarios::check_terminal_only_when_done(t).passed);
}

TEST_CASE("status-counters-match-attempts holds when every write counts the attempts made") {
  const trace_events t{status(0s, "Pending", 0, 0, 0), attempt(1s, "console", 1, true), attempt(1s, "file", 1, false),
                       status(2s, "Retrying", 2, 1, 1), attempt(40s, "file", 2, true), status(41s, "Sent", 3, 2, 0)};
  CHECK(scenarios::check_status_counters_match_attempts(t).passed);
}

TEST_CASE("status-counters-match-attempts flags a write that lost an attempt") {
  const trace_events t{attempt(1s, "file", 1, false), status(2s, "Retrying", 1, 0, 1), attempt(2500ms, "file", 2, false),
                       status(3s, "Retrying", 1, 0, 1), status(4s, "Retrying", 1, 0, 1)};
  const auto r = scenarios::check_status_counters_match_attempts(t);
  REQUIRE_FALSE(r.passed);
  CHECK(r.first_violation == at(3s));
  CHECK(r.violations == 1);  // one divergence, not one per later write
  CHECK_THAT(r.explanation, Catch::Contains("totalAttempts=1") && Catch::Contains("attempts made say 2/0/1"));
  CHECK(r.chain.back().at == at(3s));
}

namespace {

sim::trace_event emit(sim::duration t, std::string id) {
  return ev(t, "audit.emit",
            {{"id", id}, {"type", "notification.message.sent"}, {"object", key}, {"channel", "file"}, {"stored", true}});
}
sim::trace_event stored(sim::duration t, std::string ids) { return ev(t, "datastorage.stored", {{"ids", ids}}); }

}  // namespace

TEST_CASE("audit-stored-once holds when each emitted event is stored once or dead-lettered") {
  const trace_events t{emit(1s, "c/1"), emit(1s, "c/2"), stored(2s, "c/1"),
                       ev(5s, "audit.dead_letter", {{"batch_size", 1}, {"ids", "c/2"}}), ev(100s, "end", {})};
  const auto r = scenarios::check_audit_stored_once(t);
  CHECK(r.passed);
  const auto a = scenarios::tally_audit(t);
  CHECK(a.emitted == 2);
  CHECK(a.stored == 1);
  CHECK(a.dead_lettered == 1);
  CHECK(a.lost == 0);
}

TEST_CASE("audit-stored-once flags a batch stored three times when its responses were lost (seed 004: 9 -> 27)") {
  trace_events t;
  for (int i = 1; i <= 9; ++i) t.push_back(emit(1s, "c/" + std::to_string(i)));
  const std::string ids = "c/1,c/2,c/3,c/4,c/5,c/6,c/7,c/8,c/9";
  t.push_back(stored(1100ms, ids));
  t.push_back(ev(1101ms, "net.outcome", {{"host", "datastorage"}, {"outcome", "reset_after"}}));
  t.push_back(ev(1102ms, "audit.write", {{"attempt", 1}, {"ok", false}}));
  t.push_back(stored(2100ms, ids));
  t.push_back(stored(4100ms, ids));
  const auto r = scenarios::check_audit_stored_once(t);
  REQUIRE_FALSE(r.passed);
  CHECK(r.first_violation == at(2100ms));
  CHECK(r.violations == 9);
  CHECK_THAT(r.explanation, Catch::Contains("stored 3 times"));
  const std::vector<std::string> want{"audit.emit", "datastorage.stored", "net.outcome", "audit.write",
                                      "datastorage.stored"};
  CHECK(kinds(r.chain) == want);
  const auto a = scenarios::tally_audit(t);
  CHECK(a.stored == 9);
  CHECK(a.stored_rows == 27);
  CHECK(a.duplicates == 18);
}

TEST_CASE("audit-stored-once flags the batch dropped after 3 attempts with no DLQ (seed 004: AUDIT DATA LOSS)") {
  const trace_events t{emit(1s, "c/1"),
                       ev(1100ms, "audit.write", {{"attempt", 1}, {"ok", false}, {"error", "EOF"}}),
                       ev(2100ms, "audit.write", {{"attempt", 2}, {"ok", false}, {"error", "reset"}}),
                       ev(6s, "audit.write", {{"attempt", 3}, {"ok", false}, {"error", "reset"}}),
                       ev(6s, "audit.data_loss", {{"batch_size", 1}, {"reason", "max retries exhausted"}, {"ids", "c/1"}})};
  const auto r = scenarios::check_audit_stored_once(t);
  REQUIRE_FALSE(r.passed);
  CHECK(r.first_violation == at(6s));
  CHECK_THAT(r.explanation, Catch::Contains("dropped") && Catch::Contains("no DLQ"));
  CHECK(r.chain.size() == 5);
  CHECK(scenarios::tally_audit(t).lost == 1);
}

namespace {

sim::trace_event fs_op(sim::duration t, std::string op, std::string path, sim::duration visible) {
  return ev(t, "fs." + op, {{"fs", "virtiofs"}, {"path", path}, {"visible_at", visible}});
}
sim::trace_event fs_visible(sim::duration t, std::string op, std::string path, sim::duration written) {
  return ev(t, "fs.visible_on_host", {{"fs", "virtiofs"}, {"op", op}, {"path", path}, {"written_at", written}});
}

}  // namespace

TEST_CASE("file-visible-on-host holds when every write reaches the host when promised") {
  const trace_events t{fs_op(1s, "write", "/tmp/n/a.json.tmp", 3500ms), fs_visible(3500ms, "write", "/tmp/n/a.json.tmp", 1s),
                       fs_op(9s, "write", "/tmp/n/b.json.tmp", 20s)};  // still in flight at the end: not owed
  const auto r = scenarios::check_file_visible_on_host(t);
  CHECK(r.passed);
}

TEST_CASE("file-visible-on-host flags a write that never reached the host") {
  const trace_events t{fs_op(1s, "write", "/tmp/n/a.json.tmp", 3500ms), ev(10s, "end", {})};
  const auto r = scenarios::check_file_visible_on_host(t);
  REQUIRE_FALSE(r.passed);
  CHECK(r.first_violation == at(3500ms));
  CHECK_THAT(r.explanation, Catch::Contains("never reached the host"));
  REQUIRE(r.chain.size() == 1);
  CHECK(r.chain[0].kind == "fs.write");
}

TEST_CASE("file-visible-on-host flags a late arrival and a host anomaly") {
  const trace_events t{fs_op(1s, "write", "/a", 2s), fs_visible(2500ms, "write", "/a", 1s),
                       ev(3s, "fs.host_anomaly", {{"op", "rename"}, {"path", "/b"}, {"errc", "ENOENT"}})};
  const auto r = scenarios::check_file_visible_on_host(t);
  REQUIRE_FALSE(r.passed);
  CHECK(r.first_violation == at(2500ms));
  CHECK(r.violations == 2);
}

TEST_CASE("run-terminates holds when the run finished, or deadlocked only after the suite ended") {
  sim::outcome ok;
  ok.at = at(10s);
  CHECK(scenarios::check_run_terminates({}, &ok).passed);
  sim::outcome idle;
  idle.kind = sim::outcome_kind::deadlock;
  idle.at = at(200s);
  const trace_events t{ev(0s, "harness.suite_start", {}), ev(200s, "harness.suite_end", {})};
  CHECK(scenarios::check_run_terminates(t, &idle).passed);
}

TEST_CASE("run-terminates flags a time cap, a deadlock before the suite ended, and a suite cut short") {
  sim::outcome cap;
  cap.kind = sim::outcome_kind::time_cap;
  cap.at = at(3600s);
  const trace_events t{ev(0s, "harness.suite_start", {}), ev(5s, "reconcile.start", {})};
  auto r = scenarios::check_run_terminates(t, &cap);
  REQUIRE_FALSE(r.passed);
  CHECK(r.first_violation == at(3600s));
  CHECK(r.chain.size() == 2);
  sim::outcome stuck;
  stuck.kind = sim::outcome_kind::deadlock;
  stuck.at = at(6s);
  CHECK_FALSE(scenarios::check_run_terminates(t, &stuck).passed);
  sim::outcome cut;
  cut.kind = sim::outcome_kind::time_limit;
  cut.at = at(60s);
  r = scenarios::check_run_terminates(t, &cut);
  CHECK_FALSE(r.passed);
  CHECK_THAT(r.explanation, Catch::Contains("before the test suite ended"));
  CHECK_FALSE(scenarios::check_run_terminates(t, nullptr).passed);
}

#include "reconsim/faults/virtiofs.hpp"
#include "reconsim/sim/actor.hpp"

TEST_CASE("file-visible-on-host holds on the virtiofs model's own trace of a write, rename and mkdir") {
  sim::world w(7);
  faults::virtiofs fs(w);
  fs.set_load(12);
  w.spawn("controller", [&] {
    fs.guest().mkdir_all("/tmp/notifications");
    fs.guest().write_file("/tmp/notifications/a.json.tmp", "{}");
    fs.guest().rename("/tmp/notifications/a.json.tmp", "/tmp/notifications/a.json");
  });
  REQUIRE(w.run().ok());
  const auto r = scenarios::check_file_visible_on_host(w.trace().events());
  CHECK(r.passed);
  CHECK_THAT(r.explanation, Catch::StartsWith("3 file operations"));
}
