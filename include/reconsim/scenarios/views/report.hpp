#pragma once
// What a person reads after a run (text) and what a script reads (JSON).
#include <nlohmann/json.hpp>
#include <string>

#include "reconsim/scenarios/testbed/run.hpp"

namespace reconsim::scenarios {

// The settings the seed expanded to, printed before the run's report.
std::string format_settings(const run_result& r);
// Tests as the harness saw them, checker results, the first violation
// explained, counters.
std::string format_report(const run_result& r);
// {scenario, variant, seed, trace_hash, passed, checks, tests, counters, ...}
nlohmann::json report_json(const run_result& r);

}  // namespace reconsim::scenarios
