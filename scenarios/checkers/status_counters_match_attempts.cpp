// status-counters-match-attempts: each status write's totalAttempts,
// successfulDeliveries and failedDeliveries equal what the attempts made
// so far say (unique channels with a success; unique channels that failed
// and never succeeded). An attempt lost by a failed write, or collapsed by
// the one-second de-duplication, shows here.
#include <map>
#include <set>

#include "reconsim/scenarios/checkers/detail/trace_query.hpp"

namespace reconsim::scenarios {
namespace {

struct tally {
  std::int64_t total = 0;
  std::set<std::string> ok;
  std::set<std::string> failed;  // never succeeded
  bool reported = false;         // one violation per divergence, not per write
};

std::string mismatch(const sim::trace_event& e, const tally& t) {
  const std::int64_t total = e.get_int("total_attempts");
  const std::int64_t ok = e.get_int("successful");
  const std::int64_t failed = e.get_int("failed");
  if (total == t.total && ok == static_cast<std::int64_t>(t.ok.size()) &&
      failed == static_cast<std::int64_t>(t.failed.size()))
    return "";
  return "totalAttempts=" + std::to_string(total) + " successful=" + std::to_string(ok) +
         " failed=" + std::to_string(failed) + " but the attempts made say " + std::to_string(t.total) + "/" +
         std::to_string(t.ok.size()) + "/" + std::to_string(t.failed.size());
}

}  // namespace

check_result check_status_counters_match_attempts(const trace_events& trace, const sim::outcome* /*outcome*/) {
  check_result r;
  r.name = "status-counters-match-attempts";
  std::map<std::string, tally> by_key;
  for (std::size_t i = 0; i < trace.size(); ++i) {
    const sim::trace_event& e = trace[i];
    // The object's name only for the kinds read here (most events are not).
    if (e.kind != "api.create" && e.kind != "notification.attempt" && e.kind != "notification.status") continue;
    const std::string key = detail::object_of(e);
    if (e.kind == "api.create") {
      by_key.erase(key);
    } else if (e.kind == "notification.attempt") {
      tally& t = by_key[key];
      ++t.total;
      const std::string ch = e.get_string("channel");
      if (e.get_string("status") == "success") {
        t.ok.insert(ch);
        t.failed.erase(ch);
      } else if (!t.ok.contains(ch)) {
        t.failed.insert(ch);
      }
    } else if (e.kind == "notification.status") {
      tally& t = by_key[key];
      const std::string why = mismatch(e, t);
      if (why.empty()) {
        t.reported = false;
        continue;
      }
      if (t.reported) continue;
      t.reported = true;
      detail::violation_lazy(r, e.at,
                        key + ": status write (" + e.get_string("why") + ") at " + detail::secs(e.at) + " has " + why,
                        [&] { return detail::chain_for(trace, key, i); });
    }
  }
  if (r.passed) r.explanation = "every status write agreed with the attempts made";
  if (by_key.empty()) not_exercised(r, "no delivery attempt and no status write");
  return r;
}

}  // namespace reconsim::scenarios
