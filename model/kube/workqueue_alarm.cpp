#include "reconsim/model/kube/detail/workqueue_alarm.hpp"

#include "reconsim/sim/world.hpp"

namespace reconsim::model::detail {

bool workqueue_alarm::world_alive() const noexcept {
  // timer_handle reads its world's slots, so it must not be touched once
  // that world is destroyed. A queue normally dies before its world; this
  // guards the other order.
  return world_ != nullptr && sim::has_world() && &sim::this_world() == world_;
}

bool workqueue_alarm::armed() const noexcept { return world_alive() && handle_.pending(); }

void workqueue_alarm::arm(sim::time_point at, std::function<void()> fn) {
  if (armed() && at_ == at) return;
  cancel();
  world_ = &sim::this_world();
  at_ = at;
  handle_ = sim::call_at(*world_, at, std::move(fn));
}

void workqueue_alarm::cancel() noexcept {
  if (world_alive()) handle_.cancel();
  handle_ = sim::timer_handle{};
  world_ = nullptr;
}

}  // namespace reconsim::model::detail
