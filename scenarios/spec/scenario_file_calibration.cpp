// The `calibration:` section of a scenario file: NAME: {value, low, high,
// source}, each value checked as `--set NAME=VALUE` would check it.
#include <set>

#include "reconsim/scenarios/spec/scenario_file_fields.hpp"
#include "reconsim/scenarios/spec/detail/scenario_sections.hpp"
#include "reconsim/scenarios/spec/overrides.hpp"

namespace reconsim::scenarios::detail {
namespace {

std::string setting_value(const yaml_reader& r, const YAML::Node& n, const std::string& path, const std::string& name) {
  const std::string v = r.string_value(n, path);
  try {
    validate_override(name, v);
  } catch (const scenario_error& e) {
    r.fail(n, path, e.what(), "a value `--set " + name + "=...` takes");
  }
  return v;
}

}  // namespace

std::vector<calibration_entry> read_calibration(const yaml_reader& r, const YAML::Node& n, const std::string& path) {
  r.expect_map(n, path);
  std::vector<calibration_entry> out;
  std::set<std::string> seen;
  for (auto it = n.begin(); it != n.end(); ++it) {
    const YAML::Node key = it->first;  // handles: it->first is a temporary proxy
    const YAML::Node body = it->second;
    if (!key.IsScalar()) r.fail(key, path, "a calibration name must be a string", "one of: " + calibration_names_text());
    const std::string name = key.Scalar();
    const std::string p = child(path, name);
    if (!is_calibration_name(name)) {
      r.fail(key, p, "unknown calibration '" + name + "'", "one of: " + calibration_names_text());
    }
    if (!seen.insert(name).second) r.fail(key, p, "duplicate calibration", "each calibration once");
    r.check_fields(body, p, scenario_file_fields_of("calibration.NAME"));
    calibration_entry e;
    e.declared.name = name;
    if (auto v = yaml_reader::field(body, "value")) e.value = setting_value(r, v, child(p, "value"), name);
    e.declared.low = setting_value(r, r.required(body, p, "low", "the plausible range's low end"), child(p, "low"), name);
    e.declared.high = setting_value(r, r.required(body, p, "high", "the plausible range's high end"), child(p, "high"), name);
    if (auto v = yaml_reader::field(body, "source")) e.declared.source = r.string_value(v, child(p, "source"));
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace reconsim::scenarios::detail
