// explore_guided: rounds of slots; each round's plans are mutated from the
// corpus as it stood at the round's start, run on J threads, and folded
// into the corpus in slot order — so the corpus, the groups and the growth
// curve are a pure function of the request.
#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <set>

#include "reconsim/scenarios/search/coverage.hpp"
#include "reconsim/scenarios/search/detail/explore_groups.hpp"
#include "reconsim/scenarios/search/detail/parallel.hpp"
#include "reconsim/scenarios/search/explore.hpp"
#include "reconsim/scenarios/search/plan_mutation.hpp"
#include "reconsim/scenarios/spec/testbed_shape.hpp"

namespace reconsim::scenarios {

namespace {

using detail::run_slot;

struct guided_run {
  property_verdict verdict;
  std::vector<std::string> states;
};

guided_run run_with(const explore_request& req, const property_target& t, const run_slot& slot,
                    const faults::plan& plan) {
  property_input in{slot.seed, plan, std::nullopt, slot.policy, req.overrides};
  const run_request rr = request_of(t, in);
  coverage_reader coverage;
  const run_result r = run_scenario(lean_request(t, rr, &coverage));
  return {verdict_of_run(t, rr, r), coverage.states()};
}

// The rng a slot's plan is drawn with: its seed and policy, two streams.
sim::rng slot_rng(const run_slot& s, std::string_view what) {
  return sim::rng::stream(s.seed, std::string(what) + "/" + s.policy);
}

// Adds `states`; true when one was new.
bool cover(std::set<std::string>& seen, const std::vector<std::string>& states) {
  bool grew = false;
  for (const auto& s : states) grew = seen.insert(s).second || grew;
  return grew;
}

}  // namespace

explore_result explore_guided(const explore_request& req, const explore_progress& progress) {
  using clock = std::chrono::steady_clock;  // reports the wall time; never enters a run
  const auto start = clock::now();
  const scenario_spec spec = load_scenario(req.scenario);
  // The checkers judge, not the harness's tests: those expect the
  // scenario's own plan ("at least 2 file attempts"), and the plans here
  // are anything but.
  std::vector<std::string> checks = detail::explored_checks(spec);
  checks.pop_back();  // tests_pass_check
  const property_target target{req.scenario, req.variant, checks, req.max_trace_mb};
  mutation_space space;
  space.targets = plan_targets_of(spec);
  // From the scenario without its own plan: the search is to find what
  // breaks a run that works, not to rediscover the scenario's story.
  std::vector<faults::plan> corpus{faults::plan{}};

  std::vector<run_slot> slots = detail::make_slots(req);
  std::vector<guided_run> guided(slots.size());
  std::vector<guided_run> random(slots.size());
  std::set<std::string> seen_guided;
  std::set<std::string> seen_random;
  coverage_growth growth;
  std::atomic<int> failed{0};
  int done = 0;
  const int total = static_cast<int>(slots.size());
  bool complete = true;
  for (std::size_t first = 0; first < slots.size() && complete; first += guided_round) {
    const std::size_t last = std::min(slots.size(), first + guided_round);
    // The round's plans, from the corpus as it stands now.
    for (std::size_t i = first; i < last; ++i) {
      sim::rng r = slot_rng(slots[i], "guided");
      // One run in four starts afresh, so the corpus never narrows the
      // search below what random plans reach; the rest mutate a corpus
      // plan, the newer ones (which found the latest states) as often as
      // all the older ones together.
      if (r.uniform_int(std::uint64_t{0}, 3) == 0) {
        slots[i].plan = random_plan(r, space);
        continue;
      }
      const std::size_t n = corpus.size();
      const std::size_t pick = r.uniform_int(std::uint64_t{0}, 1) == 0 ? n - 1 : r.uniform_int(std::uint64_t{0}, n - 1);
      slots[i].plan = mutate(corpus[pick], r, space);
    }
    complete = detail::parallel_for(
        last - first, req.jobs,
        [&](std::size_t k) {
          const std::size_t i = first + k;
          guided[i] = run_with(req, target, slots[i], slots[i].plan);
          sim::rng r = slot_rng(slots[i], "random");
          random[i] = run_with(req, target, slots[i], random_plan(r, space));
          slots[i].ran = true;
          if (!guided[i].verdict.held) ++failed;
        },
        [&](std::size_t) {
          if (progress) progress(++done, total, failed.load());
        });
    // Fold the round in, in slot order.
    int ran = 0;
    for (std::size_t i = first; i < last; ++i) {
      if (!slots[i].ran) continue;
      ran = static_cast<int>(i) + 1;
      if (cover(seen_guided, guided[i].states)) corpus.push_back(slots[i].plan);
      cover(seen_random, random[i].states);
      const int run = static_cast<int>(i) + 1;
      if (!guided[i].verdict.held && !growth.guided_first_failure) growth.guided_first_failure = run;
      if (!random[i].verdict.held) {
        ++growth.random_failed;
        if (!growth.random_first_failure) growth.random_first_failure = run;
      }
    }
    if (ran > 0) {
      growth.points.push_back({ran, static_cast<int>(seen_guided.size()), static_cast<int>(seen_random.size())});
    }
  }
  growth.corpus = static_cast<int>(corpus.size());

  explore_result out;
  out.partial = !complete;
  std::vector<std::size_t> failing;
  for (std::size_t i = 0; i < slots.size(); ++i) {
    if (!slots[i].ran) continue;
    ++out.runs;
    const property_verdict& v = guided[i].verdict;
    if (!v.held) failing.push_back(i);
    out.failed += v.held ? 0 : 1;
    out.inconclusive += v.held && v.inconclusive ? 1 : 0;
  }
  // After a stop, no shrinking: report the failures as they ran.
  for (const std::size_t i : failing) slots[i].failure = guided[i].verdict;
  if (req.shrink && complete) {
    detail::parallel_for(failing.size(), req.jobs, [&](std::size_t k) {
      run_slot& s = slots[failing[k]];
      const property_input in{s.seed, s.plan, std::nullopt, s.policy, req.overrides};
      s.failure = shrink_failure(target, in, guided[failing[k]].verdict);
    });
  }
  out.groups = detail::group(slots);
  for (auto& g : out.groups) g.report = report_counterexample(g.minimal, req.repro_dir);
  out.coverage = std::move(growth);
  out.seconds = std::chrono::duration<double>(clock::now() - start).count();
  return out;
}

}  // namespace reconsim::scenarios
