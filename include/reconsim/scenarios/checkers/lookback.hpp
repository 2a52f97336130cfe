#pragma once
// What a checker reading a run event by event may look back at: the events
// that led to a violation (its chain), and the facts about the whole run a
// verdict needs at the end (when it ended, when the suite ended).
//
// Two ways to look back, one answer. When the run keeps its events (a
// normal run, a search's run, a replayed vector), a chain is read from
// them on demand and nothing is copied per event. When it does not (a
// trace too large to keep: `reconsim run --stream`, a 100,000-notification
// storm), lookback keeps copies of each object's last `story_length` story
// events and of the last `tail_length` events of any kind: memory bounded
// per object, not per event. A chain asked for at the event that violates
// is the same either way; one asked for at the end about an earlier moment
// (story_until) may be shorter when not kept, never different in order.
//
// A run whose chains nobody will read (a search's: it reports the
// explanation and a repro, whose replay shows the chain) asks for none:
// then nothing is copied and every chain is empty.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <unordered_map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reconsim/sim/trace.hpp"
#include "reconsim/sim/world.hpp"

namespace reconsim::scenarios {

using trace_events = std::vector<sim::trace_event>;

inline constexpr std::size_t story_length = 12;
inline constexpr std::size_t tail_length = 8;

class lookback final : public sim::trace_observer {
 public:
  // `kept`: the run's events, complete up to the event being observed (the
  // trace's own vector, or a replayed one); null: keep copies instead.
  // `chains`: false, every chain is empty and nothing is copied for one.
  explicit lookback(const trace_events* kept, bool chains = true) : kept_(kept), chains_(chains) {}

  // Call before any checker sees `e`.
  void observe(const sim::trace_event& e) override;

  bool keeps() const noexcept { return kept_ != nullptr; }
  bool chains() const noexcept { return chains_; }
  // The kept events (null when not kept).
  const trace_events* kept() const noexcept { return kept_; }
  // How many events were observed; the current one's index is count() - 1.
  std::uint64_t count() const noexcept { return count_; }

  // The events about `key` that tell how it got where it is (attempts,
  // status writes, watch events, reconciles, queue moves), up to and
  // including the current event, at most story_length, oldest first.
  std::vector<sim::trace_event> story(std::string_view key) const;
  // The same up to the last event at or before `t` (for a violation found
  // at the end about an earlier moment: a retry that never came by `t`).
  std::vector<sim::trace_event> story_until(std::string_view key, sim::time_point t) const;
  // The last `max` (<= tail_length) events of any kind, up to the current one.
  std::vector<sim::trace_event> tail(std::size_t max = tail_length) const;

  // The last event's time (zero before any).
  sim::time_point last_at() const noexcept { return last_at_; }
  // The end of the run: the outcome's time, else the last event's.
  sim::time_point end(const sim::outcome* outcome) const noexcept;
  // Until when the controller could act: the end of the run, or the
  // suite's end when a harness ran (it shuts the controller down then;
  // later events are the fault plan's own timers running out).
  sim::time_point controller_stopped(const sim::outcome* outcome) const noexcept;

  // An estimate of the heap the copies use (0 when events are kept).
  std::uint64_t bytes() const noexcept { return bytes_; }

 private:
  const trace_events* kept_;
  bool chains_;
  std::uint64_t count_ = 0;
  sim::time_point last_at_{};
  std::optional<sim::time_point> suite_end_;
  // The last `cap` copies, oldest first from `next` once full. A new copy
  // is assigned over the oldest: its field vector and text reuse the old
  // one's heap, so a long run copies without allocating.
  struct ring {
    std::vector<sim::trace_event> slots;
    std::size_t next = 0;
    // Adds `e`; returns the change in bytes held.
    std::int64_t push(const sim::trace_event& e, std::size_t cap);
    std::vector<sim::trace_event> oldest_first() const;
  };
  struct text_hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  // Copies, only when events are not kept. Looked up by name, never
  // iterated: the order of an unordered map cannot reach a result.
  std::unordered_map<std::string, ring, text_hash, std::equal_to<>> stories_;
  ring tail_;
  std::uint64_t bytes_ = 0;
};

}  // namespace reconsim::scenarios
