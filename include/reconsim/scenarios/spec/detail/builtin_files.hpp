#pragma once
// The scenario files compiled into the library (see CMakeLists.txt): the
// built-in scenarios' one source.
#include <string_view>
#include <vector>

namespace reconsim::scenarios::detail {

struct builtin_file {
  std::string_view path;  // where it lives in the source tree, for messages
  std::string_view text;
};

const std::vector<builtin_file>& builtin_files();

}  // namespace reconsim::scenarios::detail
