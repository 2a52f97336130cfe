#pragma once
// client-go's retry package (util/retry): run a write until it stops
// conflicting, sleeping between attempts in virtual time.
#include <chrono>
#include <functional>
#include <optional>
#include <string_view>

#include "reconsim/model/kube/apiserver_error.hpp"
#include "reconsim/sim/time.hpp"

namespace reconsim::model {

// wait.Backoff.
struct backoff {
  sim::duration duration{0};  // the first sleep
  double factor = 1.0;        // duration is multiplied by this after each step
  double jitter = 0.0;        // each sleep adds uniform [0, jitter*duration)
  int steps = 0;              // attempts in all (ExponentialBackoff's meaning)
  sim::duration cap{0};       // 0: none; reaching it ends the growth and the steps
};

// retry.DefaultRetry: for conflicts with other writers (fast and short).
inline constexpr backoff default_retry{std::chrono::milliseconds(10), 1.0, 0.1, 5, {}};
// retry.DefaultBackoff: for conflicts that need time to resolve.
inline constexpr backoff default_backoff{std::chrono::milliseconds(10), 5.0, 0.1, 4, {}};

// The jitter stream unless the caller names another.
inline constexpr std::string_view retry_stream = "retry.jitter";

// Backoff.Step: the next sleep (jittered from `jitter_stream`); advances b.
sim::duration step(backoff& b, std::string_view jitter_stream = retry_stream);

using attempt_fn = std::function<std::optional<api_error>()>;

// retry.OnError: calls `fn` up to b.steps times while it fails with an
// error `retriable` accepts; returns the first success (empty), the first
// error not retriable, or the last retriable error once steps run out.
std::optional<api_error> on_error(backoff b, const std::function<bool(const api_error&)>& retriable,
                                  const attempt_fn& fn, std::string_view jitter_stream = retry_stream);

// retry.RetryOnConflict: on_error with is_conflict.
std::optional<api_error> retry_on_conflict(backoff b, const attempt_fn& fn,
                                           std::string_view jitter_stream = retry_stream);

}  // namespace reconsim::model
