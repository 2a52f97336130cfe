// HTTP faults (issue 14 §2): a host answers an error status instead of
// serving. The statements round-trip, bad codes are refused at their
// column, the answers reach the client after a round trip without running
// the handler, and each is traced as "fault.http".
#include <catch2/catch.hpp>

#include <vector>

#include "reconsim/faults/network.hpp"
#include "faults/support.hpp"
#include "reconsim/faults/plan.hpp"
#include "reconsim/sim.hpp"

using namespace reconsim;
using namespace std::chrono_literals;
using test::count_events;
using test::parse_ok;

namespace {


const model::endpoint slack{"slack", 8080};

// A Slack webhook that answers 200 after 5 ms, 1 ms away each way; calls
// at 0, 1, 2 ... s, and what the client saw.
struct fixture {
  sim::world w{5};
  faults::sim_network net{w};
  int handled = 0;

  fixture() {
    net.set_link_latency("controller", "slack", 1ms, 1ms);
    net.listen(slack, [this](const model::request&) {
      ++handled;
      sim::sleep_for(5ms);
      return model::response{200, {}, "ok"};
    });
  }

  std::vector<model::call_outcome> calls(int n) {
    std::vector<model::call_outcome> out;
    w.spawn("controller", [&, n] {
      for (int i = 0; i < n; ++i) {
        sim::sleep_until(sim::time_point(std::chrono::seconds(i)));
        out.push_back(net.call("controller", slack, {"POST", "/services/x", {}, "{}"}, 10s));
      }
    });
    REQUIRE(w.run().ok());
    return out;
  }

  int events(std::string_view kind) const { return count_events(w, kind); }
};

}  // namespace

TEST_CASE("HTTP fault statements print canonically and parse back") {
  const faults::plan p = parse_ok("at 1s: http slack 503 3\nhttp datastorage 500\np 0.25 http.429 slack\n");
  const std::string canonical = "at 1s: http slack 503 3\nat 0s: http datastorage 500 1\np 0.25 http.429 slack";
  CHECK(faults::print(p) == canonical);
  CHECK(parse_ok(canonical) == p);
  CHECK(parse_ok(faults::print(p, "; ")) == p);
  REQUIRE(p.steps.size() == 2);
  CHECK(p.steps[0].action == faults::action{faults::http_action{"slack", 503, 3}});
  CHECK(p.points[0].kind == decltype(p.points[0].kind){faults::http_fault{429}});
  CHECK(p.points[0].target == "slack");
}

TEST_CASE("restart statements print canonically and parse back; the down time defaults to 0s") {
  const faults::plan p = parse_ok("at 20.05s: restart controller 5s; restart controller");
  CHECK(faults::print(p, "; ") == "at 20050ms: restart controller 5s; at 0s: restart controller 0s");
  CHECK(parse_ok(faults::print(p)) == p);
  REQUIRE(p.steps.size() == 2);
  CHECK(p.steps[0].action == faults::action{faults::restart_action{"controller", 5s}});
  const faults::parse_result named = faults::parse_plan("at 1s: restart scheduler");
  REQUIRE(named.ok());  // the testbed, not the grammar, knows its components
  REQUIRE(named.targets.size() == 1);
  CHECK(named.targets[0].kind == faults::target_kind::component);
  CHECK(named.targets[0].column == 16);
  CHECK_FALSE(faults::parse_plan("at 1s: restart").ok());
  CHECK_FALSE(faults::parse_plan("at 1s: restart controller soon").ok());
}

TEST_CASE("watch fault statements print canonically and parse back; stale needs a window") {
  const faults::plan p = parse_ok("at 30s: watch_drop NotificationRequest\nfrom 20s to 1m: stale NotificationRequest");
  CHECK(faults::print(p, "; ") == "at 30s: watch_drop NotificationRequest; from 20s to 1m: stale NotificationRequest");
  CHECK(parse_ok(faults::print(p)) == p);
  REQUIRE(p.steps.size() == 2);
  CHECK(p.steps[1].until == std::chrono::minutes(1));
  CHECK(p.steps[1].action == faults::action{faults::stale_action{"NotificationRequest"}});
  const faults::parse_result at = faults::parse_plan("at 1s: stale NotificationRequest");
  REQUIRE_FALSE(at.ok());
  CHECK_THAT(at.error->expected, Catch::Contains("'from DUR to DUR:' before stale"));
  const faults::parse_result other = faults::parse_plan("from 1s to 2s: drop NotificationRequest");
  REQUIRE_FALSE(other.ok());
  CHECK(other.error->expected == "'partition' or 'stale'");
  CHECK_FALSE(faults::parse_plan("at 1s: watch_drop").ok());
}

TEST_CASE("an HTTP status outside 400..599 is refused at its column") {
  struct bad_case {
    const char* text;
    int column;
  };
  for (const bad_case c : {bad_case{"at 1s: http slack 200", 19}, bad_case{"at 1s: http slack 600 2", 19},
                           bad_case{"at 1s: http slack", 18}, bad_case{"p 0.1 http.200 slack", 12},
                           bad_case{"p 0.1 http.x slack", 12}, bad_case{"p 0.1 http. slack", 12}}) {
    CAPTURE(c.text);
    const faults::parse_result r = faults::parse_plan(c.text);
    REQUIRE_FALSE(r.ok());
    CHECK_THAT(r.error->expected, Catch::Contains("HTTP error status"));
    CHECK(r.error->column == c.column);
  }
}

TEST_CASE("an armed HTTP fault answers the next N requests with its status, without running the handler") {
  fixture f;
  f.net.inject_status("slack", 503, 2);
  const auto out = f.calls(3);
  REQUIRE(out.size() == 3);
  for (int i = 0; i < 2; ++i) {
    CAPTURE(i);
    REQUIRE(out[i].ok());
    CHECK(out[i].response->status == 503);
    CHECK(out[i].response->headers.at("Retry-After") == "1");
    CHECK(out[i].elapsed == 2ms);  // a round trip, no handler time
    CHECK_FALSE(out[i].delivered);
  }
  CHECK(out[2].response->status == 200);
  CHECK(out[2].elapsed == 7ms);
  CHECK(f.handled == 1);
  CHECK(f.events("fault.http") == 2);
}

TEST_CASE("a transport fault hits before an HTTP answer: the armed status waits for a request that reaches the host") {
  fixture f;
  f.net.inject("slack", faults::net_fault::reset, 1);
  f.net.inject_status("slack", 429, 1);
  const auto out = f.calls(3);
  CHECK(out[0].error == model::call_errc::reset);
  REQUIRE(out[1].ok());
  CHECK(out[1].response->status == 429);
  CHECK(out[2].response->status == 200);
}

TEST_CASE("an HTTP fault point answers its status with its probability, from its own stream") {
  fixture f;
  f.net.set_status_probability(500, "slack", 0.5, "fault.point.test");
  const auto out = f.calls(200);
  int errors = 0;
  for (const auto& o : out) errors += o.response->status == 500 ? 1 : 0;
  CHECK(errors > 70);
  CHECK(errors < 130);
  CHECK(f.handled == 200 - errors);
  CHECK(f.events("fault.http") == errors);
}
