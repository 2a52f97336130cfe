#pragma once
// controller-runtime's priority queue (pkg/controller/priorityqueue,
// v0.23+ default) in virtual time. Differences from client-go's queue that
// matter to a controller:
//   - one entry per key: a plain add of a WAITING item makes it ready at once
//     and discards its ready time (a pending add_after is cancelled);
//   - add_after on an existing item keeps the earlier ready time, and an
//     item that is already ready stays ready;
//   - add_rate_limited with an `after` takes the smaller delay;
//   - an item handed out is "locked" until done(); re-adding it meanwhile
//     creates a new entry that is handed out only after done();
//   - ready items go out by priority (higher first), then insertion counter;
//   - get after shut_down returns empty at once (no draining), and
//     shut_down_with_drain is shut_down.
// Upstream moves items through goroutines and buffers; here every step takes
// effect at the instant of the call, and waiting gets are served in arrival
// order (Go's unbuffered channel hands values to receivers FIFO).
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "reconsim/model/kube/detail/workqueue_alarm.hpp"
#include "reconsim/model/kube/detail/workqueue_trace.hpp"
#include "reconsim/model/kube/rate_limiter.hpp"
#include "reconsim/model/kube/workqueue.hpp"
#include "reconsim/sim/detail/park.hpp"
#include "reconsim/sim/time.hpp"

namespace reconsim::model {

// AddOpts. An unset priority counts as 0 (ptr.Deref(o.Priority, 0)).
struct priority_add_opts {
  sim::duration after{0};
  bool rate_limited = false;
  std::optional<int> priority;
};

template <class T>
struct prioritized_item {
  T item;
  int priority = 0;
};

template <class T>
class priority_queue final : public rate_limiting_interface<T> {
 public:
  // Default limiter: per-item exponential 5ms..1000s only, no bucket.
  explicit priority_queue(std::string name = "priority_queue", std::shared_ptr<rate_limiter<T>> limiter = nullptr)
      : name_(std::move(name)),
        limiter_(limiter != nullptr ? std::move(limiter) : default_priority_queue_rate_limiter<T>()) {}
  explicit priority_queue(std::shared_ptr<rate_limiter<T>> limiter, std::string name = "priority_queue")
      : priority_queue(std::move(name), std::move(limiter)) {}
  // Gets blocked in this queue hold pointers into it: destroy the queue
  // after its world (declare it first) or after shut_down.
  ~priority_queue() override = default;
  priority_queue(const priority_queue&) = delete;
  priority_queue& operator=(const priority_queue&) = delete;

  void add_with_opts(const priority_add_opts& o, const T& key) {
    if (shut_down_) return;
    sim::duration after = o.after;
    if (o.rate_limited) {
      const sim::duration limited = limiter_->when(key);
      if (after == sim::duration::zero() || limited < after) after = limited;
    }
    std::optional<sim::time_point> ready_at;
    if (after > sim::duration::zero()) {
      ready_at = detail::saturating_add(sim::now(), after);
      detail::emit_queue_event("queue.retry", {{"queue", name_},
                                               {"item", detail::describe_item(key)},
                                               {"delay", after},
                                               {"reason", o.rate_limited ? "rate_limited" : "after"}});
    }
    const int priority = o.priority.value_or(0);
    auto found = items_.find(key);
    if (found == items_.end()) {
      insert_new(key, priority, ready_at);
    } else {
      update_existing(found, priority, ready_at);
    }
  }
  void add_with_priority(const T& item, int priority) {
    priority_add_opts o;
    o.priority = priority;
    add_with_opts(o, item);
  }

  void add(const T& item) override { add_with_opts({}, item); }
  void add_after(const T& item, sim::duration d) override {
    priority_add_opts o;
    o.after = d;
    add_with_opts(o, item);
  }
  void add_rate_limited(const T& item) override {
    priority_add_opts o;
    o.rate_limited = true;
    add_with_opts(o, item);
  }
  void forget(const T& item) override { limiter_->forget(item); }
  int num_requeues(const T& item) override { return limiter_->num_requeues(item); }

