#pragma once
// Running steps inside a test-process actor (shared by the processes and
// BeforeSuite).
#include <optional>
#include <string>
#include <vector>

#include "reconsim/scenarios/testbed/harness.hpp"

namespace reconsim::scenarios::detail {

// The failure message of the first failing step, or nothing.
std::optional<std::string> run_step(const std::string& test, const step& s);
std::optional<std::string> run_steps(const std::string& test, const std::vector<step>& steps);

}  // namespace reconsim::scenarios::detail
