#pragma once
// Exponential backoff with jitter, as pkg/shared/backoff/backoff.go
// (Config.Calculate) computes it; the jitter comes from a sim::rng stream
// instead of math/rand, so a run stays a function of its seed.
#include "reconsim/model/notification/types.hpp"
#include "reconsim/sim/rng.hpp"
#include "reconsim/sim/time.hpp"

namespace reconsim::model::notification {

struct backoff_config {
  sim::duration base{0};  // BasePeriod; zero -> every backoff is zero
  sim::duration max{0};   // MaxPeriod; zero -> no cap
  double multiplier = 2;  // 0 -> 2 (upstream's backward-compatible default)
  int jitter_percent = 0;

  bool operator==(const backoff_config&) const = default;
};

// calculateBackoffWithPolicy: the policy's seconds, JitterPercent 10.
backoff_config backoff_config_of(const retry_policy& p) noexcept;

// n < 1 -> base, never jittered. Otherwise base * multiplier^(n-1), each
// step truncated to whole nanoseconds as Go's Duration(float64 * mult) does,
// capped at max.
sim::duration backoff_without_jitter(const backoff_config& c, int attempts) noexcept;

// backoff_without_jitter plus jitter uniform in [-b*p/100, +b*p/100)
// (rand.Int63n(2r) - r), then clamped to [base, max]. Draws exactly one
// value from `jitter` iff attempts >= 1 and the jitter range is positive.
sim::duration backoff(const backoff_config& c, int attempts, sim::rng& jitter) noexcept;

}  // namespace reconsim::model::notification
