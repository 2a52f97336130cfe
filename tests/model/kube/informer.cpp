// The informer: list + watch into a cache that lags the server, handlers
// after the cache (client-go processDeltas), predicates, resync.
#include "reconsim/model/kube/informer.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <vector>

#include "model/support.hpp"
#include "reconsim/sim.hpp"

using namespace std::chrono_literals;
namespace model = reconsim::model;
namespace sim = reconsim::sim;
using namespace reconsim::test;

namespace {

model::informer_options watch_delay(sim::duration d) {
  model::informer_options o;
  o.name = "widgets";
  o.watch_delay_min = d;
  o.watch_delay_max = d;
  return o;
}

// What a handler saw, as text, with the virtual time in ms.
struct recorder {
  std::vector<std::string> lines;
  model::event_handler<widget> handler() {
    model::event_handler<widget> h;
    h.on_add = [this](const widget& o, bool initial) {
      lines.push_back(at() + " add " + o.metadata.name + (initial ? " initial" : ""));
    };
    h.on_update = [this](const widget& o, const widget& n) {
      lines.push_back(at() + " update " + n.metadata.name + " g" + std::to_string(o.metadata.generation) + "->g" +
                      std::to_string(n.metadata.generation));
    };
    h.on_delete = [this](const widget& o) { lines.push_back(at() + " delete " + o.metadata.name); };
    return h;
  }
  static std::string at() { return std::to_string(sim::now().time_since_epoch() / 1ms) + "ms"; }
};

}  // namespace

TEST_CASE("a get right after a write returns the old object until the watch event arrives") {
  sim::world w(1);
  model::api_server api(w, fixed_latency(1ms));
  widget_store store(api, widgets);
  widget_informer inf(store, watch_delay(100ms));
  w.spawn("test", [&] {
    widget cur = store.create(make_widget("a", 1)).value();  // t=1ms
    inf.start();
    inf.wait_for_cache_sync();  // list at t=2ms sees rv 1
    CHECK(sim::now() == sim::time_point(2ms));
    REQUIRE(inf.get(key_a));
    CHECK(inf.get(key_a)->spec->size == 1);

    cur.spec.edit().size = 2;
    cur = store.update(cur).value();  // written at t=3ms; the watch starts at t=3ms too
    CHECK(sim::now() == sim::time_point(3ms));
    CHECK(inf.get(key_a)->spec->size == 1);  // the cache is stale
    sim::sleep_until(sim::time_point(102ms));
    CHECK(inf.get(key_a)->spec->size == 1);  // one ms before the event is due
    sim::sleep_until(sim::time_point(103ms));
    sim::yield();  // the informer runs at the same instant
    CHECK(inf.get(key_a)->spec->size == 2);
    CHECK(inf.get(key_a)->metadata.resource_version == cur.metadata.resource_version);
    inf.stop();
  });
  const sim::outcome out = w.run();
  INFO(out.describe());
  REQUIRE(out.ok());
}

TEST_CASE("the cache is updated before the handlers run") {
  sim::world w(1);
  model::api_server api(w, fixed_latency(1ms));
  widget_store store(api, widgets);
  widget_informer inf(store, watch_delay(5ms));
  std::vector<int> seen_in_cache;
  model::event_handler<widget> h;
  h.on_add = [&](const widget& o, bool) { seen_in_cache.push_back(inf.get(o.key())->spec->size); };
  h.on_update = [&](const widget&, const widget& n) { seen_in_cache.push_back(inf.get(n.key())->spec->size); };
  h.on_delete = [&](const widget& o) { seen_in_cache.push_back(inf.get(o.key()) ? 1 : -1); };
  inf.add_event_handler(h);
  w.spawn("test", [&] {
    inf.start();
    inf.wait_for_cache_sync();
    widget cur = store.create(make_widget("a", 10)).value();
    cur.spec.edit().size = 20;
    REQUIRE(store.update(cur).ok());
    REQUIRE(store.remove(key_a).ok());
    sim::sleep_for(1s);
    inf.stop();
  });
  REQUIRE(w.run().ok());
  CHECK(seen_in_cache == std::vector<int>{10, 20, -1});
}

TEST_CASE("objects present before start arrive as initial-list adds, then watch events follow") {
  sim::world w(1);
  model::api_server api(w, fixed_latency(1ms));
  widget_store store(api, widgets);
  widget_informer inf(store, watch_delay(10ms));
  recorder rec;
  inf.add_event_handler(rec.handler());
  w.spawn("test", [&] {
    REQUIRE(store.create(make_widget("a", 1)).ok());  // t=1
    REQUIRE(store.create(make_widget("b", 1)).ok());  // t=2
    CHECK(!inf.has_synced());
    inf.start();
    inf.wait_for_cache_sync();  // list at t=3
    CHECK(inf.has_synced());
    CHECK(inf.list().size() == 2);
    REQUIRE(store.create(make_widget("c", 1)).ok());  // t=4 (watch registered at t=4 too)
    REQUIRE(store.remove({"default", "a"}).ok());     // t=5
    sim::sleep_for(1s);
    inf.stop();
  });
  REQUIRE(w.run().ok());
  CHECK(rec.lines == std::vector<std::string>{"3ms add a initial", "3ms add b initial", "14ms add c", "15ms delete a"});
}

