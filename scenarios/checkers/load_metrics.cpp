// measure_load: one pass over the trace, per-key state in ordered maps.
#include "reconsim/scenarios/checkers/load_metrics.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <utility>

#include "reconsim/model/notification/types.hpp"
#include "reconsim/scenarios/checkers/detail/trace_query.hpp"

namespace reconsim::scenarios {

namespace {

namespace nt = model::notification;

double nearest_rank(const std::vector<double>& sorted, double q) {
  const auto n = static_cast<double>(sorted.size());
  const auto rank = static_cast<std::size_t>(std::max(1.0, std::ceil(q * n)));
  return sorted[std::min(rank, sorted.size()) - 1];
}

bool is_write(std::string_view kind) {
  return kind == "api.create" || kind == "api.update" || kind == "api.update_status" || kind == "api.delete" ||
         kind == "api.noop";
}

struct retry_state {
  int number = 0;
  bool retryable_failure = false;
  sim::time_point at{};
};

}  // namespace

spread spread_of(std::vector<double> sample) {
  spread s;
  if (sample.empty()) return s;
  std::sort(sample.begin(), sample.end());
  s.count = static_cast<std::int64_t>(sample.size());
  double sum = 0;
  for (double v : sample) sum += v;  // in sorted order: the same sum on every machine
  s.mean = sum / static_cast<double>(sample.size());
  s.p50 = nearest_rank(sample, 0.50);
  s.p99 = nearest_rank(sample, 0.99);
  s.max = sample.back();
  return s;
}

load_metrics measure_load(const trace_events& trace) {
  load_metrics m;
  const detail::policies pol(trace);
  std::map<std::string, sim::time_point> created;
  std::map<std::string, int> attempts;
  std::map<std::pair<std::string, std::string>, retry_state> last;  // (key, channel)
  std::vector<double> wait, work, to_terminal;
  std::optional<sim::time_point> first_create;
  sim::time_point last_controller_event{};
  const auto depth_at = [&m, &first_create](sim::time_point at, std::int64_t depth) {
    if (!first_create || at < *first_create) return;
    const auto second = static_cast<std::size_t>(std::chrono::duration_cast<std::chrono::seconds>(at - *first_create).count());
    if (m.queue_depth_per_s.size() <= second) m.queue_depth_per_s.resize(second + 1, 0);
    const int d = static_cast<int>(depth);
    m.queue_depth_per_s[second] = std::max(m.queue_depth_per_s[second], d);
    m.queue_depth_max = std::max(m.queue_depth_max, d);
  };
  for (const auto& e : trace) {
    if (detail::starts_with(e.kind, "api.")) {
      ++m.api_requests;
      if (is_write(e.kind)) ++m.api_writes;
      if (e.kind == "api.update_status") ++m.status_writes;
      if (e.kind == "api.create" && e.get_string("kind") == "NotificationRequest") {
        created.emplace(e.get_string("key"), e.at);
        if (!first_create) first_create = e.at;
      }
      continue;
    }
    if (e.kind == "queue.add" || e.kind == "queue.get") depth_at(e.at, e.get_int("depth"));
    if (e.kind == "queue.get") {
      wait.push_back(sim::to_seconds(sim::duration(e.get_int("wait"))));
      last_controller_event = e.at;
    } else if (e.kind == "queue.done") {
      work.push_back(sim::to_seconds(sim::duration(e.get_int("work"))));
      last_controller_event = e.at;
    } else if (e.kind == "reconcile.start") {
      ++m.reconciles;
    } else if (e.kind == "notification.status") {
      const std::string key = e.get_string("key");
      const auto phase = nt::parse_notification_phase(e.get_string("phase"));
      auto it = created.find(key);
      if (phase && nt::is_terminal(*phase) && it != created.end()) {
        to_terminal.push_back(sim::to_seconds(e.at - it->second));
        created.erase(it);  // the first terminal write counts
        ++m.terminal;
      }
    } else if (e.kind == "notification.attempt") {
      const std::string key = e.get_string("key");
      ++attempts[key];
      retry_state& s = last[{key, e.get_string("channel")}];
      if (s.retryable_failure) {
        ++m.retries;
        if (e.at - s.at < detail::earliest_on_time_retry(pol.of(key), s.number)) ++m.early_retries;
      }
      s.number = static_cast<int>(e.get_int("attempt"));
      s.retryable_failure =
          e.get_string("status") != "success" && !detail::starts_with(e.get_string("error"), "permanent failure:");
      s.at = e.at;
    }
  }
  m.notifications = m.terminal + static_cast<int>(created.size());
  std::vector<double> per_notification;
  for (const auto& [key, n] : attempts) per_notification.push_back(n);
  per_notification.resize(static_cast<std::size_t>(std::max<int>(m.notifications, static_cast<int>(per_notification.size()))), 0.0);
  m.queue_wait_s = spread_of(std::move(wait));
  m.processing_s = spread_of(std::move(work));
  m.time_to_terminal_s = spread_of(std::move(to_terminal));
  m.attempts = spread_of(std::move(per_notification));
  if (first_create) m.span_s = sim::to_seconds(last_controller_event - *first_create);
  if (m.span_s > 0) m.api_requests_per_s = static_cast<double>(m.api_requests) / m.span_s;
  if (m.notifications > 0) {
    m.api_writes_per_notification = static_cast<double>(m.api_writes) / m.notifications;
    m.status_writes_per_notification = static_cast<double>(m.status_writes) / m.notifications;
  }
  return m;
}

}  // namespace reconsim::scenarios
