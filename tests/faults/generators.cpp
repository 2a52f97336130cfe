// The rapidcheck generators: every generated plan round-trips through its
// text, and shrinking tells the simplest story (fewer, shorter, earlier
// faults; lower load).
#include <catch2/catch.hpp>
#include <rapidcheck/catch.h>

#include "reconsim/faults/generators.hpp"
#include "reconsim/sim.hpp"

using namespace reconsim;
using namespace reconsim::faults;
using namespace std::chrono_literals;

namespace {

// Greedy shrinking as rapidcheck does it: from the first value (over seeds
// 0, 1, ...) that fails, take the first shrink that still fails, until none
// does. Deterministic, so the test can assert the exact minimum.
template <class T, class Fails>
T minimal_failing(const rc::Gen<T>& g, Fails fails) {
  for (std::uint64_t seed = 0; seed < 1000; ++seed) {
    rc::Shrinkable<T> s = g(rc::Random(seed), 50);
    if (!fails(s.value())) continue;
    for (int rounds = 0; rounds < 10'000; ++rounds) {  // a bound, as everywhere
      bool smaller = false;
      auto shrinks = s.shrinks();
      for (auto next = shrinks.next(); next; next = shrinks.next()) {
        if (fails(next->value())) {
          s = *next;
          smaller = true;
          break;
        }
      }
      if (!smaller) return s.value();
    }
    FAIL("shrinking did not converge");
  }
  FAIL("no failing value generated");
  return T{};
}

bool has_partition(const plan& p) {
  return std::any_of(p.steps.begin(), p.steps.end(),
                     [](const step& s) { return std::holds_alternative<partition_action>(s.action); });
}

}  // namespace

TEST_CASE("generated plans round-trip through their text") {
  rc::prop("parse(print(p)) == p, with either separator", [](const plan& p) {
    const auto r = parse_plan(print(p));
    RC_ASSERT(r.ok());
    RC_ASSERT(r.plan == p);
    const auto flag = parse_plan(print(p, "; "));
    RC_ASSERT(flag.ok());
    RC_ASSERT(flag.plan == p);
  });
  rc::prop("print(parse(text)) is canonical", [](const plan& p) {
    const std::string once = print(p);
    RC_ASSERT(print(parse_plan(once).plan) == once);
  });
}

TEST_CASE("a property failing for any partition shrinks to one partition of one tick at 0s") {
  const plan p = minimal_failing(gen::plan(), has_partition);
  CHECK(print(p) == "from 0s to 100ms: partition controller datastorage");
  CHECK(p.points.empty());
  CHECK(p.buggify == 1.0);
}

TEST_CASE("a property failing under heavy load shrinks to the lowest failing load and a single step") {
  const plan p = minimal_failing(gen::plan(), [](const plan& q) {
    return std::any_of(q.steps.begin(), q.steps.end(), [](const step& s) {
      const auto* l = std::get_if<load_action>(&s.action);
      return l != nullptr && l->load >= 8;
    });
  });
  CHECK(print(p) == "at 0s: load 8");
}

TEST_CASE("a property failing for any probabilistic reset shrinks to the least likely one") {
  const plan p = minimal_failing(gen::plan(), [](const plan& q) {
    return std::any_of(q.points.begin(), q.points.end(), [](const fault_point& f) {
      const auto* k = std::get_if<net_fault>(&f.kind);
      return k != nullptr && *k == net_fault::reset;
    });
  });
  CHECK(print(p) == "p 0.001 net.reset datastorage");
}

TEST_CASE("generated latency parameters are valid for the virtiofs model") {
  rc::prop("loads increase and every draw lies in its range when there is no tail", [](latency_options o) {
    for (std::size_t i = 1; i < o.anchors.size(); ++i) RC_ASSERT(o.anchors[i - 1].load < o.anchors[i].load);
    o.tail_probability = 0;
    o.shape = latency_shape::uniform;
    const int load = *gen::load();
    sim::world w(1);
    virtiofs_options opts;
    opts.latency = o;
    virtiofs fs(w, opts);
    fs.set_load(load);
    const latency_anchor r = latency_range_at(o, load);
    for (int i = 0; i < 20; ++i) {
      const sim::duration d = fs.draw_latency();
      RC_ASSERT(d >= r.min);
      RC_ASSERT(d <= r.max);
    }
  });
}

TEST_CASE("latency parameters shrink towards zero latency, and load towards 1") {
  const latency_options o = minimal_failing(gen::latency(), [](const latency_options&) { return true; });
  CHECK(o.shape == latency_shape::uniform);
  CHECK(o.tail_probability == 0.0);
  REQUIRE(o.anchors.size() == 3);
  CHECK(o.anchors[0] == latency_anchor{1, 0s, 0s});
  CHECK(minimal_failing(gen::load(), [](int) { return true; }) == 1);
}

TEST_CASE("any generated plan applies and runs deterministically") {
  rc::prop("same plan, same seed, same trace hash", [](const plan& p) {
    auto run = [&p](std::uint64_t seed) {
      sim::world w(seed);
      virtiofs fs(w);
      sim_network net(w);
      net.listen({"datastorage", 8080}, [](const model::request&) { return model::response{}; });
      apply(p, w, {&fs, &net});
      w.spawn("controller", [&] {
        (void)fs.guest().mkdir_all("/tmp/notifications");
        for (int i = 0; i < 20; ++i) {
          net.call("controller", {"datastorage", 8080}, {}, 1s);
          (void)fs.guest().write_file("/tmp/notifications/f" + std::to_string(i), "x");
          sim::sleep_for(3s);
        }
      });
      RC_ASSERT(w.run().ok());
      return w.trace().hash();
    };
    RC_ASSERT(run(9) == run(9));
  });
}

namespace {

// Every name issue 14's statements need.
gen::plan_vocabulary full_vocabulary() {
  gen::plan_vocabulary v;
  v.kinds = {"NotificationRequest"};
  v.http_hosts = {"slack"};
  v.watch_kinds = {"NotificationRequest"};
  v.components = {"controller"};
  return v;
}

template <class Action>
bool has_step(const plan& p) {
  return std::any_of(p.steps.begin(), p.steps.end(), [](const step& s) { return std::holds_alternative<Action>(s.action); });
}

}  // namespace

TEST_CASE("plans with HTTP, watch and restart statements round-trip through their text") {
  rc::prop("parse(print(p)) == p", [] {
    const plan p = *gen::plan(full_vocabulary());
    const auto r = parse_plan(print(p, "; "));
    RC_ASSERT(r.ok());
    RC_ASSERT(r.plan == p);
  });
}

TEST_CASE("each new statement shrinks to its simplest form: at 0s, once, the first code, no down time") {
  const gen::plan_vocabulary v = full_vocabulary();
  CHECK(print(minimal_failing(gen::plan(v), has_step<http_action>)) == "at 0s: http slack 503 1");
  CHECK(print(minimal_failing(gen::plan(v), has_step<restart_action>)) == "at 0s: restart controller 0s");
  CHECK(print(minimal_failing(gen::plan(v), has_step<watch_drop_action>)) == "at 0s: watch_drop NotificationRequest");
  CHECK(print(minimal_failing(gen::plan(v), has_step<stale_action>)) == "from 0s to 100ms: stale NotificationRequest");
  const plan point = minimal_failing(gen::plan(v), [](const plan& q) {
    return std::any_of(q.points.begin(), q.points.end(),
                       [](const fault_point& f) { return std::holds_alternative<http_fault>(f.kind); });
  });
  CHECK(print(point) == "p 0.001 http.503 slack");
}
