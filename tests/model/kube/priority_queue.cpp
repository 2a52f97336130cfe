// controller-runtime's priority queue (pkg/controller/priorityqueue): the
// facts from priorityqueue.go that a controller can observe.
#include <catch2/catch.hpp>
#include <rapidcheck/catch.h>

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "model/support.hpp"
#include "reconsim/model/kube/priority_queue.hpp"
#include "reconsim/sim.hpp"

using namespace reconsim;
using namespace reconsim::test;
using namespace std::chrono_literals;
using model::priority_queue;

namespace {

// Takes every ready item now, in hand-out order, and marks each done.
std::vector<std::string> drain_ready(priority_queue<std::string>& q) {
  std::vector<std::string> order;
  std::vector<std::string> taken;
  while (q.len() > 0) {
    auto item = q.get();
    REQUIRE(item.has_value());
    order.push_back(*item);
    taken.push_back(*item);
  }
  for (const auto& item : taken) q.done(item);
  return order;
}

}  // namespace

TEST_CASE("a plain add of a waiting item makes it ready at once and cancels its pending after") {
  sim::world w{1};
  priority_queue<std::string> q;
  std::vector<sim::time_point> processed;
  w.spawn("worker", [&] {
    while (auto item = q.get()) {
      processed.push_back(sim::now());
      q.done(*item);
    }
  });
  w.spawn("clock", [&] {
    q.add_after("foo", 10s);
    CHECK(q.len() == 0);
    CHECK(q.waiting_len() == 1);
    sim::sleep_for(1s);
    q.add("foo");
    CHECK(q.waiting_len() == 0);
    sim::sleep_for(1min);
    q.shut_down();
  });
  require_finished(w);
  CHECK(processed == std::vector<sim::time_point>{at(1s)});
}

TEST_CASE("add_after of a waiting item keeps the earlier ready time, either order") {
  sim::world w{1};
  priority_queue<std::string> q;
  w.spawn("clock", [&] {
    q.add_after("a", 10s);
    q.add_after("a", 5s);
    CHECK(q.ready_at("a") == at(5s));
    q.add_after("b", 5s);
    q.add_after("b", 10s);
    CHECK(q.ready_at("b") == at(5s));
    sim::sleep_for(5s - 1ns);
    CHECK(q.len() == 0);
    sim::sleep_for(1ns);
    CHECK(q.len() == 2);
    CHECK(drain_ready(q) == std::vector<std::string>{"a", "b"});
    sim::sleep_for(10s);
    CHECK(q.len() == 0);
  });
  require_finished(w);
}

TEST_CASE("add_after of an item that is already ready leaves it ready") {
  priority_queue<std::string> q;
  q.add("a");
  q.add_after("a", 10s);
  CHECK(q.len() == 1);
  CHECK(q.waiting_len() == 0);
  CHECK_FALSE(q.ready_at("a").has_value());
}

TEST_CASE("add_rate_limited together with after takes the smaller delay") {
  sim::world w{1};
  priority_queue<std::string> q(model::make_item_exponential_failure_rate_limiter<std::string>(5ms, 1000s));
  w.spawn("clock", [&] {
    model::priority_add_opts limited_long;
    limited_long.after = 10s;
    limited_long.rate_limited = true;
    q.add_with_opts(limited_long, "limiter-wins");
    CHECK(q.ready_at("limiter-wins") == at(5ms));

    model::priority_add_opts limited_short;
    limited_short.after = 1ms;
    limited_short.rate_limited = true;
    q.add_with_opts(limited_short, "after-wins");
    CHECK(q.ready_at("after-wins") == at(1ms));
    CHECK(q.num_requeues("after-wins") == 1);
  });
  require_finished(w);
}

TEST_CASE("default limiter backs off 5ms, 10ms, 20ms per item") {
  sim::world w{1};
  priority_queue<std::string> q;
  w.spawn("clock", [&] {
    q.add_rate_limited("a");
    CHECK(q.ready_at("a") == at(5ms));
    sim::sleep_for(5ms);
    CHECK(q.get() == "a");
    q.done("a");
    q.add_rate_limited("a");
    CHECK(q.ready_at("a") == at(15ms));
    q.forget("a");
    CHECK(q.num_requeues("a") == 0);
  });
  require_finished(w);
}

