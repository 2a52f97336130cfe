// The only file that sees the version macros (cli/CMakeLists.txt), so a
// new commit rebuilds one file.
#include "version.hpp"

#include "git_commit.hpp"  // written at build time, into the build tree

#include <fmt/format.h>

#ifdef RECONSIM_WITH_MIMALLOC
#include <mimalloc.h>
#endif

namespace reconsim::cli {

const std::string& version_line() {
  static const std::string line = "reconsim " RECONSIM_VERSION " (commit " RECONSIM_GIT_COMMIT ", " RECONSIM_COMPILER
                                  ", " RECONSIM_BUILD_TYPE ")";
  return line;
}

const std::string& allocator_name() {
#ifdef RECONSIM_WITH_MIMALLOC
  // mi_version() is 209 for 2.0.9; calling it also keeps the library linked.
  static const std::string name = fmt::format("mimalloc {}.{}.{}", mi_version() / 100, mi_version() / 10 % 10, mi_version() % 10);
#else
  static const std::string name = "system (libc malloc)";
#endif
  return name;
}

}  // namespace reconsim::cli
