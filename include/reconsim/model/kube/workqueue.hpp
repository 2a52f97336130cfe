#pragma once
// client-go's workqueue family (k8s.io/client-go/util/workqueue) in virtual
// time: workqueue (queue.go), delaying_queue (delaying_queue.go) and
// rate_limiting_queue (rate_limiting_queue.go), plus the interface the
// controller runtime consumes, which controller-runtime's priority queue
// (priority_queue.hpp) implements too.
//
// Items are ordered with std::less and kept in std::map / std::set, so no
// behaviour depends on hash order. Blocking calls (get,
// shut_down_with_drain) park the calling actor in virtual time.
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include "reconsim/model/kube/detail/workqueue_alarm.hpp"
#include "reconsim/model/kube/detail/workqueue_trace.hpp"
#include "reconsim/model/kube/rate_limiter.hpp"
#include "reconsim/sim/condition.hpp"
#include "reconsim/sim/time.hpp"

namespace reconsim::model {

// TypedRateLimitingInterface[T]: what the controller's workers use.
template <class T>
class rate_limiting_interface {
 public:
  virtual ~rate_limiting_interface() = default;
  virtual void add(const T&) = 0;
  virtual void add_after(const T&, sim::duration) = 0;
  virtual void add_rate_limited(const T&) = 0;
  virtual void forget(const T&) = 0;
  virtual int num_requeues(const T&) = 0;
  virtual std::optional<T> get() = 0;  // blocks the calling actor
  virtual void done(const T&) = 0;
  virtual std::size_t len() const = 0;
  virtual void shut_down() = 0;
  virtual void shut_down_with_drain() = 0;
  virtual bool shutting_down() const = 0;
};

// Typed[T] (queue.go): a FIFO `queue`, a `dirty` set (wanted again) and a
// `processing` set (handed out, not yet done). An item is in `queue` only
// while it is dirty and not processing, so one key is never worked on by two
// workers at once.
template <class T>
class workqueue {
 public:
  explicit workqueue(std::string name = "workqueue")
      : name_(std::move(name)), get_cond_(name_ + " get"), drain_cond_(name_ + " drain") {}
  virtual ~workqueue() = default;
  workqueue(const workqueue&) = delete;
  workqueue& operator=(const workqueue&) = delete;

  void add(const T& item) {
    if (shutting_down_) return;
    if (dirty_.contains(item)) {
      // Coalesced. Upstream calls the queue's Touch hook only when the item
      // is waiting in the queue, not while it is processing.
      if (!processing_.contains(item) && touch_) touch_(item);
      return;
    }
    add_times_.try_emplace(item, sim::now());
    dirty_.insert(item);
    // Dirty while processing: done() puts it back in the queue.
    if (!processing_.contains(item)) {
      queue_.push_back(item);
      get_cond_.notify_one();
    }
    detail::emit_queue_event("queue.add", {{"queue", name_},
                                           {"item", detail::describe_item(item)},
                                           {"depth", dirty_.size()},
                                           {"len", queue_.size()}});
  }

  // Blocks while the queue is empty and not shutting down. After shut_down
  // it still returns the items already queued; it is empty once the queue is
  // empty, even while other items are processing.
  std::optional<T> get() {
    get_cond_.wait([this] { return !queue_.empty() || shutting_down_; });
    if (queue_.empty()) return std::nullopt;
    T item = std::move(queue_.front());
    queue_.pop_front();
    processing_.insert_or_assign(item, sim::now());
    dirty_.erase(item);
    sim::duration waited{0};
    if (auto it = add_times_.find(item); it != add_times_.end()) {
      waited = sim::now() - it->second;
      add_times_.erase(it);
    }
    detail::emit_queue_event("queue.get", {{"queue", name_},
                                           {"item", detail::describe_item(item)},
                                           {"depth", dirty_.size()},
                                           {"wait", waited}});
    return item;
  }

