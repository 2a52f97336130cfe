#pragma once
// A calibration sweep (search/calibration_sweep.hpp) as a text report, JSON
// and an SVG grid (conclusions x corners).
#include <nlohmann/json.hpp>
#include <string>

#include "reconsim/scenarios/search/calibration_sweep.hpp"

namespace reconsim::scenarios {

std::string format_calibration_text(const calibration_result& r);
nlohmann::json calibration_json(const calibration_result& r);
// One row per harness test and checker, one column per point (declared
// first, then the corners); a cell's colour is its conclusion, its text
// the pass count. A standalone SVG document.
std::string calibration_svg(const calibration_result& r);

// One line for a design review: "robust (...)" or what depends on what.
std::string calibration_summary(const calibration_result& r);

// The corner's parameters as L/H marks in declaration order ("LHL").
std::string corner_marks(const calibration_result& r, std::size_t corner);

}  // namespace reconsim::scenarios
