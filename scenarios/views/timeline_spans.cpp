// Bars made of two events: a reconcile (start..end, by reconcile_id), a
// test (test_start..test_end, by name) and fault windows (a fault that is
// switched on and later off). Unclosed ones run to the end of the run:
// a reconcile still running when the run stopped is itself a finding.
#include <fmt/format.h>

#include <map>
#include <optional>
#include <string>
#include <utility>

#include "reconsim/scenarios/views/timeline_detail.hpp"

namespace reconsim::scenarios::detail {

namespace {

struct open_span {
  sim::trace_event start;
  std::size_t lane = 0;
};

std::string short_key(const std::string& key) {
  const auto slash = key.rfind('/');
  return slash == std::string::npos ? key : key.substr(slash + 1);
}

// The key of a fault window and whether this event opens (true) or closes
// it; nullopt when the event is not a windowed fault.
std::optional<std::pair<std::string, bool>> fault_window_edge(const sim::trace_event& e) {
  if (e.kind == "fault.chmod") return std::pair{"chmod ro " + e.get_string("path"), e.get_string("mode") == "ro"};
  if (e.kind == "fault.enospc") return std::pair{"ENOSPC " + e.get_string("path"), e.get_int("on") != 0};
  if (e.kind == "fault.partition") return std::pair{"partition " + e.get_string("a") + " | " + e.get_string("b"), true};
  if (e.kind == "fault.heal") return std::pair{"partition " + e.get_string("a") + " | " + e.get_string("b"), false};
  return std::nullopt;
}

void close(timeline& t, const open_span& s, sim::time_point end, std::vector<sim::field> extra, std::string style,
           std::string label, timeline_shape shape = timeline_shape::bar) {
  std::vector<sim::field> f = timeline_hover_fields(s.start);
  for (auto& x : extra) f.push_back(std::move(x));
  f.emplace_back("duration", fmt::format("{:.6f}s", sim::to_seconds(end - s.start.at)));
  t.items.push_back({shape, s.lane, s.start.at, end, s.start.kind, std::move(style), std::move(label), std::move(f)});
}

// The end event's own fields, prefixed, so the hover box shows both.
std::vector<sim::field> end_fields(const sim::trace_event& e) {
  std::vector<sim::field> f;
  f.emplace_back("end.t", fmt::format("{:.6f}s", sim::to_seconds(e.at)));
  for (const auto& x : e.fields) {
    sim::field copy = sim::owned(x);
    copy.key = "end." + x.key;
    f.push_back(std::move(copy));
  }
  return f;
}

}  // namespace

void add_paired_items(const run_result& r, timeline& t, const lane_index_fn& lane_index) {
  std::map<std::int64_t, open_span> reconciles;
  std::map<std::string, open_span> tests;
  std::map<std::string, open_span> windows;
  for (const auto& e : r.trace) {
    if (e.kind == "reconcile.start") {
      reconciles[e.get_int("reconcile_id")] = {e, lane_index(e)};
    } else if (e.kind == "reconcile.end") {
      auto it = reconciles.find(e.get_int("reconcile_id"));
      if (it == reconciles.end()) continue;
      const std::string result = e.get_string("result");
      close(t, it->second, e.at, end_fields(e), "reconcile " + result,
            short_key(e.get_string("key")) + " → " + result);
      reconciles.erase(it);
    } else if (e.kind == "harness.test_start") {
      tests[e.get_string("test")] = {e, lane_index(e)};
    } else if (e.kind == "harness.test_end") {
      auto it = tests.find(e.get_string("test"));
      if (it == tests.end()) continue;
      const bool passed = e.get_int("passed") != 0;
      close(t, it->second, e.at, end_fields(e), passed ? "test pass" : "test fail", e.get_string("test"));
      tests.erase(it);
    } else if (e.kind == "fault.ready_before_listen") {
      // Accepting connections before it listens, until `until`.
      const sim::time_point until{sim::duration(e.get_int("until"))};
      close(t, {e, 0}, until, {}, "window", "ready before listen " + e.get_string("host"), timeline_shape::window);
    } else if (auto edge = fault_window_edge(e)) {
      auto it = windows.find(edge->first);
      if (edge->second && it == windows.end()) {
        windows[edge->first] = {e, 0};
      } else if (!edge->second && it != windows.end()) {
        close(t, it->second, e.at, end_fields(e), "window", edge->first, timeline_shape::window);
        windows.erase(it);
      }
    }
  }
  for (const auto& [id, s] : reconciles) close(t, s, t.end, {{"open", "still running at the end"}}, "reconcile open", "open");
  for (const auto& [name, s] : tests) close(t, s, t.end, {{"open", "never ended"}}, "test open", name);
  for (const auto& [name, s] : windows) close(t, s, t.end, {{"open", "never lifted"}}, "window", name, timeline_shape::window);
}

}  // namespace reconsim::scenarios::detail
