// load_reader: one pass, per-key state in ordered maps (and one sample
// per reconcile for the spreads: exact percentiles need every value).
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

struct load_reader::state {
  load_metrics m;
  detail::policies pol;
  std::map<std::string, sim::time_point> created;
  std::map<std::string, int> attempts;
  std::map<std::pair<std::string, std::string>, retry_state> last;  // (key, channel)
  std::vector<double> wait, work, to_terminal;
  std::optional<sim::time_point> first_create;
  sim::time_point last_controller_event{};

  void depth_at(sim::time_point at, std::int64_t depth) {
    if (!first_create || at < *first_create) return;
    const auto second = static_cast<std::size_t>(std::chrono::duration_cast<std::chrono::seconds>(at - *first_create).count());
    if (m.queue_depth_per_s.size() <= second) m.queue_depth_per_s.resize(second + 1, 0);
    const int d = static_cast<int>(depth);
    m.queue_depth_per_s[second] = std::max(m.queue_depth_per_s[second], d);
    m.queue_depth_max = std::max(m.queue_depth_max, d);
  }
};

load_reader::load_reader() : s_(std::make_unique<state>()) {}
load_reader::~load_reader() = default;

void load_reader::observe(const sim::trace_event& e) {
  state& s = *s_;
  load_metrics& m = s.m;
  s.pol.observe(e);
  if (detail::starts_with(e.kind, "api.")) {
    ++m.api_requests;
    if (is_write(e.kind)) ++m.api_writes;
    if (e.kind == "api.update_status") ++m.status_writes;
    if (e.kind == "api.create" && e.get_text("kind") == "NotificationRequest") {
      s.created.emplace(e.get_string("key"), e.at);
      if (!s.first_create) s.first_create = e.at;
    }
    return;
  }
  if (e.kind == "queue.add" || e.kind == "queue.get") s.depth_at(e.at, e.get_int("depth"));
  if (e.kind == "queue.get") {
    s.wait.push_back(sim::to_seconds(sim::duration(e.get_int("wait"))));
    s.last_controller_event = e.at;
  } else if (e.kind == "queue.done") {
    s.work.push_back(sim::to_seconds(sim::duration(e.get_int("work"))));
    s.last_controller_event = e.at;
  } else if (e.kind == "reconcile.start") {
    ++m.reconciles;
  } else if (e.kind == "notification.status") {
    const std::string key = e.get_string("key");
    const auto phase = nt::parse_notification_phase(e.get_string("phase"));
    auto it = s.created.find(key);
    if (phase && nt::is_terminal(*phase) && it != s.created.end()) {
      s.to_terminal.push_back(sim::to_seconds(e.at - it->second));
      s.created.erase(it);  // the first terminal write counts
      ++m.terminal;
    }
  } else if (e.kind == "notification.attempt") {
    const std::string key = e.get_string("key");
    ++s.attempts[key];
    retry_state& r = s.last[{key, e.get_string("channel")}];
    if (r.retryable_failure) {
      ++m.retries;
      if (e.at - r.at < detail::earliest_on_time_retry(s.pol.of(key), r.number)) ++m.early_retries;
    }
    r.number = static_cast<int>(e.get_int("attempt"));
    r.retryable_failure =
        e.get_text("status") != "success" && !detail::starts_with(e.get_text("error"), "permanent failure:");
    r.at = e.at;
  }
}

load_metrics load_reader::finish() const {
  const state& s = *s_;
  load_metrics m = s.m;
  m.notifications = m.terminal + static_cast<int>(s.created.size());
  std::vector<double> per_notification;
  for (const auto& [key, n] : s.attempts) per_notification.push_back(n);
  per_notification.resize(static_cast<std::size_t>(std::max<int>(m.notifications, static_cast<int>(per_notification.size()))), 0.0);
  m.queue_wait_s = spread_of(s.wait);
  m.processing_s = spread_of(s.work);
  m.time_to_terminal_s = spread_of(s.to_terminal);
  m.attempts = spread_of(std::move(per_notification));
  if (s.first_create) m.span_s = sim::to_seconds(s.last_controller_event - *s.first_create);
  if (m.span_s > 0) m.api_requests_per_s = static_cast<double>(m.api_requests) / m.span_s;
  if (m.notifications > 0) {
    m.api_writes_per_notification = static_cast<double>(m.api_writes) / m.notifications;
    m.status_writes_per_notification = static_cast<double>(m.status_writes) / m.notifications;
  }
  return m;
}

load_metrics measure_load(const trace_events& trace) {
  load_reader r;
  for (const auto& e : trace) r.observe(e);
  return r.finish();
}

}  // namespace reconsim::scenarios
