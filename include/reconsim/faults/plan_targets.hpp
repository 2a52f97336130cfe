#pragma once
// What a testbed has for a plan to act on: the directories its components
// write in, the hosts they call and the nodes that call them. A plan that
// names anything else would be accepted and never fire, and the run would
// pass having tested nothing; check_targets makes that bad input instead.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "reconsim/faults/plan.hpp"

namespace reconsim::faults {

struct plan_targets {
  std::vector<std::string> directories;  // absolute, normalized
  std::vector<std::string> hosts;
  std::vector<std::string> nodes;
  std::vector<std::string> kinds;  // resource kinds the API server serves
  std::vector<std::string> components;  // processes a plan may restart
  // Not checked, but what generators draw from: the hosts that answer
  // HTTP (http statements), and the (node, host) pairs that talk.
  std::vector<std::string> http_hosts;
  std::vector<std::pair<std::string, std::string>> links;
};

// The first name in `parsed` (a plan that parsed) the testbed does not have,
// as an error at the name's line and column, "expected" listing what it has.
// A directory matches when it is one the testbed writes in or a directory
// above one (a fault under it reaches the writes).
std::optional<parse_error> check_targets(const parse_result& parsed, const plan_targets& have);

}  // namespace reconsim::faults
