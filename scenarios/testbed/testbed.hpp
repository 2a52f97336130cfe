#pragma once
// The testbed's private parts, shared by run.cpp (resolve, run, collect)
// and suite.cpp (the E2E suite built from the scenario's tests).
#include <vector>

#include "datastorage.hpp"
#include "slack_webhook.hpp"
#include "reconsim/faults/api_faults.hpp"
#include "reconsim/faults/network.hpp"
#include "reconsim/faults/plan.hpp"
#include "reconsim/faults/virtiofs.hpp"
#include "reconsim/model/audit_http.hpp"
#include "reconsim/model/audit_store.hpp"
#include "reconsim/model/kube/apiserver.hpp"
#include "reconsim/model/kube/controller.hpp"
#include "reconsim/model/notification/reconciler.hpp"
#include "reconsim/scenarios/spec/scenario.hpp"
#include "reconsim/scenarios/testbed/harness.hpp"
#include "reconsim/sim.hpp"

namespace reconsim::scenarios::detail {

namespace nt = model::notification;
using namespace std::chrono_literals;

// The scenario with the request's choices applied and parsed.
struct resolved {
  scenario_spec spec;
  nt::variant variant;
  model::queue_kind queue = model::queue_kind::classic;
  sim::schedule_policy policy = sim::schedule_policy::fifo;
  faults::plan plan;
};

// The controller process: what a crash loses and a restart builds anew —
// the informer's cache, the reconciler's memory (in-flight successes, audit
// de-duplication, circuit breakers) and the controller's queue. Its actors
// are "informer.notifications", "notification.start" and
// "notification.worker-<i>".
struct controller_process {
  controller_process(nt::notification_store& store, std::map<std::string, nt::delivery_service*> channels,
                     model::audit::sink* audit, const resolved& r)
      : inf(store, informer_options(r.spec.timing)),
        rec(store, inf, std::move(channels), audit, reconciler_options(r)),
        ctl("notification", model::make_queue(r.queue, "notification"),
            [this](const model::reconcile::request& q) { return rec(q); }, {r.spec.max_concurrent_reconciles}) {
    nt::watch_notifications(ctl, inf, rec);
  }
  controller_process(const controller_process&) = delete;
  controller_process& operator=(const controller_process&) = delete;

  static nt::reconciler_options reconciler_options(const resolved& r) {
    nt::reconciler_options o;
    o.design = r.variant;
    return o;
  }
  static model::informer_options informer_options(const platform_timing& t) {
    model::informer_options o;
    o.name = "notifications";
    o.watch_delay_min = t.watch_delay_min;
    o.watch_delay_max = t.watch_delay_max;
    return o;
  }
  // Whether `actor` is one of this process's actors.
  bool owns(std::string_view actor) const;
  void start() {
    inf.start();
    ctl.start();
    started = true;
  }
  void stop() {
    ctl.shut_down();
    inf.stop();
  }

  nt::notification_informer inf;
  nt::reconciler rec;
  model::controller ctl;
  bool started = false;
};

// Everything the actors use; it outlives the world's actors (the world is
// destroyed first, see run_scenario).
struct testbed final : faults::restartable {
  testbed(sim::world& w, const resolved& r)
      : world(&w),
        spec(&r),
        api(w, api_options(r.spec.timing)),
        api_faults(w, api),
        store(api, nt::notification_resource()),
        fs(w, r.spec.fs),
        net(w, network_options(r.spec.timing)),
        ds(w, net, r.spec.datastorage),
        writer(net, std::string(tests_node), ds.client_endpoint()),
        audit("notification", writer, r.spec.datastorage.audit, r.spec.datastorage.dlq ? &dlq : nullptr),
        file(fs.guest(), r.spec.output_dir),
        slack(net) {
    processes.push_back(std::make_unique<controller_process>(store, channels(), &audit, r));
  }

  std::map<std::string, nt::delivery_service*> channels() {
    // The log channel (structured JSON to stdout) behaves as console does.
    std::map<std::string, nt::delivery_service*> out{{"console", &console}, {"log", &log}, {"file", &file}};
    slack.register_channels(out);
    return out;
  }

  static model::api_server_options api_options(const platform_timing& t) {
    model::api_server_options o;
    o.latency_min = t.api_latency_min;
    o.latency_max = t.api_latency_max;
    return o;
  }
  static faults::network_options network_options(const platform_timing& t) {
    faults::network_options o;
    o.latency_min = t.network_latency_min;
    o.latency_max = t.network_latency_max;
    return o;
  }

  // The running (or next) controller process.
  controller_process& controller() { return *processes.back(); }
  // `at DUR: restart controller DOWN` (faults::restartable).
  void restart(std::string_view component, sim::duration down) override;
  // The suite ended: no process comes back after this.
  void finish() {
    finished = true;
    controller().stop();
  }

  sim::world* world;
  const resolved* spec;
  model::api_server api;
  faults::api_faults api_faults;
  nt::notification_store store;
  faults::virtiofs fs;
  faults::sim_network net;
  datastorage ds;
  model::audit::http_batch_writer writer;
  model::audit::memory_dead_letter_queue dlq;
  model::audit::buffered_store audit;
  nt::console_channel console;
  nt::console_channel log;
  nt::file_channel file;
  slack_webhook slack;
  // Every incarnation, the newest last: a killed one stays alive until the
  // testbed dies, since its unwinding actors still reference it.
  std::vector<std::unique_ptr<controller_process>> processes;
  bool finished = false;
};

// The scenario's tests and the suite's filler tests, each a test_case of
// harness steps that probe `tb`.
std::vector<test_case> make_tests(testbed& tb, const resolved& r);
// The deployments (controller, DataStorage) and the readiness wait.
before_suite_spec make_before_suite(testbed& tb, const resolved& r);

}  // namespace reconsim::scenarios::detail
