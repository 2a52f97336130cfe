// The reconciler under the controller runtime, API server and informer:
// seed 003's retry scenario under each design, and E2E expectations.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <iostream>

#include "reconsim/model/kube/apiserver.hpp"
#include "reconsim/model/kube/controller.hpp"
#include "reconsim/model/kube/informer.hpp"
#include "reconsim/model/memory_filesystem.hpp"
#include "reconsim/model/notification/manifest.hpp"
#include "reconsim/model/notification/reconciler.hpp"
#include "reconsim/model/notification/status_merge.hpp"
#include "reconsim/sim.hpp"

using namespace std::chrono_literals;
using namespace reconsim;
using namespace reconsim::model::notification;
namespace model = reconsim::model;

namespace {

// A channel that always fails with the given error.
class failing_channel final : public delivery_service {
 public:
  failing_channel(std::string message, bool retryable) : message_(std::move(message)), retryable_(retryable) {}
  std::optional<delivery_error> deliver(const notification_request&) override {
    ++calls;
    return delivery_error{message_, retryable_};
  }
  int calls = 0;

 private:
  std::string message_;
  bool retryable_;
};

// Accepts every event and keeps it.
class recording_sink final : public model::audit::sink {
 public:
  bool store(const model::audit::event& e) override {
    events.push_back(e);
    return true;
  }
  int count(std::string_view type) const {
    return static_cast<int>(std::count_if(events.begin(), events.end(), [&](const auto& e) { return e.event_type == type; }));
  }
  std::vector<model::audit::event> events;
};

notification_request manifest(const std::string& channel_set, const std::string& policy = "") {
  return load_manifest("apiVersion: kubernaut.ai/v1alpha1\nkind: NotificationRequest\n"
                       "metadata:\n  name: nr\n  namespace: e2e\n"
                       "spec:\n  type: Simple\n  priority: Critical\n  subject: s\n  body: b\n"
                       "  extensions:\n    test-channel-set: " +
                       channel_set + "\n" + policy);
}

struct run_result {
  notification_request final;
  sim::outcome out;
  std::vector<sim::time_point> file_attempts;
  int reconciles = 0;
  recording_sink audit;
};

// One NotificationRequest under the controller for `until` of virtual time:
// console succeeds, file fails retryably (a read-only directory), slack
// answers 503.
std::unique_ptr<run_result> run(const std::string& design, notification_request nr, sim::duration until,
                                std::uint64_t seed = 1) {
  auto res = std::make_unique<run_result>();
  sim::world w(seed);
  model::api_server_options api_opts;
  api_opts.latency_min = api_opts.latency_max = 1ms;
  model::api_server api(w, api_opts);
  notification_store store(api, notification_resource());
  model::informer_options inf_opts;
  inf_opts.name = "notifications";
  inf_opts.watch_delay_min = inf_opts.watch_delay_max = 10ms;
  notification_informer inf(store, inf_opts);
  console_channel console;
  failing_channel file("failed to write temporary file: open /tmp/notifications/x.tmp: EROFS", true);
  failing_channel slack("slack returned HTTP 503", true);
  reconciler_options o;
  o.design = *parse_variant(design);
  reconciler rec(store, inf,
                 {{"console", &console}, {"file", &file}, {"slack:slack-failure", &slack},
                  {"slack:console-slack-failure", &slack}},
                 &res->audit, o);
  model::controller ctl("notification", model::make_queue(model::queue_kind::classic, "notification"),
                        [&](const model::reconcile::request& r) { return rec(r); }, {1});
  watch_notifications(ctl, inf, rec);
  w.spawn("test", [&] {
    REQUIRE(store.create(nr).ok());
    inf.start();
    ctl.start();
    sim::sleep_until(sim::time_point(until));
    ctl.shut_down();
    inf.stop();
  });
  res->out = w.run();
  if (std::getenv("NT_TRACE"))
    for (const auto& e : w.trace().events())
      if (e.kind.starts_with("notification.") || e.kind.starts_with("reconcile.")) std::cerr << sim::to_json_line(e) << "\n";
  res->final = *store.peek({"e2e", "nr"});
  for (const auto& e : w.trace().events())
    if (e.kind == "notification.attempt" && e.get_string("channel") == "file") res->file_attempts.push_back(e.at);
  res->reconciles = static_cast<int>(ctl.reconciles());
  return res;
}

}  // namespace

namespace {

std::vector<sim::time_point> persisted_times(const notification_status& s, std::string_view channel) {
  std::vector<sim::time_point> out;
  for (const auto& a : s.delivery_attempts)
    if (a.channel == channel) out.push_back(a.timestamp);
  return out;
}

}  // namespace

TEST_CASE("seed 003 under retrying-phase: the failing file channel is retried within 180 s, ~30 s then ~60 s apart") {
  auto r = run("retrying-phase", manifest("console-file"), 180s);
  INFO(r->out.describe());
  REQUIRE(r->out.ok());
  const auto file = persisted_times(r->final.status, "file");
  REQUIRE(file.size() == 3);  // ~0 s, ~30 s, ~93 s; the next is due after 180 s
  CHECK(file[1] - file[0] >= 27s);
  CHECK(file[1] - file[0] <= 34s);
  CHECK(file[2] - file[1] >= 54s);
  CHECK(file[2] - file[1] <= 67s);
  CHECK(r->final.status.phase == notification_phase::retrying);
  CHECK(r->final.status.successful_deliveries == 1);
  CHECK(r->final.status.failed_deliveries == 1);
  CHECK(r->final.status.total_attempts == 4);
  CHECK_FALSE(check_status_invariants(r->final.status));
}