  // Blocks until an unlocked ready item is handed to this caller; empty once
  // shut down (also when shut down after the item was handed over, as
  // upstream returns shutdown=true with it).
  std::optional<prioritized_item<T>> get_with_priority() {
    if (shut_down_) return std::nullopt;
    waiter self{sim::detail::current_actor(), std::nullopt, sim::duration{0}};
    waiters_.push_back(&self);
    struct leave_guard {
      priority_queue& q;
      waiter* w;
      ~leave_guard() { q.forget_waiter(w); }
    } guard{*this, &self};
    dispatch();
    while (!self.got && !shut_down_) sim::detail::park("priority_queue get", name_, std::nullopt);
    if (shut_down_ || !self.got) return std::nullopt;
    detail::emit_queue_event("queue.get", {{"queue", name_},
                                           {"item", detail::describe_item(self.got->item)},
                                           {"priority", self.got->priority},
                                           {"depth", ready_.size()},
                                           {"wait", self.waited}});
    return std::move(self.got);
  }
  std::optional<T> get() override {
    auto got = get_with_priority();
    if (!got) return std::nullopt;
    return std::move(got->item);
  }

  // Unlocks the item; a re-added copy becomes eligible.
  void done(const T& item) override {
    sim::duration worked{0};
    if (auto it = locked_.find(item); it != locked_.end()) {
      worked = sim::now() - it->second;
      locked_.erase(it);
    }
    detail::emit_queue_event("queue.done", {{"queue", name_},
                                            {"item", detail::describe_item(item)},
                                            {"work", worked},
                                            {"requeued", items_.contains(item)}});
    dispatch();
  }

  // Ready items, locked ones included; waiting items are not counted.
  std::size_t len() const override { return ready_.size(); }

  void shut_down() override {
    if (shut_down_) return;
    shut_down_ = true;
    alarm_.cancel();
    detail::emit_queue_event("queue.shutdown", {{"queue", name_}, {"drain", false}});
    while (!waiters_.empty()) {
      waiter* w = waiters_.front();
      waiters_.pop_front();
      if (w->actor != nullptr) sim::detail::unpark(w->actor);
    }
  }
  // Upstream: "ShutDownWithDrain just calls ShutDown" (drain is unused by
  // controller-runtime).
  void shut_down_with_drain() override { shut_down(); }
  bool shutting_down() const override { return shut_down_; }

  const std::string& name() const noexcept { return name_; }
  std::size_t waiting_len() const { return waiting_.size(); }
  bool is_locked(const T& item) const { return locked_.contains(item); }
  // The pending ready time of `item`, if it waits.
  std::optional<sim::time_point> ready_at(const T& item) const {
    auto it = items_.find(item);
    if (it == items_.end()) return std::nullopt;
    return it->second.ready_at;
  }
  rate_limiter<T>& limiter() noexcept { return *limiter_; }

 private:
  // Higher priority first, then the older insertion counter (lessReady).
  struct ready_key {
    int priority;
    std::uint64_t counter;
    bool operator<(const ready_key& o) const noexcept {
      if (priority != o.priority) return priority > o.priority;
      return counter < o.counter;
    }
  };
  // Earlier ready time first, then the ready order (lessWaiting).
  struct waiting_key {
    sim::time_point ready_at;
    ready_key order;
    bool operator<(const waiting_key& o) const noexcept {
      if (ready_at != o.ready_at) return ready_at < o.ready_at;
      return order < o.order;
    }
  };
  struct entry {
    std::uint64_t counter;
    int priority;
    std::optional<sim::time_point> ready_at;  // set while waiting
  };
  struct waiter {
    sim::detail::actor* actor;
    std::optional<prioritized_item<T>> got;
    sim::duration waited;
  };
  using item_map = std::map<T, entry>;

  void insert_new(const T& key, int priority, std::optional<sim::time_point> ready_at) {
    const entry e{counter_next_++, priority, ready_at};
    items_.emplace(key, e);
    place(key, e);
    if (ready_at) {
      rearm();
    } else {
      note_ready(key, priority);
      dispatch();
    }
  }

