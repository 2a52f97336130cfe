// build_timeline: a run's trace and checks -> lanes and items. Pure: the
// same run always gives the same timeline (lanes in a fixed group order,
// then by first appearance; items in trace order).
#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <string_view>

#include "reconsim/scenarios/checkers/detail/trace_query.hpp"
#include "reconsim/scenarios/views/timeline.hpp"
#include "reconsim/scenarios/views/timeline_detail.hpp"

namespace reconsim::scenarios {

std::size_t timeline_group_rank(std::string_view group) noexcept {
  const auto* it = std::find(timeline_groups.begin(), timeline_groups.end(), group);
  return static_cast<std::size_t>(it - timeline_groups.begin());
}

namespace {

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// Bookkeeping and noise a reader does not need on the picture; the
// fields stay in the trace and the Chrome trace.
bool skipped(std::string_view kind) {
  return kind == "actor.spawn" || kind == "actor.exit" || kind == "queue.get" || kind == "queue.done" ||
         kind == "notification.retry_policy" || kind == "informer.list" || kind == "harness.suite_start";
}

std::string short_key(const std::string& key) {
  const auto slash = key.rfind('/');
  return slash == std::string::npos ? key : key.substr(slash + 1);
}

std::string style_of(const sim::trace_event& e) {
  const std::string_view k = e.kind;
  if (k == "harness.poll") return e.get_int("ok") != 0 ? "poll ok" : "poll fail";
  if (k == "notification.attempt") return e.get_string("status") == "success" ? "attempt ok" : "attempt fail";
  if (k == "api.update_status" || k == "api.patch_status") return "api status";
  if (starts_with(k, "api.")) return "api";
  if (k == "informer.event") return "watch";
  if (k == "queue.add") return "queue add";
  if (k == "fs.visible_on_host") return "fs visible";
  if (k == "fs.error" || k == "fs.host_anomaly") return "fs error";
  if (starts_with(k, "fs.")) return "fs written";
  if (starts_with(k, "fault.")) return "fault";
  if (starts_with(k, "audit.")) return k == "audit.data_loss" ? "audit loss" : "audit";
  if (k == "datastorage.stored") return "audit stored";
  if (k == "notification.status") return "status";
  return "other";
}

// "notification.worker-0 · e2e-x" -> "notification.worker-0".
constexpr std::string_view row_separator = " · ";
std::string actor_of(const std::string& lane) { return lane.substr(0, lane.find(row_separator)); }

// How many NotificationRequests the run created.
int notifications_created(const run_result& r) {
  int n = 0;
  for (const auto& e : r.trace) n += e.kind == "api.create" && e.get_string("kind") == "NotificationRequest" ? 1 : 0;
  return n;
}

class builder {
 public:
  explicit builder(timeline& t) : t_(t) {}

  std::size_t lane(const timeline_lane& l) {
    auto it = index_.find(l.name);
    if (it != index_.end()) return it->second;
    t_.lanes.push_back(l);
    index_.emplace(l.name, t_.lanes.size() - 1);
    return t_.lanes.size() - 1;
  }

  void add(timeline_item i) { t_.items.push_back(std::move(i)); }

  // Puts lanes in group order, then by the first appearance of their
  // actor (a notification's rows stay together under it), then by their
  // own first appearance; renumbers the items.
  void order_lanes() {
    std::vector<std::size_t> order(t_.lanes.size());
    std::map<std::string, std::size_t> actor_first;
    for (std::size_t i = 0; i < order.size(); ++i) {
      order[i] = i;
      actor_first.emplace(actor_of(t_.lanes[i].name), i);
    }
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      const auto ga = timeline_group_rank(t_.lanes[a].group);
      const auto gb = timeline_group_rank(t_.lanes[b].group);
      if (ga != gb) return ga < gb;
      return actor_first.at(actor_of(t_.lanes[a].name)) < actor_first.at(actor_of(t_.lanes[b].name));
    });
    std::vector<std::size_t> new_index(order.size());
    std::vector<timeline_lane> lanes;
    for (std::size_t i = 0; i < order.size(); ++i) {
      new_index[order[i]] = i;
      lanes.push_back(t_.lanes[order[i]]);
    }
    t_.lanes = std::move(lanes);
    for (auto& i : t_.items) {
      if (i.shape != timeline_shape::window) i.lane = new_index[i.lane];
    }
  }

