#include "reconsim/model/notification/decision.hpp"

#include <algorithm>

namespace reconsim::model::notification {

int attempt_count(const notification_status& s, std::string_view channel) noexcept {
  return static_cast<int>(std::count_if(s.delivery_attempts.begin(), s.delivery_attempts.end(),
                                        [&](const delivery_attempt& a) { return a.channel == channel; }));
}

int max_attempt_count(const notification_status& s, const std::vector<std::string>& channels) noexcept {
  int best = 0;
  for (const auto& c : channels) best = std::max(best, attempt_count(s, c));
  return best;
}

std::map<std::string, channel_state> channel_states(const notification_status& persisted,
                                                     const std::vector<std::string>& channels,
                                                     const std::set<std::string>& succeeded_in_memory,
                                                     const std::map<std::string, int>& in_flight) {
  std::map<std::string, channel_state> out;
  for (const auto& ch : channels) {
    channel_state st;
    for (const auto& a : persisted.delivery_attempts) {
      if (a.channel != ch) continue;
      ++st.attempt_count;
      if (a.status == delivery_status::success) st.already_succeeded = true;
      // Only status "failed" is checked for the marker upstream.
      if (a.status == delivery_status::failed && a.error.find(permanent_failure_marker) != std::string::npos)
        st.permanent_error = true;
    }
    if (succeeded_in_memory.contains(ch)) st.already_succeeded = true;
    if (auto it = in_flight.find(ch); it != in_flight.end()) st.attempt_count += it->second;
    out[ch] = st;
  }
  return out;
}

channel_plan plan_channel(const notification_status& persisted, const std::string& channel,
                          const std::set<std::string>& succeeded_in_memory, int max_attempts, int in_flight_others) {
  const auto st = channel_states(persisted, {channel}, succeeded_in_memory).at(channel);
  if (st.already_succeeded) return {channel_action::already_succeeded, 0};
  if (st.permanent_error) return {channel_action::permanent_error, 0};
  // The reservation is taken before counting, so the first attempt is 1 and
  // "exceeded" means the count *with* this attempt is above the maximum.
  const int attempt = st.attempt_count + in_flight_others + 1;
  if (attempt > max_attempts) return {channel_action::max_attempts_exceeded, attempt};
  return {channel_action::deliver, attempt};
}

std::string_view to_string(decision_kind k) noexcept {
  switch (k) {
    case decision_kind::sent: return "sent";
    case decision_kind::partially_sent: return "partially-sent";
    case decision_kind::failed: return "failed";
    case decision_kind::retrying: return "retrying";
    case decision_kind::stay: return "stay";
    case decision_kind::requeue: return "requeue";
  }
  return "?";
}

namespace {

channel_state state_of(const std::map<std::string, channel_state>& states, const std::string& ch) {
  auto it = states.find(ch);
  return it == states.end() ? channel_state{} : it->second;  // a missing entry is Go's zero value
}

bool all_exhausted(const std::vector<std::string>& channels, const std::map<std::string, channel_state>& states,
                   int max_attempts) {
  return std::all_of(channels.begin(), channels.end(), [&](const std::string& ch) {
    const channel_state s = state_of(states, ch);
    return s.already_succeeded || s.permanent_error || s.attempt_count >= max_attempts;
  });
}

int max_failed_attempts(const std::vector<std::string>& channels, const std::map<std::string, channel_state>& states) {
  int best = 0;
  for (const auto& ch : channels) {
    const channel_state s = state_of(states, ch);
    if (!s.already_succeeded) best = std::max(best, s.attempt_count);
  }
  return best;
}

std::string ratio(int ok, int n) { return std::to_string(ok) + "/" + std::to_string(n); }

transition_decision partially_sent(int ok, int n) {
  transition_decision d;
  d.kind = decision_kind::partially_sent;
  d.next_phase = notification_phase::partially_sent;
  d.reason = std::string(reasons::partial_delivery_success);
  d.message = "Delivered to " + ratio(ok, n) + " channel(s), others failed";
  d.terminal = true;
  return d;
}

transition_decision exhausted(int ok, const std::vector<std::string>& channels,
                              const std::map<std::string, channel_state>& states) {
  const int n = static_cast<int>(channels.size());
  if (ok > 0 && ok < n) return partially_sent(ok, n);
  transition_decision d;
  d.kind = decision_kind::failed;
  d.next_phase = notification_phase::failed;
  const bool all_permanent = std::all_of(channels.begin(), channels.end(),
                                         [&](const std::string& ch) { return state_of(states, ch).permanent_error; });
  d.reason = std::string(all_permanent ? reasons::all_deliveries_failed : reasons::max_retries_exhausted);
  d.message = "All delivery attempts failed or exhausted retries";
  d.terminal = true;
  d.permanent_failure = true;
  return d;
}

}  // namespace

transition_decision determine_transition(const notification_status& persisted,
                                         const std::vector<std::string>& channels, const loop_outcome& loop,
                                         const std::map<std::string, channel_state>& states, int max_attempts,
                                         decision_options options) {
  const int n = static_cast<int>(channels.size());
  transition_decision d;
  if (n == 0) {  // #263: 0 == 0 must not read as "all succeeded"
    d.kind = decision_kind::failed;
    d.next_phase = notification_phase::failed;
    d.reason = std::string(reasons::no_channels_resolved);
    d.message = "No delivery channels resolved - cannot deliver notification";
    d.terminal = d.permanent_failure = true;
    return d;
  }
  // The persisted counter plus this loop's successes (countSuccessfulDeliveries).
  const int ok = persisted.successful_deliveries +
                 static_cast<int>(std::count_if(loop.attempts.begin(), loop.attempts.end(), [](const delivery_attempt& a) {
                   return a.status == delivery_status::success;
                 }));
  if (ok == n) {
    d.kind = decision_kind::sent;
    d.next_phase = notification_phase::sent;
    d.reason = std::string(reasons::all_deliveries_succeeded);
    d.message = "Successfully delivered to " + std::to_string(ok) + " channel(s)";
    d.terminal = true;
    return d;
  }
  if (all_exhausted(channels, states, max_attempts)) return exhausted(ok, channels, states);
  if (loop.failure_count > 0) {
    d.max_failed_attempt_count = max_failed_attempts(channels, states);
    d.should_requeue = true;
    if (ok > 0 && options.partial_is_terminal) {
      // The Dec 2025 code still returned RequeueAfter; the requeued reconcile
      // then meets a terminal phase and exits, so no retry ever happens.
      transition_decision p = partially_sent(ok, n);
      p.should_requeue = true;
      p.max_failed_attempt_count = d.max_failed_attempt_count;
      return p;
    }
    if (ok > 0) {
      d.kind = decision_kind::retrying;
      d.next_phase = options.retrying_phase ? notification_phase::retrying : persisted.phase;
      d.phase_unchanged = !options.retrying_phase;  // upstream leaves it false for Retrying
      d.reason = std::string(reasons::partial_failure_retrying);
      d.message = "Delivered to " + ratio(ok, n) + " channel(s), retrying failed channels";
      return d;
    }
    d.kind = decision_kind::stay;
    d.next_phase = persisted.phase;
    d.reason = std::string(reasons::all_deliveries_failed);
    d.message = "Delivery failed, will retry with backoff";
    d.phase_unchanged = true;
    return d;
  }
  d.kind = decision_kind::requeue;
  d.next_phase = persisted.phase;
  d.should_requeue = true;
  d.phase_unchanged = true;
  return d;
}

}  // namespace reconsim::model::notification