TEST_CASE("an item re-added while processing is locked until done, then handed out again") {
  sim::world w{1};
  priority_queue<std::string> q;
  sim::time_point second_got{};
  w.spawn("first", [&] {
    q.add("foo");
    REQUIRE(q.get() == "foo");
    CHECK(q.is_locked("foo"));
    q.add("foo");
    CHECK(q.len() == 1);  // ready but locked: counted, not handed out
    sim::sleep_for(5ms);
    q.done("foo");
  });
  w.spawn("second", [&] {
    auto item = q.get();
    second_got = sim::now();
    REQUIRE(item == "foo");
    q.done("foo");
  });
  require_finished(w);
  CHECK(second_got == at(5ms));
  CHECK(q.len() == 0);
}

TEST_CASE("a locked key does not hold back other ready keys") {
  sim::world w{1};
  priority_queue<std::string> q;
  w.spawn("worker", [&] {
    q.add_with_priority("hot", 10);
    REQUIRE(q.get() == "hot");
    q.add_with_priority("hot", 10);
    q.add("cold");
    auto next = q.get_with_priority();
    REQUIRE(next.has_value());
    CHECK(next->item == "cold");
    CHECK(next->priority == 0);
    q.done("cold");
    q.done("hot");
    auto again = q.get_with_priority();
    REQUIRE(again.has_value());
    CHECK(again->item == "hot");
    CHECK(again->priority == 10);
    q.done("hot");
  });
  require_finished(w);
}

TEST_CASE("ready items go out by priority, higher first, then in insertion order") {
  priority_queue<std::string> q;
  q.add_with_priority("a", 0);
  q.add_with_priority("b", 10);
  q.add_with_priority("c", -100);
  q.add_with_priority("d", 10);
  q.add("e");
  CHECK(drain_ready(q) == std::vector<std::string>{"b", "d", "a", "e", "c"});
}

TEST_CASE("a raised priority moves an item to the end of its new level; a lower one changes nothing") {
  priority_queue<std::string> q;
  q.add_with_priority("a", 5);
  q.add("b");
  q.add("c");
  q.add_with_priority("c", 5);   // raised: after a
  q.add_with_priority("a", -1);  // lower: ignored
  CHECK(drain_ready(q) == std::vector<std::string>{"a", "c", "b"});
}

TEST_CASE("a plain add raises a low-priority item (initial list, -100) to priority 0") {
  priority_queue<std::string> q;
  q.add_with_priority("listed", -100);
  q.add("other");
  q.add("listed");
  CHECK(drain_ready(q) == std::vector<std::string>{"other", "listed"});
}

TEST_CASE("items that become ready sort by when they became ready, not when they were added") {
  sim::world w{1};
  priority_queue<std::string> q;
  w.spawn("clock", [&] {
    q.add_after("early-added", 2s);
    q.add_after("late-added", 1s);
    sim::sleep_for(500ms);
    q.add("plain");
    sim::sleep_for(2s);
    CHECK(drain_ready(q) == std::vector<std::string>{"plain", "late-added", "early-added"});
  });
  require_finished(w);
}

TEST_CASE("blocked gets are served in arrival order") {
  sim::world w{1};
  priority_queue<std::string> q;
  std::vector<std::string> got;
  for (const char* name : {"w1", "w2", "w3"}) {
    w.spawn(name, [&, name] {
      auto item = q.get();
      REQUIRE(item.has_value());
      got.push_back(std::string(name) + ":" + *item);
      q.done(*item);
    });
  }
  w.spawn("producer", [&] {
    sim::sleep_for(1s);
    q.add_with_priority("low", 0);
    q.add_with_priority("high", 9);
    q.add_with_priority("mid", 5);
  });
  require_finished(w);
  // Each add is handed out at once to the oldest waiting get.
  CHECK(got == std::vector<std::string>{"w1:low", "w2:high", "w3:mid"});
}

