#pragma once
// Callbacks at a virtual time. A callback runs in the scheduler between
// actor steps: it may spawn actors, notify conditions, send on channels and
// emit trace events, but must not block (that throws std::logic_error).
#include <cstdint>
#include <functional>

#include "reconsim/sim/time.hpp"

namespace reconsim::sim {

class world;

class timer_handle {
 public:
  timer_handle() = default;
  // True if it was pending and will now never fire.
  bool cancel() noexcept;
  bool pending() const noexcept;

 private:
  friend timer_handle call_at(world&, time_point, std::function<void()>);
  timer_handle(world* w, std::uint32_t slot, std::uint32_t generation)
      : w_(w), slot_(slot), generation_(generation) {}
  world* w_ = nullptr;
  std::uint32_t slot_ = 0;
  std::uint32_t generation_ = 0;
};

timer_handle call_at(world& w, time_point t, std::function<void()> fn);
timer_handle call_after(world& w, duration d, std::function<void()> fn);
// The same, on this thread's world.
timer_handle call_at(time_point t, std::function<void()> fn);
timer_handle call_after(duration d, std::function<void()> fn);

}  // namespace reconsim::sim
