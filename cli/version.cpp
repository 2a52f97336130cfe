// The only file that sees the version macros (cli/CMakeLists.txt), so a
// new commit rebuilds one file.
#include "version.hpp"

namespace reconsim::cli {

const std::string& version_line() {
  static const std::string line = "reconsim " RECONSIM_VERSION " (commit " RECONSIM_GIT_COMMIT ", " RECONSIM_COMPILER
                                  ", " RECONSIM_BUILD_TYPE ")";
  return line;
}

}  // namespace reconsim::cli
