// `reconsim sweep --calibrations`: the corners of the declared ranges, one
// verdict per harness test and checker, and the seed findings it must
// reach: today's controller fails retries-honour-backoff at every corner of
// retry-all-fail, and the 000/001 file-visibility failures lean on the
// virtiofs tail.
#include <catch2/catch.hpp>

#include <algorithm>

#include "reconsim/scenarios/search/calibration_sweep.hpp"
#include "reconsim/scenarios/search/review.hpp"
#include "reconsim/scenarios/spec/overrides.hpp"
#include "reconsim/scenarios/spec/scenario.hpp"
#include "reconsim/scenarios/views/calibration_format.hpp"
#include "reconsim/scenarios/views/review_format.hpp"
#include "scenarios/timeline_wellformed.hpp"

namespace rs = reconsim::scenarios;
using namespace std::chrono_literals;

namespace {

const rs::calibration_verdict& verdict(const rs::calibration_result& r, const std::string& name) {
  auto it = std::find_if(r.verdicts.begin(), r.verdicts.end(), [&](const auto& v) { return v.name == name; });
  REQUIRE(it != r.verdicts.end());
  return *it;
}

bool depends_on(const rs::calibration_verdict& v, const std::string& name) {
  return std::any_of(v.depends_on.begin(), v.depends_on.end(), [&](const auto& e) { return e.name == name; });
}

// A runner whose check fails exactly when the API latency is at its high
// end and the seed is even; its one test always holds.
rs::run_result fake_run(const rs::scenario_spec& base, const rs::run_request& q) {
  rs::scenario_spec s = base;
  rs::apply_overrides(s, q.overrides);
  rs::run_result out;
  out.seed = q.seed;
  const bool slow_api = s.timing.api_latency_max >= 10ms;
  rs::check_outcome c;
  c.name = "retries-honour-backoff";
  c.passed = !(slow_api && q.seed % 2 == 0);
  c.status = c.passed ? "pass" : "fail";
  out.checks.push_back(c);
  out.tests.push_back({"t", true, "", 1.0});
  out.passed = c.passed;
  return out;
}

rs::calibration_request request(const std::string& scenario, int seeds, std::string variant = "retrying-phase") {
  rs::calibration_request q;
  q.scenario = scenario;
  q.seeds = seeds;
  q.variant = std::move(variant);
  return q;
}

}  // namespace

TEST_CASE("the corners are every low/high combination, the declared point first, the same seeds at each") {
  int runs = 0;
  const auto r = rs::run_calibration_sweep(request("retry-backoff", 2), {},
                                           [&runs](const rs::scenario_spec& s, const rs::run_request& q) {
                                             ++runs;
                                             return fake_run(s, q);
                                           });
  const std::size_t k = r.parameters.size();
  REQUIRE(k == 4);
  CHECK(r.corners.size() == 16);
  CHECK(runs == 2 * 17);
  CHECK(rs::corner_marks(r, 0) == "LLLL");
  CHECK(rs::corner_marks(r, 5) == "LHLH");
  CHECK(r.corners[5].values[1].second == r.parameters[1].high);
  CHECK(r.corners[5].values[0].second == r.parameters[0].low);
  CHECK(r.declared.values[0].second == "1ms..5ms");
  REQUIRE(r.inert.size() == k);
  CHECK(r.inert[0]);  // the fake runner's traces carry no hash: nothing "changed"
}

TEST_CASE("a calibration that moves no run is reported inert") {
  const auto r = rs::run_calibration_sweep(request("audit-loss", 2));
  const auto at = std::find_if(r.parameters.begin(), r.parameters.end(),
                               [](const auto& p) { return p.name == "datastorage.index_delay"; });
  REQUIRE(at != r.parameters.end());
  const auto j = static_cast<std::size_t>(at - r.parameters.begin());
  CHECK(r.inert[j]);  // audit-loss never queries DataStorage in time for the delay to show
  CHECK_FALSE(r.inert[0]);  // api.latency moves every run
  CHECK_THAT(rs::format_calibration_text(r), Catch::Contains("datastorage.index_delay is inert here"));
}

