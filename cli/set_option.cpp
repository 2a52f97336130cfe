#include "set_option.hpp"

#include "reconsim/scenarios/search/explore.hpp"

#include <fmt/format.h>

#include <charconv>

namespace reconsim::cli {

CLI::Option* add_seed_option(CLI::App* cmd, std::uint64_t& into, const std::string& help) {
  return cmd->add_option_function<std::string>(
      "--seed",
      [&into](const std::string& text) {
        std::uint64_t v = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
          throw scenarios::scenario_error("--seed '" + text +
                                          "': expected a whole number from 0 to 18446744073709551615");
        }
        into = v;
      },
      help);
}

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

std::pair<std::uint64_t, int> parse_seed_count_range(const std::string& text) {
  if (text.find("..") == std::string::npos) {
    throw scenarios::scenario_error("--seeds '" + text + "': expected a range A..B (e.g. 1.." + text +
                                    "); sweep and review take a range, as explore does");
  }
  const auto [first, last] = scenarios::parse_seed_range(text);
  if (last - first >= 100000) throw scenarios::scenario_error("--seeds '" + text + "': at most 100000 seeds");
  return {first, static_cast<int>(last - first + 1)};
}

CLI::Option* add_max_trace_option(CLI::App* cmd, std::optional<std::uint64_t>& into) {
  return cmd
      ->add_option("--max-trace-mb", into,
                   fmt::format("Memory one run's trace may use; past it the run stops as trace_cap, a finding with a "
                               "repro, never an out-of-memory kill (default {})",
                               scenarios::default_max_trace_mb))
      ->check(CLI::Range(1, scenarios::max_trace_mb_limit));
}

}  // namespace reconsim::cli