TEST_CASE("retrying-phase: a cache that still shows Sending delivers again at once; the 1 s merge hides it from status") {
  // The Retrying write wakes the reconciler; its cached copy predates the
  // write, so the Retrying-only backoff check does not run (reference §2,
  // "Sending has no backoff guard"). The extra delivery is real (and
  // audited) but its attempt merges away as a duplicate.
  auto r = run("retrying-phase", manifest("console-file"), 20s);
  REQUIRE(r->out.ok());
  REQUIRE(r->file_attempts.size() == 2);
  CHECK(r->file_attempts[1] - r->file_attempts[0] < 1s);
  CHECK(persisted_times(r->final.status, "file").size() == 1);
  CHECK(r->audit.count(audit_message_failed) == 2);
}

TEST_CASE("seed 003 under partial-is-terminal: one file attempt in 180 s, PartiallySent at once") {
  auto r = run("partial-is-terminal", manifest("console-file"), 180s);
  INFO(r->out.describe());
  REQUIRE(r->out.ok());
  CHECK(r->file_attempts.size() == 1);  // "Expected <int>: 1 to be >= <int>: 2"
  CHECK(r->final.status.phase == notification_phase::partially_sent);
  CHECK(r->final.status.completion_time.has_value());
}

TEST_CASE("per-attempt-status: each status write wakes the reconciler, so all 5 attempts go within a second") {
  auto r = run("per-attempt-status", manifest("console-file"), 180s);
  INFO(r->out.describe());
  REQUIRE(r->out.ok());
  const auto file = persisted_times(r->final.status, "file");
  REQUIRE(file.size() == 5);
  CHECK(file.back() - file.front() < 1s);  // "backoff bypassed"
  CHECK(r->final.status.phase == notification_phase::partially_sent);
}

TEST_CASE("the fixed designs deliver only after the backoff: no second file delivery within the first 25 s") {
  for (std::string design : {"generation-changed-predicate", "next-retry-in-status", "backoff-check-every-phase"}) {
    CAPTURE(design);
    auto r = run(design, manifest("console-file"), 180s);
    INFO(r->out.describe());
    REQUIRE(r->out.ok());
    REQUIRE(r->file_attempts.size() >= 2);
    CHECK(r->file_attempts[1] - r->file_attempts[0] >= 25s);
    CHECK(r->file_attempts.size() == persisted_times(r->final.status, "file").size());
    CHECK_FALSE(is_terminal(r->final.status.phase));
    CHECK_FALSE(check_status_invariants(r->final.status));
  }
}

TEST_CASE("E2E 04: slack 503 with retryPolicy {1, 1, 2, 60} ends Failed/MaxRetriesExhausted with 1 attempt") {
  auto r = run("retrying-phase",
               manifest("slack-failure",
                        "  retryPolicy:\n    maxAttempts: 1\n    initialBackoffSeconds: 1\n    backoffMultiplier: 2\n"
                        "    maxBackoffSeconds: 60\n"),
               30s);
  INFO(r->out.describe());
  REQUIRE(r->out.ok());
  CHECK(r->final.status.phase == notification_phase::failed);
  CHECK(r->final.status.reason == reasons::max_retries_exhausted);
  CHECK(r->final.status.message == "All delivery attempts failed or exhausted retries");
  CHECK(r->final.status.total_attempts == 1);
  CHECK(r->audit.count(audit_message_failed) == 1);
  CHECK(r->audit.count(audit_message_escalated) == 1);
}

TEST_CASE("E2E 01: console is Sent with 1 attempt, one message.sent and one acknowledged audit event") {
  auto r = run("retrying-phase", manifest("console"), 30s);
  INFO(r->out.describe());
  REQUIRE(r->out.ok());
  const notification_status& s = r->final.status;
  CHECK(s.phase == notification_phase::sent);
  CHECK(s.total_attempts == 1);
  CHECK(s.successful_deliveries == 1);
  CHECK(s.failed_deliveries == 0);
  CHECK(s.delivery_attempts.at(0).channel == "console");
  CHECK(r->audit.count(audit_message_sent) == 1);
  CHECK(r->audit.count(audit_message_acknowledged) == 1);
  const condition* routed = find_condition(s.conditions, "RoutingResolved");
  REQUIRE(routed);
  CHECK(routed->reason == routing_reason_matched);
  CHECK(r->audit.events.at(0).correlation_id == r->final.metadata.uid);
}

TEST_CASE("a run of the reconciler is a function of its seed") {
  auto a = run("retrying-phase", manifest("console-file"), 120s, 7);
  auto b = run("retrying-phase", manifest("console-file"), 120s, 7);
  CHECK(a->file_attempts == b->file_attempts);
  CHECK(a->final == b->final);
}

TEST_CASE("the file channel writes a temp file and renames it into the output directory") {
  sim::world w(1);
  model::memory_filesystem fs;
  file_channel file(fs, "/tmp/notifications");
  notification_request nr = manifest("console-file");
  w.spawn("t", [&] {
    sim::sleep_for(1500ms);
    CHECK_FALSE(file.deliver(nr));
  });
  REQUIRE(w.run().ok());
  auto names = fs.list_dir("/tmp/notifications");
  REQUIRE(names.ok());
  CHECK(names.value == std::vector<std::string>{"notification-nr-19700101-000001.500000.json"});
}
