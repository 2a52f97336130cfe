#pragma once
// Status arithmetic of pkg/notification/status/manager.go: the one place the
// reconciler variants change a NotificationRequest's status, so counters,
// merges and phase bookkeeping cannot drift between them. Pure functions on
// values; the caller does the refetch, the Update and the retry on conflict.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reconsim/model/notification/types.hpp"
#include "reconsim/sim/time.hpp"

namespace reconsim::model::notification {

// isDuplicateStatusAttempt: same channel, status and error, and timestamps
// less than one second apart (either way).
bool is_duplicate_attempt(const std::vector<delivery_attempt>& existing, const delivery_attempt& a) noexcept;

// mergeNewDeliveryAttempts: appends each attempt that is not a duplicate of
// one already in the status (including those merged just before it) and
// adds 1 to totalAttempts per append. Returns how many were appended.
int merge_attempts(notification_status& s, const std::vector<delivery_attempt>& attempts);

// recalculateDeliveryCounters: successful = channels with a success;
// failed = channels with a failed/timeout/invalid attempt and no success.
void recalculate_counters(notification_status& s);

// The counters recalculate_counters would set; for assertions at reads.
struct delivery_counters {
  int successful = 0;
  int failed = 0;
  bool operator==(const delivery_counters&) const = default;
};
delivery_counters count_unique_channels(const std::vector<delivery_attempt>& attempts);

// meta.SetStatusCondition: replaces the condition of the same type; the
// transition time moves only when the status value changes (or is unset).
void set_condition(std::vector<condition>& conditions, condition c, sim::time_point now);
const condition* find_condition(const std::vector<condition>& conditions, std::string_view type) noexcept;

// applyPhaseTransition (AtomicStatusUpdate): the same phase is a no-op that
// also keeps the old reason and message; otherwise the transition must be
// valid. Sets queuedAt (Pending) and processingStartedAt (Sending) once,
// completionTime on every terminal phase. Returns an error message when the
// transition is invalid (the status is then unchanged).
std::optional<std::string> apply_phase(notification_status& s, notification_phase to, std::string_view reason,
                                       std::string_view message, sim::time_point now);

// Manager.UpdatePhase on a freshly read status: conditions, a transition
// that must be valid (the same phase is an error here), timestamps,
// observedGeneration = generation.
std::optional<std::string> update_phase(notification_status& s, std::int64_t generation, notification_phase to,
                                        std::string_view reason, std::string_view message,
                                        const std::vector<condition>& conditions, sim::time_point now);

// One try of Manager.AtomicStatusUpdate on a freshly read status: set
// conditions -> apply phase -> merge attempts -> recompute counters ->
// observedGeneration = generation. On an invalid transition nothing after
// the conditions is applied and the error is returned (as upstream, whose
// caller then drops the whole write).
std::optional<std::string> atomic_status_update(notification_status& s, std::int64_t generation,
                                                notification_phase to, std::string_view reason,
                                                std::string_view message,
                                                const std::vector<delivery_attempt>& attempts,
                                                const std::vector<condition>& conditions, sim::time_point now);

// Manager.RecordDeliveryAttempt (the per-attempt status write of the
// December 2025 controller): append without de-duplication, totalAttempts
// + 1, counters recomputed. The phase is not touched.
void record_delivery_attempt(notification_status& s, const delivery_attempt& a);

// Invariant checks, for assertions where status is written and read:
// counters match the unique channels, totalAttempts >= attempts listed,
// completionTime iff terminal... Returns the first violation.
std::optional<std::string> check_status_invariants(const notification_status& s);

}  // namespace reconsim::model::notification