  // Does not check shutting_down: a dirty item is re-queued even after
  // shut_down (upstream). Done on a dirty item that was never taken pushes
  // a duplicate, as upstream does.
  void done(const T& item) {
    sim::duration worked{0};
    if (auto it = processing_.find(item); it != processing_.end()) {
      worked = sim::now() - it->second;
      processing_.erase(it);
    }
    const bool requeued = dirty_.contains(item);
    if (requeued) {
      queue_.push_back(item);
      get_cond_.notify_one();
    }
    // Upstream signals its one condition here, which is what releases a
    // shut_down_with_drain waiting for the last item.
    if (processing_.empty()) drain_cond_.notify_all();
    detail::emit_queue_event("queue.done", {{"queue", name_},
                                            {"item", detail::describe_item(item)},
                                            {"work", worked},
                                            {"requeued", requeued}});
  }

  // The queued items only: neither processing items nor items that are dirty
  // while processing.
  std::size_t len() const { return queue_.size(); }

  // Ignores new items from now on and wakes every get; does not wait. It
  // also releases a blocked shut_down_with_drain.
  virtual void shut_down() {
    drain_ = false;
    shutting_down_ = true;
    get_cond_.notify_all();
    drain_cond_.notify_all();
    detail::emit_queue_event("queue.shutdown", {{"queue", name_}, {"drain", false}});
  }

  // As shut_down, then blocks the calling actor while items are processing,
  // until they are done or shut_down forces the end.
  virtual void shut_down_with_drain() {
    drain_ = true;
    shutting_down_ = true;
    get_cond_.notify_all();
    detail::emit_queue_event("queue.shutdown", {{"queue", name_}, {"drain", true}});
    drain_cond_.wait([this] { return processing_.empty() || !drain_; });
  }

  bool shutting_down() const { return shutting_down_; }

  const std::string& name() const noexcept { return name_; }
  // The queue's Touch(item) hook, for tests of coalescing.
  void set_touch_hook(std::function<void(const T&)> hook) { touch_ = std::move(hook); }
  bool is_dirty(const T& item) const { return dirty_.contains(item); }
  bool is_processing(const T& item) const { return processing_.contains(item); }
  std::size_t processing_len() const { return processing_.size(); }

 private:
  std::string name_;
  std::deque<T> queue_;
  std::set<T> dirty_;
  std::map<T, sim::time_point> processing_;  // value: when get handed it out
  std::map<T, sim::time_point> add_times_;   // queue_duration metric: first add
  bool shutting_down_ = false;
  bool drain_ = false;
  sim::condition get_cond_;
  sim::condition drain_cond_;
  std::function<void(const T&)> touch_;
};

// TypedDelayingInterface[T]: add_after keeps one waiting entry per item,
// with the EARLIER ready time; entries become plain adds at their ready time
// (ready_at == now counts as ready), in (ready_at, insertion) order.
template <class T>
class delaying_queue : public workqueue<T> {
 public:
  explicit delaying_queue(std::string name = "delaying_queue") : workqueue<T>(std::move(name)) {}

  void add_after(const T& item, sim::duration d) { add_after_because(item, d, "after"); }

  // Waiting entries are dropped: upstream's waiting loop stops at shutdown
  // and adds after shutdown are ignored anyway.
  void shut_down() override {
    drop_waiting();
    workqueue<T>::shut_down();
  }
  void shut_down_with_drain() override {
    drop_waiting();
    workqueue<T>::shut_down_with_drain();
  }

  std::size_t waiting_len() const { return waiting_.size(); }
  // When the waiting entry of `item` fires, if it has one.
  std::optional<sim::time_point> ready_at(const T& item) const {
    auto it = waiting_by_item_.find(item);
    if (it == waiting_by_item_.end()) return std::nullopt;
    return it->second.ready_at;
  }

