// Status arithmetic of pkg/notification/status/manager.go: merge with
// de-duplication, counters by unique channel, phase bookkeeping.
#include <catch2/catch.hpp>

#include "model/support.hpp"
#include "reconsim/model/notification/status_merge.hpp"

using namespace reconsim;
using namespace reconsim::model::notification;
using namespace std::chrono_literals;

using test::at;
using test::attempt;

TEST_CASE("merge drops an attempt with the same channel, status and error less than 1 s from an existing one") {
  notification_status s;
  merge_attempts(s, {attempt("file", 1, delivery_status::failed, 10s, "read-only")});
  CHECK(merge_attempts(s, {attempt("file", 2, delivery_status::failed, 10s + 999ms, "read-only")}) == 0);
  CHECK(merge_attempts(s, {attempt("file", 2, delivery_status::failed, 10s - 999ms, "read-only")}) == 0);
  CHECK(s.total_attempts == 1);
  CHECK(s.delivery_attempts.size() == 1);
}

TEST_CASE("merge keeps an attempt 1 s or more apart, or with another channel, status or error") {
  notification_status s;
  merge_attempts(s, {attempt("file", 1, delivery_status::failed, 10s, "read-only")});
  CHECK(merge_attempts(s, {attempt("file", 2, delivery_status::failed, 11s, "read-only")}) == 1);
  CHECK(merge_attempts(s, {attempt("console", 1, delivery_status::failed, 10s, "read-only")}) == 1);
  CHECK(merge_attempts(s, {attempt("file", 3, delivery_status::success, 10s)}) == 1);
  CHECK(merge_attempts(s, {attempt("file", 4, delivery_status::failed, 10s, "ENOSPC")}) == 1);
  CHECK(s.total_attempts == 5);
}

TEST_CASE("merge compares within one batch too: two equal failures in the same second collapse") {
  notification_status s;
  CHECK(merge_attempts(s, {attempt("file", 1, delivery_status::failed, 5s, "e"),
                           attempt("file", 2, delivery_status::failed, 5s + 200ms, "e")}) == 1);
}

TEST_CASE("counters count unique channels; a channel is failed only if it never succeeded") {
  notification_status s;
  merge_attempts(s, {attempt("file", 1, delivery_status::failed, 1s, "e"), attempt("file", 2, delivery_status::failed, 5s, "e"),
                     attempt("console", 1, delivery_status::success, 1s),
                     attempt("slack:x", 1, delivery_status::timeout, 1s, "t"),
                     attempt("slack:x", 2, delivery_status::success, 9s),
                     attempt("log", 1, delivery_status::invalid, 1s, "bad")});
  recalculate_counters(s);
  CHECK(s.total_attempts == 6);
  CHECK(s.successful_deliveries == 2);  // console, slack:x
  CHECK(s.failed_deliveries == 2);      // file, log
  // A failure after a success does not make the channel failed either.
  merge_attempts(s, {attempt("console", 2, delivery_status::failed, 20s, "late")});
  recalculate_counters(s);
  CHECK(s.failed_deliveries == 2);
  CHECK_FALSE(check_status_invariants(s));
}

TEST_CASE("the same phase is a no-op that keeps reason and message; an invalid transition changes nothing") {
  notification_status s;
  s.phase = notification_phase::retrying;
  s.reason = "PartialFailureRetrying";
  CHECK_FALSE(apply_phase(s, notification_phase::retrying, "Other", "other", at(1s)));
  CHECK(s.reason == "PartialFailureRetrying");
  const auto err = apply_phase(s, notification_phase::pending, "x", "y", at(1s));
  REQUIRE(err);
  CHECK(*err == "invalid phase transition from Retrying to Pending");
  CHECK(s.phase == notification_phase::retrying);
}

