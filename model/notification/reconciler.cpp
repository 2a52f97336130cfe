// The reconcile flow; the decision and the status arithmetic live in
// decision.cpp and status_merge.cpp, shared by every design variant.
#include "reconsim/model/notification/reconciler.hpp"

#include <cmath>

#include "reconsim/model/notification/backoff.hpp"
#include "reconsim/model/notification/status_merge.hpp"
#include "reconsim/model/kube/retry.hpp"
#include "reconsim/sim/actor.hpp"
#include "reconsim/sim/world.hpp"

namespace reconsim::model::notification {
namespace {

reconcile::result done() { return reconcile::result{}; }
reconcile::result requeue_after(sim::duration d) { return reconcile::result{false, d}; }

void trace_status(const notification_request& nr, std::string_view why) {
  const notification_status& s = nr.status;
  sim::emit("notification.status", {{"key", model::key_text(nr.metadata)},
                                    {"why", why},
                                    {"phase", to_string(s.phase)},
                                    {"reason", s.reason},
                                    {"total_attempts", s.total_attempts},
                                    {"successful", s.successful_deliveries},
                                    {"failed", s.failed_deliveries},
                                    {"attempts_listed", static_cast<std::int64_t>(s.delivery_attempts.size())}});
}

}  // namespace

reconciler::reconciler(notification_store& store, notification_informer& cache,
                       std::map<std::string, delivery_service*> channels, audit::sink* audit, reconciler_options o)
    : store_(&store), cache_(&cache), channels_(std::move(channels)), audit_(audit), o_(std::move(o)) {}

std::vector<predicate<notification_request>> reconciler::predicates() const {
  if (o_.design.generation_changed_predicate) return {generation_changed<notification_request>()};
  return {};  // upstream: For(&NotificationRequest{}) with no predicates
}

void watch_notifications(controller& ctl, notification_informer& inf, const reconciler& r) {
  ctl.watch(inf, r.predicates());
}

sim::duration reconciler::backoff_for(const notification_request& nr, int attempts) {
  // Jitter is drawn afresh on every call, as rand.Int63n is upstream.
  return backoff(backoff_config_of(effective_retry_policy(*nr.spec)), attempts,
                 sim::this_world().rng(o_.jitter_stream));
}

std::optional<std::string> reconciler::write_status(
    notification_request& nr,
    const std::function<std::optional<std::string>(notification_status&, std::int64_t)>& mutate) {
  std::optional<std::string> local;
  const auto err = retry_on_conflict(default_retry, [&]() -> std::optional<api_error> {
    auto fresh = store_->get(nr.key());  // APIReader: bypasses the cache
    if (!fresh) return fresh.error();
    notification_request next = std::move(fresh.value());
    if ((local = mutate(next.status, next.metadata.generation))) return make_error(status_reason::bad_request, *local);
    if (auto bad = check_status_invariants(next.status))
      throw std::logic_error("status invariant broken before the write: " + *bad);
    // What the server stores, and so what every later read sees.
    truncate_to_seconds(next.status);
    auto written = store_->update_status(next);
    if (!written) return written.error();
    nr = std::move(written.value());
    return std::nullopt;
  });
  if (local) return local;
  if (err) return err->message;
  return std::nullopt;
}

reconcile::outcome reconciler::operator()(const reconcile::request& req) {
  std::optional<notification_request> cached = cache_->get(req);
  if (!cached) {
    audit_.forget(req);
    return done();
  }
  // NT-BUG-008: a generation already processed and terminal is skipped.
  const notification_status& s = cached->status;
  if (cached->metadata.generation == s.observed_generation && !s.delivery_attempts.empty() && is_terminal(s.phase))
    return done();
  return reconcile_fetched(std::move(*cached));
}

std::optional<reconcile::outcome> reconciler::initialize(notification_request& nr) {
  if (nr.status.phase != notification_phase::none) return std::nullopt;
  const sim::time_point now = sim::now();
  auto err = write_status(nr, [&](notification_status& st, std::int64_t gen) {
    return update_phase(st, gen, notification_phase::pending, reasons::initialized, "Notification request received", {},
                        now);
  });
  if (!err) {
    trace_status(nr, "initialized");
    return reconcile::outcome(reconcile::result{true, {}});
  }
  // A concurrent initialization already set Pending: benign, carry on.
  auto fresh = store_->get(nr.key());
  if (fresh && fresh->status.phase == notification_phase::pending) {
    nr = std::move(fresh.value());
    return std::nullopt;
  }
  return reconcile::outcome(reconcile::error{*err});
}

std::optional<sim::duration> reconciler::too_early(const notification_request& nr) {
  const notification_status& s = nr.status;
  const sim::time_point now = sim::now();
  if (o_.design.next_retry_in_status) {
    if (s.next_retry_at && now < *s.next_retry_at) return *s.next_retry_at - now;
    return std::nullopt;
  }
  const bool checked = s.phase == notification_phase::retrying ||
                       (o_.design.backoff_check_every_phase && s.phase == notification_phase::sending);
  if (!checked || s.delivery_attempts.empty()) return std::nullopt;
  for (auto it = s.delivery_attempts.rbegin(); it != s.delivery_attempts.rend(); ++it) {
    if (it->status != delivery_status::failed) continue;
    const sim::time_point next = it->timestamp + backoff_for(nr, it->attempt);
    if (now < next) return next - now;
    return std::nullopt;
  }
  return std::nullopt;
}

std::optional<reconcile::outcome> reconciler::to_sending(notification_request& nr) {
  if (nr.status.phase != notification_phase::pending) return std::nullopt;
  const sim::time_point now = sim::now();
  auto err = write_status(nr, [&](notification_status& st, std::int64_t gen) {
    return update_phase(st, gen, notification_phase::sending, reasons::processing_deliveries,
                        "Processing delivery channels", {}, now);
  });
  if (err) return reconcile::outcome(reconcile::error{*err});
  trace_status(nr, "sending");
  return std::nullopt;
}

reconcile::outcome reconciler::reconcile_fetched(notification_request nr) {
  if (auto out = initialize(nr)) return *out;
  if (is_terminal(nr.status.phase)) return done();
  if (auto wait = too_early(nr)) {
    sim::emit("notification.backoff_wait", {{"key", model::key_text(nr.metadata)}, {"remaining", *wait}});
    return requeue_after(*wait);
  }
  if (auto out = to_sending(nr)) return *out;
  // BR-NOT-053: re-read from the cache, then from the API, right before
  // delivering; a concurrent reconcile may have finished the object.
  if (auto cached = cache_->get(nr.key())) {
    if (is_terminal(cached->status.phase)) return done();
  }
  auto fresh = store_->get(nr.key());
  if (!fresh) return reconcile::error{fresh.error().message};
  nr = std::move(fresh.value());
  if (is_terminal(nr.status.phase)) return done();
  // The fixed designs check the retry time again on the fresh read: the
  // check above saw the cache, which may predate the last attempt.
  if (o_.design.next_retry_in_status || o_.design.backoff_check_every_phase) {
    if (auto wait = too_early(nr)) {
      sim::emit("notification.backoff_wait", {{"key", model::key_text(nr.metadata)}, {"remaining", *wait}, {"fresh", true}});
      return requeue_after(*wait);
    }
  }
  loop_result lr = deliver_all(nr);
  if (lr.audit_missing) return reconcile::error{"audit store or helpers nil - audit is MANDATORY per ADR-032"};
  return decide_and_persist(nr, lr);
}

std::optional<delivery_attempt> reconciler::deliver_one(notification_request& nr, const std::string& channel,
                                                        loop_result& out) {
  const retry_policy policy = effective_retry_policy(*nr.spec);
  std::set<std::string>& ok = succeeded_[nr.metadata.uid];
  const channel_plan plan = plan_channel(nr.status, channel, ok, policy.max_attempts);
  if (plan.action == channel_action::already_succeeded) return std::nullopt;
  if (plan.action != channel_action::deliver) {
    ++out.loop.failure_count;  // permanent or over the limit: no attempt, no audit
    return std::nullopt;
  }
  const sim::time_point start = sim::now();
  const std::optional<delivery_error> err = deliver_through_breaker(nr, channel);
  delivery_attempt a;
  a.channel = channel;
  a.attempt = plan.attempt;
  a.timestamp = sim::now();
  // durationSeconds is rounded to the millisecond.
  a.duration = std::chrono::duration_cast<std::chrono::milliseconds>(a.timestamp - start + std::chrono::microseconds(500));
  if (err) {
    a.status = delivery_status::failed;
    a.error = err->retryable ? err->message : "permanent failure: " + err->message;
    ++out.loop.failure_count;
    if (!audit_.message_failed(nr, channel, err->message)) out.audit_missing = true;
  } else {
    a.status = delivery_status::success;
    ok.insert(channel);
    if (!audit_.message_sent(nr, channel)) out.audit_missing = true;
  }
  sim::emit("notification.attempt", {{"key", model::key_text(nr.metadata)},
                                     {"channel", channel},
                                     {"attempt", a.attempt},
                                     {"status", to_string(a.status)},
                                     {"error", a.error}});
  return a;
}

std::optional<delivery_error> reconciler::deliver_through_breaker(const notification_request& nr,
                                                                  const std::string& channel) {
  const auto service = channels_.find(channel);
  if (service == channels_.end() || service->second == nullptr) {
    return delivery_error{"channel not registered: " + channel, false};
  }
  const std::optional<std::string> name = breaker_name_of(channel);
  if (!name) return service->second->deliver(nr);
  auto it = breakers_.find(*name);
  if (it == breakers_.end()) it = breakers_.emplace(*name, circuit_breaker(*name, o_.breaker, sim::now())).first;
  circuit_breaker& cb = it->second;
  // runPreDeliveryCheck (orchestrator.go ~326-354): an open breaker is a
  // failed attempt with constant text, not permanent, counting toward
  // maxAttempts; the service is not called.
  if (cb.state(sim::now()) == breaker_state::open) {
    sim::emit("notification.breaker_refused", {{"key", model::key_text(nr.metadata)}, {"channel", channel}, {"breaker", *name}});
    return delivery_error{*name + " circuit breaker is open (too many failures, preventing cascading failures)", true};
  }
  // CircuitBreakerService.Deliver runs the delivery inside Execute; what
  // Execute itself refuses ("too many requests" in half-open) is not a
  // RetryableError, so it becomes a permanent failure of the channel.
  const circuit_breaker::admission admitted = cb.before_request(sim::now());
  if (admitted.refused) {
    sim::emit("notification.breaker_refused", {{"key", model::key_text(nr.metadata)}, {"channel", channel}, {"breaker", *name}, {"error", *admitted.refused}});
    return delivery_error{*admitted.refused, false};
  }
  std::optional<delivery_error> err = service->second->deliver(nr);
  cb.after_request(admitted.generation, !err, sim::now());
  return err;
}

const reconciler::routed_spec& reconciler::route(const notification_request& nr) {
  if (!last_routed_ || !last_routed_->spec.is(nr.spec)) {
    routed_spec r{nr.spec, resolve_channels(*o_.routing, *nr.spec), "channels:", {}};
    for (const auto& ch : r.routed.channels) r.message += " " + ch;
    r.reason = sim::symbol(r.routed.reason);
    last_routed_ = std::move(r);
  }
  return *last_routed_;
}

reconciler::loop_result reconciler::deliver_all(notification_request& nr) {
  loop_result out;
  const routed_spec& r = route(nr);
  out.channels = r.routed.channels;
  out.routing_resolved = condition{"RoutingResolved", "True", nr.metadata.generation, {}, r.reason, r.message};
  for (const auto& ch : out.channels) {
    std::optional<delivery_attempt> a = deliver_one(nr, ch, out);
    if (out.audit_missing) return out;
    if (!a) continue;
    out.loop.attempts.push_back(*a);
    if (o_.design.status_write_per_attempt) {
      // RecordDeliveryAttempt: its own write (and watch event) per attempt.
      const notification_status before = nr.status;
      auto err = write_status(nr, [&](notification_status& st, std::int64_t) {
        record_delivery_attempt(st, *a);
        return std::optional<std::string>();
      });
      if (!err) trace_status(nr, "attempt recorded");
      // The decision still reads the status as it was before the loop.
      nr.status = before;
    }
  }
  return out;
}

reconcile::outcome reconciler::decide_and_persist(notification_request& nr, loop_result& lr) {
  const retry_policy policy = effective_retry_policy(*nr.spec);
  const std::string uid = nr.metadata.uid;
  const auto states = channel_states(nr.status, lr.channels, succeeded_[uid]);
  const transition_decision d = determine_transition(nr.status, lr.channels, lr.loop, states, policy.max_attempts,
                                                     decision_options_of(o_.design));
  sim::emit("notification.decision", {{"key", model::key_text(nr.metadata)},
                                      {"decision", to_string(d.kind)},
                                      {"next_phase", to_string(d.next_phase)},
                                      {"reason", d.reason},
                                      {"max_failed_attempt_count", d.max_failed_attempt_count}});
  if (d.kind == decision_kind::requeue) return reconcile::result{true, {}};

  // Already written one by one in the per-attempt design.
  const std::vector<delivery_attempt> attempts =
      o_.design.status_write_per_attempt ? std::vector<delivery_attempt>{} : lr.loop.attempts;
  const bool temporary = d.kind == decision_kind::stay;
  // The Retrying branch backs off from the pre-loop count; the temporary
  // branch from the count after the write (transitionToFailedTemporary).
  std::optional<sim::duration> wait;
  if (d.should_requeue && !temporary) wait = backoff_for(nr, d.max_failed_attempt_count);
  const sim::time_point now = sim::now();
  const notification_phase target = d.phase_unchanged ? nr.status.phase : d.next_phase;
  std::vector<condition> conditions{lr.routing_resolved};
  if (d.kind == decision_kind::sent || d.kind == decision_kind::partially_sent)
    conditions.push_back(condition{"Ready", "True", nr.metadata.generation, {}, "Ready", "Notification delivered"});
  if (d.kind == decision_kind::failed)
    conditions.push_back(
        condition{"Ready", "False", nr.metadata.generation, {}, "NotReady", "Notification delivery failed"});
  if (!(temporary && attempts.empty() && !o_.design.next_retry_in_status)) {
    auto err = write_status(nr, [&](notification_status& st, std::int64_t gen) -> std::optional<std::string> {
      if (auto e = atomic_status_update(st, gen, target, d.reason, d.message, attempts, conditions, now)) return e;
      if (o_.design.next_retry_in_status && !is_terminal(st.phase)) {
        // The fixed design backs off from the count including this loop's
        // attempts, not the Retrying branch's pre-loop count.
        wait = backoff_for(nr, max_attempt_count(st, lr.channels));
        st.next_retry_at = now + *wait;
      }
      return std::nullopt;
    });
    if (err) return reconcile::error{*err};
    trace_status(nr, to_string(d.kind));
  }
  if (!temporary) succeeded_.erase(uid);  // ClearInMemoryState after the write
  switch (d.kind) {
    case decision_kind::sent:
      if (!audit_.acknowledged(nr)) return reconcile::error{"audit failure (ADR-032): acknowledged"};
      return done();
    case decision_kind::failed:
      if (!audit_.escalated(nr)) return reconcile::error{"audit failure (ADR-032): escalated"};
      return done();
    case decision_kind::partially_sent:
      return d.should_requeue ? requeue_after(*wait) : done();
    case decision_kind::retrying:
      return requeue_after(*wait);
    case decision_kind::stay:
      if (!wait) wait = backoff_for(nr, max_attempt_count(nr.status, lr.channels));
      return requeue_after(*wait);
    case decision_kind::requeue:
      break;
  }
  return reconcile::result{true, {}};
}

}  // namespace reconsim::model::notification
