// run_calibration_sweep: the declared point and the 2^k corners as two
// sweeps (search/sweep.cpp), then one verdict per harness test and checker.
#include "reconsim/scenarios/search/calibration_sweep.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "reconsim/scenarios/spec/scenario.hpp"

namespace reconsim::scenarios {

std::string_view to_string(conclusion c) noexcept {
  switch (c) {
    case conclusion::holds: return "holds";
    case conclusion::fails: return "fails";
    case conclusion::fails_sometimes: return "fails sometimes";
    case conclusion::not_exercised: return "not exercised";
  }
  return "?";
}

conclusion conclusion_of(const outcome_tally& t) noexcept {
  if (t.failed == 0) return t.passed > 0 ? conclusion::holds : conclusion::not_exercised;
  return t.failed == t.runs ? conclusion::fails : conclusion::fails_sometimes;
}

bool calibration_result::all_robust() const {
  return std::all_of(verdicts.begin(), verdicts.end(), [](const calibration_verdict& v) { return v.robust; });
}

const outcome_tally* find_outcome(const std::vector<outcome_tally>& all, std::string_view name, bool is_test) {
  for (const auto& t : all) {
    if (t.name == name && t.is_test == is_test) return &t;
  }
  return nullptr;
}

conclusion conclusion_at(const sweep_point& p, std::string_view name, bool is_test) {
  const outcome_tally* t = find_outcome(p.outcomes, name, is_test);
  return t ? conclusion_of(*t) : conclusion::not_exercised;
}

namespace {

const outcome_tally* find_tally(const sweep_point& p, const outcome_tally& like) {
  return find_outcome(p.outcomes, like.name, like.is_test);
}

// A seed whose run differs between the declared values and the corner,
// run at the corner: where the corner finds failures the declared values
// did not, its first failing seed; where it holds more often, a seed that
// holds there (or fails at the declared values).
run_request flipping_run(const calibration_result& r, const sweep_point& corner, const outcome_tally& like,
                         conclusion declared, conclusion at_corner) {
  run_request rr;
  rr.scenario = r.request.scenario;  // as the user named it: a built-in or a path
  rr.variant = r.variant;
  rr.overrides = r.request.overrides;
  rr.max_trace_mb = r.request.max_trace_mb;
  rr.overrides.insert(rr.overrides.end(), corner.values.begin(), corner.values.end());
  rr.seed = r.request.seed_first;
  const outcome_tally* c = find_tally(corner, like);
  const outcome_tally* d = find_tally(r.declared, like);
  std::optional<std::uint64_t> seed;
  if (declared == conclusion::fails) {
    seed = c ? c->first_passing_seed : std::nullopt;
  } else if (at_corner == conclusion::fails) {
    seed = d ? d->first_passing_seed : std::nullopt;
  } else if (at_corner == conclusion::fails_sometimes || declared != conclusion::fails_sometimes) {
    seed = c ? c->first_failing_seed : std::nullopt;
  } else {
    seed = d ? d->first_failing_seed : std::nullopt;
  }
  if (seed) rr.seed = *seed;
  return rr;
}

calibration_verdict judge(const calibration_result& r, const outcome_tally& like) {
  calibration_verdict v;
  v.name = like.name;
  v.is_test = like.is_test;
  v.declared = conclusion_at(r.declared, like.name, like.is_test);
  std::vector<conclusion> at;
  for (const auto& c : r.corners) at.push_back(conclusion_at(c, like.name, like.is_test));
  for (std::size_t i = 0; i < at.size(); ++i) {
    if (at[i] == v.declared) continue;
    ++v.corners_differing;
    if (!v.flipping) v.flipping = flipping_run(r, r.corners[i], like, v.declared, at[i]);
  }
  v.robust = v.corners_differing == 0;
  if (v.robust) return v;
  auto failing = [](conclusion c) { return c == conclusion::fails || c == conclusion::fails_sometimes; };
  v.fails_everywhere = failing(v.declared) && std::all_of(at.begin(), at.end(), failing);
  // Parameter j matters if flipping it alone changes a conclusion somewhere.
  const std::size_t k = r.parameters.size();
  const int edges = static_cast<int>(at.size() / 2);
  for (std::size_t j = 0; j < k; ++j) {
    const std::size_t bit = std::size_t{1} << (k - 1 - j);
    parameter_effect e{r.parameters[j].name, 0, edges};
    for (std::size_t i = 0; i < at.size(); ++i) {
      if ((i & bit) == 0 && at[i] != at[i | bit]) ++e.flipped_edges;
    }
    if (e.flipped_edges > 0) v.depends_on.push_back(e);
  }
  std::stable_sort(v.depends_on.begin(), v.depends_on.end(),
                   [](const parameter_effect& a, const parameter_effect& b) { return a.flipped_edges > b.flipped_edges; });
  if (v.depends_on.empty()) {
    v.declared_alone = true;
    for (const auto& p : r.parameters) v.depends_on.push_back({p.name, 0, edges});
  }
  return v;
}

std::vector<sweep_param> corner_params(const std::vector<calibration>& params) {
  std::vector<sweep_param> out;
  for (const auto& p : params) out.push_back({p.name, {p.low, p.high}});
  return out;
}

}  // namespace

std::vector<calibration_verdict> judge_calibrations(const calibration_result& r) {
  // Every outcome any point saw, in the declared point's order first.
  std::vector<outcome_tally> names = r.declared.outcomes;
  for (const auto& c : r.corners) {
    for (const auto& t : c.outcomes) {
      if (!find_outcome(names, t.name, t.is_test)) names.push_back(t);  // only its name and kind are read
    }
  }
  std::stable_partition(names.begin(), names.end(), [](const outcome_tally& t) { return t.is_test; });
  std::vector<calibration_verdict> out;
  for (const auto& n : names) out.push_back(judge(r, n));
  return out;
}

calibration_result run_calibration_sweep(const calibration_request& req, const sweep_progress& progress,
                                         const sweep_runner& runner) {
  const scenario_spec base = load_scenario(req.scenario);
  calibration_result out;
  out.request = req;
  out.scenario = base.name;
  out.variant = req.variant.value_or(base.variant);
  out.defaults_used = base.calibrations.empty();
  out.parameters = declared_or_default(base);
  if (out.parameters.size() > max_calibration_parameters) {
    throw scenario_error(fmt::format("sweep --calibrations: {} parameters would be {} corners; at most {} parameters",
                                     out.parameters.size(), std::size_t{1} << out.parameters.size(),
                                     max_calibration_parameters));
  }
  for (const auto& [name, value] : req.overrides) {
    for (const auto& p : out.parameters) {
      if (p.name == name) {
        throw scenario_error(fmt::format("--set {}={}: {} is a swept calibration; change its declared value or "
                                         "range in the scenario file instead",
                                         name, value, name));
      }
    }
  }
  std::vector<sweep_param> declared;
  for (const auto& p : out.parameters) {
    out.declared_values.push_back(calibration_value(base, p.name));
    declared.push_back({p.name, {out.declared_values.back()}});
  }
  sweep_request sr;
  sr.scenario = req.scenario;
  sr.seed_first = req.seed_first;
  sr.seeds = req.seeds;
  sr.variant = req.variant;
  sr.overrides = req.overrides;
  sr.max_trace_mb = req.max_trace_mb;
  sr.jobs = req.jobs;
  const int per_point = req.seeds;
  const int total = per_point * (1 + (1 << out.parameters.size()));
  int offset = 0;
  const sweep_progress step = [&](int done, int) {
    if (progress) progress(offset + done, total);
  };
  sr.params = declared;
  const sweep_result at_declared = run_sweep(sr, step, runner);
  out.declared = at_declared.points.at(0);
  offset = per_point;
  sr.params = corner_params(out.parameters);
  const sweep_result at_corners = run_sweep(sr, step, runner);
  out.corners = at_corners.points;
  out.partial = at_declared.partial || at_corners.partial;
  const std::size_t k = out.parameters.size();
  for (std::size_t j = 0; j < k; ++j) {
    const std::size_t bit = std::size_t{1} << (k - 1 - j);
    bool inert = true;
    for (std::size_t i = 0; i < out.corners.size() && inert; ++i) {
      if ((i & bit) == 0) inert = out.corners[i].trace_hashes == out.corners[i | bit].trace_hashes;
    }
    out.inert.push_back(inert);
  }
  out.verdicts = judge_calibrations(out);
  return out;
}

}  // namespace reconsim::scenarios
