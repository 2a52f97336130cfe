// Applying a plan to a world: steps become timer callbacks, fault points are
// installed in the models with one rng stream each. The models emit the
// "fault.<kind>" trace events, so a fault is traced the same way whether a
// plan or a test injected it.
#include <map>
#include <stdexcept>

#include "reconsim/faults/plan.hpp"
#include "reconsim/sim/timer.hpp"
#include "reconsim/sim/world.hpp"

namespace reconsim::faults {

namespace {

virtiofs& need_fs(const environment& env) {
  if (env.fs == nullptr) throw std::invalid_argument("fault plan: a file system step needs environment.fs");
  return *env.fs;
}
api_faults& need_api(const environment& env) {
  if (env.api == nullptr) throw std::invalid_argument("fault plan: an API server step needs environment.api");
  return *env.api;
}
restartable& need_processes(const environment& env) {
  if (env.processes == nullptr) throw std::invalid_argument("fault plan: a restart needs environment.processes");
  return *env.processes;
}
sim_network& need_net(const environment& env) {
  if (env.net == nullptr) throw std::invalid_argument("fault plan: a network step needs environment.net");
  return *env.net;
}

// The instant part of a step, run at its time. Validation (need_*) happens
// in apply(), before the run, so a bad plan fails at once, not mid-run.
struct run_action {
  environment env;
  void operator()(const chmod_action& a) const { env.fs->set_writable(a.path, a.writable); }
  void operator()(const enospc_action& a) const { env.fs->set_full(a.path, a.full); }
  void operator()(const load_action& a) const { env.fs->set_load(a.load); }
  void operator()(const ready_before_listen_action& a) const { env.net->ready_before_listen(a.host, a.length); }
  void operator()(const net_action& a) const { env.net->inject(a.host, a.kind, a.count); }
  void operator()(const partition_action& a) const { env.net->set_partition(a.a, a.b, true); }
  void operator()(const api_action& a) const { env.api->inject(a.resource_kind, a.code, a.count); }
  void operator()(const http_action& a) const { env.net->inject_status(a.host, a.code, a.count); }
  void operator()(const restart_action& a) const { env.processes->restart(a.component, a.down); }
  void operator()(const watch_drop_action& a) const { env.api->drop_watches(a.resource_kind); }
  // The window's end is known when it starts: the store holds events until then.
  void operator()(const stale_action&) const {}
};

void check(const action& a, const environment& env) {
  const bool fs_action = std::holds_alternative<chmod_action>(a) || std::holds_alternative<enospc_action>(a) ||
                         std::holds_alternative<load_action>(a);
  if (fs_action) {
    need_fs(env);
  } else if (std::holds_alternative<api_action>(a) || std::holds_alternative<watch_drop_action>(a) ||
             std::holds_alternative<stale_action>(a)) {
    need_api(env);
  } else if (std::holds_alternative<restart_action>(a)) {
    need_processes(env);
  } else {
    need_net(env);
  }
}

void schedule(const step& s, sim::world& w, const environment& env) {
  if (const auto* st = std::get_if<stale_action>(&s.action)) {
    sim::call_at(w, sim::time_point(s.at),
                 [env, kind = st->resource_kind, until = sim::time_point(s.until)] { env.api->hold_watch_events(kind, until); });
    return;
  }
  sim::call_at(w, sim::time_point(s.at), [env, a = s.action] { std::visit(run_action{env}, a); });
  if (const auto* p = std::get_if<partition_action>(&s.action)) {
    sim::call_at(w, sim::time_point(s.until), [env, a = p->a, b = p->b] { env.net->set_partition(a, b, false); });
  }
}

// A point's rng streams are named by its text and its rank among equal
// points, so adding or removing another point never moves this one's draws.
void install(const fault_point& f, int rank, double buggify, sim::world& w, const environment& env) {
  const std::string text = to_string(f);
  const std::string id = text + "#" + std::to_string(rank);
  const bool enabled = buggify >= 1.0 || w.rng("buggify.enable." + id).bernoulli(buggify);
  w.trace().record(sim::trace_event{w.now(), "", "fault.point", {{"point", text}, {"enabled", enabled}}});
  if (!enabled) return;
  const std::string stream = "fault.point." + id;
  if (const auto* k = std::get_if<net_fault>(&f.kind)) {
    need_net(env).set_fault_probability(*k, f.target, f.probability, stream);
  } else if (const auto* a = std::get_if<api_fault>(&f.kind)) {
    need_api(env).set_fault_probability(f.target, a->code, f.probability, stream);
  } else if (const auto* h = std::get_if<http_fault>(&f.kind)) {
    need_net(env).set_status_probability(h->code, f.target, f.probability, stream);
  } else {
    need_fs(env).set_fault_probability(std::get<fs_fault>(f.kind), f.target, f.probability, stream);
  }
}

}  // namespace

void apply(const plan& p, sim::world& w, environment env) {
  for (const step& s : p.steps) check(s.action, env);
  for (const fault_point& f : p.points) {
    if (std::holds_alternative<net_fault>(f.kind) || std::holds_alternative<http_fault>(f.kind)) {
      need_net(env);
    } else if (std::holds_alternative<api_fault>(f.kind)) {
      need_api(env);
    } else {
      need_fs(env);
    }
  }
  // Timers at one instant fire in the order they were set: plan order.
  for (const step& s : p.steps) schedule(s, w, env);
  std::map<std::string, int> seen;
  for (const fault_point& f : p.points) install(f, seen[to_string(f)]++, p.buggify, w, env);
}

}  // namespace reconsim::faults
