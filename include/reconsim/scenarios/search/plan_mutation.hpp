#pragma once
// Random fault plans without rapidcheck (the `reconsim` binary must not
// need it), drawn with the project's PRNG from what a testbed has
// (faults::plan_targets), for the guided search: one random step, and a
// mutation of a plan (add, remove or shift a step, change a count).
// Deterministic: the same rng state gives the same plan.
#include "reconsim/faults/plan.hpp"
#include "reconsim/faults/plan_targets.hpp"
#include "reconsim/sim/rng.hpp"

namespace reconsim::scenarios {

struct mutation_space {
  faults::plan_targets targets;
  sim::duration horizon = std::chrono::seconds(60);  // steps start in [0, horizon)
  sim::duration grid = std::chrono::milliseconds(10);
};

// One step (two for a fault that ends: `chmod ro` then `rw`, `enospc on`
// then `off`) on the space's names; none when the testbed has nothing.
std::vector<faults::step> random_steps(sim::rng& r, const mutation_space& s);
// A plan of 1..3 random step groups, in time order.
faults::plan random_plan(sim::rng& r, const mutation_space& s);
// One to four stacked mutations of `p`, in time order.
faults::plan mutate(const faults::plan& p, sim::rng& r, const mutation_space& s);

}  // namespace reconsim::scenarios
