#pragma once
// Scenario overrides: NAME=VALUE changes to a copy of a scenario value,
// named the same way everywhere — `reconsim run --set`, repro files,
// sweep grids and generated property inputs — so any run a sweep or a
// property search makes can be replayed from its repro file.
#include <string>
#include <utility>
#include <vector>

#include "reconsim/scenarios/spec/scenario.hpp"

namespace reconsim::scenarios {

// In the order given; a later value for the same name wins.
using override_list = std::vector<std::pair<std::string, std::string>>;

struct override_name {
  const char* name;
  const char* help;  // what it changes and what a value looks like
};
const std::vector<override_name>& override_names();
// "eventually.timeout, eventually.poll, ..." for help and errors.
std::string override_names_text();

// Applies one override to the scenario. Throws scenario_error naming the
// override and what was expected when the name is unknown or the value
// does not parse or is out of range.
void apply_override(scenario_spec& spec, const std::string& name, const std::string& value);
void apply_overrides(scenario_spec& spec, const override_list& overrides);
// Checks a name and a value without a scenario (what a command line can
// check before any run); a `tests` count larger than the scenario's is
// only caught by apply_override.
void validate_override(const std::string& name, const std::string& value);

// "NAME=VALUE" -> {NAME, VALUE}, validated; throws scenario_error.
std::pair<std::string, std::string> parse_override(const std::string& text);

}  // namespace reconsim::scenarios
