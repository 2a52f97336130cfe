#pragma once
// The fault plan's statements as a table, for `reconsim list` and help
// texts (the grammar itself is documented in plan.hpp).
#include <string_view>
#include <vector>

namespace reconsim::faults {

struct statement_doc {
  std::string_view form;     // "at DUR: http HOST CODE [N]"
  std::string_view meaning;  // one line
};

const std::vector<statement_doc>& plan_statements();

}  // namespace reconsim::faults
