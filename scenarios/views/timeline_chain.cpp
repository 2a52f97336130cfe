// A failed check's chain on the timeline: the events its checker says led
// to the violation, ringed, and joined in order by "chain" links, so the
// report's "how it came about" reads off the picture.
#include <algorithm>
#include <optional>

#include "reconsim/scenarios/views/timeline_detail.hpp"

namespace reconsim::scenarios::detail {

namespace {

bool same_actor(const timeline_item& i, const sim::trace_event& e) {
  const std::string want = e.actor.empty() ? std::string("(world)") : e.actor.str();
  for (const auto& f : i.fields) {
    if (f.key == "actor") return std::get_if<std::string>(&f.value) && *std::get_if<std::string>(&f.value) == want;
  }
  return false;
}

// The item drawn for `e`: its mark, or the bar it starts or (a reconcile's
// end) closes.
std::optional<std::size_t> item_of(const timeline& t, const sim::trace_event& e) {
  for (std::size_t i = 0; i < t.items.size(); ++i) {
    const timeline_item& it = t.items[i];
    if (it.shape == timeline_shape::window) continue;
    const bool starts = it.kind == e.kind && it.start == e.at;
    const bool ends = e.kind == "reconcile.end" && it.kind == "reconcile.start" && it.end == e.at;
    if ((starts || ends) && same_actor(it, e)) return i;
  }
  return std::nullopt;
}

}  // namespace

void add_check_chains(const run_result& r, timeline& t) {
  for (const auto& c : r.checks) {
    if (c.passed) continue;
    std::optional<std::size_t> previous;
    for (const auto& e : c.chain_events) {
      const auto at = item_of(t, e);
      if (!at) continue;  // a kind the picture leaves out
      if (t.items[*at].style.find("chain") == std::string::npos) t.items[*at].style += " chain";
      // A link runs forward: a reconcile's end is drawn as its bar, which
      // began before the step the chain names just before it; that bar is
      // ringed, not linked back in time.
      if (previous && *previous != *at && t.items[*previous].start <= t.items[*at].start) {
        t.links.push_back({*previous, *at, "chain"});
      }
      previous = at;
    }
  }
  std::stable_sort(t.links.begin(), t.links.end(), [](const timeline_link& a, const timeline_link& b) { return a.from < b.from; });
}

}  // namespace reconsim::scenarios::detail
