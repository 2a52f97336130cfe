// The fixed designs hold the same properties the buggy ones break, over the
// default number of cases (RECONSIM_PROPERTY_CASES for long runs).
#include <rapidcheck/catch.h>

#include <catch2/catch.hpp>

#include "property/support.hpp"

using namespace reconsim;
using namespace reconsim::property_support;

namespace {

const std::vector<std::string> fixed_variants = {"generation-changed-predicate", "next-retry-in-status",
                                                 "backoff-check-every-phase"};

}  // namespace

TEST_CASE("fixed variants: retries honour the backoff and terminal phases wait for the retries, whatever the faults") {
  for (const auto& variant : fixed_variants) {
    CAPTURE(variant);
    const sc::property_target t{
        "retry-backoff", variant, {"retries-honour-backoff", "terminal-only-when-done", "status-counters-match-attempts"}, std::nullopt};
    const sc::search_result r = search_and_print(t, retry_space(), options("fixed/" + variant, sc::property_cases(100)));
    INFO(r.report.text);
    CHECK_FALSE(r.found);
    CHECK(r.cases == sc::property_cases(100));
  }
}

TEST_CASE("fixed variants hold for generated retry policies and request counts as well") {
  sc::input_space s = retry_space();
  s.retry = sc::retry_space{};
  s.tests_max = 2;
  for (const auto& variant : fixed_variants) {
    CAPTURE(variant);
    const sc::property_target t{
        "retry-backoff", variant, {"retries-honour-backoff", "terminal-only-when-done", "status-counters-match-attempts"}, std::nullopt};
    const sc::search_result r = search_and_print(t, s, options("fixed-policy/" + variant, sc::property_cases(100)));
    INFO(r.report.text);
    CHECK_FALSE(r.found);
  }
}

TEST_CASE("rapidcheck's own Catch2 property: the fixed retry design holds on generated inputs") {
  // rc::prop uses rapidcheck's global configuration, so RC_PARAMS (seed,
  // max_success, reproduce=...) applies here unchanged.
  rc::prop("retries honour the backoff for backoff-check-every-phase", [] {
    const sc::property_input in = *sc::input_gen(retry_space());
    const sc::property_verdict v =
        sc::evaluate({"retry-backoff", "backoff-check-every-phase", {"retries-honour-backoff"}, std::nullopt}, in);
    if (!v.held) std::cout << sc::report_counterexample(v, repro_dir()).text;
    RC_ASSERT(v.held);
  });
}
