#pragma once
// A trace file as `run --trace` writes it (one JSON object per line:
// t_ns, actor, kind, fields in order), read back one event at a time, so
// a file larger than memory can be checked (`reconsim check`).
#include <functional>
#include <string>

#include "reconsim/sim/trace.hpp"

namespace reconsim::cli {

// Calls `each` with every event of the file, in order. Throws
// scenarios::scenario_error ("FILE:LINE:COLUMN: what was expected") on a
// line that is not such an event, and when the file cannot be read.
void read_trace_file(const std::string& path, const std::function<void(const sim::trace_event&)>& each);

}  // namespace reconsim::cli
