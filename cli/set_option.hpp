#pragma once
// `--set NAME=VALUE`, the same option on run, sweep, review and explore.
#include <CLI/CLI.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "reconsim/scenarios/spec/overrides.hpp"

namespace reconsim::cli {

// Adds the repeatable option, collecting its raw values into `into`.
CLI::Option* add_set_option(CLI::App* cmd, std::vector<std::string>& into);
// Parses and validates them; throws scenarios::scenario_error.
scenarios::override_list parse_sets(const std::vector<std::string>& values);

// `--seed N`: a whole number from 0 to 2^64-1, nothing else. CLI11 alone
// wraps "-1" to 18446744073709551615 and clamps larger numbers; a seed is a
// run's identity, so both are errors (scenario_error, exit 2).
CLI::Option* add_seed_option(CLI::App* cmd, std::uint64_t& into, const std::string& help);

// `--seeds A..B` on sweep and review: {first, count}. A bare number is
// refused: these commands took a count once, and reading "20" as the one
// seed 20 (as explore does) would silently change what an old command
// line runs. At most 100,000 seeds.
std::pair<std::uint64_t, int> parse_seed_count_range(const std::string& text);

// `--max-trace-mb N` on run, explore, hunt and sweep: the memory one run's
// trace may use before the run stops as trace_cap (a finding).
CLI::Option* add_max_trace_option(CLI::App* cmd, std::optional<std::uint64_t>& into);

}  // namespace reconsim::cli
