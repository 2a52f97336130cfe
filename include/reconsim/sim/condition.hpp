#pragma once
// Waiting for something to happen, in virtual time.
#include <string>

#include "reconsim/sim/detail/park.hpp"
#include "reconsim/sim/time.hpp"

namespace reconsim::sim {

// A condition variable without a mutex: actors never run in parallel, so a
// check and a wait cannot be interleaved by another actor.
class condition {
 public:
  explicit condition(std::string name = "condition") : name_(std::move(name)) {}

  void notify_one() noexcept { waiters_.wake_one(); }
  void notify_all() noexcept { waiters_.wake_all(); }

  void wait();
  // True if notified, false on timeout.
  bool wait_for(duration d);
  bool wait_until(time_point t);

  template <class Pred>
  void wait(Pred ready) {
    while (!ready()) wait();
  }
  // True if `ready()` held before the deadline.
  template <class Pred>
  bool wait_until(time_point t, Pred ready) {
    while (!ready()) {
      if (!wait_until(t)) return ready();
    }
    return true;
  }
  template <class Pred>
  bool wait_for(duration d, Pred ready) {
    return wait_until(now() + d, ready);
  }

  const std::string& name() const noexcept { return name_; }
  std::size_t waiting() const noexcept { return waiters_.size(); }

 private:
  std::string name_;
  detail::waiters waiters_;
};

// A manual-reset event: once set, waits return at once until reset.
class event {
 public:
  explicit event(std::string name = "event") : cond_(std::move(name)) {}
  void set() noexcept {
    set_ = true;
    cond_.notify_all();
  }
  void reset() noexcept { set_ = false; }
  bool is_set() const noexcept { return set_; }
  void wait() {
    cond_.wait([this] { return set_; });
  }
  bool wait_for(duration d) {
    return cond_.wait_for(d, [this] { return set_; });
  }
  bool wait_until(time_point t) {
    return cond_.wait_until(t, [this] { return set_; });
  }

 private:
  condition cond_;
  bool set_ = false;
};

}  // namespace reconsim::sim
