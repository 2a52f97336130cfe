#pragma once
// What `reconsim --version` prints, and what every JUnit file and repro
// carries: "reconsim 0.1.0 (commit ..., GNU 12.2.0, Release)".
#include <string>

namespace reconsim::cli {

const std::string& version_line();

}  // namespace reconsim::cli
