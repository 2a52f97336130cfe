// A calibration sweep as text and JSON. The verdict lines come last, as
// the reader's answer; the grid above them is the evidence.
#include <fmt/format.h>

#include <algorithm>

#include "reconsim/scenarios/search/repro.hpp"
#include "reconsim/scenarios/views/calibration_format.hpp"
#include "reconsim/scenarios/views/sweep_format.hpp"

namespace reconsim::scenarios {

namespace {

std::string label(const calibration_verdict& v, std::size_t index_among_kind) {
  return fmt::format("[{}{}]", v.is_test ? "t" : "c", index_among_kind + 1);
}

std::vector<std::string> labels(const calibration_result& r) {
  std::vector<std::string> out;
  std::size_t tests = 0, checks = 0;
  for (const auto& v : r.verdicts) out.push_back(label(v, v.is_test ? tests++ : checks++));
  return out;
}

// "17/20" and a '*' where the conclusion differs from the declared one.
std::string cell(const sweep_point& p, const calibration_verdict& v) {
  const outcome_tally* t = find_outcome(p.outcomes, v.name, v.is_test);
  const conclusion c = conclusion_at(p, v.name, v.is_test);
  const std::string count = t ? fmt::format("{}/{}", t->passed + t->not_exercised, t->runs) : "-";
  return count + (c == v.declared ? " " : "*");
}

std::string depends_text(const calibration_verdict& v, std::size_t corners) {
  std::string names;
  for (const auto& e : v.depends_on) {
    names += (names.empty() ? "" : ", ") + e.name;
    if (!v.declared_alone) names += fmt::format(" ({}/{})", e.flipped_edges, e.edges);
  }
  if (v.declared_alone) {
    return fmt::format("depends on the calibration jointly ({}): every corner differs from the declared values", names);
  }
  if (v.fails_everywhere) {
    return fmt::format("a failure is found at every corner; how often depends on {} (differs at {} of {} corners)",
                       names, v.corners_differing, corners);
  }
  return fmt::format("depends on {} (differs at {} of {} corners)", names, v.corners_differing, corners);
}

}  // namespace

std::string corner_marks(const calibration_result& r, std::size_t corner) {
  std::string out;
  const std::size_t k = r.parameters.size();
  for (std::size_t j = 0; j < k; ++j) out += (corner >> (k - 1 - j)) & 1U ? 'H' : 'L';
  return out;
}

std::string calibration_summary(const calibration_result& r) {
  if (r.verdicts.empty()) return "INCONCLUSIVE: nothing to judge";
  std::string out;
  for (const auto& v : r.verdicts) {
    if (v.robust) continue;
    std::string names;
    for (const auto& e : v.depends_on) names += (names.empty() ? "" : ", ") + e.name;
    out += fmt::format("{}{} ({} at the declared values) {} {}", out.empty() ? "" : "; ", v.name,
                       to_string(v.declared),
                       v.fails_everywhere ? "fails at every corner, how often depends on" : "depends on", names);
  }
  if (out.empty()) {
    return fmt::format("robust: all {} conclusions the same at the declared values and all {} corners",
                       r.verdicts.size(), r.corners.size());
  }
  return out;
}

std::string format_calibration_text(const calibration_result& r) {
  const auto& q = r.request;
  std::string out = fmt::format(
      "reconsim sweep {} --calibrations  variant={}  seeds {}..{} ({} per point; the declared values and {} corners)\n",
      q.scenario, r.variant, q.seed_first, q.seed_first + static_cast<std::uint64_t>(q.seeds) - 1, q.seeds,
      r.corners.size());
  out += r.defaults_used ? "calibrations (the scenario declares none: reconsim's defaults):\n"
                         : "calibrations (declared by the scenario):\n";
  std::size_t w = 4;
  for (const auto& p : r.parameters) w = std::max(w, p.name.size());
  for (std::size_t j = 0; j < r.parameters.size(); ++j) {
    const auto& p = r.parameters[j];
    out += fmt::format("  {} {:<{}}  declared {:<12} L {:<12} H {:<12} {}\n", j + 1, p.name, w, r.declared_values[j],
                       p.low, p.high, p.source);
  }
  for (std::size_t j = 0; j < r.inert.size(); ++j) {
    if (r.inert[j]) {
      out += fmt::format("  note: {} is inert here: no run changed when it moved from low to high, so no conclusion "
                         "can depend on it\n",
                         r.parameters[j].name);
    }
  }
  const auto names = labels(r);
  const std::size_t k = r.parameters.size();
  const std::size_t first_col = std::max<std::size_t>(k, 8) + 2;
  out += fmt::format("\n{:<{}}", "point", first_col);
  for (const auto& n : names) out += fmt::format("{:>8}", n);
  out += "\n";
  auto row = [&](const std::string& head, const sweep_point& p) {
    out += fmt::format("{:<{}}", head, first_col);
    for (const auto& v : r.verdicts) out += fmt::format("{:>8}", cell(p, v));
    out += "\n";
  };
  row("declared", r.declared);
  for (std::size_t i = 0; i < r.corners.size(); ++i) row(corner_marks(r, i), r.corners[i]);
  out += "cells: runs that held / runs (not exercised counts as held); * = a conclusion other than the declared one;\n"
         "points: L/H = each calibration (in the order above) at its low or high end\n\n";
  out += "verdicts (the conclusion at the declared values; robust = the same at every corner; depends on P (n/m) =\n"
         "         of the m corner pairs that differ only in P, n conclude differently):\n";
  int robust = 0;
  for (std::size_t i = 0; i < r.verdicts.size(); ++i) {
    const auto& v = r.verdicts[i];
    robust += v.robust ? 1 : 0;
    out += fmt::format("  {} {}: {} — {}\n", names[i], v.name, to_string(v.declared),
                       v.robust ? fmt::format("robust (at all {} corners)", r.corners.size())
                                : depends_text(v, r.corners.size()));
    if (v.flipping) out += "       e.g. " + run_command(*v.flipping) + "\n";
  }
  if (r.partial) out += "INTERRUPTED: the verdicts above judge only the runs made before the stop\n";
  out += r.verdicts.empty() ? "INCONCLUSIVE: the scenario has no harness test and no checker to judge\n"
         : robust == static_cast<int>(r.verdicts.size())
             ? fmt::format("every conclusion ({}) is robust across the declared ranges\n", robust)
             : fmt::format("{} of {} conclusions depend on the calibration\n", r.verdicts.size() - robust,
                           r.verdicts.size());
  return out;
}

namespace {

nlohmann::json depends_json(const calibration_verdict& v) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& e : v.depends_on) {
    out.push_back({{"name", e.name}, {"flipped_edges", e.flipped_edges}, {"edges", e.edges}});
  }
  return out;
}

}  // namespace

