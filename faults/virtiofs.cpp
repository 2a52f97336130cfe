// virtiofs: its views, the guest operations and the faults they meet
// (read-only directories, a full disk, probabilistic errors). The way to
// the host is in virtiofs_host.cpp.
#include "reconsim/faults/virtiofs.hpp"

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <utility>

#include "reconsim/sim/actor.hpp"
#include "reconsim/sim/detail/park.hpp"
#include "virtiofs_impl.hpp"

namespace reconsim::faults {

using detail::ancestors;
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

// The directories whose entries an operation changes, for EACCES.
std::string parent_of(std::string_view path) {
  std::string p;
  return model::normalize_path(path, p) ? model::parent_path(p) : std::string("/");
}

}  // namespace

fs_errc virtiofs::impl::guest_mkdir_all(std::string_view path) {
  std::string p;
  if (!model::normalize_path(path, p)) return fs_errc::einval;
  // The directory is there already (the file channel's mkdir -p before
  // every write): the tree keeps every node's parent (nothing is created,
  // renamed or removed otherwise), so nothing is created and no fault
  // applies, as the walk below would find, at a fraction of its cost.
  if (guest_tree.is_dir(p)) return fs_errc::ok;
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

fs_errc virtiofs::impl::guest_write(std::string_view path, std::string_view data) {
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

fs_errc virtiofs::impl::guest_rename(std::string_view from, std::string_view to) {
  std::string a;
  std::string b;
  if (!model::normalize_path(from, a) || !model::normalize_path(to, b)) return fs_errc::einval;
  if (fs_errc e = check_faults("rename", a, {parent_of(a), parent_of(b)}, false); e != fs_errc::ok) return e;
  if (fs_errc e = guest_tree.rename(a, b); e != fs_errc::ok) return failed("rename", a, e);
  if (a == b) return fs_errc::ok;
  return record(op{op_kind::rename, {a, b}, {}, w.now()});
}

fs_errc virtiofs::impl::guest_remove(std::string_view path) {
  std::string p;
  if (!model::normalize_path(path, p)) return fs_errc::einval;
  if (fs_errc e = check_faults("remove", p, {model::parent_path(p)}, false); e != fs_errc::ok) return e;
  if (fs_errc e = guest_tree.remove(p); e != fs_errc::ok) return failed("remove", p, e);
  return record(op{op_kind::remove, {p}, {}, w.now()});
}

fs_errc virtiofs::impl::guest_fsync(std::string_view path) {
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

bool virtiofs::impl::under(const std::set<std::string>& roots, const std::string& p) const {
  return std::any_of(roots.begin(), roots.end(), [&](const std::string& r) { return model::is_within(p, r); });
}

fs_errc virtiofs::impl::check_faults(std::string_view what, const std::string& p, const std::vector<std::string>& dirs, bool allocates) {
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

fs_errc virtiofs::impl::errc_of(fs_fault f) {
  switch (f) {
    case fs_fault::eacces: return fs_errc::eacces;
    case fs_fault::enospc: return fs_errc::enospc;
    case fs_fault::eio: return fs_errc::eio;
  }
  return fs_errc::eio;
}

fs_errc virtiofs::impl::failed(std::string_view what, std::string_view path, fs_errc e) {
  w.emit("fs.error", {field("fs", opts.name), field("op", what), field("path", path),
                      field("errc", model::to_string(e))});
  return e;
}

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
