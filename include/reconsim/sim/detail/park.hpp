#pragma once
// The one blocking mechanism every primitive is built on: park the running
// actor (optionally until a deadline) and unpark it from anywhere.
#include <algorithm>
#include <deque>
#include <optional>
#include <string>

#include "reconsim/sim/time.hpp"

namespace reconsim::sim::detail {

struct actor;

// The running actor; nullptr outside an actor (main or a timer callback).
actor* current_actor() noexcept;

enum class wake { notified, timeout };

// Parks the running actor until unpark() or, when given, the deadline.
// `what` and `object` describe the wait in deadlock reports.
// Throws sim::cancelled when the world is torn down, std::logic_error when
// not called from an actor.
// Prints what broke the lifetime rule and aborts.
[[noreturn]] void destroyed_while_waited_on(std::size_t waiting) noexcept;

wake park(const char* what, const std::string& object, std::optional<time_point> deadline);

// Makes a parked actor ready; false if it was not parked (already woken or
// timed out). Callable from actors and timer callbacks.
bool unpark(actor* a) noexcept;

// Actors waiting on one object, in arrival order. A waiter removes itself
// when it leaves for any reason (timeout, cancellation), so notify never
// sees a stale entry.
class waiters {
 public:
  class scoped {
   public:
    scoped(waiters& w, actor* a) : w_(w), a_(a) { w_.list_.push_back(a_); }
    ~scoped() { w_.remove(a_); }
    scoped(const scoped&) = delete;
    scoped& operator=(const scoped&) = delete;

   private:
    waiters& w_;
    actor* a_;
  };

  waiters() = default;
  waiters(const waiters&) = delete;
  waiters& operator=(const waiters&) = delete;
  // An object destroyed while actors still wait on it breaks the kernel's
  // lifetime rule (docs/kernel.md: a world is declared after, and so
  // destroyed before, everything its actors block on). Their teardown would
  // walk this list after it is gone: stop loudly instead.
  ~waiters() {
    if (!list_.empty()) destroyed_while_waited_on(list_.size());
  }

  bool empty() const noexcept { return list_.empty(); }
  std::size_t size() const noexcept { return list_.size(); }
  // Wakes the longest waiter; false if none.
  bool wake_one() noexcept {
    while (!list_.empty()) {
      actor* a = list_.front();
      list_.pop_front();
      if (unpark(a)) return true;
    }
    return false;
  }
  void wake_all() noexcept {
    while (wake_one()) {
    }
  }

 private:
  void remove(actor* a) noexcept {
    auto it = std::find(list_.begin(), list_.end(), a);
    if (it != list_.end()) list_.erase(it);
  }
  std::deque<actor*> list_;
};

}  // namespace reconsim::sim::detail
