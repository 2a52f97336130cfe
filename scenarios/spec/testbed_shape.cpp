#include "reconsim/scenarios/spec/testbed_shape.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "reconsim/model/detail/text_memo.hpp"
#include "reconsim/model/notification/manifest.hpp"
#include "reconsim/model/notification/routing.hpp"
#include "reconsim/scenarios/spec/scenario.hpp"

namespace reconsim::scenarios {

namespace nt = model::notification;

namespace {

// "console", the value the E2E suite writes for its console-only tests
// (no route matches it: the root's default receiver delivers to console),
// then the values the E2E routing table matches, in its order.
// Built once: every run checks its requests against it.
const std::vector<std::string>& known_channel_sets() {
  static const std::vector<std::string> sets = [] {
    std::vector<std::string> out = {"console"};
    for (const auto& r : nt::e2e_routing_table().routes) {
      const auto it = r.match.find(std::string(channel_set_key));
      if (it != r.match.end() && std::find(out.begin(), out.end(), it->second) == out.end()) {
        out.push_back(it->second);
      }
    }
    return out;
  }();
  return sets;
}

}  // namespace

const std::vector<std::string>& testbed_channels() {
  static const std::vector<std::string> channels = {"console", "file", "log", "slack"};
  return channels;
}

void add_channel_types(std::vector<std::string>& types, const std::vector<std::string>& more) {
  for (const std::string& type : more) {
    if (std::find(types.begin(), types.end(), type) == types.end()) types.push_back(type);
  }
}

std::vector<std::string> channel_types_of(const scenario_spec& s) {
  std::vector<std::string> types;
  for (const test_spec& t : s.tests) add_channel_types(types, channels_of_manifest(t.manifest, s.name + "/" + t.name).types);
  return types;
}

faults::plan_targets plan_targets_of(const scenario_spec& s) { return plan_targets_of(s, channel_types_of(s)); }

faults::plan_targets plan_targets_of(const scenario_spec& s, const std::vector<std::string>& channel_types) {
  faults::plan_targets t;
  t.directories.push_back(s.output_dir);
  t.kinds = {nt::notification_resource().kind};
  t.components = {"controller"};
  if (s.datastorage.enabled) {
    t.hosts = {std::string(localhost_host), std::string(kind_node_host), std::string(datastorage_host)};
    t.nodes = {std::string(tests_node)};
    t.http_hosts = {std::string(datastorage_host)};
    for (const auto& host : t.hosts) t.links.emplace_back(std::string(tests_node), host);
  }
  if (std::find(channel_types.begin(), channel_types.end(), "slack") != channel_types.end()) {
    t.hosts.emplace_back(slack_host);
    t.nodes.emplace_back(controller_node);
    t.http_hosts.emplace_back(slack_host);
    t.links.emplace_back(std::string(controller_node), std::string(slack_host));
  }
  return t;
}

std::optional<channel_set_problem> check_channel_set(const nt::notification_request& nr) {
  const auto set = nr.spec->extensions.find(std::string(channel_set_key));
  if (set == nr.spec->extensions.end()) return std::nullopt;  // no set asked for: console, as upstream
  // An unknown value matches no route and lands on the root's default
  // receiver (console), as upstream: legal for the controller, a typo here.
  const std::vector<std::string>& known = known_channel_sets();
  if (std::find(known.begin(), known.end(), set->second) == known.end()) {
    return channel_set_problem{
        fmt::format("{} '{}' is not a channel set of the E2E routing table", channel_set_key, set->second),
        fmt::format("one of: {}", fmt::join(known, ", "))};
  }
  const nt::routing_result routed = nt::resolve_channels(nt::e2e_routing_table(), *nr.spec);
  for (const std::string& channel : routed.channels) {
    const std::string type = channel.substr(0, channel.find(':'));
    if (std::find(testbed_channels().begin(), testbed_channels().end(), type) == testbed_channels().end()) {
      return channel_set_problem{fmt::format("{} '{}' delivers to '{}', a channel this testbed does not model",
                                             channel_set_key, set->second, type),
                                 fmt::format("a set whose channels the testbed has: {}", fmt::join(testbed_channels(), ", "))};
    }
  }
  return std::nullopt;
}

manifest_channels channels_of_manifest(const std::string& manifest, const std::string& name) {
  static model::detail::text_memo<manifest_channels> memo(256);
  return memo.get(manifest, [&] {
    const nt::notification_request nr = nt::load_manifest(manifest, name);
    manifest_channels out;
    out.problem = check_channel_set(nr);
    std::vector<std::string> routed;
    for (const std::string& channel : nt::resolve_channels(nt::e2e_routing_table(), *nr.spec).channels) {
      routed.push_back(channel.substr(0, channel.find(':')));
    }
    add_channel_types(out.types, routed);
    return out;
  });
}

}  // namespace reconsim::scenarios
