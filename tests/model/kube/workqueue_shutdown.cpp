// client-go's queue_test.go on shutting a queue down: ShutDown,
// ShutDownWithDrain, and what get, add and done do around them.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "model/support.hpp"
#include "reconsim/model/kube/workqueue.hpp"
#include "reconsim/sim.hpp"

using namespace reconsim;
using namespace reconsim::test;
using namespace std::chrono_literals;
using model::workqueue;

TEST_CASE("get after shut_down still returns the queued items, then reports shutdown") {
  workqueue<std::string> q;
  q.add("a");
  q.add("b");
  q.shut_down();
  q.add("c");
  CHECK(q.shutting_down());
  CHECK(q.get() == "a");
  CHECK(q.get() == "b");
  CHECK_FALSE(q.get().has_value());
  CHECK(q.len() == 0);
}

TEST_CASE("done re-queues a dirty item even after shut_down") {
  workqueue<std::string> q;
  q.add("foo");
  REQUIRE(q.get() == "foo");
  q.add("foo");
  q.shut_down();
  CHECK_FALSE(q.get().has_value());  // empty queue, even with foo processing
  q.done("foo");
  CHECK(q.len() == 1);
  CHECK(q.get() == "foo");
}

TEST_CASE("shut_down_with_drain waits for processing items; get reports shutdown meanwhile") {
  sim::world w{1};
  workqueue<std::string> q;
  sim::time_point drained{};
  q.add("foo");
  q.add("bar");
  w.spawn("worker", [&] {
    auto foo = q.get();
    auto bar = q.get();
    REQUIRE(foo == "foo");
    REQUIRE(bar == "bar");
    sim::sleep_for(1ms);  // the drain started at 0.5ms
    CHECK(q.shutting_down());
    CHECK_FALSE(q.get().has_value());
    sim::sleep_for(1ms);
    q.done("foo");
    sim::sleep_for(1ms);
    CHECK(drained == sim::time_point{});
    q.done("bar");
  });
  w.spawn("drainer", [&] {
    sim::sleep_for(500us);
    q.shut_down_with_drain();
    drained = sim::now();
  });
  require_finished(w);
  CHECK(drained == at(3ms));
}

TEST_CASE("shut_down does not wait for processing items") {
  sim::world w{1};
  workqueue<std::string> q;
  w.spawn("worker", [&] {
    q.add("foo");
    q.add("bar");
    q.get();
    q.get();
    q.shut_down();
    CHECK(sim::now() == sim::time_point{});
    CHECK(q.processing_len() == 2);
  });
  require_finished(w);
}

TEST_CASE("shut_down releases a blocked shut_down_with_drain without any done") {
  sim::world w{1};
  workqueue<std::string> q;
  sim::time_point released{};
  w.spawn("drainer", [&] {
    q.add("foo");
    q.add("bar");
    q.get();
    q.get();
    q.shut_down_with_drain();
    released = sim::now();
  });
  w.spawn("forcer", [&] {
    sim::sleep_for(2s);
    CHECK_FALSE(q.get().has_value());
    q.shut_down();
  });
  require_finished(w);
  CHECK(released == at(2s));
  CHECK(q.processing_len() == 2);
}

TEST_CASE("drain with a dirty item: done re-queues it, get returns it, and the drain ends when processing empties") {
  sim::world w{1};
  workqueue<std::string> q;
  std::vector<std::string> log;
  w.spawn("worker", [&] {
    q.add("foo");
    auto gotten = q.get();
    q.add("foo");
    sim::sleep_for(1ms);  // the drain starts and blocks
    CHECK_FALSE(q.get().has_value());
    log.push_back("done foo");
    q.done(*gotten);
    sim::yield();  // the drain re-checks: nothing is processing any more
    auto again = q.get();
    REQUIRE(again == "foo");
    log.push_back("got foo again");
    q.done(*again);
    CHECK_FALSE(q.get().has_value());
  });
  w.spawn("drainer", [&] {
    q.shut_down_with_drain();
    log.push_back("drained");
  });
  require_finished(w);
  // Upstream's Done signals its condition when processing is empty, which
  // wakes the drain even though foo went back into the queue.
  CHECK(log == std::vector<std::string>{"done foo", "drained", "got foo again"});
  CHECK(q.len() == 0);
}

TEST_CASE("adds after shut_down are ignored") {
  workqueue<std::string> q;
  q.shut_down();
  q.add("foo");
  CHECK(q.len() == 0);
  CHECK_FALSE(q.get().has_value());
}
