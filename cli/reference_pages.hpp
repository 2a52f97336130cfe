#pragma once
// docs/reference/, generated from the code's own tables so it cannot drift
// (`reconsim doc`, checked by a ctest test): settings and calibrations,
// fault-plan statements, checkers, design variants, channel sets, the
// built-in scenarios, exit codes, trace event kinds and fields.
#include <string>
#include <utility>
#include <vector>

namespace reconsim::cli {

// (file name, Markdown text), in the index's order; README.md first.
std::vector<std::pair<std::string, std::string>> reference_pages();

}  // namespace reconsim::cli
