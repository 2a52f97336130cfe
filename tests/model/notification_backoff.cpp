// Backoff as pkg/shared/backoff/backoff.go computes it, with the jitter
// drawn from a sim::rng stream.
#include <catch2/catch.hpp>
#include <rapidcheck/catch.h>

#include <vector>

#include "reconsim/model/notification/backoff.hpp"

using namespace reconsim;
using namespace reconsim::model::notification;
using namespace std::chrono_literals;

TEST_CASE("without jitter the default policy backs off 30, 60, 120, 240, 480 s and stays at 480 s") {
  const backoff_config c = backoff_config_of(retry_policy{5, 30, 2, 480});
  std::vector<sim::duration> seq;
  for (int n = 1; n <= 7; ++n) seq.push_back(backoff_without_jitter(c, n));
  CHECK(seq == std::vector<sim::duration>{30s, 60s, 120s, 240s, 480s, 480s, 480s});
}

TEST_CASE("an attempt count below 1 returns the base period, never jittered") {
  const backoff_config c = backoff_config_of(retry_policy{});
  auto rng = sim::rng::stream(7, "backoff");
  auto untouched = rng;
  CHECK(backoff(c, 0, rng) == 30s);
  CHECK(backoff(c, -3, rng) == 30s);
  CHECK(rng.next() == untouched.next());  // nothing was drawn
}

TEST_CASE("the E2E 04 policy {1, 1, 2, 60} backs off 1, 2, 4, 8, 16, 32, 60 s") {
  const backoff_config c = backoff_config_of(retry_policy{1, 1, 2, 60});
  std::vector<sim::duration> seq;
  for (int n = 1; n <= 7; ++n) seq.push_back(backoff_without_jitter(c, n));
  CHECK(seq == std::vector<sim::duration>{1s, 2s, 4s, 8s, 16s, 32s, 60s});
}

TEST_CASE("a multiplier of 1 gives a constant backoff; a zero base gives zero") {
  CHECK(backoff_without_jitter(backoff_config_of(retry_policy{5, 45, 1, 480}), 9) == 45s);
  CHECK(backoff_without_jitter(backoff_config{0s, 60s, 2, 10}, 3) == 0s);
}

TEST_CASE("a huge attempt count saturates at the cap instead of overflowing") {
  CHECK(backoff_without_jitter(backoff_config_of(retry_policy{10, 300, 10, 3600}), 1'000'000) == 3600s);
  CHECK(backoff_without_jitter(backoff_config{1s, 0s, 10, 0}, 100) == sim::duration{INT64_MAX});
}

TEST_CASE("property: jittered backoff is within 10 percent of the plain one, at least the base and at most the cap", "[property]") {
  rc::prop("jitter bounds", [] {
    const retry_policy p{*rc::gen::inRange(1, 11), *rc::gen::inRange(1, 301), *rc::gen::inRange(1, 11),
                         *rc::gen::inRange(60, 3601)};
    const int n = *rc::gen::inRange(1, 12);
    const auto seed = *rc::gen::arbitrary<std::uint64_t>();
    const backoff_config c = backoff_config_of(p);
    auto rng = sim::rng::stream(seed, "notification.backoff");
    const sim::duration plain = backoff_without_jitter(c, n);
    const sim::duration jittered = backoff(c, n, rng);
    RC_ASSERT(jittered >= plain - plain / 10);
    RC_ASSERT(jittered < plain + plain / 10 + 1ns);
    // Clamped to the base first, then to the cap (the cap wins when the
    // policy's initial backoff exceeds its maximum, e.g. 64 s vs 60 s).
    RC_ASSERT(jittered <= c.max);
    if (c.base <= c.max) RC_ASSERT(jittered >= c.base);
  });
}

TEST_CASE("jittered backoff is a function of the stream's seed") {
  const backoff_config c = backoff_config_of(retry_policy{});
  auto a = sim::rng::stream(42, "notification.backoff");
  auto b = sim::rng::stream(42, "notification.backoff");
  auto other = sim::rng::stream(43, "notification.backoff");
  std::vector<sim::duration> xs, ys, zs;
  for (int n = 1; n <= 5; ++n) {
    xs.push_back(backoff(c, n, a));
    ys.push_back(backoff(c, n, b));
    zs.push_back(backoff(c, n, other));
  }
  CHECK(xs == ys);
  CHECK(xs != zs);
}

TEST_CASE("jitter covers both sides of the step: some draws are below and some above") {
  const backoff_config c = backoff_config_of(retry_policy{});
  auto rng = sim::rng::stream(1, "notification.backoff");
  int below = 0, above = 0;
  for (int i = 0; i < 200; ++i) {
    const sim::duration d = backoff(c, 2, rng);  // 60 s +- 6 s
    CHECK(d >= 54s);
    CHECK(d < 66s);
    below += d < 60s;
    above += d > 60s;
  }
  CHECK(below > 50);
  CHECK(above > 50);
}

TEST_CASE("jitter at the cap is clamped to the cap, at the base to the base") {
  const backoff_config c = backoff_config_of(retry_policy{});
  auto rng = sim::rng::stream(3, "notification.backoff");
  bool saw_cap = false, saw_base = false;
  for (int i = 0; i < 100; ++i) {
    const sim::duration top = backoff(c, 9, rng);
    CHECK(top <= 480s);
    CHECK(top >= 432s);
    saw_cap |= top == 480s;
    const sim::duration bottom = backoff(c, 1, rng);
    CHECK(bottom >= 30s);
    CHECK(bottom < 33s);
    saw_base |= bottom == 30s;
  }
  CHECK(saw_cap);
  CHECK(saw_base);
}
