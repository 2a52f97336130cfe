#include "reconsim/model/notification/circuit_breaker.hpp"

#include "reconsim/sim/actor.hpp"

namespace reconsim::model::notification {

std::string_view to_string(breaker_state s) noexcept {
  switch (s) {
    case breaker_state::closed: return "closed";
    case breaker_state::half_open: return "half-open";
    case breaker_state::open: return "open";
  }
  return "?";
}

circuit_breaker::circuit_breaker(std::string name, breaker_settings s, sim::time_point now)
    : name_(std::move(name)), s_(s) {
  new_generation(now);
}

void circuit_breaker::new_generation(sim::time_point now) {
  ++generation_;
  requests_ = consecutive_successes_ = consecutive_failures_ = 0;
  switch (state_) {
    case breaker_state::closed:
      expiry_ = s_.interval > sim::duration::zero() ? std::optional(now + s_.interval) : std::nullopt;
      break;
    case breaker_state::open: expiry_ = now + s_.timeout; break;
    case breaker_state::half_open: expiry_.reset(); break;
  }
}

void circuit_breaker::set_state(breaker_state next, sim::time_point now) {
  if (next == state_) return;
  const breaker_state prev = state_;
  state_ = next;
  new_generation(now);
  sim::emit("notification.breaker", {{"breaker", name_}, {"from", to_string(prev)}, {"to", to_string(next)}});
}

breaker_state circuit_breaker::state(sim::time_point now) {
  // gobreaker compares with expiry.Before(now): strictly after the expiry.
  if (state_ == breaker_state::closed && expiry_ && *expiry_ < now) new_generation(now);
  if (state_ == breaker_state::open && expiry_ && *expiry_ < now) set_state(breaker_state::half_open, now);
  return state_;
}

circuit_breaker::admission circuit_breaker::before_request(sim::time_point now) {
  const breaker_state st = state(now);
  if (st == breaker_state::open) return {"circuit breaker is open", generation_};
  if (st == breaker_state::half_open && requests_ >= s_.max_requests) return {"too many requests", generation_};
  ++requests_;
  return {std::nullopt, generation_};
}

void circuit_breaker::after_request(std::uint64_t generation, bool success, sim::time_point now) {
  const breaker_state st = state(now);
  if (generation != generation_) return;
  if (success) {
    ++consecutive_successes_;
    consecutive_failures_ = 0;
    if (st == breaker_state::half_open && consecutive_successes_ >= s_.max_requests) {
      set_state(breaker_state::closed, now);
    }
    return;
  }
  ++consecutive_failures_;
  consecutive_successes_ = 0;
  if (st == breaker_state::half_open ||
      (st == breaker_state::closed && consecutive_failures_ >= s_.trip_after)) {
    set_state(breaker_state::open, now);
  }
}

std::optional<std::string> breaker_name_of(std::string_view channel) {
  const std::string_view type = channel.substr(0, channel.find(':'));
  if (type == "slack" || type == "pagerduty" || type == "teams") return std::string(type);
  return std::nullopt;
}

}  // namespace reconsim::model::notification
