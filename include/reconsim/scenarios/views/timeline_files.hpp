#pragma once
// Writing a run's timeline and Chrome trace to files (the CLI's --timeline
// and --chrome-trace). Throw scenario_error naming the path on failure.
#include <string>

#include "reconsim/scenarios/testbed/run.hpp"

namespace reconsim::scenarios {

void write_timeline_html(const run_result& r, const std::string& path);
void write_chrome_trace(const run_result& r, const std::string& path);

}  // namespace reconsim::scenarios
