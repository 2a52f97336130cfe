#pragma once
// What a scenario's testbed has, as names: the directory its file channel
// writes in, the hosts its audit client calls and the node it calls from,
// the delivery channels it registers. testbed/ wires a world from exactly
// these; spec/ checks a scenario against them, so a fault plan or a
// NotificationRequest that names something the testbed does not have is
// bad input, never a run that passes having exercised nothing.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reconsim/faults/plan_targets.hpp"
#include "reconsim/model/notification/types.hpp"

namespace reconsim::scenarios {

struct scenario_spec;

// The network names (testbed/datastorage.cpp wires them): the E2E tests
// call localhost:<NodePort>, forwarded to the Kind node, then to the
// DataStorage Service.
inline constexpr std::string_view tests_node = "e2e-tests";
inline constexpr std::string_view localhost_host = "localhost";
inline constexpr std::string_view kind_node_host = "kind-node";
inline constexpr std::string_view datastorage_host = "datastorage";
// The Slack webhook host and the node that calls it (testbed/slack_webhook).
inline constexpr std::string_view slack_host = "slack";
inline constexpr std::string_view controller_node = "notification-controller";

// The delivery channels the testbed registers (testbed/testbed.hpp).
const std::vector<std::string>& testbed_channels();

// The channel types ("console", "file", "slack", ...) the scenario's
// NotificationRequests route to (their manifests parsed and routed).
std::vector<std::string> channel_types_of(const scenario_spec& s);
// Adds to `types` those of `more` it lacks, in order.
void add_channel_types(std::vector<std::string>& types, const std::vector<std::string>& more);
// What a fault plan may name in a run of `s`: the Slack host and the
// controller node only when a request routes to slack.
faults::plan_targets plan_targets_of(const scenario_spec& s);
faults::plan_targets plan_targets_of(const scenario_spec& s, const std::vector<std::string>& channel_types);

// Whether a NotificationRequest names a test-channel-set the E2E routing
// table does not have (upstream would quietly fall back to console), or
// one that routes to a channel the testbed does not register.
struct channel_set_problem {
  std::string problem;   // "test-channel-set 'x' is not ..."
  std::string expected;  // the valid names
};
std::optional<channel_set_problem> check_channel_set(const model::notification::notification_request& nr);

// The check above and the channel types one manifest's text routes to,
// remembered per process: a search checks the same manifests before each
// of thousands of runs, and routing them twice was 2 % of a run. `name`
// only names a manifest that does not load (scenario_error); the answer
// depends on the text alone.
struct manifest_channels {
  std::optional<channel_set_problem> problem;
  std::vector<std::string> types;  // in routing order, each once
};
manifest_channels channels_of_manifest(const std::string& manifest, const std::string& name);
// The key of spec.extensions that picks the channels in the E2E suite.
inline constexpr std::string_view channel_set_key = "test-channel-set";

}  // namespace reconsim::scenarios
