#pragma once
// Runs a `reconsim` subcommand in-process, as the binary would parse it,
// and returns what it printed on stdout; the exit code lands in `code`.
#include <CLI/CLI.hpp>
#include <iostream>
#include <sstream>
#include <string>

namespace reconsim::test {

using register_fn = void (*)(CLI::App&, int&);

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
