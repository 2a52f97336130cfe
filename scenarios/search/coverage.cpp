#include "reconsim/scenarios/search/coverage.hpp"

#include <map>
#include <set>

namespace reconsim::scenarios {

namespace {

// "slack:alerts" -> "slack": the channel's type, not its receiver.
std::string channel_type(const std::string& channel) { return channel.substr(0, channel.find(':')); }

}  // namespace

void coverage_reader::observe(const sim::trace_event& e) {
  const sim::symbol k = e.kind;
  if (k == "notification.status") {
    const std::string key = e.get_string("key");
    const auto it = phase_.find(key);
    const std::string from = it == phase_.end() ? "(new)" : it->second;
    const std::string to = e.get_string("phase");
    seen_.insert("status " + from + ">" + to + " " + e.get_string("reason"));
    phase_[key] = to;
  } else if (k == "notification.decision") {
    seen_.insert("decision " + e.get_string("decision") + ">" + e.get_string("next_phase"));
  } else if (k == "notification.attempt") {
    seen_.insert("attempt " + channel_type(e.get_string("channel")) + " " + e.get_string("status"));
  } else if (k == "reconcile.end") {
    const auto it = phase_.find(e.get_string("key"));
    seen_.insert("reconcile " + e.get_string("result") + "@" + (it == phase_.end() ? "(new)" : it->second));
  } else if (k == "notification.breaker") {
    seen_.insert("breaker " + e.get_string("from") + ">" + e.get_string("to"));
  } else if (k == "api.reject") {
    seen_.insert("api " + e.get_string("verb") + " " + e.get_string("reason"));
  } else if (k == "informer.list" && e.get_int("initial", 1) == 0) {
    seen_.insert("informer relist");
  } else if (k == "informer.watch_closed" || k == "informer.watch_failed" || k == "informer.list_failed") {
    seen_.insert("informer " + k.substr(k.find('.') + 1));
  }
}

std::vector<std::string> coverage_of(const run_result& r) {
  coverage_reader c;
  for (const auto& e : r.trace) c.observe(e);
  return c.states();
}

}  // namespace reconsim::scenarios
