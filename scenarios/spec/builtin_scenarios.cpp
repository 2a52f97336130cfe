// The built-in scenarios: the scenario files in scenarios/ (one per seed
// reproduction), compiled in and loaded once. Each file says what it
// reproduces and why its numbers are what they are.
#include "reconsim/scenarios/detail/builtin_files.hpp"
#include "reconsim/scenarios/scenario.hpp"
#include "reconsim/scenarios/scenario_file.hpp"

namespace reconsim::scenarios {

const std::vector<scenario_spec>& builtin_scenarios() {
  // A file that does not load is a build mistake; tests/scenarios/
  // shipped_files.cpp loads every one.
  static const std::vector<scenario_spec> scenarios = [] {
    std::vector<scenario_spec> out;
    for (const auto& f : detail::builtin_files()) out.push_back(to_spec(load_scenario_text(f.text, f.path)));
    return out;
  }();
  return scenarios;
}

const scenario_spec* find_scenario(std::string_view name) {
  for (const auto& s : builtin_scenarios()) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

}  // namespace reconsim::scenarios
