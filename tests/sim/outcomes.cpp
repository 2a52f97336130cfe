#include <catch2/catch.hpp>

#include <memory>
#include <stdexcept>
#include <string>

#include "reconsim/sim.hpp"

using namespace reconsim;
using namespace std::chrono_literals;

TEST_CASE("a deadlock names every blocked actor and what it waits on") {
  // The world is declared last: it is destroyed first, while the channel
  // and condition its blocked actors wait on still exist.
  sim::channel<int> requests("requests");
  sim::condition reply("reply");
  sim::world w{1};
  w.spawn("server", [&] { (void)requests.receive(); });
  w.spawn("client", [&] {
    sim::sleep_for(2s);
    reply.wait();
  });
  w.spawn("bystander", [] { sim::sleep_for(1s); });
  const sim::outcome out = w.run();
  REQUIRE(out.kind == sim::outcome_kind::deadlock);
  CHECK(out.at == sim::time_point(2s));
  REQUIRE(out.blocked.size() == 2);
  CHECK(out.blocked[0].name == "server");
  CHECK(out.blocked[0].waiting_on == "channel receive 'requests'");
  CHECK(out.blocked[1].name == "client");
  CHECK(out.blocked[1].waiting_on == "condition 'reply'");
  CHECK_THAT(out.describe(), Catch::Contains("client waits on condition 'reply'"));
}

TEST_CASE("the event cap stops a livelock of yielding actors") {
  sim::options o;
  o.event_cap = 10'000;
  sim::world w{1, o};
  for (int i = 0; i < 2; ++i) {
    w.spawn("spinner", [] {
      for (;;) sim::yield();
    });
  }
  const sim::outcome out = w.run();
  CHECK(out.kind == sim::outcome_kind::event_cap);
  CHECK(out.events == 10'000);
  CHECK_FALSE(out.ok());
}

TEST_CASE("the event cap stops a lone actor yielding forever") {
  sim::options o;
  o.event_cap = 1'000;
  sim::world w{1, o};
  w.spawn("spinner", [] {
    for (;;) sim::yield();
  });
  CHECK(w.run().kind == sim::outcome_kind::event_cap);
}

TEST_CASE("the time cap stops an actor that polls forever") {
  sim::options o;
  o.time_cap = 1h;
  sim::world w{1, o};
  w.spawn("poller", [] {
    for (;;) sim::sleep_for(500ms);
  });
  const sim::outcome out = w.run();
  CHECK(out.kind == sim::outcome_kind::time_cap);
  CHECK(out.at <= sim::time_point(1h));
  CHECK(out.at > sim::time_point(1h) - 1s);
}

TEST_CASE("an actor's exception becomes the outcome with its name, time and message") {
  sim::world w{1};
  w.spawn("calm", [] { sim::sleep_for(1h); });
  w.spawn("faulty", [] {
    sim::sleep_for(12s);
    throw std::runtime_error("status counters disagree with attempts");
  });
  const sim::outcome out = w.run();
  REQUIRE(out.kind == sim::outcome_kind::actor_exception);
  CHECK(out.actor == "faulty");
  CHECK(out.at == sim::time_point(12s));
  CHECK(out.message == "status counters disagree with attempts");
}

TEST_CASE("actors may spawn actors") {
  sim::world w{1};
  int leaves = 0;
  std::function<void(int)> tree = [&](int depth) {
    if (depth == 0) {
      ++leaves;
      return;
    }
    for (int i = 0; i < 2; ++i) {
      sim::this_world().spawn("node", [&tree, depth] {
        sim::sleep_for(1s);
        tree(depth - 1);
      });
    }
  };
  w.spawn("root", [&] { tree(5); });
  REQUIRE(w.run().kind == sim::outcome_kind::finished);
  CHECK(leaves == 32);
  CHECK(w.now() == sim::time_point(5s));
}

TEST_CASE("destroying a world unwinds its blocked actors, so their destructors run") {
  auto destroyed = std::make_shared<int>(0);
  struct guard {
    std::shared_ptr<int> count;
    ~guard() { ++*count; }
  };
  {
    sim::world w{1};
    for (int i = 0; i < 3; ++i) {
      w.spawn("blocked", [destroyed] {
        guard g{destroyed};
        sim::condition never("never");
        never.wait();
      });
    }
    w.spawn("sleeper", [destroyed] {
      guard g{destroyed};
      sim::sleep_for(24h);
    });
    w.spawn("never-started", [destroyed] { guard g{destroyed}; });
    CHECK(w.run_for(1s).kind == sim::outcome_kind::time_limit);
    CHECK(*destroyed == 1);  // "never-started" did run at t=0
    CHECK(w.actors_alive() == 4);
  }
  CHECK(*destroyed == 5);
}

TEST_CASE("blocking outside an actor is a logic error") {
  sim::world w{1};
  CHECK_THROWS_AS(sim::sleep_for(1s), std::logic_error);
  CHECK_THROWS_AS(sim::yield(), std::logic_error);
}

TEST_CASE("many worlds run one after another on one thread") {
  for (int i = 0; i < 200; ++i) {
    sim::channel<int> ch("c");
    sim::world w{static_cast<std::uint64_t>(i)};
    w.spawn("p", [&] { ch.send(1); });
    w.spawn("c", [&] { (void)ch.receive(); });
    w.spawn("stuck", [&] { (void)ch.receive(); });
    REQUIRE(w.run().kind == sim::outcome_kind::deadlock);
  }
}

TEST_CASE("kill unwinds the chosen actors from their blocking calls; what they finished stays done") {
  sim::channel<int> inbox("inbox");
  int handled = 0;
  int unwound = 0;
  bool slept_through = false;
  struct guard {
    int* n;
    ~guard() { ++*n; }
  };
  sim::world w{1};
  w.spawn("proc.worker", [&] {
    guard g{&unwound};
    for (;;) {
      (void)inbox.receive();
      ++handled;
    }
  });
  w.spawn("proc.sleeper", [&] {
    guard g{&unwound};
    sim::sleep_for(10s);
    slept_through = true;  // never: killed at 2s
  });
  w.spawn("other", [&] {
    inbox.send(1);
    sim::sleep_for(2s);
    CHECK(w.kill([](std::string_view name) { return name.starts_with("proc."); }) == 2);
    CHECK(w.kill([](std::string_view name) { return name.starts_with("proc."); }) == 0);  // already dying
    sim::sleep_for(1s);
  });
  const sim::outcome out = w.run();
  CHECK(out.kind == sim::outcome_kind::finished);
  CHECK(out.at == sim::time_point(3s));
  CHECK(handled == 1);
  CHECK(unwound == 2);
  CHECK_FALSE(slept_through);
  CHECK(w.actors_alive() == 0);
  int kills = 0;
  for (const auto& e : w.trace().events()) kills += e.kind == "actor.kill" ? 1 : 0;
  CHECK(kills == 2);
}

TEST_CASE("an actor that kills itself unwinds at its next blocking call") {
  bool after = false;
  sim::world w{1};
  w.spawn("self", [&] {
    w.kill([](std::string_view name) { return name == "self"; });
    sim::sleep_for(1s);
    after = true;
  });
  CHECK(w.run().kind == sim::outcome_kind::finished);
  CHECK_FALSE(after);
}
