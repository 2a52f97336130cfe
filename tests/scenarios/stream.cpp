// A run that keeps no events (issue 17 §2: `run --stream`, a trace too
// large to keep) is checked as it goes and must say what a kept run says:
// the same hash, the same checks with the same explanations and times, the
// same counters, fault effects and load figures. A chain found at the end
// about an earlier moment may be shorter (the lookback keeps a bounded
// story per object), never different in order.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "reconsim/scenarios/checkers/checker.hpp"
#include "reconsim/scenarios/testbed/run.hpp"
#include "reconsim/scenarios/views/report.hpp"
#include "reconsim/sim/trace.hpp"

namespace rs = reconsim::scenarios;
namespace sim = reconsim::sim;

namespace {

rs::run_result run(const std::string& scenario, const std::string& variant, std::uint64_t seed, bool keep) {
  rs::run_request q;
  q.scenario = scenario;
  q.variant = variant;
  q.seed = seed;
  q.keep_events = keep;
  return rs::run_scenario(q);
}

bool same_event(const sim::trace_event& a, const sim::trace_event& b) {
  return sim::to_json_line(a) == sim::to_json_line(b);
}

// Every event of `part` is in `whole`, in the same order.
bool in_order_within(const std::vector<sim::trace_event>& part, const std::vector<sim::trace_event>& whole) {
  auto at = whole.begin();
  for (const auto& e : part) {
    at = std::find_if(at, whole.end(), [&](const sim::trace_event& w) { return same_event(e, w); });
    if (at == whole.end()) return false;
    ++at;
  }
  return true;
}

void require_same_verdicts(const rs::run_result& kept, const rs::run_result& streamed) {
  CHECK(streamed.trace.empty());
  CHECK(streamed.trace_hash == kept.trace_hash);
  CHECK(streamed.trace_events == kept.trace_events);
  CHECK(streamed.trace_events == kept.trace.size());
  CHECK(streamed.passed == kept.passed);
  CHECK(streamed.counters == kept.counters);
  CHECK(streamed.inconclusive == kept.inconclusive);
  // The report says as much, to the character (its attempts section too).
  CHECK(rs::format_report(streamed) == rs::format_report(kept));
  REQUIRE(streamed.checks.size() == kept.checks.size());
  for (std::size_t i = 0; i < kept.checks.size(); ++i) {
    const rs::check_outcome& k = kept.checks[i];
    const rs::check_outcome& s = streamed.checks[i];
    INFO(k.name);
    CHECK(s.status == k.status);
    CHECK(s.explanation == k.explanation);
    CHECK(s.first_violation_s == k.first_violation_s);
    CHECK(in_order_within(s.chain_events, k.chain_events));
    CHECK(s.chain_events.empty() == k.chain_events.empty());
  }
  REQUIRE(streamed.faults.size() == kept.faults.size());
  for (std::size_t i = 0; i < kept.faults.size(); ++i) {
    CHECK(streamed.faults[i].count == kept.faults[i].count);
    CHECK(streamed.faults[i].first_effect_s == kept.faults[i].first_effect_s);
  }
}

}  // namespace

TEST_CASE("a run that keeps no events gives the verdicts of one that keeps them") {
  // Each checker fails somewhere here: backoff and terminal phases (seed
  // 003), status counters, audit loss and duplicates (seed 004), file
  // visibility (seed 001); and passes in the fixed variants.
  const std::vector<std::string> scenarios = {"retry-backoff", "retry-all-fail",   "file-visibility-focused",
                                              "audit-loss",    "audit-duplication", "slack-503"};
  for (const auto& scenario : scenarios) {
    for (const std::string variant : {"partial-is-terminal", "backoff-check-every-phase"}) {
      for (std::uint64_t seed : {3, 11}) {
        INFO(scenario << " " << variant << " seed " << seed);
        require_same_verdicts(run(scenario, variant, seed, true), run(scenario, variant, seed, false));
      }
    }
  }
}

