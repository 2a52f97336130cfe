#pragma once
// A virtiofs-like shared directory with two views of one tree:
//  - guest(): the pod. Its writes are visible to itself at once.
//  - host():  the test reading through Kind hostPath -> node -> Podman VM ->
//             virtiofs. Every mkdir, write, rename and remove reaches it
//             after a sync latency that grows with load (seeds 000/001:
//             100-500 ms at rest, 1-2 s under light load, 3-4 s+ under
//             heavy load). The host view is read-only: the E2E harness
//             reads and cleans up through the pod.
// Faults: read-only directory subtrees (EACCES), full subtrees or a byte
// capacity (ENOSPC), and probabilistic per-operation faults.
//
// Per-path order: an operation reaches the host no earlier than any earlier
// operation on the same path, on a directory above it, or anywhere below
// it, so the host never sees a rename before the write it renames, nor a
// file before its directory.
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "reconsim/model/filesystem.hpp"
#include "reconsim/sim/time.hpp"

namespace reconsim::sim {
class world;
}

namespace reconsim::faults {

enum class latency_shape {
  uniform,    // uniform in [min, max]
  lognormal,  // min and max are the 5th and 95th percentiles
};

// The latency range at one load. Between anchors the range is interpolated
// linearly; below the first and above the last it is clamped.
struct latency_anchor {
  int load = 1;
  sim::duration min{};
  sim::duration max{};

  friend bool operator==(const latency_anchor&, const latency_anchor&) = default;
};

struct latency_options {
  latency_shape shape = latency_shape::uniform;
  // Seed 000: 100-500 ms alone; seed 001: 1-2 s with 3 tests, 3-4 s+ with
  // 12 parallel processes.
  std::vector<latency_anchor> anchors = {
      {1, std::chrono::milliseconds(100), std::chrono::milliseconds(500)},
      {3, std::chrono::seconds(1), std::chrono::seconds(2)},
      {12, std::chrono::seconds(3), std::chrono::seconds(4)}};
  // The "+" in "3-4 s+": with this probability a sync takes extra time,
  // uniform in [0, tail_factor * range max].
  double tail_probability = 0.05;
  double tail_factor = 1.0;

  friend bool operator==(const latency_options&, const latency_options&) = default;
};

struct virtiofs_options {
  std::string name = "virtiofs";  // trace field `fs` and rng stream prefix
  latency_options latency;
  // The seeds proposed fsync as the fix. false: fsync flushes the guest only
  // and the host still waits for its sync (the default, since the host side
  // caches independently). true: fsync is a barrier that makes everything
  // written before it visible on the host within fsync_latency, and the
  // caller waits that long.
  bool fsync_flushes_host = false;
  sim::duration fsync_latency = std::chrono::milliseconds(1);
  std::size_t capacity_bytes = 0;  // 0: unlimited
};

// A fault that fails one operation at a time.
enum class fs_fault { eacces, enospc, eio };
std::string_view to_string(fs_fault f) noexcept;

// The latency range at `load` (exact integer interpolation).
latency_anchor latency_range_at(const latency_options& o, int load);

class virtiofs {
 public:
  explicit virtiofs(sim::world& w, virtiofs_options opts = {});
  ~virtiofs();
  virtiofs(const virtiofs&) = delete;
  virtiofs& operator=(const virtiofs&) = delete;

  model::filesystem& guest() noexcept;
  model::filesystem& host() noexcept;

  // Concurrent writers / parallel test processes; read at each operation.
  void set_load(int load);
  int load() const noexcept;

  // Makes the subtree under `dir` read-only (writes fail EACCES) or
  // writable again. `dir` need not exist yet.
  void set_writable(std::string_view dir, bool writable);
  // Makes writes under `dir` fail ENOSPC, or succeed again.
  void set_full(std::string_view dir, bool full);
  // Each mutating operation under `dir` fails with `kind` with probability
  // p, drawn from the rng stream `stream` (one stream per fault point, so
  // adding one does not shift the others). p = 0 removes the point.
  void set_fault_probability(fs_fault kind, std::string_view dir, double p, std::string stream);

  // Draws one sync latency at the current load from the latency streams,
  // as an operation would. For tests and sweeps of the distribution.
  sim::duration draw_latency();
  // Operations done in the guest and not yet visible on the host.
  std::size_t pending() const noexcept;
  const virtiofs_options& options() const noexcept;

  struct impl;

 private:
  std::shared_ptr<impl> impl_;
};

}  // namespace reconsim::faults
