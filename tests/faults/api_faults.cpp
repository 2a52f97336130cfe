// API server faults (issue 14 §2): the plan statements round-trip, bad
// codes are refused at their column, the faults fire on the requests they
// name and nothing else, and each is traced.
#include <catch2/catch.hpp>

#include "reconsim/faults/api_faults.hpp"
#include "faults/support.hpp"
#include "reconsim/faults/plan.hpp"
#include "reconsim/model/kube/apiserver.hpp"
#include "reconsim/model/notification/reconciler.hpp"
#include "reconsim/sim.hpp"

using namespace reconsim;
using namespace std::chrono_literals;
using test::count_events;
using test::parse_ok;
namespace nt = model::notification;

namespace {


// An API server with api_faults and one NotificationRequest, created by
// the actor before `body` runs.
struct fixture {
  sim::world w{1};
  model::api_server api{w, {}};
  faults::api_faults faults_{w, api};
  nt::notification_store store{api, nt::notification_resource()};
  model::namespaced_name key{"ns", "n"};

  template <class Body>
  void run(Body body) {
    w.spawn("client", [this, body] {
      nt::notification_request nr;
      nr.metadata.name = key.name;
      nr.metadata.namespace_ = key.namespace_;
      REQUIRE(store.create(nr).ok());
      body();
    });
    REQUIRE(w.run().ok());
  }
};


}  // namespace

TEST_CASE("API server fault statements print canonically and parse back") {
  const faults::plan p = parse_ok(
      "at 1s: conflict NotificationRequest\n"
      "at 2s: api_error NotificationRequest 503 4\n"
      "p 0.5 api.conflict NotificationRequest\n"
      "p 0.25 api.error NotificationRequest 429\n");
  const std::string canonical =
      "at 1s: conflict NotificationRequest 1\n"
      "at 2s: api_error NotificationRequest 503 4\n"
      "p 0.5 api.conflict NotificationRequest\n"
      "p 0.25 api.error NotificationRequest 429";
  CHECK(faults::print(p) == canonical);
  CHECK(parse_ok(canonical) == p);
  CHECK(parse_ok(faults::print(p, "; ")) == p);
  REQUIRE(p.steps.size() == 2);
  CHECK(p.steps[1].action == faults::action{faults::api_action{"NotificationRequest", 503, 4}});
  CHECK(p.points[1].kind == decltype(p.points[1].kind){faults::api_fault{429}});
}

TEST_CASE("an API error code other than 429, 500, 503, 504 is refused at its column") {
  for (const char* bad : {"at 1s: api_error NotificationRequest 409", "at 1s: api_error NotificationRequest 404",
                          "p 0.1 api.error NotificationRequest 200", "at 1s: api_error NotificationRequest"}) {
    CAPTURE(bad);
    const faults::parse_result r = faults::parse_plan(bad);
    REQUIRE_FALSE(r.ok());
    CHECK_THAT(r.error->expected, Catch::Contains("429, 500, 503 or 504"));
  }
}

TEST_CASE("an armed conflict answers the next N writes of its kind with 409, and only writes") {
  fixture f;
  int conflicts = 0;
  int reads_ok = 0;
  f.run([&] {
    f.faults_.inject("NotificationRequest", 409, 2);
    for (int i = 0; i < 3; ++i) {
      reads_ok += f.store.get(f.key).ok() ? 1 : 0;  // reads are not writes: never a conflict
      auto cur = f.store.get(f.key);
      auto res = f.store.update_status(cur.value());
      conflicts += !res.ok() && model::is_conflict(res.error()) ? 1 : 0;
    }
  });
  CHECK(conflicts == 2);
  CHECK(reads_ok == 3);
  CHECK(count_events(f.w, "fault.api.conflict") == 2);
  CHECK(count_events(f.w, "fault.api_armed") == 1);
}

TEST_CASE("an armed API error answers reads and writes of its kind, and a point draws per request") {
  fixture f;
  int unavailable = 0;
  int point_errors = 0;
  f.run([&] {
    f.faults_.inject("NotificationRequest", 503, 3);
    for (int i = 0; i < 5; ++i) {
      auto r = f.store.get(f.key);
      unavailable += !r.ok() && r.error().code == 503 ? 1 : 0;
    }
    f.faults_.set_fault_probability("NotificationRequest", 500, 1.0, "p");
    for (int i = 0; i < 4; ++i) point_errors += f.store.get(f.key).ok() ? 0 : 1;
    f.faults_.set_fault_probability("NotificationRequest", 500, 0.0, "p");
    CHECK(f.store.get(f.key).ok());
  });
  CHECK(unavailable == 3);
  CHECK(point_errors == 4);
  CHECK(count_events(f.w, "fault.api.error") == 7);
}
