#pragma once
// Shards back into one result. A search split with --shard i/N (explore:
// seeds; hunt: perturbations; sweep: point x seed runs) runs each slot in exactly one shard, and every
// slot's outcome depends only on its own inputs, so the shards' results
// combine into exactly what one process would have found: counts add up, a
// group's first failure is the earliest over the shards (its shrunk repro
// is the same wherever it ran), and groups keep the order of first failure
// in the whole run. Checking that the shards belong together (the same
// request, each once, none missing) is the caller's job: views/shard_file.hpp.
#include <string>
#include <vector>

#include "reconsim/scenarios/search/explore.hpp"
#include "reconsim/scenarios/search/hunt.hpp"
#include "reconsim/scenarios/search/sweep.hpp"

namespace reconsim::scenarios {

// `policies`: the request's, in its order (a seed's runs go in that order).
// `seconds` is the slowest shard's: the wall time when they ran side by side.
explore_result merge_explore(const std::vector<explore_result>& shards, const std::vector<std::string>& policies);

// Throws scenario_error when the shards' reference runs differ (they ran
// different models or requests).
hunt_result merge_hunt(const std::vector<hunt_result>& shards);

// Every shard's runs folded in slot order (fold_sweep): the points, tallies,
// intervals and first failures one process computes. The request, variant
// and scenario name are the first shard's (check_shard_set made sure they
// agree).
sweep_result merge_sweep(const std::vector<sweep_result>& shards);

}  // namespace reconsim::scenarios
