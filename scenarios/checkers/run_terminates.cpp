// run-terminates: the run ended within its caps (a cap hit is a livelock
// or hot loop), no actor threw, and, when a harness ran, its suite ended.
// A deadlock after the suite ended is the normal end of a world whose
// controller waits for work that will not come.
#include "reconsim/scenarios/checkers/detail/trace_query.hpp"

namespace reconsim::scenarios {

check_result check_run_terminates(const trace_events& trace, const sim::outcome* outcome) {
  check_result r;
  r.name = "run-terminates";
  if (outcome == nullptr) {
    detail::violation(r, detail::end_of(trace, nullptr), "the run's outcome was not given to the checker", {});
    return r;
  }
  bool harness = false;
  bool suite_ended = false;
  for (const auto& e : trace) {
    harness = harness || e.kind == "harness.suite_start";
    suite_ended = suite_ended || e.kind == "harness.suite_end";
  }
  const std::vector<sim::trace_event> last = detail::tail(trace, trace.empty() ? 0 : trace.size() - 1);
  using k = sim::outcome_kind;
  switch (outcome->kind) {
    case k::time_cap:
    case k::event_cap:
    case k::trace_cap:
    case k::actor_exception:
      detail::violation(r, outcome->at, outcome->describe(), last);
      return r;
    case k::deadlock:
      if (!suite_ended) {
        detail::violation(r, outcome->at, outcome->describe() + (harness ? " before the suite ended" : ""), last);
        return r;
      }
      break;
    case k::finished:
    case k::time_limit:
      if (harness && !suite_ended) {
        detail::violation(r, outcome->at,
                          "the run stopped at " + detail::secs(outcome->at) + " before the test suite ended", last);
        return r;
      }
      break;
  }
  r.explanation = "the run ended (" + std::string(sim::to_string(outcome->kind)) + ") at " + detail::secs(outcome->at);
  return r;
}

}  // namespace reconsim::scenarios
