// A sweep as a text table and as CSV.
#include <fmt/format.h>

#include <algorithm>

#include "reconsim/scenarios/search/calibration_sweep.hpp"
#include "reconsim/scenarios/search/repro.hpp"
#include "reconsim/scenarios/views/sweep_format.hpp"

namespace reconsim::scenarios {

namespace {

std::string csv_cell(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (const char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

std::string format_sweep_text(const sweep_result& r) {
  const auto& q = r.request;
  std::string out = fmt::format("reconsim sweep {}  variant={}  seeds {}..{} ({} per point)\n", q.scenario, r.variant,
                                q.seed_first, q.seed_first + static_cast<std::uint64_t>(q.seeds) - 1, q.seeds);
  std::vector<std::size_t> widths;
  for (const auto& p : q.params) {
    std::size_t w = p.name.size();
    for (const auto& v : p.values) w = std::max(w, v.size());
    widths.push_back(w);
  }
  for (std::size_t i = 0; i < q.params.size(); ++i) out += fmt::format("{:<{}}  ", q.params[i].name, widths[i]);
  out += fmt::format("{:>9}  {:>15}  {:>11}  {:>13}  {:>12}  {}\n", "pass", "95% CI", "tests pass", "suite s mean",
                     "suite s max", "first failing seed");
  for (const auto& pt : r.points) {
    for (std::size_t i = 0; i < pt.values.size(); ++i) out += fmt::format("{:<{}}  ", pt.values[i].second, widths[i]);
    out += fmt::format("{:>3}/{:<3} {:>3.0f}%  [{:>5.1f}%, {:>5.1f}%]  {:>11}  {:>13.1f}  {:>12.1f}  {}\n", pt.passed,
                       pt.runs, 100 * pt.rate(), 100 * pt.ci.low, 100 * pt.ci.high,
                       fmt::format("{}/{}", pt.tests_passed, pt.runs), pt.suite_s_mean, pt.suite_s_max,
                       pt.first_failing_seed ? std::to_string(*pt.first_failing_seed) : "-");
  }
  out += "pass: every test and every check held; CI: Wilson score interval; suite s: virtual suite time\n";
  if (r.partial) out += "INTERRUPTED: points show the runs made before the stop\n";
  bool heading = false;
  for (const auto& pt : r.points) {
    if (!pt.first_failure) continue;
    if (!heading) out += "first failing run of each point (it writes a repro file to replay):\n";
    heading = true;
    out += "  " + run_command(*pt.first_failure) + "\n";
  }
  return out;
}

std::string sweep_csv(const sweep_result& r) {
  std::string out;
  for (const auto& p : r.request.params) out += csv_cell(p.name) + ",";
  out += "runs,passed,pass_rate,ci_low,ci_high,tests_passed,suite_s_mean,suite_s_max,first_failing_seed\n";
  for (const auto& pt : r.points) {
    for (const auto& v : pt.values) out += csv_cell(v.second) + ",";
    out += fmt::format("{},{},{:.4f},{:.4f},{:.4f},{},{:.3f},{:.3f},{}\n", pt.runs, pt.passed, pt.rate(), pt.ci.low,
                       pt.ci.high, pt.tests_passed, pt.suite_s_mean, pt.suite_s_max,
                       pt.first_failing_seed ? std::to_string(*pt.first_failing_seed) : "");
  }
  return out;
}

nlohmann::json sweep_point_json(const sweep_point& p) {
  nlohmann::json values = nlohmann::json::object();
  for (const auto& [n, v] : p.values) values[n] = v;
  nlohmann::json outcomes = nlohmann::json::array();
  for (const auto& t : p.outcomes) {
    nlohmann::json o = {{"name", t.name},
                        {"kind", t.is_test ? "test" : "check"},
                        {"runs", t.runs},
                        {"passed", t.passed},
                        {"failed", t.failed},
                        {"not_exercised", t.not_exercised},
                        {"conclusion", to_string(conclusion_of(t))}};
    if (t.first_failing_seed) o["first_failing_seed"] = *t.first_failing_seed;
    outcomes.push_back(std::move(o));
  }
  nlohmann::json j = {{"values", values},
                      {"runs", p.runs},
                      {"passed", p.passed},
                      {"tests_passed", p.tests_passed},
                      {"ci_low", p.ci.low},
                      {"ci_high", p.ci.high},
                      {"suite_s_mean", p.suite_s_mean},
                      {"suite_s_max", p.suite_s_max},
                      {"outcomes", outcomes}};
  if (p.first_failure) j["first_failing_run"] = run_command(*p.first_failure);
  return j;
}

nlohmann::json sweep_json(const sweep_result& r) {
  nlohmann::json params = nlohmann::json::array();
  for (const auto& p : r.request.params) params.push_back({{"name", p.name}, {"values", p.values}});
  nlohmann::json points = nlohmann::json::array();
  for (const auto& p : r.points) points.push_back(sweep_point_json(p));
  return {{"scenario", r.request.scenario}, {"variant", r.variant}, {"seed_first", r.request.seed_first},
          {"seeds", r.request.seeds},       {"params", params},     {"points", points},
          {"partial", r.partial}};
}

}  // namespace reconsim::scenarios
