#pragma once
// State coverage: the distinct abstract states a run's controller passed
// through, read from its trace. Cheap (one pass), and chosen to separate
// the runs a design review cares about while ignoring what only moves
// numbers (times, counts, error texts with timestamps in them):
//   status FROM>TO REASON     a stored phase change of a notification
//   decision KIND>PHASE       a delivery decision and the phase it chose
//   attempt CHANNEL STATUS    a delivery outcome, per channel type
//   reconcile RESULT@PHASE    how a reconcile ended, and the stored phase
//   breaker FROM>TO           a circuit-breaker transition
//   api VERB REASON           a request the API server refused
//   informer relist           a watch that could not resume (and
//   informer watch_closed ... the informer's other troubles)
// A set, not a sequence: a run that repeats a known transition a thousand
// times adds nothing; one that reaches "Retrying>PartiallySent" once does.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "reconsim/scenarios/testbed/run.hpp"

namespace reconsim::scenarios {

// Sorted, without duplicates.
std::vector<std::string> coverage_of(const run_result& r);

// The same, read as a run goes (run_request::observer).
class coverage_reader final : public sim::trace_observer {
 public:
  void observe(const sim::trace_event& e) override;
  std::vector<std::string> states() const { return {seen_.begin(), seen_.end()}; }

 private:
  std::set<std::string> seen_;
  std::map<std::string, std::string> phase_;  // stored phase per notification
};

}  // namespace reconsim::scenarios
