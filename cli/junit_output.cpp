#include "junit_output.hpp"

#include "reconsim/scenarios/spec/output_file.hpp"
#include "version.hpp"

namespace reconsim::cli {

CLI::Option* add_junit_option(CLI::App* cmd, std::string& into) {
  return cmd->add_option("--junit", into,
                         "Write JUnit XML to FILE (CI systems render it): a testcase per harness test and checker, "
                         "failures with the replay command");
}

void write_junit(const std::string& path, const std::vector<scenarios::junit_suite>& suites) {
  if (path.empty()) return;
  scenarios::write_file_atomically(path, "JUnit report", scenarios::junit_xml(suites, version_line()));
}

}  // namespace reconsim::cli
