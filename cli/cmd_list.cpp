#include <fmt/format.h>

#include <iostream>
#include <nlohmann/json.hpp>
#include <memory>
#include <string>

#include "commands.hpp"
#include "reconsim/faults/plan_help.hpp"
#include "reconsim/model/notification/variant.hpp"
#include "reconsim/scenarios/checkers/checker.hpp"
#include "reconsim/scenarios/spec/overrides.hpp"
#include "reconsim/scenarios/spec/scenario.hpp"
#include "reconsim/scenarios/spec/scenario_file.hpp"

namespace reconsim::cli {

namespace {

nlohmann::json list_json() {
  nlohmann::json j;
  j["scenarios"] = nlohmann::json::array();
  for (const auto& s : scenarios::builtin_scenarios()) {
    nlohmann::json cals = nlohmann::json::array();
    for (const auto& c : s.calibrations) {
      cals.push_back({{"name", c.name}, {"value", scenarios::calibration_value(s, c.name)}, {"low", c.low},
                      {"high", c.high}, {"source", c.source}});
    }
    j["scenarios"].push_back({{"name", s.name},
                              {"description", s.description},
                              {"reproduces", s.seeds},
                              {"variant", s.variant},
                              {"calibrations", cals}});
  }
  j["variants"] = nlohmann::json::array();
  for (const auto& v : model::notification::variants()) {
    j["variants"].push_back({{"name", v.name}, {"description", v.description}});
  }
  j["settings"] = nlohmann::json::array();
  for (const auto& o : scenarios::override_names()) j["settings"].push_back({{"name", o.name}, {"help", o.help}});
  j["plan_statements"] = nlohmann::json::array();
  for (const auto& d : faults::plan_statements()) {
    j["plan_statements"].push_back({{"form", d.form}, {"meaning", d.meaning}});
  }
  j["checkers"] = nlohmann::json::array();
  for (const auto& c : scenarios::checkers()) j["checkers"].push_back({{"name", c.name}, {"description", c.description}});
  return j;
}

}  // namespace

void register_list(CLI::App& app, int& exit_code) {
  auto* list = app.add_subcommand("list", "Scenarios, reconciler variants, settings (--set) and checkers, one line each");
  auto json = std::make_shared<bool>(false);
  list->add_flag("--json", *json, "Print one JSON object instead of the lists");
  list->callback([json, &exit_code] {
    exit_code = exit_ok;
    if (*json) {
      std::cout << list_json().dump(2) << "\n";
      return;
    }
    std::cout << "scenarios (reconsim run NAME; reconsim show NAME prints one as a file):\n";
    for (const auto& s : scenarios::builtin_scenarios()) {
      std::cout << fmt::format("  {:<26} {}\n  {:<26}   default variant {}, seeds {}\n", s.name, s.description, "",
                               s.variant, s.seeds);
    }
    std::cout << "\nvariants (--variant NAME):\n";
    for (const auto& v : model::notification::variants()) {
      std::cout << fmt::format("  {:<30} {}\n", v.name, v.description);
    }
    std::cout << "\nsettings (reconsim run --set NAME=VALUE, reconsim sweep --param NAME=v1,v2):\n";
    for (const auto& o : scenarios::override_names()) std::cout << fmt::format("  {:<26} {}\n", o.name, o.help);
    std::cout << "\nfault plan statements (reconsim run --plan '...; ...'; names must be the scenario's own):\n";
    for (const auto& d : faults::plan_statements()) std::cout << fmt::format("  {:<38} {}\n", d.form, d.meaning);
    std::cout << "\ncheckers:\n";
    for (const auto& c : scenarios::checkers()) std::cout << fmt::format("  {:<32} {}\n", c.name, c.description);
  });
}

void register_show(CLI::App& app, int& exit_code) {
  auto* show = app.add_subcommand("show", "Print a scenario as a scenario file (YAML): a start for your own");
  auto name = std::make_shared<std::string>();
  show->add_option("scenario", *name, "Scenario name (see `reconsim list`) or path to a scenario .yaml")->required();
  show->callback([name, &exit_code] {
    std::cout << scenarios::scenario_yaml(scenarios::load_scenario(*name));
    exit_code = exit_ok;
  });
}

}  // namespace reconsim::cli
