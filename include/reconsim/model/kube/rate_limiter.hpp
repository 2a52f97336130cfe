#pragma once
// client-go's rate limiters (util/workqueue/default_rate_limiters.go) on the
// virtual clock. Items are keyed with std::map (std::less), never a hash map,
// so nothing depends on iteration order.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <utility>
#include <vector>

#include "reconsim/sim/time.hpp"

namespace reconsim::model {

// TypedRateLimiter[T].
template <class T>
class rate_limiter {
 public:
  virtual ~rate_limiter() = default;
  // How long `item` should wait before it is added again; may change state
  // (failure counts, tokens).
  virtual sim::duration when(const T& item) = 0;
  // Stop tracking `item` (success or given up). Does not dequeue anything.
  virtual void forget(const T& item) = 0;
  virtual int num_requeues(const T& item) = 0;
};

namespace detail {

// base * 2^failures as a float64, capped at `max`; a value past int64 gives
// `max`, as upstream (the exact 2^63 case, which Go converts to a
// platform-defined value, is also treated as `max`).
sim::duration exponential_backoff(sim::duration base, sim::duration max, int failures) noexcept;

// golang.org/x/time/rate.Limiter reduced to what BucketRateLimiter uses:
// Reserve().Delay() for one token. The bucket starts full (NewLimiter sets
// tokens = burst) and refills at `limit` tokens per second of virtual time.
class token_bucket {
 public:
  token_bucket(double limit, int burst) noexcept;
  // Takes one token at `now`; the delay until it may be used. A reservation
  // that can never succeed (burst 0) gives duration::max() (InfDuration).
  sim::duration reserve(sim::time_point now) noexcept;
  double tokens() const noexcept { return tokens_; }

 private:
  double limit_;
  int burst_;
  double tokens_;
  sim::time_point last_{};
};

}  // namespace detail

// NewTypedItemExponentialFailureRateLimiter: base * 2^failures, capped.
template <class T>
class item_exponential_failure_rate_limiter final : public rate_limiter<T> {
 public:
  item_exponential_failure_rate_limiter(sim::duration base, sim::duration max) : base_(base), max_(max) {}
  sim::duration when(const T& item) override {
    int& failures = failures_[item];
    const int exp = failures;
    ++failures;
    return detail::exponential_backoff(base_, max_, exp);
  }
  void forget(const T& item) override { failures_.erase(item); }
  int num_requeues(const T& item) override {
    auto it = failures_.find(item);
    return it == failures_.end() ? 0 : it->second;
  }

 private:
  sim::duration base_;
  sim::duration max_;
  std::map<T, int> failures_;
};

// NewTypedItemFastSlowRateLimiter: `fast` for the first max_fast_attempts
// failures of an item, `slow` after.
template <class T>
class item_fast_slow_rate_limiter final : public rate_limiter<T> {
 public:
  item_fast_slow_rate_limiter(sim::duration fast, sim::duration slow, int max_fast_attempts)
      : fast_(fast), slow_(slow), max_fast_attempts_(max_fast_attempts) {}
  sim::duration when(const T& item) override {
    const int failures = ++failures_[item];
    return failures <= max_fast_attempts_ ? fast_ : slow_;
  }
  void forget(const T& item) override { failures_.erase(item); }
  int num_requeues(const T& item) override {
    auto it = failures_.find(item);
    return it == failures_.end() ? 0 : it->second;
  }

 private:
  sim::duration fast_;
  sim::duration slow_;
  int max_fast_attempts_;
  std::map<T, int> failures_;
};

// TypedBucketRateLimiter{rate.NewLimiter(qps, burst)}: one bucket for all
// items, read on the virtual clock (upstream reads the real clock).
template <class T>
class bucket_rate_limiter final : public rate_limiter<T> {
 public:
  bucket_rate_limiter(double qps, int burst) : bucket_(qps, burst) {}
  sim::duration when(const T&) override { return bucket_.reserve(sim::now()); }
  void forget(const T&) override {}
  int num_requeues(const T&) override { return 0; }
  double tokens() const noexcept { return bucket_.tokens(); }

