#pragma once
// The sections of a scenario file, each read by its own function.
#include <set>
#include <string>

#include "reconsim/scenarios/spec/detail/yaml_reader.hpp"

namespace reconsim::scenarios::detail {

environment_spec read_environment(const yaml_reader& r, const YAML::Node& n, const std::string& path);
audit_spec read_audit(const yaml_reader& r, const YAML::Node& n, const std::string& path);
std::vector<calibration_entry> read_calibration(const yaml_reader& r, const YAML::Node& n, const std::string& path);
// Tests must name one of `manifest_names`.
harness_spec read_harness(const yaml_reader& r, const YAML::Node& n, const std::string& path,
                          const std::set<std::string>& manifest_names);

}  // namespace reconsim::scenarios::detail
