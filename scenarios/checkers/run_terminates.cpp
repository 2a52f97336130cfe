// run-terminates: the run ended within its caps (a cap hit is a livelock
// or hot loop), no actor threw, and, when a harness ran, its suite ended.
// A deadlock after the suite ended is the normal end of a world whose
// controller waits for work that will not come.
#include <memory>

#include "reconsim/scenarios/checkers/detail/trace_query.hpp"

namespace reconsim::scenarios {

namespace {

// Keeps whether a harness ran and whether its suite ended; the rest is the
// outcome's.
class run_terminates final : public checker {
 public:
  explicit run_terminates(const lookback& past) : past_(past) {}

  void observe(const sim::trace_event& e) override {
    harness_ = harness_ || e.kind == "harness.suite_start";
    suite_ended_ = suite_ended_ || e.kind == "harness.suite_end";
  }

  check_result finish(const sim::outcome* outcome) override {
    check_result r;
    r.name = "run-terminates";
    if (outcome == nullptr) {
      detail::violation(r, past_.end(nullptr), "the run's outcome was not given to the checker", {});
      return r;
    }
    const std::vector<sim::trace_event> last = past_.tail();
    using k = sim::outcome_kind;
    switch (outcome->kind) {
      case k::time_cap:
      case k::event_cap:
      case k::trace_cap:
      case k::actor_exception:
        detail::violation(r, outcome->at, outcome->describe(), last);
        return r;
      case k::deadlock:
        if (!suite_ended_) {
          detail::violation(r, outcome->at, outcome->describe() + (harness_ ? " before the suite ended" : ""), last);
          return r;
        }
        break;
      case k::finished:
      case k::time_limit:
        if (harness_ && !suite_ended_) {
          detail::violation(r, outcome->at,
                            "the run stopped at " + detail::secs(outcome->at) + " before the test suite ended", last);
          return r;
        }
        break;
    }
    r.explanation =
        "the run ended (" + std::string(sim::to_string(outcome->kind)) + ") at " + detail::secs(outcome->at);
    return r;
  }

 private:
  const lookback& past_;
  bool harness_ = false;
  bool suite_ended_ = false;
};

}  // namespace

std::unique_ptr<checker> make_run_terminates(const lookback& past) { return std::make_unique<run_terminates>(past); }

}  // namespace reconsim::scenarios
