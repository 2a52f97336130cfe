#include "reconsim/scenarios/search/coverage.hpp"

#include <map>
#include <set>

namespace reconsim::scenarios {

namespace {

// "slack:alerts" -> "slack": the channel's type, not its receiver.
std::string channel_type(const std::string& channel) { return channel.substr(0, channel.find(':')); }

}  // namespace

std::vector<std::string> coverage_of(const run_result& r) {
  std::set<std::string> out;
  std::map<std::string, std::string> phase;  // stored phase per notification
  for (const auto& e : r.trace) {
    const std::string& k = e.kind;
    if (k == "notification.status") {
      const std::string key = e.get_string("key");
      const auto it = phase.find(key);
      const std::string from = it == phase.end() ? "(new)" : it->second;
      const std::string to = e.get_string("phase");
      out.insert("status " + from + ">" + to + " " + e.get_string("reason"));
      phase[key] = to;
    } else if (k == "notification.decision") {
      out.insert("decision " + e.get_string("decision") + ">" + e.get_string("next_phase"));
    } else if (k == "notification.attempt") {
      out.insert("attempt " + channel_type(e.get_string("channel")) + " " + e.get_string("status"));
    } else if (k == "reconcile.end") {
      const auto it = phase.find(e.get_string("key"));
      out.insert("reconcile " + e.get_string("result") + "@" + (it == phase.end() ? "(new)" : it->second));
    } else if (k == "notification.breaker") {
      out.insert("breaker " + e.get_string("from") + ">" + e.get_string("to"));
    } else if (k == "api.reject") {
      out.insert("api " + e.get_string("verb") + " " + e.get_string("reason"));
    } else if (k == "informer.list" && e.get_int("initial", 1) == 0) {
      out.insert("informer relist");
    } else if (k == "informer.watch_closed" || k == "informer.watch_failed" || k == "informer.list_failed") {
      out.insert("informer " + k.substr(k.find('.') + 1));
    }
  }
  return {out.begin(), out.end()};
}

}  // namespace reconsim::scenarios