 protected:
  // `reason` and `requeues` only label the retry event in the trace.
  void add_after_because(const T& item, sim::duration d, const char* reason, int requeues = -1) {
    if (this->shutting_down()) return;
    const auto item_text = detail::describe_item(item);
    const std::string_view item_view = item_text;
    if (requeues >= 0) {
      detail::emit_queue_event("queue.retry", {{"queue", this->name()},
                                               {"item", item_view},
                                               {"delay", d},
                                               {"reason", reason},
                                               {"requeues", requeues}});
    } else {
      detail::emit_queue_event("queue.retry",
                               {{"queue", this->name()}, {"item", item_view}, {"delay", d}, {"reason", reason}});
    }
    if (d <= sim::duration::zero()) {
      this->add(item);
      return;
    }
    insert_waiting(item, detail::saturating_add(sim::now(), d));
  }

 private:
  struct waiting_key {
    sim::time_point ready_at;
    std::uint64_t seq;  // insertion order breaks ties
    auto operator<=>(const waiting_key&) const = default;
  };

  void insert_waiting(const T& item, sim::time_point ready_at) {
    auto known = waiting_by_item_.find(item);
    if (known == waiting_by_item_.end()) {
      const waiting_key key{ready_at, seq_next_++};
      waiting_.emplace(key, item);
      waiting_by_item_.emplace(item, key);
    } else if (ready_at < known->second.ready_at) {
      // The earlier ready time wins; a later one is dropped (upstream insert).
      auto node = waiting_.extract(known->second);
      node.key().ready_at = ready_at;
      known->second = node.key();
      waiting_.insert(std::move(node));
    }
    rearm();
  }

  void rearm() {
    if (waiting_.empty()) {
      alarm_.cancel();
      return;
    }
    alarm_.arm(waiting_.begin()->first.ready_at, [this] { fire_ready(); });
  }

  // Timer callback: add every entry that is due, earliest first.
  void fire_ready() {
    const sim::time_point now = sim::now();
    while (!waiting_.empty() && waiting_.begin()->first.ready_at <= now) {
      auto node = waiting_.extract(waiting_.begin());
      waiting_by_item_.erase(node.mapped());
      this->add(node.mapped());
    }
    rearm();
  }

  void drop_waiting() {
    alarm_.cancel();
    waiting_.clear();
    waiting_by_item_.clear();
  }

  std::map<waiting_key, T> waiting_;
  std::map<T, waiting_key> waiting_by_item_;
  std::uint64_t seq_next_ = 0;
  detail::workqueue_alarm alarm_;
};

// TypedRateLimitingQueue: add_rate_limited = add_after(item, when(item)).
template <class T>
class rate_limiting_queue : public delaying_queue<T>, public rate_limiting_interface<T> {
 public:
  explicit rate_limiting_queue(std::shared_ptr<rate_limiter<T>> limiter, std::string name = "rate_limiting_queue")
      : delaying_queue<T>(std::move(name)), limiter_(std::move(limiter)) {
    assert(limiter_ != nullptr);
  }

  void add(const T& item) override { workqueue<T>::add(item); }
  void add_after(const T& item, sim::duration d) override { delaying_queue<T>::add_after(item, d); }
  void add_rate_limited(const T& item) override {
    // when() is asked even when shutting down (its count still grows), as
    // upstream evaluates it before AddAfter checks for shutdown.
    const sim::duration d = limiter_->when(item);
    this->add_after_because(item, d, "rate_limited", limiter_->num_requeues(item));
  }
  // Resets the limiter's count only; nothing is dequeued.
  void forget(const T& item) override { limiter_->forget(item); }
  int num_requeues(const T& item) override { return limiter_->num_requeues(item); }
  std::optional<T> get() override { return workqueue<T>::get(); }
  void done(const T& item) override { workqueue<T>::done(item); }
  std::size_t len() const override { return workqueue<T>::len(); }
  void shut_down() override { delaying_queue<T>::shut_down(); }
  void shut_down_with_drain() override { delaying_queue<T>::shut_down_with_drain(); }
  bool shutting_down() const override { return workqueue<T>::shutting_down(); }

  rate_limiter<T>& limiter() noexcept { return *limiter_; }

 private:
  std::shared_ptr<rate_limiter<T>> limiter_;
};

}  // namespace reconsim::model
