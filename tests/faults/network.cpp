// The network model: every failure seed 004 reports reaches a client as the
// error a Go client prints, at an exact virtual time.
#include <catch2/catch.hpp>
#include <vector>

#include "reconsim/faults/network.hpp"
#include "reconsim/sim.hpp"

using namespace reconsim;
using namespace std::chrono_literals;
using faults::net_fault;
using faults::sim_network;
using model::call_errc;

namespace {

const model::endpoint ds{"datastorage", 8080};
sim::time_point at(sim::duration d) { return sim::time_point(d); }

// A network where controller <-> datastorage takes exactly 1 ms each way and
// datastorage answers 201 after 10 ms of work, counting what it handled.
struct fixture {
  sim::world w{17};
  sim_network net{w};
  int handled = 0;

  fixture() {
    net.set_link_latency("controller", "datastorage", 1ms, 1ms);
    net.listen(ds, [this](const model::request& r) {
      ++handled;
      sim::sleep_for(10ms);
      return model::response{201, {}, r.body};
    });
  }

  // Calls at each of `times` and records what the client saw.
  std::vector<model::call_outcome> calls_at(std::vector<sim::duration> times, model::endpoint to = ds,
                                            sim::duration timeout = 1s) {
    std::vector<model::call_outcome> out;
    w.spawn("controller", [&, times, to, timeout] {
      for (sim::duration t : times) {
        sim::sleep_until(at(t));
        out.push_back(net.call("controller", to, {"POST", "/api/v1/audit/events/batch", {}, "[]"}, timeout));
      }
    });
    REQUIRE(w.run().ok());
    return out;
  }
};

}  // namespace

TEST_CASE("a healthy call takes a round trip plus the handler's time") {
  fixture f;
  auto out = f.calls_at({0s});
  REQUIRE(out.size() == 1);
  CHECK(out[0].ok());
  CHECK(out[0].response->status == 201);
  CHECK(out[0].elapsed == 12ms);
  CHECK(out[0].delivered);
}

TEST_CASE("every injected fault kind is what the client observes, in order") {
  fixture f;
  using k = net_fault;
  for (k kind : {k::refuse, k::reset, k::eof, k::drop, k::reset_after, k::eof_after, k::drop_after}) {
    f.net.inject("datastorage", kind, 1);
  }
  std::vector<sim::duration> times;
  for (int i = 0; i < 8; ++i) times.push_back(std::chrono::seconds(2 * i));
  auto out = f.calls_at(times);
  REQUIRE(out.size() == 8);
  const std::vector<call_errc> expected{call_errc::refused, call_errc::reset,   call_errc::eof,     call_errc::timeout,
                                        call_errc::reset,   call_errc::eof,     call_errc::timeout, call_errc::ok};
  const std::vector<bool> delivered{false, false, false, false, true, true, true, true};
  const std::vector<sim::duration> elapsed{2ms, 2ms, 2ms, 1s, 12ms, 12ms, 1s, 12ms};
  for (std::size_t i = 0; i < out.size(); ++i) {
    INFO("call " << i);
    CHECK(out[i].error == expected[i]);
    CHECK(out[i].delivered == delivered[i]);
    CHECK(out[i].elapsed == elapsed[i]);
  }
  CHECK(f.handled == 4);  // the three *_after kinds and the healthy call
  int fault_events = 0;
  for (const auto& e : f.w.trace().events()) fault_events += e.kind.starts_with("fault.net.");
  CHECK(fault_events == 7);
}

TEST_CASE("a count of injected resets fails exactly that many requests") {
  fixture f;
  f.net.inject("datastorage", net_fault::reset, 3);
  auto out = f.calls_at({0s, 1s, 2s, 3s});
  CHECK(out[0].error == call_errc::reset);
  CHECK(out[1].error == call_errc::reset);
  CHECK(out[2].error == call_errc::reset);
  CHECK(out[3].ok());
}

TEST_CASE("nobody listening is refused; a published port with no NodePort target resets") {
  fixture f;
  // Kind publishes localhost:30090 to the node's 30090, but the Service was
  // deployed with NodePort 30081 (seed 004's root cause).
  f.net.forward({"localhost", 30090}, {"node", 30090});
  f.net.forward({"node", 30081}, ds);
  std::vector<model::call_outcome> out;
  f.w.spawn("e2e", [&] {
    out.push_back(f.net.call("e2e", {"localhost", 30090}, {}, 1s));
    out.push_back(f.net.call("e2e", {"datastorage", 9999}, {}, 1s));
    f.net.forward({"node", 30090}, ds);  // the fix: NodePort 30090
    out.push_back(f.net.call("e2e", {"localhost", 30090}, {}, 1s));
  });
  REQUIRE(f.w.run().ok());
  REQUIRE(out.size() == 3);
  CHECK(out[0].error == call_errc::reset);
  CHECK(out[1].error == call_errc::refused);
  CHECK(out[2].ok());
}

