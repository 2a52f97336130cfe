#pragma once
// A what-if sweep (search/sweep.hpp) as a table, CSV or an SVG plot.
#include <nlohmann/json.hpp>
#include <string>

#include "reconsim/scenarios/search/sweep.hpp"

namespace reconsim::scenarios {

std::string format_sweep_text(const sweep_result& r);
std::string sweep_csv(const sweep_result& r);
// The request, then every point: its values, pass counts, interval, and
// each harness test's and checker's tally with its conclusion.
nlohmann::json sweep_json(const sweep_result& r);
nlohmann::json sweep_point_json(const sweep_point& p);
// Pass rate (y, 0..1, with the interval as error bars) against the first
// parameter (x, its values in order), one line per combination of the
// others. A standalone SVG document.
std::string sweep_svg(const sweep_result& r);

}  // namespace reconsim::scenarios
