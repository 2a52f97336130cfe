#pragma once
// A world: actors (fibers) under one virtual clock, scheduled
// deterministically from one seed. Many worlds may run one after another on
// one thread; a world never outlives its actors (see ~world).
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "reconsim/sim/rng.hpp"
#include "reconsim/sim/time.hpp"
#include "reconsim/sim/trace.hpp"

namespace reconsim::sim {

namespace detail {
struct kernel;
}

enum class schedule_policy {
  fifo,    // ready actors run in the order they became ready
  random,  // a seeded choice among the ready actors at every step
  pct,     // probabilistic concurrency testing: priorities, d-1 change points
};
std::string_view to_string(schedule_policy p) noexcept;
bool parse_schedule_policy(std::string_view text, schedule_policy& out) noexcept;

struct options {
  schedule_policy policy = schedule_policy::fifo;
  int pct_depth = 3;                  // d: priority change points + 1
  std::uint64_t pct_steps = 100'000;  // change points fall in [1, pct_steps]
  duration time_cap = std::chrono::hours(24 * 7);
  std::uint64_t event_cap = 500'000'000;  // scheduler steps
  // Stored trace bytes (trace::bytes(), an estimate of the heap the kept
  // events use); 0 = no cap. Reaching it ends the run as `trace_cap`.
  std::uint64_t trace_byte_cap = 0;
  std::size_t stack_size = 128 * 1024;
  bool keep_events = true;      // store trace events (checkers need them)
  bool trace_schedule = false;  // fold every scheduling step into the hash
};

enum class outcome_kind {
  finished,         // no actor left alive
  time_limit,       // run_for / run_until reached its time
  time_cap,         // options.time_cap reached: a finding (runaway run)
  event_cap,        // options.event_cap reached: a finding (livelock, hot loop)
  trace_cap,        // options.trace_byte_cap reached: a finding (the run's memory is bounded)
  deadlock,         // actors alive, none ready, no timer pending
  actor_exception,  // an actor threw
};
std::string_view to_string(outcome_kind k) noexcept;

struct blocked_actor {
  std::string name;
  std::string waiting_on;
};

struct outcome {
  outcome_kind kind = outcome_kind::finished;
  time_point at{};
  std::string actor;    // actor_exception: who threw
  std::string message;  // actor_exception: what(); caps: which cap
  std::vector<blocked_actor> blocked;  // deadlock: who waits on what
  std::uint64_t events = 0;            // scheduler steps so far

  bool ok() const noexcept { return kind == outcome_kind::finished || kind == outcome_kind::time_limit; }
  std::string describe() const;
};

// Thrown from a blocking call when the world is being torn down, so an
// actor's stack unwinds and its destructors run. Do not swallow it.
struct cancelled {};

class world {
 public:
  explicit world(std::uint64_t seed, options opts = {});
  ~world();
  world(const world&) = delete;
  world& operator=(const world&) = delete;

  // Starts a named actor; it first runs when the scheduler picks it.
  // Callable from outside the world and from inside an actor.
  void spawn(std::string name, std::function<void()> fn);

  // Kills the live actors whose names `which` accepts, as a process crash
  // kills its goroutines: each unwinds from the blocking call it is parked
  // in (or, if it is running or ready, its next one) with sim::cancelled,
  // its destructors run, and it is gone. Work it finished stays done; a
  // sleep, request or wait it was in the middle of never completes.
  // Traced as "actor.kill" {name} per actor; returns how many.
  std::size_t kill(const std::function<bool(std::string_view name)>& which);

  outcome run();
  outcome run_for(duration d);
  outcome run_until(time_point t);

  time_point now() const noexcept;
  std::uint64_t seed() const noexcept;
  const options& opts() const noexcept;
  // The named stream of this run (created on first use).
  sim::rng& rng(std::string_view name);
  sim::trace& trace() noexcept;
  const sim::trace& trace() const noexcept;
  // Records an event at now(), attributed to the running actor (or "").
  void emit(symbol kind, std::vector<field> fields);
  void emit(symbol kind, std::initializer_list<field_view> fields = {});
  std::uint64_t events() const noexcept;
  std::size_t actors_alive() const noexcept;

  detail::kernel& kernel() noexcept { return *k_; }

 private:
  std::unique_ptr<detail::kernel> k_;
};

// The world running on this thread (or the newest live one); throws
// std::logic_error when there is none.
world& this_world();
bool has_world() noexcept;

}  // namespace reconsim::sim
