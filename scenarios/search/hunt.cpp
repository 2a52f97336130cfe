// run_hunt: the reference run, its perturbations on J threads (each slot
// written by one thread), then grouping and shrinking in slot order, so the
// result does not depend on J.
#include "reconsim/scenarios/search/hunt.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <set>

#include "reconsim/scenarios/checkers/checker.hpp"
#include "reconsim/scenarios/search/detail/parallel.hpp"
#include "reconsim/scenarios/search/explore.hpp"

namespace reconsim::scenarios {

namespace {

struct hunt_slot {
  property_verdict verdict;
  bool diverged = false;
  bool unsettled = false;
  bool ran = false;  // false: a stop came first
  std::string end;
};

std::vector<std::string> kinds_of(const hunt_request& req) {
  std::vector<std::string> all(std::begin(hunt_fault_kinds), std::end(hunt_fault_kinds));
  if (req.faults.empty()) return all;
  for (std::size_t i = 0; i < req.faults.size(); ++i) {
    const std::string& k = req.faults[i];
    if (std::find(req.faults.begin(), req.faults.begin() + static_cast<std::ptrdiff_t>(i), k) !=
        req.faults.begin() + static_cast<std::ptrdiff_t>(i)) {
      throw scenario_error(fmt::format("hunt: fault kind '{}' listed twice", k));
    }
    if (std::find(all.begin(), all.end(), k) == all.end()) {
      std::string names;
      for (const auto& n : all) names += (names.empty() ? "" : ",") + n;
      throw scenario_error(fmt::format("hunt: unknown fault kind '{}' (expected some of: {})", k, names));
    }
  }
  return req.faults;
}

// The scenario's checkers (every checker when it names none).
std::vector<std::string> hunted_checks(const scenario_spec& spec) {
  std::vector<std::string> names = spec.checks;
  if (names.empty()) {
    for (const auto& c : checkers()) names.emplace_back(c.name);
  }
  return names;
}

// Whether a timed fault of the run never took effect (and which).
bool missed_fault(const run_result& r, std::string& why) {
  for (const auto& f : r.faults) {
    if (f.timed && !f.took_effect) {
      why = "fault `" + f.statement + "` never took effect";
      return true;
    }
  }
  why.clear();
  return false;
}

property_input input_of(const hunt_request& req, std::uint64_t seed, const faults::plan& plan) {
  property_input in;
  in.seed = seed;
  in.plan = plan;
  in.overrides = req.overrides;
  return in;
}

std::vector<hunt_group> group(const std::vector<perturbation>& ps, const std::vector<hunt_slot>& slots,
                              const std::string& reference_end) {
  std::vector<hunt_group> groups;
  for (std::size_t i = 0; i < slots.size(); ++i) {
    const hunt_slot& s = slots[i];
    if (!s.ran || (s.verdict.held && !s.diverged)) continue;
    const std::string sig = (s.diverged ? std::string("diverged") : s.verdict.failed) + " | " + ps[i].label;
    auto it = std::find_if(groups.begin(), groups.end(), [&](const hunt_group& g) { return g.signature == sig; });
    if (it != groups.end()) {
      ++it->count;
      continue;
    }
    hunt_group g;
    g.signature = sig;
    g.count = 1;
    g.first_run = static_cast<int>(i) + 1;
    g.first = ps[i];
    g.minimal = s.verdict;
    if (s.diverged) {
      g.minimal.held = false;
      g.minimal.failed = "diverged";
      g.minimal.explanation = "end state differs from the reference run's";
      g.end_state_diff = fmt::format("reference: {}\nperturbed: {}", reference_end, s.end);
    }
    groups.push_back(std::move(g));
  }
  return groups;
}

}  // namespace

hunt_result run_hunt(const hunt_request& req, const hunt_progress& progress) {
  using clock = std::chrono::steady_clock;  // reports the wall time; never enters a run
  const auto start = clock::now();
  const std::vector<std::string> kinds = kinds_of(req);
  if (req.shards < 1 || req.shard < 1 || req.shard > req.shards) {
    throw scenario_error(fmt::format("hunt: shard {}/{} does not exist", req.shard, req.shards));
  }
  const scenario_spec spec = load_scenario(req.scenario);
  property_target target{req.scenario, req.variant, hunted_checks(spec), req.max_trace_mb};
  const std::uint64_t seed = req.seed.value_or(spec.seed);
  const faults::plan base = req.keep_plan ? faults::parse_plan(spec.plan).plan : faults::plan{};

  // The reference: a run that works, with its trace.
  const property_input ref_in = input_of(req, seed, base);
  const run_request ref_req = request_of(target, ref_in);
  const run_result reference = run_scenario(ref_req);
  const property_verdict ref_verdict = verdict_of_run(target, ref_req, reference);
  if (!ref_verdict.held) {
    throw scenario_error(fmt::format(
        "hunt: the reference run already fails ({}: {}); hunt perturbs a run that works — try another variant or "
        "seed{}",
        ref_verdict.failed, ref_verdict.explanation, req.keep_plan ? ", or drop --keep-plan" : ""));
  }
  hunt_result out;
  // The harness's tests judge too, unless the reference fails them: a test
  // written for the scenario's own faults ("at least 2 file attempts")
  // fails in a fault-free run, and that is no finding.
  out.tests_judged = !violation(reference, tests_pass_check);
  if (out.tests_judged) target.checks.emplace_back(tests_pass_check);
  out.reference_hash = reference.trace_hash;
  const end_state reference_end = end_state_of(reference);
  out.reference_end_state = reference_end.text();
  const std::vector<perturbation> ps = perturbations_of(reference, spec, base, kinds);
  std::set<std::string> points;
  for (const auto& p : ps) points.insert(p.point);
  out.points = static_cast<int>(points.size());
  for (const auto& k : kinds) {
    out.tried.emplace_back(k, static_cast<int>(std::count_if(ps.begin(), ps.end(), [&](const auto& p) { return p.kind == k; })));
  }

  std::vector<hunt_slot> slots(ps.size());
  std::vector<std::size_t> mine;  // this shard's perturbations
  for (std::size_t i = static_cast<std::size_t>(req.shard - 1); i < ps.size(); i += static_cast<std::size_t>(req.shards)) {
    mine.push_back(i);
  }
  std::atomic<int> failed{0};
  int done = 0;
  const bool complete = detail::parallel_for(
      mine.size(), req.jobs,
      [&](std::size_t m) {
        const std::size_t i = mine[m];
        const property_input in = input_of(req, seed, ps[i].plan);
        const run_request rr = request_of(target, in);
        end_state_reader end_reader;
        const run_result r = run_scenario(lean_request(target, rr, &end_reader));
        hunt_slot& s = slots[i];
        s.verdict = verdict_of_run(target, rr, r);
        // Inconclusive here means one thing: the perturbation never took
        // effect. A checker with nothing to check says so in the reference
        // too (a fault-free run retries nothing); that is not this run's.
        if (s.verdict.held) s.verdict.inconclusive = missed_fault(r, s.verdict.inconclusive_why);
        const end_state& end = end_reader.state();
        s.end = end.text();
        const end_comparison c = compare_end(reference_end, end);
        s.diverged = s.verdict.held && !s.verdict.inconclusive && c == end_comparison::diverged;
        s.unsettled = s.verdict.held && !s.verdict.inconclusive && c == end_comparison::unsettled;
        s.ran = true;
        if (!s.verdict.held || s.diverged) ++failed;
      },
      [&](std::size_t) {
        if (progress) progress(++done, static_cast<int>(mine.size()), failed.load());
      });

  out.partial = !complete;
  for (std::size_t i = 0; i < slots.size(); ++i) {
    const hunt_slot& s = slots[i];
    if (!s.ran) continue;
    ++out.runs;
    out.failed += s.verdict.held ? 0 : 1;
    out.diverged += s.diverged ? 1 : 0;
    out.inconclusive += s.verdict.held && s.verdict.inconclusive ? 1 : 0;
    out.unsettled += s.unsettled ? 1 : 0;
    if ((!s.verdict.held || s.diverged) && !out.first_failure_run) out.first_failure_run = static_cast<int>(i) + 1;
  }
  out.groups = group(ps, slots, out.reference_end_state);
  for (auto& g : out.groups) {
    if (req.shrink && complete && g.minimal.failed != "diverged") {
      // The plan is one perturbation already: only the scenario shrinks.
      g.minimal = shrink_scenario(target, input_of(req, seed, g.first.plan), g.minimal);
    }
    g.report = report_counterexample(g.minimal, req.repro_dir);
  }
  out.seconds = std::chrono::duration<double>(clock::now() - start).count();
  return out;
}

}  // namespace reconsim::scenarios
