// client-go's delaying_queue_test.go: the fake clock becomes an actor that
// steps virtual time with sleep_for.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "model/support.hpp"
#include "reconsim/model/kube/workqueue.hpp"
#include "reconsim/sim.hpp"

using namespace reconsim;
using namespace reconsim::test;
using namespace std::chrono_literals;
using model::delaying_queue;

namespace {

std::string get_done(delaying_queue<std::string>& q) {
  auto item = q.get();
  REQUIRE(item.has_value());
  q.done(*item);
  return *item;
}

}  // namespace

TEST_CASE("add_after makes an item ready at exactly now + delay, and only once") {
  sim::world w{1};
  delaying_queue<std::string> q;
  w.spawn("clock", [&] {
    q.add_after("foo", 50ms);
    CHECK(q.len() == 0);
    CHECK(q.ready_at("foo") == at(50ms));
    sim::sleep_for(50ms - 1ns);
    CHECK(q.len() == 0);
    sim::sleep_for(1ns);  // ready_at == now counts as ready
    CHECK(q.len() == 1);
    CHECK(get_done(q) == "foo");
    sim::sleep_for(10s);  // past upstream's 10s heartbeat: nothing more
    CHECK(q.len() == 0);
    CHECK(q.waiting_len() == 0);
  });
  require_finished(w);
}

TEST_CASE("a get blocked on an empty queue wakes at the ready time of an add_after") {
  sim::world w{1};
  delaying_queue<std::string> q;
  sim::time_point got_at{};
  w.spawn("worker", [&] {
    CHECK(get_done(q) == "foo");
    got_at = sim::now();
  });
  w.spawn("producer", [&] { q.add_after("foo", 1500ms); });
  require_finished(w);
  CHECK(got_at == at(1500ms));
}

TEST_CASE("add_after of a waiting item keeps the earlier ready time (dedupe)") {
  sim::world w{1};
  delaying_queue<std::string> q;
  w.spawn("clock", [&] {
    q.add_after("foo", 50ms);
    q.add_after("foo", 70ms);  // later: dropped
    CHECK(q.len() == 0);
    sim::sleep_for(60ms);
    CHECK(q.len() == 1);
    CHECK(get_done(q) == "foo");
    sim::sleep_for(20ms);  // past the 70ms the dropped entry asked for
    CHECK(q.len() == 0);

    q.add_after("foo", 50ms);
    q.add_after("foo", 30ms);  // earlier: wins
    CHECK(q.ready_at("foo") == sim::now() + 30ms);
    CHECK(q.len() == 0);
    sim::sleep_for(40ms);
    CHECK(q.len() == 1);
    CHECK(get_done(q) == "foo");
    sim::sleep_for(20ms);
    CHECK(q.len() == 0);
  });
  require_finished(w);
}

TEST_CASE("an early entry fires before a later one added first, and new entries keep their place") {
  sim::world w{1};
  delaying_queue<std::string> q;
  w.spawn("clock", [&] {
    q.add_after("foo", 1s);
    q.add_after("bar", 50ms);
    sim::sleep_for(60ms);
    CHECK(q.len() == 1);
    CHECK(get_done(q) == "bar");
    q.add_after("baz", 2s);
    sim::sleep_for(1s);
    CHECK(q.len() == 1);
    CHECK(get_done(q) == "foo");
    sim::sleep_for(2s);
    CHECK(q.len() == 1);
    CHECK(get_done(q) == "baz");
  });
  require_finished(w);
}

TEST_CASE("entries added out of order come out in ready-time order (copy shifting)") {
  sim::world w{1};
  delaying_queue<std::string> q;
  w.spawn("clock", [&] {
    q.add_after("foo", 1s);
    q.add_after("bar", 500ms);
    q.add_after("baz", 250ms);
    sim::sleep_for(2s);
    CHECK(q.len() == 3);
    CHECK(get_done(q) == "baz");
    CHECK(get_done(q) == "bar");
    CHECK(get_done(q) == "foo");
  });
  require_finished(w);
}

