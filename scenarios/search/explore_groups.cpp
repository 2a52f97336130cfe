#include "reconsim/scenarios/search/detail/explore_groups.hpp"

#include <algorithm>

#include "reconsim/scenarios/checkers/checker.hpp"

namespace reconsim::scenarios::detail {

std::vector<std::string> explored_checks(const scenario_spec& spec) {
  std::vector<std::string> names = spec.checks;
  if (names.empty()) {
    for (const auto& c : checkers()) names.emplace_back(c.name);
  }
  names.emplace_back(tests_pass_check);
  return names;
}

std::vector<run_slot> make_slots(const explore_request& req) {
  std::vector<run_slot> slots;
  const auto shards = static_cast<std::uint64_t>(req.shards);
  const auto mine = static_cast<std::uint64_t>(req.shard - 1);
  for (std::uint64_t seed = req.seed_first;; ++seed) {
    if ((seed - req.seed_first) % shards == mine) {
      for (std::size_t p = 0; p < req.policies.size(); ++p) {
        run_slot s;
        s.seed = seed;
        s.policy = req.policies[p];
        s.index = static_cast<std::size_t>(seed - req.seed_first) * req.policies.size() + p;
        slots.push_back(std::move(s));
      }
    }
    if (seed == req.seed_last) break;  // also ends a range that reaches UINT64_MAX
  }
  return slots;
}

std::vector<explore_group> group(const std::vector<run_slot>& slots) {
  std::vector<explore_group> groups;
  for (const auto& s : slots) {
    if (!s.ran || !s.failure) continue;
    const faults::plan shrunk = faults::parse_plan(s.failure->request.plan.value_or("")).plan;
    const std::string sig = failure_signature(*s.failure, shrunk);
    auto it = std::find_if(groups.begin(), groups.end(), [&](const explore_group& g) { return g.signature == sig; });
    if (it == groups.end()) {
      groups.push_back({sig, 1, s.seed, s.policy, *s.failure, {}});
    } else {
      ++it->count;
    }
  }
  return groups;
}

}  // namespace reconsim::scenarios::detail
