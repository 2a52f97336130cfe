#include "reconsim/faults/virtiofs.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <utility>

#include "reconsim/model/memory_filesystem.hpp"
#include "reconsim/sim/actor.hpp"
#include "reconsim/sim/detail/park.hpp"
#include "reconsim/sim/timer.hpp"
#include "reconsim/sim/world.hpp"

namespace reconsim::faults {

using model::fs_errc;
using sim::field;

std::string_view to_string(fs_fault f) noexcept {
  switch (f) {
    case fs_fault::eacces: return "eacces";
    case fs_fault::enospc: return "enospc";
    case fs_fault::eio: return "eio";
  }
  return "?";
}

latency_anchor latency_range_at(const latency_options& o, int load) {
  const auto& a = o.anchors;
  if (a.empty()) return {load, {}, {}};
  if (load <= a.front().load) return {load, a.front().min, a.front().max};
  if (load >= a.back().load) return {load, a.back().min, a.back().max};
  std::size_t i = 1;
  while (a[i].load < load) ++i;
  const latency_anchor& lo = a[i - 1];
  const latency_anchor& hi = a[i];
  // Integer arithmetic so the range is exact on every compiler.
  const std::int64_t num = load - lo.load;
  const std::int64_t den = hi.load - lo.load;
  auto lerp = [&](sim::duration x, sim::duration y) { return x + (y - x) * num / den; };
  return {load, lerp(lo.min, hi.min), lerp(lo.max, hi.max)};
}

namespace {

enum class op_kind { mkdir, write, rename, remove };

std::string_view to_string(op_kind k) noexcept {
  switch (k) {
    case op_kind::mkdir: return "mkdir";
    case op_kind::write: return "write";
    case op_kind::rename: return "rename";
    case op_kind::remove: return "remove";
  }
  return "?";
}

// One guest operation on its way to the host. mkdir: the directories it
// created, top first; write, remove: the path; rename: from, to.
struct op {
  op_kind kind = op_kind::write;
  std::vector<std::string> paths;
  std::string data;
  sim::time_point issued{};
};

// Every proper ancestor of a normalized path, "/" first.
std::vector<std::string> ancestors(const std::string& p) {
  std::vector<std::string> out;
  if (p == "/") return out;
  out.emplace_back("/");
  for (std::size_t pos = p.find('/', 1); pos != std::string::npos; pos = p.find('/', pos + 1)) {
    out.push_back(p.substr(0, pos));
  }
  return out;
}

// The directories whose entries an operation changes, for EACCES.
std::string parent_of(std::string_view path) {
  std::string p;
  return model::normalize_path(path, p) ? model::parent_path(p) : std::string("/");
}

}  // namespace

struct virtiofs::impl : std::enable_shared_from_this<virtiofs::impl> {
  impl(sim::world& world, virtiofs_options o) : w(world), opts(std::move(o)), gv(*this), hv(*this) {}

  // ---- the two views ----
  struct guest_view final : model::filesystem {
    explicit guest_view(impl& s) : s(s) {}
    fs_errc mkdir_all(std::string_view path) override { return s.guest_mkdir_all(path); }
    fs_errc write_file(std::string_view path, std::string_view data) override { return s.guest_write(path, data); }
    fs_errc rename(std::string_view from, std::string_view to) override { return s.guest_rename(from, to); }
    fs_errc remove(std::string_view path) override { return s.guest_remove(path); }
    fs_errc fsync(std::string_view path) override { return s.guest_fsync(path); }
    bool exists(std::string_view path) override { return s.guest_tree.exists(path); }
    model::fs_result<std::vector<std::string>> list_dir(std::string_view path) override {
      return s.guest_tree.list_dir(path);
    }
    model::fs_result<std::string> read_file(std::string_view path) override { return s.guest_tree.read_file(path); }
    impl& s;
  };
  // Reads apply whatever is due first, so a read at exactly the visibility
  // instant sees the operation whichever of it and the timer runs first.
  struct host_view final : model::filesystem {
    explicit host_view(impl& s) : s(s) {}
    fs_errc mkdir_all(std::string_view) override { return fs_errc::erofs; }
    fs_errc write_file(std::string_view, std::string_view) override { return fs_errc::erofs; }
    fs_errc rename(std::string_view, std::string_view) override { return fs_errc::erofs; }
    fs_errc remove(std::string_view) override { return fs_errc::erofs; }
    fs_errc fsync(std::string_view path) override { return exists(path) ? fs_errc::ok : fs_errc::enoent; }
    bool exists(std::string_view path) override {
      s.catch_up();
      return s.host_tree.exists(path);
    }
    model::fs_result<std::vector<std::string>> list_dir(std::string_view path) override {
      s.catch_up();
      return s.host_tree.list_dir(path);
    }
    model::fs_result<std::string> read_file(std::string_view path) override {
      s.catch_up();
      return s.host_tree.read_file(path);
    }
    impl& s;
  };

