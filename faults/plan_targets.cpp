#include "reconsim/faults/plan_targets.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace reconsim::faults {

namespace {

// `dir` is `written` or a directory above it.
bool reaches(const std::string& dir, const std::string& written) {
  if (dir == written || dir == "/") return true;
  return written.size() > dir.size() && written.compare(0, dir.size(), dir) == 0 && written[dir.size()] == '/';
}

std::string listing(const std::vector<std::string>& names) { return fmt::format("{}", fmt::join(names, ", ")); }

std::string expected(target_kind kind, const plan_targets& have) {
  switch (kind) {
    case target_kind::directory:
      return have.directories.empty() ? "no directory: this testbed writes no files"
                                      : "a directory this testbed writes in, or one above it: " +
                                            listing(have.directories);
    case target_kind::host:
      return have.hosts.empty() ? "no host: nothing in this testbed calls a host over the network"
                                : "a host this testbed calls: " + listing(have.hosts);
    case target_kind::node:
      return have.nodes.empty() ? "no node: nothing in this testbed calls a host over the network"
                                : "a node of this testbed: " + listing(have.nodes);
    case target_kind::resource_kind:
      return have.kinds.empty() ? "no resource kind: this testbed serves none"
                                : "a resource kind this testbed's API server serves: " + listing(have.kinds);
    case target_kind::component:
      return have.components.empty() ? "no component: this testbed restarts none"
                                     : "a component this testbed can restart: " + listing(have.components);
  }
  return "";
}

bool has(const named_target& t, const plan_targets& have) {
  switch (t.kind) {
    case target_kind::directory:
      return std::any_of(have.directories.begin(), have.directories.end(),
                         [&](const std::string& written) { return reaches(t.name, written); });
    case target_kind::host: return std::find(have.hosts.begin(), have.hosts.end(), t.name) != have.hosts.end();
    case target_kind::node: return std::find(have.nodes.begin(), have.nodes.end(), t.name) != have.nodes.end();
    case target_kind::resource_kind: return std::find(have.kinds.begin(), have.kinds.end(), t.name) != have.kinds.end();
    case target_kind::component:
      return std::find(have.components.begin(), have.components.end(), t.name) != have.components.end();
  }
  return false;
}

}  // namespace

std::optional<parse_error> check_targets(const parse_result& parsed, const plan_targets& have) {
  for (const named_target& t : parsed.targets) {
    if (!has(t, have)) return parse_error{t.line, t.column, expected(t.kind, have), t.name};
  }
  return std::nullopt;
}

}  // namespace reconsim::faults
