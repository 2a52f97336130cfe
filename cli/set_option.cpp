#include "set_option.hpp"

namespace reconsim::cli {

CLI::Option* add_set_option(CLI::App* cmd, std::vector<std::string>& into) {
  return cmd->add_option("--set", into,
                         "NAME=VALUE change to the scenario, repeatable (e.g. eventually.timeout=10s, "
                         "retry.max_attempts=3, tests=1); names: " +
                             scenarios::override_names_text());
}

scenarios::override_list parse_sets(const std::vector<std::string>& values) {
  scenarios::override_list out;
  for (const auto& v : values) out.push_back(scenarios::parse_override(v));
  return out;
}

}  // namespace reconsim::cli
