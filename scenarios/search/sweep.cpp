// run_sweep: every grid point x every seed, in a fixed order.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>

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

sweep_run summary_of(std::size_t slot, const run_result& r) {
  sweep_run out;
  out.slot = slot;
  out.passed = r.passed;
  const auto failed = r.counters.find("tests_failed");
  out.tests_passed = failed != r.counters.end() && failed->second == 0 &&
                     std::all_of(r.tests.begin(), r.tests.end(), [](const test_outcome& t) { return t.passed; });
  const auto suite = r.counters.find("suite_s");
  out.suite_s = suite == r.counters.end() ? 0.0 : suite->second;
  out.trace_hash = r.trace_hash;
  for (const auto& t : r.tests) out.outcomes.push_back({t.name, true, t.passed, true});
  for (const auto& c : r.checks) out.outcomes.push_back({c.name, false, c.passed, c.status != "not-exercised"});
  return out;
}

// The request of the run in `slot`: the point's values as overrides.
run_request request_at(const sweep_request& req, const std::string& scenario_name,
                       const std::vector<std::pair<std::string, std::string>>& point, std::size_t slot) {
  run_request rr;
  rr.scenario = scenario_name;
  rr.seed = req.seed_first + static_cast<std::uint64_t>(slot % static_cast<std::size_t>(req.seeds));
  rr.variant = req.variant;
  rr.overrides = req.overrides;
  rr.max_trace_mb = req.max_trace_mb;
  rr.overrides.insert(rr.overrides.end(), point.begin(), point.end());
  return rr;
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
  if (req.shards < 1 || req.shard < 1 || req.shard > req.shards) {
    throw scenario_error(fmt::format("sweep: shard {}/{} does not exist", req.shard, req.shards));
  }
  const scenario_spec base = load_scenario(req.scenario);  // a name or a file
  // A sweep reads each run's verdicts, never its events: the checkers
  // judge as it goes and nothing is kept.
  const sweep_runner run = runner ? runner : [](const scenario_spec& s, const run_request& r) {
    return run_scenario(s, as_search_run(r));
  };
  sweep_result out;
  out.request = req;
  out.variant = req.variant.value_or(base.variant);
  out.scenario_name = base.name;
  const auto points = grid(req.params);
  for (const auto& values : points) {
    scenario_spec check = base;  // every point against the real scenario before any run
    apply_overrides(check, req.overrides);
    apply_overrides(check, values);
  }
  // This shard's (point, seed) slots on `jobs` threads; folded in slot order.
  const std::size_t seeds = static_cast<std::size_t>(req.seeds);
  std::vector<std::size_t> mine;
  for (std::size_t i = static_cast<std::size_t>(req.shard - 1); i < points.size() * seeds;
       i += static_cast<std::size_t>(req.shards)) {
    mine.push_back(i);
  }
  std::vector<std::optional<sweep_run>> ran(mine.size());
  const int total = static_cast<int>(mine.size());
  int done = 0;
  out.partial = !detail::parallel_for(
      mine.size(), req.jobs,
      [&](std::size_t m) {
        const std::size_t slot = mine[m];
        ran[m] = summary_of(slot, run(base, request_at(req, base.name, points[slot / seeds], slot)));
      },
      [&](std::size_t) {
        if (progress) progress(++done, total);
      });
  std::vector<sweep_run> runs;
  for (auto& r : ran) {
    if (r) runs.push_back(std::move(*r));
  }
  fold_sweep(out, std::move(runs));
  return out;
}

void fold_sweep(sweep_result& out, std::vector<sweep_run> runs) {
  // In slot order whatever the file said; a slot past the grid folds nowhere.
  std::sort(runs.begin(), runs.end(), [](const sweep_run& a, const sweep_run& b) { return a.slot < b.slot; });
  const sweep_request& req = out.request;
  const auto points = grid(req.params);
  const std::size_t seeds = static_cast<std::size_t>(req.seeds);
  out.points.clear();
  std::size_t next = 0;  // runs are in slot order: each point takes its own in turn
  for (std::size_t p = 0; p < points.size(); ++p) {
    sweep_point pt;
    pt.values = points[p];
    double suite_sum = 0;
    for (; next < runs.size() && runs[next].slot / seeds == p; ++next) {
      const sweep_run& r = runs[next];
      const std::uint64_t seed = req.seed_first + static_cast<std::uint64_t>(r.slot % seeds);
      ++pt.runs;
      pt.passed += r.passed ? 1 : 0;
      pt.tests_passed += r.tests_passed ? 1 : 0;
      for (const auto& o : r.outcomes) count(tally_of(pt.outcomes, o.name, o.is_test), o.passed, o.exercised, seed);
      pt.trace_hashes.push_back(r.trace_hash);
      if (!r.passed && !pt.first_failing_seed) {
        pt.first_failing_seed = seed;
        pt.first_failure = request_at(req, out.scenario_name, points[p], r.slot);
      }
      suite_sum += r.suite_s;
      pt.suite_s_max = std::max(pt.suite_s_max, r.suite_s);
    }
    pt.ci = wilson(pt.passed, pt.runs);
    pt.suite_s_mean = pt.runs == 0 ? 0.0 : suite_sum / pt.runs;
    out.points.push_back(std::move(pt));
  }
  out.runs = std::move(runs);
}

}  // namespace reconsim::scenarios
