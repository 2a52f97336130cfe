#pragma once
// Every field a scenario file may have, with its type, default and
// meaning: the reader accepts exactly these names (it takes them from this
// table, section by section), and `reconsim doc` prints the table as
// docs/reference/scenario-file.md, so the two cannot drift apart.
#include <span>
#include <string_view>
#include <vector>

namespace reconsim::scenarios {

struct scenario_file_field {
  std::string_view section;  // "" at the top; "harness.tests[]" for each entry of a list
  std::string_view name;
  std::string_view type;           // what a value looks like, with its range
  std::string_view default_value;  // "required" when it must be given
  std::string_view meaning;
};

std::span<const scenario_file_field> scenario_file_fields() noexcept;

// The names the reader accepts in `section`, in table order.
std::vector<std::string_view> scenario_file_fields_of(std::string_view section);

}  // namespace reconsim::scenarios
