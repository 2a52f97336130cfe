#pragma once
// `--set NAME=VALUE`, the same option on run, sweep, review and explore.
#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "reconsim/scenarios/spec/overrides.hpp"

namespace reconsim::cli {

// Adds the repeatable option, collecting its raw values into `into`.
CLI::Option* add_set_option(CLI::App* cmd, std::vector<std::string>& into);
// Parses and validates them; throws scenarios::scenario_error.
scenarios::override_list parse_sets(const std::vector<std::string>& values);

}  // namespace reconsim::cli
