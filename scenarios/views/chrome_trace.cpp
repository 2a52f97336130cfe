// chrome_trace: the timeline's lanes as Chrome trace threads. One process
// per lane group so Perfetto folds "tests", "controller", ... separately;
// tids are lane indices, stable for a given run.
#include "reconsim/scenarios/views/chrome_trace.hpp"

#include <fmt/format.h>

#include <variant>

#include "reconsim/scenarios/views/timeline.hpp"

namespace reconsim::scenarios {

namespace {

// A lane group's process: 1 + its rank, so a group the timeline does not
// know comes last.
int pid_of(const std::string& group) { return static_cast<int>(timeline_group_rank(group)) + 1; }

// Virtual microseconds; Chrome's ts unit.
double us(sim::time_point t) { return static_cast<double>(t.time_since_epoch().count()) / 1e3; }

nlohmann::json args_of(const timeline_item& i) {
  nlohmann::json a = nlohmann::json::object();
  for (const auto& f : i.fields) std::visit([&a, &f](const auto& v) { a[f.key] = v; }, f.value);
  return a;
}

std::string name_of(const timeline_item& i) { return i.label.empty() ? i.kind : i.kind + ": " + i.label; }

}  // namespace

nlohmann::json chrome_trace(const run_result& r) {
  const timeline t = build_timeline(r);
  nlohmann::json events = nlohmann::json::array();
  for (std::size_t g = 0; g < timeline_groups.size(); ++g) {
    events.push_back({{"ph", "M"}, {"name", "process_name"}, {"pid", g + 1}, {"tid", 0},
                      {"args", {{"name", std::string(timeline_groups[g])}}}});
    events.push_back({{"ph", "M"}, {"name", "process_sort_index"}, {"pid", g + 1}, {"tid", 0},
                      {"args", {{"sort_index", g}}}});
  }
  for (std::size_t l = 0; l < t.lanes.size(); ++l) {
    const int pid = pid_of(t.lanes[l].group);
    events.push_back({{"ph", "M"}, {"name", "thread_name"}, {"pid", pid}, {"tid", l + 1},
                      {"args", {{"name", t.lanes[l].name}}}});
    events.push_back({{"ph", "M"}, {"name", "thread_sort_index"}, {"pid", pid}, {"tid", l + 1},
                      {"args", {{"sort_index", l}}}});
  }
  for (const auto& i : t.items) {
    // Fault windows have no lane of their own: they go on the faults
    // process as complete events on a thread of their own (tid 0).
    const bool window = i.shape == timeline_shape::window;
    const int pid = window ? pid_of("faults") : pid_of(t.lanes[i.lane].group);
    const std::size_t tid = window ? 0 : i.lane + 1;
    nlohmann::json e = {{"name", name_of(i)}, {"cat", i.style}, {"pid", pid}, {"tid", tid}, {"ts", us(i.start)},
                        {"args", args_of(i)}};
    if (i.shape == timeline_shape::mark) {
      e["ph"] = "i";
      e["s"] = i.kind == "check.violation" ? "g" : "t";  // a violation spans the whole view
    } else {
      e["ph"] = "X";
      e["dur"] = static_cast<double>((i.end - i.start).count()) / 1e3;
    }
    events.push_back(std::move(e));
  }
  // The same cause-and-effect links as flow arrows (Perfetto draws them).
  for (std::size_t n = 0; n < t.links.size(); ++n) {
    const timeline_link& l = t.links[n];
    const timeline_item& a = t.items[l.from];
    const timeline_item& b = t.items[l.to];
    const sim::time_point from = l.kind == "requeue_after" ? a.end : a.start;
    events.push_back({{"ph", "s"}, {"id", n + 1}, {"name", l.kind}, {"cat", "link"}, {"pid", pid_of(t.lanes[a.lane].group)},
                      {"tid", a.lane + 1}, {"ts", us(from)}});
    events.push_back({{"ph", "f"}, {"bp", "e"}, {"id", n + 1}, {"name", l.kind}, {"cat", "link"},
                      {"pid", pid_of(t.lanes[b.lane].group)}, {"tid", b.lane + 1}, {"ts", us(b.start)}});
  }
  return {{"traceEvents", std::move(events)},
          {"displayTimeUnit", "ms"},
          {"otherData",
           {{"scenario", r.scenario}, {"seed", r.seed}, {"variant", r.variant}, {"trace_hash", r.trace_hash},
            {"clock", "virtual"}}}};
}

}  // namespace reconsim::scenarios
