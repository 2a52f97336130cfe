#pragma once
// Pending timers ordered by (time, sequence): the event list of the
// simulation. The newest entry is held outside the heap until the next
// push or pop. When an actor blocks with a timer and nothing else is ready,
// the very next operation is a pop, and "push then pop" becomes a single
// sift-down, or no heap work at all when the new entry is the earliest (the
// common case of one actor sleeping in a loop). Same idea as Python's
// heapq.heappushpop.
#include <cstdint>
#include <utility>
#include <vector>

#include "reconsim/sim/time.hpp"

namespace reconsim::sim::detail {

struct actor;

struct timer_entry {
  time_point at;
  std::uint64_t seq;
  actor* who;  // nullptr for a callback
  std::uint64_t epoch_or_slot;

  bool before(const timer_entry& o) const noexcept { return at != o.at ? at < o.at : seq < o.seq; }
};

class timer_queue {
 public:
  bool empty() const noexcept { return !has_staged_ && heap_.empty(); }

  void push(const timer_entry& e) {
    if (has_staged_) heap_push(staged_);
    staged_ = e;
    has_staged_ = true;
  }

  const timer_entry& top() const noexcept {
    if (has_staged_ && (heap_.empty() || staged_.before(heap_.front()))) return staged_;
    return heap_.front();
  }

  timer_entry pop() {
    if (has_staged_) {
      has_staged_ = false;
      if (heap_.empty() || staged_.before(heap_.front())) return staged_;
      timer_entry out = heap_.front();
      heap_.front() = staged_;
      sift_down(0);
      return out;
    }
    timer_entry out = heap_.front();
    heap_.front() = heap_.back();
    heap_.pop_back();
    if (!heap_.empty()) sift_down(0);
    return out;
  }

 private:
  void heap_push(const timer_entry& e) {
    std::size_t i = heap_.size();
    heap_.push_back(e);
    while (i > 0) {
      const std::size_t parent = (i - 1) / 2;
      if (!heap_[i].before(heap_[parent])) break;
      std::swap(heap_[i], heap_[parent]);
      i = parent;
    }
  }
  void sift_down(std::size_t i) {
    const std::size_t n = heap_.size();
    const timer_entry moving = heap_[i];
    for (;;) {
      std::size_t child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && heap_[child + 1].before(heap_[child])) ++child;
      if (!heap_[child].before(moving)) break;
      heap_[i] = heap_[child];
      i = child;
    }
    heap_[i] = moving;
  }

  std::vector<timer_entry> heap_;
  timer_entry staged_{};
  bool has_staged_ = false;
};

}  // namespace reconsim::sim::detail
