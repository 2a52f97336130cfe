#include "reconsim/model/kube/rate_limiter.hpp"

#include <cassert>
#include <cmath>
#include <limits>

namespace reconsim::model::detail {

namespace {

// float64(math.MaxInt64) rounds up to exactly 2^63.
constexpr double int64_limit = 0x1p63;

// time.Duration.Seconds(): whole seconds and the remainder converted apart,
// which keeps the result exact for durations under 2^53 ns per part.
double go_seconds(sim::duration d) noexcept {
  const std::int64_t second = 1'000'000'000;
  const std::int64_t whole = d.count() / second;
  const std::int64_t rest = d.count() % second;
  return static_cast<double>(whole) + static_cast<double>(rest) / 1e9;
}

}  // namespace

sim::duration exponential_backoff(sim::duration base, sim::duration max, int failures) noexcept {
  // Upstream: float64(base.Nanoseconds()) * math.Pow(2, exp). ldexp scales
  // by a power of two exactly, as Pow(2, n) is exact for integer n.
  const double backoff = std::ldexp(static_cast<double>(base.count()), failures);
  if (!(backoff < int64_limit)) return max;
  // Only a negative base reaches this; Go's conversion would wrap.
  if (backoff < -int64_limit) return sim::duration::min();
  const sim::duration calculated{static_cast<std::int64_t>(backoff)};
  return calculated > max ? max : calculated;
}

token_bucket::token_bucket(double limit, int burst) noexcept
    : limit_(limit), burst_(burst), tokens_(static_cast<double>(burst)) {}

sim::duration token_bucket::reserve(sim::time_point now) noexcept {
  // rate.Inf: every reservation succeeds at once, no state changes.
  if (limit_ == std::numeric_limits<double>::infinity()) return sim::duration{0};

  // advance(): refill for the time since the last reservation, capped at burst.
  const sim::time_point last = now < last_ ? now : last_;
  const double refill = limit_ <= 0 ? 0.0 : go_seconds(now - last) * limit_;
  double tokens = tokens_ + refill;
  if (tokens > static_cast<double>(burst_)) tokens = static_cast<double>(burst_);

  tokens -= 1.0;
  sim::duration wait{0};
  if (tokens < 0) {
    // durationFromTokens: a rate <= 0 never refills (InfDuration).
    if (limit_ <= 0) {
      wait = sim::duration::max();
    } else {
      const double ns = (-tokens / limit_) * 1e9;
      wait = ns < int64_limit ? sim::duration{static_cast<std::int64_t>(ns)} : sim::duration::max();
    }
  }
  // A reservation of more tokens than the burst is refused without touching
  // the state; Reservation.Delay() then reports InfDuration.
  if (1 > burst_) return sim::duration::max();
  last_ = now;
  tokens_ = tokens;
  assert(tokens_ <= static_cast<double>(burst_));
  return wait;
}

}  // namespace reconsim::model::detail
