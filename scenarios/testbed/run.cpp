// run_scenario: builds the whole testbed of a scenario in one world — API
// server, informer, controller with the chosen reconciler variant, delivery
// channels on the virtiofs and network models, the audit client and
// DataStorage, the fault plan, and the E2E harness that judges it (its
// tests: suite.cpp) — runs it, with the checkers reading the trace as it
// is recorded (so a run need not keep its events).
#include "reconsim/scenarios/testbed/run.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <memory>
#include <optional>

#include "reconsim/model/detail/text_memo.hpp"
#include "reconsim/model/notification/manifest.hpp"
#include "reconsim/scenarios/checkers/checker.hpp"
#include "reconsim/scenarios/spec/overrides.hpp"
#include "testbed.hpp"

namespace reconsim::scenarios {

namespace {

using detail::resolved;
using detail::testbed;
namespace nt = model::notification;

// Reads only the request's overrides, variant, procs, queue, policy and
// plan (same_resolution below compares exactly these).
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
  if (req.procs) {
    if (*req.procs < 1 || *req.procs > max_request_procs) {
      throw scenario_error(fmt::format("procs {} is out of range (1..{})", *req.procs, max_request_procs));
    }
    r.spec.procs = *req.procs;
  }
  if (req.queue) r.spec.queue = *req.queue;
  if (r.spec.queue.empty()) r.spec.queue = std::string(to_string(r.variant.queue));
  if (r.spec.queue != "classic" && r.spec.queue != "priority") {
    throw scenario_error(fmt::format("unknown queue '{}' (expected classic or priority)", r.spec.queue));
  }
  r.queue = r.spec.queue == "priority" ? model::queue_kind::priority : model::queue_kind::classic;
  if (req.policy && !sim::parse_schedule_policy(*req.policy, r.policy)) {
    throw scenario_error(fmt::format("unknown schedule policy '{}' (expected fifo, random or pct)", *req.policy));
  }
  if (req.plan) r.spec.plan = *req.plan;
  // A search runs one plan thousands of times: parsed once per process per
  // text (shrinking's few hundred distinct plans fit too).
  static model::detail::text_memo<faults::parse_result> plans(1024);
  faults::parse_result parsed = plans.get(r.spec.plan, [&] { return faults::parse_plan(r.spec.plan); });
  if (!parsed.ok()) throw scenario_error("fault plan: " + parsed.error->message());
  // Checked before a world exists (a throw from inside run_scenario would
  // tear the testbed down around the world's actors).
  std::vector<std::string> channel_types;
  for (const test_spec& t : r.spec.tests) {
    const manifest_channels m = channels_of_manifest(t.manifest, r.spec.name + "/" + t.name);
    if (const auto& bad = m.problem) {
      throw scenario_error(fmt::format("test '{}': {}; expected {}", t.name, bad->problem, bad->expected));
    }
    add_channel_types(channel_types, m.types);
  }
  // A name the testbed does not have would never fire: bad input, not a pass.
  if (auto bad = faults::check_targets(parsed, plan_targets_of(r.spec, channel_types))) {
    throw scenario_error("fault plan: " + bad->message() + " (it names nothing this testbed has)");
  }
  r.plan = parsed.plan;
  return r;
}

std::vector<std::string> default_checks(const scenario_spec& s) {
  if (!s.checks.empty()) return s.checks;
  std::vector<std::string> names;
  for (const auto& c : checkers()) names.emplace_back(c.name);
  return names;
}

// The scenario's checks, then each extra one it does not already run.
std::vector<std::string> checks_to_run(const scenario_spec& s, const std::vector<std::string>& extra) {
  std::vector<std::string> names = default_checks(s);
  for (const auto& x : extra) {
    if (std::find(names.begin(), names.end(), x) == names.end()) names.push_back(x);
  }
  return names;
}

// The fields the model records as durations or times (nanoseconds in the
// trace): shown as "30s", "17.670ms" in a chain, not 30000000000.
bool is_duration_field(std::string_view key) {
  static constexpr std::string_view keys[] = {"delay",  "requeue_after", "remaining", "elapsed", "wait",
                                              "work",   "until",         "down",      "length",  "timeout",
                                              "poll",   "after"};
  return std::find(std::begin(keys), std::end(keys), key) != std::end(keys);
}

}  // namespace

