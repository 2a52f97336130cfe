#pragma once
// Faults of the Kubernetes API server, injected through its request hook:
// 409 Conflict on writes (what optimistic concurrency answers when another
// writer got there first) and 429/500/503/504 on any request, armed for the
// next N requests of a kind or drawn per request with a probability. Each
// injected answer is traced as "fault.api.conflict" / "fault.api.error"
// (kind, key, verb, code, reason = injected | probabilistic).
//
// Lists and watches are left alone by the answers above; the watches of a
// kind have faults of their own: drop_watches ends them (the informers watch
// again from their last resourceVersion, or list again on 410 Expired), and
// hold_watch_events makes every informer's cache of the kind stale for a
// window ("fault.watch_drop" {kind, watches}, "fault.stale" {kind, until},
// then "fault.stale_held" per event held back).
#include <memory>
#include <string>
#include <string_view>

#include "reconsim/model/kube/apiserver.hpp"
#include "reconsim/sim/world.hpp"

namespace reconsim::faults {

// The codes an api fault may answer with: 409 (writes only), 429, 500,
// 503, 504.
bool valid_api_fault_code(int code) noexcept;

class api_faults {
 public:
  // Installs itself as `api`'s before-request hook; both must outlive the
  // world's run.
  api_faults(sim::world& w, model::api_server& api);
  ~api_faults();
  api_faults(const api_faults&) = delete;
  api_faults& operator=(const api_faults&) = delete;

  // The next `count` requests on `kind` that the code applies to (writes
  // for 409, every request but list and watch otherwise) answer `code`.
  void inject(std::string_view kind, int code, int count);
  // Each such request answers `code` with probability p, drawn from the
  // world's rng stream `stream`.
  void set_fault_probability(std::string_view kind, int code, double p, std::string stream);
  // Ends every open watch on `kind` now.
  void drop_watches(std::string_view kind);
  // Holds back watch events on `kind` until `until`.
  void hold_watch_events(std::string_view kind, sim::time_point until);

 private:
  struct impl;
  std::shared_ptr<impl> impl_;
};

}  // namespace reconsim::faults
