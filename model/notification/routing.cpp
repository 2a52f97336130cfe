#include "reconsim/model/notification/routing.hpp"

#include <algorithm>

#include "reconsim/model/notification/context.hpp"

namespace reconsim::model::notification {
namespace {

route match_set(std::string receiver, std::string_view set, bool cont = false) {
  return route{std::move(receiver), {{"test-channel-set", std::string(set)}}, cont};
}

routing_table make_e2e_table() {
  routing_table t;
  t.default_receiver = "default-console";
  for (std::string_view set : {"console-file-log", "console-file", "file-only", "log-only", "slack-success",
                               "slack-failure", "console-slack-success", "console-slack-failure"})
    t.routes.push_back(match_set(std::string(set), set));
  t.routes.push_back(match_set("fanout-console", "e2e-fanout", true));
  t.routes.push_back(match_set("fanout-file-log", "e2e-fanout"));
  for (std::string_view set : {"pagerduty-success", "pagerduty-failure", "teams-success", "teams-failure"})
    t.routes.push_back(match_set(std::string(set), set));

  // Credential-bound channels are qualified by receiver and listed first
  // (QualifiedChannels), so console-slack-* delivers to slack before console.
  t.receivers = {
      {"default-console", {"console"}},
      {"console-file-log", {"console", "file", "log"}},
      {"console-file", {"console", "file"}},
      {"file-only", {"file"}},
      {"log-only", {"log"}},
      {"slack-success", {"slack:slack-success"}},
      {"slack-failure", {"slack:slack-failure"}},
      {"console-slack-success", {"slack:console-slack-success", "console"}},
      {"console-slack-failure", {"slack:console-slack-failure", "console"}},
      {"fanout-console", {"console"}},
      {"fanout-file-log", {"file", "log"}},
      {"pagerduty-success", {"pagerduty:pagerduty-success"}},
      {"pagerduty-failure", {"pagerduty:pagerduty-failure"}},
      {"teams-success", {"teams:teams-success"}},
      {"teams-failure", {"teams:teams-failure"}},
  };
  return t;
}

bool matches(const route& r, const std::map<std::string, std::string>& attrs) {
  return std::all_of(r.match.begin(), r.match.end(), [&](const auto& kv) {
    auto it = attrs.find(kv.first);
    return it != attrs.end() && it->second == kv.second;
  });
}

const receiver* find_receiver(const routing_table& t, std::string_view name) {
  for (const auto& r : t.receivers)
    if (r.name == name) return &r;
  return nullptr;
}

// Route.FindReceivers on a root with flat children.
std::vector<std::string> find_receivers(const routing_table& t, const std::map<std::string, std::string>& attrs) {
  std::vector<std::string> names;
  for (const auto& r : t.routes) {
    if (!matches(r, attrs)) continue;
    if (!r.receiver.empty() && std::find(names.begin(), names.end(), r.receiver) == names.end())
      names.push_back(r.receiver);
    if (!r.continue_) break;
  }
  if (names.empty() && !t.default_receiver.empty()) names.push_back(t.default_receiver);
  return names;
}

}  // namespace

const routing_table& e2e_routing_table() { return *shared_e2e_routing_table(); }

std::shared_ptr<const routing_table> shared_e2e_routing_table() {
  static const std::shared_ptr<const routing_table> t = std::make_shared<const routing_table>(make_e2e_table());
  return t;
}

std::map<std::string, std::string> routing_attributes(const notification_spec& spec) {
  std::map<std::string, std::string> attrs;
  attrs["type"] = std::string(to_string(spec.type));
  if (!spec.severity.empty()) attrs["severity"] = spec.severity;
  if (!spec.phase.empty()) attrs["phase"] = spec.phase;
  if (spec.review_source != review_source_type::none) attrs["review-source"] = std::string(to_string(spec.review_source));
  attrs["priority"] = std::string(to_string(spec.priority));
  for (auto& [k, v] : flatten_context(spec.context)) attrs.emplace(k, v);  // emplace keeps the earlier key
  for (const auto& [k, v] : spec.extensions) attrs.emplace(k, v);
  return attrs;
}

routing_result resolve_channels(const routing_table& t, const notification_spec& spec) {
  routing_result out;
  // Router.FindReceivers drops names without a receiver and falls back to
  // the built-in console receiver when none is left.
  for (const auto& name : find_receivers(t, routing_attributes(spec))) {
    const receiver* r = find_receiver(t, name);
    if (r == nullptr) continue;
    out.receivers.push_back(r->name);
    if (r->channels.empty()) {
      out.channels.push_back("console");
    } else {
      out.channels.insert(out.channels.end(), r->channels.begin(), r->channels.end());
    }
  }
  if (out.receivers.empty()) {
    out.receivers.push_back("default-console-fallback");
    out.channels = {"console"};
  }
  const bool fallback = out.receivers.size() == 1 && out.receivers[0] == "default-console-fallback";
  out.reason = std::string(fallback || out.channels.empty() ? routing_reason_fallback : routing_reason_matched);
  return out;
}

}  // namespace reconsim::model::notification
