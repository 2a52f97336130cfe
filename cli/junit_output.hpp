#pragma once
// `--junit FILE` on every command that judges runs: one option, one writer.
#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "reconsim/scenarios/views/junit.hpp"

namespace reconsim::cli {

CLI::Option* add_junit_option(CLI::App* cmd, std::string& into);
// Writes atomically when `path` is not empty.
void write_junit(const std::string& path, const std::vector<scenarios::junit_suite>& suites);

}  // namespace reconsim::cli
