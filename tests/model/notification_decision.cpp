// The phase decision after a delivery loop (pkg/notification/phase/
// transition.go) with the controller's channel states and the orchestrator's
// per-channel plan, under each design variant.
#include <catch2/catch.hpp>

#include <functional>

#include "model/support.hpp"
#include "reconsim/model/notification/decision.hpp"
#include "reconsim/model/notification/status_merge.hpp"
#include "reconsim/model/notification/variant.hpp"

using namespace reconsim;
using namespace reconsim::model::notification;
using namespace std::chrono_literals;

namespace {

using test::at;
using test::attempt;

// A status already in Sending, as after Pending -> Sending.
notification_status sending() {
  notification_status s;
  s.phase = notification_phase::sending;
  s.queued_at = at(0s);
  s.processing_started_at = at(0s);
  s.observed_generation = 1;
  return s;
}

// One reconcile's delivery loop and decision, as the controller runs them
// with MaxConcurrentReconciles = 1: plan each channel on the pre-loop
// status, deliver via `outcome` (empty string = success), decide.
struct loop_run {
  loop_outcome loop;
  transition_decision decision;
};
loop_run run_loop(const notification_status& persisted, const std::vector<std::string>& channels, int max_attempts,
                  sim::duration now, const std::function<std::string(const std::string&, int)>& outcome,
                  decision_options options = {}) {
  loop_outcome loop;
  std::set<std::string> succeeded;
  for (const auto& ch : channels) {
    const channel_plan p = plan_channel(persisted, ch, succeeded, max_attempts);
    if (p.action == channel_action::already_succeeded) continue;
    if (p.action != channel_action::deliver) {
      ++loop.failure_count;
      continue;
    }
    const std::string err = outcome(ch, p.attempt);
    loop.attempts.push_back(attempt(ch, p.attempt, err.empty() ? delivery_status::success : delivery_status::failed,
                                    now, err));
    if (err.empty()) {
      succeeded.insert(ch);
    } else {
      ++loop.failure_count;
    }
  }
  const auto states = channel_states(persisted, channels, succeeded);
  return {loop, determine_transition(persisted, channels, loop, states, max_attempts, options)};
}

// Persists a decision the way the controller does: one atomic update.
void persist(notification_status& s, const loop_run& r, sim::duration now) {
  const transition_decision& d = r.decision;
  const notification_phase to = d.phase_unchanged ? s.phase : d.next_phase;
  REQUIRE_FALSE(atomic_status_update(s, 1, to, d.reason, d.message, r.loop.attempts, {}, at(now)));
  REQUIRE_FALSE(check_status_invariants(s));
}

const std::vector<std::string> console_file{"console", "file"};

std::string file_fails(const std::string& ch, int) { return ch == "file" ? "mkdir /tmp/notifications: read-only" : ""; }

}  // namespace

TEST_CASE("seed 003: console ok + file failed on attempt 1 is PartiallySent at once under partial-is-terminal") {
  const auto v = *parse_variant("partial-is-terminal");
  const auto r = run_loop(sending(), console_file, 5, 1s, file_fails, decision_options_of(v));
  CHECK(r.decision.kind == decision_kind::partially_sent);
  CHECK(r.decision.next_phase == notification_phase::partially_sent);
  CHECK(r.decision.terminal);
  CHECK(r.decision.reason == reasons::partial_delivery_success);
}

TEST_CASE("seed 003: console ok + file failed on attempt 1 is Retrying with a requeue under retrying-phase") {
  const auto r = run_loop(sending(), console_file, 5, 1s, file_fails, decision_options_of(upstream_variant()));
  CHECK(r.decision.kind == decision_kind::retrying);
  CHECK(r.decision.next_phase == notification_phase::retrying);
  CHECK_FALSE(r.decision.terminal);
  CHECK(r.decision.should_requeue);
  CHECK(r.decision.reason == reasons::partial_failure_retrying);
  CHECK(r.decision.message == "Delivered to 1/2 channel(s), retrying failed channels");
  // The Retrying branch's backoff input is the pre-loop count: 0, i.e. the base.
  CHECK(r.decision.max_failed_attempt_count == 0);
}

TEST_CASE("seed 003 under every variant: only partial-is-terminal ends the notification after attempt 1") {
  for (const variant& v : variants()) {
    CAPTURE(v.name);
    const auto r = run_loop(sending(), console_file, 5, 1s, file_fails, decision_options_of(v));
    if (v.partial_is_terminal) {
      CHECK(r.decision.kind == decision_kind::partially_sent);
      CHECK(r.decision.terminal);
    } else {
      CHECK(r.decision.kind == decision_kind::retrying);
      CHECK_FALSE(r.decision.terminal);
      CHECK(r.decision.should_requeue);
      CHECK(r.decision.next_phase ==
            (v.retrying_phase ? notification_phase::retrying : notification_phase::sending));
    }
  }
}