TEST_CASE("a server ready before it listens gives EOF, then RST, then success") {
  fixture f;
  f.net.ready_before_listen("datastorage", 5s);
  auto out = f.calls_at({0s, 1s, 4s, 5s});
  REQUIRE(out.size() == 4);
  CHECK(out[0].error == call_errc::eof);
  CHECK(out[1].error == call_errc::reset);
  CHECK(out[2].error == call_errc::reset);
  CHECK(out[3].ok());
  CHECK(f.handled == 1);
}

TEST_CASE("a partition times requests out while it lasts, both ways") {
  fixture f;
  sim::call_at(f.w, at(5s), [&] { f.net.set_partition("datastorage", "controller", true); });
  sim::call_at(f.w, at(9s), [&] { f.net.set_partition("controller", "datastorage", false); });
  auto out = f.calls_at({4s, 6s, 10s}, ds, 2s);
  REQUIRE(out.size() == 3);
  CHECK(out[0].ok());
  CHECK(out[1].error == call_errc::timeout);
  CHECK_FALSE(out[1].delivered);
  CHECK(out[1].elapsed == 2s);
  CHECK(out[2].ok());
  CHECK(f.handled == 2);
}

TEST_CASE("a partition that starts while the server works loses the response, not the request") {
  fixture f;
  sim::call_at(f.w, at(5ms), [&] { f.net.set_partition("controller", "datastorage", true); });
  auto out = f.calls_at({0s});
  REQUIRE(out.size() == 1);
  CHECK(out[0].error == call_errc::timeout);
  CHECK(out[0].response_lost());
  CHECK(f.handled == 1);
}

TEST_CASE("a probabilistic fault point fires from its own stream and is deterministic") {
  auto run = [](bool other_point) {
    fixture f;
    f.net.listen({"slack", 443}, [](const model::request&) { return model::response{}; });
    f.net.set_fault_probability(net_fault::reset, "datastorage", 0.3, "fault.point.0");
    if (other_point) f.net.set_fault_probability(net_fault::refuse, "slack", 0.5, "fault.point.1");
    std::vector<call_errc> ds_seen;
    f.w.spawn("controller", [&] {
      for (int i = 0; i < 50; ++i) {
        ds_seen.push_back(f.net.call("controller", ds, {}, 1s).error);
        f.net.call("controller", {"slack", 443}, {}, 1s);
      }
    });
    REQUIRE(f.w.run().ok());
    return ds_seen;
  };
  const auto a = run(false);
  const auto b = run(true);
  CHECK(a == b);
  const auto resets = std::count(a.begin(), a.end(), call_errc::reset);
  CHECK(resets > 5);
  CHECK(resets < 30);
  CHECK(resets + std::count(a.begin(), a.end(), call_errc::ok) == 50);
}

TEST_CASE("a handler slower than the client's timeout is a timeout with the request delivered") {
  fixture f;
  f.net.listen(ds, [](const model::request&) {
    sim::sleep_for(3s);
    return model::response{};
  });
  auto out = f.calls_at({0s}, ds, 1s);
  REQUIRE(out.size() == 1);
  CHECK(out[0].error == call_errc::timeout);
  CHECK(out[0].response_lost());
  CHECK(out[0].elapsed == 1s);
}

TEST_CASE("net fault names round-trip") {
  using k = net_fault;
  for (k kind : {k::refuse, k::reset, k::eof, k::drop, k::reset_after, k::eof_after, k::drop_after}) {
    net_fault back = k::refuse;
    REQUIRE(faults::parse_net_fault(faults::to_string(kind), back));
    CHECK(back == kind);
  }
  net_fault x;
  CHECK_FALSE(faults::parse_net_fault("rst", x));
}

TEST_CASE("with unmapped_forward_resets off, a published port with no target is refused") {
  sim::world w(1);
  faults::network_options o;
  o.unmapped_forward_resets = false;
  sim_network net(w, o);
  net.forward({"localhost", 30090}, {"node", 30090});
  model::call_outcome out;
  w.spawn("e2e", [&] { out = net.call("e2e", {"localhost", 30090}, {}, 1s); });
  REQUIRE(w.run().ok());
  CHECK(out.error == call_errc::refused);
}
