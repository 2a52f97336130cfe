// A property's verdict on one generated input: run the scenario, read the
// checkers named by the target (the scenario's own when none are named).
#include "reconsim/scenarios/search/property.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>
#include <utility>
#include <sstream>

#include "reconsim/scenarios/checkers/checker.hpp"
#include "reconsim/scenarios/search/repro.hpp"

namespace reconsim::scenarios {

void showValue(const property_input& in, std::ostream& os) {
  os << "seed " << in.seed;
  if (in.procs) os << ", procs " << *in.procs;
  if (in.policy) os << ", policy " << *in.policy;
  for (const auto& [name, value] : in.overrides) os << ", " << name << "=" << value;
  os << ", plan: " << (in.plan.empty() ? std::string("(none)") : faults::print(in.plan, "; "));
}

run_request request_of(const property_target& t, const property_input& in) {
  run_request r;
  r.scenario = t.scenario;
  r.seed = in.seed;
  r.variant = t.variant;
  // Always explicit, so an empty generated plan replaces the scenario's own.
  r.plan = faults::print(in.plan, "; ");
  r.procs = in.procs;
  r.policy = in.policy;
  r.overrides = in.overrides;
  r.max_trace_mb = t.max_trace_mb;
  return r;
}

namespace {

// The harness's verdict as a checker: the first failed test, if any.
std::optional<std::string> first_failed_test(const run_result& r) {
  for (const auto& t : r.tests) {
    if (!t.passed) return fmt::format("test '{}' failed at {:.3f}s: {}", t.name, t.at_s, t.message);
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> violation(const run_result& r, const std::string& name) {
  if (name == tests_pass_check) return first_failed_test(r);
  for (const auto* checks : {&r.checks, &r.extra_checks}) {
    auto it = std::find_if(checks->begin(), checks->end(), [&](const check_outcome& c) { return c.name == name; });
    if (it == checks->end()) continue;
    if (it->passed) return std::nullopt;
    return it->explanation;
  }
  if (r.trace.size() != r.trace_events) {
    throw std::logic_error("check " + name + " was not run, and the run kept no events to run it on");
  }
  const check_result c = run_check(name, r.trace, &r.outcome);
  if (c.passed) return std::nullopt;
  return c.explanation;
}

property_verdict evaluate(const property_target& t, const property_input& in) {
  const run_request request = request_of(t, in);
  return verdict_of_run(t, request, run_scenario(lean_request(t, request)));
}

run_request lean_request(const property_target& t, run_request request, sim::trace_observer* observer) {
  // The checkers judge the run as it goes; the memory it holds grows per
  // object, not per event.
  run_request r = as_search_run(std::move(request));
  r.observer = observer;
  for (const auto& name : t.checks) {
    if (name != tests_pass_check) r.extra_checks.push_back(name);
  }
  return r;
}

property_verdict verdict_of_run(const property_target& t, const run_request& request, const run_result& r) {
  property_verdict v;
  v.request = request;
  v.trace_hash = r.trace_hash;
  std::vector<std::string> names = t.checks;
  if (names.empty()) {
    for (const auto& c : r.checks) names.push_back(c.name);
  }
  for (const auto& name : names) {
    if (auto why = violation(r, name)) {
      v.held = false;
      v.failed = name;
      v.explanation = *why;
      return v;
    }
  }
  for (const auto& c : r.checks) {
    const bool named = std::find(names.begin(), names.end(), c.name) != names.end();
    if (named && c.status == "not-exercised") {
      v.inconclusive = true;
      v.inconclusive_why = "check " + c.name + " was " + c.explanation;
      return v;
    }
  }
  for (const auto& f : r.faults) {
    if (f.timed && !f.took_effect) {
      v.inconclusive = true;
      v.inconclusive_why = "fault `" + f.statement + "` never took effect";
      return v;
    }
  }
  return v;
}

int plan_size(const faults::plan& p) { return static_cast<int>(p.steps.size() + p.points.size()); }

std::string plan_shape(const faults::plan& p) {
  // The first word of a step's text after "at DUR: " / "from .. to ..: "
  // is its action's kind; a point's is its fault ("net.reset").
  std::string shape;
  auto add = [&shape](const std::string& kind) { shape += (shape.empty() ? "" : "+") + kind; };
  for (const auto& s : p.steps) {
    const std::string text = faults::to_string(s);
    const auto colon = text.find(": ");
    const std::string rest = colon == std::string::npos ? text : text.substr(colon + 2);
    add(rest.substr(0, rest.find(' ')));
  }
  for (const auto& pt : p.points) {
    const std::string text = faults::to_string(pt);
    std::istringstream words(text);
    std::string p_word, prob, kind;
    words >> p_word >> prob >> kind;
    add(kind);
  }
  return shape.empty() ? "no-faults" : shape;
}

std::string failure_signature(const property_verdict& v, const faults::plan& p) {
  return fmt::format("{} | {}", v.failed, plan_shape(p));
}

namespace {

std::string settings_text(const run_request& r) {
  std::string out;
  for (const auto& [name, value] : r.overrides) out += " " + name + "=" + value;
  return out;
}

}  // namespace

counterexample_report report_counterexample(const property_verdict& v, const std::string& repro_dir) {
  counterexample_report out;
  out.run_command = run_command(v.request);
  if (!repro_dir.empty()) {
    repro rp;
    rp.request = v.request;
    rp.trace_hash = v.trace_hash;
    rp.failed = v.failed;
    out.repro_path = write_repro_file(rp, repro_dir);
  }
  const faults::plan plan = faults::parse_plan(v.request.plan.value_or("")).plan;
  out.text = fmt::format(
      "counterexample: checker '{}' fails\n  {}\n  scenario {} variant {} seed {}{}{}\n  shrunk plan ({} fault(s)): {}\n"
      "  run:    {}\n",
      v.failed, v.explanation, v.request.scenario, v.request.variant.value_or("(scenario's)"), v.request.seed,
      v.request.procs ? fmt::format(" procs {}", *v.request.procs) : std::string(), settings_text(v.request), plan_size(plan),
      plan.empty() ? std::string("(none)") : faults::print(plan, "; "), out.run_command);
  if (!out.repro_path.empty()) {
    out.text += fmt::format("  replay: {}\n", replay_command(out.repro_path));
  }
  return out;
}

}  // namespace reconsim::scenarios
