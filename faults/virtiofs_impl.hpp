#pragma once
// virtiofs's state, shared by its two halves: virtiofs.cpp (the views,
// guest operations and their faults) and virtiofs_host.cpp (the way to the
// host: latency, per-path order, fsync, visibility). Private to faults/.
#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "reconsim/faults/virtiofs.hpp"
#include "reconsim/model/memory_filesystem.hpp"
#include "reconsim/sim/world.hpp"

namespace reconsim::faults {

namespace detail {

enum class op_kind { mkdir, write, rename, remove };

inline std::string_view to_string(op_kind k) noexcept {
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
inline std::vector<std::string> ancestors(const std::string& p) {
  std::vector<std::string> out;
  if (p == "/") return out;
  out.emplace_back("/");
  for (std::size_t pos = p.find('/', 1); pos != std::string::npos; pos = p.find('/', pos + 1)) {
    out.push_back(p.substr(0, pos));
  }
  return out;
}

}  // namespace detail

struct virtiofs::impl : std::enable_shared_from_this<virtiofs::impl> {
  using fs_errc = model::fs_errc;
  using op = detail::op;
  using op_kind = detail::op_kind;

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
  fs_errc guest_mkdir_all(std::string_view path);
  fs_errc guest_write(std::string_view path, std::string_view data);
  fs_errc guest_rename(std::string_view from, std::string_view to);
  fs_errc guest_remove(std::string_view path);
  fs_errc guest_fsync(std::string_view path);

  // ---- faults ----
  bool under(const std::set<std::string>& roots, const std::string& p) const;

  // `dirs`: the directories whose entries change (read-only -> EACCES);
  // `allocates`: whether the operation needs space (full -> ENOSPC).
  fs_errc check_faults(std::string_view what, const std::string& p, const std::vector<std::string>& dirs,
                       bool allocates);
  static fs_errc errc_of(fs_fault f);
  fs_errc failed(std::string_view what, std::string_view path, fs_errc e);

  // ---- the way to the host ----
  sim::duration draw_latency();
  fs_errc record(op o);

  // The visibility time of `o`: no earlier than `t`, than any pending
  // operation on a directory above one of its paths, or than any pending
  // operation on one of its paths or below.
  sim::time_point order_after(const op& o, sim::time_point t);

  // Entries at or before now constrain nothing: every new time is >= now.
  void prune();

  // The fsync barrier: everything pending becomes visible by `t`. Order is
  // kept: entries later than t collapse onto t in their sequence order.
  std::size_t flush_until(sim::time_point t);
  void catch_up();
  void apply_on_host(const op& o);

  // One timer, at the earliest pending visibility time. It holds only a
  // weak pointer, so a virtiofs may die before its world.
  void arm();
  void on_timer(sim::time_point t);

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

}  // namespace reconsim::faults