TEST_CASE("exhaustion shows one reconcile late: maxAttempts 1 and a 503 end Failed/MaxRetriesExhausted after 1 attempt") {
  const std::vector<std::string> slack{"slack:slack-failure"};
  auto fail503 = [](const std::string&, int) { return std::string("slack returned 503 (retryable)"); };
  notification_status s = sending();

  const auto first = run_loop(s, slack, 1, 1s, fail503);
  CHECK(first.decision.kind == decision_kind::stay);  // the pre-loop count 0 < 1: not exhausted yet
  CHECK(first.decision.phase_unchanged);
  REQUIRE(first.loop.attempts.size() == 1);
  CHECK(first.loop.attempts[0].attempt == 1);
  persist(s, first, 1s);
  CHECK(s.phase == notification_phase::sending);
  CHECK(s.total_attempts == 1);

  const auto second = run_loop(s, slack, 1, 3s, fail503);
  CHECK(second.loop.attempts.empty());  // attempt 2 > 1: no delivery, no attempt
  CHECK(second.loop.failure_count == 1);
  CHECK(second.decision.kind == decision_kind::failed);
  CHECK(second.decision.reason == reasons::max_retries_exhausted);
  CHECK(second.decision.message == "All delivery attempts failed or exhausted retries");
  persist(s, second, 3s);
  CHECK(s.phase == notification_phase::failed);
  CHECK(s.total_attempts == 1);
  CHECK(s.completion_time == at(3s));
}

TEST_CASE("console ok + 5 file failures reach PartiallySent with 6 attempts, on the reconcile after the 5th failure") {
  notification_status s = sending();
  int reconciles = 0;
  sim::duration now = 0s;
  while (!is_terminal(s.phase) && reconciles < 20) {
    ++reconciles;
    now += 10s;
    persist(s, run_loop(s, console_file, 5, now, file_fails), now);
  }
  CHECK(s.phase == notification_phase::partially_sent);
  CHECK(s.reason == reasons::partial_delivery_success);
  CHECK(s.total_attempts == 6);
  CHECK(reconciles == 6);  // 5 delivering reconciles + 1 that only notices exhaustion
  CHECK(s.successful_deliveries == 1);
  CHECK(s.failed_deliveries == 1);
}

TEST_CASE("all channels succeeding is Sent with AllDeliveriesSucceeded") {
  const auto r = run_loop(sending(), console_file, 5, 1s, [](const std::string&, int) { return std::string(); });
  CHECK(r.decision.kind == decision_kind::sent);
  CHECK(r.decision.message == "Successfully delivered to 2 channel(s)");
}

TEST_CASE("no resolved channels is Failed/NoChannelsResolved, not Sent") {
  const auto d = determine_transition(sending(), {}, {}, {}, 5);
  CHECK(d.kind == decision_kind::failed);
  CHECK(d.reason == reasons::no_channels_resolved);
  CHECK(d.permanent_failure);
}

TEST_CASE("a permanent error on every channel is Failed/AllDeliveriesFailed; a mix with retries left stays") {
  auto permanent = [](const std::string&, int) { return std::string("permanent failure: HTTP 400"); };
  notification_status s = sending();
  const auto first = run_loop(s, {"slack:x"}, 5, 1s, permanent);
  CHECK(first.decision.kind == decision_kind::stay);  // permanence is read from the persisted status
  persist(s, first, 1s);
  const auto second = run_loop(s, {"slack:x"}, 5, 2s, permanent);
  CHECK(second.loop.attempts.empty());
  CHECK(second.decision.kind == decision_kind::failed);
  CHECK(second.decision.reason == reasons::all_deliveries_failed);
}

TEST_CASE("a channel that succeeded earlier is not delivered again and counts towards Sent") {
  notification_status s = sending();
  s.phase = notification_phase::retrying;
  merge_attempts(s, {attempt("console", 1, delivery_status::success, 1s),
                     attempt("file", 1, delivery_status::failed, 1s, "disk full")});
  recalculate_counters(s);
  int deliveries = 0;
  const auto r = run_loop(s, console_file, 5, 40s, [&](const std::string& ch, int n) {
    ++deliveries;
    CHECK(ch == "file");
    CHECK(n == 2);
    return std::string();
  });
  CHECK(deliveries == 1);
  CHECK(r.decision.kind == decision_kind::sent);
}

TEST_CASE("the orchestrator numbers attempts persisted + in-flight and refuses above maxAttempts") {
  notification_status s = sending();
  merge_attempts(s, {attempt("file", 1, delivery_status::failed, 1s, "e"), attempt("file", 2, delivery_status::failed, 5s, "e")});
  CHECK(plan_channel(s, "file", {}, 5) == channel_plan{channel_action::deliver, 3});
  CHECK(plan_channel(s, "file", {}, 5, 1) == channel_plan{channel_action::deliver, 4});
  CHECK(plan_channel(s, "file", {}, 2) == channel_plan{channel_action::max_attempts_exceeded, 3});
  CHECK(plan_channel(s, "console", {"console"}, 5).action == channel_action::already_succeeded);
}

TEST_CASE("nothing failed and not all succeeded asks for a plain requeue") {
  // Persisted successes 0, no attempts, no failures: upstream's case 6.
  const auto d = determine_transition(sending(), console_file, loop_outcome{}, channel_states(sending(), console_file, {}), 5);
  CHECK(d.kind == decision_kind::requeue);
  CHECK(d.should_requeue);
  CHECK(d.phase_unchanged);
}

TEST_CASE("every variant has a name that parses back, a description and distinct flags") {
  std::set<std::string_view> names;
  for (const variant& v : variants()) {
    CHECK(parse_variant(v.name) == v);
    CHECK_FALSE(v.description.empty());
    CHECK(names.insert(v.name).second);
  }
  CHECK(names.size() == 7);
  CHECK(upstream_variant().name == "retrying-phase");
  CHECK_FALSE(parse_variant("no-such-variant"));
  CHECK(parse_variant("generation-changed-predicate")->generation_changed_predicate);
  CHECK(parse_variant("per-attempt-status")->status_write_per_attempt);
  CHECK(parse_variant("next-retry-in-status")->next_retry_in_status);
  CHECK(parse_variant("backoff-check-every-phase")->backoff_check_every_phase);
}