std::string event_line(const sim::trace_event& e) {
  std::string fields;
  for (const auto& f : e.fields) {
    fields += " " + f.key + "=";
    std::visit(
        [&fields, &f](const auto& v) {
          using V = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<V, std::string>) {
            fields += v;
          } else if constexpr (std::is_same_v<V, std::int64_t>) {
            fields += is_duration_field(f.key) ? sim::format_duration_readable(sim::duration(v)) : fmt::format("{}", v);
          } else {
            fields += fmt::format("{}", v);
          }
        },
        f.value);
  }
  return fmt::format("{:>10.3f}s  {:<28} {}{}", sim::to_seconds(e.at), e.actor.empty() ? "(world)" : e.actor, e.kind,
                     fields);
}

check_outcome outcome_of(check_result c) {
  check_outcome co;
  co.name = std::move(c.name);
  co.passed = c.passed;
  co.explanation = std::move(c.explanation);
  co.status = std::string(status_of(c));
  if (c.first_violation) co.first_violation_s = sim::to_seconds(*c.first_violation);
  co.chain_events = std::move(c.chain);
  return co;
}

std::vector<std::string> chain_lines(const check_outcome& c) {
  std::vector<std::string> out;
  out.reserve(c.chain_events.size());
  for (const auto& e : c.chain_events) out.push_back(event_line(e));
  return out;
}

namespace {

// The run's own tallies for its report: every delivery attempt, and which
// probabilistic fault points this seed turned on.
class report_counts final : public sim::trace_observer {
 public:
  // `list_attempts` false: only count the file attempts (the counter every
  // run has), without the per-attempt list only a report prints.
  explicit report_counts(bool list_attempts) : list_attempts_(list_attempts) {}

  void observe(const sim::trace_event& e) override {
    if (e.kind == "notification.attempt") {
      if (e.get_text("channel") == "file") ++file_attempts;
      if (list_attempts_) {
        attempts[{e.get_string("key"), e.get_string("channel")}].push_back(
            {sim::to_seconds(e.at), e.get_string("status")});
      }
    }
    if (e.kind == "fault.point") {
      points.emplace_back("fault point " + e.get_string("point"), e.get_int("enabled") != 0 ? "enabled" : "off");
    }
  }
  std::size_t file_attempts = 0;
  decltype(run_result::attempts) attempts;
  std::vector<std::pair<std::string, std::string>> points;

 private:
  bool list_attempts_;
};

// Everything that reads the run for its result, reading it as it is
// recorded: the checkers, the audit tally, the faults' effects, a storm's
// load figures. The same whether the run keeps its events or not.
// Attached to the trace from before its first event (a reader sees every
// event or none) until detach() or its end, whichever comes first: a world
// torn down by an exception must not record into readers already gone.
struct run_readers {
  run_readers(const resolved& r, const run_request& req, sim::trace& t)
      : checks(checks_to_run(r.spec, req.extra_checks), t.keeps_events() ? &t.events() : nullptr, req.chains),
        effects(r.plan),
        counts(req.describe),
        trace_(&t),
        also_(req.observer) {
    if (r.spec.storm.notifications > 0) load.emplace();  // only a storm reports load figures
    for (sim::trace_observer* o : all())
      if (o != nullptr) trace_->add_observer(o);
  }
  run_readers(const run_readers&) = delete;
  run_readers& operator=(const run_readers&) = delete;
  ~run_readers() { detach(); }
  void detach() noexcept {
    if (trace_ == nullptr) return;
    for (sim::trace_observer* o : all()) trace_->remove_observer(o);
    trace_ = nullptr;
  }

