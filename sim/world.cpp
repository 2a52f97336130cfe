#include "reconsim/sim/world.hpp"

#include <boost/fiber/fiber.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <stdexcept>

#include "kernel.hpp"
#include "reconsim/sim/actor.hpp"
#include "reconsim/sim/condition.hpp"
#include "reconsim/sim/timer.hpp"
#include "stack_pool.hpp"

namespace reconsim::sim {

namespace detail {
namespace {
thread_local kernel* tl_kernel = nullptr;
const std::string empty_name;
}  // namespace

kernel* current_kernel() noexcept { return tl_kernel; }
void set_current_kernel(kernel* k) noexcept { tl_kernel = k; }

actor* current_actor() noexcept { return tl_kernel != nullptr ? tl_kernel->current : nullptr; }

void destroyed_while_waited_on(std::size_t waiting) noexcept {
  std::fprintf(stderr,
               "reconsim: a channel, condition or mutex was destroyed while %zu actor(s) still wait on it; "
               "declare the world after everything its actors block on, so the world is destroyed first "
               "(docs/kernel.md, lifetimes)\n",
               waiting);
  std::abort();
}

namespace {
kernel& running_kernel(const char* what) {
  kernel* k = tl_kernel;
  if (k == nullptr || k->current == nullptr) {
    if (k != nullptr && k->in_callback) {
      throw std::logic_error(fmt::format("{}: a timer callback must not block", what));
    }
    throw std::logic_error(fmt::format("{}: only an actor of a running world may block", what));
  }
  return *k;
}
}  // namespace

wake park(const char* what, const std::string& object, std::optional<time_point> deadline) {
  kernel& k = running_kernel(what);
  actor* a = k.current;
  if (a->cancelled) throw cancelled{};
  ++a->epoch;
  a->parked = true;
  a->waiting_what = what;
  a->waiting_object = &object;
  if (deadline) k.push_timer(std::max(*deadline, k.now), a, a->epoch);
  k.block_current(a);
  if (a->cancelled) throw cancelled{};
  return a->wake_reason;
}

bool unpark(actor* a) noexcept {
  if (a == nullptr || !a->parked) return false;
  a->parked = false;
  ++a->epoch;
  a->wake_reason = wake::notified;
  a->owner->push_ready(a);
  return true;
}

}  // namespace detail

// ---- names ----

std::string_view to_string(schedule_policy p) noexcept {
  switch (p) {
    case schedule_policy::fifo: return "fifo";
    case schedule_policy::random: return "random";
    case schedule_policy::pct: return "pct";
  }
  return "?";
}

bool parse_schedule_policy(std::string_view text, schedule_policy& out) noexcept {
  for (auto p : {schedule_policy::fifo, schedule_policy::random, schedule_policy::pct}) {
    if (text == to_string(p)) {
      out = p;
      return true;
    }
  }
  return false;
}

std::string_view to_string(outcome_kind k) noexcept {
  switch (k) {
    case outcome_kind::finished: return "finished";
    case outcome_kind::time_limit: return "time_limit";
    case outcome_kind::time_cap: return "time_cap";
    case outcome_kind::event_cap: return "event_cap";
    case outcome_kind::trace_cap: return "trace_cap";
    case outcome_kind::deadlock: return "deadlock";
    case outcome_kind::actor_exception: return "actor_exception";
  }
  return "?";
}

std::string outcome::describe() const {
  std::string s = fmt::format("{} at {:.3f}s", to_string(kind), to_seconds(at));
  if (!actor.empty()) s += fmt::format(" in actor '{}'", actor);
  if (!message.empty()) s += ": " + message;
  if (kind == outcome_kind::deadlock) {
    s += fmt::format(": {} actor(s) blocked", blocked.size());
    for (const auto& b : blocked) s += fmt::format("; {} waits on {}", b.name, b.waiting_on);
  }
  return s;
}

// ---- world ----

world::world(std::uint64_t seed, options opts) : k_(std::make_unique<detail::kernel>(*this, seed, opts)) {
  detail::thread_algorithm();
  k_->previous_on_thread = detail::current_kernel();
  detail::set_current_kernel(k_.get());
}

world::~world() {
  detail::kernel& k = *k_;
  detail::kernel* const outer = detail::current_kernel();
  detail::set_current_kernel(&k);
  // Wake every live actor with a cancellation so its stack unwinds here,
  // not in some later world.
  if (k.alive > 0) {
    k.tearing_down = true;
    for (auto& a : k.actors) {
      if (a->finished) continue;
      a->cancelled = true;
      if (a->parked) {
        a->parked = false;
        ++a->epoch;
        k.push_ready(a.get());
      }
    }
  }
  k.tearing_down = true;
  k.stop.reset();
  k.running = true;
  detail::run_scheduler(k);  // also lets Boost free the finished fibers
  k.running = false;
  if (k.alive > 0) {
    // An actor caught sim::cancelled and went on: its fiber can never be
    // freed, and the thread could not exit cleanly. Say so loudly.
    std::fprintf(stderr, "reconsim: %zu actor(s) did not unwind when the world was destroyed (sim::cancelled swallowed?)\n",
                 k.alive);
    std::abort();
  }
  detail::set_current_kernel(outer == &k ? k.previous_on_thread : outer);
}

std::size_t world::kill(const std::function<bool(std::string_view name)>& which) {
  detail::kernel& k = *k_;
  std::size_t killed = 0;
  // Actors in creation order: the kill order, and so the trace, is fixed.
  for (auto& a : k.actors) {
    if (a->finished || a->cancelled || !which(a->name)) continue;
    a->cancelled = true;
    ++killed;
    k.trace.record(trace_event{k.now, detail::current_actor() != nullptr ? detail::current_actor()->trace_name : symbol(),
                               "actor.kill", {field_view("name", a->name)}});
    if (a->parked) {
      // Woken as teardown wakes it: park() sees `cancelled` and throws.
      a->parked = false;
      ++a->epoch;
      k.push_ready(a.get());
    }
  }
  return killed;
}

void world::spawn(std::string name, std::function<void()> fn) {
  detail::kernel& k = *k_;
  auto owned = std::make_unique<detail::actor>();
  detail::actor* a = owned.get();
  a->owner = &k;
  a->id = static_cast<std::uint32_t>(k.actors.size());
  a->name = std::move(name);
  a->trace_name = symbol(a->name);
  if (k.opts.policy == schedule_policy::pct) {
    // Initial priorities sit above every change-point priority (< depth).
    a->priority = static_cast<std::uint64_t>(k.opts.pct_depth) + rng("kernel.pct.priority").uniform_int(std::uint64_t{0}, 1u << 30);
  }
  k.actors.push_back(std::move(owned));
  ++k.alive;
  k.trace.record(trace_event{k.now, detail::current_actor() != nullptr ? detail::current_actor()->trace_name : symbol(), "actor.spawn",
                       {field_view("name", a->name)}});
  detail::bind_next_fiber(&k, a);
  boost::fibers::fiber f(std::allocator_arg, detail::stack_pool_allocator(k.opts.stack_size),
                         [a, &k, body = std::move(fn)]() mutable {
                           a->started = true;
                           if (!a->cancelled) {
                             try {
                               auto run = std::move(body);  // destroyed when the actor ends
                               run();
                             } catch (const cancelled&) {
                             } catch (const std::exception& e) {
                               k.on_actor_exception(a, e.what());
                             } catch (...) {
                               k.on_actor_exception(a, "unknown exception");
                             }
                           }
                           // Whatever an exception unwound below this frame
                           // is dead: clear its ASan poison before Boost's
                           // teardown runs there.
                           detail::unpoison_stack(a->stack_low, __builtin_frame_address(0));
                           k.on_actor_exit(a);
                         });
  a->stack_low = detail::stack_pool_allocator::last_stack_low();
  f.detach();
}

outcome world::run() { return run_until(time_point(k_->opts.time_cap)); }
outcome world::run_for(duration d) { return run_until(k_->now + d); }

outcome world::run_until(time_point t) {
  detail::kernel& k = *k_;
  if (k.running || detail::current_actor() != nullptr) {
    throw std::logic_error("world::run called from inside a running world");
  }
  const time_point cap(k.opts.time_cap);
  k.limit_requested = t < cap;
  k.limit = k.limit_requested ? t : cap;
  k.stop.reset();
  k.running = true;
  detail::kernel* const outer = detail::current_kernel();
  detail::set_current_kernel(&k);
  detail::run_scheduler(k);
  detail::set_current_kernel(outer);
  k.running = false;
  return *k.stop;
}

time_point world::now() const noexcept { return k_->now; }
std::uint64_t world::seed() const noexcept { return k_->seed; }
const options& world::opts() const noexcept { return k_->opts; }
sim::trace& world::trace() noexcept { return k_->trace; }
const sim::trace& world::trace() const noexcept { return k_->trace; }
std::uint64_t world::events() const noexcept { return k_->events; }
std::size_t world::actors_alive() const noexcept { return k_->alive; }

sim::rng& world::rng(std::string_view name) {
  auto it = k_->streams.find(name);
  if (it == k_->streams.end()) {
    it = k_->streams.emplace(std::string(name), rng::stream(k_->seed, name)).first;
  }
  return it->second;
}

void world::emit(symbol kind, std::vector<field> fields) {
  const detail::actor* a = k_->current;
  k_->trace.record(trace_event{k_->now, a != nullptr ? a->trace_name : symbol(), kind, field_list(views_of(fields))});
  k_->check_trace_cap();
}

void world::emit(symbol kind, std::initializer_list<field_view> fields) {
  const detail::actor* a = k_->current;
  k_->trace.record(k_->now, a != nullptr ? a->trace_name : symbol(), kind, fields);
  k_->check_trace_cap();
}

world& this_world() {
  detail::kernel* k = detail::current_kernel();
  if (k == nullptr) throw std::logic_error("no reconsim world on this thread");
  return k->owner;
}

bool has_world() noexcept { return detail::current_kernel() != nullptr; }

time_point virtual_clock::now() noexcept {
  const detail::kernel* k = detail::current_kernel();
  return k != nullptr ? k->now : time_point{};
}

// ---- what an actor does to itself ----

void sleep_until(time_point t) { detail::park("sleep", detail::empty_name, t); }
void sleep_for(duration d) { sleep_until(now() + d); }

void yield() {
  detail::kernel& k = detail::running_kernel("yield");
  detail::actor* a = k.current;
  if (a->cancelled) throw cancelled{};
  // Timers due at this very instant are as ready as anyone else.
  if (k.ready_empty()) k.fire_due();
  if (k.ready_empty() && !k.stop) {
    // Nothing else can run at this instant: go on, but a loop of yields
    // still counts against the event cap.
    if (++k.events < k.opts.event_cap) return;
    k.finish_event_cap();
  }
  // Stay ready while suspended, so a later run or the teardown resumes it.
  k.push_ready(a);
  k.yielder = a;
  k.block_current(a);
  if (a->cancelled) throw cancelled{};
}

const std::string& self_name() noexcept {
  const detail::actor* a = detail::current_actor();
  return a != nullptr ? a->name : detail::empty_name;
}

void emit(symbol kind, std::vector<field> fields) { this_world().emit(kind, std::move(fields)); }
void emit(symbol kind, std::initializer_list<field_view> fields) { this_world().emit(kind, fields); }

// ---- conditions ----

void condition::wait() {
  detail::waiters::scoped w(waiters_, detail::current_actor());
  detail::park("condition", name_, std::nullopt);
}

bool condition::wait_until(time_point t) {
  detail::waiters::scoped w(waiters_, detail::current_actor());
  return detail::park("condition", name_, t) == detail::wake::notified;
}

bool condition::wait_for(duration d) { return wait_until(now() + d); }

// ---- callback timers ----

timer_handle call_at(world& w, time_point t, std::function<void()> fn) {
  detail::kernel& k = w.kernel();
  std::uint32_t slot;
  if (!k.free_slots.empty()) {
    slot = k.free_slots.back();
    k.free_slots.pop_back();
  } else {
    slot = static_cast<std::uint32_t>(k.slots.size());
    k.slots.emplace_back();
  }
  detail::callback_slot& s = k.slots[slot];
  s.fn = std::move(fn);
  s.pending = true;
  ++s.generation;
  k.push_timer(std::max(t, k.now), nullptr, (static_cast<std::uint64_t>(s.generation) << 32) | slot);
  return timer_handle(&w, slot, s.generation);
}

timer_handle call_after(world& w, duration d, std::function<void()> fn) { return call_at(w, w.now() + d, std::move(fn)); }
timer_handle call_at(time_point t, std::function<void()> fn) { return call_at(this_world(), t, std::move(fn)); }
timer_handle call_after(duration d, std::function<void()> fn) { return call_after(this_world(), d, std::move(fn)); }

bool timer_handle::cancel() noexcept {
  if (!pending()) return false;
  detail::kernel& k = w_->kernel();
  detail::callback_slot& s = k.slots[slot_];
  s.pending = false;
  s.fn = nullptr;
  k.free_slots.push_back(slot_);  // the heap entry is stale now (generation moves on at reuse)
  return true;
}

bool timer_handle::pending() const noexcept {
  if (w_ == nullptr) return false;
  const detail::callback_slot& s = w_->kernel().slots[slot_];
  return s.pending && s.generation == generation_;
}

}  // namespace reconsim::sim
