#pragma once
// explore's, hunt's and sweep's reports (cli/search_output.cpp): the same
// for the command and for `reconsim merge` of its shards.
#include <string>

#include "reconsim/scenarios/search/explore.hpp"
#include "reconsim/scenarios/search/hunt.hpp"
#include "reconsim/scenarios/search/sweep.hpp"

namespace reconsim::cli {

// Text, or one JSON object with `json`, on stdout (a shard says which it
// is: the request's shard/shards); JUnit to `junit` when it is not empty.
// Returns the exit code the result earns (commands.hpp): a failure (hunt:
// or a divergence) 1; else any inconclusive run 3; else 0. A sweep reports:
// always 0.
int report_explore(const scenarios::explore_request& q, const scenarios::explore_result& r, bool json,
                   const std::string& junit);
int report_hunt(const scenarios::hunt_request& q, const scenarios::hunt_result& r, bool json, const std::string& junit);
int report_sweep(const scenarios::sweep_result& r, bool json, const std::string& junit);

}  // namespace reconsim::cli
