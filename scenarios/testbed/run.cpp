// run_scenario: builds the whole testbed of a scenario in one world — API
// server, informer, controller with the chosen reconciler variant, delivery
// channels on the virtiofs and network models, the audit client and
// DataStorage, the fault plan, and the E2E harness that judges it — runs
// it, then runs the checkers over the trace.
#include "reconsim/scenarios/run.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <memory>
#include <string_view>
#include <system_error>

#include "datastorage.hpp"
#include "reconsim/faults/network.hpp"
#include "reconsim/faults/plan.hpp"
#include "reconsim/faults/virtiofs.hpp"
#include "reconsim/model/apiserver.hpp"
#include "reconsim/model/audit_http.hpp"
#include "reconsim/model/audit_store.hpp"
#include "reconsim/model/controller.hpp"
#include "reconsim/model/notification/manifest.hpp"
#include "reconsim/model/notification/reconciler.hpp"
#include "reconsim/scenarios/checker.hpp"
#include "reconsim/scenarios/harness.hpp"
#include "reconsim/scenarios/overrides.hpp"
#include "reconsim/scenarios/scenario.hpp"
#include "reconsim/scenarios/scenario_file.hpp"
#include "reconsim/sim.hpp"

namespace reconsim::scenarios {

namespace nt = model::notification;
using namespace std::chrono_literals;

namespace {

struct resolved {
  scenario_spec spec;
  nt::variant variant;
  model::queue_kind queue = model::queue_kind::classic;
  sim::schedule_policy policy = sim::schedule_policy::fifo;
  faults::plan plan;
};

bool names_a_file(const std::string& name) {
  const auto ends_with = [&name](std::string_view tail) { return name.ends_with(tail); };
  std::error_code ec;
  return ends_with(".yaml") || ends_with(".yml") || std::filesystem::is_regular_file(name, ec);
}

}  // namespace

// A path to a scenario file is loaded; anything else is a built-in name.
scenario_spec load_scenario(const std::string& name) {
  if (names_a_file(name)) return load_scenario_spec(name);
  const scenario_spec* found = find_scenario(name);
  if (found == nullptr) {
    std::string names;
    for (const auto& s : builtin_scenarios()) names += (names.empty() ? "" : ", ") + s.name;
    throw scenario_error(fmt::format("unknown scenario '{}' (expected one of: {})", name, names));
  }
  return *found;
}

namespace {

resolved resolve(const scenario_spec& spec, const run_request& req) {
  resolved r{spec, nt::upstream_variant(), {}, {}, {}};
  apply_overrides(r.spec, req.overrides);
  const std::string variant_name = req.variant.value_or(r.spec.variant);
  auto v = nt::parse_variant(variant_name);
  if (!v) {
    std::string names;
    for (const auto& x : nt::variants()) names += (names.empty() ? "" : ", ") + std::string(x.name);
    throw scenario_error(fmt::format("unknown variant '{}' (expected one of: {})", variant_name, names));
  }
  r.variant = *v;
  r.spec.variant = variant_name;
  if (req.procs) r.spec.procs = *req.procs;
  if (req.queue) r.spec.queue = *req.queue;
  if (r.spec.queue != "classic" && r.spec.queue != "priority") {
    throw scenario_error(fmt::format("unknown queue '{}' (expected classic or priority)", r.spec.queue));
  }
  r.queue = r.spec.queue == "priority" ? model::queue_kind::priority : model::queue_kind::classic;
  if (req.policy && !sim::parse_schedule_policy(*req.policy, r.policy)) {
    throw scenario_error(fmt::format("unknown schedule policy '{}' (expected fifo, random or pct)", *req.policy));
  }
  if (req.plan) r.spec.plan = *req.plan;
  faults::parse_result parsed = faults::parse_plan(r.spec.plan);
  if (!parsed.ok()) throw scenario_error("fault plan: " + parsed.error->message());
  r.plan = parsed.plan;
  return r;
}

// Everything the actors use; it outlives the world's actors (the world is
// destroyed first, see run_scenario).
struct testbed {
  testbed(sim::world& w, const resolved& r)
      : api(w, api_options()),
        store(api, nt::notification_resource()),
        inf(store, informer_options()),
        fs(w, r.spec.fs),
        net(w, faults::network_options{}),
        ds(w, net, r.spec.datastorage),
        writer(net, "e2e-tests", ds.client_endpoint()),
        audit("notification", writer, r.spec.datastorage.audit, r.spec.datastorage.dlq ? &dlq : nullptr),
        file(fs.guest(), r.spec.output_dir),
        // The log channel (structured JSON to stdout) behaves as console does.
        rec(store, inf, {{"console", &console}, {"log", &log}, {"file", &file}}, &audit,
            nt::reconciler_options{r.variant}),
        ctl("notification", model::make_queue(r.queue, "notification"),
            [this](const model::reconcile::request& q) { return rec(q); }, {1}) {
    nt::watch_notifications(ctl, inf, rec);
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
  nt::reconciler rec;
  model::controller ctl;
};

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
      return [&tb, dir = r.spec.output_dir, name, cost = t.poll_cost] {
        if (cost > sim::duration(0)) sim::sleep_for(cost);  // kubectl exec ... ls
        const auto listing = tb.fs.host().list_dir(dir);
        int n = 0;
        const std::string prefix = "notification-" + name + "-";
        if (listing.ok()) {
          for (const auto& f : listing.value) {
            n += (f.rfind(prefix, 0) == 0 && f.size() > 5 && f.compare(f.size() - 5, 5, ".json") == 0) ? 1 : 0;
          }
        }
        return probe_result{n >= 1, fmt::format("{} file(s) on the host", n)};
      };
    case expectation::phase:
      return [&tb, key, want = t.phase] {
        auto obj = tb.store.peek(key);
        const std::string got = obj ? std::string(nt::to_string(obj->status.phase)) : "(absent)";
        return probe_result{got == want, "phase=" + got};
      };
    case expectation::file_attempts_at_least:
      return [&tb, key, want = t.count] {
        auto obj = tb.store.peek(key);
        const int n = obj ? count_file_attempts(*obj) : 0;
        return probe_result{n >= want, fmt::format("{} file attempt(s)", n)};
      };
    case expectation::audit_events_at_least:
    case expectation::audit_events_equal:
      return [&tb, name, want = t.count, exact = t.expect == expectation::audit_events_equal] {
        const int n = tb.ds.query_count(name);
        return probe_result{exact ? n == want : n >= want, fmt::format("{} audit event(s) queryable", n)};
      };
  }
  return probe_bool([] { return false; });
}

// The scenario's retry.* overrides on top of the manifest's own policy.
void apply_retry_override(nt::notification_request& nr, const retry_override& o) {
  if (!o.max_attempts && !o.initial_backoff_seconds && !o.backoff_multiplier && !o.max_backoff_seconds) return;
  nt::retry_policy p = nt::effective_retry_policy(nr.spec);
  p.max_attempts = o.max_attempts.value_or(p.max_attempts);
  p.initial_backoff_seconds = o.initial_backoff_seconds.value_or(p.initial_backoff_seconds);
  p.backoff_multiplier = o.backoff_multiplier.value_or(p.backoff_multiplier);
  p.max_backoff_seconds = o.max_backoff_seconds.value_or(p.max_backoff_seconds);
  nr.spec.retry_policy = p;
}

test_case make_test(testbed& tb, const resolved& r, const test_spec& t, bool scenario_test) {
  nt::notification_request nr = nt::load_manifest(t.manifest, r.spec.name + "/" + t.name);
  if (scenario_test) apply_retry_override(nr, r.spec.retry);
  test_case tc;
  tc.name = t.name;
  tc.steps.push_back(action("create NotificationRequest " + nr.metadata.name, [&tb, nr]() -> std::optional<std::string> {
    trace_retry_policy(model::to_string(nr.key()), nt::effective_retry_policy(nr.spec));
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

std::vector<test_case> make_tests(testbed& tb, const resolved& r) {
  std::vector<test_case> tests;
  for (const auto& t : r.spec.tests) tests.push_back(make_test(tb, r, t, true));
  for (int i = 0; i < r.spec.filler_tests; ++i) {
    test_spec filler;
    filler.name = fmt::format("suite-{:02}: console notification is Sent", i + 1);
    filler.manifest = fmt::format(
        "apiVersion: notification.kubernaut.ai/v1alpha1\nkind: NotificationRequest\n"
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
  controller.on_ready = [&tb] {
    tb.inf.start();
    tb.ctl.start();
  };
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
    b.steps.push_back(eventually("DataStorage /health answers", 60s, 1s, [&tb] {
      auto out = tb.net.call("e2e-tests", tb.ds.client_endpoint(), model::request{"GET", "/health", {}, ""}, 5s);
      return probe_result{out.ok(), out.ok() ? "200" : "no answer"};
    }));
  }
  return b;
}

std::vector<std::string> default_checks(const scenario_spec& s) {
  if (!s.checks.empty()) return s.checks;
  std::vector<std::string> names;
  for (const auto& c : checkers()) names.emplace_back(c.name);
  return names;
}

std::string chain_line(const sim::trace_event& e) {
  std::string fields;
  for (const auto& f : e.fields) {
    fields += " " + f.key + "=";
    std::visit(
        [&fields](const auto& v) {
          using V = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<V, std::string>) {
            fields += v;
          } else {
            fields += fmt::format("{}", v);
          }
        },
        f.value);
  }
  return fmt::format("{:>10.3f}s  {:<28} {}{}", sim::to_seconds(e.at), e.actor.empty() ? "(world)" : e.actor, e.kind,
                     fields);
}

void fill_results(run_result& out, const resolved& r, const suite_result& suite, const sim::outcome& o) {
  for (const auto& t : suite.tests) {
    out.tests.push_back({t.name, t.passed, t.failure, sim::to_seconds(t.ended)});
  }
  if (!suite.before_suite_passed && !suite.before_suite_failure.empty()) {
    out.tests.insert(out.tests.begin(), {"BeforeSuite", false, suite.before_suite_failure, 0});
  }
  for (const auto& name : default_checks(r.spec)) {
    const check_result c = run_check(name, out.trace, &o);
    check_outcome co{c.name, c.passed, std::nullopt, c.explanation, {}};
    if (c.first_violation) co.first_violation_s = sim::to_seconds(*c.first_violation);
    for (const auto& e : c.chain) co.chain.push_back(chain_line(e));
    out.checks.push_back(std::move(co));
  }
  int file_attempts = 0;
  for (const auto& e : out.trace) {
    if (e.kind == "notification.attempt" && e.get_string("channel") == "file") ++file_attempts;
    // Probabilistic fault points are enabled per run from the seed: show
    // which ones this seed turned on.
    if (e.kind == "fault.point") {
      out.settings.emplace_back("fault point " + e.get_string("point"), e.get_int("enabled") != 0 ? "enabled" : "off");
    }
  }
  const audit_tally a = tally_audit(out.trace);
  out.counters["file_attempts"] = file_attempts;
  out.counters["audit_emitted"] = static_cast<double>(a.emitted);
  out.counters["audit_stored"] = static_cast<double>(a.stored_rows);
  out.counters["audit_lost"] = static_cast<double>(a.lost);
  out.counters["audit_duplicates"] = static_cast<double>(a.duplicates);
  out.counters["audit_dead_lettered"] = static_cast<double>(a.dead_lettered);
  out.counters["tests_passed"] = suite.passed();
  out.counters["tests_failed"] = suite.failed();
  out.counters["suite_s"] = sim::to_seconds(suite.suite_time());
  out.counters["virtual_s"] = sim::to_seconds(o.at);
  out.passed = suite.finished && suite.failed() == 0 && suite.before_suite_passed;
  for (const auto& c : out.checks) out.passed = out.passed && c.passed;
}

void describe_settings(run_result& out, const resolved& r, const faults::virtiofs& fs) {
  auto& s = out.settings;
  s.emplace_back("scenario", r.spec.name + " — " + r.spec.description);
  s.emplace_back("reproduces", r.spec.seeds);
  s.emplace_back("schedule policy", std::string(sim::to_string(r.policy)));
  s.emplace_back("procs (ginkgo --procs)", std::to_string(r.spec.procs));
  s.emplace_back("tests", fmt::format("{} scenario tests + {} other suite tests", r.spec.tests.size(), r.spec.filler_tests));
  for (int load : {1, r.spec.procs}) {
    const auto range = faults::latency_range_at(fs.options().latency, load);
    s.emplace_back(fmt::format("virtiofs sync latency @load {}", load),
                   fmt::format("{} .. {}", sim::format_duration(range.min), sim::format_duration(range.max)));
  }
  s.emplace_back("api latency / watch delay", "1ms..5ms / 5ms..20ms");
  const auto& d = r.spec.datastorage;
  if (d.enabled) {
    s.emplace_back("DataStorage NodePort (tests / deployed)", fmt::format("{} / {}", d.node_port_tests_use, d.node_port_deployed));
    s.emplace_back("DataStorage indexing delay",
                   fmt::format("{} .. {}", sim::format_duration(d.index_delay_min), sim::format_duration(d.index_delay_max)));
    s.emplace_back("audit client", fmt::format("buffer {} batch {} flush {} retries {} dlq {} idempotent server {}",
                                               d.audit.buffer_size, d.audit.batch_size,
                                               sim::format_duration(d.audit.flush_interval), d.audit.max_retries,
                                               d.dlq ? "on" : "off", d.idempotent ? "yes" : "no"));
  }
}

}  // namespace

// The request's seed always wins (it is the run's identity, in every repro
// file); a scenario file's `seed` is its default in `reconsim run`.
run_result run_scenario(const run_request& req) { return run_scenario(load_scenario(req.scenario), req); }

run_result run_scenario(const scenario_spec& spec, const run_request& req) {
  const resolved r = resolve(spec, req);
  sim::options so;
  so.policy = r.policy;
  so.time_cap = r.spec.time_cap;
  auto w = std::make_unique<sim::world>(req.seed, so);
  auto tb = std::make_unique<testbed>(*w, r);
  run_result out;
  out.scenario = r.spec.name;
  out.variant = r.spec.variant;
  out.queue = r.spec.queue;
  out.seed = req.seed;
  out.plan = faults::print(r.plan, "; ");
  describe_settings(out, r, tb->fs);
  if (!req.overrides.empty()) {
    std::string set;
    for (const auto& [name, value] : req.overrides) set += (set.empty() ? "" : ", ") + name + "=" + value;
    out.settings.emplace_back("overrides (--set)", set);
  }

  faults::apply(r.plan, *w, faults::environment{&tb->fs, &tb->net});
  harness_options ho;
  ho.procs = r.spec.procs;
  ho.on_running_changed = [fs = &tb->fs](int running) { fs->set_load(std::max(1, running)); };
  ho.on_finished = [t = tb.get(), ds = r.spec.datastorage.enabled] {
    t->ctl.shut_down();
    t->inf.stop();
    if (ds) t->audit.close();
  };
  harness h(ho, make_before_suite(*tb, r), make_tests(*tb, r));
  h.start(*w);
  out.outcome = w->run();
  out.trace = w->trace().events();
  out.trace_hash = w->trace().hash_hex();
  fill_results(out, r, h.result(), out.outcome);
  // Unwind any actor still blocked while the models it uses are alive.
  w.reset();
  return out;
}

}  // namespace reconsim::scenarios
