// The controller runtime: reconcileHandler's result handling, and how a
// reconciler's own status write comes back through the watch. The seeds'
// "status update overrides RequeueAfter" race must emerge from the parts
// (informer, predicates, queue), never be special-cased.
#include "reconsim/model/kube/controller.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "model/support.hpp"
#include "reconsim/model/kube/apiserver.hpp"
#include "reconsim/model/kube/controller_client.hpp"
#include "reconsim/model/kube/informer.hpp"
#include "reconsim/sim.hpp"

using namespace std::chrono_literals;
namespace model = reconsim::model;
namespace reconcile = reconsim::model::reconcile;
namespace sim = reconsim::sim;
using namespace reconsim::test;

namespace {

// A queue that records what the controller asks of it, for result handling
// in isolation. Only get/done move items; the rest is recorded.
class recording_queue final : public model::request_queue {
 public:
  std::vector<std::string> calls;
  std::deque<reconcile::request> ready;
  sim::condition cond{"recording_queue"};
  bool down = false;

  void add(const reconcile::request& r) override {
    calls.push_back("add " + r.name);
    ready.push_back(r);
    cond.notify_one();
  }
  void add_after(const reconcile::request& r, sim::duration d) override {
    calls.push_back("add_after " + r.name + " " + sim::format_duration(d));
  }
  void add_rate_limited(const reconcile::request& r) override { calls.push_back("add_rate_limited " + r.name); }
  void forget(const reconcile::request& r) override { calls.push_back("forget " + r.name); }
  int num_requeues(const reconcile::request&) override { return 0; }
  std::optional<reconcile::request> get() override {
    cond.wait([this] { return !ready.empty() || down; });
    if (ready.empty()) return std::nullopt;
    reconcile::request r = ready.front();
    ready.pop_front();
    return r;
  }
  void done(const reconcile::request& r) override { calls.push_back("done " + r.name); }
  std::size_t len() const override { return ready.size(); }
  void shut_down() override {
    down = true;
    cond.notify_all();
  }
  void shut_down_with_drain() override { shut_down(); }
  bool shutting_down() const override { return down; }
};

// Runs one reconcile returning `out` and gives the queue calls it caused.
std::vector<std::string> handle_once(reconcile::outcome out) {
  sim::world w(1);
  auto q = std::make_shared<recording_queue>();
  model::controller ctl("ctl", q, [&](const reconcile::request&) { return out; }, {});
  w.spawn("test", [&] {
    q->add(key_a);
    ctl.start();
    sim::sleep_for(1s);
    ctl.shut_down();
  });
  REQUIRE(w.run().ok());
  return q->calls;
}

}  // namespace

TEST_CASE("reconcileHandler: an error is requeued rate-limited and its result ignored") {
  CHECK(handle_once(reconcile::error{"boom"}) == std::vector<std::string>{"add a", "add_rate_limited a", "done a"});
  CHECK(handle_once(reconcile::outcome(reconcile::result{true, 5s}, reconcile::error{"boom"})) ==
        std::vector<std::string>{"add a", "add_rate_limited a", "done a"});
}

TEST_CASE("reconcileHandler: a terminal error is neither requeued nor forgotten") {
  CHECK(handle_once(reconcile::terminal_error("bad spec")) == std::vector<std::string>{"add a", "done a"});
}

TEST_CASE("reconcileHandler: requeue_after forgets, then adds after; requeue is rate-limited without forget") {
  CHECK(handle_once(reconcile::result{false, 30s}) ==
        std::vector<std::string>{"add a", "forget a", "add_after a 30s", "done a"});
  CHECK(handle_once(reconcile::result{true, 30s}) ==
        std::vector<std::string>{"add a", "forget a", "add_after a 30s", "done a"});
  CHECK(handle_once(reconcile::result{true, 0s}) == std::vector<std::string>{"add a", "add_rate_limited a", "done a"});
}

TEST_CASE("reconcileHandler: success forgets") {
  CHECK(handle_once(reconcile::result{}) == std::vector<std::string>{"add a", "forget a", "done a"});
}

