#pragma once
// The NotificationRequest reconciler (internal/controller/notification/
// notificationrequest_controller.go), one call per reconcile, with the
// design variants of variant.hpp. It knows nothing of queues: the
// controller runtime applies its result.
//
// Flow (reference §2): fetch from the cache (NotFound -> forget audit
// keys); skip an already processed terminal generation; "" -> Pending and
// requeue; terminal -> done; the "too early to retry" check; Pending ->
// Sending; re-read from the cache and then the API (terminal -> done);
// deliver channel by channel in routing order; decide (decision.hpp); one
// atomic status write (status_merge.hpp) retried on conflict; return.
//
// Modelling choices: MaxConcurrentReconciles and the work queue never give
// one key to two workers, so the orchestrator's per-UID mutex and in-flight
// reservations of other reconciles are not modelled (always zero). The
// webhook channels (slack, pagerduty, teams) go through one circuit breaker
// per channel type (circuit_breaker.hpp), held here: it is the controller
// process's memory, lost when the process is.
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "reconsim/model/kube/apiserver.hpp"
#include "reconsim/model/kube/controller.hpp"
#include "reconsim/model/kube/informer.hpp"
#include "reconsim/model/notification/audit.hpp"
#include "reconsim/model/notification/circuit_breaker.hpp"
#include "reconsim/model/notification/decision.hpp"
#include "reconsim/model/notification/delivery.hpp"
#include "reconsim/model/notification/routing.hpp"
#include "reconsim/model/notification/variant.hpp"

namespace reconsim::model::notification {

using notification_store = resource_store<notification_spec, notification_status>;
using notification_informer = informer<notification_spec, notification_status>;

struct reconciler_options {
  variant design = upstream_variant();
  // Shared, not copied: every run of a search builds a controller, and
  // copying the e2e table (a dozen receivers) was ~3 % of a run.
  std::shared_ptr<const routing_table> routing = shared_e2e_routing_table();
  // The rng stream the backoff jitter draws from.
  std::string jitter_stream = "notification.backoff";
  // cmd/notification/main.go's gobreaker settings.
  breaker_settings breaker;
};

class reconciler {
 public:
  // `channels` maps a resolved channel name ("console", "file",
  // "slack:<receiver>") to its service; a channel without one fails
  // permanently ("channel not registered"). `audit` may be null: every
  // audit call then fails the reconcile, as upstream.
  reconciler(notification_store& store, notification_informer& cache,
             std::map<std::string, delivery_service*> channels, audit::sink* audit, reconciler_options o);

  reconcile::outcome operator()(const reconcile::request& req);

  // The predicates the design watches with (generation_changed or none).
  std::vector<predicate<notification_request>> predicates() const;
  const reconciler_options& options() const noexcept { return o_; }
  const audit_recorder& audit() const noexcept { return audit_; }

 private:
  struct loop_result {
    std::vector<std::string> channels;
    condition routing_resolved;  // preserved into every status write
    loop_outcome loop;
    bool audit_missing = false;
  };

  reconcile::outcome reconcile_fetched(notification_request nr);
  std::optional<reconcile::outcome> initialize(notification_request& nr);
  std::optional<sim::duration> too_early(const notification_request& nr);
  std::optional<reconcile::outcome> to_sending(notification_request& nr);
  loop_result deliver_all(notification_request& nr);
  std::optional<delivery_attempt> deliver_one(notification_request& nr, const std::string& channel,
                                              loop_result& out);
  reconcile::outcome decide_and_persist(notification_request& nr, loop_result& lr);
  // One status write retried on conflict; `mutate` applies to a fresh read
  // and returns an error message to abort. Updates `nr` on success.
  std::optional<std::string> write_status(notification_request& nr,
                                          const std::function<std::optional<std::string>(notification_status&,
                                                                                         std::int64_t)>& mutate);
  sim::duration backoff_for(const notification_request& nr, int attempts);
  // One delivery through the channel's breaker, if it has one.
  std::optional<delivery_error> deliver_through_breaker(const notification_request& nr, const std::string& channel);

  notification_store* store_;
  notification_informer* cache_;
  std::map<std::string, delivery_service*> channels_;
  audit_recorder audit_;
  reconciler_options o_;
  // The orchestrator's in-memory successes, per uid; cleared after the
  // status write of a non-temporary outcome (ClearInMemoryState).
  std::map<std::string, std::set<std::string>> succeeded_;
  // By channel type, created at first use as the manager's getOrCreate does.
  std::map<std::string, circuit_breaker> breakers_;
  // The last spec routed and where it went: every reconcile of an object
  // routes the same spec (its copies share it until one is edited), and
  // routing it again was 2 % of a run. Holding the spec keeps it from
  // being edited in place or freed, so the same spec is the same content.
  struct routed_spec {
    shared_value<notification_spec> spec;
    routing_result routed;
    std::string message;  // the RoutingResolved condition's
    sim::symbol reason;   // and its reason
  };
  std::optional<routed_spec> last_routed_;
  const routed_spec& route(const notification_request& nr);
};

// Wires `r` into `ctl` on `inf` with the design's predicates.
void watch_notifications(controller& ctl, notification_informer& inf, const reconciler& r);

}  // namespace reconsim::model::notification