TEST_CASE("handler predicates: generation_changed drops status writes but not spec writes, creates or deletes") {
  sim::world w(1);
  model::api_server api(w, fixed_latency(1ms));
  widget_store store(api, widgets);
  widget_informer inf(store, watch_delay(0ms));
  recorder all, gen;
  inf.add_event_handler(all.handler());
  inf.add_event_handler(gen.handler(), {model::generation_changed<widget>()});
  w.spawn("test", [&] {
    inf.start();
    inf.wait_for_cache_sync();                               // list done at t=1
    widget cur = store.create(make_widget("a", 1)).value();  // t=2
    cur.status.phase = "Sending";
    cur = store.update_status(cur).value();  // t=3
    cur.spec.edit().size = 2;
    cur = store.update(cur).value();    // t=4
    REQUIRE(store.remove(key_a).ok());  // t=5
    sim::sleep_for(1s);
    inf.stop();
  });
  REQUIRE(w.run().ok());
  CHECK(all.lines ==
        std::vector<std::string>{"2ms add a", "3ms update a g1->g1", "4ms update a g1->g2", "5ms delete a"});
  CHECK(gen.lines == std::vector<std::string>{"2ms add a", "4ms update a g1->g2", "5ms delete a"});
}

TEST_CASE("a resync period replays every cached object as an update with old == new") {
  sim::world w(1);
  model::api_server api(w, fixed_latency(1ms));
  widget_store store(api, widgets);
  model::informer_options o = watch_delay(0ms);
  o.resync_period = 10s;
  widget_informer inf(store, o);
  recorder all, gen;
  inf.add_event_handler(all.handler());
  inf.add_event_handler(gen.handler(), {model::generation_changed<widget>()});
  w.spawn("test", [&] {
    REQUIRE(store.create(make_widget("a", 1)).ok());  // t=1
    inf.start();
    inf.wait_for_cache_sync();  // t=2; the watch starts at t=3
    sim::sleep_until(sim::time_point(25s));
    inf.stop();
  });
  REQUIRE(w.run().ok());
  CHECK(all.lines ==
        std::vector<std::string>{"2ms add a initial", "10003ms update a g1->g1", "20003ms update a g1->g1"});
  CHECK(gen.lines == std::vector<std::string>{"2ms add a initial"});
}

TEST_CASE("a failed list is retried after the relist backoff") {
  sim::world w(1);
  model::api_server api(w, fixed_latency(1ms));
  widget_store store(api, widgets);
  int lists = 0;
  api.set_before_request([&](const model::request_info& r) {
    model::request_fault f;
    if (r.v == model::verb::list && ++lists == 1) {
      f.error = model::make_error(model::status_reason::service_unavailable, "etcd is down");
    }
    return f;
  });
  widget_informer inf(store, watch_delay(0ms));
  w.spawn("test", [&] {
    inf.start();
    inf.wait_for_cache_sync();
    CHECK(sim::now() == sim::time_point(1s + 2ms));  // failed list (1ms), 1s backoff, list (1ms)
    inf.stop();
  });
  REQUIRE(w.run().ok());
  CHECK(lists == 2);
}

TEST_CASE("under random per-event watch delays the cache still moves through resourceVersions in order") {
  sim::world w(11);
  model::api_server api(w);  // 1-5 ms per request
  widget_store store(api, widgets);
  model::informer_options o;
  o.name = "widgets";
  o.watch_delay_min = 1ms;
  o.watch_delay_max = 300ms;
  widget_informer inf(store, o);
  std::vector<std::uint64_t> rvs;
  model::event_handler<widget> h;
  h.on_add = [&](const widget& x, bool) { rvs.push_back(x.metadata.resource_version); };
  h.on_update = [&](const widget& old_obj, const widget& x) {
    CHECK(old_obj.metadata.resource_version < x.metadata.resource_version);
    rvs.push_back(x.metadata.resource_version);
  };
  inf.add_event_handler(h);
  w.spawn("test", [&] {
    inf.start();
    inf.wait_for_cache_sync();
    for (const char* n : {"a", "b"}) {
      w.spawn(std::string("writer-") + n, [&store, n] {
        widget cur = store.create(make_widget(n, 0)).value();
        for (int i = 1; i <= 50; ++i) {
          cur.spec.edit().size = i;
          cur = store.update(cur).value();
        }
      });
    }
    sim::sleep_for(10s);
    CHECK(inf.get(key_a)->spec->size == 50);
    CHECK(inf.get({"default", "b"})->spec->size == 50);
    inf.stop();
  });
  const sim::outcome out = w.run();
  INFO(out.describe());
  REQUIRE(out.ok());
  REQUIRE(rvs.size() == 102);
  for (std::size_t i = 1; i < rvs.size(); ++i) CHECK(rvs[i - 1] < rvs[i]);
}