  check_session checks;
  audit_tally_reader audit;
  fault_effects_reader effects;
  std::optional<load_reader> load;
  report_counts counts;

 private:
  // The last is the request's own observer, when it has one.
  std::array<sim::trace_observer*, 6> all() noexcept {
    return {&checks, &audit, &effects, load ? &*load : nullptr, &counts, also_};
  }
  sim::trace* trace_;
  sim::trace_observer* also_;
};

void fill_results(run_result& out, const resolved& r, const suite_result& suite, const sim::outcome& o,
                  run_readers& readers) {
  for (const auto& t : suite.tests) {
    out.tests.push_back({t.name, t.passed, t.failure, sim::to_seconds(t.ended)});
  }
  if (!suite.before_suite_passed && !suite.before_suite_failure.empty()) {
    out.tests.insert(out.tests.begin(), {"BeforeSuite", false, suite.before_suite_failure, 0});
  }
  const std::size_t own = default_checks(r.spec).size();
  std::vector<check_result> results = readers.checks.finish(&o);
  for (std::size_t i = 0; i < results.size(); ++i) {
    (i < own ? out.checks : out.extra_checks).push_back(outcome_of(std::move(results[i])));
  }
  const std::size_t file_attempts = readers.counts.file_attempts;
  for (auto& p : readers.counts.points) out.settings.push_back(std::move(p));
  out.attempts = std::move(readers.counts.attempts);
  const audit_tally a = readers.audit.finish();
  out.counters["file_attempts"] = static_cast<double>(file_attempts);
  out.counters["audit_emitted"] = static_cast<double>(a.emitted);
  out.counters["audit_stored"] = static_cast<double>(a.stored_rows);
  out.counters["audit_lost"] = static_cast<double>(a.lost);
  out.counters["audit_duplicates"] = static_cast<double>(a.duplicates);
  out.counters["audit_dead_lettered"] = static_cast<double>(a.dead_lettered);
  // So the counts add up: emitted = stored events + lost + dead-lettered +
  // in flight (audit_stored counts rows, duplicates included).
  out.counters["audit_stored_events"] = static_cast<double>(a.stored);
  out.counters["audit_in_flight"] = static_cast<double>(a.emitted - a.stored - a.lost - a.dead_lettered);
  out.counters["tests_passed"] = suite.passed();
  out.counters["tests_failed"] = suite.failed();
  out.counters["suite_s"] = sim::to_seconds(suite.suite_time());
  out.counters["virtual_s"] = sim::to_seconds(o.at);
  out.passed = suite.finished && suite.failed() == 0 && suite.before_suite_passed;
  for (const auto& c : out.checks) out.passed = out.passed && c.passed;
  out.faults = readers.effects.finish();
  if (readers.load) out.load = readers.load->finish();
  if (!out.passed) return;  // a failure is a failure, whatever else it did not exercise
  if (!r.spec.checks.empty()) {  // the checks the scenario names must have had something to check
    for (const auto& c : out.checks) {
      if (c.status == "not-exercised") out.inconclusive.push_back("check " + c.name + " was " + c.explanation);
    }
  }
  for (const auto& f : out.faults) {
    if (f.timed && !f.took_effect) out.inconclusive.push_back("fault `" + f.statement + "` never took effect");
  }
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
  const platform_timing& t = r.spec.timing;
  s.emplace_back("api latency / watch delay / link latency",
                 fmt::format("{} / {} / {}", format_duration_range(t.api_latency_min, t.api_latency_max),
                             format_duration_range(t.watch_delay_min, t.watch_delay_max),
                             format_duration_range(t.network_latency_min, t.network_latency_max)));
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

verdict verdict_of(const run_result& r) noexcept {
  if (!r.passed) return verdict::failed;
  return r.inconclusive.empty() ? verdict::passed : verdict::inconclusive;
}

std::string_view to_string(verdict v) noexcept {
  switch (v) {
    case verdict::passed: return "PASSED";
    case verdict::failed: return "FAILED";
    case verdict::inconclusive: return "INCONCLUSIVE";
  }
  return "?";
}

namespace {

// Whether resolve gives `a` and `b` the same result: the fields it reads.
bool same_resolution(const run_request& a, const run_request& b) {
  return a.overrides == b.overrides && a.variant == b.variant && a.procs == b.procs && a.queue == b.queue &&
         a.policy == b.policy && a.plan == b.plan;
}

// A search runs one request thousands of times with only the seed
// changing, and resolving it (a copy of the spec with the request's
// changes, its plan and manifests checked) was ~2.5 % of a run. A
// built-in's resolution is kept for the next run on the same thread. A
// built-in lives as long as the process and never changes, so its address
// names it; any other spec is resolved every time.
std::shared_ptr<const resolved> resolve_builtin(const scenario_spec& builtin, const run_request& req) {
  struct last_resolution {
    const scenario_spec* spec = nullptr;
    run_request request;
    std::shared_ptr<const resolved> value;
  };
  thread_local last_resolution last;
  if (last.value != nullptr && last.spec == &builtin && same_resolution(last.request, req)) return last.value;
  auto value = std::make_shared<const resolved>(resolve(builtin, req));
  last = {&builtin, req, value};
  return value;
}

run_result run_resolved(const resolved& r, const run_request& req) {
  sim::options so;
  so.policy = r.policy;
  so.time_cap = r.spec.time_cap;
  so.trace_byte_cap = req.max_trace_mb.value_or(default_max_trace_mb) * 1024 * 1024;
  so.keep_events = req.keep_events;
  auto w = std::make_unique<sim::world>(req.seed, so);
  run_readers readers(r, req, w->trace());
  auto tb = std::make_unique<testbed>(*w, r);
  run_result out;
  out.scenario = r.spec.name;
  out.variant = r.spec.variant;
  out.queue = r.spec.queue;
  out.seed = req.seed;
  out.plan = faults::print(r.plan, "; ");
  if (req.describe) {
    describe_settings(out, r, tb->fs);
    if (!req.overrides.empty()) {
      std::string set;
      for (const auto& [name, value] : req.overrides) set += (set.empty() ? "" : ", ") + name + "=" + value;
      out.settings.emplace_back("overrides (--set)", set);
    }
  }

  faults::apply(r.plan, *w, faults::environment{&tb->fs, &tb->net, &tb->api_faults, tb.get()});
  harness_options ho;
  ho.procs = r.spec.procs;
  ho.on_running_changed = [fs = &tb->fs](int running) { fs->set_load(std::max(1, running)); };
  ho.on_finished = [t = tb.get(), ds = r.spec.datastorage.enabled] {
    t->finish();
    if (ds) t->audit.close();
  };
  harness h(ho, detail::make_before_suite(*tb, r), detail::make_tests(*tb, r));
  h.start(*w);
  out.outcome = w->run();
  out.trace_hash = w->trace().hash_hex();
  out.trace_events = w->trace().size();
  // Kept events, or, when none are kept, what the checkers keep to look back.
  out.peak_trace_bytes = w->trace().bytes();
  fill_results(out, r, h.result(), out.outcome, readers);
  readers.detach();
  out.trace = w->trace().take_events();
  // Unwind any actor still blocked while the models it uses are alive.
  w.reset();
  return out;
}

}  // namespace

// The request's seed always wins (it is the run's identity, in every repro
// file); a scenario file's `seed` is its default in `reconsim run`.
run_result run_scenario(const run_request& req) {
  if (const scenario_spec* builtin = builtin_for(req.scenario)) {
    const std::shared_ptr<const resolved> r = resolve_builtin(*builtin, req);  // held for the run
    return run_resolved(*r, req);
  }
  return run_scenario(load_scenario(req.scenario), req);
}

run_result run_scenario(const scenario_spec& spec, const run_request& req) {
  return run_resolved(resolve(spec, req), req);
}

}  // namespace reconsim::scenarios
