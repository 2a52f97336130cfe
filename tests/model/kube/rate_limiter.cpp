// client-go's default_rate_limiters_test.go, translated, plus the token
// bucket on the virtual clock.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "reconsim/model/kube/rate_limiter.hpp"
#include "reconsim/sim.hpp"

using namespace reconsim;
using namespace std::chrono_literals;
using model::rate_limiter;

namespace {

// StepRateLimiter from upstream's test: one global count, 5ms while the
// count is at most 100, 1000s after.
class step_rate_limiter final : public rate_limiter<int> {
 public:
  sim::duration when(const int&) override {
    ++count_;
    return count_ <= 100 ? sim::duration(5ms) : sim::duration(1000s);
  }
  void forget(const int&) override {}
  int num_requeues(const int&) override { return count_; }

 private:
  int count_ = 0;
};

}  // namespace

TEST_CASE("exponential limiter doubles per item from base, counts requeues, and forget resets it") {
  model::item_exponential_failure_rate_limiter<std::string> l(1ms, 1s);
  CHECK(l.when("one") == 1ms);
  CHECK(l.when("one") == 2ms);
  CHECK(l.when("one") == 4ms);
  CHECK(l.when("one") == 8ms);
  CHECK(l.when("one") == 16ms);
  CHECK(l.num_requeues("one") == 5);
  CHECK(l.when("two") == 1ms);
  CHECK(l.when("two") == 2ms);
  CHECK(l.num_requeues("two") == 2);
  l.forget("one");
  CHECK(l.num_requeues("one") == 0);
  CHECK(l.when("one") == 1ms);
}

TEST_CASE("exponential limiter reaches 32ms on the 6th failure and caps at max past int64 overflow") {
  model::item_exponential_failure_rate_limiter<std::string> l(1ms, 1000s);
  for (int i = 0; i < 5; ++i) l.when("one");
  CHECK(l.when("one") == 32ms);
  for (int i = 0; i < 1000; ++i) l.when("overflow1");
  CHECK(l.when("overflow1") == 1000s);

  model::item_exponential_failure_rate_limiter<std::string> hours(1min, 1000h);
  hours.when("two");
  hours.when("two");
  CHECK(hours.when("two") == 4min);
  for (int i = 0; i < 1000; ++i) hours.when("overflow2");
  CHECK(hours.when("overflow2") == 1000h);
}

TEST_CASE("controller default per-item backoff runs 5ms..655.36s over 18 calls, then 1000s") {
  model::item_exponential_failure_rate_limiter<std::string> l(5ms, 1000s);
  sim::duration expected = 5ms;
  for (int call = 1; call <= 18; ++call) {
    CAPTURE(call);
    CHECK(l.when("k") == expected);
    expected *= 2;
  }
  CHECK(l.when("k") == 1000s);
  CHECK(l.when("k") == 1000s);
  CHECK(l.num_requeues("k") == 20);
}

TEST_CASE("backoff math is float64 with an exact power of two, capped where it passes int64") {
  using model::detail::exponential_backoff;
  CHECK(exponential_backoff(1ns, sim::duration::max(), 62) == sim::duration(std::int64_t{1} << 62));
  CHECK(exponential_backoff(1ns, sim::duration::max(), 63) == sim::duration::max());
  CHECK(exponential_backoff(3ns, 1h, 70) == 1h);
  CHECK(exponential_backoff(5ms, 1000s, 100000) == 1000s);
}

TEST_CASE("fast/slow limiter gives fast for max_fast_attempts failures, then slow") {
  model::item_fast_slow_rate_limiter<std::string> l(5ms, 10s, 3);
  CHECK(l.when("one") == 5ms);
  CHECK(l.when("one") == 5ms);
  CHECK(l.when("one") == 5ms);
  CHECK(l.when("one") == 10s);
  CHECK(l.when("one") == 10s);
  CHECK(l.num_requeues("one") == 5);
  CHECK(l.when("two") == 5ms);
  CHECK(l.when("two") == 5ms);
  CHECK(l.num_requeues("two") == 2);
  l.forget("one");
  CHECK(l.num_requeues("one") == 0);
  CHECK(l.when("one") == 5ms);
}

