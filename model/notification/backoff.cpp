#include "reconsim/model/notification/backoff.hpp"

#include <chrono>
#include <cstdint>

namespace reconsim::model::notification {

backoff_config backoff_config_of(const retry_policy& p) noexcept {
  return {std::chrono::seconds(p.initial_backoff_seconds), std::chrono::seconds(p.max_backoff_seconds),
          static_cast<double>(p.backoff_multiplier), 10};
}

sim::duration backoff_without_jitter(const backoff_config& c, int attempts) noexcept {
  const double mult = c.multiplier == 0 ? 2.0 : c.multiplier;
  if (c.base.count() == 0) return sim::duration{0};
  if (attempts < 1) return c.base;
  sim::duration b = c.base;
  // Bounded by `attempts`, and it stops at the cap, as upstream's loop does;
  // without a cap a large n saturates instead of overflowing.
  for (int i = 0; i < attempts - 1; ++i) {
    const double next = static_cast<double>(b.count()) * mult;
    if (next >= 9.2e18) {
      b = sim::duration{INT64_MAX};
    } else {
      b = sim::duration{static_cast<std::int64_t>(next)};  // truncation, as Go's conversion
    }
    if (c.max.count() > 0 && b > c.max) {
      b = c.max;
      break;
    }
  }
  if (c.max.count() > 0 && b > c.max) b = c.max;
  return b;
}

sim::duration backoff(const backoff_config& c, int attempts, sim::rng& jitter) noexcept {
  sim::duration b = backoff_without_jitter(c, attempts);
  if (attempts < 1 || c.base.count() == 0 || c.jitter_percent <= 0) return b;
  // backoff * JitterPercent / 100 in integer nanoseconds, as Go computes it.
  const std::int64_t range = b.count() / 100 * c.jitter_percent + (b.count() % 100) * c.jitter_percent / 100;
  if (range <= 0) return b;
  b += sim::duration{jitter.uniform_int(-range, range - 1)};
  if (b < c.base) b = c.base;
  if (c.max.count() > 0 && b > c.max) b = c.max;
  return b;
}

}  // namespace reconsim::model::notification
