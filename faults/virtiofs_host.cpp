// virtiofs, the way to the host: each guest operation becomes visible on
// the host view after a latency drawn for the current load, in per-path
// order; fsync can flush; one timer applies what is due.
#include <cmath>
#include <stdexcept>

#include "reconsim/sim/actor.hpp"
#include "reconsim/sim/timer.hpp"
#include "virtiofs_impl.hpp"

namespace reconsim::faults {

using detail::ancestors;
using model::fs_errc;
using sim::field;

sim::duration virtiofs::impl::draw_latency() {
  const latency_anchor r = latency_range_at(opts.latency, load);
  sim::duration d = r.min;
  sim::rng& base = w.rng(opts.name + ".latency");
  if (opts.latency.shape == latency_shape::lognormal && r.min > sim::duration::zero() && r.max > r.min) {
    // 1.6449: the 95th percentile of a standard normal.
    const double lo = std::log(sim::to_seconds(r.min));
    const double hi = std::log(sim::to_seconds(r.max));
    d = sim::from_seconds(base.lognormal((lo + hi) / 2, (hi - lo) / (2 * 1.6448536269514722)));
  } else if (r.max > r.min) {
    d = base.uniform_duration(r.min, r.max);
  }
  // The tail has its own stream so changing its probability leaves the
  // base latencies of a seed as they were.
  sim::rng& tail = w.rng(opts.name + ".tail");
  if (tail.bernoulli(opts.latency.tail_probability)) {
    const auto extra = sim::from_seconds(sim::to_seconds(r.max) * opts.latency.tail_factor);
    if (extra > sim::duration::zero()) d += tail.uniform_duration(sim::duration::zero(), extra);
  }
  return std::max(d, sim::duration::zero());
}

fs_errc virtiofs::impl::record(op o) {
  // A bound, so a writer in a hot loop is a finding (an actor exception)
  // rather than a run that eats memory.
  if (pending.size() >= pending_limit) throw std::length_error("virtiofs: too many operations pending for the host");
  const sim::duration latency = draw_latency();
  const sim::time_point visible = order_after(o, w.now() + latency);
  std::vector<field> f{field("fs", opts.name), field("path", o.paths.back())};
  if (o.kind == op_kind::rename) f = {field("fs", opts.name), field("path", o.paths[0]), field("to", o.paths[1])};
  if (o.kind == op_kind::write) f.emplace_back("bytes", o.data.size());
  f.emplace_back("latency", latency);
  f.emplace_back("visible_at", visible.time_since_epoch());
  w.emit("fs." + std::string(to_string(o.kind)), std::move(f));
  pending.emplace(std::make_pair(visible, seq++), std::move(o));
  arm();
  return fs_errc::ok;
}

sim::time_point virtiofs::impl::order_after(const op& o, sim::time_point t) {
  if (own_last.size() > 4096) prune();
  for (const std::string& p : o.paths) {
    for (const std::string& a : ancestors(p)) {
      if (auto it = own_last.find(a); it != own_last.end()) t = std::max(t, it->second);
    }
    if (auto it = subtree_last.find(p); it != subtree_last.end()) t = std::max(t, it->second);
  }
  for (const std::string& p : o.paths) {
    own_last[p] = t;
    subtree_last[p] = std::max(subtree_last[p], t);
    for (const std::string& a : ancestors(p)) subtree_last[a] = std::max(subtree_last[a], t);
  }
  return t;
}

void virtiofs::impl::prune() {
  const sim::time_point now = w.now();
  std::erase_if(own_last, [&](const auto& kv) { return kv.second <= now; });
  std::erase_if(subtree_last, [&](const auto& kv) { return kv.second <= now; });
}

std::size_t virtiofs::impl::flush_until(sim::time_point t) {
  std::size_t moved = 0;
  for (auto it = pending.lower_bound({t, UINT64_MAX}); it != pending.end();) {
    auto node = pending.extract(it++);
    node.key().first = t;
    pending.insert(std::move(node));
    ++moved;
  }
  for (auto* m : {&own_last, &subtree_last}) {
    for (auto& kv : *m) kv.second = std::min(kv.second, t);
  }
  arm();
  return moved;
}

void virtiofs::impl::catch_up() {
  const sim::time_point now = w.now();
  while (!pending.empty() && pending.begin()->first.first <= now) {
    auto node = pending.extract(pending.begin());
    apply_on_host(node.mapped());
  }
}

void virtiofs::impl::apply_on_host(const op& o) {
  fs_errc e = fs_errc::ok;
  switch (o.kind) {
    case op_kind::mkdir:
      for (const std::string& d : o.paths) e = e != fs_errc::ok ? e : host_tree.mkdir_all(d);
      break;
    case op_kind::write: e = host_tree.write_file(o.paths[0], o.data); break;
    case op_kind::rename: e = host_tree.rename(o.paths[0], o.paths[1]); break;
    case op_kind::remove: e = host_tree.remove(o.paths[0]); break;
  }
  const bool moved = o.kind == op_kind::rename;
  std::vector<field> f{field("fs", opts.name), field("op", to_string(o.kind)),
                       field("path", moved ? o.paths[0] : o.paths.back())};
  if (moved) f.emplace_back("to", o.paths[1]);
  f.emplace_back("written_at", o.issued.time_since_epoch());
  f.emplace_back("latency", w.now() - o.issued);
  // Attributed to no actor: the sync happens in the VM, whoever looks.
  w.trace().record(sim::trace_event{w.now(), "", "fs.visible_on_host", sim::field_list(sim::views_of(f))});
  // Per-path order should make every host operation valid; a failure here
  // is a bug in that ordering, reported as a finding in the trace.
  if (e != fs_errc::ok) {
    w.trace().record(sim::trace_event{w.now(), "", "fs.host_anomaly",
                                      sim::field_list(sim::views_of({field("fs", opts.name), field("op", to_string(o.kind)),
                                                                      field("path", o.paths[0]),
                                                                      field("errc", model::to_string(e))}))});
  }
}

void virtiofs::impl::arm() {
  if (pending.empty()) return;
  const sim::time_point t = pending.begin()->first.first;
  if (armed && *armed <= t) return;
  armed = t;
  sim::call_at(w, t, [weak = weak_from_this(), t] {
    if (auto self = weak.lock()) self->on_timer(t);
  });
}

void virtiofs::impl::on_timer(sim::time_point t) {
  if (armed && *armed == t) armed.reset();
  catch_up();
  arm();
}

}  // namespace reconsim::faults
