// The knobs a sweep turns, each a change to a copy of the scenario value.
#include <fmt/format.h>

#include "reconsim/scenarios/sweep.hpp"

namespace reconsim::scenarios {

namespace {

// A number and one unit, nothing else: sim::parse_duration alone accepts
// more than a command line should.
bool plain_duration(const std::string& v) {
  const std::size_t unit = v.find_first_not_of("0123456789.");
  if (unit == 0 || unit == std::string::npos) return false;
  const std::string u = v.substr(unit);
  return u == "ns" || u == "us" || u == "ms" || u == "s" || u == "m" || u == "h";
}

sim::duration duration_value(const std::string& name, const std::string& value) {
  sim::duration d{};
  if (!plain_duration(value) || !sim::parse_duration(value, d) || d < sim::duration::zero()) {
    throw scenario_error(fmt::format("--param {}: '{}' is not a duration (e.g. 500ms, 4s, 2m)", name, value));
  }
  return d;
}

int int_value(const std::string& name, const std::string& value, int lo, int hi) {
  int v = 0;
  std::size_t used = 0;
  try {
    v = std::stoi(value, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != value.size() || v < lo || v > hi) {
    throw scenario_error(fmt::format("--param {}: '{}' is not a whole number in {}..{}", name, value, lo, hi));
  }
  return v;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::size_t from = 0;
  while (true) {
    const std::size_t at = s.find(sep, from);
    out.push_back(s.substr(from, at == std::string::npos ? std::string::npos : at - from));
    if (at == std::string::npos) return out;
    from = at + 1;
  }
}

}  // namespace

const std::vector<std::string>& sweep_param_names() {
  static const std::vector<std::string> names = {
      "eventually.timeout", "eventually.initial_delay", "eventually.per_poll_delay", "eventually.poll",
      "procs",              "load",                     "datastorage.index_delay"};
  return names;
}

sweep_param parse_sweep_param(const std::string& text) {
  const std::size_t eq = text.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == text.size()) {
    throw scenario_error(fmt::format("--param '{}': expected NAME=v1,v2,...", text));
  }
  sweep_param p{text.substr(0, eq), split(text.substr(eq + 1), ',')};
  scenario_spec probe;
  for (const auto& v : p.values) {
    if (v.empty()) throw scenario_error(fmt::format("--param '{}': an empty value", text));
    apply_sweep_param(probe, p.name, v);  // validates name and value now, not mid-sweep
  }
  return p;
}

void apply_sweep_param(scenario_spec& spec, const std::string& name, const std::string& value) {
  // Parsed before the loops, so a bad value is caught even by a scenario
  // without tests (parse_sweep_param validates against an empty one).
  if (name == "eventually.timeout") {
    const sim::duration d = duration_value(name, value);
    for (auto& t : spec.tests) t.timeout = d;
  } else if (name == "eventually.initial_delay") {
    const sim::duration d = duration_value(name, value);
    for (auto& t : spec.tests) t.initial_delay = d;
  } else if (name == "eventually.per_poll_delay") {
    const sim::duration d = duration_value(name, value);
    for (auto& t : spec.tests) t.per_poll_delay = d;
  } else if (name == "eventually.poll") {
    const sim::duration d = duration_value(name, value);
    if (d == sim::duration::zero()) throw scenario_error("--param eventually.poll: must be more than 0");
    for (auto& t : spec.tests) t.poll = d;
  } else if (name == "procs" || name == "load") {
    // Load is parallel test processes: the harness turns running
    // processes into virtiofs load.
    spec.procs = int_value(name, value, 1, 64);
  } else if (name == "datastorage.index_delay") {
    const sim::duration d = duration_value(name, value);
    spec.datastorage.index_delay_min = d;
    spec.datastorage.index_delay_max = d;
  } else {
    std::string names;
    for (const auto& n : sweep_param_names()) names += (names.empty() ? "" : ", ") + n;
    throw scenario_error(fmt::format("--param: unknown parameter '{}' (expected one of: {})", name, names));
  }
}

}  // namespace reconsim::scenarios
