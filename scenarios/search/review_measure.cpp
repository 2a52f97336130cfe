// measure_run: a design's costs and timing from one run's trace.
#include <map>
#include <set>
#include <utility>

#include "reconsim/scenarios/checkers/checker.hpp"
#include "reconsim/scenarios/checkers/detail/trace_query.hpp"
#include "reconsim/scenarios/search/review.hpp"

namespace reconsim::scenarios {

namespace {

bool is_write(const std::string& kind) {
  return kind == "api.update" || kind == "api.update_status" || kind == "api.patch" || kind == "api.patch_status";
}

bool terminal_phase(const std::string& p) { return p == "Sent" || p == "PartiallySent" || p == "Failed"; }

// The policy's wait before retry k: initial * multiplier^(k-1), capped.
double backoff_s(const model::notification::retry_policy& p, int k) {
  double b = p.initial_backoff_seconds;
  for (int i = 1; i < k && b < p.max_backoff_seconds; ++i) b *= p.backoff_multiplier;
  return b < p.max_backoff_seconds ? b : p.max_backoff_seconds;
}

struct channel_history {
  int failed = 0;
  std::optional<sim::time_point> last_failure;
};

}  // namespace

run_measures measure_run(const run_result& r) {
  run_measures m;
  const detail::policies pol(r.trace);
  std::map<std::string, sim::time_point> created;
  std::set<std::string> terminal;
  std::map<std::pair<std::string, std::string>, channel_history> channels;
  for (const auto& e : r.trace) {
    const std::string key = e.get_string("key");
    if (e.kind == "api.create" && e.get_string("kind") == "NotificationRequest") {
      created.emplace(key, e.at);
    } else if (is_write(e.kind) && e.get_string("kind") == "NotificationRequest") {
      ++m.api_writes;
    } else if (e.kind == "notification.status" && terminal_phase(e.get_string("phase")) && created.contains(key) &&
               terminal.insert(key).second) {
      m.terminal_s.push_back(sim::to_seconds(e.at - created[key]));
    } else if (e.kind == "notification.attempt") {
      ++m.attempts;
      auto& h = channels[{key, e.get_string("channel")}];
      if (h.last_failure) {
        m.gaps.push_back({h.failed, sim::to_seconds(e.at - *h.last_failure), backoff_s(pol.of(key), h.failed)});
      }
      if (e.get_string("status") == "success") {
        h.last_failure.reset();
      } else {
        ++h.failed;
        h.last_failure = e.at;
      }
    }
  }
  m.notifications = static_cast<int>(created.size());
  m.audit_stored = static_cast<int>(tally_audit(r.trace).stored_rows);
  return m;
}

}  // namespace reconsim::scenarios
