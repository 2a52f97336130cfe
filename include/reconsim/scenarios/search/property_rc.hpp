#pragma once
// A scenario property as a rapidcheck property, with rapidcheck's shrinking
// towards the smallest story (fewer, earlier, shorter faults; seed 1; lower
// load; fewer NotificationRequests; a smaller retry policy). Header-only on purpose: only test programs link rapidcheck, and the
// `reconsim` binary must not need it.
//
//   auto r = search({"retry-backoff", "partial-is-terminal", {"retries-honour-backoff"}}, space, {});
//   if (r.found) std::cout << r.report.text;   // shrunk plan, checker, command
#include <rapidcheck.h>
#include <rapidcheck/detail/Configuration.h>
#include <rapidcheck/detail/TestListener.h>

#include <chrono>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "reconsim/faults/generators.hpp"
#include "reconsim/scenarios/search/property.hpp"
#include "reconsim/scenarios/spec/scenario.hpp"
#include "reconsim/scenarios/spec/testbed_shape.hpp"

namespace reconsim::scenarios {

// The names a generated plan for `spec` may use: exactly what its testbed
// has (plan_targets_of), so no generated fault names nothing and a run
// never holds only because its faults could not fire. Default scales.
inline faults::gen::plan_vocabulary vocabulary_of(const scenario_spec& spec) {
  const faults::plan_targets t = plan_targets_of(spec);
  faults::gen::plan_vocabulary v;
  v.paths = t.directories;
  v.hosts = t.hosts;
  v.kinds = t.kinds;
  v.http_hosts = t.http_hosts;
  v.watch_kinds = t.kinds;
  v.components = t.components;
  v.links = t.links;
  return v;
}

// A generated retry policy, each field from 1 to its bound; it shrinks
// towards the smallest policy (one attempt, 1 s, multiplier 1) that still
// fails.
struct retry_space {
  int max_attempts = 5;
  int initial_backoff_seconds = 30;
  int backoff_multiplier = 2;
};

// What the generator may vary.
struct input_space {
  faults::gen::plan_vocabulary vocabulary;
  bool faults = true;             // false: the plan is always empty
  bool points = true;             // probabilistic fault points as well as steps
  std::uint64_t seed_max = 1000;  // seeds 1..seed_max, shrinking towards 1
  std::optional<int> procs_min;   // with procs_max: generate the load
  std::optional<int> procs_max;
  std::vector<std::string> policies;  // empty: the scenario's (fifo); else shrinks to the first
  std::optional<retry_space> retry;   // set: the retry policy is generated too
  // Set: how many of the scenario's tests (NotificationRequests) run,
  // 1..tests_max, shrinking towards one.
  std::optional<int> tests_max;
  // A generator aimed at a scenario's window (e.g. the one batch in flight),
  // used instead of the vocabulary's plans when set.
  std::optional<rc::Gen<faults::plan>> plan;
};

// RECONSIM_PROPERTY_CASES overrides a suite's default number of cases (long
// runs); a bad value keeps the default.
inline int property_cases(int default_cases) {
  const char* env = std::getenv("RECONSIM_PROPERTY_CASES");
  if (env == nullptr) return default_cases;
  char* end = nullptr;
  const long n = std::strtol(env, &end, 10);
  return (end != env && *end == '\0' && n > 0 && n < 1000000) ? static_cast<int>(n) : default_cases;
}

inline rc::Gen<faults::plan> plan_gen(const input_space& s) {
  if (!s.faults) return rc::gen::just(faults::plan{});
  if (s.plan) return *s.plan;
  if (s.points) return faults::gen::plan(s.vocabulary);
  return rc::gen::map(rc::gen::container<std::vector<faults::step>>(faults::gen::any_step(s.vocabulary)),
                      [](std::vector<faults::step> steps) { return faults::plan{std::move(steps), {}, 1.0}; });
}

inline rc::Gen<std::optional<int>> procs_gen(const input_space& s) {
  if (!s.procs_min || !s.procs_max) return rc::gen::just(std::optional<int>{});
  // Every load from the first case on (rapidcheck scales inRange by size),
  // still shrinking towards the lowest.
  return rc::gen::map(rc::gen::resize(100, rc::gen::inRange(*s.procs_min, *s.procs_max + 1)),
                      [](int p) { return std::optional<int>(p); });
}

inline rc::Gen<std::optional<std::string>> policy_gen(const input_space& s) {
  if (s.policies.empty()) return rc::gen::just(std::optional<std::string>{});
  return rc::gen::map(faults::gen::pick(s.policies), [](std::string p) { return std::optional<std::string>(p); });
}

// 1..max over the whole range from the first case, shrinking towards 1.
inline rc::Gen<int> one_to(int max) { return rc::gen::resize(100, rc::gen::inRange(1, max + 1)); }

// The generated settings as run overrides, in a fixed order.
inline rc::Gen<override_list> overrides_gen(const input_space& s) {
  rc::Gen<override_list> retry = rc::gen::just(override_list{});
  if (s.retry) {
    retry = rc::gen::apply(
        [](int attempts, int backoff, int multiplier) {
          return override_list{{"retry.max_attempts", std::to_string(attempts)},
                               {"retry.initial_backoff", std::to_string(backoff) + "s"},
                               {"retry.backoff_multiplier", std::to_string(multiplier)}};
        },
        one_to(s.retry->max_attempts), one_to(s.retry->initial_backoff_seconds), one_to(s.retry->backoff_multiplier));
  }
  rc::Gen<override_list> tests = rc::gen::just(override_list{});
  if (s.tests_max) {
    tests = rc::gen::map(one_to(*s.tests_max), [](int n) { return override_list{{"tests", std::to_string(n)}}; });
  }
  return rc::gen::apply(
      [](override_list a, const override_list& b) {
        a.insert(a.end(), b.begin(), b.end());
        return a;
      },
      retry, tests);
}

inline rc::Gen<property_input> input_gen(const input_space& s) {
  return rc::gen::apply(
      [](std::uint64_t seed, faults::plan plan, std::optional<int> procs, std::optional<std::string> policy,
         override_list overrides) {
        return property_input{seed, std::move(plan), procs, std::move(policy), std::move(overrides)};
      },
      rc::gen::resize(100, rc::gen::inRange<std::uint64_t>(1, s.seed_max + 1)), plan_gen(s), procs_gen(s),
      policy_gen(s), overrides_gen(s));
}

struct search_options {
  std::uint64_t rc_seed = 1;  // rapidcheck's seed: same seed, same cases, same shrunk input
  int cases = 100;            // the bound: at most this many passing cases
  int max_size = 100;
  bool shrink = true;
  std::string repro_dir;  // where the shrunk counterexample's repro goes; "" writes none
  // The property's id for RC_PARAMS="reproduce=..."; a reproduce entry
  // under this id replays its case instead of searching.
  std::string id;
};

struct search_result {
  bool found = false;
  int cases = 0;        // cases tried, the failing one included
  int evaluations = 0;  // runs, shrinking included
  std::optional<property_input> first;   // the first counterexample
  std::optional<property_input> shrunk;  // the smallest
  property_verdict verdict;              // of the smallest
  counterexample_report report;
  std::string reproduce;  // the RC_PARAMS value that replays the failure
  double seconds_to_first = 0;
  double seconds_total = 0;
};

namespace detail {

// The search reports its own result; rapidcheck's listeners print nothing.
class silent_listener final : public rc::detail::TestListener {
 public:
  void onTestCaseFinished(const rc::detail::CaseDescription&) override {}
  void onShrinkTried(const rc::detail::CaseDescription&, bool) override {}
  void onTestFinished(const rc::detail::TestMetadata&, const rc::detail::TestResult&) override {}
};

// rapidcheck's Reproduce for `id` as an RC_PARAMS value.
inline std::string reproduce_params(const std::string& id, const rc::detail::Reproduce& r) {
  rc::detail::Configuration c;
  c.reproduce[id] = r;
  return rc::detail::configToMinimalString(c);
}

}  // namespace detail

// Searches for an input that breaks the target's checkers. Rapidcheck adopts
// every failing shrink it tries, so the last failing evaluation is the
// shrunk counterexample.
inline search_result search(const property_target& target, const input_space& space, const search_options& o) {
  using clock = std::chrono::steady_clock;  // measures the search, never a run
  search_result out;
  const auto start = clock::now();
  const auto gen = input_gen(space);
  auto property = [&]() {
    const property_input in = *gen;
    ++out.evaluations;
    property_verdict v = evaluate(target, in);
    if (!v.held) {
      if (!out.first) {
        out.first = in;
        out.seconds_to_first = std::chrono::duration<double>(clock::now() - start).count();
      }
      out.shrunk = in;
      out.verdict = v;
      RC_FAIL(v.failed + ": " + v.explanation);
    }
  };
  rc::detail::TestParams params;
  params.seed = o.rc_seed;
  params.maxSuccess = o.cases;
  params.maxSize = o.max_size;
  params.disableShrinking = !o.shrink;
  rc::detail::TestMetadata meta{o.id, o.id};
  detail::silent_listener quiet;
  const auto result = rc::detail::checkProperty(rc::detail::toProperty(property), meta, params, quiet,
                                                rc::detail::configuration().reproduce);
  out.seconds_total = std::chrono::duration<double>(clock::now() - start).count();
  if (result.template is<rc::detail::FailureResult>()) {
    const auto& failure = result.template get<rc::detail::FailureResult>();
    out.found = out.shrunk.has_value();
    out.cases = failure.numSuccess + 1;
    out.reproduce = detail::reproduce_params(o.id, failure.reproduce);
    if (out.found) out.report = report_counterexample(out.verdict, o.repro_dir);
    out.report.text += "rapidcheck: RC_PARAMS=\"" + out.reproduce + "\"\n";
  } else if (result.template is<rc::detail::SuccessResult>()) {
    out.cases = result.template get<rc::detail::SuccessResult>().numSuccess;
  }
  return out;
}

}  // namespace reconsim::scenarios
