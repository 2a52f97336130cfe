#pragma once
// The world's private state and the scheduler that runs it. Only sim/ sees
// this header.
#include <boost/fiber/context.hpp>

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "reconsim/sim/detail/park.hpp"
#include "reconsim/sim/symbol.hpp"
#include "reconsim/sim/world.hpp"
#include "timer_queue.hpp"

namespace reconsim::sim::detail {

using boost::fibers::context;

struct kernel;

struct actor {
  kernel* owner = nullptr;
  std::uint32_t id = 0;
  std::string name;
  symbol trace_name;  // the same text, as the trace records it
  context* ctx = nullptr;  // set when Boost first hands the fiber to the scheduler
  bool started = false;
  bool parked = false;
  bool finished = false;
  bool cancelled = false;  // the world is being torn down
  // Bumped on every park and wake: a timer entry from an older epoch is
  // stale and is skipped, so a wake and a timeout can never both happen.
  std::uint64_t epoch = 0;
  wake wake_reason = wake::notified;
  const char* waiting_what = "";
  const std::string* waiting_object = nullptr;
  std::uint64_t priority = 0;  // pct policy only
  char* stack_low = nullptr;   // the lowest usable address of its fiber stack
};

struct callback_slot {
  std::function<void()> fn;
  std::uint32_t generation = 0;
  bool pending = false;
};

struct kernel {
  kernel(world& w, std::uint64_t seed, options opts);

  world& owner;
  std::uint64_t seed;
  options opts;
  time_point now{};
  std::uint64_t seq = 0;
  std::uint64_t events = 0;
  sim::trace trace;
  sim::rng schedule_rng;
  std::map<std::string, sim::rng, std::less<>> streams;

  std::vector<std::unique_ptr<actor>> actors;  // index = id
  std::size_t alive = 0;
  actor* current = nullptr;
  actor* yielder = nullptr;  // the actor in sim::yield(): never picked to resume itself
  actor* last_run = nullptr;
  actor* preselected = nullptr;  // the step block_current chose, for pick_next
  bool in_callback = false;

  timer_queue timers;
  std::deque<actor*> ready_fifo;    // fifo policy
  std::vector<actor*> ready_pool;   // random and pct policies
  std::vector<callback_slot> slots;
  std::vector<std::uint32_t> free_slots;
  std::vector<std::uint64_t> pct_change_points;  // ascending event counts
  std::size_t pct_next_change = 0;

  // Run control: set by world::run_until, read by the scheduler.
  bool running = false;
  bool tearing_down = false;
  time_point limit{};
  bool limit_requested = false;  // limit came from run_for/run_until, not the cap
  std::optional<outcome> stop;
  context* main_ctx = nullptr;
  kernel* previous_on_thread = nullptr;

  bool ready_empty() const noexcept { return ready_fifo.empty() && ready_pool.empty(); }
  void push_ready(actor* a);
  actor* pop_ready();
  void push_timer(time_point at, actor* who, std::uint64_t epoch_or_slot);
  // Moves everything due at the earliest pending instant to ready, running
  // callbacks on the way; advances the clock. False if no timer is due
  // before the limit (then `stop` says why).
  bool advance_time();
  void fire(const timer_entry& e);
  bool is_stale(const timer_entry& e) const noexcept;
  // Fires every live timer due at or before now, in (time, sequence) order.
  void fire_due();
  // The next worker fiber to resume, or nullptr when the run must return to
  // its caller (main).
  actor* next_actor();
  // Suspends the running actor until the scheduler picks it again.
  void block_current(actor* self);
  void finish_run(outcome_kind kind, std::string message = {});
  void finish_event_cap();
  // Ends the run as trace_cap once the kept trace outgrows its budget.
  void check_trace_cap() {
    if (opts.trace_byte_cap != 0 && trace.bytes() > opts.trace_byte_cap) finish_trace_cap();
  }
  void finish_trace_cap();
  void on_actor_exit(actor* a);
  void on_actor_exception(actor* a, std::string message);
};

// The kernel whose world is current on this thread.
kernel* current_kernel() noexcept;
void set_current_kernel(kernel* k) noexcept;

// Installs reconsim's scheduling algorithm on this thread (once) and returns
// it; the world uses it to run and to bind new fibers to actors.
class virtual_time_algorithm;
virtual_time_algorithm& thread_algorithm();
void bind_next_fiber(kernel* k, actor* a) noexcept;
void note_fiber_terminated() noexcept;
// Suspends main until the kernel's run stops.
void run_scheduler(kernel& k);

}  // namespace reconsim::sim::detail