TEST_CASE("status-update race: a watch add while processing makes a RequeueAfter return nothing later") {
  // The reconciler writes status and returns RequeueAfter=30s; the watch
  // event of that write arrives while the key is still processing.
  sim::world w{1};
  std::shared_ptr<model::rate_limiting_interface<std::string>> q = std::make_shared<priority_queue<std::string>>();
  std::vector<sim::time_point> reconciles;
  w.spawn("worker", [&] {
    while (auto key = q->get()) {
      reconciles.push_back(sim::now());
      if (reconciles.size() == 1) {
        sim::sleep_for(10ms);
        q->add(*key);  // the watch event: a ready entry, locked
        q->forget(*key);
        q->add_after(*key, 30s);  // already ready: stays ready, the 30s is lost
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
  CHECK(reconciles == std::vector<sim::time_point>{at(0ms), at(10ms)});
}

TEST_CASE("status-update race: a watch add after done cancels the pending RequeueAfter") {
  sim::world w{1};
  priority_queue<std::string> q;
  std::vector<sim::time_point> reconciles;
  w.spawn("worker", [&] {
    while (auto key = q.get()) {
      reconciles.push_back(sim::now());
      if (reconciles.size() == 1) q.add_after(*key, 30s);
      q.done(*key);
    }
  });
  w.spawn("informer", [&] {
    q.add("ns/a");
    sim::sleep_for(2s);
    q.add("ns/a");  // the watch event arrives late
    sim::sleep_for(1min);
    q.shut_down();
  });
  require_finished(w);
  CHECK(reconciles == std::vector<sim::time_point>{at(0s), at(2s)});
}

TEST_CASE("get after shut_down returns empty at once, even with ready items, and wakes blocked gets") {
  sim::world w{1};
  priority_queue<std::string> q;
  sim::time_point woke{};
  w.spawn("blocked", [&] {
    CHECK_FALSE(q.get().has_value());
    woke = sim::now();
  });
  w.spawn("stopper", [&] {
    sim::sleep_for(3s);
    q.shut_down();
    q.add("ignored");
    CHECK(q.len() == 0);
  });
  require_finished(w);
  CHECK(woke == at(3s));

  priority_queue<std::string> q2;
  q2.add("a");
  q2.shut_down_with_drain();  // no drain in the priority queue
  CHECK(q2.shutting_down());
  CHECK(q2.len() == 1);
  CHECK_FALSE(q2.get().has_value());
}

TEST_CASE("the trace records priority-queue adds with priority and gets with wait time") {
  sim::world w{1};
  priority_queue<std::string> q("pq");
  w.spawn("worker", [&] {
    q.add_with_priority("ns/a", 3);
    sim::sleep_for(2s);
    auto got = q.get();
    REQUIRE(got.has_value());
    q.done(*got);
  });
  require_finished(w);
  int adds = 0;
  int gets = 0;
  for (const auto& e : w.trace().events()) {
    if (e.kind == "queue.add") {
      ++adds;
      CHECK(e.get_string("queue") == "pq");
      CHECK(e.get_int("priority") == 3);
    }
    if (e.kind == "queue.get") {
      ++gets;
      CHECK(e.get_int("wait") == std::chrono::nanoseconds(2s).count());
    }
  }
  CHECK(adds == 1);
  CHECK(gets == 1);
}

TEST_CASE("property: the priority queue hands out the highest-priority unlocked key, each add exactly once") {
  rc::prop("one entry per key; locked keys wait; priority is the max of the adds", [] {
    const auto ops = *rc::gen::container<std::vector<int>>(rc::gen::inRange(0, 30));
    priority_queue<int> q;
    std::set<int> processing;
    std::map<int, int> pending;  // key -> priority of its ready entry
    auto eligible = [&] {
      std::vector<std::pair<int, int>> out;  // (priority, key)
      for (const auto& [k, p] : pending) {
        if (!processing.contains(k)) out.emplace_back(p, k);
      }
      return out;
    };
    auto take = [&] {
      const auto candidates = eligible();
      const int best = std::max_element(candidates.begin(), candidates.end())->first;
      auto got = q.get_with_priority();
      RC_ASSERT(got.has_value());
      RC_ASSERT(!processing.contains(got->item));
      RC_ASSERT(got->priority == best);
      RC_ASSERT(pending.at(got->item) == best);
      processing.insert(got->item);
      pending.erase(got->item);
    };
    for (const int op : ops) {
      const int key = op % 5;
      if (op < 15) {
        const int priority = op / 5 - 1;  // -1, 0, 1
        q.add_with_priority(key, priority);
        auto [it, fresh] = pending.try_emplace(key, priority);
        if (!fresh) it->second = std::max(it->second, priority);
      } else if (op < 25) {
        if (!eligible().empty()) take();
      } else if (!processing.empty()) {
        const auto index = static_cast<std::ptrdiff_t>(static_cast<std::size_t>(key) % processing.size());
        auto it = std::next(processing.begin(), index);
        q.done(*it);
        processing.erase(it);
      }
      RC_ASSERT(q.len() == pending.size());
    }
    while (!pending.empty() || !processing.empty()) {
      if (!eligible().empty()) {
        take();
      } else {
        q.done(*processing.begin());
        processing.erase(processing.begin());
      }
    }
    RC_ASSERT(q.len() == 0u);
  });
}
