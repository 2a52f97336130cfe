#include "reconsim/model/kube/retry.hpp"

#include <cmath>
#include <string>

#include "reconsim/sim/actor.hpp"
#include "reconsim/sim/world.hpp"

namespace reconsim::model {

namespace {
// wait.Jitter: duration + rand.Float64()*maxFactor*duration, with Go's
// float-to-int truncation.
sim::duration jittered(sim::duration d, double max_factor, std::string_view stream) {
  if (max_factor <= 0.0) max_factor = 1.0;
  const double u = sim::this_world().rng(stream).uniform01();
  return d + sim::duration(static_cast<sim::duration::rep>(u * max_factor * static_cast<double>(d.count())));
}
}  // namespace

sim::duration step(backoff& b, std::string_view jitter_stream) {
  if (b.steps < 1) return b.jitter > 0 ? jittered(b.duration, b.jitter, jitter_stream) : b.duration;
  b.steps -= 1;
  sim::duration d = b.duration;
  if (b.factor != 0) {
    b.duration = sim::duration(static_cast<sim::duration::rep>(static_cast<double>(b.duration.count()) * b.factor));
    if (b.cap > sim::duration::zero() && b.duration > b.cap) {
      b.duration = b.cap;
      b.steps = 0;
    }
  }
  if (b.jitter > 0) d = jittered(d, b.jitter, jitter_stream);
  return d;
}

std::optional<api_error> on_error(backoff b, const std::function<bool(const api_error&)>& retriable,
                                  const attempt_fn& fn, std::string_view jitter_stream) {
  // wait.ExponentialBackoff: at most b.steps attempts, a sleep between two.
  std::optional<api_error> last;
  int attempt = 0;
  while (b.steps > 0) {
    ++attempt;
    std::optional<api_error> err = fn();
    if (!err) return std::nullopt;
    if (!retriable(*err)) return err;
    last = std::move(err);
    if (b.steps == 1) break;
    const sim::duration wait = step(b, jitter_stream);
    sim::emit("retry.wait", {{"attempt", attempt}, {"reason", std::string(to_string(last->reason))}, {"wait", wait}});
    sim::sleep_for(wait);
  }
  // ErrWaitTimeout is replaced by the last retriable error.
  if (last) sim::emit("retry.exhausted", {{"attempts", attempt}, {"reason", std::string(to_string(last->reason))}});
  return last;
}

std::optional<api_error> retry_on_conflict(backoff b, const attempt_fn& fn, std::string_view jitter_stream) {
  return on_error(b, is_conflict, fn, jitter_stream);
}

}  // namespace reconsim::model
