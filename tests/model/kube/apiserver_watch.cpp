// The API server's watches against upstream semantics (k8s.io/apiserver
// watch cache and etcd3 watcher): order and expiry.
#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <vector>

#include "model/support.hpp"
#include "reconsim/model/kube/apiserver.hpp"
#include "reconsim/sim.hpp"

using namespace std::chrono_literals;
namespace model = reconsim::model;
namespace sim = reconsim::sim;
using namespace reconsim::test;

TEST_CASE("every watcher sees events in resourceVersion order under random per-event delays") {
  sim::world w(7);
  model::api_server api(w);  // latency 1-5 ms from the "apiserver.latency" stream
  widget_store store(api, widgets);
  struct seen_event {
    std::uint64_t rv;
    sim::time_point at;
  };
  std::vector<seen_event> fast, slow;
  std::vector<sim::time_point> written;  // by rv
  written.push_back({});
  auto reader = [&](model::watch_stream<widget>& s, std::vector<seen_event>& out) {
    while (auto e = s.next()) {
      out.push_back({e->resource_version, sim::now()});
      CHECK(sim::now() == e->deliver_at);
      if (out.size() == 101) return;
    }
  };
  w.spawn("writer", [&] {
    auto s_fast = store.watch(0, {"fast", 0ms, 2ms});
    auto s_slow = store.watch(0, {"slow", 10ms, 500ms});
    w.spawn("reader.fast",
            [&, s = std::make_shared<model::watch_stream<widget>>(std::move(s_fast).value())] { reader(*s, fast); });
    w.spawn("reader.slow",
            [&, s = std::make_shared<model::watch_stream<widget>>(std::move(s_slow).value())] { reader(*s, slow); });
    widget cur = store.create(make_widget("a", 0)).value();
    written.push_back(sim::now());
    for (int i = 1; i <= 100; ++i) {
      cur.spec.edit().size = i;
      cur = store.update(cur).value();
      written.push_back(sim::now());
    }
  });
  const sim::outcome out = w.run();
  INFO(out.describe());
  REQUIRE(out.ok());
  for (const auto* seen : {&fast, &slow}) {
    REQUIRE(seen->size() == 101);
    for (std::size_t i = 0; i < seen->size(); ++i) {
      CHECK((*seen)[i].rv == i + 1);
      CHECK((*seen)[i].at >= written[i + 1]);
      if (i > 0) CHECK((*seen)[i].at >= (*seen)[i - 1].at);
    }
  }
  // The slow watcher really lags: its last event comes at least 10 ms late.
  CHECK(slow.back().at >= written.back() + 10ms);
}

TEST_CASE("a watch from a resourceVersion older than the kept history is 410 Expired") {
  sim::world w(1);
  model::api_server_options o = fixed_latency(1ms);
  o.watch_history = 3;
  model::api_server api(w, o);
  widget_store store(api, widgets);
  run_actor(w, [&] {
    widget cur = store.create(make_widget("a", 0)).value();
    for (int i = 1; i <= 4; ++i) {
      cur.spec.edit().size = i;
      cur = store.update(cur).value();
    }
    // rv 1..5 written; 3..5 kept.
    auto old = store.watch(1, {"old", 0ms, 0ms});
    REQUIRE(!old.ok());
    CHECK(old.error().reason == model::status_reason::expired);
    CHECK(old.error().code == 410);
    auto fresh = store.watch(2, {"fresh", 0ms, 0ms});
    REQUIRE(fresh.ok());
    CHECK(fresh->next()->resource_version == 3);
  });
}
