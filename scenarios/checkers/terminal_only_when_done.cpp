// terminal-only-when-done: Sent only when every attempted channel
// succeeded; PartiallySent or Failed only when each channel that never
// succeeded is out of attempts or failed permanently (seed 003: a
// PartiallySent with retries left ends all retries).
#include <algorithm>
#include <map>
#include <memory>

#include "reconsim/scenarios/checkers/detail/trace_query.hpp"

namespace reconsim::scenarios {
namespace {

struct channel_state {
  int attempts = 0;
  bool succeeded = false;
  bool permanent = false;
};
using channels = std::map<std::string, channel_state, std::less<>>;

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

// Keeps, per object, its channels' attempts so far and its last phase.
class terminal_only_when_done final : public checker {
 public:
  explicit terminal_only_when_done(const lookback& past) : past_(past) { r_.name = "terminal-only-when-done"; }

  void observe(const sim::trace_event& e) override {
    pol_.observe(e);
    // The object's name only for the kinds read here (most events are not).
    if (e.kind != "api.create" && e.kind != "notification.attempt" && e.kind != "notification.status") return;
    const std::string_view key = detail::object_name(e);
    if (e.kind == "api.create") {
      detail::erase_key(by_key_, key);
      detail::erase_key(phase_of_, key);
    } else if (e.kind == "notification.attempt") {
      channel_state& c = detail::entry(detail::entry(by_key_, key), e.get_text("channel"));
      c.attempts = std::max(c.attempts, static_cast<int>(e.get_int("attempt")));
      if (e.get_text("status") == "success") c.succeeded = true;
      if (detail::starts_with(e.get_text("error"), "permanent failure:")) c.permanent = true;
    } else {
      const std::string phase = e.get_string("phase");
      std::string& last_phase = detail::entry(phase_of_, key);
      const bool entering = terminal(phase) && last_phase != phase;
      last_phase = phase;
      if (!entering) return;
      any_terminal_ = true;
      const std::string why = premature(phase, detail::entry(by_key_, key), pol_.of(key).max_attempts);
      if (!why.empty()) {
        detail::violation_lazy(
            r_, e.at, [&] { return std::string(key) + " became " + phase + " at " + detail::secs(e.at) + " while " + why; },
            [&] { return past_.story(key); });
      }
    }
  }

  check_result finish(const sim::outcome* /*outcome*/) override {
    if (r_.passed) r_.explanation = "every terminal phase came after success or exhausted retries";
    if (!any_terminal_) not_exercised(r_, "no NotificationRequest reached a terminal phase");
    return std::move(r_);
  }

 private:
  const lookback& past_;
  detail::policies pol_;
  std::map<std::string, channels, std::less<>> by_key_;
  std::map<std::string, std::string, std::less<>> phase_of_;
  bool any_terminal_ = false;
  check_result r_;
};

}  // namespace

std::unique_ptr<checker> make_terminal_only_when_done(const lookback& past) {
  return std::make_unique<terminal_only_when_done>(past);
}

}  // namespace reconsim::scenarios