  // ---- guest operations: faults first, then the tree, then the host queue ----
  fs_errc guest_mkdir_all(std::string_view path) {
    std::string p;
    if (!model::normalize_path(path, p)) return fs_errc::einval;
    std::vector<std::string> created;
    for (std::string& a : ancestors(p)) {
      if (!guest_tree.exists(a)) created.push_back(std::move(a));
    }
    if (p != "/" && !guest_tree.exists(p)) created.push_back(p);
    if (created.empty()) return guest_tree.mkdir_all(p);  // ok, or ENOTDIR
    std::vector<std::string> dirs;
    for (const std::string& c : created) dirs.push_back(model::parent_path(c));
    if (fs_errc e = check_faults("mkdir", p, dirs, true); e != fs_errc::ok) return e;
    if (fs_errc e = guest_tree.mkdir_all(p); e != fs_errc::ok) return failed("mkdir", p, e);
    return record(op{op_kind::mkdir, std::move(created), {}, w.now()});
  }

  fs_errc guest_write(std::string_view path, std::string_view data) {
    std::string p;
    if (!model::normalize_path(path, p)) return fs_errc::einval;
    if (fs_errc e = check_faults("write", p, {model::parent_path(p)}, true); e != fs_errc::ok) return e;
    if (opts.capacity_bytes != 0) {
      const auto old = guest_tree.read_file(p);
      const std::size_t used = guest_tree.bytes_used() - (old.ok() ? old.value.size() : 0);
      if (used + data.size() > opts.capacity_bytes) return failed("write", p, fs_errc::enospc);
    }
    if (fs_errc e = guest_tree.write_file(p, data); e != fs_errc::ok) return failed("write", p, e);
    return record(op{op_kind::write, {p}, std::string(data), w.now()});
  }

  fs_errc guest_rename(std::string_view from, std::string_view to) {
    std::string a;
    std::string b;
    if (!model::normalize_path(from, a) || !model::normalize_path(to, b)) return fs_errc::einval;
    if (fs_errc e = check_faults("rename", a, {parent_of(a), parent_of(b)}, false); e != fs_errc::ok) return e;
    if (fs_errc e = guest_tree.rename(a, b); e != fs_errc::ok) return failed("rename", a, e);
    if (a == b) return fs_errc::ok;
    return record(op{op_kind::rename, {a, b}, {}, w.now()});
  }

  fs_errc guest_remove(std::string_view path) {
    std::string p;
    if (!model::normalize_path(path, p)) return fs_errc::einval;
    if (fs_errc e = check_faults("remove", p, {model::parent_path(p)}, false); e != fs_errc::ok) return e;
    if (fs_errc e = guest_tree.remove(p); e != fs_errc::ok) return failed("remove", p, e);
    return record(op{op_kind::remove, {p}, {}, w.now()});
  }

