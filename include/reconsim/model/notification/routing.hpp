#pragma once
// Channel resolution: the spec has no channel list, routing rules pick the
// channels from the spec's attributes (internal/controller/notification/
// routing_handler.go, pkg/notification/routing/{resolver,config,router}.go).
//
// A flat, Alertmanager-style table: routes are tried in order; a match
// contributes its receiver and stops unless `continue_` is set; receivers
// are de-duplicated by name; no match -> the table's default receiver, and
// a table with nothing usable -> [console] ("default-console-fallback").
// Nested routes are not modelled (the E2E configuration has none).
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "reconsim/model/notification/types.hpp"

namespace reconsim::model::notification {

struct route {
  std::string receiver;
  std::map<std::string, std::string> match;  // all must equal (AND)
  bool continue_ = false;

  bool operator==(const route&) const = default;
};

struct receiver {
  std::string name;
  // Channel names as Receiver.QualifiedChannels() produces them: slack,
  // pagerduty and teams with a credential become "slack:<receiver>" and come
  // first; then email, webhook, console, file, log. An empty list means
  // [console] (receiverToChannels).
  std::vector<std::string> channels;

  bool operator==(const receiver&) const = default;
};

struct routing_table {
  std::string default_receiver;  // Route.Receiver of the root
  std::vector<route> routes;
  std::vector<receiver> receivers;

  bool operator==(const routing_table&) const = default;
};

// test/infrastructure/notification_e2e.go's notification-routing-config:
// extensions["test-channel-set"] in {console-file-log, console-file,
// file-only, log-only, slack-success, slack-failure, console-slack-success,
// console-slack-failure, e2e-fanout (two receivers), pagerduty-*, teams-*}
// -> that receiver's channels; anything else -> default-console -> [console].
const routing_table& e2e_routing_table();
// The same table, shared (never freed).
std::shared_ptr<const routing_table> shared_e2e_routing_table();

// RoutingAttributesFromSpec: type, severity, phase, review-source, priority,
// then the flattened context, then extensions; an earlier key wins.
std::map<std::string, std::string> routing_attributes(const notification_spec& spec);

// RoutingRuleMatched / RoutingFallback (the RoutingResolved condition).
inline constexpr std::string_view routing_reason_matched = "RoutingRuleMatched";
inline constexpr std::string_view routing_reason_fallback = "RoutingFallback";

struct routing_result {
  std::vector<std::string> channels;  // delivery order; not de-duplicated, as upstream
  std::vector<std::string> receivers;
  std::string reason;  // routing_reason_*
};

routing_result resolve_channels(const routing_table& t, const notification_spec& spec);

}  // namespace reconsim::model::notification
