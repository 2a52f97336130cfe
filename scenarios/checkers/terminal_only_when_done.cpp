// terminal-only-when-done: Sent only when every attempted channel
// succeeded; PartiallySent or Failed only when each channel that never
// succeeded is out of attempts or failed permanently (seed 003: a
// PartiallySent with retries left ends all retries).
#include <algorithm>
#include <map>

#include "reconsim/scenarios/checkers/detail/trace_query.hpp"

namespace reconsim::scenarios {
namespace {

struct channel_state {
  int attempts = 0;
  bool succeeded = false;
  bool permanent = false;
};
using channels = std::map<std::string, channel_state>;

bool terminal(std::string_view phase) { return phase == "Sent" || phase == "PartiallySent" || phase == "Failed"; }

// Why `phase` is premature for these channels, or "".
std::string premature(std::string_view phase, const channels& cs, int max_attempts) {
  for (const auto& [name, c] : cs) {
    if (c.succeeded) continue;
    if (phase == "Sent") return "channel " + name + " never succeeded";
    if (!c.permanent && c.attempts < max_attempts) {
      return "channel " + name + " had failed " + std::to_string(c.attempts) + " of " + std::to_string(max_attempts) +
             " attempts (retries remain)";
    }
  }
  return "";
}

}  // namespace

check_result check_terminal_only_when_done(const trace_events& trace, const sim::outcome* /*outcome*/) {
  check_result r;
  r.name = "terminal-only-when-done";
  const detail::policies pol(trace);
  std::map<std::string, channels> by_key;
  std::map<std::string, std::string> phase_of;
  bool any_terminal = false;
  for (std::size_t i = 0; i < trace.size(); ++i) {
    const sim::trace_event& e = trace[i];
    // The object's name only for the kinds read here (most events are not).
    if (e.kind != "api.create" && e.kind != "notification.attempt" && e.kind != "notification.status") continue;
    const std::string key = detail::object_of(e);
    if (e.kind == "api.create") {
      by_key.erase(key);
      phase_of.erase(key);
    } else if (e.kind == "notification.attempt") {
      channel_state& c = by_key[key][e.get_string("channel")];
      c.attempts = std::max(c.attempts, static_cast<int>(e.get_int("attempt")));
      if (e.get_string("status") == "success") c.succeeded = true;
      if (detail::starts_with(e.get_string("error"), "permanent failure:")) c.permanent = true;
    } else if (e.kind == "notification.status") {
      const std::string phase = e.get_string("phase");
      const bool entering = terminal(phase) && phase_of[key] != phase;
      phase_of[key] = phase;
      if (!entering) continue;
      any_terminal = true;
      const std::string why = premature(phase, by_key[key], pol.of(key).max_attempts);
      if (!why.empty()) {
        detail::violation_lazy(r, e.at, key + " became " + phase + " at " + detail::secs(e.at) + " while " + why,
                          [&] { return detail::chain_for(trace, key, i); });
      }
    }
  }
  if (r.passed) r.explanation = "every terminal phase came after success or exhausted retries";
  if (!any_terminal) not_exercised(r, "no NotificationRequest reached a terminal phase");
  return r;
}

}  // namespace reconsim::scenarios
