// Which lane an event is drawn on, and what its hover box shows.
#include <fmt/format.h>

#include <string_view>

#include "reconsim/scenarios/views/timeline_detail.hpp"

namespace reconsim::scenarios::detail {

namespace {
bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
}  // namespace

// World events (api, queue, fs sync, faults) belong to the component that
// models them, not to whichever actor happened to call in: the API server
// lane shows every write, whoever made it.
timeline_lane timeline_lane_of(const sim::trace_event& e) {
  const std::string_view k = e.kind;
  if (starts_with(k, "api.")) return {"api-server", "platform"};
  if (starts_with(k, "queue.")) return {"workqueue " + e.get_string("queue"), "controller"};
  if (starts_with(k, "informer.")) return {"informer " + e.get_string("informer"), "platform"};
  if (starts_with(k, "fs.")) return {"file sync (virtiofs)", "environment"};
  if (starts_with(k, "fault.")) return {"faults", "faults"};
  if (starts_with(k, "datastorage.")) return {"datastorage", "platform"};
  if (starts_with(k, "net.")) return {"network", "environment"};
  const std::string_view a = e.actor;
  if (starts_with(a, "ginkgo.")) return {e.actor, "tests"};
  if (starts_with(a, "audit.")) return {e.actor, "platform"};
  if (a.empty()) return {"(world)", "other"};
  if (a.find("worker") != std::string_view::npos) return {e.actor, "controller"};
  return {e.actor, "other"};
}

std::vector<sim::field> timeline_hover_fields(const sim::trace_event& e) {
  std::vector<sim::field> f;
  f.emplace_back("t", fmt::format("{:.6f}s", sim::to_seconds(e.at)));
  f.emplace_back("actor", e.actor.empty() ? std::string("(world)") : e.actor.str());
  f.emplace_back("event", e.kind);
  for (const auto& x : e.fields) f.push_back(sim::owned(x));
  return f;
}

}  // namespace reconsim::scenarios::detail