TEST_CASE("entries with the same ready time fire in insertion order") {
  sim::world w{1};
  delaying_queue<std::string> q;
  w.spawn("clock", [&] {
    q.add_after("c", 1s);
    q.add_after("a", 1s);
    q.add_after("b", 1s);
    sim::sleep_for(1s);
    CHECK(get_done(q) == "c");
    CHECK(get_done(q) == "a");
    CHECK(get_done(q) == "b");
  });
  require_finished(w);
}

TEST_CASE("a zero or negative delay adds at once") {
  sim::world w{1};
  delaying_queue<std::string> q;
  w.spawn("clock", [&] {
    q.add_after("zero", 0s);
    q.add_after("negative", -5s);
    CHECK(q.len() == 2);
    CHECK(q.waiting_len() == 0);
  });
  require_finished(w);
}

TEST_CASE("a direct add does not cancel a waiting entry: it fires later and adds the item again") {
  sim::world w{1};
  delaying_queue<std::string> q;
  std::vector<sim::time_point> processed;
  w.spawn("worker", [&] {
    while (auto item = q.get()) {
      processed.push_back(sim::now());
      q.done(*item);
    }
  });
  w.spawn("clock", [&] {
    q.add_after("foo", 10s);
    sim::sleep_for(1s);
    q.add("foo");
    CHECK(q.waiting_len() == 1);
    sim::sleep_for(20s);
    q.shut_down();
  });
  require_finished(w);
  CHECK(processed == std::vector<sim::time_point>{at(1s), at(10s)});
}

TEST_CASE("the waiting entry's add is coalesced when the item is still queued") {
  sim::world w{1};
  delaying_queue<std::string> q;
  w.spawn("clock", [&] {
    q.add_after("foo", 10ms);
    q.add("foo");
    sim::sleep_for(10ms);
    CHECK(q.len() == 1);
    CHECK(q.waiting_len() == 0);
  });
  require_finished(w);
}

TEST_CASE("shut_down drops waiting entries and add_after after shutdown is ignored") {
  sim::world w{1};
  delaying_queue<std::string> q;
  w.spawn("clock", [&] {
    q.add_after("foo", 1s);
    q.shut_down();
    CHECK(q.waiting_len() == 0);
    q.add_after("bar", 1s);
    q.add_after("baz", 0s);
    CHECK(q.waiting_len() == 0);
    sim::sleep_for(5s);
    CHECK(q.len() == 0);
  });
  require_finished(w);
}

TEST_CASE("shut_down_with_drain also drops waiting entries") {
  sim::world w{1};
  delaying_queue<std::string> q;
  w.spawn("clock", [&] {
    q.add_after("foo", 1s);
    q.shut_down_with_drain();
    CHECK(q.waiting_len() == 0);
    sim::sleep_for(5s);
    CHECK(q.len() == 0);
  });
  require_finished(w);
}

TEST_CASE("add_after records a retry event with its delay") {
  sim::world w{1};
  delaying_queue<std::string> q("delays");
  w.spawn("clock", [&] { q.add_after("ns/x", 3s); });
  require_finished(w);
  int retries = 0;
  for (const auto& e : w.trace().events()) {
    if (e.kind != "queue.retry") continue;
    ++retries;
    CHECK(e.get_string("queue") == "delays");
    CHECK(e.get_string("item") == "ns/x");
    CHECK(e.get_int("delay") == std::chrono::nanoseconds(3s).count());
    CHECK(e.get_string("reason") == "after");
  }
  CHECK(retries == 1);
}

TEST_CASE("a queue declared before its world may outlive it with entries still waiting") {
  delaying_queue<std::string> q;
  {
    sim::world w{1};
    w.spawn("clock", [&] { q.add_after("foo", 1h); });
    REQUIRE(w.run_for(1s).ok());
    CHECK(q.waiting_len() == 1);
  }
  CHECK(q.len() == 0);
}
