// retries-honour-backoff: a failed, retryable attempt is followed by a
// retry while attempts remain, and never sooner than the backoff allows.
//
// After the k-th failed attempt the policy waits base * multiplier^(k-1)
// (seed 003: 30 s, 60 s, 120 s, ...) with +-10 % jitter, clamped to
// [base, max]. Upstream's Retrying branch computes it from the count before
// the loop, one step behind; the lower bound accepts that step (it is a
// schedule question, not the seed's bug), so what fails is a retry sooner
// than backoff(k-1) minus jitter minus 1 s (the stored timestamps are whole
// seconds, so upstream's own check may fire up to 1 s early): a bypassed
// backoff. The upper bound is
// backoff(k) plus jitter plus a grace for the reconcile itself.
#include <algorithm>
#include <map>
#include <utility>

#include "reconsim/model/notification/backoff.hpp"
#include "reconsim/scenarios/checkers/detail/trace_query.hpp"

namespace reconsim::scenarios {
namespace {

using model::notification::backoff_config_of;
using model::notification::backoff_without_jitter;
using model::notification::retry_policy;

constexpr sim::duration grace = std::chrono::seconds(5);

struct last_attempt {
  sim::time_point at{};
  int number = 0;
  bool failed = false;
  bool permanent = false;
  std::size_t index = 0;
};

sim::duration jitter_of(sim::duration b) { return sim::duration{b.count() / 100 * 10 + (b.count() % 100) * 10 / 100}; }

// Upstream computes the next retry from the attempt's stored timestamp,
// which the API server keeps in whole seconds: a retry may come up to 1 s
// before backoff-minus-jitter after the real failure and still be on time.
constexpr sim::duration whole_second_stamps = std::chrono::seconds(1);


sim::duration upper_bound(const retry_policy& p, int failed_attempts) {
  const auto c = backoff_config_of(p);
  const sim::duration b = backoff_without_jitter(c, failed_attempts);
  sim::duration u = b + jitter_of(b);
  if (c.max.count() > 0) u = std::min(u, c.max);
  return u + grace;
}

std::size_t index_at(const trace_events& t, sim::time_point at) {
  std::size_t i = 0;
  while (i + 1 < t.size() && t[i + 1].at <= at) ++i;
  return i;
}

}  // namespace

sim::duration detail::earliest_on_time_retry(const retry_policy& p, int failed_attempts) {
  const auto c = backoff_config_of(p);
  const sim::duration b = backoff_without_jitter(c, failed_attempts - 1);
  return std::max(c.base, b - jitter_of(b)) - whole_second_stamps;
}

check_result check_retries_honour_backoff(const trace_events& trace, const sim::outcome* outcome) {
  check_result r;
  r.name = "retries-honour-backoff";
  const detail::policies pol(trace);
  std::map<std::pair<std::string, std::string>, last_attempt> last;  // (key, channel)
  bool any_retryable_failure = false;
  for (std::size_t i = 0; i < trace.size(); ++i) {
    const sim::trace_event& e = trace[i];
    // The object's name only for the kinds read here (most events are not).
    if (e.kind != "api.create" && e.kind != "api.delete" && e.kind != "notification.attempt") continue;
    const std::string key = detail::object_of(e);
    if (e.kind == "api.create" || e.kind == "api.delete") {
      // A new object starts afresh; a deleted one owes no retries.
      // (key, "") sorts before every (key, channel): one ordered range.
      auto from = last.lower_bound({key, std::string()});
      auto to = from;
      while (to != last.end() && to->first.first == key) ++to;
      last.erase(from, to);
      continue;
    }
    if (e.kind != "notification.attempt") continue;
    const std::string channel = e.get_string("channel");
    last_attempt now{e.at, static_cast<int>(e.get_int("attempt")), e.get_string("status") != "success",
                     detail::starts_with(e.get_string("error"), "permanent failure:"), i};
    any_retryable_failure = any_retryable_failure || (now.failed && !now.permanent);
    auto it = last.find({key, channel});
    if (it != last.end() && it->second.failed && !it->second.permanent) {
      const last_attempt& prev = it->second;
      const sim::duration min = detail::earliest_on_time_retry(pol.of(key), prev.number);
      if (e.at - prev.at < min) {
        detail::violation_lazy(r, e.at,
                          key + ": " + channel + " attempt " + std::to_string(now.number) + " at " + detail::secs(e.at) +
                              " came " + detail::secs(e.at - prev.at) + " after attempt " + std::to_string(prev.number) +
                              " failed; the backoff allows it no sooner than " + detail::secs(min),
                          [&] { return detail::chain_for(trace, key, i); });
      }
    }
    last[{key, channel}] = now;
  }
  // A retry due after the controller stopped is owed by nobody.
  const sim::time_point end = detail::controller_stopped(trace, outcome);
  for (const auto& [kc, a] : last) {
    const std::string& key = kc.first;  // a name for the lambda below (Clang 14 cannot capture a binding)
    const retry_policy p = pol.of(kc.first);
    if (!a.failed || a.permanent || a.number >= p.max_attempts) continue;
    const sim::time_point due = a.at + upper_bound(p, a.number);
    if (end < due) continue;
    detail::violation_lazy(r, due,
                      kc.first + ": " + kc.second + " attempt " + std::to_string(a.number) + " failed at " +
                          detail::secs(a.at) + " with " + std::to_string(p.max_attempts - a.number) +
                          " attempts left, and no retry came by " + detail::secs(due) + " (the controller ran until " +
                          detail::secs(end) + ")",
                      [&] { return detail::chain_for(trace, key, index_at(trace, due)); });
  }
  if (r.passed) r.explanation = "every failed attempt with retries left was retried within its backoff window";
  if (!any_retryable_failure) not_exercised(r, "no delivery attempt failed with a retry to come");
  return r;
}

}  // namespace reconsim::scenarios
