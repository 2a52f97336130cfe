// The scheduling algorithm Boost.Fiber calls whenever a fiber suspends. It is
// the simulation's event loop: it hands out ready actors by policy and, when
// none is ready, advances the virtual clock to the next timer. Boost's own
// dispatcher fiber is kept aside and resumed only to free finished fibers.
#include <boost/fiber/algo/algorithm.hpp>
#include <boost/fiber/operations.hpp>
#include <boost/fiber/type.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "kernel.hpp"

namespace reconsim::sim::detail {

[[noreturn]] void fatal(const char* message) noexcept {
  std::fprintf(stderr, "reconsim kernel: %s\n", message);
  std::abort();
}

class virtual_time_algorithm final : public boost::fibers::algo::algorithm {
 public:
  void awakened(context* ctx) noexcept override {
    if (ctx->is_context(boost::fibers::type::dispatcher_context)) {
      dispatcher_ = ctx;
      dispatcher_ready_ = true;
      return;
    }
    if (ctx->is_context(boost::fibers::type::main_context)) {
      main_ = ctx;  // main yielded through Boost to let the dispatcher run
      main_ready_ = true;
      return;
    }
    if (binding_actor_ != nullptr) {
      actor* a = binding_actor_;
      binding_actor_ = nullptr;
      a->ctx = ctx;
      a->owner->push_ready(a);
      return;
    }
    // Only reconsim's primitives may make a fiber ready; Boost's mutexes,
    // condition variables and sleeps would bypass the virtual clock.
    fatal("a fiber was woken by something other than reconsim (Boost.Fiber primitives are not allowed in a world)");
  }

  context* pick_next() noexcept override {
    context* next = choose();
    if (next != nullptr) idle_spins_ = 0;
    return next;
  }

  context* choose() noexcept {
    if (running_ != nullptr) {
      kernel& k = *running_;
      if (k.preselected != nullptr) {
        actor* a = k.preselected;
        k.preselected = nullptr;
        return a->ctx;
      }
      if (!k.stop) {
        // Now and then let Boost's dispatcher free finished fibers.
        if (pending_terminated_ >= 256 && dispatcher_ready_) return take_dispatcher();
        if (actor* a = k.next_actor()) return a->ctx;
      }
      running_ = nullptr;
      k.current = nullptr;
      return k.main_ctx;
    }
    if (dispatcher_ready_ && (pending_terminated_ > 0 || !main_ready_)) return take_dispatcher();
    if (main_ready_) {
      main_ready_ = false;
      return main_;
    }
    if (dispatcher_ready_) return take_dispatcher();
    return nullptr;
  }

  bool has_ready_fibers() const noexcept override {
    return dispatcher_ready_ || (running_ != nullptr && !running_->ready_empty());
  }

  void suspend_until(std::chrono::steady_clock::time_point const&) noexcept override {
    // Nothing can wake this thread from outside: only reached at thread exit,
    // or if a fiber blocked on something that is not part of any world.
    if (++idle_spins_ > 1'000'000) fatal("nothing left to run and no world running (blocked outside a world?)");
  }

  void notify() noexcept override {}

  void bind(actor* a) noexcept { binding_actor_ = a; }
  void fiber_terminated() noexcept { ++pending_terminated_; }

  void run(kernel& k) {
    k.main_ctx = context::active();
    // The first step is taken here, on main's stack: pick_next must never
    // hand back the context that is suspending.
    actor* first = k.next_actor();
    if (first != nullptr) {
      running_ = &k;
      k.preselected = first;
      k.main_ctx->suspend();  // pick_next returns main once k.stop is set
    }
    if (pending_terminated_ > 0) boost::this_fiber::yield();  // let Boost free finished fibers
  }

 private:
  context* take_dispatcher() noexcept {
    dispatcher_ready_ = false;
    pending_terminated_ = 0;
    return dispatcher_;
  }

