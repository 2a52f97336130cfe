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
#include <memory>
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

}  // namespace

sim::duration detail::earliest_on_time_retry(const retry_policy& p, int failed_attempts) {
  const auto c = backoff_config_of(p);
  const sim::duration b = backoff_without_jitter(c, failed_attempts - 1);
  return std::max(c.base, b - jitter_of(b)) - whole_second_stamps;
}

namespace {

// Keeps, per (object, channel), only its last attempt: a retry is judged
// against the attempt before it, and what is owed at the end against the
// last one.
class retries_honour_backoff final : public checker {
 public:
  explicit retries_honour_backoff(const lookback& past) : past_(past) { r_.name = "retries-honour-backoff"; }

  void observe(const sim::trace_event& e) override {
    pol_.observe(e);
    // The object's name only for the kinds read here (most events are not).
    if (e.kind != "api.create" && e.kind != "api.delete" && e.kind != "notification.attempt") return;
    const std::string key = detail::object_of(e);
    if (e.kind == "api.create" || e.kind == "api.delete") {
      // A new object starts afresh; a deleted one owes no retries.
      // (key, "") sorts before every (key, channel): one ordered range.
      auto from = last_.lower_bound({key, std::string()});
      auto to = from;
      while (to != last_.end() && to->first.first == key) ++to;
      last_.erase(from, to);
      return;
    }
    const std::string channel = e.get_string("channel");
    last_attempt now{e.at, static_cast<int>(e.get_int("attempt")), e.get_text("status") != "success",
                     detail::starts_with(e.get_text("error"), "permanent failure:")};
    any_retryable_failure_ = any_retryable_failure_ || (now.failed && !now.permanent);
    auto it = last_.find({key, channel});
    if (it != last_.end() && it->second.failed && !it->second.permanent) {
      const last_attempt& prev = it->second;
      const sim::duration min = detail::earliest_on_time_retry(pol_.of(key), prev.number);
      if (e.at - prev.at < min) {
        detail::violation_lazy(
            r_, e.at,
            [&] {
              return key + ": " + channel + " attempt " + std::to_string(now.number) + " at " + detail::secs(e.at) +
                     " came " + detail::secs(e.at - prev.at) + " after attempt " + std::to_string(prev.number) +
                     " failed; the backoff allows it no sooner than " + detail::secs(min);
            },
            [&] { return past_.story(key); });
      }
    }
    last_[{key, channel}] = now;
  }

  check_result finish(const sim::outcome* outcome) override {
    // A retry due after the controller stopped is owed by nobody.
    const sim::time_point end = past_.controller_stopped(outcome);
    for (const auto& [kc, a] : last_) {
      // Names for the lambdas below (Clang 14 cannot capture a binding).
      const std::string& key = kc.first;
      const std::string& channel = kc.second;
      const last_attempt& last = a;
      const retry_policy p = pol_.of(key);
      if (!a.failed || a.permanent || a.number >= p.max_attempts) continue;
      const sim::time_point due = a.at + upper_bound(p, a.number);
      if (end < due) continue;
      // The chain as it stood when the retry was due, not as the run ended.
      detail::violation_lazy(
          r_, due,
          [&] {
            return key + ": " + channel + " attempt " + std::to_string(last.number) + " failed at " +
                   detail::secs(last.at) + " with " + std::to_string(p.max_attempts - last.number) +
                   " attempts left, and no retry came by " + detail::secs(due) + " (the controller ran until " +
                   detail::secs(end) + ")";
          },
          [&] { return past_.story_until(key, due); });
    }
    if (r_.passed) r_.explanation = "every failed attempt with retries left was retried within its backoff window";
    if (!any_retryable_failure_) not_exercised(r_, "no delivery attempt failed with a retry to come");
    return std::move(r_);
  }

 private:
  const lookback& past_;
  detail::policies pol_;
  std::map<std::pair<std::string, std::string>, last_attempt> last_;  // (key, channel)
  bool any_retryable_failure_ = false;
  check_result r_;
};

}  // namespace

std::unique_ptr<checker> make_retries_honour_backoff(const lookback& past) {
  return std::make_unique<retries_honour_backoff>(past);
}

}  // namespace reconsim::scenarios
