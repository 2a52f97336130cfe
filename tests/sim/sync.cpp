#include <catch2/catch.hpp>

#include <optional>
#include <vector>

#include "reconsim/sim.hpp"

using namespace reconsim;
using namespace std::chrono_literals;

namespace {
sim::time_point at(sim::duration d) { return sim::time_point(d); }
}  // namespace

TEST_CASE("a channel delivers in order and ends when closed and drained") {
  sim::world w{1};
  sim::channel<int> ch("numbers");
  std::vector<int> got;
  w.spawn("producer", [&] {
    for (int i = 1; i <= 3; ++i) {
      sim::sleep_for(1s);
      CHECK(ch.send(i));
    }
    ch.close();
    CHECK_FALSE(ch.send(99));
  });
  w.spawn("consumer", [&] {
    while (auto v = ch.receive()) got.push_back(*v);
    CHECK(sim::now() == at(3s));
  });
  REQUIRE(w.run().kind == sim::outcome_kind::finished);
  CHECK(got == std::vector<int>{1, 2, 3});
}

TEST_CASE("receive_for returns nothing exactly at its timeout") {
  sim::world w{1};
  sim::channel<int> ch("late");
  std::optional<int> first;
  std::optional<int> second;
  sim::time_point timed_out_at{};
  w.spawn("consumer", [&] {
    first = ch.receive_for(5s);
    timed_out_at = sim::now();
    second = ch.receive_for(10s);
  });
  w.spawn("producer", [&] {
    sim::sleep_for(7s);
    ch.send(42);
  });
  REQUIRE(w.run().kind == sim::outcome_kind::finished);
  CHECK_FALSE(first.has_value());
  CHECK(timed_out_at == at(5s));
  REQUIRE(second.has_value());
  CHECK(*second == 42);
  // The 15 s timeout was stale once the value arrived: it did not move the clock.
  CHECK(w.now() == at(7s));
}

TEST_CASE("a bounded channel blocks the sender while it is full") {
  sim::world w{1};
  sim::channel<int> ch("bounded", 1);
  std::vector<sim::time_point> sent;
  w.spawn("producer", [&] {
    for (int i = 0; i < 3; ++i) {
      ch.send(i);
      sent.push_back(sim::now());
    }
  });
  w.spawn("consumer", [&] {
    for (int i = 0; i < 3; ++i) {
      sim::sleep_for(10s);
      CHECK(ch.receive() == i);
    }
  });
  REQUIRE(w.run().kind == sim::outcome_kind::finished);
  CHECK(sent == std::vector<sim::time_point>{at(0s), at(10s), at(20s)});
}

TEST_CASE("condition wait_for times out at its deadline and wakes early when notified") {
  sim::world w{1};
  sim::condition cond("cond");
  bool flag = false;
  std::vector<std::pair<bool, sim::time_point>> results;
  w.spawn("waiter", [&] {
    // Separate statements: argument evaluation order is unspecified.
    const bool first = cond.wait_for(3s);
    results.emplace_back(first, sim::now());
    const bool second = cond.wait_for(10s, [&] { return flag; });
    results.emplace_back(second, sim::now());
  });
  w.spawn("notifier", [&] {
    sim::sleep_for(5s);
    cond.notify_all();  // the predicate is still false: the waiter waits on
    sim::sleep_for(1s);
    flag = true;
    cond.notify_one();
  });
  REQUIRE(w.run().kind == sim::outcome_kind::finished);
  REQUIRE(results.size() == 2);
  CHECK(results[0] == std::pair<bool, sim::time_point>{false, at(3s)});
  CHECK(results[1] == std::pair<bool, sim::time_point>{true, at(6s)});
}

TEST_CASE("an event releases every waiter once set, and later waits return at once") {
  sim::world w{1};
  sim::event ready("ready");
  int released = 0;
  for (int i = 0; i < 3; ++i) {
    w.spawn("waiter", [&] {
      ready.wait();
      CHECK(sim::now() == at(2s));
      ++released;
    });
  }
  w.spawn("setter", [&] {
    sim::sleep_for(2s);
    ready.set();
    sim::sleep_for(1s);
    CHECK(ready.wait_for(0s));
  });
  REQUIRE(w.run().kind == sim::outcome_kind::finished);
  CHECK(released == 3);
}
