#pragma once
// Small queries over a trace shared by the checkers.
#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "reconsim/model/notification/types.hpp"
#include "reconsim/scenarios/checkers/checker.hpp"

namespace reconsim::scenarios::detail {

// The object an event is about: field "key", else "item" (queues), else
// "object" (audit); "" when none.
std::string object_of(const sim::trace_event& e);
// The same, as a view of the event's own field (no copy).
std::string_view object_name(const sim::trace_event& e);
bool bool_field(const sim::trace_event& e, std::string_view key, bool fallback = false);
bool starts_with(std::string_view s, std::string_view prefix) noexcept;

// m[key] for a map keyed by text and ordered by std::less<> (it compares a
// view with a key): the text is copied only for a new entry. Most events a
// checker reads are about an object it already tracks, and an object's name
// is longer than the small-string buffer.
template <class Map>
typename Map::mapped_type& entry(Map& m, std::string_view key) {
  auto it = m.lower_bound(key);
  if (it == m.end() || it->first != key) it = m.emplace_hint(it, std::string(key), typename Map::mapped_type{});
  return it->second;
}
// m.erase(key) for the same maps, without building a string.
template <class Map>
void erase_key(Map& m, std::string_view key) {
  if (auto it = m.find(key); it != m.end()) m.erase(it);
}

// The retry policy per object key from notification.retry_policy events;
// keys without one map to the CRD default.
class policies {
 public:
  policies() = default;
  explicit policies(const trace_events& trace);
  // Reads one event (a notification.retry_policy; the rest are ignored):
  // the world records the policy when it creates the object, before any
  // attempt, so a checker reading as it goes knows it in time.
  void observe(const sim::trace_event& e);
  model::notification::retry_policy of(std::string_view key) const;
  bool recorded(std::string_view key) const { return by_key_.find(key) != by_key_.end(); }

 private:
  std::map<std::string, model::notification::retry_policy, std::less<>> by_key_;
};

// The kinds that tell an object's story in a chain; the rest (polls, fs,
// net) would bury it.
bool tells_story(std::string_view kind);

// The events about `key` up to and including index `last` that tell how
// an object got where it is (attempts, status writes, watch events,
// reconciles, queue moves), at most `max`, most recent last.
std::vector<sim::trace_event> chain_for(const trace_events& trace, const std::string& key, std::size_t last,
                                        std::size_t max = 12);
// The last `max` events up to and including `last`, any kind.
std::vector<sim::trace_event> tail(const trace_events& trace, std::size_t last, std::size_t max = 8);

// "12.5s" for explanations.
std::string secs(sim::time_point t);
std::string secs(sim::duration d);

// The earliest a retry may come after `failed_attempts` failed attempts
// and still honour the policy's backoff (retries_honour_backoff.cpp says
// why: jitter, whole-second stamps, upstream's one-step-behind count).
sim::duration earliest_on_time_retry(const model::notification::retry_policy& p, int failed_attempts);

// Replays a kept trace through a fresh checker (the lookback reading the
// same vector): how check_NAME(trace, outcome) is written.
check_result replay(make_checker_fn make, const trace_events& trace, const sim::outcome* outcome);

// Records the first violation (earliest time) and counts all of them.
void violation(check_result& r, sim::time_point at, std::string explanation, std::vector<sim::trace_event> chain);
// The same, with `explain()` and `chain()` called only when this violation
// becomes the first: chain_for scans back through the trace, a storm of
// 10,000 notifications can violate 10,000 times, and only the first
// violation's explanation is kept (its times go through fmt).
template <typename Explain, typename Chain>
void violation_lazy(check_result& r, sim::time_point at, Explain explain, Chain chain) {
  const bool first = !r.first_violation || at < *r.first_violation;
  if (!first) {
    violation(r, at, std::string(), {});
    return;
  }
  violation(r, at, explain(), chain());
}

}  // namespace reconsim::scenarios::detail
