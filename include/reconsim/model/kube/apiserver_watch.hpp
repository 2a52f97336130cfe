#pragma once
// Watches: each watcher receives ADDED / MODIFIED / DELETED in
// resourceVersion order, each after its own modelled delivery delay.
#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "reconsim/sim/actor.hpp"
#include "reconsim/sim/channel.hpp"
#include "reconsim/sim/rng.hpp"
#include "reconsim/sim/time.hpp"

namespace reconsim::model {

// watch.EventType (BOOKMARK and ERROR are not modelled).
enum class event_type { added, modified, deleted };
// "ADDED", "MODIFIED", "DELETED".
std::string_view to_string(event_type t) noexcept;

template <class Obj>
struct watch_event {
  event_type type = event_type::added;
  std::shared_ptr<const Obj> object;      // the new state; for DELETED the last state
  std::shared_ptr<const Obj> old_object;  // MODIFIED only: the state it replaced
  std::uint64_t resource_version = 0;
  sim::time_point deliver_at{};  // when the watcher sees it
};

struct watch_options {
  std::string name;  // names the delay stream "watch.<name>"
  // Per-event delivery delay, uniform in [delay_min, delay_max].
  sim::duration delay_min{0};
  sim::duration delay_max{0};
};

namespace detail {

// One watcher's pipe. Shared by the server (writer) and the stream (reader),
// so an actor blocked on it at teardown never touches freed memory.
template <class Obj>
struct watch_state {
  watch_state(std::string name, sim::rng& rng, sim::duration min, sim::duration max)
      : events("watch." + name), delay_rng(&rng), delay_min(min), delay_max(max) {}

  // `hold_until`: not before then (a stale window, resource_store's
  // hold_watch_events).
  void push(watch_event<Obj> e, sim::time_point hold_until = {}) {
    const sim::duration delay = delay_min == delay_max ? delay_min : delay_rng->uniform_duration(delay_min, delay_max);
    // Delays are drawn per event but delivery never overtakes: a watch is
    // one ordered stream upstream (one HTTP response body).
    e.deliver_at = std::max({last_delivery, sim::now() + delay, hold_until});
    last_delivery = e.deliver_at;
    events.send(std::move(e));
  }

  sim::channel<watch_event<Obj>> events;
  sim::rng* delay_rng;  // a stream of the world, which outlives every run's watch
  sim::duration delay_min;
  sim::duration delay_max;
  sim::time_point last_delivery{};
};

}  // namespace detail

// The reader side of a watch. Events are handed out only once due, so a
// consumer sees the server's state `delay` late, as an informer does.
template <class Obj>
class watch_stream {
 public:
  explicit watch_stream(std::shared_ptr<detail::watch_state<Obj>> s) : s_(std::move(s)) {}
  watch_stream(watch_stream&&) noexcept = default;
  watch_stream& operator=(watch_stream&& o) noexcept {
    if (this != &o) {
      stop();
      s_ = std::move(o.s_);
      pending_ = std::move(o.pending_);
    }
    return *this;
  }
  watch_stream(const watch_stream&) = delete;
  watch_stream& operator=(const watch_stream&) = delete;
  ~watch_stream() { stop(); }

  // The next event once it is due; empty once the watch is stopped.
  std::optional<watch_event<Obj>> next() { return next_impl(std::nullopt); }
  // The same, or empty when `deadline` comes first (the event stays pending).
  std::optional<watch_event<Obj>> next_until(sim::time_point deadline) { return next_impl(deadline); }

  // Ends the watch; the server drops it on its next write.
  void stop() noexcept {
    if (s_) s_->events.close();
  }
  bool stopped() const noexcept { return !s_ || s_->events.closed(); }

 private:
  std::optional<watch_event<Obj>> next_impl(std::optional<sim::time_point> deadline) {
    if (stopped()) return std::nullopt;
    if (!pending_) {
      pending_ = deadline ? s_->events.receive_until(*deadline) : s_->events.receive();
      if (!pending_) return std::nullopt;
    }
    if (deadline && pending_->deliver_at > *deadline) {
      sim::sleep_until(*deadline);
      return std::nullopt;
    }
    sim::sleep_until(pending_->deliver_at);
    if (stopped()) return std::nullopt;
    std::optional<watch_event<Obj>> out = std::move(pending_);
    pending_.reset();
    return out;
  }

  std::shared_ptr<detail::watch_state<Obj>> s_;
  std::optional<watch_event<Obj>> pending_;
};

}  // namespace reconsim::model
