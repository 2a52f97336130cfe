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

bool has_yaml_suffix(const std::string& name) { return name.ends_with(".yaml") || name.ends_with(".yml"); }

bool is_file(const std::string& name) {
  std::error_code ec;
  return std::filesystem::is_regular_file(name, ec);
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

// A name ending in .yaml/.yml is a scenario file; then a built-in's name;
// then any other existing file. Built-in names are looked up before the
// file system is asked: a search loads its scenario once per run, and a
// stat() per run was a few percent of one.
const scenario_spec* builtin_for(const std::string& name) {
  return has_yaml_suffix(name) ? nullptr : find_scenario(name);
}

scenario_spec load_scenario(const std::string& name) {
  if (const scenario_spec* builtin = builtin_for(name)) return *builtin;
  if (has_yaml_suffix(name) || is_file(name)) {
    // A search loads its scenario file for every run: parsed once per
    // process for as long as the file's text stays the same.
    static model::detail::text_memo<scenario_spec> parsed(64);
    const std::string text = read_scenario_file_text(name);
    return parsed.get(name + '\0' + text, [&] { return to_spec(load_scenario_text(text, name)); });
  }
  std::string names;
  for (const auto& s : builtin_scenarios()) names += (names.empty() ? "" : ", ") + s.name;
  throw scenario_error(fmt::format("unknown scenario '{}' (expected one of: {})", name, names));
}

}  // namespace reconsim::scenarios
