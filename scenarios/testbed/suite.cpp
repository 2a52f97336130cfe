// The E2E suite of one scenario run: each scenario test as harness steps
// (create the NotificationRequest, Eventually probe), the suite's filler
// tests, and BeforeSuite's deployments and readiness wait.
#include <fmt/format.h>

#include <cmath>
#include <deque>
#include <memory>

#include "reconsim/model/notification/manifest.hpp"
#include "reconsim/scenarios/checkers/checker.hpp"
#include "testbed.hpp"

namespace reconsim::scenarios::detail {

namespace {

int count_file_attempts(const nt::notification_request& nr) {
  int n = 0;
  for (const auto& a : nr.status.delivery_attempts) n += a.channel == "file" ? 1 : 0;
  return n;
}

probe probe_for(testbed& tb, const resolved& r, const test_spec& t, const nt::notification_request& nr) {
  const model::namespaced_name key = nr.key();
  const std::string name = nr.metadata.name;
  switch (t.expect) {
    case expectation::file_on_host:
      return [&tb, dir = r.spec.output_dir, name, cost = t.poll_cost](probe_result& out) {
        if (cost > sim::duration(0)) sim::sleep_for(cost);  // kubectl exec ... ls
        const auto listing = tb.fs.host().list_dir(dir);
        int n = 0;
        const std::string prefix = "notification-" + name + "-";
        if (listing.ok()) {
          for (const auto& f : listing.value) {
            n += (f.rfind(prefix, 0) == 0 && f.size() > 5 && f.compare(f.size() - 5, 5, ".json") == 0) ? 1 : 0;
          }
        }
        out.set_count(n >= 1, n, " file(s) on the host");
      };
    case expectation::phase:
      return [&tb, key, want = t.phase](probe_result& out) {
        auto obj = tb.store.peek(key);
        const std::string_view got = obj ? nt::to_string(obj->status.phase) : std::string_view("(absent)");
        out.set_text(got == want, "phase=", got);
      };
    case expectation::file_attempts_at_least:
      return [&tb, key, want = t.count](probe_result& out) {
        auto obj = tb.store.peek(key);
        const int n = obj ? count_file_attempts(*obj) : 0;
        out.set_count(n >= want, n, " file attempt(s)");
      };
    case expectation::audit_events_at_least:
    case expectation::audit_events_equal:
      return [&tb, name, want = t.count, exact = t.expect == expectation::audit_events_equal](probe_result& out) {
        const int n = tb.ds.query_count(name);
        out.set_count(exact ? n == want : n >= want, n, " audit event(s) queryable");
      };
  }
  return probe_bool([] { return false; });
}

// The scenario's retry.* overrides on top of the manifest's own policy.
void apply_retry_override(nt::notification_request& nr, const retry_override& o) {
  if (!o.max_attempts && !o.initial_backoff_seconds && !o.backoff_multiplier && !o.max_backoff_seconds) return;
  nt::retry_policy p = nt::effective_retry_policy(*nr.spec);
  p.max_attempts = o.max_attempts.value_or(p.max_attempts);
  p.initial_backoff_seconds = o.initial_backoff_seconds.value_or(p.initial_backoff_seconds);
  p.backoff_multiplier = o.backoff_multiplier.value_or(p.backoff_multiplier);
  p.max_backoff_seconds = o.max_backoff_seconds.value_or(p.max_backoff_seconds);
  nr.spec.edit().retry_policy = p;
}

test_case make_test(testbed& tb, const resolved& r, const test_spec& t, bool scenario_test) {
  nt::notification_request nr = nt::load_manifest(t.manifest, r.spec.name + "/" + t.name);
  if (scenario_test) apply_retry_override(nr, r.spec.retry);
  test_case tc;
  tc.name = t.name;
  tc.steps.push_back(action("create NotificationRequest " + nr.metadata.name, [&tb, nr]() -> std::optional<std::string> {
    trace_retry_policy(model::to_string(nr.key()), nt::effective_retry_policy(*nr.spec));
    auto res = tb.store.create(nr);
    if (!res.ok()) return "create failed: " + res.error().message;
    return std::nullopt;
  }));
  if (t.wait_for_sent_first) {
    test_spec sent = t;
    sent.expect = expectation::phase;
    sent.phase = "Sent";
    tc.steps.push_back(eventually("phase Sent", 30s, 1s, probe_for(tb, r, sent, nr)));
  }
  if (t.initial_delay > sim::duration(0)) tc.steps.push_back(sleep(t.initial_delay, "initial delay"));
  eventually_options eo;
  eo.timeout = t.timeout;
  eo.poll = t.poll;
  eo.per_poll_delay = t.per_poll_delay;
  tc.steps.push_back(eventually(t.name, eo, probe_for(tb, r, t, nr)));
  return tc;
}

// The storm (storm_spec): one test that creates every NotificationRequest
// at the storm's rate, the scenario's manifests in turn, then waits for
// each to reach a terminal phase.
test_case make_storm(testbed& tb, const resolved& r) {
  std::vector<nt::notification_request> templates;
  for (const auto& t : r.spec.tests) {
    templates.push_back(nt::load_manifest(t.manifest, r.spec.name + "/" + t.name));
    apply_retry_override(templates.back(), r.spec.retry);
  }
  if (templates.empty()) throw scenario_error("storm: the scenario has no test manifest to create notifications from");
  const storm_spec storm = r.spec.storm;
  const sim::duration gap{static_cast<std::int64_t>(std::llround(1e9 / storm.rate_per_s))};
  auto pending = std::make_shared<std::deque<model::namespaced_name>>();
  test_case tc;
  tc.name = fmt::format("storm: {} notifications, {}/s, each reaches a terminal phase", storm.notifications,
                        storm.rate_per_s);
  tc.steps.push_back(action(fmt::format("create {} NotificationRequests", storm.notifications),
                            [&tb, templates, storm, gap, pending]() -> std::optional<std::string> {
                              for (int i = 0; i < storm.notifications; ++i) {
                                nt::notification_request nr = templates[static_cast<std::size_t>(i) % templates.size()];
                                nr.metadata.name = fmt::format("storm-{:06}", i + 1);
                                trace_retry_policy(model::to_string(nr.key()), nt::effective_retry_policy(*nr.spec));
                                auto res = tb.store.create(nr);
                                if (!res.ok()) return "create " + nr.metadata.name + " failed: " + res.error().message;
                                pending->push_back(nr.key());
                                if (i + 1 < storm.notifications) sim::sleep_for(gap);
                              }
                              return std::nullopt;
                            }));
  eventually_options eo;
  eo.timeout = storm.timeout;
  eo.poll = std::chrono::seconds(1);
  tc.steps.push_back(eventually("every notification in a terminal phase", eo, [&tb, pending](probe_result& out) {
    // In creation order, up to the first one still on its way: each
    // notification is read until it is terminal, not once per poll.
    while (!pending->empty()) {
      const auto obj = tb.store.peek(pending->front());
      if (!obj || !nt::is_terminal(obj->status.phase)) break;
      pending->pop_front();
    }
    if (pending->empty()) {
      out.set(true, "every notification is in a terminal phase");
    } else {
      out.set(false, "{} not yet in a terminal phase (or not yet checked)", model::key_text(pending->front()).view());
    }
  }));
  return tc;
}

}  // namespace

std::vector<test_case> make_tests(testbed& tb, const resolved& r) {
  if (r.spec.storm.notifications > 0) return {make_storm(tb, r)};
  std::vector<test_case> tests;
  for (const auto& t : r.spec.tests) tests.push_back(make_test(tb, r, t, true));
  for (int i = 0; i < r.spec.filler_tests; ++i) {
    test_spec filler;
    filler.name = fmt::format("suite-{:02}: console notification is Sent", i + 1);
    filler.manifest = fmt::format(
        "apiVersion: kubernaut.ai/v1alpha1\nkind: NotificationRequest\n"
        "metadata:\n  name: e2e-suite-{:02}\n  namespace: notification-e2e\n"
        "spec:\n  type: Simple\n  subject: suite\n  body: suite\n  extensions:\n    test-channel-set: console\n",
        i + 1);
    filler.expect = expectation::phase;
    filler.timeout = 30s;
    filler.poll = 1s;
    tests.push_back(make_test(tb, r, filler, false));
  }
  return tests;
}

before_suite_spec make_before_suite(testbed& tb, const resolved& r) {
  before_suite_spec b;
  deployment controller;
  controller.name = "notification-controller";
  controller.image_pull_ok = r.spec.controller_image_ok;
  controller.ready_after = r.spec.controller_ready_after;
  controller.on_ready = [&tb] { tb.controller().start(); };
  if (r.spec.datastorage.enabled) {
    deployment ds;
    ds.name = "datastorage";
    ds.ready_after = 15s;
    ds.on_ready = [&tb] {
      tb.ds.listen();
      tb.audit.start();
    };
    b.deployments.push_back(ds);
  }
  b.deployments.push_back(controller);
  if (r.spec.datastorage.readiness_delay > sim::duration(0)) {
    // Seed 004's fix (DD-E2E-001): wait, then poll /health until it answers.
    b.steps.push_back(sleep(r.spec.datastorage.readiness_delay, "DataStorage readiness delay"));
    b.steps.push_back(eventually("DataStorage /health answers", 60s, 1s, [&tb](probe_result& seen) {
      auto out = tb.net.call(std::string(tests_node), tb.ds.client_endpoint(), model::request{"GET", "/health", {}, ""}, 5s);
      seen.set(out.ok(), "{}", out.ok() ? "200" : "no answer");
    }));
  }
  return b;
}

}  // namespace reconsim::scenarios::detail
