#pragma once
// A what-if sweep (search/sweep.hpp) as a table, CSV or an SVG plot.
#include <string>

#include "reconsim/scenarios/search/sweep.hpp"

namespace reconsim::scenarios {

std::string format_sweep_text(const sweep_result& r);
std::string sweep_csv(const sweep_result& r);
// Pass rate (y, 0..1, with the interval as error bars) against the first
// parameter (x, its values in order), one line per combination of the
// others. A standalone SVG document.
std::string sweep_svg(const sweep_result& r);

}  // namespace reconsim::scenarios
