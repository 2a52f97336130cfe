#pragma once
// Progress lines on stderr for the long searches (explore, hunt): done of
// total, failures, seconds and an ETA. Wall clock for the person waiting;
// stdout stays a pure function of the request.
#include <functional>
#include <string>
#include <vector>

namespace reconsim::cli {

// (done, total, failed), printed every 10 runs and at the end.
std::function<void(int, int, int)> eta_progress(std::string what);

// "a,b,,c" -> {a, b, c}: a comma list with empty items dropped.
std::vector<std::string> split_commas(const std::string& text);

}  // namespace reconsim::cli