TEST_CASE("a search's run (no events, no chains, no settings text) gives every verdict and explanation, and holds nothing to look back") {
  // lean_request's runs: a finding is its explanation and its repro; the
  // chain is the repro's replay's to show.
  for (const std::string scenario : {"retry-backoff", "audit-loss", "file-visibility-focused"}) {
    for (std::uint64_t seed : {1, 3, 4}) {
      INFO(scenario << " seed " << seed);
      rs::run_request q;
      q.scenario = scenario;
      q.variant = "partial-is-terminal";
      q.seed = seed;
      const rs::run_result kept = rs::run_scenario(q);
      const rs::run_result lean = rs::run_scenario(rs::as_search_run(q));
      CHECK(lean.trace_hash == kept.trace_hash);
      CHECK(lean.passed == kept.passed);
      CHECK(lean.counters == kept.counters);
      REQUIRE(lean.checks.size() == kept.checks.size());
      bool any_chain = false;
      for (std::size_t i = 0; i < kept.checks.size(); ++i) {
        INFO(kept.checks[i].name);
        CHECK(lean.checks[i].status == kept.checks[i].status);
        CHECK(lean.checks[i].explanation == kept.checks[i].explanation);
        CHECK(lean.checks[i].first_violation_s == kept.checks[i].first_violation_s);
        CHECK(lean.checks[i].chain_events.empty());
        any_chain = any_chain || !kept.checks[i].chain_events.empty();
      }
      // Where the kept run failed a check, a chain was there to leave out.
      CHECK(any_chain == !kept.passed);
      // No copy kept to look back with: the trace's budget holds nothing.
      CHECK(lean.peak_trace_bytes == 0);
      // Nor the settings a report describes: only a report reads them.
      CHECK_FALSE(kept.settings.empty());
      CHECK(lean.settings.empty());
      CHECK_FALSE(kept.attempts.empty());
      CHECK(lean.attempts.empty());
      CHECK(lean.inconclusive == kept.inconclusive);
      CHECK(lean.tests.size() == kept.tests.size());
    }
  }
}

TEST_CASE("a storm that keeps no events measures the same load in less memory") {
  rs::run_request q;
  q.scenario = "storm";
  q.variant = "partial-is-terminal";
  q.overrides = {{"storm.notifications", "400"}, {"storm.rate", "100/s"}};
  const rs::run_result kept = rs::run_scenario(q);
  q.keep_events = false;
  const rs::run_result streamed = rs::run_scenario(q);
  require_same_verdicts(kept, streamed);
  REQUIRE(kept.load);
  REQUIRE(streamed.load);
  CHECK(streamed.load->api_writes == kept.load->api_writes);
  CHECK(streamed.load->queue_depth_per_s == kept.load->queue_depth_per_s);
  CHECK(streamed.load->time_to_terminal_s.p99 == kept.load->time_to_terminal_s.p99);
  CHECK(streamed.load->early_retries == kept.load->early_retries);
  // Per object, not per event: a fraction of the kept trace.
  CHECK(streamed.peak_trace_bytes > 0);
  CHECK(streamed.peak_trace_bytes * 2 < kept.peak_trace_bytes);
}

TEST_CASE("an observer sees every event once, in order, whether the trace keeps them or not") {
  struct recorder final : sim::trace_observer {
    std::vector<std::string> kinds;
    void observe(const sim::trace_event& e) override { kinds.push_back(e.kind.str()); }
  };
  for (bool keep : {true, false}) {
    sim::trace t(keep);
    recorder r;
    t.add_observer(&r);
    t.record({sim::time_point{}, "a", "one", {}});
    t.record({sim::time_point{}, "a", "two", {}});
    t.remove_observer(&r);
    t.record({sim::time_point{}, "a", "three", {}});
    CHECK(r.kinds == std::vector<std::string>{"one", "two"});
    CHECK(t.events().size() == (keep ? 3u : 0u));
  }
}
