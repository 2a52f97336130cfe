// The built-in scenarios: the scenario files in scenarios/ (one per seed
// reproduction), compiled in and loaded once. Each file says what it
// reproduces and why its numbers are what they are. load_scenario takes a
// built-in name or a scenario file's path.
#include <fmt/format.h>

#include <filesystem>
#include <string_view>
#include <system_error>

#include "reconsim/model/detail/text_memo.hpp"
#include "reconsim/scenarios/spec/detail/builtin_files.hpp"
#include "reconsim/scenarios/spec/scenario.hpp"
#include "reconsim/scenarios/spec/scenario_file.hpp"

namespace reconsim::scenarios {

namespace {

bool names_a_file(const std::string& name) {
  const auto ends_with = [&name](std::string_view tail) { return name.ends_with(tail); };
  std::error_code ec;
  return ends_with(".yaml") || ends_with(".yml") || std::filesystem::is_regular_file(name, ec);
}

}  // namespace

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

// A path to a scenario file is loaded; anything else is a built-in name.
scenario_spec load_scenario(const std::string& name) {
  if (names_a_file(name)) {
    // A search loads its scenario file for every run: parsed once per
    // process for as long as the file's text stays the same.
    static model::detail::text_memo<scenario_spec> parsed(64);
    const std::string text = read_scenario_file_text(name);
    return parsed.get(name + '\0' + text, [&] { return to_spec(load_scenario_text(text, name)); });
  }
  const scenario_spec* found = find_scenario(name);
  if (found == nullptr) {
    std::string names;
    for (const auto& s : builtin_scenarios()) names += (names.empty() ? "" : ", ") + s.name;
    throw scenario_error(fmt::format("unknown scenario '{}' (expected one of: {})", name, names));
  }
  return *found;
}

}  // namespace reconsim::scenarios
