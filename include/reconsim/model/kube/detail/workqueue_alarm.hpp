#pragma once
// One virtual-time timer for the head of a queue's waiting set. The delaying
// queue and the priority queue both keep their waiting items sorted and need
// a wake-up only at the earliest ready time, as client-go's waitingLoop and
// controller-runtime's handleWaitingItems do with a single timer.
#include <functional>

#include "reconsim/sim/time.hpp"
#include "reconsim/sim/timer.hpp"

namespace reconsim::sim {
class world;
}

namespace reconsim::model::detail {

class workqueue_alarm {
 public:
  workqueue_alarm() = default;
  ~workqueue_alarm() { cancel(); }
  workqueue_alarm(const workqueue_alarm&) = delete;
  workqueue_alarm& operator=(const workqueue_alarm&) = delete;

  // Calls `fn` at `at` (a timer callback: it must not block). Re-arming for
  // the instant already armed keeps the existing timer.
  void arm(sim::time_point at, std::function<void()> fn);
  // Safe after the world that armed it is gone: then there is nothing to
  // cancel, since a world drops its pending callbacks with it.
  void cancel() noexcept;
  bool armed() const noexcept;

 private:
  bool world_alive() const noexcept;

  sim::world* world_ = nullptr;
  sim::timer_handle handle_;
  sim::time_point at_{};
};

}  // namespace reconsim::model::detail