  fs_errc guest_fsync(std::string_view path) {
    if (fs_errc e = guest_tree.fsync(path); e != fs_errc::ok) return e;
    std::size_t flushed = 0;
    if (opts.fsync_flushes_host) flushed = flush_until(w.now() + opts.fsync_latency);
    w.emit("fs.fsync", {field("fs", opts.name), field("path", path), field("flushes_host", opts.fsync_flushes_host),
                        field("flushed", flushed)});
    // A flushing fsync returns when the data is durable on the host side.
    if (opts.fsync_flushes_host && opts.fsync_latency > sim::duration::zero() &&
        sim::detail::current_actor() != nullptr) {
      sim::sleep_for(opts.fsync_latency);
    }
    return fs_errc::ok;
  }

  // ---- faults ----
  bool under(const std::set<std::string>& roots, const std::string& p) const {
    return std::any_of(roots.begin(), roots.end(), [&](const std::string& r) { return model::is_within(p, r); });
  }

  // `dirs`: the directories whose entries change (read-only -> EACCES);
  // `allocates`: whether the operation needs space (full -> ENOSPC).
  fs_errc check_faults(std::string_view what, const std::string& p, const std::vector<std::string>& dirs,
                       bool allocates) {
    for (const std::string& d : dirs) {
      if (under(readonly, d)) return failed(what, p, fs_errc::eacces);
    }
    if (allocates && under(full, p)) return failed(what, p, fs_errc::enospc);
    for (point& pt : points) {
      if (!model::is_within(p, pt.dir)) continue;
      if (!w.rng(pt.stream).bernoulli(pt.p)) continue;
      w.emit("fault.fs." + std::string(to_string(pt.kind)), {field("fs", opts.name), field("op", what), field("path", p)});
      return failed(what, p, errc_of(pt.kind));
    }
    return fs_errc::ok;
  }

  static fs_errc errc_of(fs_fault f) {
    switch (f) {
      case fs_fault::eacces: return fs_errc::eacces;
      case fs_fault::enospc: return fs_errc::enospc;
      case fs_fault::eio: return fs_errc::eio;
    }
    return fs_errc::eio;
  }

  fs_errc failed(std::string_view what, std::string_view path, fs_errc e) {
    w.emit("fs.error", {field("fs", opts.name), field("op", what), field("path", path),
                        field("errc", model::to_string(e))});
    return e;
  }

