// Scenario files: the top level, the fault plan and the manifests. The
// sections live in scenario_file_{environment,harness}.cpp.
#include "reconsim/scenarios/spec/scenario_file_fields.hpp"
#include "reconsim/scenarios/spec/scenario_file.hpp"
#include "reconsim/model/yaml_text.hpp"

#include <fstream>
#include <set>
#include <sstream>

#include "reconsim/model/notification/manifest.hpp"
#include "reconsim/model/notification/variant.hpp"
#include "reconsim/scenarios/spec/check_catalogue.hpp"
#include "reconsim/scenarios/spec/detail/scenario_sections.hpp"
#include "reconsim/scenarios/spec/testbed_shape.hpp"

namespace reconsim::scenarios {
namespace {

using detail::yaml_reader;

std::string variant_names() {
  std::string out;
  for (const auto& v : model::notification::variants()) out += (out.empty() ? "" : ", ") + std::string(v.name);
  return out;
}

std::string checker_names() {
  std::string out;
  for (const auto& c : check_catalogue) out += (out.empty() ? "" : ", ") + std::string(c.name);
  return out;
}

// The plan's own parse errors, moved to where its text sits in the file.
void read_plan(const yaml_reader& r, const YAML::Node& n, scenario_file& s) {
  s.plan_text = r.string_value(n, "plan");
  faults::parse_result p = faults::parse_plan(s.plan_text);
  if (!p.ok()) {
    const auto [line, column] = r.position_in(n, p.error->line, p.error->column);
    r.fail_at(line, column, "plan", "found '" + p.error->found + "'", p.error->expected);
  }
  s.plan = std::move(p.plan);
}

void read_checks(const yaml_reader& r, const YAML::Node& n, scenario_file& s) {
  r.expect_list(n, "checks");
  for (std::size_t i = 0; i < n.size(); ++i) {
    const std::string name = r.string_value(n[i], detail::item("checks", i));
    if (!is_check_name(name))
      r.fail(n[i], detail::item("checks", i), "unknown check '" + name + "'", "one of: " + checker_names());
    s.checks.push_back(name);
  }
}

// Manifest errors already carry positions in this file; the path gains
// the manifest's index.
void read_manifests(const yaml_reader& r, const YAML::Node& n, scenario_file& s) {
  r.expect_list(n, "manifests");
  std::set<std::string> names;
  for (std::size_t i = 0; i < n.size(); ++i) {
    const std::string path = detail::item("manifests", i);
    try {
      s.manifests.push_back(model::notification::load_manifest_node(n[i], r.file()));
    } catch (const model::notification::manifest_error& e) {
      throw scenario_file_error(e.file(), e.line(), e.column(), detail::child(path, e.path()), e.problem(), e.expected());
    }
    if (auto bad = check_channel_set(s.manifests.back())) {
      const YAML::Node set = n[i]["spec"]["extensions"][std::string(channel_set_key)];
      r.fail(set, detail::child(path, "spec.extensions." + std::string(channel_set_key)), bad->problem, bad->expected);
    }
    const auto& m = s.manifests.back().metadata;
    if (!names.insert(m.name).second)
      r.fail(n[i], path, "a second manifest named '" + m.name + "'", "unique metadata.name values");
  }
}

void read_run(const yaml_reader& r, const YAML::Node& root, scenario_file& s) {
  s.name = r.string_value(r.required(root, "", "name", "the scenario's name"), "name");
  if (auto v = yaml_reader::field(root, "description")) s.description = r.string_value(v, "description");
  if (auto v = yaml_reader::field(root, "reproduces")) s.reproduces = r.string_value(v, "reproduces");
  if (auto v = yaml_reader::field(root, "seed")) s.seed = r.uint_value(v, "seed");
  if (auto v = yaml_reader::field(root, "variant")) {
    s.variant = r.string_value(v, "variant");
    if (!model::notification::parse_variant(s.variant))
      r.fail(v, "variant", "unknown variant '" + s.variant + "'", "one of: " + variant_names());
  }
  if (auto v = yaml_reader::field(root, "queue"))
    s.queue = r.choice_value(v, "queue", {"classic", "priority"}) == "classic" ? model::queue_kind::classic
                                                                               : model::queue_kind::priority;
  if (auto v = yaml_reader::field(root, "procs")) s.procs = static_cast<int>(r.int_value(v, "procs", 1, 256));
  if (auto v = yaml_reader::field(root, "time_cap")) s.time_cap = r.duration_value(v, "time_cap");
  if (auto v = yaml_reader::field(root, "max_concurrent_reconciles")) {
    s.max_concurrent_reconciles = static_cast<int>(r.int_value(v, "max_concurrent_reconciles", 1, 64));
  }
}

void read_storm(const yaml_reader& r, const YAML::Node& n, scenario_file& s) {
  r.check_fields(n, "storm", scenario_file_fields_of("storm"));
  storm_file_spec storm;
  if (auto v = yaml_reader::field(n, "notifications")) {
    storm.notifications = static_cast<int>(r.int_value(v, "storm.notifications", 0, 1'000'000));
  }
  if (auto v = yaml_reader::field(n, "rate")) storm.rate = r.number_value(v, "storm.rate", 0.01, 100000);
  if (auto v = yaml_reader::field(n, "timeout")) storm.timeout = r.duration_value(v, "storm.timeout");
  s.storm = storm;
}

}  // namespace

scenario_file load_scenario_text(std::string_view yaml_text, std::string_view file) {
  const yaml_reader r{std::string(file), yaml_text};
  if (const auto bad = model::first_forbidden_char(yaml_text)) {
    r.fail_at(bad->line, bad->column, "", bad->describe(), std::string(model::printable_text));
  }
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml_text));
  } catch (const YAML::Exception& e) {
    r.fail_at(e.mark.line + 1, e.mark.column + 1, "", e.msg, "well-formed YAML");
  }
  if (!root.IsDefined() || root.IsNull()) r.fail_at(1, 1, "", "an empty file", "a scenario mapping");
  r.check_fields(root, "", scenario_file_fields_of(""));
  scenario_file s;
  s.file = std::string(file);
  read_run(r, root, s);
  if (auto v = yaml_reader::field(root, "environment")) s.environment = detail::read_environment(r, v, "environment");
  if (auto v = yaml_reader::field(root, "audit")) s.audit = detail::read_audit(r, v, "audit");
  if (auto v = yaml_reader::field(root, "plan")) read_plan(r, v, s);
  if (auto v = yaml_reader::field(root, "checks")) read_checks(r, v, s);
  if (auto v = yaml_reader::field(root, "calibration")) s.calibration = detail::read_calibration(r, v, "calibration");
  if (auto v = yaml_reader::field(root, "manifests")) read_manifests(r, v, s);
  if (auto v = yaml_reader::field(root, "storm")) read_storm(r, v, s);
  std::set<std::string> names;
  for (const auto& m : s.manifests) names.insert(m.metadata.name);
  if (auto v = yaml_reader::field(root, "harness")) s.harness = detail::read_harness(r, v, "harness", names);
  s.positions = r.positions();
  return s;
}

std::string read_scenario_file_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw scenario_file_error(path, 0, 0, "", "cannot open the file", "a readable scenario file");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

scenario_file load_scenario_file(const std::string& path) { return load_scenario_text(read_scenario_file_text(path), path); }

}  // namespace reconsim::scenarios
