#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "probe.hpp"
#include "reconsim/sim.hpp"

using namespace reconsim;
using namespace std::chrono_literals;

TEST_CASE("the same seed gives the same trace hash, run after run") {
  for (auto policy : {sim::schedule_policy::fifo, sim::schedule_policy::random, sim::schedule_policy::pct}) {
    CAPTURE(sim::to_string(policy));
    const auto a = cli::run_determinism_probe(7, policy);
    const auto b = cli::run_determinism_probe(7, policy);
    CHECK(a.trace_hash == b.trace_hash);
    CHECK(a.events == b.events);
    CHECK(a.trace_hash.size() == 16);
  }
}

TEST_CASE("different seeds give different hashes under the random policy") {
  std::set<std::string> hashes;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) hashes.insert(cli::run_determinism_probe(seed).trace_hash);
  CHECK(hashes.size() == 20);
}

TEST_CASE("the random policy explores interleavings that fifo never shows") {
  // Three actors ready at the same instant: fifo always runs them in spawn
  // order; random runs them in seed-dependent orders.
  auto order_for = [](std::uint64_t seed, sim::schedule_policy policy) {
    sim::options o;
    o.policy = policy;
    sim::world w{seed, o};
    std::string order;
    for (char c : std::string("abc")) w.spawn(std::string(1, c), [&order, c] { order.push_back(c); });
    REQUIRE(w.run().kind == sim::outcome_kind::finished);
    return order;
  };
  std::set<std::string> fifo_orders;
  std::set<std::string> random_orders;
  for (std::uint64_t seed = 0; seed < 50; ++seed) {
    fifo_orders.insert(order_for(seed, sim::schedule_policy::fifo));
    random_orders.insert(order_for(seed, sim::schedule_policy::random));
  }
  CHECK(fifo_orders == std::set<std::string>{"abc"});
  CHECK(random_orders.size() == 6);
}

TEST_CASE("trace events carry time, actor, kind and fields, and export as JSON lines") {
  sim::world w{5};
  w.spawn("reconciler", [] {
    sim::sleep_for(1500ms);
    sim::emit("reconcile.end", {{"key", "ns/a"}, {"requeue_after", sim::duration(30s)}, {"ok", true}});
  });
  REQUIRE(w.run().kind == sim::outcome_kind::finished);
  const auto& events = w.trace().events();
  auto it = std::find_if(events.begin(), events.end(), [](const auto& e) { return e.kind == "reconcile.end"; });
  REQUIRE(it != events.end());
  CHECK(it->actor == "reconciler");
  CHECK(it->at == sim::time_point(1500ms));
  CHECK(it->get_string("key") == "ns/a");
  CHECK(it->get_int("requeue_after") == 30'000'000'000);
  CHECK(sim::to_json_line(*it) ==
        R"({"t_ns":1500000000,"actor":"reconciler","kind":"reconcile.end","fields":{"key":"ns/a","requeue_after":30000000000,"ok":true}})");
}

TEST_CASE("the hash depends on every field of every event") {
  auto hash_of = [](const std::string& value) {
    sim::trace t;
    t.record(sim::trace_event{sim::time_point(1s), "a", "k", {{"f", value}}});
    return t.hash();
  };
  CHECK(hash_of("x") == hash_of("x"));
  CHECK(hash_of("x") != hash_of("y"));
  sim::trace t1, t2;
  t1.record(sim::trace_event{sim::time_point(1s), "a", "k", {}});
  t2.record(sim::trace_event{sim::time_point(2s), "a", "k", {}});
  CHECK(t1.hash() != t2.hash());
}

TEST_CASE("a run with 10,000 actors finishes") {
  sim::options o;
  o.keep_events = false;
  sim::world w{3, o};
  int done = 0;
  for (int i = 0; i < 10'000; ++i) {
    w.spawn("actor", [&done, i] {
      sim::sleep_for(std::chrono::milliseconds(1 + i % 100));
      sim::yield();
      sim::sleep_for(1s);
      ++done;
    });
  }
  const sim::outcome out = w.run();
  CHECK(out.kind == sim::outcome_kind::finished);
  CHECK(done == 10'000);
  CHECK(w.now() == sim::time_point(1s + 100ms));
}