nlohmann::json calibration_json(const calibration_result& r) {
  nlohmann::json params = nlohmann::json::array();
  for (std::size_t j = 0; j < r.parameters.size(); ++j) {
    const auto& p = r.parameters[j];
    params.push_back({{"name", p.name},
                      {"value", r.declared_values[j]},
                      {"low", p.low},
                      {"high", p.high},
                      {"source", p.source},
                      {"inert", j < r.inert.size() && r.inert[j]}});
  }
  nlohmann::json corners = nlohmann::json::array();
  for (std::size_t i = 0; i < r.corners.size(); ++i) {
    nlohmann::json c = sweep_point_json(r.corners[i]);
    c["corner"] = corner_marks(r, i);
    corners.push_back(std::move(c));
  }
  nlohmann::json verdicts = nlohmann::json::array();
  for (const auto& v : r.verdicts) {
    nlohmann::json j = {{"name", v.name},
                        {"kind", v.is_test ? "test" : "check"},
                        {"declared", to_string(v.declared)},
                        {"robust", v.robust},
                        {"fails_everywhere", v.fails_everywhere},
                        {"depends_on", depends_json(v)},
                        {"declared_alone", v.declared_alone},
                        {"corners_differing", v.corners_differing}};
    if (v.flipping) j["run"] = run_command(*v.flipping);
    verdicts.push_back(std::move(j));
  }
  return {{"scenario", r.scenario},
          {"variant", r.variant},
          {"seed_first", r.request.seed_first},
          {"seeds", r.request.seeds},
          {"defaults_used", r.defaults_used},
          {"parameters", params},
          {"declared", sweep_point_json(r.declared)},
          {"corners", corners},
          {"verdicts", verdicts},
          {"robust", r.all_robust()},
          {"partial", r.partial}};
}

}  // namespace reconsim::scenarios
