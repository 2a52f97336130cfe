#pragma once
// The phase decision after a delivery loop (pkg/notification/phase/
// transition.go, DetermineTransition) with the channel states the controller
// builds for it (retry_circuit_breaker_handler.go). Pure: every reconciler
// variant decides here, with its flags passed in.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "reconsim/model/notification/types.hpp"

namespace reconsim::model::notification {

// Substring that marks a non-retryable error in a persisted attempt
// (PermanentFailureMarker; the orchestrator prefixes "permanent failure: ").
inline constexpr std::string_view permanent_failure_marker = "permanent failure";

struct channel_state {
  bool already_succeeded = false;  // persisted success, or a success in memory
  // Attempts persisted for the channel before this loop (+ in-flight
  // reservations, which are zero once the loop is over).
  int attempt_count = 0;
  bool permanent_error = false;  // a persisted failed attempt with the marker

  bool operator==(const channel_state&) const = default;
};

// channelAlreadySucceeded / getChannelAttemptCount / hasChannelPermanentError
// on the status as read before the loop. `succeeded_in_memory` is the
// orchestrator's not-yet-persisted success set (this loop's successes).
// That the status is the pre-loop one is what makes exhaustion show one
// reconcile late.
std::map<std::string, channel_state> channel_states(const notification_status& persisted,
                                                     const std::vector<std::string>& channels,
                                                     const std::set<std::string>& succeeded_in_memory,
                                                     const std::map<std::string, int>& in_flight = {});

// Attempts listed for `channel` (persisted count).
int attempt_count(const notification_status& s, std::string_view channel) noexcept;
// The largest attempt count among `channels` (transitionToFailedTemporary's
// backoff input, read after the status write).
int max_attempt_count(const notification_status& s, const std::vector<std::string>& channels) noexcept;

// What the orchestrator does with one channel before delivering
// (deliverToOneChannel), on the status read before the loop.
enum class channel_action {
  already_succeeded,      // success, no attempt
  permanent_error,        // failure, no attempt
  max_attempts_exceeded,  // failure "max retry attempts exceeded", no attempt, no audit
  deliver,                // deliver and record attempt number `attempt`
};
struct channel_plan {
  channel_action action = channel_action::deliver;
  int attempt = 0;  // persisted + in-flight, our own reservation included
  bool operator==(const channel_plan&) const = default;
};
// `in_flight_others`: reservations held by concurrent reconciles of the same
// object (zero with MaxConcurrentReconciles = 1 or the per-UID mutex).
channel_plan plan_channel(const notification_status& persisted, const std::string& channel,
                          const std::set<std::string>& succeeded_in_memory, int max_attempts,
                          int in_flight_others = 0);

// What one delivery loop produced (DeliveryResult).
struct loop_outcome {
  std::vector<delivery_attempt> attempts;  // not yet persisted
  int failure_count = 0;  // channels that failed this loop, with or without an attempt
};

enum class decision_kind {
  sent,            // terminal
  partially_sent,  // terminal
  failed,          // terminal (permanent)
  retrying,        // partial success, retries remain: RequeueAfter
  stay,            // all failed, retries remain: attempts saved, phase kept, RequeueAfter
  requeue,         // nothing failed and not all succeeded: {Requeue: true}
};
std::string_view to_string(decision_kind k) noexcept;

struct transition_decision {
  decision_kind kind = decision_kind::requeue;
  notification_phase next_phase = notification_phase::none;
  std::string reason;
  std::string message;
  bool terminal = false;
  bool should_requeue = false;
  bool phase_unchanged = false;
  bool permanent_failure = false;
  // Largest pre-loop attempt count among channels without a success: the
  // Retrying branch's backoff input (usually one step short; see
  // reconciler flow).
  int max_failed_attempt_count = 0;

  bool operator==(const transition_decision&) const = default;
};

struct decision_options {
  // December 2025 controller: partial success is PartiallySent at once,
  // whatever retries remain (seed 003).
  bool partial_is_terminal = false;
  // Partial success with retries left moves to Retrying; without the phase
  // (before it existed) the phase stays as it is (Sending).
  bool retrying_phase = true;
};

// DetermineTransition, in upstream's order:
//  1. no channels                        -> Failed / NoChannelsResolved
//  2. successes (persisted + this loop) == channels -> Sent
//  3. every channel succeeded, permanent-errored or attempt_count >= max:
//     0 < successes < N -> PartiallySent; else Failed (AllDeliveriesFailed
//     if every channel is permanent, else MaxRetriesExhausted)
//  4. failures and successes             -> Retrying (partial_is_terminal:
//                                           PartiallySent; !retrying_phase:
//                                           retrying in the same phase)
//  5. failures, no success               -> stay in phase
//  6. otherwise                          -> requeue
// `persisted` is the status read before the loop.
transition_decision determine_transition(const notification_status& persisted,
                                         const std::vector<std::string>& channels, const loop_outcome& loop,
                                         const std::map<std::string, channel_state>& states, int max_attempts,
                                         decision_options options = {});

}  // namespace reconsim::model::notification
