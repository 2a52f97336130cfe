#pragma once
// Coverage growth (search/explore.hpp, guided mode) as an SVG line chart:
// distinct controller states against runs, guided and random.
#include <string>

#include "reconsim/scenarios/search/explore.hpp"

namespace reconsim::scenarios {

std::string coverage_svg(const coverage_growth& g, const std::string& title);

}  // namespace reconsim::scenarios
