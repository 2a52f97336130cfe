// Two properties a controller team would keep in its own CI: the design it
// ships holds under generated file faults, and the bug it fixed is still
// found in the old design (so the suite can still see it).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include <reconsim/scenarios/search/property_rc.hpp>
#include <reconsim/scenarios/spec/scenario.hpp>

namespace sc = reconsim::scenarios;

namespace {

// Faults on the notification directory in the first 30 s of retry-backoff.
sc::input_space file_faults() {
  sc::input_space s;
  s.vocabulary = sc::vocabulary_of(sc::load_scenario("retry-backoff"));
  s.vocabulary.kinds.clear();        // no API server faults
  s.vocabulary.watch_kinds.clear();  // no watch faults
  s.vocabulary.components.clear();   // no restarts
  s.vocabulary.horizon_ticks = 300;
  return s;
}

sc::search_options options(int cases) {
  sc::search_options o;
  o.cases = cases;
  return o;
}

}  // namespace

TEST_CASE("the shipped design spaces its retries by the backoff under generated file faults") {
  const sc::search_result r =
      sc::search({"retry-backoff", "backoff-check-every-phase", {"retries-honour-backoff"}}, file_faults(), options(50));
  if (r.found) std::cout << r.report.text;
  CHECK_FALSE(r.found);
  CHECK(r.cases == 50);
}

TEST_CASE("the December design's terminal PartiallySent is still found, shrunk to one file fault") {
  const sc::search_result r = sc::search(
      {"retry-backoff", "partial-is-terminal", {"terminal-only-when-done"}}, file_faults(), options(100));
  REQUIRE(r.found);
  REQUIRE(r.shrunk.has_value());
  CHECK(sc::plan_size(r.shrunk->plan) == 1);
  CHECK_THAT(r.report.run_command, Catch::Contains("--variant partial-is-terminal"));
}