 private:
  detail::token_bucket bucket_;
};

// NewTypedMaxOfRateLimiter: when() asks EVERY limiter (so each one's state
// advances, and a bucket loses a token) and returns the largest delay.
template <class T>
class max_of_rate_limiter final : public rate_limiter<T> {
 public:
  explicit max_of_rate_limiter(std::vector<std::shared_ptr<rate_limiter<T>>> limiters)
      : limiters_(std::move(limiters)) {}
  sim::duration when(const T& item) override {
    sim::duration longest{0};
    for (auto& l : limiters_) longest = std::max(longest, l->when(item));
    return longest;
  }
  void forget(const T& item) override {
    for (auto& l : limiters_) l->forget(item);
  }
  int num_requeues(const T& item) override {
    int most = 0;
    for (auto& l : limiters_) most = std::max(most, l->num_requeues(item));
    return most;
  }

 private:
  std::vector<std::shared_ptr<rate_limiter<T>>> limiters_;
};

// NewTypedWithMaxWaitRateLimiter: min(limiter.when(item), max).
template <class T>
class with_max_wait_rate_limiter final : public rate_limiter<T> {
 public:
  with_max_wait_rate_limiter(std::shared_ptr<rate_limiter<T>> limiter, sim::duration max)
      : limiter_(std::move(limiter)), max_(max) {}
  sim::duration when(const T& item) override { return std::min(limiter_->when(item), max_); }
  void forget(const T& item) override { limiter_->forget(item); }
  int num_requeues(const T& item) override { return limiter_->num_requeues(item); }

 private:
  std::shared_ptr<rate_limiter<T>> limiter_;
  sim::duration max_;
};

// ---- factories (the New... functions) ----

template <class T>
std::shared_ptr<rate_limiter<T>> make_item_exponential_failure_rate_limiter(sim::duration base,
                                                                            sim::duration max) {
  return std::make_shared<item_exponential_failure_rate_limiter<T>>(base, max);
}

template <class T>
std::shared_ptr<rate_limiter<T>> make_item_fast_slow_rate_limiter(sim::duration fast, sim::duration slow,
                                                                  int max_fast_attempts) {
  return std::make_shared<item_fast_slow_rate_limiter<T>>(fast, slow, max_fast_attempts);
}

template <class T>
std::shared_ptr<rate_limiter<T>> make_bucket_rate_limiter(double qps, int burst) {
  return std::make_shared<bucket_rate_limiter<T>>(qps, burst);
}

template <class T>
std::shared_ptr<rate_limiter<T>> make_max_of_rate_limiter(std::vector<std::shared_ptr<rate_limiter<T>>> limiters) {
  return std::make_shared<max_of_rate_limiter<T>>(std::move(limiters));
}

template <class T>
std::shared_ptr<rate_limiter<T>> make_with_max_wait_rate_limiter(std::shared_ptr<rate_limiter<T>> limiter,
                                                                 sim::duration max) {
  return std::make_shared<with_max_wait_rate_limiter<T>>(std::move(limiter), max);
}

// DefaultTypedControllerRateLimiter: per-item 5ms..1000s, and 10 qps with a
// burst of 100 over all items. client-go's queue and controller-runtime up
// to v0.22 use it.
template <class T>
std::shared_ptr<rate_limiter<T>> default_controller_rate_limiter() {
  return make_max_of_rate_limiter<T>(
      {make_item_exponential_failure_rate_limiter<T>(std::chrono::milliseconds(5), std::chrono::seconds(1000)),
       make_bucket_rate_limiter<T>(10.0, 100)});
}

// DefaultTypedItemBasedRateLimiter: per-item 1ms..1000s.
template <class T>
std::shared_ptr<rate_limiter<T>> default_item_based_rate_limiter() {
  return make_item_exponential_failure_rate_limiter<T>(std::chrono::milliseconds(1), std::chrono::seconds(1000));
}

// controller-runtime's priority queue default (v0.23+): only the per-item
// 5ms..1000s limiter, no bucket.
template <class T>
std::shared_ptr<rate_limiter<T>> default_priority_queue_rate_limiter() {
  return make_item_exponential_failure_rate_limiter<T>(std::chrono::milliseconds(5), std::chrono::seconds(1000));
}

}  // namespace reconsim::model
