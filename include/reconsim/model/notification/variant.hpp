#pragma once
// Reconciler design variants as values, so designs can be run side by side
// (`reconsim run ... --variant NAME`). Each variant is a small set of flags
// the reconciler reads; nothing else differs between them.
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "reconsim/model/kube/controller.hpp"
#include "reconsim/model/notification/decision.hpp"

namespace reconsim::model::notification {

struct variant {
  std::string_view name;
  std::string_view description;  // one line, for `reconsim list`

  // Partial success is PartiallySent (terminal) at once, retries or not.
  bool partial_is_terminal = false;
  // One status write per delivery attempt (RecordDeliveryAttempt), each of
  // which wakes the reconciler, instead of one write per reconcile.
  bool status_write_per_attempt = false;
  // Partial success with retries left moves to the non-terminal Retrying
  // phase; without it the phase stays Sending.
  bool retrying_phase = true;
  // Events pass the GenerationChangedPredicate, so status writes do not
  // re-trigger reconciles; only RequeueAfter does.
  bool generation_changed_predicate = false;
  // The next retry time is written to status and the reconciler waits for
  // it in every non-terminal phase before delivering again.
  bool next_retry_in_status = false;
  // The "too early to retry" check runs in Sending as well as Retrying.
  bool backoff_check_every_phase = false;
  // The controller-runtime queue the design runs on unless a scenario or
  // --queue says otherwise: today's controller (controller-runtime v0.24.1,
  // UsePriorityQueue on by default) and the fixes built on it run on the
  // priority queue; the Dec-2025 designs on the classic one.
  queue_kind queue = queue_kind::priority;

  bool operator==(const variant& o) const noexcept { return name == o.name; }
};

// All variants, in the order `reconsim list` shows them.
std::span<const variant> variants() noexcept;
std::optional<variant> parse_variant(std::string_view name) noexcept;
inline std::string_view to_string(const variant& v) noexcept { return v.name; }
// The flags the phase decision reads.
inline decision_options decision_options_of(const variant& v) noexcept {
  return decision_options{v.partial_is_terminal, v.retrying_phase};
}
// Today's upstream controller (retrying-phase).
const variant& upstream_variant() noexcept;

}  // namespace reconsim::model::notification
