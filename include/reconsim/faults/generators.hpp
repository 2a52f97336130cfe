#pragma once
// rapidcheck generators for fault plans, latency parameters and load.
// Shrinking goes towards the simplest story: fewer steps and points, earlier
// and shorter faults (times on a 100 ms grid shrink towards 0s, spans
// towards one tick), fewer failed requests, lower load and probability,
// every fault point always enabled.
//
//   rc::prop("...", [](const reconsim::faults::plan& p) { ... });
//   rc::gen::... reconsim::faults::gen::plan(vocabulary) for other names.
#include <rapidcheck.h>

#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "reconsim/faults/plan.hpp"
#include "reconsim/faults/virtiofs.hpp"

namespace reconsim::faults::gen {

// The names and scales plans are drawn from.
struct plan_vocabulary {
  std::vector<std::string> paths = {"/tmp/notifications", "/tmp/audit-dlq"};
  std::vector<std::string> hosts = {"datastorage", "slack"};
  // Resource kinds for API server faults; none by default (the draws of
  // plans without them are unchanged).
  std::vector<std::string> kinds;
  // Hosts that answer HTTP, for http statements and points; none by
  // default (as kinds).
  std::vector<std::string> http_hosts;
  // Resource kinds whose watches may drop or go stale; none by default.
  std::vector<std::string> watch_kinds;
  // Components a plan may restart ("controller"); none by default.
  std::vector<std::string> components;
  // (node, host) pairs a partition may cut; the first is where shrinking goes.
  std::vector<std::pair<std::string, std::string>> links = {
      {"controller", "datastorage"}, {"controller", "slack"}, {"e2e", "datastorage"}};
  sim::duration tick = std::chrono::milliseconds(100);
  int horizon_ticks = 600;  // steps start within 60 s
  int span_ticks = 300;     // partitions and warm-ups last up to 30 s
  int max_load = 24;
  int max_count = 5;        // requests failed by one injected step
};

// A duration of k ticks, k in [lo, hi), shrinking towards lo ticks.
inline rc::Gen<sim::duration> ticks(sim::duration tick, int lo, int hi) {
  return rc::gen::map(rc::gen::inRange(lo, hi), [tick](int k) { return tick * k; });
}

// One of `choices`, shrinking towards the first (rc::gen::element does not
// shrink at all).
template <class T>
rc::Gen<T> pick(std::vector<T> choices) {
  const int n = static_cast<int>(choices.size());
  return rc::gen::map(rc::gen::inRange(0, n), [c = std::move(choices)](int i) { return c[static_cast<std::size_t>(i)]; });
}

inline rc::Gen<int> load(int max_load = 24) { return rc::gen::inRange(1, max_load + 1); }

inline rc::Gen<net_fault> net_fault_kind() {
  return pick<net_fault>({net_fault::refuse, net_fault::reset, net_fault::eof, net_fault::drop,
                          net_fault::reset_after, net_fault::eof_after, net_fault::drop_after});
}

// 409 first (conflict), shrinking towards it.
inline rc::Gen<int> api_code() { return pick<int>({409, 503, 500, 429, 504}); }

// 503 first (retryable, the seeds' Slack failure), then the other classes:
// rate limited, a permanent 4xx, other 5xx.
inline rc::Gen<int> http_code() { return pick<int>({503, 429, 500, 400, 404, 502, 504}); }

inline rc::Gen<step> http_step(const plan_vocabulary& v) {
  return rc::gen::apply(
      [](sim::duration t, std::string h, int code, int n) { return step{t, t, http_action{std::move(h), code, n}}; },
      ticks(v.tick, 0, v.horizon_ticks), pick(v.http_hosts), http_code(), rc::gen::inRange(1, v.max_count + 1));
}

inline rc::Gen<step> network_step(const plan_vocabulary& v) {
  auto at = ticks(v.tick, 0, v.horizon_ticks);
  return rc::gen::oneOf(
      rc::gen::apply(
          [](sim::duration t, std::string h, sim::duration d) {
            return step{t, t, ready_before_listen_action{std::move(h), d}};
          },
          at, pick(v.hosts), ticks(v.tick, 1, v.span_ticks + 1)),
      rc::gen::apply([](sim::duration t, net_fault k, std::string h, int n) { return step{t, t, net_action{k, std::move(h), n}}; },
                     at, net_fault_kind(), pick(v.hosts), rc::gen::inRange(1, v.max_count + 1)));
}

// A crash of a component at a tick, down for 0..span ticks (shrinking
// towards an immediate restart).
inline rc::Gen<step> restart_step(const plan_vocabulary& v) {
  return rc::gen::apply(
      [](sim::duration t, std::string component, sim::duration down) {
        return step{t, t, restart_action{std::move(component), down}};
      },
      ticks(v.tick, 0, v.horizon_ticks), pick(v.components), ticks(v.tick, 0, v.span_ticks + 1));
}

// A vocabulary without hosts (a testbed with no network) draws no network
// step or point, and one without links no partition: a plan only names
// what the testbed has (plan_targets.hpp), or it would test nothing.
inline rc::Gen<step> local_or_network_step(const plan_vocabulary& v) {
  auto at = ticks(v.tick, 0, v.horizon_ticks);
  auto make = [](sim::duration t, action a) { return step{t, t, std::move(a)}; };
  auto chmod = rc::gen::apply(
      [=](sim::duration t, std::string p, bool w) { return make(t, chmod_action{std::move(p), w}); }, at,
      pick(v.paths), pick<bool>({false, true}));
  auto enospc = rc::gen::apply(
      [=](sim::duration t, std::string p, bool f) { return make(t, enospc_action{std::move(p), f}); }, at,
      pick(v.paths), pick<bool>({false, true}));
  auto load_step = rc::gen::apply([=](sim::duration t, int l) { return make(t, load_action{l}); }, at, load(v.max_load));
  if (!v.kinds.empty()) {
    auto api = rc::gen::apply(
        [=](sim::duration t, std::string kind, int code, int n) { return make(t, api_action{std::move(kind), code, n}); },
        at, pick(v.kinds), api_code(), rc::gen::inRange(1, v.max_count + 1));
    auto local = rc::gen::oneOf(chmod, enospc, load_step, api);
    if (v.hosts.empty()) return local;
    return rc::gen::oneOf(local, network_step(v));
  }
  if (v.hosts.empty()) return rc::gen::oneOf(chmod, enospc, load_step);
  return rc::gen::oneOf(
      chmod, enospc, load_step,
      rc::gen::apply(
          [=](sim::duration t, std::string h, sim::duration d) {
            return make(t, ready_before_listen_action{std::move(h), d});
          },
          at, pick(v.hosts), ticks(v.tick, 1, v.span_ticks + 1)),
      rc::gen::apply(
          [=](sim::duration t, net_fault k, std::string h, int n) {
            return make(t, net_action{k, std::move(h), n});
          },
          at, net_fault_kind(), pick(v.hosts), rc::gen::inRange(1, v.max_count + 1)));
}

// As above, plus HTTP answers and watch drops when the vocabulary has hosts
// and kinds for them (without them, the same draws as before they existed).
inline rc::Gen<step> instant_step(const plan_vocabulary& v) {
  rc::Gen<step> base = v.http_hosts.empty() ? local_or_network_step(v)
                                            : rc::gen::oneOf(local_or_network_step(v), http_step(v));
  if (!v.components.empty()) base = rc::gen::oneOf(base, restart_step(v));
  if (v.watch_kinds.empty()) return base;
  auto drop = rc::gen::apply([](sim::duration t, std::string kind) { return step{t, t, watch_drop_action{std::move(kind)}}; },
                             ticks(v.tick, 0, v.horizon_ticks), pick(v.watch_kinds));
  return rc::gen::oneOf(base, drop);
}

// A stale window on a kind's watches, shrinking towards one tick at 0s.
inline rc::Gen<step> stale_step(const plan_vocabulary& v) {
  return rc::gen::apply(
      [](sim::duration from, sim::duration length, std::string kind) {
        return step{from, from + length, stale_action{std::move(kind)}};
      },
      ticks(v.tick, 0, v.horizon_ticks), ticks(v.tick, 1, v.span_ticks + 1), pick(v.watch_kinds));
}

inline rc::Gen<step> partition_step(const plan_vocabulary& v) {
  return rc::gen::apply(
      [](sim::duration from, sim::duration length, std::pair<std::string, std::string> link) {
        return step{from, from + length, partition_action{std::move(link.first), std::move(link.second)}};
      },
      ticks(v.tick, 0, v.horizon_ticks), ticks(v.tick, 1, v.span_ticks + 1), pick(v.links));
}

inline rc::Gen<step> any_step(const plan_vocabulary& v) {
  rc::Gen<step> base = v.links.empty() ? instant_step(v) : rc::gen::oneOf(instant_step(v), partition_step(v));
  if (v.watch_kinds.empty()) return base;
  return rc::gen::oneOf(base, stale_step(v));
}

// Probabilities on a 1/1000 grid up to 0.2, shrinking towards 0.001.
inline rc::Gen<double> point_probability() {
  return rc::gen::map(rc::gen::inRange(1, 201), [](int k) { return k / 1000.0; });
}

inline rc::Gen<fault_point> local_or_network_point(const plan_vocabulary& v) {
  auto p = point_probability();
  auto fs_point = rc::gen::apply([](double q, fs_fault k, std::string d) { return fault_point{q, k, std::move(d)}; },
                                 p, pick<fs_fault>({fs_fault::eacces, fs_fault::enospc, fs_fault::eio}), pick(v.paths));
  if (!v.kinds.empty()) {
    auto api_point = rc::gen::apply(
        [](double q, std::string kind, int code) { return fault_point{q, api_fault{code}, std::move(kind)}; }, p,
        pick(v.kinds), api_code());
    if (v.hosts.empty()) return rc::gen::oneOf(fs_point, api_point);
    return rc::gen::oneOf(fs_point, api_point,
                          rc::gen::apply([](double q, net_fault k, std::string h) { return fault_point{q, k, std::move(h)}; },
                                         p, net_fault_kind(), pick(v.hosts)));
  }
  if (v.hosts.empty()) return fs_point;
  return rc::gen::oneOf(
      rc::gen::apply([](double q, net_fault k, std::string h) { return fault_point{q, k, std::move(h)}; }, p,
                     net_fault_kind(), pick(v.hosts)),
      fs_point);
}

inline rc::Gen<fault_point> point(const plan_vocabulary& v) {
  if (v.http_hosts.empty()) return local_or_network_point(v);
  auto http_point = rc::gen::apply(
      [](double q, std::string h, int code) { return fault_point{q, http_fault{code}, std::move(h)}; },
      point_probability(), pick(v.http_hosts), http_code());
  return rc::gen::oneOf(local_or_network_point(v), http_point);
}

inline rc::Gen<plan> plan(const plan_vocabulary& v = {}) {
  return rc::gen::apply(
      [](std::vector<step> s, std::vector<fault_point> p, double b) { return faults::plan{std::move(s), std::move(p), b}; },
      rc::gen::container<std::vector<step>>(any_step(v)),
      rc::gen::scale(0.25, rc::gen::container<std::vector<fault_point>>(point(v))),
      pick<double>({1.0, 0.5, 0.25}));
}

// Latency parameters around the seeds' numbers, shrinking towards short,
// narrow, tail-free latencies at rest.
inline rc::Gen<latency_options> latency() {
  auto ms = [](int lo, int hi) { return ticks(std::chrono::milliseconds(1), lo, hi); };
  auto anchor = [ms](int load_step) {
    return rc::gen::apply([](int l, sim::duration min, sim::duration spread) { return latency_anchor{l, min, min + spread}; },
                          rc::gen::inRange(1, load_step + 1), ms(0, 4000), ms(0, 2000));
  };
  return rc::gen::apply(
      [](latency_shape shape, std::vector<latency_anchor> anchors, double tail_p, double tail_f) {
        int load_at = 0;
        for (latency_anchor& a : anchors) a.load = load_at += a.load;  // increasing loads
        latency_options o;
        o.shape = shape;
        o.anchors = std::move(anchors);
        o.tail_probability = tail_p;
        o.tail_factor = tail_f;
        return o;
      },
      pick<latency_shape>({latency_shape::uniform, latency_shape::lognormal}),
      rc::gen::container<std::vector<latency_anchor>>(3, anchor(12)), pick<double>({0.0, 0.01, 0.05, 0.2}),
      pick<double>({1.0, 0.5, 2.0}));
}

}  // namespace reconsim::faults::gen

namespace reconsim::faults {
// How rapidcheck prints a latency counterexample.
inline void showValue(const latency_options& o, std::ostream& os) {
  os << (o.shape == latency_shape::uniform ? "uniform" : "lognormal");
  for (const latency_anchor& a : o.anchors) {
    os << " [load " << a.load << ": " << sim::format_duration(a.min) << ".." << sim::format_duration(a.max) << "]";
  }
  os << " tail " << o.tail_probability << " x" << o.tail_factor;
}
}  // namespace reconsim::faults

namespace rc {

template <>
struct Arbitrary<reconsim::faults::plan> {
  static Gen<reconsim::faults::plan> arbitrary() { return reconsim::faults::gen::plan(); }
};

template <>
struct Arbitrary<reconsim::faults::latency_options> {
  static Gen<reconsim::faults::latency_options> arbitrary() { return reconsim::faults::gen::latency(); }
};

}  // namespace rc
