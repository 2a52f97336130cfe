#include <fmt/format.h>

#include <iostream>
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

void register_list(CLI::App& app, int& exit_code) {
  auto* list = app.add_subcommand("list", "Scenarios, reconciler variants, settings (--set) and checkers, one line each");
  list->callback([&exit_code] {
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
    exit_code = exit_ok;
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