  kernel* running_ = nullptr;
  context* main_ = nullptr;
  bool main_ready_ = false;
  context* dispatcher_ = nullptr;
  bool dispatcher_ready_ = false;
  actor* binding_actor_ = nullptr;
  std::uint64_t pending_terminated_ = 0;
  std::uint64_t idle_spins_ = 0;
};

virtual_time_algorithm& thread_algorithm() {
  thread_local virtual_time_algorithm* algo = nullptr;
  if (algo == nullptr) {
    algo = new virtual_time_algorithm();  // owned by Boost's scheduler from here on
    context::active()->get_scheduler()->set_algo(algo);
  }
  return *algo;
}

void bind_next_fiber(kernel*, actor* a) noexcept { thread_algorithm().bind(a); }
void note_fiber_terminated() noexcept { thread_algorithm().fiber_terminated(); }
void run_scheduler(kernel& k) { thread_algorithm().run(k); }

// ---- the kernel's queue and clock ----

kernel::kernel(world& w, std::uint64_t s, options o)
    : owner(w), seed(s), opts(o), trace(o.keep_events), schedule_rng(rng::stream(s, "kernel.schedule")) {
  if (opts.policy == schedule_policy::pct) {
    sim::rng r = rng::stream(s, "kernel.pct");
    for (int i = 0; i + 1 < opts.pct_depth; ++i) {
      pct_change_points.push_back(r.uniform_int(std::uint64_t{1}, std::max<std::uint64_t>(opts.pct_steps, 1)));
    }
    std::sort(pct_change_points.begin(), pct_change_points.end());
  }
}

void kernel::push_ready(actor* a) {
  if (opts.policy == schedule_policy::fifo) {
    ready_fifo.push_back(a);
  } else {
    ready_pool.push_back(a);
  }
}

actor* kernel::pop_ready() {
  actor* chosen = nullptr;
  if (opts.policy == schedule_policy::fifo) {
    if (ready_fifo.front() == yielder && ready_fifo.size() > 1) {
      ready_fifo.push_back(ready_fifo.front());
      ready_fifo.pop_front();
    }
    chosen = ready_fifo.front();
    ready_fifo.pop_front();
  } else {
    std::size_t index = 0;
    const std::size_t n = ready_pool.size();
    if (opts.policy == schedule_policy::random) {
      index = static_cast<std::size_t>(schedule_rng.uniform_int(std::uint64_t{0}, n - 1));
      if (ready_pool[index] == yielder && n > 1) index = (index + 1) % n;
    } else {
      // PCT: at each change point the actor that ran last drops below all
      // initial priorities; the highest-priority ready actor runs.
      while (pct_next_change < pct_change_points.size() && events >= pct_change_points[pct_next_change]) {
        if (last_run != nullptr) last_run->priority = pct_next_change;
        ++pct_next_change;
      }
      bool found = false;
      for (std::size_t i = 0; i < n; ++i) {
        if (ready_pool[i] == yielder && n > 1) continue;
        if (!found || ready_pool[i]->priority > ready_pool[index]->priority) {
          index = i;
          found = true;
        }
      }
    }
    chosen = ready_pool[index];
    ready_pool.erase(ready_pool.begin() + static_cast<std::ptrdiff_t>(index));
  }
  yielder = nullptr;
  return chosen;
}

void kernel::push_timer(time_point at, actor* who, std::uint64_t epoch_or_slot) {
  timers.push(timer_entry{at, seq++, who, epoch_or_slot});
}

bool kernel::is_stale(const timer_entry& e) const noexcept {
  if (e.who != nullptr) return !e.who->parked || e.who->epoch != e.epoch_or_slot;
  const auto slot = static_cast<std::uint32_t>(e.epoch_or_slot & 0xffffffffu);
  const auto generation = static_cast<std::uint32_t>(e.epoch_or_slot >> 32);
  const callback_slot& s = slots[slot];
  return !s.pending || s.generation != generation;
}

void kernel::fire_due() {
  while (!timers.empty() && timers.top().at <= now) {
    const timer_entry e = timers.pop();
    if (!is_stale(e)) fire(e);
    if (stop) return;
  }
}

void kernel::fire(const timer_entry& e) {
  if (e.who != nullptr) {
    actor* a = e.who;
    a->parked = false;
    ++a->epoch;
    a->wake_reason = wake::timeout;
    push_ready(a);
    return;
  }
  const auto slot = static_cast<std::uint32_t>(e.epoch_or_slot & 0xffffffffu);
  std::function<void()> fn = std::move(slots[slot].fn);
  slots[slot].fn = nullptr;
  slots[slot].pending = false;
  free_slots.push_back(slot);
  ++events;
  actor* const running = current;  // a callback may fire inside sim::yield()
  current = nullptr;
  in_callback = true;
  try {
    fn();
  } catch (const std::exception& ex) {
    in_callback = false;
    trace.record(trace_event{now, "", "timer.exception", {field_view("message", ex.what())}});
    finish_run(outcome_kind::actor_exception, ex.what());
    stop->actor = "(timer callback)";
  } catch (...) {
    in_callback = false;
    finish_run(outcome_kind::actor_exception, "unknown exception");
    stop->actor = "(timer callback)";
  }
  in_callback = false;
  if (!stop) current = running;
}

bool kernel::advance_time() {
  // Stale entries (woken early, cancelled) must not move the clock.
  while (!timers.empty() && is_stale(timers.top())) timers.pop();
  if (timers.empty()) {
    finish_run(alive == 0 ? outcome_kind::finished : outcome_kind::deadlock);
    return false;
  }
  const time_point next = timers.top().at;
  if (next > limit) {
    if (limit_requested) {
      now = std::max(now, limit);
      finish_run(outcome_kind::time_limit);
    } else {
      finish_run(outcome_kind::time_cap, "virtual time cap of " + format_duration(opts.time_cap) + " reached");
    }
    return false;
  }
  if (next > now) now = next;
  fire_due();
  return !stop;
}

void kernel::block_current(actor* self) {
  // Choose the next step here, on the blocking actor's stack. When that
  // step is this actor again (its own timer is next), it simply goes on:
  // no switch, and no attempt to resume the running context.
  actor* next = next_actor();
  if (next == self) return;
  preselected = next;  // nullptr: the run is over and main resumes
  context::active()->suspend();
}

actor* kernel::next_actor() {
  for (;;) {
    if (stop) return nullptr;
    if (events >= opts.event_cap && !tearing_down) {
      finish_event_cap();
      return nullptr;
    }
    if (!ready_empty()) {
      actor* a = pop_ready();
      ++events;
      current = a;
      last_run = a;
      if (opts.trace_schedule) {
        trace.mix(static_cast<std::uint64_t>(now.time_since_epoch().count()));
        trace.mix(a->id);
      }
      return a;
    }
    if (tearing_down) {
      finish_run(outcome_kind::finished);
      return nullptr;
    }
    if (!advance_time()) return nullptr;
  }
}

void kernel::finish_run(outcome_kind kind, std::string message) {
  if (stop) return;
  outcome o;
  o.kind = kind;
  o.at = now;
  o.message = std::move(message);
  o.events = events;
  if (kind == outcome_kind::deadlock) {
    for (const auto& a : actors) {
      if (a->finished || !a->parked) continue;
      std::string what = a->waiting_what;
      if (a->waiting_object != nullptr && !a->waiting_object->empty()) what += " '" + *a->waiting_object + "'";
      o.blocked.push_back(blocked_actor{a->name, std::move(what)});
    }
  }
  stop = std::move(o);
}

void kernel::finish_event_cap() {
  finish_run(outcome_kind::event_cap, "event cap of " + std::to_string(opts.event_cap) + " scheduler steps reached");
}

void kernel::finish_trace_cap() {
  finish_run(outcome_kind::trace_cap,
             fmt::format("trace cap of {} MiB reached ({} events{})", opts.trace_byte_cap / (1024 * 1024), trace.size(),
                         trace.keeps_events() ? " kept" : ", none kept: the checkers' copies to look back outgrew it"));
}

void kernel::on_actor_exit(actor* a) {
  a->finished = true;
  --alive;
  if (!tearing_down) trace.record(trace_event{now, a->trace_name, "actor.exit", {}});
  current = nullptr;
  note_fiber_terminated();
}

void kernel::on_actor_exception(actor* a, std::string message) {
  trace.record(trace_event{now, a->trace_name, "actor.exception", {field_view("message", message)}});
  finish_run(outcome_kind::actor_exception, std::move(message));
  stop->actor = a->name;
}

}  // namespace reconsim::sim::detail
