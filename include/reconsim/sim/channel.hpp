#pragma once
// A channel between actors, in virtual time. Unbounded unless a capacity is
// given; then send blocks while the channel is full.
#include <cstddef>
#include <deque>
#include <optional>
#include <string>

#include "reconsim/sim/detail/park.hpp"
#include "reconsim/sim/time.hpp"

namespace reconsim::sim {

template <class T>
class channel {
 public:
  explicit channel(std::string name = "channel", std::size_t capacity = 0)
      : name_(std::move(name)), capacity_(capacity) {}

  // False if the channel is closed (the value is dropped).
  bool send(T value) {
    while (!closed_ && capacity_ != 0 && items_.size() >= capacity_) {
      detail::waiters::scoped w(senders_, detail::current_actor());
      detail::park("channel send", name_, std::nullopt);
    }
    if (closed_) return false;
    items_.push_back(std::move(value));
    receivers_.wake_one();
    return true;
  }

  // Empty once the channel is closed and drained.
  std::optional<T> receive() { return receive_impl(std::nullopt); }
  // Empty on timeout, or once closed and drained.
  std::optional<T> receive_for(duration d) { return receive_impl(now() + d); }
  std::optional<T> receive_until(time_point t) { return receive_impl(t); }
  std::optional<T> try_receive() {
    if (items_.empty()) return std::nullopt;
    return pop();
  }

  void close() noexcept {
    closed_ = true;
    receivers_.wake_all();
    senders_.wake_all();
  }
  bool closed() const noexcept { return closed_; }
  std::size_t size() const noexcept { return items_.size(); }
  bool empty() const noexcept { return items_.empty(); }
  const std::string& name() const noexcept { return name_; }

 private:
  std::optional<T> receive_impl(std::optional<time_point> deadline) {
    while (items_.empty()) {
      if (closed_) return std::nullopt;
      detail::waiters::scoped w(receivers_, detail::current_actor());
      if (detail::park("channel receive", name_, deadline) == detail::wake::timeout) {
        if (items_.empty()) return std::nullopt;
        break;
      }
    }
    return pop();
  }
  std::optional<T> pop() {
    std::optional<T> v(std::move(items_.front()));
    items_.pop_front();
    senders_.wake_one();
    // Another receiver may still be waiting with items left over.
    if (!items_.empty()) receivers_.wake_one();
    return v;
  }

  std::string name_;
  std::size_t capacity_;
  bool closed_ = false;
  std::deque<T> items_;
  detail::waiters receivers_;
  detail::waiters senders_;
};

}  // namespace reconsim::sim
