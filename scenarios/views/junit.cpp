// The JUnit writer and the builders for each command's result.
#include "reconsim/scenarios/views/junit.hpp"

#include <fmt/format.h>

#include "reconsim/scenarios/search/repro.hpp"
#include "reconsim/scenarios/views/timeline_html.hpp"

namespace reconsim::scenarios {

namespace {

// Text as XML 1.0 character data or attribute value: the timeline's
// escaping (entities, line breaks kept, other control characters dropped).
std::string xml(std::string_view text) { return html_escape(text); }

std::string first_line(const std::string& s) { return s.substr(0, s.find('\n')); }

junit_case failed_case(std::string classname, std::string name, const std::string& why, const std::string& replay) {
  junit_case c;
  c.classname = std::move(classname);
  c.name = std::move(name);
  c.result = junit_case::outcome::failed;
  c.message = first_line(why);
  c.details = replay.empty() ? why : why + "\nreplay: " + replay;
  return c;
}

junit_case passed_case(std::string classname, std::string name, double time_s = 0) {
  junit_case c;
  c.classname = std::move(classname);
  c.name = std::move(name);
  c.time_s = time_s;
  return c;
}

}  // namespace

std::string junit_xml(const std::vector<junit_suite>& suites, std::string_view version) {
  int tests = 0, failures = 0, skipped = 0;
  for (const auto& s : suites) {
    for (const auto& c : s.cases) {
      ++tests;
      failures += c.result == junit_case::outcome::failed ? 1 : 0;
      skipped += c.result == junit_case::outcome::skipped ? 1 : 0;
    }
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format("<testsuites name=\"reconsim\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\">\n", tests,
                     failures, skipped);
  for (const auto& s : suites) {
    int f = 0, k = 0;
    double time = 0;
    for (const auto& c : s.cases) {
      f += c.result == junit_case::outcome::failed ? 1 : 0;
      k += c.result == junit_case::outcome::skipped ? 1 : 0;
      time += c.time_s;
    }
    out += fmt::format(
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\" time=\"{:.3f}\">\n",
        xml(s.name), s.cases.size(), f, k, time);
    out += "    <properties>\n";
    out += fmt::format("      <property name=\"reconsim.version\" value=\"{}\"/>\n", xml(version));
    for (const auto& [n, v] : s.properties) {
      out += fmt::format("      <property name=\"{}\" value=\"{}\"/>\n", xml(n), xml(v));
    }
    out += "    </properties>\n";
    for (const auto& c : s.cases) {
      out += fmt::format("    <testcase classname=\"{}\" name=\"{}\" time=\"{:.3f}\"", xml(c.classname), xml(c.name),
                         c.time_s);
      switch (c.result) {
        case junit_case::outcome::passed: out += "/>\n"; break;
        case junit_case::outcome::skipped:
          out += fmt::format(">\n      <skipped message=\"{}\"/>\n    </testcase>\n", xml(c.message));
          break;
        case junit_case::outcome::failed:
          out += fmt::format(">\n      <failure message=\"{}\" type=\"reconsim\">{}</failure>\n    </testcase>\n",
                             xml(c.message), xml(c.details));
          break;
      }
    }
    out += "  </testsuite>\n";
  }
  return out + "</testsuites>\n";
}

junit_suite junit_of_run(const run_result& r, const std::string& replay) {
  junit_suite s;
  s.name = fmt::format("{} seed {} variant {}", r.scenario, r.seed, r.variant);
  s.properties = {{"scenario", r.scenario}, {"seed", std::to_string(r.seed)}, {"variant", r.variant},
                  {"queue", r.queue},       {"plan", r.plan},                  {"trace_hash", r.trace_hash}};
  const std::string tests = r.scenario + ".tests";
  const std::string checks = r.scenario + ".checks";
  for (const auto& t : r.tests) {
    junit_case c = t.passed ? passed_case(tests, t.name) : failed_case(tests, t.name, t.message, replay);
    c.time_s = t.at_s;
    s.cases.push_back(std::move(c));
  }
  for (const auto& ch : r.checks) {
    if (!ch.passed) {
      std::string why = ch.explanation;
      for (const auto& line : chain_lines(ch)) why += "\n  " + line;
      s.cases.push_back(failed_case(checks, ch.name, why, replay));
    } else if (ch.status == "not-exercised") {
      junit_case c = passed_case(checks, ch.name);
      c.result = junit_case::outcome::skipped;
      c.message = "not exercised: " + ch.explanation;
      s.cases.push_back(std::move(c));
    } else {
      s.cases.push_back(passed_case(checks, ch.name));
    }
  }
  // A run that tested less than it says is no pass (INCONCLUSIVE).
  for (const auto& why : r.inconclusive) {
    junit_case c = passed_case(r.scenario + ".inconclusive", why);
    c.result = junit_case::outcome::skipped;
    c.message = "INCONCLUSIVE: " + why;
    s.cases.push_back(std::move(c));
  }
  return s;
}

namespace {

template <class Group>
junit_suite search_suite(const std::string& name, const std::string& classname, const std::vector<Group>& groups,
                         int runs, int failed) {
  junit_suite s;
  s.name = name;
  s.properties = {{"runs", std::to_string(runs)}, {"failed", std::to_string(failed)}};
  for (const auto& g : groups) {
    s.cases.push_back(failed_case(classname, g.signature,
                                  fmt::format("{} run(s) failed: {}\n{}", g.count, g.minimal.explanation, g.report.text),
                                  g.report.run_command));
  }
  if (groups.empty()) s.cases.push_back(passed_case(classname, fmt::format("no failure in {} runs", runs)));
  return s;
}

}  // namespace

std::vector<junit_suite> junit_of_explore(const std::string& scenario, const explore_result& r) {
  junit_suite s = search_suite("explore " + scenario, scenario + ".explore", r.groups, r.runs, r.failed);
  if (r.inconclusive > 0) {
    junit_case c = passed_case(scenario + ".explore", "inconclusive runs");
    c.result = junit_case::outcome::skipped;
    c.message = fmt::format("{} runs held but tested less than they say; not counted as passes", r.inconclusive);
    s.cases.push_back(std::move(c));
  }
  return {s};
}

std::vector<junit_suite> junit_of_hunt(const std::string& scenario, const hunt_result& r) {
  junit_suite s = search_suite("hunt " + scenario, scenario + ".hunt", r.groups, r.runs, r.failed + r.diverged);
  s.properties.emplace_back("reference_hash", r.reference_hash);
  s.properties.emplace_back("points", std::to_string(r.points));
  return {s};
}

std::vector<junit_suite> junit_of_sweep(const sweep_result& r) {
  std::vector<junit_suite> out;
  for (const auto& p : r.points) {
    junit_suite s;
    std::string at;
    for (const auto& [n, v] : p.values) at += (at.empty() ? "" : ", ") + n + "=" + v;
    s.name = fmt::format("sweep {} {}", r.request.scenario, at.empty() ? "(no parameters)" : at);
    s.properties = {{"variant", r.variant}, {"runs", std::to_string(p.runs)}};
    const std::string classname = r.request.scenario + ".sweep";
    for (const auto& t : p.outcomes) {
      const std::string name = (t.is_test ? "test: " : "check: ") + t.name;
      if (t.failed == 0) {
        s.cases.push_back(passed_case(classname, name));
        continue;
      }
      std::string replay;
      if (p.first_failure) {
        run_request rr = *p.first_failure;
        if (t.first_failing_seed) rr.seed = *t.first_failing_seed;
        replay = run_command(rr);
      }
      s.cases.push_back(failed_case(classname, name, fmt::format("{} of {} runs failed", t.failed, t.runs), replay));
    }
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<junit_suite> junit_of_calibrations(const calibration_result& r) {
  junit_suite s;
  s.name = fmt::format("calibrations {} variant {}", r.scenario, r.variant);
  for (const auto& p : r.parameters) s.properties.emplace_back("calibration." + p.name, p.low + " / " + p.high);
  const std::string classname = r.scenario + ".calibrations";
  for (const auto& v : r.verdicts) {
    const std::string name = (v.is_test ? "test: " : "check: ") + v.name;
    if (v.robust) {
      s.cases.push_back(passed_case(classname, name));
      continue;
    }
    std::string names;
    for (const auto& e : v.depends_on) names += (names.empty() ? "" : ", ") + e.name;
    s.cases.push_back(failed_case(classname, name,
                                  fmt::format("{} at the declared values; not robust: depends on {}",
                                              to_string(v.declared), names),
                                  v.flipping ? run_command(*v.flipping) : ""));
  }
  return {s};
}

std::vector<junit_suite> junit_of_review(const review_result& r) {
  std::vector<junit_suite> out;
  for (const auto& v : r.variants) {
    junit_suite s;
    s.name = fmt::format("review {} variant {}", r.request.scenario, v.variant);
    s.properties = {{"runs", std::to_string(v.runs)}, {"passed", std::to_string(v.passed)}};
    const std::string classname = r.request.scenario + "." + v.variant;
    for (const auto& c : v.checks) {
      if (c.passed == c.runs) {
        s.cases.push_back(passed_case(classname, c.name));
      } else {
        s.cases.push_back(failed_case(classname, c.name,
                                      fmt::format("{} of {} runs failed; first at seed {}: {}", c.runs - c.passed,
                                                  c.runs, c.first_failing_seed.value_or(0), c.first_explanation),
                                      c.replay));
      }
    }
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace reconsim::scenarios
