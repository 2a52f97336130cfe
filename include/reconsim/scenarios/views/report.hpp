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
// The checks' part of both: one line each, a failure's explanation and chain.
std::string format_checks(const std::vector<check_outcome>& checks);
nlohmann::json checks_json(const std::vector<check_outcome>& checks);
// {scenario, variant, seed, trace_hash, passed, checks, tests, counters, ...}
nlohmann::json report_json(const run_result& r);

}  // namespace reconsim::scenarios