  // ---- the way to the host ----
  sim::duration draw_latency() {
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

  fs_errc record(op o) {
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

  // The visibility time of `o`: no earlier than `t`, than any pending
  // operation on a directory above one of its paths, or than any pending
  // operation on one of its paths or below.
  sim::time_point order_after(const op& o, sim::time_point t) {
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

  // Entries at or before now constrain nothing: every new time is >= now.
  void prune() {
    const sim::time_point now = w.now();
    std::erase_if(own_last, [&](const auto& kv) { return kv.second <= now; });
    std::erase_if(subtree_last, [&](const auto& kv) { return kv.second <= now; });
  }

  // The fsync barrier: everything pending becomes visible by `t`. Order is
  // kept: entries later than t collapse onto t in their sequence order.
  std::size_t flush_until(sim::time_point t) {
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

  void catch_up() {
    const sim::time_point now = w.now();
    while (!pending.empty() && pending.begin()->first.first <= now) {
      auto node = pending.extract(pending.begin());
      apply_on_host(node.mapped());
    }
  }

  void apply_on_host(const op& o) {
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
    w.trace().record(sim::trace_event{w.now(), "", "fs.visible_on_host", std::move(f)});
    // Per-path order should make every host operation valid; a failure here
    // is a bug in that ordering, reported as a finding in the trace.
    if (e != fs_errc::ok) {
      w.trace().record(sim::trace_event{w.now(), "", "fs.host_anomaly",
                                        {field("fs", opts.name), field("op", to_string(o.kind)),
                                         field("path", o.paths[0]), field("errc", model::to_string(e))}});
    }
  }

  // One timer, at the earliest pending visibility time. It holds only a
  // weak pointer, so a virtiofs may die before its world.
  void arm() {
    if (pending.empty()) return;
    const sim::time_point t = pending.begin()->first.first;
    if (armed && *armed <= t) return;
    armed = t;
    sim::call_at(w, t, [weak = weak_from_this(), t] {
      if (auto self = weak.lock()) self->on_timer(t);
    });
  }

  void on_timer(sim::time_point t) {
    if (armed && *armed == t) armed.reset();
    catch_up();
    arm();
  }

  struct point {
    fs_fault kind;
    std::string dir;
    double p;
    std::string stream;
  };

  static constexpr std::size_t pending_limit = 1'000'000;

  sim::world& w;
  virtiofs_options opts;
  int load = 1;
  model::memory_filesystem guest_tree;
  model::memory_filesystem host_tree;
  std::set<std::string> readonly;
  std::set<std::string> full;
  std::vector<point> points;
  std::map<std::pair<sim::time_point, std::uint64_t>, op> pending;  // (visible at, sequence)
  std::map<std::string, sim::time_point> own_last;      // last visibility of an op on exactly this path
  std::map<std::string, sim::time_point> subtree_last;  // ... on this path or below
  std::uint64_t seq = 0;
  std::optional<sim::time_point> armed;
  guest_view gv;
  host_view hv;
};

virtiofs::virtiofs(sim::world& w, virtiofs_options opts) : impl_(std::make_shared<impl>(w, std::move(opts))) {
  for (std::size_t i = 1; i < impl_->opts.latency.anchors.size(); ++i) {
    if (impl_->opts.latency.anchors[i - 1].load >= impl_->opts.latency.anchors[i].load) {
      throw std::invalid_argument("virtiofs: latency anchors must have increasing loads");
    }
  }
}

virtiofs::~virtiofs() = default;

model::filesystem& virtiofs::guest() noexcept { return impl_->gv; }
model::filesystem& virtiofs::host() noexcept { return impl_->hv; }

void virtiofs::set_load(int load) {
  impl_->load = std::max(load, 0);
  impl_->w.emit("fault.load", {field("fs", impl_->opts.name), field("load", impl_->load)});
}
int virtiofs::load() const noexcept { return impl_->load; }

namespace {
std::string normalized_or_throw(std::string_view dir) {
  std::string p;
  if (!model::normalize_path(dir, p)) throw std::invalid_argument("virtiofs: not an absolute path: " + std::string(dir));
  return p;
}
}  // namespace

void virtiofs::set_writable(std::string_view dir, bool writable) {
  std::string p = normalized_or_throw(dir);
  impl_->w.emit("fault.chmod", {field("fs", impl_->opts.name), field("path", p), field("mode", writable ? "rw" : "ro")});
  if (writable) {
    impl_->readonly.erase(p);
  } else {
    impl_->readonly.insert(std::move(p));
  }
}

void virtiofs::set_full(std::string_view dir, bool full) {
  std::string p = normalized_or_throw(dir);
  impl_->w.emit("fault.enospc", {field("fs", impl_->opts.name), field("path", p), field("on", full)});
  if (full) {
    impl_->full.insert(std::move(p));
  } else {
    impl_->full.erase(p);
  }
}

void virtiofs::set_fault_probability(fs_fault kind, std::string_view dir, double p, std::string stream) {
  std::string d = normalized_or_throw(dir);
  auto& pts = impl_->points;
  std::erase_if(pts, [&](const impl::point& x) { return x.kind == kind && x.dir == d && x.stream == stream; });
  if (p > 0) pts.push_back(impl::point{kind, std::move(d), p, std::move(stream)});
}

sim::duration virtiofs::draw_latency() { return impl_->draw_latency(); }
std::size_t virtiofs::pending() const noexcept { return impl_->pending.size(); }
const virtiofs_options& virtiofs::options() const noexcept { return impl_->opts; }

}  // namespace reconsim::faults
