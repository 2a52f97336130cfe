// client-go's queue_test.go, translated to actors in virtual time, plus the
// upstream facts from queue.go that the tests there leave implicit.
#include <catch2/catch.hpp>
#include <rapidcheck/catch.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "model/support.hpp"
#include "reconsim/model/kube/object.hpp"
#include "reconsim/model/kube/workqueue.hpp"
#include "reconsim/sim.hpp"

using namespace reconsim;
using namespace reconsim::test;
using namespace std::chrono_literals;
using model::workqueue;

namespace {

enum class shutdown_mode { plain, drain };

void shut(workqueue<std::string>& q, shutdown_mode m) {
  if (m == shutdown_mode::plain) {
    q.shut_down();
  } else {
    q.shut_down_with_drain();
  }
}

}  // namespace

TEST_CASE("many producers and consumers: every item is processed, never twice at once, and nothing after shutdown") {
  const auto mode = GENERATE(shutdown_mode::plain, shutdown_mode::drain);
  // Same-instant interleavings differ by policy; the invariants must not.
  const auto policy = GENERATE(sim::schedule_policy::fifo, sim::schedule_policy::random, sim::schedule_policy::pct);
  CAPTURE(mode == shutdown_mode::drain, sim::to_string(policy));
  sim::options opts;
  opts.policy = policy;
  sim::world w{7, opts};
  workqueue<std::string> q("basic");
  const int producers = 50;
  const int consumers = 10;
  int producers_left = producers;
  sim::event producers_done("producers done");
  std::set<std::string> in_progress;
  std::map<std::string, int> processed;
  bool saw_late_item = false;
  int consumers_left = consumers;

  for (int i = 0; i < producers; ++i) {
    w.spawn("producer-" + std::to_string(i), [&, i] {
      for (int j = 0; j < 50; ++j) {
        q.add(std::to_string(i));
        sim::sleep_for(1ms);
      }
      if (--producers_left == 0) producers_done.set();
    });
  }
  for (int i = 0; i < consumers; ++i) {
    w.spawn("consumer-" + std::to_string(i), [&] {
      while (auto item = q.get()) {
        if (*item == "added after shutdown!") saw_late_item = true;
        CHECK(in_progress.insert(*item).second);
        ++processed[*item];
        sim::sleep_for(3ms);
        in_progress.erase(*item);
        q.done(*item);
      }
      --consumers_left;
    });
  }
  w.spawn("shutdown", [&] {
    producers_done.wait();
    CHECK(sim::now() == at(50ms));
    shut(q, mode);
    if (mode == shutdown_mode::drain) CHECK(q.processing_len() == 0);
    q.add("added after shutdown!");
  });
  require_finished(w);
  CHECK_FALSE(saw_late_item);
  CHECK(consumers_left == 0);
  CHECK(q.len() == 0);
  CHECK(processed.size() == static_cast<std::size_t>(producers));
}

TEST_CASE("an item re-added while processing is processed again after done, never concurrently") {
  const auto mode = GENERATE(shutdown_mode::plain, shutdown_mode::drain);
  CAPTURE(mode == shutdown_mode::drain);
  sim::world w{1};
  workqueue<std::string> q("add-while-processing");
  int producers_left = 50;
  sim::event producers_done;
  std::set<std::string> in_progress;
  std::map<std::string, int> processed;

  for (int i = 0; i < 50; ++i) {
    w.spawn("producer-" + std::to_string(i), [&, i] {
      q.add(std::to_string(i));
      if (--producers_left == 0) producers_done.set();
    });
  }
  for (int i = 0; i < 10; ++i) {
    w.spawn("consumer-" + std::to_string(i), [&] {
      // Every consumer re-adds an item it holds until it has seen it twice.
      std::map<std::string, int> counters;
      while (auto item = q.get()) {
        CHECK(in_progress.insert(*item).second);
        ++processed[*item];
        if (++counters[*item] < 2) q.add(*item);
        sim::sleep_for(1ms);
        in_progress.erase(*item);
        q.done(*item);
      }
    });
  }
  w.spawn("shutdown", [&] {
    producers_done.wait();
    sim::sleep_for(1s);  // let the re-adds run their course first
    shut(q, mode);
  });
  require_finished(w);
  CHECK(q.len() == 0);
  REQUIRE(processed.size() == 50);
  for (const auto& [item, n] : processed) {
    CAPTURE(item);
    CHECK(n >= 2);
  }
}

TEST_CASE("len counts queued items only and a second add of a queued item is coalesced") {
  workqueue<std::string> q;
  q.add("foo");
  CHECK(q.len() == 1);
  q.add("bar");
  CHECK(q.len() == 2);
  q.add("foo");
  CHECK(q.len() == 2);
}

TEST_CASE("an item added while processing is queued again on done (reinsert)") {
  sim::world w{1};
  workqueue<std::string> q;
  w.spawn("worker", [&] {
    q.add("foo");
    auto first = q.get();
    REQUIRE(first == "foo");
    q.add("foo");
    CHECK(q.len() == 0);  // dirty while processing is not in the queue
    CHECK(q.is_dirty("foo"));
    q.done("foo");
    CHECK(q.len() == 1);
    auto second = q.get();
    REQUIRE(second == "foo");
    q.done("foo");
    CHECK(q.len() == 0);
  });
  require_finished(w);
}

