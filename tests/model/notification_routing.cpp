// Channel resolution from spec attributes with the E2E routing ConfigMap
// (test/infrastructure/notification_e2e.go) and Alertmanager-style routes.
#include <catch2/catch.hpp>

#include "reconsim/model/notification/routing.hpp"

using namespace reconsim::model::notification;
using strings = std::vector<std::string>;

namespace {

notification_spec with_set(std::string set) {
  notification_spec s;
  s.subject = "s";
  s.body = "b";
  s.extensions["test-channel-set"] = std::move(set);
  return s;
}

}  // namespace

TEST_CASE("the E2E channel sets resolve to their receivers' channels in QualifiedChannels order") {
  const auto& t = e2e_routing_table();
  CHECK(resolve_channels(t, with_set("console")).channels == strings{"console"});
  CHECK(resolve_channels(t, with_set("console-file")).channels == strings{"console", "file"});
  CHECK(resolve_channels(t, with_set("console-file-log")).channels == strings{"console", "file", "log"});
  CHECK(resolve_channels(t, with_set("log-only")).channels == strings{"log"});
  CHECK(resolve_channels(t, with_set("file-only")).channels == strings{"file"});
  CHECK(resolve_channels(t, with_set("slack-failure")).channels == strings{"slack:slack-failure"});
  // Credential channels come first: slack is delivered before console.
  CHECK(resolve_channels(t, with_set("console-slack-failure")).channels ==
        strings{"slack:console-slack-failure", "console"});
}

TEST_CASE("a route with continue fans out to the next matching route too") {
  const auto r = resolve_channels(e2e_routing_table(), with_set("e2e-fanout"));
  CHECK(r.receivers == strings{"fanout-console", "fanout-file-log"});
  CHECK(r.channels == strings{"console", "file", "log"});
}

TEST_CASE("no matching route uses the default receiver: [console], reported as a matched rule") {
  notification_spec s = with_set("no-such-set");
  const auto r = resolve_channels(e2e_routing_table(), s);
  CHECK(r.channels == strings{"console"});
  CHECK(r.receivers == strings{"default-console"});
  CHECK(r.reason == routing_reason_matched);  // E2E 01 asserts RoutingRuleMatched for plain console
  s.extensions.clear();
  CHECK(resolve_channels(e2e_routing_table(), s).channels == strings{"console"});
}

TEST_CASE("an empty routing table falls back to the built-in console receiver") {
  const auto r = resolve_channels(routing_table{}, with_set("console-file"));
  CHECK(r.channels == strings{"console"});
  CHECK(r.receivers == strings{"default-console-fallback"});
  CHECK(r.reason == routing_reason_fallback);
}

TEST_CASE("spec fields win over context and extensions with the same attribute name") {
  notification_spec s = with_set("console");
  s.type = notification_type::escalation;
  s.severity = "critical";
  s.extensions["severity"] = "low";
  s.context["lineage"]["remediationRequest"] = "rr-1";
  s.extensions["remediationRequest"] = "other";
  const auto attrs = routing_attributes(s);
  CHECK(attrs.at("type") == "Escalation");
  CHECK(attrs.at("severity") == "critical");
  CHECK(attrs.at("priority") == "Medium");
  CHECK(attrs.at("remediationRequest") == "rr-1");
  CHECK(attrs.at("test-channel-set") == "console");
}

TEST_CASE("routes match on every listed attribute") {
  routing_table t;
  t.default_receiver = "fallback";
  t.routes = {route{"critical-slack", {{"severity", "critical"}, {"type", "Escalation"}}, false}};
  t.receivers = {{"fallback", {"console"}}, {"critical-slack", {"slack:critical-slack"}}};
  notification_spec s = with_set("x");
  s.severity = "critical";
  CHECK(resolve_channels(t, s).channels == strings{"console"});
  s.type = notification_type::escalation;
  CHECK(resolve_channels(t, s).channels == strings{"slack:critical-slack"});
}
