// run_explore: slots (seed x policy) run on J threads, each slot written by
// one thread only; grouping reads them in slot order afterwards.
#include "reconsim/scenarios/search/explore.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>

#include "reconsim/scenarios/checkers/checker.hpp"
#include "reconsim/scenarios/search/detail/explore_groups.hpp"
#include "reconsim/scenarios/search/detail/parallel.hpp"
#include "reconsim/scenarios/spec/scenario.hpp"

namespace reconsim::scenarios {

std::pair<std::uint64_t, std::uint64_t> parse_seed_range(const std::string& text) {
  auto number = [&text](const std::string& s) {
    if (s.empty() || s.find_first_not_of("0123456789") != std::string::npos || s.size() > 19) {
      throw scenario_error(fmt::format("--seeds '{}': expected A..B or N (e.g. 1..100)", text));
    }
    return static_cast<std::uint64_t>(std::stoull(s));
  };
  const auto dots = text.find("..");
  if (dots == std::string::npos) {
    const auto n = number(text);
    return {n, n};
  }
  const auto first = number(text.substr(0, dots));
  const auto last = number(text.substr(dots + 2));
  if (last < first) throw scenario_error(fmt::format("--seeds '{}': the range is empty", text));
  return {first, last};
}

namespace {

// A whole number in [low, high], or nullopt (no sign, no spaces, no rest).
std::optional<int> whole_number(const std::string& s, int low, int high) {
  if (s.empty() || s.size() > 6 || s.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  const int n = std::stoi(s);
  if (n < low || n > high) return std::nullopt;
  return n;
}

}  // namespace

std::pair<int, int> parse_shard(const std::string& text, const char* completion_index) {
  constexpr int most_shards = 100000;
  const auto slash = text.find('/');
  const std::string head = text.substr(0, slash);
  const auto n = slash == std::string::npos ? std::nullopt : whole_number(text.substr(slash + 1), 1, most_shards);
  if (!n) {
    throw scenario_error(fmt::format("--shard '{}': expected i/N with 1 <= i <= N (e.g. 2/4), or auto/N", text));
  }
  if (head != "auto") {
    const auto i = whole_number(head, 1, *n);
    if (!i) throw scenario_error(fmt::format("--shard '{}': expected i/N with 1 <= i <= N (e.g. 2/4), or auto/N", text));
    return {*i, *n};
  }
  if (completion_index == nullptr) {
    throw scenario_error(fmt::format("--shard {}: JOB_COMPLETION_INDEX is not set (a Kubernetes Indexed Job sets it "
                                     "in each pod, 0..{}); set it, or say --shard i/{}",
                                     text, *n - 1, *n));
  }
  const auto index = whole_number(completion_index, 0, *n - 1);
  if (!index) {
    throw scenario_error(fmt::format("--shard {}: JOB_COMPLETION_INDEX='{}' is not a whole number from 0 to {} (does "
                                     "the Job's `completions` equal {}?)",
                                     text, completion_index, *n - 1, *n));
  }
  return {*index + 1, *n};
}

namespace {

// Keeps `candidate` when it still fails the checker `v` failed.
bool still_fails(const property_target& t, const property_input& candidate, property_verdict& v) {
  property_verdict w = evaluate(t, candidate);
  if (w.held || w.failed != v.failed) return false;
  v = std::move(w);
  return true;
}

// One removal pass over steps, then points; true if anything went.
bool drop_one(const property_target& t, property_input& in, property_verdict& v) {
  for (std::size_t i = 0; i < in.plan.steps.size(); ++i) {
    property_input c = in;
    c.plan.steps.erase(c.plan.steps.begin() + static_cast<std::ptrdiff_t>(i));
    if (still_fails(t, c, v)) {
      in = std::move(c);
      return true;
    }
  }
  for (std::size_t i = 0; i < in.plan.points.size(); ++i) {
    property_input c = in;
    c.plan.points.erase(c.plan.points.begin() + static_cast<std::ptrdiff_t>(i));
    if (still_fails(t, c, v)) {
      in = std::move(c);
      return true;
    }
  }
  return false;
}

// The scenario as this input runs it (its overrides applied).
scenario_spec scenario_of(const property_target& t, const property_input& in) {
  scenario_spec out = load_scenario(t.scenario);
  apply_overrides(out, in.overrides);
  if (in.procs) out.procs = *in.procs;
  return out;
}

// The input with `tests=n` (replacing an earlier tests override).
property_input with_tests(property_input in, int n) {
  std::erase_if(in.overrides, [](const auto& o) { return o.first == "tests"; });
  in.overrides.emplace_back("tests", std::to_string(n));
  return in;
}

}  // namespace

property_verdict shrink_failure(const property_target& t, property_input in, property_verdict v) {
  // Bounded: each pass removes one element, so at most size(plan) passes.
  const int passes = plan_size(in.plan);
  for (int i = 0; i < passes && drop_one(t, in, v); ++i) {
  }
  return shrink_scenario(t, std::move(in), std::move(v));
}

property_verdict shrink_scenario(const property_target& t, property_input in, property_verdict v) {
  // The fewest NotificationRequests that still fail, tried upwards from one.
  const int tests = static_cast<int>(scenario_of(t, in).tests.size());
  for (int n = 1; n < tests; ++n) {
    property_input c = with_tests(in, n);
    if (still_fails(t, c, v)) {
      in = std::move(c);
      break;
    }
  }
  // The lowest load that still fails, tried upwards from one process.
  const int procs = scenario_of(t, in).procs;
  for (int p = 1; p < procs; ++p) {
    property_input c = in;
    c.procs = p;
    if (still_fails(t, c, v)) break;
  }
  return v;
}

namespace {

using detail::run_slot;

void run_one(const explore_request& req, const property_target& t, const faults::plan& plan, run_slot& slot,
             bool twice) {
  property_input in{slot.seed, plan, std::nullopt, slot.policy, req.overrides};
  property_verdict v = evaluate(t, in);
  slot.inconclusive = v.inconclusive;
  if (twice) {
    const property_verdict again = evaluate(t, in);
    if (again.trace_hash != v.trace_hash) {
      v.held = false;
      v.failed = determinism_check;
      v.explanation = fmt::format("the same run gave trace hash {} and then {}", v.trace_hash, again.trace_hash);
      slot.failure = std::move(v);  // not shrunk: the run itself is the finding
      return;
    }
  }
  if (v.held) return;
  slot.failure = req.shrink ? shrink_failure(t, std::move(in), std::move(v)) : std::move(v);
}


}  // namespace

explore_result run_explore(const explore_request& req, const explore_progress& progress) {
  using clock = std::chrono::steady_clock;  // reports the wall time; never enters a run
  const auto start = clock::now();
  if (req.policies.empty()) throw scenario_error("explore: no schedule policy to run");
  if (req.shards < 1 || req.shard < 1 || req.shard > req.shards) {
    throw scenario_error(fmt::format("explore: shard {}/{} does not exist", req.shard, req.shards));
  }
  if (req.guided) {
    if (req.shards > 1) {
      throw scenario_error("explore: --guided does not shard: its corpus grows run by run in one sequence; run it "
                           "whole, or shard without --guided");
    }
    return explore_guided(req, progress);
  }
  const scenario_spec spec = load_scenario(req.scenario);  // a name or a file
  const property_target target{req.scenario, req.variant, detail::explored_checks(spec), req.max_trace_mb};
  const faults::plan plan = faults::parse_plan(spec.plan).plan;

  std::vector<run_slot> slots = detail::make_slots(req);
  if (req.check_determinism_every < 0) throw scenario_error("explore: --check-determinism must be 0 or more");
  const auto twice = [every = static_cast<std::size_t>(req.check_determinism_every)](std::size_t i) {
    return every > 0 && i % every == 0;
  };
  std::atomic<int> failed{0};
  int done = 0;
  const bool complete = detail::parallel_for(
      slots.size(), req.jobs,
      [&](std::size_t i) {
        run_one(req, target, plan, slots[i], twice(slots[i].index));
        slots[i].ran = true;
        if (slots[i].failure) ++failed;
      },
      [&](std::size_t) {
        if (progress) progress(++done, static_cast<int>(slots.size()), failed.load());
      });

  explore_result out;
  out.partial = !complete;
  out.failed = failed.load();
  for (std::size_t i = 0; i < slots.size(); ++i) {
    if (!slots[i].ran) continue;
    ++out.runs;
    out.determinism_checked += twice(slots[i].index) ? 1 : 0;
    out.inconclusive += slots[i].inconclusive && !slots[i].failure ? 1 : 0;
  }
  out.groups = detail::group(slots);
  for (auto& g : out.groups) g.report = report_counterexample(g.minimal, req.repro_dir);
  out.seconds = std::chrono::duration<double>(clock::now() - start).count();
  return out;
}

}  // namespace reconsim::scenarios
