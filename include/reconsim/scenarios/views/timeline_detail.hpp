#pragma once
// Internals shared by the timeline builder's files.
#include <functional>
#include <string>
#include <vector>

#include "reconsim/scenarios/views/timeline.hpp"

namespace reconsim::scenarios::detail {

// The lane an event is drawn on (see timeline_lanes.cpp for why).
timeline_lane timeline_lane_of(const sim::trace_event& e);
// The event's fields plus t, actor and kind, for the hover box.
std::vector<sim::field> timeline_hover_fields(const sim::trace_event& e);

// The lane index of the row an event is drawn on (build_timeline's rule:
// a lane per actor, split per notification in the controller's lanes).
using lane_index_fn = std::function<std::size_t(const sim::trace_event&)>;

// Bars that pair a start event with its end: reconciles (by reconcile_id),
// tests (by name), fault windows (chmod ro..rw, enospc on..off, partition..
// heal, ready_before_listen..until). One left open ends at t.end.
void add_paired_items(const run_result& r, timeline& t, const lane_index_fn& lane_index);

// The cause-and-effect links between the items (timeline_link).
void add_causal_links(timeline& t);

// Each failed check's "how it came about" chain: its events' items get the
// style "chain" and "chain" links join them in order.
void add_check_chains(const run_result& r, timeline& t);

}  // namespace reconsim::scenarios::detail
