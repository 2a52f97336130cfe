#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "reconsim/sim.hpp"

using namespace reconsim;
using namespace std::chrono_literals;

namespace {
sim::time_point at(sim::duration d) { return sim::time_point(d); }
}  // namespace

TEST_CASE("sleeping actors wake at exact virtual times") {
  sim::world w{1};
  std::vector<std::pair<std::string, sim::time_point>> log;
  w.spawn("a", [&] {
    sim::sleep_for(30s);
    log.emplace_back("a", sim::now());
    sim::sleep_for(60s);
    log.emplace_back("a", sim::now());
  });
  w.spawn("b", [&] {
    sim::sleep_until(at(45s));
    log.emplace_back("b", sim::now());
  });
  const sim::outcome out = w.run();
  REQUIRE(out.kind == sim::outcome_kind::finished);
  REQUIRE(log.size() == 3);
  CHECK(log[0] == std::pair<std::string, sim::time_point>{"a", at(30s)});
  CHECK(log[1] == std::pair<std::string, sim::time_point>{"b", at(45s)});
  CHECK(log[2] == std::pair<std::string, sim::time_point>{"a", at(90s)});
  CHECK(w.now() == at(90s));
  CHECK(out.at == at(90s));
}

TEST_CASE("timers due at the same instant fire in the order they were set") {
  sim::world w{1};
  std::string order;
  for (char c : std::string("abcde")) {
    w.spawn(std::string(1, c), [&order, c] {
      sim::sleep_until(sim::time_point(5s));
      order.push_back(c);
    });
  }
  sim::call_at(w, at(5s), [&] { order.push_back('!'); });
  REQUIRE(w.run().kind == sim::outcome_kind::finished);
  // The actors' sleeps were set when they first ran, after the callback.
  CHECK(order == "!abcde");
}

TEST_CASE("a cancelled callback timer never fires and reports that it was pending") {
  sim::world w{1};
  int fired = 0;
  sim::timer_handle keep = sim::call_after(w, 10s, [&] { ++fired; });
  sim::timer_handle drop = sim::call_after(w, 5s, [&] { fired += 100; });
  CHECK(drop.pending());
  CHECK(drop.cancel());
  CHECK_FALSE(drop.cancel());
  CHECK_FALSE(drop.pending());
  REQUIRE(w.run().kind == sim::outcome_kind::finished);
  CHECK(fired == 1);
  CHECK_FALSE(keep.pending());
  // A cancelled timer does not move the clock either.
  CHECK(w.now() == at(10s));
}

TEST_CASE("an actor can cancel a timer that another actor set") {
  sim::world w{1};
  bool fired = false;
  sim::timer_handle h;
  w.spawn("setter", [&] { h = sim::call_after(20s, [&] { fired = true; }); });
  w.spawn("canceller", [&] {
    sim::sleep_for(10s);
    CHECK(h.cancel());
  });
  REQUIRE(w.run().kind == sim::outcome_kind::finished);
  CHECK_FALSE(fired);
  CHECK(w.now() == at(10s));
}

TEST_CASE("a callback that blocks is an error reported as an outcome, not a crash") {
  sim::world w{1};
  sim::call_after(w, 1s, [] { sim::sleep_for(1s); });
  const sim::outcome out = w.run();
  REQUIRE(out.kind == sim::outcome_kind::actor_exception);
  CHECK(out.actor == "(timer callback)");
  CHECK_THAT(out.message, Catch::Contains("must not block"));
  CHECK(out.at == at(1s));
}

TEST_CASE("sleeping until a past instant lets the others run first, without moving the clock") {
  sim::world w{1};
  std::string order;
  w.spawn("a", [&] {
    sim::sleep_for(1s);
    sim::sleep_until(sim::time_point(0s));
    order.push_back('a');
  });
  w.spawn("b", [&] {
    sim::sleep_for(1s);
    order.push_back('b');
  });
  REQUIRE(w.run().kind == sim::outcome_kind::finished);
  CHECK(order == "ba");
  CHECK(w.now() == at(1s));
}

TEST_CASE("run_for and run_until stop at the requested time and can be resumed") {
  sim::world w{1};
  int ticks = 0;
  w.spawn("ticker", [&] {
    for (int i = 0; i < 10; ++i) {
      sim::sleep_for(10s);
      ++ticks;
    }
  });
  sim::outcome out = w.run_for(35s);
  CHECK(out.kind == sim::outcome_kind::time_limit);
  CHECK(w.now() == at(35s));
  CHECK(ticks == 3);
  out = w.run_until(at(50s));
  CHECK(out.kind == sim::outcome_kind::time_limit);
  CHECK(ticks == 5);
  out = w.run();
  CHECK(out.kind == sim::outcome_kind::finished);
  CHECK(ticks == 10);
  CHECK(w.now() == at(100s));
}

TEST_CASE("yield lets every other ready actor run before the yielder goes on") {
  sim::world w{1};
  std::string order;
  w.spawn("a", [&] {
    order += "a1";
    sim::yield();
    order += "a2";
  });
  w.spawn("b", [&] { order += "b1"; });
  w.spawn("c", [&] { order += "c1"; });
  REQUIRE(w.run().kind == sim::outcome_kind::finished);
  CHECK(order == "a1b1c1a2");
  CHECK(w.now() == at(0s));
}