TEST_CASE("two adds of a waiting item collapse into one get, and the touch hook sees the second") {
  workqueue<std::string> q;
  std::vector<std::string> touched;
  q.set_touch_hook([&](const std::string& item) { touched.push_back(item); });
  q.add("bar");
  q.add("bar");
  auto item = q.get();
  REQUIRE(item == "bar");
  q.done("bar");
  CHECK(q.len() == 0);
  CHECK(touched == std::vector<std::string>{"bar"});
}

TEST_CASE("adds while processing collapse; a second get blocks until done, and touch is not called") {
  sim::world w{1};
  workqueue<std::string> q;
  int touches = 0;
  q.set_touch_hook([&](const std::string&) { ++touches; });
  sim::time_point second_got{};
  w.spawn("first", [&] {
    q.add("foo");
    REQUIRE(q.get() == "foo");
    q.add("foo");
    q.add("foo");
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
  CHECK(touches == 0);
}

TEST_CASE("done on a dirty item that was never taken pushes a duplicate, as upstream") {
  workqueue<std::string> q;
  q.add("foo");
  q.done("foo");
  CHECK(q.len() == 2);
}

TEST_CASE("the trace records adds with depth, and gets with the time the item waited") {
  sim::world w{1};
  workqueue<std::string> q("traced");
  w.spawn("producer", [&] {
    q.add("ns/a");
    q.add("ns/a");  // coalesced: no second event
    sim::sleep_for(250ms);
    q.add("ns/b");
  });
  w.spawn("consumer", [&] {
    sim::sleep_for(1s);
    auto a = q.get();
    q.done(*a);
  });
  require_finished(w);
  std::vector<const sim::trace_event*> adds;
  std::vector<const sim::trace_event*> gets;
  for (const auto& e : w.trace().events()) {
    if (e.kind == "queue.add") adds.push_back(&e);
    if (e.kind == "queue.get") gets.push_back(&e);
  }
  REQUIRE(adds.size() == 2);
  CHECK(adds[0]->get_string("queue") == "traced");
  CHECK(adds[0]->get_string("item") == "ns/a");
  CHECK(adds[0]->get_int("depth") == 1);
  CHECK(adds[1]->get_int("depth") == 2);
  REQUIRE(gets.size() == 1);
  CHECK(gets[0]->actor == "consumer");
  CHECK(gets[0]->get_string("item") == "ns/a");
  CHECK(gets[0]->get_int("wait") == std::chrono::nanoseconds(1s).count());
  CHECK(gets[0]->get_int("depth") == 1);
}

TEST_CASE("trace items read as text: strings as is, numbers in decimal, keys as namespace/name") {
  CHECK(model::detail::describe_item(std::string("ns/a")) == "ns/a");
  CHECK(model::detail::describe_item(42) == "42");
  CHECK(std::string_view(model::detail::describe_item(model::namespaced_name{"ns", "a"})) == "ns/a");
}

TEST_CASE("the same run gives the same trace hash") {
  auto run_once = [] {
    sim::world w{42};
    workqueue<std::string> q;
    for (int i = 0; i < 5; ++i) {
      w.spawn("producer-" + std::to_string(i), [&q, i] {
        for (int j = 0; j < 10; ++j) {
          q.add(std::to_string((i + j) % 7));
          sim::sleep_for(1ms);
        }
      });
    }
    for (int i = 0; i < 3; ++i) {
      w.spawn("consumer-" + std::to_string(i), [&q] {
        while (auto item = q.get()) {
          sim::sleep_for(2ms);
          q.done(*item);
        }
      });
    }
    w.spawn("stopper", [&q] {
      sim::sleep_for(1s);
      q.shut_down_with_drain();
    });
    REQUIRE(w.run().kind == sim::outcome_kind::finished);
    return w.trace().hash();
  };
  CHECK(run_once() == run_once());
}

TEST_CASE("property: with valid use, every added item is handed out later and never while it is processing") {
  rc::prop("queue = dirty items not processing; each add is followed by a get", [] {
    const auto ops = *rc::gen::container<std::vector<int>>(rc::gen::inRange(0, 15));
    workqueue<int> q;
    std::set<int> processing;
    std::set<int> pending;  // added since its last get: upstream's dirty set
    auto take = [&] {
      auto item = q.get();
      RC_ASSERT(item.has_value());
      RC_ASSERT(!processing.contains(*item));
      processing.insert(*item);
      pending.erase(*item);
    };
    auto finish_one = [&](std::size_t index) {
      auto it = std::next(processing.begin(), static_cast<std::ptrdiff_t>(index % processing.size()));
      q.done(*it);
      processing.erase(it);
    };
    auto queued = [&] {
      return static_cast<std::size_t>(std::count_if(pending.begin(), pending.end(),
                                                    [&](int k) { return !processing.contains(k); }));
    };
    for (const int op : ops) {
      const int key = op % 5;
      if (op < 5) {
        q.add(key);
        pending.insert(key);
      } else if (op < 10) {
        if (q.len() > 0) take();
      } else if (!processing.empty()) {
        finish_one(static_cast<std::size_t>(key));
      }
      RC_ASSERT(q.len() == queued());
    }
    while (!processing.empty() || q.len() > 0) {
      if (q.len() > 0) {
        take();
      } else {
        finish_one(0);
      }
    }
    RC_ASSERT(pending.empty());
  });
}
