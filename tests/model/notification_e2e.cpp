// The reconciler wired to real channels and the buffered audit client over
// the network model: E2E 02 (audit correlation) and 04 (slack failure).
#include <catch2/catch.hpp>

#include "reconsim/model/kube/apiserver.hpp"
#include "reconsim/model/audit_http.hpp"
#include "reconsim/model/audit_store.hpp"
#include "reconsim/model/kube/controller.hpp"
#include "reconsim/model/memory_network.hpp"
#include "reconsim/model/notification/manifest.hpp"
#include "reconsim/model/notification/reconciler.hpp"
#include "reconsim/sim.hpp"

using namespace std::chrono_literals;
using namespace reconsim;
using namespace reconsim::model::notification;
namespace model = reconsim::model;
namespace audit = reconsim::model::audit;

namespace {

notification_request make(const std::string& name, const std::string& set, const std::string& extra = "") {
  return load_manifest("apiVersion: kubernaut.ai/v1alpha1\nkind: NotificationRequest\n"
                       "metadata:\n  name: " +
                       name +
                       "\n  namespace: e2e\n"
                       "spec:\n  type: Simple\n  subject: s\n  body: b\n"
                       "  remediationRequestRef:\n    kind: RemediationRequest\n    name: rr-e2e\n"
                       "  extensions:\n    test-channel-set: " +
                       set + "\n" + extra);
}

struct e2e_world {
  std::vector<notification_request> finals;
  std::vector<audit::event> stored;  // what DataStorage accepted
  audit::store_counters counters;
  int slack_calls = 0;
};

// The E2E environment: mock-webhook (slack 200 on /webhook, 503 on
// /webhook/fail) and DataStorage on localhost:30090.
e2e_world run_e2e(const std::vector<notification_request>& nrs, sim::duration until) {
  e2e_world out;
  sim::world w(11);
  model::api_server_options api_opts;
  api_opts.latency_min = 1ms;
  api_opts.latency_max = 3ms;
  model::api_server api(w, api_opts);
  notification_store store(api, notification_resource());
  model::informer_options inf_opts;
  inf_opts.name = "notifications";
  inf_opts.watch_delay_min = 5ms;
  inf_opts.watch_delay_max = 15ms;
  notification_informer inf(store, inf_opts);
  model::memory_network net;
  net.listen({"mock-webhook", 8080}, [&](const model::request& r) {
    ++out.slack_calls;
    return r.path == "/webhook/fail" ? model::response{503, {}, "unavailable"} : model::response{200, {}, "ok"};
  });
  net.listen({"localhost", 30090}, [&](const model::request& r) {
    auto batch = audit::decode_batch(r.body);
    if (!batch) return model::response{400, {}, "bad batch"};
    out.stored.insert(out.stored.end(), batch->begin(), batch->end());
    return model::response{201, {}, ""};
  });
  audit::http_batch_writer writer(net, "controller", {"localhost", 30090});
  audit::buffered_store audit_store("notification", writer, audit::upstream_e2e_config);
  console_channel console;
  slack_channel slack_fail(net, "controller", {"mock-webhook", 8080}, "/webhook/fail");
  slack_channel slack_ok(net, "controller", {"mock-webhook", 8080}, "/webhook");
  reconciler rec(store, inf,
                 {{"console", &console},
                  {"slack:slack-failure", &slack_fail},
                  {"slack:console-slack-failure", &slack_fail},
                  {"slack:slack-success", &slack_ok}},
                 &audit_store, reconciler_options{});
  model::controller ctl("notification", model::make_queue(model::queue_kind::classic, "notification"),
                        [&](const model::reconcile::request& r) { return rec(r); }, {1});
  watch_notifications(ctl, inf, rec);
  w.spawn("test", [&] {
    audit_store.start();
    inf.start();
    ctl.start();
    for (const auto& nr : nrs) REQUIRE(store.create(nr).ok());
    sim::sleep_until(sim::time_point(until));
    ctl.shut_down();
    inf.stop();
    audit_store.close();
  });
  const sim::outcome o = w.run();
  INFO(o.describe());
  REQUIRE(o.ok());
  for (const auto& nr : nrs) out.finals.push_back(*store.peek(nr.key()));
  out.counters = audit_store.counters();
  return out;
}

int count(const std::vector<audit::event>& es, std::string_view type, std::string_view name = "") {
  return static_cast<int>(std::count_if(es.begin(), es.end(), [&](const audit::event& e) {
    return e.event_type == type && (name.empty() || e.resource_name == name);
  }));
}

}  // namespace

TEST_CASE("E2E 02: three notifications of one remediation are Sent with exactly 6 audit events stored") {
  const auto r = run_e2e({make("nr-a", "console"), make("nr-b", "console"), make("nr-c", "console")}, 30s);
  for (const auto& nr : r.finals) CHECK(nr.status.phase == notification_phase::sent);
  CHECK(r.stored.size() == 6);
  for (std::string name : {"nr-a", "nr-b", "nr-c"}) {
    CAPTURE(name);
    CHECK(count(r.stored, audit_message_sent, name) == 1);
    CHECK(count(r.stored, audit_message_acknowledged, name) == 1);
  }
  for (const auto& e : r.stored) CHECK(e.correlation_id == "rr-e2e");
  CHECK(r.counters.lost_events == 0);
}

TEST_CASE("E2E 04: slack 503 with {1, 1, 2, 60} fails with MaxRetriesExhausted; failed + escalated are stored") {
  const auto r = run_e2e({make("nr-slack", "slack-failure",
                               "  retryPolicy:\n    maxAttempts: 1\n    initialBackoffSeconds: 1\n"
                               "    backoffMultiplier: 2\n    maxBackoffSeconds: 60\n")},
                         30s);
  const notification_status& s = r.finals.at(0).status;
  CHECK(s.phase == notification_phase::failed);
  CHECK(s.reason == reasons::max_retries_exhausted);
  CHECK(s.total_attempts == 1);
  CHECK(s.delivery_attempts.at(0).channel == "slack:slack-failure");
  CHECK(s.delivery_attempts.at(0).error == "slack webhook returned 503 (retryable): unavailable");
  CHECK(count(r.stored, audit_message_failed) == 1);
  CHECK(count(r.stored, audit_message_escalated) == 1);
}

TEST_CASE("console-slack-failure: slack is tried first and retried, console succeeds once, the phase is Retrying") {
  const auto r = run_e2e({make("nr-mixed", "console-slack-failure")}, 100s);
  const notification_status& s = r.finals.at(0).status;
  CHECK(s.phase == notification_phase::retrying);
  CHECK(s.delivery_attempts.at(0).channel == "slack:console-slack-failure");
  CHECK(s.successful_deliveries == 1);
  CHECK(s.failed_deliveries == 1);
  CHECK(s.total_attempts >= 3);  // console once, slack at ~0 s, ~30 s, ...
  CHECK(count(r.stored, audit_message_sent) == 1);
}
