// run_sweep: every grid point x every seed, in a fixed order.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "reconsim/scenarios/search/detail/parallel.hpp"
#include "reconsim/scenarios/search/sweep.hpp"

namespace reconsim::scenarios {

namespace {

// The grid in row-major order, last parameter fastest.
std::vector<std::vector<std::pair<std::string, std::string>>> grid(const std::vector<sweep_param>& params) {
  std::vector<std::vector<std::pair<std::string, std::string>>> points{{}};
  for (const auto& p : params) {
    std::vector<std::vector<std::pair<std::string, std::string>>> next;
    for (const auto& prefix : points) {
      for (const auto& v : p.values) {
        auto point = prefix;
        point.emplace_back(p.name, v);
        next.push_back(std::move(point));
      }
    }
    points = std::move(next);
  }
  return points;
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

outcome_tally& tally_of(std::vector<outcome_tally>& all, const std::string& name, bool is_test) {
  for (auto& t : all) {
    if (t.name == name && t.is_test == is_test) return t;
  }
  outcome_tally fresh;
  fresh.name = name;
  fresh.is_test = is_test;
  all.push_back(std::move(fresh));
  return all.back();
}

void count(outcome_tally& t, bool passed, bool exercised, std::uint64_t seed) {
  ++t.runs;
  if (!passed) {
    ++t.failed;
    if (!t.first_failing_seed) t.first_failing_seed = seed;
    return;
  }
  if (!exercised) {
    ++t.not_exercised;
    return;
  }
  ++t.passed;
  if (!t.first_passing_seed) t.first_passing_seed = seed;
}

void tally(std::vector<outcome_tally>& all, const run_result& r, std::uint64_t seed) {
  for (const auto& t : r.tests) count(tally_of(all, t.name, true), t.passed, true, seed);
  for (const auto& c : r.checks) count(tally_of(all, c.name, false), c.passed, c.status != "not-exercised", seed);
}

}  // namespace

sweep_param parse_sweep_param(const std::string& text) {
  const std::size_t eq = text.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == text.size()) {
    throw scenario_error(fmt::format("--param '{}': expected NAME=v1,v2,...", text));
  }
  sweep_param p{text.substr(0, eq), split(text.substr(eq + 1), ',')};
  for (const auto& v : p.values) {
    if (v.empty()) throw scenario_error(fmt::format("--param '{}': an empty value", text));
    try {
      validate_override(p.name, v);  // now, not mid-sweep
    } catch (const scenario_error& e) {
      throw scenario_error(std::string("--param ") + e.what());
    }
  }
  return p;
}

wilson_interval wilson(int passed, int runs) {
  if (runs <= 0) return {};
  const double z = 1.96;
  const double n = runs;
  const double p = static_cast<double>(passed) / n;
  const double denom = 1 + z * z / n;
  const double centre = (p + z * z / (2 * n)) / denom;
  const double half = z * std::sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom;
  return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

sweep_result run_sweep(const sweep_request& req, const sweep_progress& progress, const sweep_runner& runner) {
  if (req.seeds < 1) throw scenario_error("sweep: --seeds must be at least 1");
  const scenario_spec base = load_scenario(req.scenario);  // a name or a file
  const sweep_runner run = runner ? runner : [](const scenario_spec& s, const run_request& r) { return run_scenario(s, r); };
  sweep_result out{req, req.variant.value_or(base.variant), {}};
  const auto points = grid(req.params);
  for (const auto& values : points) {
    scenario_spec check = base;  // every point against the real scenario before any run
    apply_overrides(check, req.overrides);
    apply_overrides(check, values);
  }
  const int total = static_cast<int>(points.size()) * req.seeds;
  // Every (point, seed) on `jobs` threads; folded in grid and seed order.
  struct slot {
    run_request request;
    run_result result;
    bool ran = false;  // false: a stop came first
  };
  std::vector<slot> slots(static_cast<std::size_t>(total));
  for (std::size_t p = 0; p < points.size(); ++p) {
    for (int i = 0; i < req.seeds; ++i) {
      run_request& rr = slots[p * static_cast<std::size_t>(req.seeds) + static_cast<std::size_t>(i)].request;
      rr.scenario = base.name;
      rr.seed = req.seed_first + static_cast<std::uint64_t>(i);
      rr.variant = req.variant;
      rr.overrides = req.overrides;
      rr.overrides.insert(rr.overrides.end(), points[p].begin(), points[p].end());
    }
  }
  int done = 0;
  out.partial = !detail::parallel_for(
      slots.size(), req.jobs,
      [&](std::size_t i) {
        slots[i].result = run(base, slots[i].request);
        slots[i].result.trace.clear();  // a sweep keeps counts, not traces
        slots[i].ran = true;
      },
      [&](std::size_t) {
        if (progress) progress(++done, total);
      });
  for (std::size_t p = 0; p < points.size(); ++p) {
    sweep_point pt;
    pt.values = points[p];
    double suite_sum = 0;
    for (int i = 0; i < req.seeds; ++i) {
      const slot& sl = slots[p * static_cast<std::size_t>(req.seeds) + static_cast<std::size_t>(i)];
      if (!sl.ran) continue;
      const run_result& r = sl.result;
      const run_request& rr = sl.request;
      ++pt.runs;
      pt.passed += r.passed ? 1 : 0;
      const auto failed = r.counters.find("tests_failed");
      const bool tests_ok = failed != r.counters.end() && failed->second == 0 &&
                            std::all_of(r.tests.begin(), r.tests.end(), [](const test_outcome& t) { return t.passed; });
      pt.tests_passed += tests_ok ? 1 : 0;
      tally(pt.outcomes, r, rr.seed);
      pt.trace_hashes.push_back(r.trace_hash);
      if (!r.passed && !pt.first_failing_seed) {
        pt.first_failing_seed = rr.seed;
        pt.first_failure = rr;
      }
      const auto suite = r.counters.find("suite_s");
      const double s = suite == r.counters.end() ? 0.0 : suite->second;
      suite_sum += s;
      pt.suite_s_max = std::max(pt.suite_s_max, s);
    }
    pt.ci = wilson(pt.passed, pt.runs);
    pt.suite_s_mean = pt.runs == 0 ? 0.0 : suite_sum / pt.runs;
    out.points.push_back(std::move(pt));
  }
  return out;
}

}  // namespace reconsim::scenarios
