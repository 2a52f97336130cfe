#include "reconsim/model/kube/detail/workqueue_trace.hpp"

#include "reconsim/sim/world.hpp"

namespace reconsim::model::detail {

void emit_queue_event(sim::symbol kind, std::initializer_list<sim::field_view> fields) {
  if (!sim::has_world()) return;
  sim::this_world().emit(kind, fields);
}

}  // namespace reconsim::model::detail
