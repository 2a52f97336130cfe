#pragma once
// explore's and hunt's reports, text and JSON (cli/search_output.cpp).
#include <nlohmann/json.hpp>

#include "reconsim/scenarios/search/explore.hpp"
#include "reconsim/scenarios/search/hunt.hpp"

namespace reconsim::cli {

void print_explore_text(const scenarios::explore_request& q, const scenarios::explore_result& r);
nlohmann::json explore_json(const scenarios::explore_request& q, const scenarios::explore_result& r);
void print_hunt_text(const scenarios::hunt_result& r);
nlohmann::json hunt_json(const scenarios::hunt_result& r);

// The exit code a search result earns (commands.hpp): a failure (or, for
// hunt, a divergence) 1; else any inconclusive run 3; else 0.
int explore_exit_code(const scenarios::explore_result& r);
int hunt_exit_code(const scenarios::hunt_result& r);

}  // namespace reconsim::cli
