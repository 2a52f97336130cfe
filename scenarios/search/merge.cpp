#include "reconsim/scenarios/search/merge.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <tuple>

#include "reconsim/scenarios/spec/scenario.hpp"

namespace reconsim::scenarios {

namespace {

// Groups of every shard folded by signature: counts add up, the earliest
// first failure (by `first_of`) stands for the group, and the groups come
// out in order of that first failure.
template <typename Group, typename Key>
std::vector<Group> fold_groups(const std::vector<const Group*>& all, Key first_of) {
  std::vector<Group> out;
  for (const Group* g : all) {
    auto it = std::find_if(out.begin(), out.end(), [&](const Group& o) { return o.signature == g->signature; });
    if (it == out.end()) {
      out.push_back(*g);
    } else if (first_of(*g) < first_of(*it)) {
      const int count = it->count + g->count;
      *it = *g;
      it->count = count;
    } else {
      it->count += g->count;
    }
  }
  std::stable_sort(out.begin(), out.end(), [&](const Group& a, const Group& b) { return first_of(a) < first_of(b); });
  return out;
}

}  // namespace

explore_result merge_explore(const std::vector<explore_result>& shards, const std::vector<std::string>& policies) {
  explore_result out;
  std::vector<const explore_group*> groups;
  for (const auto& s : shards) {
    out.partial = out.partial || s.partial;
    out.runs += s.runs;
    out.failed += s.failed;
    out.determinism_checked += s.determinism_checked;
    out.inconclusive += s.inconclusive;
    out.seconds = std::max(out.seconds, s.seconds);
    for (const auto& g : s.groups) groups.push_back(&g);
  }
  const auto rank = [&policies](const std::string& p) {
    return std::find(policies.begin(), policies.end(), p) - policies.begin();
  };
  out.groups = fold_groups(groups, [&](const explore_group& g) { return std::make_tuple(g.first_seed, rank(g.first_policy)); });
  return out;
}

hunt_result merge_hunt(const std::vector<hunt_result>& shards) {
  if (shards.empty()) return {};
  hunt_result out = shards.front();  // the reference and the list of perturbations are every shard's
  out.runs = out.failed = out.diverged = out.inconclusive = out.unsettled = 0;
  out.first_failure_run.reset();
  out.seconds = 0;
  out.groups.clear();
  std::vector<const hunt_group*> groups;
  for (const auto& s : shards) {
    if (s.reference_hash != out.reference_hash) {
      throw scenario_error(fmt::format("merge: the shards' reference runs differ (trace hash {} and {}): they ran "
                                       "different models or requests",
                                       out.reference_hash, s.reference_hash));
    }
    out.partial = out.partial || s.partial;
    out.runs += s.runs;
    out.failed += s.failed;
    out.diverged += s.diverged;
    out.inconclusive += s.inconclusive;
    out.unsettled += s.unsettled;
    if (s.first_failure_run && (!out.first_failure_run || *s.first_failure_run < *out.first_failure_run)) {
      out.first_failure_run = s.first_failure_run;
    }
    out.seconds = std::max(out.seconds, s.seconds);
    for (const auto& g : s.groups) groups.push_back(&g);
  }
  out.groups = fold_groups(groups, [](const hunt_group& g) { return g.first_run; });
  return out;
}

sweep_result merge_sweep(const std::vector<sweep_result>& shards) {
  if (shards.empty()) return {};
  sweep_result out;
  out.request = shards.front().request;
  out.request.shard = out.request.shards = 1;
  out.variant = shards.front().variant;
  out.scenario_name = shards.front().scenario_name;
  std::vector<sweep_run> runs;
  for (const auto& s : shards) {
    out.partial = out.partial || s.partial;
    runs.insert(runs.end(), s.runs.begin(), s.runs.end());
  }
  fold_sweep(out, std::move(runs));  // sorts them into slot order
  return out;
}

}  // namespace reconsim::scenarios