TEST_CASE("a conclusion that flips with one parameter depends on it alone, and the example run shows the flip") {
  const auto r = rs::run_calibration_sweep(request("retry-backoff", 2), {}, fake_run);
  const auto& check = verdict(r, "retries-honour-backoff");
  CHECK(check.declared == rs::conclusion::holds);
  CHECK_FALSE(check.robust);
  CHECK_FALSE(check.fails_everywhere);
  REQUIRE(check.depends_on.size() == 1);
  CHECK(check.depends_on[0].name == "api.latency");
  CHECK(check.depends_on[0].flipped_edges == 8);
  CHECK(check.depends_on[0].edges == 8);
  CHECK(check.corners_differing == 8);
  REQUIRE(check.flipping);
  CHECK(check.flipping->seed == 2u);  // the corner's first failing seed
  CHECK(fake_run(*rs::find_scenario("retry-backoff"), *check.flipping).passed == false);
  CHECK(verdict(r, "t").robust);
  CHECK_FALSE(r.all_robust());
}

TEST_CASE("a swept calibration cannot also be held fixed with --set") {
  auto q = request("retry-backoff", 1);
  q.overrides = {{"api.latency", "2ms"}};
  CHECK_THROWS_WITH(rs::run_calibration_sweep(q, {}, fake_run), Catch::Contains("swept calibration"));
  q.overrides = {{"eventually.timeout", "10s"}};
  CHECK_NOTHROW(rs::run_calibration_sweep(q, {}, fake_run));
}

TEST_CASE("today's controller fails retries-honour-backoff at every corner of retry-all-fail (robust)") {
  const auto r = rs::run_calibration_sweep(request("retry-all-fail", 3));
  const auto& v = verdict(r, "retries-honour-backoff");
  CHECK(v.declared == rs::conclusion::fails);
  CHECK(v.robust);
  const auto j = rs::calibration_json(r);
  CHECK(j["variant"] == "retrying-phase");
  bool found = false;
  for (const auto& x : j["verdicts"]) {
    if (x["name"] == "retries-honour-backoff") {
      found = true;
      CHECK(x["robust"] == true);
      CHECK(x["declared"] == "fails");
    }
  }
  CHECK(found);
  CHECK(j["corners"].size() == 16);
}

TEST_CASE("the fixed design holds retries-honour-backoff at every corner of retry-all-fail") {
  const auto r = rs::run_calibration_sweep(request("retry-all-fail", 3, "backoff-check-every-phase"));
  const auto& v = verdict(r, "retries-honour-backoff");
  CHECK(v.declared == rs::conclusion::holds);
  CHECK(v.robust);
}

TEST_CASE("the 000/001 file-visibility failures depend on the virtiofs tail") {
  const auto r = rs::run_calibration_sweep(request("file-visibility", 6));
  const auto& v = verdict(r, "03 file delivery validation");
  CHECK(v.declared != rs::conclusion::holds);
  CHECK_FALSE(v.robust);
  REQUIRE(depends_on(v, "virtiofs.tail_factor"));
  // The strongest first: no parameter flips more corner pairs than the tail.
  REQUIRE_FALSE(v.depends_on.empty());
  const auto tail = std::find_if(v.depends_on.begin(), v.depends_on.end(),
                                 [](const auto& e) { return e.name == "virtiofs.tail_factor"; });
  CHECK(tail->flipped_edges == v.depends_on[0].flipped_edges);
  CHECK_FALSE(depends_on(v, "watch.delay"));
  CHECK_THAT(rs::format_calibration_text(r), Catch::Contains("virtiofs.tail_factor ("));
}

TEST_CASE("a calibration report is the same twice, and its SVG is well-formed") {
  const auto a = rs::run_calibration_sweep(request("retry-all-fail", 2));
  const auto b = rs::run_calibration_sweep(request("retry-all-fail", 2));
  CHECK(rs::format_calibration_text(a) == rs::format_calibration_text(b));
  CHECK(rs::calibration_json(a) == rs::calibration_json(b));
  const std::string svg = rs::calibration_svg(a);
  CHECK(svg == rs::calibration_svg(b));
  CHECK(reconsim::test::xml_problem(svg).empty());
  CHECK_THAT(svg, Catch::Contains("retries-honour-backoff"));
}

TEST_CASE("review --calibrations says per variant whether its verdict is robust") {
  rs::review_request q;
  q.scenario = "retry-all-fail";
  q.variants = {"retrying-phase", "backoff-check-every-phase"};
  q.seeds = 2;
  q.calibrations = true;
  int last = 0, total = 0;
  const auto r = rs::run_review(q, [&](int done, int all) {
    last = done;
    total = all;
  });
  CHECK(last == total);
  CHECK(total == 2 * (2 + 2 * 17));
  for (const auto& v : r.variants) REQUIRE(v.calibration);
  const std::string text = rs::format_review_text(r);
  CHECK_THAT(text, Catch::Contains("across the calibrations") && Catch::Contains("retrying-phase: robust"));
}