namespace {

// One object, an informer with a 10 ms watch delay, the API at 1 ms per
// request, and a reconciler that writes status.phase=Sent once (later
// writes are identical, hence no-ops) and returns requeue_after=30s on every
// call (`always`) or only on the call that wrote the status.
struct status_writer_run {
  std::vector<sim::time_point> reconciles;
  sim::outcome out;
};

status_writer_run run_status_writer(model::queue_kind kind, bool generation_filter, bool always_requeue_after,
                                    sim::duration until = 50s) {
  sim::world w(1);
  model::api_server_options api_opts;
  api_opts.latency_min = api_opts.latency_max = 1ms;
  model::api_server api(w, api_opts);
  widget_store store(api, widgets);
  model::informer_options inf_opts;
  inf_opts.name = "widgets";
  inf_opts.watch_delay_min = inf_opts.watch_delay_max = 10ms;
  widget_informer inf(store, inf_opts);
  model::cached_client<widget_spec, widget_status> client(inf, store);
  status_writer_run run;

  auto reconciler = [&](const reconcile::request& req) -> reconcile::outcome {
    run.reconciles.push_back(sim::now());
    auto cached = client.get(req);
    if (!cached) {
      CHECK(model::is_not_found(cached.error()));
      return reconcile::result{};
    }
    const bool first = cached->status.phase != "Sent";
    cached->status.phase = "Sent";
    auto written = client.update_status(cached.value());
    if (!written) return reconcile::error{written.error().message};
    if (first || always_requeue_after) return reconcile::result{false, 30s};
    return reconcile::result{};
  };
  model::controller ctl("widgets", model::make_queue(kind, "widgets"), reconciler, {1});
  std::vector<model::predicate<widget>> preds;
  if (generation_filter) preds.push_back(model::generation_changed<widget>());
  ctl.watch(inf, preds);

  w.spawn("test", [&] {
    REQUIRE(store.create(make_widget("a")).ok());  // t=1ms
    inf.start();                                   // lists at t=2ms: on_add -> add(a)
    ctl.start();
    sim::sleep_until(at(until));
    ctl.shut_down();
    inf.stop();
  });
  run.out = w.run();
  return run;
}

}  // namespace

TEST_CASE("classic queue: a status write wakes the reconciler before its RequeueAfter, which still fires at 30s") {
  // t=2ms reconcile 1 writes status (t=3ms) and returns RequeueAfter=30s:
  // ready at 30.003s. The MODIFIED event reaches the informer at 13ms and
  // passes (no predicate): add(a) -> reconcile 2 at once. Its RequeueAfter
  // (30.014s) loses to the earlier ready time. At 30.003s: reconcile 3.
  auto run = run_status_writer(model::queue_kind::classic, false, true);
  INFO(run.out.describe());
  REQUIRE(run.out.ok());
  CHECK(run.reconciles == std::vector<sim::time_point>{at(2ms), at(13ms), at(30s + 3ms)});

  // Reconcile 2 returns success and forgets, yet the entry still fires.
  auto once = run_status_writer(model::queue_kind::classic, false, false);
  INFO(once.out.describe());
  REQUIRE(once.out.ok());
  CHECK(once.reconciles == std::vector<sim::time_point>{at(2ms), at(13ms), at(30s + 3ms)});
}

TEST_CASE("priority queue: a status write cancels the pending RequeueAfter") {
  // The watch-triggered add at 13ms moves the waiting item to ready and
  // drops its ready time; only reconcile 2's own RequeueAfter (returned at
  // 14ms) brings it back, at 30.014s.
  auto run = run_status_writer(model::queue_kind::priority, false, true);
  INFO(run.out.describe());
  REQUIRE(run.out.ok());
  CHECK(run.reconciles == std::vector<sim::time_point>{at(2ms), at(13ms), at(30s + 14ms)});

  // A reconciler that does not return it again is not reconciled at 30s.
  auto once = run_status_writer(model::queue_kind::priority, false, false);
  INFO(once.out.describe());
  REQUIRE(once.out.ok());
  CHECK(once.reconciles == std::vector<sim::time_point>{at(2ms), at(13ms)});
}

TEST_CASE("with generation_changed a status write does not wake the reconciler; RequeueAfter fires at 30s") {
  for (model::queue_kind kind : {model::queue_kind::classic, model::queue_kind::priority}) {
    INFO(model::to_string(kind));
    auto run = run_status_writer(kind, true, true, 65s);
    INFO(run.out.describe());
    REQUIRE(run.out.ok());
    // 30.003s: the status is already Sent, so the write is a no-op (1 ms)
    // and the next RequeueAfter is ready at 60.004s.
    CHECK(run.reconciles == std::vector<sim::time_point>{at(2ms), at(30s + 3ms), at(60s + 4ms)});
  }
}

