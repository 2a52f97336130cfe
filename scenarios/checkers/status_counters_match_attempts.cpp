// status-counters-match-attempts: each status write's totalAttempts,
// successfulDeliveries and failedDeliveries equal what the attempts made
// so far say (unique channels with a success; unique channels that failed
// and never succeeded). An attempt lost by a failed write, or collapsed by
// the one-second de-duplication, shows here.
#include <map>
#include <memory>
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

// Keeps, per object, the tally of its attempts so far.
class status_counters_match_attempts final : public checker {
 public:
  explicit status_counters_match_attempts(const lookback& past) : past_(past) {
    r_.name = "status-counters-match-attempts";
  }

  void observe(const sim::trace_event& e) override {
    // The object's name only for the kinds read here (most events are not).
    if (e.kind != "api.create" && e.kind != "notification.attempt" && e.kind != "notification.status") return;
    const std::string_view key = detail::object_name(e);
    if (e.kind == "api.create") {
      detail::erase_key(by_key_, key);
    } else if (e.kind == "notification.attempt") {
      tally& t = detail::entry(by_key_, key);
      ++t.total;
      const std::string ch = e.get_string("channel");
      if (e.get_text("status") == "success") {
        t.ok.insert(ch);
        t.failed.erase(ch);
      } else if (!t.ok.contains(ch)) {
        t.failed.insert(ch);
      }
    } else {
      tally& t = detail::entry(by_key_, key);
      const std::string why = mismatch(e, t);
      if (why.empty()) {
        t.reported = false;
        return;
      }
      if (t.reported) return;
      t.reported = true;
      detail::violation_lazy(
          r_, e.at,
          [&] {
            return std::string(key) + ": status write (" + e.get_string("why") + ") at " + detail::secs(e.at) + " has " + why;
          },
          [&] { return past_.story(key); });
    }
  }

  check_result finish(const sim::outcome* /*outcome*/) override {
    if (r_.passed) r_.explanation = "every status write agreed with the attempts made";
    if (by_key_.empty()) not_exercised(r_, "no delivery attempt and no status write");
    return std::move(r_);
  }

 private:
  const lookback& past_;
  std::map<std::string, tally, std::less<>> by_key_;
  check_result r_;
};

}  // namespace

std::unique_ptr<checker> make_status_counters_match_attempts(const lookback& past) {
  return std::make_unique<status_counters_match_attempts>(past);
}

}  // namespace reconsim::scenarios
