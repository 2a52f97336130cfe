#include "reconsim/model/notification/status_merge.hpp"

#include <chrono>
#include <set>

namespace reconsim::model::notification {

bool is_duplicate_attempt(const std::vector<delivery_attempt>& existing, const delivery_attempt& a) noexcept {
  for (const auto& e : existing) {
    const sim::duration gap = e.timestamp > a.timestamp ? e.timestamp - a.timestamp : a.timestamp - e.timestamp;
    if (e.channel == a.channel && e.status == a.status && e.error == a.error && gap < std::chrono::seconds(1))
      return true;
  }
  return false;
}

int merge_attempts(notification_status& s, const std::vector<delivery_attempt>& attempts) {
  int appended = 0;
  for (const auto& a : attempts) {
    // Checked against the growing list, so two equal attempts of one batch
    // within a second also collapse into one, as upstream.
    if (is_duplicate_attempt(s.delivery_attempts, a)) continue;
    s.delivery_attempts.push_back(a);
    ++s.total_attempts;
    ++appended;
  }
  return appended;
}

delivery_counters count_unique_channels(const std::vector<delivery_attempt>& attempts) {
  std::set<std::string> ok;
  std::set<std::string> failed;
  for (const auto& a : attempts) {
    if (a.status == delivery_status::success) {
      ok.insert(a.channel);
      failed.erase(a.channel);
    } else if (!ok.contains(a.channel)) {
      failed.insert(a.channel);
    }
  }
  return {static_cast<int>(ok.size()), static_cast<int>(failed.size())};
}

void recalculate_counters(notification_status& s) {
  const delivery_counters c = count_unique_channels(s.delivery_attempts);
  s.successful_deliveries = c.successful;
  s.failed_deliveries = c.failed;
}

const condition* find_condition(const std::vector<condition>& conditions, std::string_view type) noexcept {
  for (const auto& c : conditions)
    if (c.type == type) return &c;
  return nullptr;
}

void set_condition(std::vector<condition>& conditions, condition c, sim::time_point now) {
  for (auto& existing : conditions) {
    if (existing.type != c.type) continue;
    if (existing.status != c.status) {
      existing.status = c.status;
      existing.last_transition_time = c.last_transition_time == sim::time_point{} ? now : c.last_transition_time;
    }
    existing.reason = std::move(c.reason);
    existing.message = std::move(c.message);
    existing.observed_generation = c.observed_generation;
    return;
  }
  if (c.last_transition_time == sim::time_point{}) c.last_transition_time = now;
  conditions.push_back(std::move(c));
}

namespace {

void stamp_phase(notification_status& s, notification_phase to, std::string_view reason, std::string_view message,
                 sim::time_point now) {
  s.phase = to;
  s.reason = std::string(reason);
  s.message = std::string(message);
  if (to == notification_phase::pending && !s.queued_at) s.queued_at = now;
  if (to == notification_phase::sending && !s.processing_started_at) s.processing_started_at = now;
  if (is_terminal(to)) s.completion_time = now;
}

std::string invalid_transition(notification_phase from, notification_phase to) {
  return "invalid phase transition from " + std::string(to_string(from)) + " to " + std::string(to_string(to));
}

}  // namespace

std::optional<std::string> apply_phase(notification_status& s, notification_phase to, std::string_view reason,
                                       std::string_view message, sim::time_point now) {
  if (s.phase == to) return std::nullopt;
  if (!can_transition(s.phase, to)) return invalid_transition(s.phase, to);
  stamp_phase(s, to, reason, message, now);
  return std::nullopt;
}

std::optional<std::string> update_phase(notification_status& s, std::int64_t generation, notification_phase to,
                                        std::string_view reason, std::string_view message,
                                        const std::vector<condition>& conditions, sim::time_point now) {
  for (const auto& c : conditions) set_condition(s.conditions, c, now);
  if (!can_transition(s.phase, to)) return invalid_transition(s.phase, to);
  stamp_phase(s, to, reason, message, now);
  s.observed_generation = generation;
  return std::nullopt;
}

std::optional<std::string> atomic_status_update(notification_status& s, std::int64_t generation,
                                                notification_phase to, std::string_view reason,
                                                std::string_view message,
                                                const std::vector<delivery_attempt>& attempts,
                                                const std::vector<condition>& conditions, sim::time_point now) {
  for (const auto& c : conditions) set_condition(s.conditions, c, now);
  if (auto err = apply_phase(s, to, reason, message, now)) return err;
  merge_attempts(s, attempts);
  recalculate_counters(s);
  s.observed_generation = generation;
  return std::nullopt;
}

void record_delivery_attempt(notification_status& s, const delivery_attempt& a) {
  s.delivery_attempts.push_back(a);
  ++s.total_attempts;
  recalculate_counters(s);
}

std::optional<std::string> check_status_invariants(const notification_status& s) {
  const delivery_counters c = count_unique_channels(s.delivery_attempts);
  if (c.successful != s.successful_deliveries || c.failed != s.failed_deliveries)
    return "counters disagree with attempts: successful=" + std::to_string(s.successful_deliveries) + " (attempts say " +
           std::to_string(c.successful) + "), failed=" + std::to_string(s.failed_deliveries) + " (attempts say " +
           std::to_string(c.failed) + ")";
  if (s.total_attempts != static_cast<int>(s.delivery_attempts.size()))
    return "totalAttempts=" + std::to_string(s.total_attempts) + " but " + std::to_string(s.delivery_attempts.size()) +
           " attempts are listed";
  if (is_terminal(s.phase) != s.completion_time.has_value())
    return "phase " + std::string(to_string(s.phase)) +
           (s.completion_time ? " has a completionTime" : " is terminal without a completionTime");
  for (const auto& a : s.delivery_attempts)
    if (a.attempt < 1) return "attempt number " + std::to_string(a.attempt) + " on channel " + a.channel + " is not 1-based";
  return std::nullopt;
}

}  // namespace reconsim::model::notification
