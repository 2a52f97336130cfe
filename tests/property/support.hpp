#pragma once
// Input spaces shared by the property suites: each one the smallest
// vocabulary that still contains the seeds' stories.
#include <filesystem>
#include <iostream>
#include <string>

#include "reconsim/scenarios/search/property_rc.hpp"

namespace reconsim::property_support {

using namespace std::chrono_literals;
namespace sc = scenarios;

// Faults on the notification directory and the network, in the first 30 s
// (the retry tests create their requests at 20 s).
inline sc::input_space retry_space() {
  sc::input_space s;
  s.vocabulary = sc::vocabulary_of(sc::load_scenario("retry-backoff"));  // the notification directory only
  // The seeds' faults only: API server faults break even the fixed designs
  // (api_space, known_bugs.cpp), so the fixed-variant suites leave them out.
  s.vocabulary.kinds.clear();
  s.vocabulary.watch_kinds.clear();
  s.vocabulary.components.clear();
  s.vocabulary.horizon_ticks = 300;
  return s;
}

// retry_space plus API server faults (409, 429, 500, 503, 504) on the
// NotificationRequest kind.
inline sc::input_space api_space() {
  sc::input_space s = retry_space();
  s.vocabulary.kinds = sc::vocabulary_of(sc::load_scenario("retry-backoff")).kinds;
  return s;
}

// One connection fault on DataStorage while the one audit batch is in
// flight (emitted at ~40.05 s, written at 40.1 s; a 10 ms grid from 40 s),
// among noise steps on the testbed's own names. A plan drawn over 60 s on a 100 ms grid
// almost never hits that window, and rapidcheck cannot merge three
// one-request steps into one three-request step, so the space draws one
// step with a count.
inline sc::input_space audit_space() {
  sc::input_space s;
  auto batch_fault = rc::gen::apply(
      [](int k, faults::net_fault kind, int count) {
        const sim::duration at = 40s + k * 10ms;
        return faults::step{at, at, faults::net_action{kind, "datastorage", count}};
      },
      rc::gen::resize(100, rc::gen::inRange(0, 20)), faults::gen::net_fault_kind(),
      rc::gen::resize(100, rc::gen::inRange(1, 6)));
  // The noise of the seed's own faults: no HTTP answers or watch faults.
  faults::gen::plan_vocabulary noise = sc::vocabulary_of(sc::load_scenario("audit-loss"));
  noise.http_hosts.clear();
  noise.watch_kinds.clear();
  noise.components.clear();
  s.plan = rc::gen::apply(
      [](rc::Maybe<faults::step> fault, std::vector<faults::step> steps) {
        if (fault) steps.insert(steps.begin(), *fault);
        return faults::plan{std::move(steps), {}, 1.0};
      },
      rc::gen::maybe(batch_fault), rc::gen::container<std::vector<faults::step>>(faults::gen::any_step(noise)));
  return s;
}

// One controller crash on a 1 ms grid over the second in which the retry
// tests' first deliveries and their status writes happen (20-21 s), down
// for up to 5 s. The window between a delivery and its write is ~13 ms: a
// 100 ms grid would step over it.
inline sc::input_space restart_space() {
  sc::input_space s;
  s.points = false;
  auto crash = rc::gen::apply(
      [](int ms, int down_s) {
        const sim::duration at = 20s + ms * 1ms;
        return faults::step{at, at, faults::restart_action{"controller", down_s * 1s}};
      },
      rc::gen::resize(100, rc::gen::inRange(0, 1000)), rc::gen::resize(100, rc::gen::inRange(0, 6)));
  s.plan = rc::gen::map(crash, [](faults::step st) { return faults::plan{{std::move(st)}, {}, 1.0}; });
  return s;
}

// No faults: only the parallel load (Ginkgo --procs) and the seed vary.
inline sc::input_space load_space(int procs_max) {
  sc::input_space s;
  s.faults = false;
  s.procs_min = 1;
  s.procs_max = procs_max;
  return s;
}

// Counterexamples go to the build's temporary directory, not the source tree.
inline std::string repro_dir() {
  const auto dir = std::filesystem::temp_directory_path() / "reconsim-property";
  std::filesystem::create_directories(dir);
  return dir.string();
}

inline sc::search_options options(const std::string& id, int cases) {
  sc::search_options o;
  o.id = id;
  o.cases = cases;
  o.repro_dir = repro_dir();
  return o;
}

// Prints what a person needs; returns the result for the assertions.
inline sc::search_result search_and_print(const sc::property_target& t, const sc::input_space& s,
                                          const sc::search_options& o) {
  sc::search_result r = sc::search(t, s, o);
  std::cout << "[" << o.id << "] " << (r.found ? "counterexample after " : "held over ") << r.cases << " case(s), "
            << r.evaluations << " run(s); first counterexample after " << r.seconds_to_first << " s, done after "
            << r.seconds_total << " s\n";
  if (r.found) std::cout << r.report.text;
  return r;
}

}  // namespace reconsim::property_support
