#pragma once
// JUnit XML, the report format CI systems render (GitHub Actions, GitLab,
// Jenkins, Prow): <testsuites> of <testsuite> of <testcase>, a failure as
// <failure message=...>details</failure>, a check with nothing to check as
// <skipped message=.../>. One writer; each command builds its suites from
// its own result (a run, a search's groups, a sweep's points, a review's
// variants). `time` attributes are virtual seconds where there are any, so
// the file is a pure function of the request.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "reconsim/scenarios/search/calibration_sweep.hpp"
#include "reconsim/scenarios/search/explore.hpp"
#include "reconsim/scenarios/search/hunt.hpp"
#include "reconsim/scenarios/search/review.hpp"
#include "reconsim/scenarios/search/sweep.hpp"
#include "reconsim/scenarios/testbed/run.hpp"

namespace reconsim::scenarios {

struct junit_case {
  enum class outcome { passed, failed, skipped };
  std::string classname;
  std::string name;
  double time_s = 0;
  outcome result = outcome::passed;
  std::string message;  // the first line: why it failed or was skipped
  std::string details;  // the failure's body: the explanation and how to replay it
};

struct junit_suite {
  std::string name;
  std::vector<std::pair<std::string, std::string>> properties;
  std::vector<junit_case> cases;
};

// The document. `version` goes in every suite's properties
// ("reconsim.version").
std::string junit_xml(const std::vector<junit_suite>& suites, std::string_view version);

// One suite per command's result; `replay` is the command that re-runs a
// failure (a run's `reconsim run ...` or `reconsim replay FILE`).
junit_suite junit_of_run(const run_result& r, const std::string& replay);
std::vector<junit_suite> junit_of_explore(const std::string& scenario, const explore_result& r);
std::vector<junit_suite> junit_of_hunt(const std::string& scenario, const hunt_result& r);
std::vector<junit_suite> junit_of_sweep(const sweep_result& r);
std::vector<junit_suite> junit_of_calibrations(const calibration_result& r);
std::vector<junit_suite> junit_of_review(const review_result& r);

}  // namespace reconsim::scenarios
