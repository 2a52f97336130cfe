#pragma once
// Runs a `reconsim` subcommand in-process, as the binary would parse it,
// and returns what it printed on stdout; the exit code lands in `code`.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <string>

namespace reconsim::test {

using register_fn = void (*)(CLI::App&, int&);

// An empty directory of its own under the system's temp directory
// ("reconsim-test-" + name): tests running side by side never share one.
inline std::filesystem::path fresh_dir(const std::string& name) {
  const std::filesystem::path d = std::filesystem::temp_directory_path() / ("reconsim-test-" + name);
  std::filesystem::remove_all(d);
  std::filesystem::create_directories(d);
  return d;
}

inline std::string run_command_line(register_fn reg, const std::string& line, int& code) {
  CLI::App app;
  reg(app, code);
  std::ostringstream captured;
  auto* old = std::cout.rdbuf(captured.rdbuf());
  try {
    app.parse(line, false);
  } catch (...) {
    std::cout.rdbuf(old);
    throw;
  }
  std::cout.rdbuf(old);
  return captured.str();
}

}  // namespace reconsim::test
