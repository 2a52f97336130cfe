// The webhook channels' circuit breaker follows gobreaker v2.4.0 with
// kubernaut's settings: trips on the 3rd consecutive failure, refuses for
// 30 s, lets 2 trial requests through half-open; counts restart every 10 s.
#include <catch2/catch.hpp>

#include "model/support.hpp"
#include "reconsim/model/notification/circuit_breaker.hpp"

using namespace reconsim;
using namespace std::chrono_literals;
using model::notification::breaker_state;
using model::notification::circuit_breaker;
using test::at;

namespace {

// One request at `t` with the given result; returns what Execute refused, if anything.
std::optional<std::string> request(circuit_breaker& cb, sim::duration t, bool success) {
  const auto admitted = cb.before_request(at(t));
  if (admitted.refused) return admitted.refused;
  cb.after_request(admitted.generation, success, at(t));
  return std::nullopt;
}

// The breaker emits trace events: run the body inside a world.
template <class F>
void in_world(F body) {
  sim::world w{1};
  test::run_actor(w, body);
}

}  // namespace

TEST_CASE("the third consecutive failure opens the breaker; a success in between resets the count") {
  in_world([] {
    circuit_breaker cb("slack", {}, at(0s));
    request(cb, 1s, false);
    request(cb, 2s, false);
    request(cb, 3s, true);
    request(cb, 4s, false);
    request(cb, 5s, false);
    CHECK(cb.state(at(5s)) == breaker_state::closed);
    request(cb, 6s, false);
    CHECK(cb.state(at(6s)) == breaker_state::open);
  });
}

TEST_CASE("an open breaker refuses for 30 s, then lets two trial requests through, and two successes close it") {
  in_world([] {
    circuit_breaker cb("slack", {}, at(0s));
    for (int i = 1; i <= 3; ++i) request(cb, sim::duration(i * 1ms), false);
    CHECK(request(cb, 10s, true) == "circuit breaker is open");
    // gobreaker compares expiry.Before(now): exactly at the expiry it is still open.
    CHECK(cb.state(at(3ms + 30s)) == breaker_state::open);
    CHECK(cb.state(at(3ms + 30s + 1ns)) == breaker_state::half_open);
    CHECK_FALSE(request(cb, 31s, true).has_value());
    CHECK(cb.state(at(31s)) == breaker_state::half_open);
    CHECK_FALSE(request(cb, 32s, true).has_value());
    CHECK(cb.state(at(32s)) == breaker_state::closed);
  });
}

TEST_CASE("a failure in half-open opens the breaker again for another 30 s") {
  in_world([] {
    circuit_breaker cb("slack", {}, at(0s));
    for (int i = 1; i <= 3; ++i) request(cb, sim::duration(i * 1ms), false);
    CHECK_FALSE(request(cb, 40s, false).has_value());
    CHECK(cb.state(at(40s)) == breaker_state::open);
    CHECK(cb.state(at(70s)) == breaker_state::open);
    CHECK(cb.state(at(70s + 1ns)) == breaker_state::half_open);
  });
}

TEST_CASE("half-open admits max_requests requests in flight; the next is refused as too many requests") {
  in_world([] {
    circuit_breaker cb("slack", {}, at(0s));
    for (int i = 1; i <= 3; ++i) request(cb, sim::duration(i * 1ms), false);
    const auto first = cb.before_request(at(40s));
    const auto second = cb.before_request(at(40s));
    const auto third = cb.before_request(at(40s));
    CHECK_FALSE(first.refused.has_value());
    CHECK_FALSE(second.refused.has_value());
    CHECK(third.refused == "too many requests");
  });
}

TEST_CASE("failures spread over more than the 10 s counting interval never trip the breaker") {
  in_world([] {
    circuit_breaker cb("slack", {}, at(0s));
    request(cb, 1s, false);
    request(cb, 9s, false);
    // The window [0s, 10s] ended: the next call starts a new one, counts cleared.
    request(cb, 11s, false);
    CHECK(cb.state(at(11s)) == breaker_state::closed);
    request(cb, 12s, false);
    request(cb, 13s, false);
    CHECK(cb.state(at(13s)) == breaker_state::open);
  });
}

TEST_CASE("a result reported against an older generation is ignored") {
  in_world([] {
    circuit_breaker cb("slack", {}, at(0s));
    const auto stale = cb.before_request(at(1s));
    for (int i = 2; i <= 4; ++i) request(cb, sim::duration(i * 1s), false);
    REQUIRE(cb.state(at(4s)) == breaker_state::open);
    // The request admitted before the breaker opened reports success late.
    cb.after_request(stale.generation, true, at(5s));
    CHECK(cb.state(at(5s)) == breaker_state::open);
  });
}

TEST_CASE("only slack, pagerduty and teams channels have a breaker, one per type") {
  using model::notification::breaker_name_of;
  CHECK(breaker_name_of("slack:oncall") == "slack");
  CHECK(breaker_name_of("slack:console-slack-failure") == "slack");
  CHECK(breaker_name_of("pagerduty:p") == "pagerduty");
  CHECK(breaker_name_of("teams:t") == "teams");
  CHECK_FALSE(breaker_name_of("console").has_value());
  CHECK_FALSE(breaker_name_of("file").has_value());
  CHECK_FALSE(breaker_name_of("log").has_value());
}