  void update_existing(typename item_map::iterator found, int priority, std::optional<sim::time_point> ready_at) {
    entry& e = found->second;
    // Already ready: stays ready. Waiting: a plain add makes it ready now; an
    // add_after keeps the earlier of the two times.
    if (!e.ready_at) {
      ready_at.reset();
    } else if (ready_at && *e.ready_at < *ready_at) {
      ready_at = e.ready_at;
    }
    entry next{e.counter, e.priority, ready_at};
    // A raised priority takes a fresh counter: FIFO within the new level.
    if (priority > e.priority) {
      next.priority = priority;
      next.counter = counter_next_++;
    }
    const bool became_ready = e.ready_at && !ready_at;
    unplace(e);
    e = next;
    place(found->first, e);
    if (became_ready) {
      note_ready(found->first, e.priority);
      dispatch();
    }
    rearm();
  }

  void place(const T& key, const entry& e) {
    const ready_key order{e.priority, e.counter};
    if (e.ready_at) {
      waiting_.emplace(waiting_key{*e.ready_at, order}, key);
    } else {
      ready_.emplace(order, key);
    }
  }
  void unplace(const entry& e) {
    const ready_key order{e.priority, e.counter};
    const std::size_t erased = e.ready_at ? waiting_.erase(waiting_key{*e.ready_at, order}) : ready_.erase(order);
    assert(erased == 1);
    (void)erased;
  }

  void note_ready(const T& key, int priority) {
    add_times_.try_emplace(key, sim::now());
    detail::emit_queue_event("queue.add", {{"queue", name_},
                                           {"item", detail::describe_item(key)},
                                           {"priority", priority},
                                           {"depth", ready_.size()}});
  }

  void rearm() {
    if (waiting_.empty() || shut_down_) {
      alarm_.cancel();
      return;
    }
    alarm_.arm(waiting_.begin()->first.ready_at, [this] { fire_ready(); });
  }

  // Timer callback (handleWaitingItems): every due item becomes ready with a
  // fresh counter, so ready items sort by when they became ready.
  void fire_ready() {
    const sim::time_point now = sim::now();
    while (!waiting_.empty() && waiting_.begin()->first.ready_at <= now) {
      auto node = waiting_.extract(waiting_.begin());
      entry& e = items_.at(node.mapped());
      e.ready_at.reset();
      e.counter = counter_next_++;
      ready_.emplace(ready_key{e.priority, e.counter}, node.mapped());
      note_ready(node.mapped(), e.priority);
    }
    dispatch();
    rearm();
  }

  // handleReadyItems: hand the best unlocked ready items to the waiting gets,
  // oldest get first.
  void dispatch() {
    while (!waiters_.empty() && !shut_down_) {
      auto it = ready_.begin();
      while (it != ready_.end() && locked_.contains(it->second)) ++it;
      if (it == ready_.end()) return;
      const T key = it->second;
      const int priority = it->first.priority;
      ready_.erase(it);
      items_.erase(key);
      locked_.insert_or_assign(key, sim::now());
      waiter* w = waiters_.front();
      waiters_.pop_front();
      w->got = prioritized_item<T>{key, priority};
      if (auto added = add_times_.find(key); added != add_times_.end()) {
        w->waited = sim::now() - added->second;
        add_times_.erase(added);
      }
      if (w->actor != nullptr) sim::detail::unpark(w->actor);
    }
  }

  void forget_waiter(waiter* w) noexcept {
    for (auto it = waiters_.begin(); it != waiters_.end(); ++it) {
      if (*it == w) {
        waiters_.erase(it);
        return;
      }
    }
  }

  std::string name_;
  std::shared_ptr<rate_limiter<T>> limiter_;
  item_map items_;                          // every entry not handed out
  std::map<ready_key, T> ready_;            // includes re-added locked keys
  std::map<waiting_key, T> waiting_;
  std::map<T, sim::time_point> locked_;     // handed out, not done; value: since
  std::map<T, sim::time_point> add_times_;  // when each key became ready
  std::deque<waiter*> waiters_;             // blocked gets, arrival order
  std::uint64_t counter_next_ = 0;
  bool shut_down_ = false;
  detail::workqueue_alarm alarm_;
};

}  // namespace reconsim::model
