#pragma once
// Faults of the Kubernetes API server, injected through its request hook:
// 409 Conflict on writes (what optimistic concurrency answers when another
// writer got there first) and 429/500/503/504 on any request, armed for the
// next N requests of a kind or drawn per request with a probability. Each
// injected answer is traced as "fault.api.conflict" / "fault.api.error"
// (kind, key, verb, code, reason = injected | probabilistic).
//
// Lists and watches are left alone: the informer's ListAndWatch has its own
// faults (watch drops, stale caches), which are not modelled yet.
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

 private:
  struct impl;
  std::shared_ptr<impl> impl_;
};

}  // namespace reconsim::faults
