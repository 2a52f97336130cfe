#pragma once
// The circuit breaker kubernaut wraps its webhook channels in: sony/gobreaker
// v2.4.0 with the settings of cmd/notification/main.go (~571-586) through
// pkg/shared/circuitbreaker/manager.go. One breaker per channel *type*
// ("slack", "pagerduty", "teams"), shared by every receiver and every
// notification; console, file and log are not wrapped.
//
// gobreaker's state machine, on the virtual clock:
//   closed     counts requests; a success resets the consecutive failures;
//              ConsecutiveFailures >= trip_after opens it. Every `interval`
//              the counts start over (lazily: on the first call after the
//              window ended, which then starts a new window at that call).
//   open       refuses every request ("circuit breaker is open") until
//              `timeout` has passed, then (lazily) turns half-open.
//   half-open  lets `max_requests` requests through ("too many requests"
//              beyond them); max_requests consecutive successes close it,
//              any failure opens it again.
// Every state change starts a new generation; a result reported for an
// older generation is ignored, as gobreaker's afterRequest does.
//
// Traced: "notification.breaker" {breaker, from, to} on every change.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "reconsim/sim/time.hpp"

namespace reconsim::model::notification {

struct breaker_settings {
  int max_requests = 2;                             // half-open trial requests
  sim::duration interval = std::chrono::seconds(10);  // closed-state counting window
  sim::duration timeout = std::chrono::seconds(30);   // how long it stays open
  int trip_after = 3;                               // consecutive failures (>=)
};

enum class breaker_state { closed, half_open, open };
std::string_view to_string(breaker_state s) noexcept;

class circuit_breaker {
 public:
  // Created at `now` (lazily upstream: at the breaker's first use).
  circuit_breaker(std::string name, breaker_settings s, sim::time_point now);

  // State(): applies the lazy transitions due at `now` first.
  breaker_state state(sim::time_point now);

  // Execute's first half: the error gobreaker answers without calling the
  // service ("circuit breaker is open", "too many requests"), or the
  // generation to report the result against.
  struct admission {
    std::optional<std::string> refused;
    std::uint64_t generation = 0;
  };
  admission before_request(sim::time_point now);
  // Execute's second half: any error counts as a failure (kubernaut sets no
  // IsSuccessful), permanent ones included.
  void after_request(std::uint64_t generation, bool success, sim::time_point now);

  const std::string& name() const noexcept { return name_; }

 private:
  void set_state(breaker_state next, sim::time_point now);
  void new_generation(sim::time_point now);

  std::string name_;
  breaker_settings s_;
  breaker_state state_ = breaker_state::closed;
  std::uint64_t generation_ = 0;
  std::optional<sim::time_point> expiry_;  // none: never (half-open)
  int requests_ = 0;
  int consecutive_successes_ = 0;
  int consecutive_failures_ = 0;
};

// The breaker name of a resolved channel: its type before ':' when the type
// is wrapped ("slack:oncall" -> "slack"), none for console, file and log.
std::optional<std::string> breaker_name_of(std::string_view channel);

}  // namespace reconsim::model::notification
