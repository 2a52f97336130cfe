#include "reconsim/model/kube/detail/workqueue_trace.hpp"

#include "reconsim/sim/world.hpp"

namespace reconsim::model::detail {

void emit_queue_event(sim::symbol kind, std::vector<sim::field> fields) {
  if (!sim::has_world()) return;
  sim::this_world().emit(kind, std::move(fields));
}

}  // namespace reconsim::model::detail
