#pragma once
// What explore and its guided mode share: one slot per run, the checks a
// run is judged by, and failures grouped by signature in slot order.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "reconsim/scenarios/search/explore.hpp"
#include "reconsim/scenarios/spec/scenario.hpp"

namespace reconsim::scenarios::detail {

struct run_slot {
  std::uint64_t seed = 0;
  std::string policy;
  // Its place in the whole seed x policy order (not the shard's): what
  // --check-determinism samples by, so shards sample what one run would.
  std::size_t index = 0;
  std::optional<property_verdict> failure;  // shrunk
  bool inconclusive = false;                 // held, but tested less than it says
  faults::plan plan;                         // guided runs: the plan this slot ran
  bool ran = false;                          // false: a stop came first (stop.hpp)
};

// Seed (x policy) slots of the request's shard, in seed order.
std::vector<run_slot> make_slots(const explore_request& req);

// The scenario's checkers, then its harness verdicts: a run `reconsim run`
// calls FAILED is a failure here too.
std::vector<std::string> explored_checks(const scenario_spec& spec);

// Groups in order of the first failing slot, so the same slots give the
// same groups whatever order the threads finished in.
std::vector<explore_group> group(const std::vector<run_slot>& slots);

}  // namespace reconsim::scenarios::detail
