// A review as one JSON object: the request, then per variant what the text
// table shows, in numbers (and its calibration sweep when asked for).
#include "reconsim/scenarios/views/calibration_format.hpp"
#include "reconsim/scenarios/views/review_format.hpp"

namespace reconsim::scenarios {

nlohmann::json review_json(const review_result& r) {
  nlohmann::json variants = nlohmann::json::array();
  for (const auto& v : r.variants) {
    nlohmann::json checks = nlohmann::json::array();
    for (const auto& c : v.checks) {
      nlohmann::json x = {{"name", c.name}, {"runs", c.runs}, {"passed", c.passed}};
      if (c.first_failing_seed) {
        x["first_failing_seed"] = *c.first_failing_seed;
        x["first_explanation"] = c.first_explanation;
        x["replay"] = c.replay;
      }
      checks.push_back(std::move(x));
    }
    nlohmann::json gaps = nlohmann::json::array();
    for (const auto& g : v.gaps) {
      gaps.push_back({{"retry", g.retry},
                      {"count", g.count},
                      {"expected_s", g.expected_s},
                      {"observed_min_s", g.observed_min_s},
                      {"observed_mean_s", g.observed_mean_s},
                      {"early", g.early}});
    }
    nlohmann::json j = {{"variant", v.variant},
                        {"runs", v.runs},
                        {"passed", v.passed},
                        {"checks", checks},
                        {"notifications", v.notifications},
                        {"attempts", v.attempts},
                        {"api_writes", v.api_writes},
                        {"audit_stored", v.audit_stored},
                        {"reached_terminal", v.reached_terminal},
                        {"terminal_s_mean", v.terminal_s_mean},
                        {"gaps", gaps}};
    if (v.calibration) {
      j["calibration"] = calibration_json(*v.calibration);
      j["calibration_summary"] = calibration_summary(*v.calibration);
    }
    variants.push_back(std::move(j));
  }
  return {{"scenario", r.request.scenario},
          {"seed_first", r.request.seed_first},
          {"seeds", r.request.seeds},
          {"variants", variants},
          {"partial", r.partial}};
}

}  // namespace reconsim::scenarios
