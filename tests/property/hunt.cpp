// `reconsim hunt`: aimed search. It finds seed 003's bug from the
// fault-free scenario in fewer runs than random generated plans need on
// average; its perturbations are exact (the perturbed run is the reference
// up to the anchor); its result does not depend on --jobs; and it says
// which perturbations the fixed designs survive and which they do not.
#include <catch2/catch.hpp>

#include <algorithm>
#include <iostream>

#include "property/support.hpp"
#include "reconsim/scenarios/search/hunt.hpp"

using namespace reconsim;
using namespace reconsim::property_support;

namespace {

sc::hunt_request hunt_of(const std::string& scenario, const std::string& variant) {
  sc::hunt_request q;
  q.scenario = scenario;
  q.variant = variant;
  q.repro_dir = "";
  return q;
}

const sc::hunt_group* group_starting(const sc::hunt_result& r, const std::string& prefix) {
  for (const auto& g : r.groups) {
    if (g.signature.rfind(prefix, 0) == 0) return &g;
  }
  return nullptr;
}

// Runs to the first counterexample of random plans from the property
// search's generators over everything the testbed has (files, API faults,
// watches, restarts, HTTP, network), averaged over ten rapidcheck seeds.
struct random_runs {
  double mean = 0;
  int found = 0;
  int trials = 0;
};
random_runs random_search(const sc::property_target& t, int cases) {
  sc::input_space space;
  space.vocabulary = sc::vocabulary_of(sc::load_scenario(t.scenario));
  random_runs out;
  int total = 0;
  for (int i = 1; i <= 10; ++i) {
    sc::search_options o;
    o.rc_seed = static_cast<std::uint64_t>(i);
    o.cases = cases;
    o.shrink = false;
    const sc::search_result r = sc::search(t, space, o);
    total += r.cases;
    out.found += r.found ? 1 : 0;
    ++out.trials;
  }
  out.mean = static_cast<double>(total) / out.trials;
  return out;
}

// The first run, in hunt order, that fails one of `checks`; 0 when none.
int hunt_runs_to(const sc::hunt_result& r, const std::vector<std::string>& checks) {
  int first = 0;
  for (const auto& c : checks) {
    if (const auto* g = group_starting(r, c + " |")) first = first == 0 ? g->first_run : std::min(first, g->first_run);
  }
  return first;
}

}  // namespace

TEST_CASE("hunt finds the known bugs from the fault-free scenario in fewer runs than random plans need on average") {
  struct known_bug {
    const char* what;
    sc::property_target target;
  };
  const known_bug bugs[] = {
      {"seed 003 (PartiallySent is terminal)",
       {"retry-backoff", "partial-is-terminal", {"retries-honour-backoff", "terminal-only-when-done"}, std::nullopt}},
      {"the Sending hot loop", {"retry-backoff", "retrying-phase", {"retries-honour-backoff"}, std::nullopt}},
      {"a crash between delivery and status write",
       {"retry-backoff", "backoff-check-every-phase", {"status-counters-match-attempts"}, std::nullopt}},
  };
  for (const auto& bug : bugs) {
    INFO(bug.what);
    const sc::hunt_result h = sc::run_hunt(hunt_of(bug.target.scenario, *bug.target.variant));
    const int hunt_runs = hunt_runs_to(h, bug.target.checks);
    const random_runs random = random_search(bug.target, 1000);
    std::cout << "[hunt vs random] " << bug.what << " in " << *bug.target.variant << ": hunt after " << hunt_runs
              << " run(s) (" << h.runs << " in all, " << h.seconds << " s); random plans after " << random.mean
              << " run(s) on average, " << random.found << "/" << random.trials << " found within 1000\n";
    REQUIRE(hunt_runs > 0);
    CHECK(hunt_runs < random.mean);
  }
}

