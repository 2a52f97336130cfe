#include "reconsim/model/notification/variant.hpp"

#include <array>

namespace reconsim::model::notification {
namespace {

constexpr variant make(std::string_view name, std::string_view description) {
  variant v;
  v.name = name;
  v.description = description;
  return v;
}

constexpr std::array<variant, 7> all = [] {
  // Today's upstream (Aug 2026): Retrying phase with its backoff check, one
  // atomic status write per reconcile, no predicate.
  variant upstream = make("retrying-phase",
                          "upstream today: non-terminal Retrying phase, backoff checked in Retrying, one status "
                          "write per reconcile, no predicate");

  variant partial = make("partial-is-terminal",
                         "Dec 2025 controller (seed 003): console ok + file failed -> PartiallySent at once; no "
                         "retry ever");
  partial.partial_is_terminal = true;
  partial.retrying_phase = false;
  partial.queue = queue_kind::classic;

  variant per_attempt = make("per-attempt-status",
                             "one status write per delivery attempt; each write wakes the reconciler and bypasses "
                             "RequeueAfter");
  per_attempt.status_write_per_attempt = true;
  per_attempt.retrying_phase = false;
  per_attempt.queue = queue_kind::classic;

  variant batched = make("batched-status",
                         "one status write per reconcile, phase stays Sending while retrying; the write still wakes "
                         "the reconciler at once");
  batched.retrying_phase = false;
  batched.queue = queue_kind::classic;

  variant predicate = make("generation-changed-predicate",
                           "upstream plus GenerationChangedPredicate: status writes no longer trigger reconciles");
  predicate.generation_changed_predicate = true;

  variant next_retry = make("next-retry-in-status",
                            "upstream plus the next retry time kept in status and honoured in every non-terminal "
                            "phase");
  next_retry.next_retry_in_status = true;

  variant every_phase = make("backoff-check-every-phase",
                             "upstream with the 'too early to retry' check in Sending as well as Retrying");
  every_phase.backoff_check_every_phase = true;

  return std::array<variant, 7>{partial, per_attempt, batched, upstream, predicate, next_retry, every_phase};
}();

}  // namespace

std::span<const variant> variants() noexcept { return all; }

std::optional<variant> parse_variant(std::string_view name) noexcept {
  for (const auto& v : all)
    if (v.name == name) return v;
  return std::nullopt;
}

const variant& upstream_variant() noexcept { return all[3]; }

}  // namespace reconsim::model::notification