TEST_CASE("max_concurrent_reconciles workers reconcile different keys in parallel, never one key twice at once") {
  sim::world w(1);
  auto q = model::make_queue(model::queue_kind::classic, "ctl");
  std::map<std::string, int> in_flight;
  int max_parallel = 0, now_parallel = 0;
  model::controller ctl("ctl", q,
                        [&](const reconcile::request& r) -> reconcile::outcome {
                          CHECK(++in_flight[r.name] == 1);
                          max_parallel = std::max(max_parallel, ++now_parallel);
                          sim::sleep_for(10ms);
                          --in_flight[r.name];
                          --now_parallel;
                          return reconcile::result{};
                        },
                        {3});
  w.spawn("test", [&] {
    ctl.start();
    for (const char* n : {"a", "b", "c", "d", "a", "b"}) q->add({"default", std::string(n)});
    sim::sleep_for(1ms);
    q->add({"default", "a"});  // while a is processing: dirty, re-queued on done
    sim::sleep_for(1s);
    ctl.shut_down();
  });
  const sim::outcome out = w.run();
  INFO(out.describe());
  REQUIRE(out.ok());
  CHECK(max_parallel == 3);
  CHECK(ctl.reconciles() == 5);  // a, b, c, d, then a again
}

TEST_CASE("every reconcile has a start and an end event with its result") {
  sim::world w(1);
  auto q = std::make_shared<recording_queue>();
  int calls = 0;
  model::controller ctl(
      "ctl", q,
      [&](const reconcile::request&) -> reconcile::outcome {
        return ++calls == 1 ? reconcile::outcome(reconcile::error{"boom"}) : reconcile::result{false, 5s};
      },
      {});
  w.spawn("test", [&] {
    q->add(key_a);
    q->add(key_a);
    ctl.start();
    sim::sleep_for(1s);
    ctl.shut_down();
  });
  REQUIRE(w.run().ok());
  std::vector<std::string> seen;
  for (const sim::trace_event& e : w.trace().events()) {
    if (e.kind == "reconcile.start") seen.push_back("start " + e.get_string("key"));
    if (e.kind == "reconcile.end") seen.push_back("end " + e.get_string("result"));
  }
  CHECK(seen == std::vector<std::string>{"start default/a", "end error", "start default/a", "end requeue_after"});
}

TEST_CASE("models destroyed before their world (which then cancels the blocked actors) leave nothing dangling") {
  sim::world w(1);
  {
    model::api_server_options api_opts;
    api_opts.latency_min = api_opts.latency_max = 1ms;
    model::api_server api(w, api_opts);
    widget_store store(api, widgets);
    widget_informer inf(store, {"widgets", 10ms, 10ms, 0s, 1s});
    std::vector<std::unique_ptr<model::controller>> ctls;
    for (model::queue_kind kind : {model::queue_kind::classic, model::queue_kind::priority}) {
      const std::string name = "ctl-" + std::string(model::to_string(kind));
      ctls.push_back(std::make_unique<model::controller>(
          name, model::make_queue(kind, name),
          [](const reconcile::request&) -> reconcile::outcome {
            return reconcile::result{false, 30s};
          },
          model::controller_options{2}));
      ctls.back()->watch(inf);
    }
    inf.start();
    for (auto& c : ctls) c->start();
    w.spawn("writer", [&store] { REQUIRE(store.create(make_widget("a")).ok()); });
    // Workers parked in get(), the informer in its watch, 30s timers pending.
    const sim::outcome out = w.run_for(5s);
    INFO(out.describe());
    REQUIRE(out.ok());
    CHECK(ctls[0]->reconciles() == 1);
    CHECK(ctls[1]->reconciles() == 1);
  }
  CHECK(w.actors_alive() == 5);  // the world's destructor cancels them after the models are gone
}

TEST_CASE("priority queue: initial-list adds get low priority, so a live event overtakes them") {
  auto order_on = [](model::queue_kind kind) {
    sim::world w(1);
    model::api_server_options api_opts;
    api_opts.latency_min = api_opts.latency_max = 1ms;
    model::api_server api(w, api_opts);
    widget_store store(api, widgets);
    widget_informer inf(store, {"widgets", 0ms, 0ms, 0s, 1s});
    std::vector<std::string> order;
    model::controller ctl("widgets", kind,
                          [&](const reconcile::request& r) -> reconcile::outcome {
                            order.push_back(r.name);
                            sim::sleep_for(100ms);  // one worker, busy: the rest wait in the queue
                            return reconcile::result{};
                          },
                          {1});
    ctl.watch(inf);
    w.spawn("test", [&] {
      for (const char* n : {"a", "b", "c"}) REQUIRE(store.create(make_widget(n)).ok());
      inf.start();
      ctl.start();
      sim::sleep_for(50ms);  // a is being reconciled
      REQUIRE(store.create(make_widget("d")).ok());
      sim::sleep_for(1s);
      ctl.shut_down();
      inf.stop();
    });
    const sim::outcome out = w.run();
    INFO(out.describe());
    REQUIRE(out.ok());
    return order;
  };
  CHECK(order_on(model::queue_kind::classic) == std::vector<std::string>{"a", "b", "c", "d"});
  CHECK(order_on(model::queue_kind::priority) == std::vector<std::string>{"a", "d", "b", "c"});
}
