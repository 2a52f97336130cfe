// run_review: every variant over the same seeds, in the order given.
#include <fmt/format.h>

#include <algorithm>

#include "reconsim/scenarios/search/repro.hpp"
#include "reconsim/scenarios/search/detail/parallel.hpp"
#include "reconsim/scenarios/search/review.hpp"
#include "reconsim/scenarios/spec/scenario.hpp"

namespace reconsim::scenarios {

namespace {

void add_checks(review_variant& v, const run_result& r, const run_request& req) {
  for (const auto& c : r.checks) {
    auto it = std::find_if(v.checks.begin(), v.checks.end(), [&c](const review_check& x) { return x.name == c.name; });
    if (it == v.checks.end()) {
      v.checks.push_back({c.name, 0, 0, std::nullopt, "", ""});
      it = v.checks.end() - 1;
    }
    ++it->runs;
    it->passed += c.passed ? 1 : 0;
    if (!c.passed && !it->first_failing_seed) {
      it->first_failing_seed = r.seed;
      it->first_explanation = c.explanation;
      it->replay = run_command(req);
    }
  }
}

void add_measures(review_variant& v, const run_measures& m, double& terminal_sum) {
  v.notifications += m.notifications;
  v.attempts += m.attempts;
  v.api_writes += m.api_writes;
  v.audit_stored += m.audit_stored;
  for (const double s : m.terminal_s) {
    ++v.reached_terminal;
    terminal_sum += s;
  }
  for (const auto& g : m.gaps) {
    auto it = std::find_if(v.gaps.begin(), v.gaps.end(), [&g](const review_gap& x) { return x.retry == g.retry; });
    if (it == v.gaps.end()) {
      v.gaps.push_back({g.retry, 0, g.expected_s, g.observed_s, 0, 0});
      it = v.gaps.end() - 1;
    }
    it->observed_mean_s = (it->observed_mean_s * it->count + g.observed_s) / (it->count + 1);
    ++it->count;
    it->expected_s = std::min(it->expected_s, g.expected_s);
    it->observed_min_s = std::min(it->observed_min_s, g.observed_s);
    it->early += g.observed_s + 0.001 < g.expected_s ? 1 : 0;
  }
}

}  // namespace

review_result run_review(const review_request& req, const review_progress& progress) {
  if (req.variants.empty()) throw scenario_error("review: name at least one variant (--variants a,b,c)");
  if (req.seeds < 1) throw scenario_error("review: --seeds must be at least 1");
  review_result out{req, {}};
  // With calibrations, each variant also runs the declared point and every
  // corner: count them so progress tells the truth.
  int per_variant = req.seeds;
  if (req.calibrations) {
    const std::size_t k = declared_or_default(load_scenario(req.scenario)).size();
    per_variant += req.seeds * (1 + (1 << std::min(k, max_calibration_parameters)));
  }
  const int total = static_cast<int>(req.variants.size()) * per_variant;
  int done = 0;
  for (const auto& name : req.variants) {
    review_variant v;
    v.variant = name;
    double terminal_sum = 0;
    // The seeds on `jobs` threads; folded in seed order, so the review
    // does not depend on `jobs`. A passing run's trace is dropped at once.
    struct slot {
      run_request request;
      run_result result;
      run_measures measures;
      bool ran = false;  // false: a stop came first
    };
    std::vector<slot> slots(static_cast<std::size_t>(req.seeds));
    out.partial = !detail::parallel_for(
        slots.size(), req.jobs,
        [&](std::size_t i) {
          slot& s = slots[i];
          s.request.scenario = req.scenario;
          s.request.seed = req.seed_first + i;
          s.request.variant = name;
          s.request.overrides = req.overrides;
          s.result = run_scenario(s.request);
          s.measures = measure_run(s.result);
          // A passing run's trace is dropped at once, but the first one's:
          // a variant without failures still shows a timeline.
          if (s.result.passed && i != 0) s.result.trace.clear();
          s.ran = true;
        },
        [&](std::size_t) {
          if (progress) progress(++done, total);
        });
    for (auto& s : slots) {
      if (!s.ran) continue;
      ++v.runs;
      v.passed += s.result.passed ? 1 : 0;
      add_checks(v, s.result, s.request);
      add_measures(v, s.measures, terminal_sum);
      if (!s.result.passed && !v.representative_failure) {
        v.representative_failure = std::move(s.result);
      } else if (s.result.passed && !s.result.trace.empty() && !v.representative_pass) {
        v.representative_pass = std::move(s.result);
      }
    }
    if (v.representative_failure) v.representative_pass.reset();
    std::sort(v.gaps.begin(), v.gaps.end(), [](const review_gap& a, const review_gap& b) { return a.retry < b.retry; });
    v.terminal_s_mean = v.reached_terminal == 0 ? 0.0 : terminal_sum / v.reached_terminal;
    if (req.calibrations) {
      calibration_request cr;
      cr.scenario = req.scenario;
      cr.seed_first = req.seed_first;
      cr.seeds = req.seeds;
      cr.variant = name;
      cr.overrides = req.overrides;
      cr.jobs = req.jobs;
      const int before = done;
      v.calibration = run_calibration_sweep(cr, [&](int d, int) {
        done = before + d;
        if (progress) progress(done, total);
      });
    }
    out.variants.push_back(std::move(v));
  }
  return out;
}

}  // namespace reconsim::scenarios
