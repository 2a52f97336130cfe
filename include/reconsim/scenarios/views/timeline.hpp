#pragma once
// A run drawn on its virtual time axis: one lane per actor (test processes,
// controller workers, workqueue, informer, API server, file sync, audit,
// DataStorage, network, faults), reconciles as bars, everything else as
// marks, fault windows shaded across all lanes, checker violations marked.
// build_timeline reads only the run's trace and checks, so a replayed run
// draws the same picture. The renderers (HTML, Chrome trace) share it.
#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "reconsim/scenarios/testbed/run.hpp"
#include "reconsim/sim/trace.hpp"

namespace reconsim::scenarios {

// Lanes are grouped top to bottom the way a reader follows a failure: the
// test that waits, the controller that acts, the platform it talks to, the
// environment that misbehaves, the faults, the verdicts.
inline constexpr std::array<std::string_view, 7> timeline_groups = {"tests",       "controller", "platform",
                                                                    "environment", "other",      "faults",
                                                                    "checks"};
// The group's index in timeline_groups; timeline_groups.size() for a group
// not in it (it sorts last).
std::size_t timeline_group_rank(std::string_view group) noexcept;

struct timeline_lane {
  std::string name;   // the actor, or the modelled component for world events
  std::string group;  // one of timeline_groups
};

enum class timeline_shape {
  bar,     // something with a duration on one lane (a reconcile, an Eventually)
  mark,    // an instant on one lane
  window,  // a fault window, shaded across every lane
};

struct timeline_item {
  timeline_shape shape = timeline_shape::mark;
  std::size_t lane = 0;  // index into timeline::lanes (unused for windows)
  sim::time_point start{};
  sim::time_point end{};  // == start for marks
  std::string kind;       // the trace kind, or "check.violation" / "fault.window"
  std::string style;      // css class: the item's category and result
  std::string label;      // short text drawn next to bars
  std::vector<sim::field> fields;  // shown on hover
};

// Cause and effect between two items (indices into timeline::items):
//   watch         a write to the API server -> the watch event it produced
//   wakes         a watch event -> the next reconcile of that object
//   requeue_after a RequeueAfter wait -> the reconcile at its due time
//   chain         one event of a failed check's "how it came about" chain
//                 -> the next (the checker's own story, drawn)
// The Notification controller's own race reads off these at a glance: a
// status write whose event wakes a reconcile long before its RequeueAfter.
struct timeline_link {
  std::size_t from = 0;
  std::size_t to = 0;
  std::string kind;
};

// With at most this many NotificationRequests in a run, the controller's
// lanes (each worker, the workqueue) get one row per notification
// ("notification.worker-0 · e2e-retry-backoff"), so two notifications
// never share a row; a storm's thousands stay one row per actor.
inline constexpr int timeline_rows_per_notification_up_to = 12;

struct timeline {
  std::string title;
  sim::time_point end{};  // the run's end
  // By timeline_group_rank, then by first appearance (a notification's
  // rows right under the first row of their actor).
  std::vector<timeline_lane> lanes;
  std::vector<timeline_item> items;  // in trace order, windows first
  std::vector<timeline_link> links;  // in the order of their `from`
};

timeline build_timeline(const run_result& r);

// One self-contained HTML page (inline CSS, JS and SVG; no network).
std::string timeline_html(const run_result& r);

}  // namespace reconsim::scenarios