TEST_CASE("a write built on a stale cache read conflicts") {
  sim::world w(1);
  model::api_server api(w, fixed_latency(1ms));
  widget_store store(api, widgets);
  widget_informer inf(store, watch_delay(50ms));
  w.spawn("test", [&] {
    REQUIRE(store.create(make_widget("a", 1)).ok());
    inf.start();
    inf.wait_for_cache_sync();
    widget first = *inf.get(key_a);
    first.status.phase = "Sending";
    REQUIRE(store.update_status(first).ok());
    // The reconciler's usual mistake: read again at once and write again.
    widget again = *inf.get(key_a);
    CHECK(again.status.phase.empty());  // the cache has not seen our write yet
    again.status.phase = "Sent";
    auto r = store.update_status(again);
    REQUIRE(!r.ok());
    CHECK(model::is_conflict(r.error()));
    inf.stop();
  });
  REQUIRE(w.run().ok());
}

TEST_CASE("a watch that cannot resume from the list's resourceVersion (410) makes the informer list again") {
  sim::world w(1);
  model::api_server_options ao = fixed_latency(1ms);
  ao.watch_history = 2;
  model::api_server api(w, ao);
  widget_store store(api, widgets);
  widget_informer inf(store, watch_delay(0ms));
  recorder rec;
  inf.add_event_handler(rec.handler());
  w.spawn("test", [&] {
    inf.start();  // list applies at 1ms (empty), the watch at 2ms
    sim::sleep_for(500us);
    // Three creates land at 1.5ms, between the list and the watch; the
    // server keeps two events, so the watch from rv 0 is too old.
    for (const char* n : {"a", "b", "c"}) {
      w.spawn(std::string("writer-") + n, [&store, n] { REQUIRE(store.create(make_widget(n, 1)).ok()); });
    }
    sim::sleep_for(2s);
    CHECK(inf.list().size() == 3);
    inf.stop();
  });
  REQUIRE(w.run().ok());
  // The relist after the 1s backoff (list at 1.003s) delivers them as adds.
  CHECK(rec.lines == std::vector<std::string>{"1003ms add a", "1003ms add b", "1003ms add c"});
  std::size_t failures = 0;
  for (const sim::trace_event& e : w.trace().events()) failures += e.kind == "informer.watch_failed" ? 1 : 0;
  CHECK(failures == 1);
}

TEST_CASE("a watch the server ends is resumed from the last resourceVersion seen: no event lost, none twice") {
  sim::world w(1);
  model::api_server api(w, fixed_latency(1ms));
  widget_store store(api, widgets);
  widget_informer inf(store, watch_delay(10ms));
  recorder rec;
  inf.add_event_handler(rec.handler());
  w.spawn("test", [&] {
    inf.start();
    inf.wait_for_cache_sync();
    REQUIRE(store.create(make_widget("a", 1)).ok());  // rv 1 at 2ms, seen at 12ms
    sim::sleep_for(20ms);
    REQUIRE(store.create(make_widget("b", 1)).ok());  // rv 2 at 23ms, due at 33ms
    CHECK(store.close_watches() == 1);                // ends the watch before rv 2 arrives
    sim::sleep_for(1s);
    CHECK(inf.list().size() == 2);
    inf.stop();
  });
  REQUIRE(w.run().ok());
  // The informer notices the end when rv 2 was due (33ms); its new watch
  // from rv 1 (34ms) replays rv 2 from the server's history, 10ms later.
  CHECK(rec.lines == std::vector<std::string>{"12ms add a", "44ms add b"});
  std::size_t lists = 0, closed = 0;
  for (const sim::trace_event& e : w.trace().events()) {
    lists += e.kind == "informer.list" ? 1 : 0;
    closed += e.kind == "informer.watch_closed" ? 1 : 0;
  }
  CHECK(lists == 1);
  CHECK(closed == 1);
}

TEST_CASE("events held back by a stale window arrive when it ends, in order") {
  sim::world w(1);
  model::api_server api(w, fixed_latency(1ms));
  widget_store store(api, widgets);
  widget_informer inf(store, watch_delay(10ms));
  recorder rec;
  inf.add_event_handler(rec.handler());
  w.spawn("test", [&] {
    inf.start();
    inf.wait_for_cache_sync();
    store.hold_watch_events(sim::time_point(500ms));
    widget a = store.create(make_widget("a", 1)).value();
    a.spec.edit().size = 2;
    REQUIRE(store.update(a).ok());
    sim::sleep_for(400ms);
    CHECK_FALSE(inf.get(key_a).has_value());  // stale: the cache has not seen "a"
    sim::sleep_for(200ms);
    CHECK(inf.get(key_a)->spec->size == 2);
    inf.stop();
  });
  REQUIRE(w.run().ok());
  CHECK(rec.lines == std::vector<std::string>{"500ms add a", "500ms update a g1->g2"});
}