 private:
  timeline& t_;
  std::map<std::string, std::size_t> index_;
};

timeline_item item(timeline_shape shape, std::size_t lane, sim::time_point a, sim::time_point b,
                   const sim::trace_event& e, std::string style, std::string label) {
  return {shape, lane, a, b, e.kind, std::move(style), std::move(label), detail::timeline_hover_fields(e)};
}

}  // namespace

timeline build_timeline(const run_result& r) {
  timeline t;
  t.title = fmt::format("{} seed {} variant {}", r.scenario, r.seed, r.variant);
  t.end = r.trace.empty() ? sim::time_point{} : r.trace.back().at;
  if (r.outcome.at > t.end) t.end = r.outcome.at;
  builder b(t);
  const int notifications = notifications_created(r);
  const bool row_per_notification = notifications >= 2 && notifications <= timeline_rows_per_notification_up_to;
  const auto lane_of = [&b, row_per_notification](const sim::trace_event& e) {
    timeline_lane l = detail::timeline_lane_of(e);
    if (row_per_notification && l.group == "controller") {
      const std::string key = detail::object_of(e);  // key (workers), item (the workqueue), object (audit)
      if (!key.empty()) l.name += std::string(row_separator) + short_key(key);
    }
    return b.lane(l);
  };
  detail::add_paired_items(r, t, lane_of);
  for (const auto& e : r.trace) {
    if (skipped(e.kind) || e.kind == "reconcile.start" || e.kind == "reconcile.end" ||
        e.kind == "harness.test_start" || e.kind == "harness.test_end") {
      continue;  // paired above
    }
    const std::size_t lane = lane_of(e);
    std::string label;
    if (e.kind == "queue.retry") {
      // A delayed add: drawn as the wait it imposes, so "immediate vs
      // after" reads as a dot vs a dashed bar.
      const sim::duration d{e.get_int("delay")};
      b.add(item(timeline_shape::bar, lane, e.at, e.at + d, e,
                 "queue " + std::string(e.get_string("reason") == "after" ? "after" : "ratelimited"),
                 fmt::format("{} {}", e.get_string("reason"), sim::format_duration_readable(d))));
      continue;
    }
    if ((e.kind == "fs.write" || e.kind == "fs.rename") && e.find("visible_at") != nullptr) {
      // Written in the guest now, visible on the host later: the sync gap.
      const sim::time_point visible{sim::duration(e.get_int("visible_at"))};
      b.add(item(timeline_shape::bar, lane, e.at, visible, e, "fs sync", short_key(e.get_string("path"))));
      continue;
    }
    if (e.kind == "notification.status") label = e.get_string("phase");
    if (e.kind == "fault.load") label = fmt::format("load {}", e.get_int("load"));
    b.add(item(timeline_shape::mark, lane, e.at, e.at, e, style_of(e), std::move(label)));
  }
  for (const auto& c : r.checks) {
    if (c.passed || !c.first_violation_s) continue;
    const sim::time_point at{sim::from_seconds(*c.first_violation_s)};
    std::vector<sim::field> f{{"check", c.name}, {"first violation", fmt::format("{:.6f}s", *c.first_violation_s)},
                              {"explanation", c.explanation}};
    const std::vector<std::string> chain = chain_lines(c);
    for (std::size_t i = 0; i < chain.size(); ++i) f.emplace_back(fmt::format("chain {}", i + 1), chain[i]);
    b.add({timeline_shape::mark, b.lane({"checkers", "checks"}), at, at, "check.violation", "violation", c.name,
           std::move(f)});
  }
  b.order_lanes();
  detail::add_causal_links(t);
  detail::add_check_chains(r, t);
  return t;
}

}  // namespace reconsim::scenarios
