#pragma once
// A run in Chrome's Trace Event format, which Perfetto (ui.perfetto.dev) and
// chrome://tracing open: one process per lane group, one thread per lane
// (named by "M" thread_name metadata), "X" complete events for reconciles
// and other bars, "i" instants for the rest. Timestamps are virtual
// microseconds.
#include <nlohmann/json.hpp>

#include "reconsim/scenarios/testbed/run.hpp"

namespace reconsim::scenarios {

// {"traceEvents": [...], "displayTimeUnit": "ms", "otherData": {...}}
nlohmann::json chrome_trace(const run_result& r);

}  // namespace reconsim::scenarios
