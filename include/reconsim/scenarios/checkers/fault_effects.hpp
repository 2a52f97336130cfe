#pragma once
// Did each fault of a plan take effect? A timed statement took effect when
// something a component did afterwards was changed by it (a write refused
// by a read-only directory, a request reset by an armed fault, a write
// that succeeded once the directory was writable again); a probability
// point reports how many operations it failed. Read from the trace alone,
// like every checker. A run whose timed fault never took effect tested
// nothing about that fault: the run's verdict is INCONCLUSIVE, not PASSED.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "reconsim/faults/plan.hpp"
#include "reconsim/scenarios/checkers/checker.hpp"

namespace reconsim::scenarios {

struct fault_effect {
  std::string statement;  // the statement's canonical text
  bool timed = true;      // a step (at/from); false for a probability point
  bool took_effect = false;
  std::optional<double> first_effect_s;
  int count = 0;  // operations it changed (failed, or let through for ro->rw)
};

// One entry per step, then one per point, in the plan's order. When two
// statements could explain one event, the earlier statement takes it (an
// armed count of N takes at most N).
std::vector<fault_effect> fault_effects(const faults::plan& plan, const trace_events& trace);

// The same, reading a run as it goes. `plan` must outlive the reader.
class fault_effects_reader final : public sim::trace_observer {
 public:
  explicit fault_effects_reader(const faults::plan& plan);
  ~fault_effects_reader() override;
  void observe(const sim::trace_event& e) override;
  std::vector<fault_effect> finish() const;

 private:
  struct state;
  std::unique_ptr<state> s_;
};

}  // namespace reconsim::scenarios