TEST_CASE("max-of limiter returns the largest delay and the largest requeue count") {
  auto l = model::make_max_of_rate_limiter<std::string>(
      {model::make_item_fast_slow_rate_limiter<std::string>(5ms, 3s, 3),
       model::make_item_exponential_failure_rate_limiter<std::string>(1ms, 1s)});
  CHECK(l->when("one") == 5ms);
  CHECK(l->when("one") == 5ms);
  CHECK(l->when("one") == 5ms);
  CHECK(l->when("one") == 3s);
  CHECK(l->when("one") == 3s);
  CHECK(l->num_requeues("one") == 5);
  CHECK(l->when("two") == 5ms);
  CHECK(l->when("two") == 5ms);
  CHECK(l->num_requeues("two") == 2);
  l->forget("one");
  CHECK(l->num_requeues("one") == 0);
  CHECK(l->when("one") == 5ms);
}

TEST_CASE("max-of limiter asks every limiter, so the bucket spends a token even when exponential wins") {
  auto bucket = std::make_shared<model::bucket_rate_limiter<std::string>>(10.0, 2);
  auto l = model::make_max_of_rate_limiter<std::string>(
      {model::make_item_exponential_failure_rate_limiter<std::string>(1s, 1000s), bucket});
  CHECK(l->when("a") == 1s);
  CHECK(bucket->tokens() == 1.0);
  CHECK(l->when("a") == 2s);
  CHECK(bucket->tokens() == 0.0);
}

TEST_CASE("with-max-wait limiter caps the wrapped limiter's delay and delegates the rest") {
  auto l = model::make_with_max_wait_rate_limiter<int>(std::make_shared<step_rate_limiter>(), 500s);
  for (int i = 0; i < 100; ++i) {
    CAPTURE(i);
    CHECK(l->when(i) == 5ms);
  }
  for (int i = 100; i < 200; ++i) {
    CAPTURE(i);
    CHECK(l->when(i) == 500s);
  }
  CHECK(l->num_requeues(0) == 200);
}

TEST_CASE("bucket 10qps/burst 100: calls 1-100 at one instant wait 0, call 101 waits 100ms, 102 waits 200ms") {
  model::bucket_rate_limiter<std::string> l(10.0, 100);
  for (int call = 1; call <= 100; ++call) {
    CAPTURE(call);
    CHECK(l.when("any") == 0ns);
  }
  CHECK(l.when("other") == 100ms);
  CHECK(l.when("any") == 200ms);
  CHECK(l.when("x") == 300ms);
  CHECK(l.num_requeues("any") == 0);
}

TEST_CASE("bucket refills at qps on the virtual clock, capped at burst") {
  sim::world w{1};
  w.spawn("retrier", [] {
    model::bucket_rate_limiter<std::string> l(10.0, 100);
    for (int i = 0; i < 100; ++i) REQUIRE(l.when("k") == 0ns);
    // One second of virtual time buys ten tokens back.
    sim::sleep_for(1s);
    for (int i = 0; i < 10; ++i) CHECK(l.when("k") == 0ns);
    CHECK(l.when("k") == 100ms);
    // Overdrawn by one token: 100ms later the balance is zero again.
    sim::sleep_for(100ms);
    CHECK(l.when("k") == 100ms);
    // A long idle time refills to the burst, never beyond it.
    sim::sleep_for(1h);
    for (int i = 0; i < 100; ++i) CHECK(l.when("k") == 0ns);
    CHECK(l.when("k") == 100ms);
  });
  REQUIRE(w.run().kind == sim::outcome_kind::finished);
}

TEST_CASE("bucket with burst 0 never admits a reservation") {
  model::bucket_rate_limiter<int> l(10.0, 0);
  CHECK(l.when(1) == sim::duration::max());
}

TEST_CASE("default controller limiter is max of exponential 5ms..1000s and the 10qps/100 bucket") {
  auto l = model::default_controller_rate_limiter<std::string>();
  // 100 distinct items drain the bucket at t=0; each sees its own 5ms.
  for (int i = 0; i < 100; ++i) CHECK(l->when("item-" + std::to_string(i)) == 5ms);
  CHECK(l->when("late") == 100ms);
  CHECK(l->num_requeues("late") == 1);
  l->forget("late");
  CHECK(l->num_requeues("late") == 0);
}

TEST_CASE("priority queue default limiter is exponential only, without the bucket") {
  auto l = model::default_priority_queue_rate_limiter<std::string>();
  for (int i = 0; i < 150; ++i) CHECK(l->when("item-" + std::to_string(i)) == 5ms);
}
