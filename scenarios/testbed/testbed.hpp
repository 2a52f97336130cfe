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

// Everything the actors use; it outlives the world's actors (the world is
// destroyed first, see run_scenario).
struct testbed {
  testbed(sim::world& w, const resolved& r)
      : api(w, api_options()),
        api_faults(w, api),
        store(api, nt::notification_resource()),
        inf(store, informer_options()),
        fs(w, r.spec.fs),
        net(w, faults::network_options{}),
        ds(w, net, r.spec.datastorage),
        writer(net, std::string(tests_node), ds.client_endpoint()),
        audit("notification", writer, r.spec.datastorage.audit, r.spec.datastorage.dlq ? &dlq : nullptr),
        file(fs.guest(), r.spec.output_dir),
        slack(net),
        rec(store, inf, channels(), &audit, nt::reconciler_options{r.variant}),
        ctl("notification", model::make_queue(r.queue, "notification"),
            [this](const model::reconcile::request& q) { return rec(q); }, {1}) {
    nt::watch_notifications(ctl, inf, rec);
  }

  std::map<std::string, nt::delivery_service*> channels() {
    // The log channel (structured JSON to stdout) behaves as console does.
    std::map<std::string, nt::delivery_service*> out{{"console", &console}, {"log", &log}, {"file", &file}};
    slack.register_channels(out);
    return out;
  }

  static model::api_server_options api_options() {
    model::api_server_options o;
    o.latency_min = 1ms;
    o.latency_max = 5ms;
    return o;
  }
  static model::informer_options informer_options() {
    model::informer_options o;
    o.name = "notifications";
    o.watch_delay_min = 5ms;
    o.watch_delay_max = 20ms;
    return o;
  }

  model::api_server api;
  faults::api_faults api_faults;
  nt::notification_store store;
  nt::notification_informer inf;
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
  nt::reconciler rec;
  model::controller ctl;
};

// The scenario's tests and the suite's filler tests, each a test_case of
// harness steps that probe `tb`.
std::vector<test_case> make_tests(testbed& tb, const resolved& r);
// The deployments (controller, DataStorage) and the readiness wait.
before_suite_spec make_before_suite(testbed& tb, const resolved& r);

}  // namespace reconsim::scenarios::detail
