// client-go's rate_limiting_queue_test.go, plus the queue seen through the
// interface the controller runtime uses.
#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include "reconsim/model/kube/workqueue.hpp"
#include "model/support.hpp"
#include "reconsim/sim.hpp"

using namespace reconsim;
using namespace std::chrono_literals;
using model::rate_limiting_queue;

using test::at;
using test::require_finished;

TEST_CASE("add_rate_limited waits base * 2^requeues per item, and forget starts over") {
  sim::world w{1};
  rate_limiting_queue<std::string> q(model::make_item_exponential_failure_rate_limiter<std::string>(1ms, 1s));
  w.spawn("clock", [&] {
    // Each entry is read back, then dropped by firing, so the next one is
    // not merged into it (the earlier time would win).
    auto ready_in = [&](const std::string& item) {
      q.add_rate_limited(item);
      const auto ready = q.ready_at(item);
      REQUIRE(ready.has_value());
      const sim::duration d = *ready - sim::now();
      sim::sleep_until(*ready);
      REQUIRE(q.get() == item);
      q.done(item);
      return d;
    };
    CHECK(ready_in("one") == 1ms);
    CHECK(ready_in("one") == 2ms);
    CHECK(q.num_requeues("one") == 2);
    CHECK(ready_in("two") == 1ms);
    CHECK(ready_in("two") == 2ms);
    q.forget("one");
    CHECK(q.num_requeues("one") == 0);
    CHECK(ready_in("one") == 1ms);
  });
  require_finished(w);
}

TEST_CASE("repeated add_rate_limited of a waiting item keeps the first, earliest ready time") {
  sim::world w{1};
  rate_limiting_queue<std::string> q(model::make_item_exponential_failure_rate_limiter<std::string>(1ms, 1s));
  w.spawn("clock", [&] {
    q.add_rate_limited("one");  // 1ms
    q.add_rate_limited("one");  // 2ms: merged into the 1ms entry
    q.add_rate_limited("one");  // 4ms: merged
    CHECK(q.ready_at("one") == at(1ms));
    CHECK(q.num_requeues("one") == 3);
  });
  require_finished(w);
}

TEST_CASE("a failing item is retried at 5ms, 10ms, 20ms... under the default controller limiter") {
  sim::world w{1};
  rate_limiting_queue<std::string> q(model::default_controller_rate_limiter<std::string>(), "controller");
  std::vector<sim::time_point> attempts;
  w.spawn("worker", [&] {
    while (auto item = q.get()) {
      attempts.push_back(sim::now());
      if (attempts.size() < 6) {
        q.add_rate_limited(*item);  // a reconcile error, while still processing
      } else {
        q.forget(*item);
      }
      q.done(*item);
    }
  });
  w.spawn("informer", [&] {
    q.add("ns/a");
    sim::sleep_for(1s);
    q.shut_down();
  });
  require_finished(w);
  CHECK(attempts == std::vector<sim::time_point>{at(0ms), at(5ms), at(15ms), at(35ms), at(75ms), at(155ms)});
  CHECK(q.num_requeues("ns/a") == 0);
}

TEST_CASE("add_rate_limited after shutdown still counts a requeue but adds nothing") {
  rate_limiting_queue<std::string> q(model::make_item_exponential_failure_rate_limiter<std::string>(1ms, 1s));
  q.shut_down();
  q.add_rate_limited("one");
  CHECK(q.num_requeues("one") == 1);
  CHECK(q.len() == 0);
  CHECK(q.waiting_len() == 0);
}

TEST_CASE("forget resets the count but does not dequeue a waiting item") {
  sim::world w{1};
  rate_limiting_queue<std::string> q(model::make_item_exponential_failure_rate_limiter<std::string>(1s, 1000s));
  sim::time_point got{};
  w.spawn("worker", [&] {
    q.add_rate_limited("one");
    q.forget("one");
    CHECK(q.num_requeues("one") == 0);
    REQUIRE(q.get() == "one");
    got = sim::now();
    q.done("one");
  });
  require_finished(w);
  CHECK(got == at(1s));
}

TEST_CASE("classic queue: a watch add during a RequeueAfter reconcile runs it again, and the timer still fires") {
  // The race from the reference: the key is processing when its own status
  // write comes back as an event. The add makes it dirty, so it runs again
  // right after done; the add_after entry still fires at +T.
  sim::world w{1};
  std::shared_ptr<model::rate_limiting_interface<std::string>> q =
      std::make_shared<rate_limiting_queue<std::string>>(model::default_controller_rate_limiter<std::string>());
  std::vector<sim::time_point> reconciles;
  w.spawn("worker", [&] {
    while (auto key = q->get()) {
      reconciles.push_back(sim::now());
      if (reconciles.size() == 1) {
        sim::sleep_for(10ms);
        q->add(*key);  // the watch event of our status write
        q->forget(*key);
        q->add_after(*key, 30s);  // RequeueAfter
      }
      q->done(*key);
    }
  });
  w.spawn("informer", [&] {
    q->add("ns/a");
    sim::sleep_for(1min);
    q->shut_down();
  });
  require_finished(w);
  CHECK(reconciles == std::vector<sim::time_point>{at(0ms), at(10ms), at(30s + 10ms)});
}

TEST_CASE("add_rate_limited records a retry event with the delay and the requeue count") {
  sim::world w{1};
  rate_limiting_queue<std::string> q(model::make_item_exponential_failure_rate_limiter<std::string>(1ms, 1s), "rl");
  w.spawn("clock", [&] {
    q.add_rate_limited("k");
    q.add_rate_limited("k");
  });
  require_finished(w);
  std::vector<std::int64_t> delays;
  std::vector<std::int64_t> requeues;
  for (const auto& e : w.trace().events()) {
    if (e.kind != "queue.retry") continue;
    CHECK(e.get_string("reason") == "rate_limited");
    delays.push_back(e.get_int("delay"));
    requeues.push_back(e.get_int("requeues"));
  }
  CHECK(delays == std::vector<std::int64_t>{1'000'000, 2'000'000});
  CHECK(requeues == std::vector<std::int64_t>{1, 2});
}
