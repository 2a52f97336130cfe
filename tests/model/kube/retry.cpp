// retry.RetryOnConflict / retry.OnError on wait.Backoff, in virtual time.
#include "reconsim/model/kube/retry.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <vector>

#include "reconsim/model/kube/apiserver.hpp"
#include "model/support.hpp"
#include "reconsim/sim.hpp"

using namespace std::chrono_literals;
namespace model = reconsim::model;
namespace sim = reconsim::sim;

namespace {

model::api_error conflict_error() { return model::conflict({"Widget", "example.com", "widgets"}, "a"); }

using reconsim::test::run_actor;

}  // namespace

TEST_CASE("retry_on_conflict with default_retry tries exactly 5 times, then returns the conflict") {
  sim::world w(1);
  std::vector<sim::time_point> calls;
  std::optional<model::api_error> result;
  run_actor(w, [&] {
    result = model::retry_on_conflict(model::default_retry, [&]() -> std::optional<model::api_error> {
      calls.push_back(sim::now());
      return conflict_error();
    });
  });
  REQUIRE(result);
  CHECK(model::is_conflict(*result));
  REQUIRE(calls.size() == 5);
  // Four sleeps of 10 ms plus jitter in [0, 1 ms): factor 1.0 keeps them flat.
  for (std::size_t i = 1; i < calls.size(); ++i) {
    const sim::duration gap = calls[i] - calls[i - 1];
    CHECK(gap >= 10ms);
    CHECK(gap < 11ms);
  }
}

TEST_CASE("default_backoff grows by 5: 4 attempts with sleeps of 10, 50 and 250 ms plus jitter") {
  sim::world w(1);
  std::vector<sim::time_point> calls;
  run_actor(w, [&] {
    auto err = model::retry_on_conflict(model::default_backoff, [&]() -> std::optional<model::api_error> {
      calls.push_back(sim::now());
      return conflict_error();
    });
    CHECK(err);
  });
  REQUIRE(calls.size() == 4);
  const sim::duration base[] = {10ms, 50ms, 250ms};
  for (std::size_t i = 1; i < calls.size(); ++i) {
    const sim::duration gap = calls[i] - calls[i - 1];
    CHECK(gap >= base[i - 1]);
    CHECK(gap < base[i - 1] + base[i - 1] / 10);
  }
}

TEST_CASE("retry_on_conflict stops at the first success or at the first error that is not a conflict") {
  sim::world w(1);
  int calls = 0;
  run_actor(w, [&] {
    auto ok = model::retry_on_conflict(model::default_retry, [&]() -> std::optional<model::api_error> {
      return ++calls < 3 ? std::optional(conflict_error()) : std::nullopt;
    });
    CHECK(!ok);
    CHECK(calls == 3);

    calls = 0;
    auto other = model::retry_on_conflict(model::default_retry, [&]() -> std::optional<model::api_error> {
      ++calls;
      return model::make_error(model::status_reason::not_found, "gone");
    });
    REQUIRE(other);
    CHECK(other->reason == model::status_reason::not_found);
    CHECK(calls == 1);
  });
}

TEST_CASE("step follows wait.Backoff: factor, cap, and a constant duration once steps run out") {
  sim::world w(1);
  run_actor(w, [&] {
    model::backoff b{10ms, 2.0, 0.0, 3, 30ms};
    CHECK(model::step(b) == 10ms);
    CHECK(model::step(b) == 20ms);
    CHECK(model::step(b) == 30ms);  // 40 ms capped at 30: steps end
    CHECK(b.steps == 0);
    CHECK(model::step(b) == 30ms);
    CHECK(model::step(b) == 30ms);
  });
}

TEST_CASE("jitter comes from a named stream, so the same seed retries at the same instants") {
  auto instants = [](std::uint64_t seed) {
    sim::world w(seed);
    std::vector<sim::time_point> calls;
    w.spawn("test", [&] {
      model::retry_on_conflict(model::default_retry, [&]() -> std::optional<model::api_error> {
        calls.push_back(sim::now());
        return conflict_error();
      });
    });
    REQUIRE(w.run().ok());
    return calls;
  };
  CHECK(instants(5) == instants(5));
  CHECK(instants(5) != instants(6));
}

TEST_CASE("two writers racing on one object both succeed under retry_on_conflict") {
  sim::world w(3);
  model::api_server api(w);  // 1-5 ms per request
  struct spec {
    int size = 0;
    bool operator==(const spec&) const = default;
  };
  struct status {
    int count = 0;
    bool operator==(const status&) const = default;
  };
  model::resource_store<spec, status> store(api, {"Widget", "example.com", "widgets"});
  const model::namespaced_name key{"default", "a"};
  int done = 0;
  w.spawn("setup", [&] {
    model::object<spec, status> o;
    o.metadata.namespace_ = "default";
    o.metadata.name = "a";
    REQUIRE(store.create(o).ok());
    for (const char* name : {"writer-1", "writer-2"}) {
      w.spawn(name, [&] {
        for (int i = 0; i < 5; ++i) {
          auto err = model::retry_on_conflict(model::default_retry, [&]() -> std::optional<model::api_error> {
            auto cur = store.get(key);
            if (!cur) return cur.error();
            cur->status.count += 1;
            return store.update_status(cur.value()).err();
          });
          CHECK(!err);
        }
        ++done;
      });
    }
  });
  const sim::outcome out = w.run();
  INFO(out.describe());
  REQUIRE(out.ok());
  CHECK(done == 2);
  CHECK(store.peek(key)->status.count == 10);  // no lost update
}