TEST_CASE("a perturbed run is the reference run up to its anchor") {
  const sc::scenario_spec spec = sc::load_scenario("retry-backoff");
  sc::run_request q;
  q.scenario = "retry-backoff";
  q.variant = "retrying-phase";
  q.plan = "";
  const sc::run_result reference = sc::run_scenario(q);
  const auto ps = sc::perturbations_of(reference, spec, {}, {"restart", "conflict", "stale", "drop", "fs"});
  REQUIRE(ps.size() > 10);
  auto without_faults = [](const std::vector<sim::trace_event>& trace, sim::duration until) {
    std::vector<std::string> out;
    for (const auto& e : trace) {
      if (e.at.time_since_epoch() >= until) break;
      if (e.kind.rfind("fault.", 0) != 0) out.push_back(sim::to_json_line(e));
    }
    return out;
  };
  for (const auto& p : ps) {
    INFO(p.label << " at " << p.point);
    sc::run_request pq = q;
    pq.plan = faults::print(p.plan, "; ");
    const sc::run_result r = sc::run_scenario(pq);
    const sim::duration anchor = p.plan.steps.front().at;
    CHECK(without_faults(r.trace, anchor) == without_faults(reference.trace, anchor));
    // ... and the perturbation did something: the runs differ after it.
    CHECK(r.trace_hash != reference.trace_hash);
  }
}

TEST_CASE("hunt gives the same groups and repros for any number of jobs") {
  sc::hunt_request q = hunt_of("retry-backoff", "retrying-phase");
  const sc::hunt_result one = sc::run_hunt(q);
  q.jobs = 2;
  const sc::hunt_result two = sc::run_hunt(q);
  CHECK(one.reference_hash == two.reference_hash);
  CHECK(one.runs == two.runs);
  CHECK(one.failed == two.failed);
  CHECK(one.first_failure_run == two.first_failure_run);
  REQUIRE(one.groups.size() == two.groups.size());
  for (std::size_t i = 0; i < one.groups.size(); ++i) {
    CHECK(one.groups[i].signature == two.groups[i].signature);
    CHECK(one.groups[i].count == two.groups[i].count);
    CHECK(one.groups[i].report.run_command == two.groups[i].report.run_command);
  }
}

TEST_CASE("the fixed designs survive 409s, stale caches, dropped watches and single file, HTTP and network faults") {
  for (const char* variant : {"generation-changed-predicate", "next-retry-in-status", "backoff-check-every-phase"}) {
    for (const char* scenario : {"retry-backoff", "retry-all-fail", "slack-503", "audit-loss-fixed"}) {
      INFO(variant << " on " << scenario);
      sc::hunt_request q = hunt_of(scenario, variant);
      q.faults = {"conflict", "stale", "drop", "fs", "http", "net"};
      const sc::hunt_result r = sc::run_hunt(q);
      CHECK(r.runs > 0);
      CHECK(r.failed == 0);
      CHECK(r.diverged == 0);
      CHECK(r.inconclusive == 0);
    }
  }
}

TEST_CASE("no design survives a controller restart between a delivery and its status write: it delivers again") {
  for (const char* variant : {"generation-changed-predicate", "next-retry-in-status", "backoff-check-every-phase"}) {
    INFO(variant);
    sc::hunt_request q = hunt_of("retry-backoff", variant);
    q.faults = {"restart"};
    const sc::hunt_result r = sc::run_hunt(q);
    const sc::hunt_group* g = group_starting(r, "status-counters-match-attempts | restart right after a delivery");
    REQUIRE(g != nullptr);
    CHECK_THAT(g->report.run_command, Catch::Contains("restart controller"));
  }
  // Where no checker looks, the end-state oracle sees the second delivery.
  const sc::hunt_result audit = sc::run_hunt(hunt_of("audit-duplication-idempotent", "backoff-check-every-phase"));
  const sc::hunt_group* d = group_starting(audit, "diverged | restart right after a delivery");
  REQUIRE(d != nullptr);
  CHECK_THAT(d->end_state_diff, Catch::Contains("console=1") && Catch::Contains("console=2"));
}

TEST_CASE("hunt refuses what it cannot aim: an unknown fault kind, a reference that already fails") {
  sc::hunt_request q = hunt_of("retry-backoff", "partial-is-terminal");
  q.faults = {"meteor"};
  CHECK_THROWS_WITH(sc::run_hunt(q), Catch::Contains("unknown fault kind 'meteor'"));
  sc::hunt_request kept = hunt_of("retry-backoff", "partial-is-terminal");
  kept.keep_plan = true;
  CHECK_THROWS_WITH(sc::run_hunt(kept), Catch::Contains("reference run already fails") &&
                                            Catch::Contains("drop --keep-plan"));
}