TEST_CASE("Pending sets queuedAt, Sending processingStartedAt, a terminal phase completionTime") {
  notification_status s;
  REQUIRE_FALSE(update_phase(s, 1, notification_phase::pending, reasons::initialized, "received", {}, at(1s)));
  CHECK(s.queued_at == at(1s));
  CHECK(s.observed_generation == 1);
  REQUIRE_FALSE(update_phase(s, 1, notification_phase::sending, reasons::processing_deliveries, "p", {}, at(2s)));
  CHECK(s.processing_started_at == at(2s));
  CHECK(update_phase(s, 1, notification_phase::sending, "x", "y", {}, at(3s)));  // UpdatePhase refuses Sending->Sending
  REQUIRE_FALSE(atomic_status_update(s, 1, notification_phase::sent, reasons::all_deliveries_succeeded, "ok",
                                     {attempt("console", 1, delivery_status::success, 3s)}, {}, at(3s)));
  CHECK(s.completion_time == at(3s));
  CHECK(s.successful_deliveries == 1);
  CHECK_FALSE(check_status_invariants(s));
}

TEST_CASE("the phase table is upstream's ValidTransitions and IsTerminal") {
  using P = notification_phase;
  CHECK(can_transition(P::none, P::pending));
  CHECK_FALSE(can_transition(P::none, P::sending));
  CHECK(can_transition(P::pending, P::sending));
  CHECK(can_transition(P::pending, P::failed));
  CHECK_FALSE(can_transition(P::pending, P::sent));
  for (P from : {P::sending, P::retrying})
    for (P to : {P::sent, P::retrying, P::partially_sent, P::failed}) CHECK(can_transition(from, to));
  CHECK_FALSE(can_transition(P::sending, P::sending));
  for (P t : {P::sent, P::partially_sent, P::failed}) {
    CHECK(is_terminal(t));
    for (P to : {P::none, P::pending, P::sending, P::retrying, P::sent, P::partially_sent, P::failed})
      CHECK_FALSE(can_transition(t, to));
  }
  for (P p : {P::none, P::pending, P::sending, P::retrying}) CHECK_FALSE(is_terminal(p));
}

TEST_CASE("an atomic update with an invalid transition applies only the conditions") {
  notification_status s;
  s.phase = notification_phase::sent;
  s.completion_time = at(1s);
  const auto err = atomic_status_update(s, 2, notification_phase::retrying, "r", "m",
                                        {attempt("file", 1, delivery_status::failed, 2s, "e")},
                                        {condition{"RoutingResolved", "True", 2, {}, "RoutingRuleMatched", "m"}}, at(2s));
  CHECK(err);
  CHECK(s.delivery_attempts.empty());
  CHECK(s.observed_generation == 0);
  REQUIRE(find_condition(s.conditions, "RoutingResolved"));
  CHECK(find_condition(s.conditions, "RoutingResolved")->last_transition_time == at(2s));
}

TEST_CASE("setting a condition moves its transition time only when its status changes") {
  std::vector<condition> cs;
  set_condition(cs, condition{"Ready", "False", 1, {}, "NotReady", "a"}, at(1s));
  set_condition(cs, condition{"Ready", "False", 2, {}, "NotReady", "b"}, at(5s));
  CHECK(cs.at(0).last_transition_time == at(1s));
  CHECK(cs.at(0).message == "b");
  CHECK(cs.at(0).observed_generation == 2);
  set_condition(cs, condition{"Ready", "True", 2, {}, "Ready", "c"}, at(7s));
  CHECK(cs.at(0).last_transition_time == at(7s));
  CHECK(cs.size() == 1);
}

TEST_CASE("the invariant check catches counters that disagree with attempts") {
  notification_status s;
  s.delivery_attempts = {attempt("file", 1, delivery_status::failed, 1s, "e")};
  s.total_attempts = 1;
  CHECK(check_status_invariants(s) == std::optional<std::string>(
                                          "counters disagree with attempts: successful=0 (attempts say 0), failed=0 "
                                          "(attempts say 1)"));
  record_delivery_attempt(s, attempt("file", 2, delivery_status::failed, 2s, "e"));  // no dedup here
  CHECK(s.total_attempts == 2);
  CHECK_FALSE(check_status_invariants(s));
}
