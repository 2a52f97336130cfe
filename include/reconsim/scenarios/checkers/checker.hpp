#pragma once
// Invariant checkers over a run's history. A checker reads only the trace
// (and, for run-terminates, the run's outcome), never a model's internals,
// so it works on a replayed or imported trace as well (Jepsen: histories,
// then checkers), and reads it in one pass, as it is recorded: a run too
// large to keep is checked all the same.
//
// Trace kinds read: notification.attempt, notification.status,
// notification.retry_policy (below), api.*, informer.event,
// reconcile.start/end, queue.*, audit.emit, audit.write, audit.data_loss,
// audit.dead_letter, datastorage.stored, fs.write/rename/mkdir/remove,
// fs.visible_on_host, fs.host_anomaly, harness.suite_end.
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "reconsim/model/notification/types.hpp"
#include "reconsim/scenarios/checkers/lookback.hpp"
#include "reconsim/sim/trace.hpp"
#include "reconsim/sim/world.hpp"

namespace reconsim::scenarios {

struct check_result {
  std::string name;
  bool passed = true;
  std::optional<sim::time_point> first_violation;
  std::string explanation;              // the first violation, or what was checked
  std::vector<sim::trace_event> chain;  // the events that led to it, most recent last
  std::int64_t violations = 0;          // how many were found in all
  // False when the run gave the checker nothing to check (no failed
  // attempt for retries-honour-backoff, no audit event for
  // audit-stored-once, ...): it passed vacuously, and says so.
  bool exercised = true;
};

// "pass", "fail" or "not-exercised".
std::string_view status_of(const check_result& r) noexcept;
// Marks `r` not exercised, with why (when it found no violation).
void not_exercised(check_result& r, const std::string& why);

// A checker reads a run one event at a time, as it is recorded (so a run
// need not keep its events), and gives its verdict at the end. It looks
// back only through `lookback` (chains, the run's end); it keeps what it
// needs per object, never per event.
class checker : public sim::trace_observer {
 public:
  // The verdict, once every event was observed. `outcome` may be null for
  // checkers that do not need it.
  virtual check_result finish(const sim::outcome* outcome) = 0;
};

using make_checker_fn = std::unique_ptr<checker> (*)(const lookback& past);

struct checker_info {
  std::string_view name;
  std::string_view description;  // one line, for `reconsim list`
  make_checker_fn make;
};

// Every checker, in the order `reconsim list` shows them.
std::span<const checker_info> checkers() noexcept;
const checker_info* find_checker(std::string_view name) noexcept;

// Checkers reading a run as it goes (a trace observer), or a kept trace
// replayed through them: the lookback first, then each checker. A checker
// that throws stops reading and becomes a failed check whose explanation is
// the exception's text (a finding with a repro, never a lost run, a
// crashed search or an exception inside the simulation).
class check_session final : public sim::trace_observer {
 public:
  // `kept`: the run's events as they are kept (null when the run keeps
  // none); `chains`: false, every result's chain is empty (lookback).
  // Throws std::invalid_argument for an unknown name.
  check_session(const std::vector<std::string>& names, const trace_events* kept, bool chains = true);
  ~check_session() override;
  void observe(const sim::trace_event& e) override;
  std::uint64_t held_bytes() const noexcept override { return past_.bytes(); }
  bool may_hold_bytes() const noexcept override { return true; }
  // One result per name, in order.
  std::vector<check_result> finish(const sim::outcome* outcome);
  const lookback& past() const noexcept { return past_; }

 private:
  struct running;
  lookback past_;
  std::vector<running> checks_;
};

// Runs the checker `name` over a kept trace; throws std::invalid_argument
// for an unknown name.
check_result run_check(std::string_view name, const trace_events& trace, const sim::outcome* outcome = nullptr);

// A checker written as one function over a kept trace (tests, users' own).
using check_fn = check_result (*)(const trace_events& trace, const sim::outcome* outcome);
// Runs one such function: an exception it throws becomes a failed check
// whose explanation is the exception's text.
check_result run_guarded(std::string_view name, check_fn fn, const trace_events& trace, const sim::outcome* outcome);

// The checkers, to read a run as it goes (check_session) ...
std::unique_ptr<checker> make_retries_honour_backoff(const lookback& past);
std::unique_ptr<checker> make_terminal_only_when_done(const lookback& past);
std::unique_ptr<checker> make_status_counters_match_attempts(const lookback& past);
std::unique_ptr<checker> make_audit_stored_once(const lookback& past);
std::unique_ptr<checker> make_file_visible_on_host(const lookback& past);
std::unique_ptr<checker> make_run_terminates(const lookback& past);

// ... or over a kept trace.
check_result check_retries_honour_backoff(const trace_events& trace, const sim::outcome* outcome = nullptr);
check_result check_terminal_only_when_done(const trace_events& trace, const sim::outcome* outcome = nullptr);
check_result check_status_counters_match_attempts(const trace_events& trace, const sim::outcome* outcome = nullptr);
check_result check_audit_stored_once(const trace_events& trace, const sim::outcome* outcome = nullptr);
check_result check_file_visible_on_host(const trace_events& trace, const sim::outcome* outcome = nullptr);
check_result check_run_terminates(const trace_events& trace, const sim::outcome* outcome);

// Audit bookkeeping from the trace, for reports (counters).
struct audit_tally {
  std::int64_t emitted = 0;        // audit.emit events
  std::int64_t stored = 0;         // distinct ids stored in DataStorage
  std::int64_t stored_rows = 0;    // rows stored, duplicates included
  std::int64_t duplicates = 0;     // rows beyond the first per id
  std::int64_t lost = 0;           // emitted, neither stored nor dead-lettered
  std::int64_t dead_lettered = 0;  // ids in the DLQ and never stored
};
audit_tally tally_audit(const trace_events& trace);

// The same, reading a run as it goes.
class audit_tally_reader final : public sim::trace_observer {
 public:
  audit_tally_reader();
  ~audit_tally_reader() override;
  void observe(const sim::trace_event& e) override;
  audit_tally finish() const;

 private:
  struct state;
  std::unique_ptr<state> s_;
};

// A fact the world records when it creates a NotificationRequest, so the
// backoff and terminal checkers know its retry policy (the model's events
// do not carry it): "notification.retry_policy" {key, max_attempts,
// initial_backoff_s, multiplier, max_backoff_s}. Without it the checkers
// assume the CRD default {5, 30, 2, 480}.
void trace_retry_policy(const std::string& key, const model::notification::retry_policy& p);

}  // namespace reconsim::scenarios
