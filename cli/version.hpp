#pragma once
// What `reconsim --version` prints, and what every JUnit file and repro
// carries: "reconsim 0.1.0 (commit ..., GNU 12.2.0, Release)".
#include <string>

namespace reconsim::cli {

const std::string& version_line();
// The allocator this program runs on, as it reports itself ("mimalloc
// 2.0.9", or "system (libc malloc)"): run costs depend on it, so
// `--version` and `bench --json` say which.
const std::string& allocator_name();

}  // namespace reconsim::cli
