#pragma once
// Shared by the client-go queues and the priority queue: how an item reads in
// the trace, the one place queue events are emitted, and time arithmetic that
// cannot overflow.
//
// Trace kinds written by the queues (every event carries "queue" and "item"):
//   queue.add      an item became ready (not coalesced): depth
//   queue.retry    add_after / add_rate_limited: delay, reason
//   queue.get      an item was handed out: depth, wait (time since add)
//   queue.done     done(item): work (time since get), requeued
//   queue.shutdown shut_down / shut_down_with_drain: drain
// These mirror client-go's workqueue metrics (adds, depth, retries,
// queue_duration, work_duration).
#include <concepts>
#include <limits>
#include <sstream>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "reconsim/model/kube/object.hpp"
#include "reconsim/sim/time.hpp"
#include "reconsim/sim/trace.hpp"

namespace reconsim::model::detail {

template <class T>
concept has_adl_to_string = requires(const T& x) {
  { to_string(x) } -> std::convertible_to<std::string>;
};

template <class T>
concept streamable = requires(std::ostream& os, const T& x) { os << x; };

// The item as text for trace fields: a reconcile request's key in a buffer
// of its own (key_text: no heap block per queue event), else a string.
template <class T>
auto describe_item(const T& item) {
  if constexpr (std::is_same_v<T, namespaced_name>) {
    return key_text(item);
  } else if constexpr (std::is_convertible_v<const T&, std::string_view>) {
    return std::string(std::string_view(item));
  } else if constexpr (std::is_arithmetic_v<T>) {
    return std::to_string(item);
  } else if constexpr (has_adl_to_string<T>) {
    return std::string(to_string(item));
  } else if constexpr (streamable<T>) {
    std::ostringstream out;
    out << item;
    return out.str();
  } else {
    return "?";
  }
}

// Records a queue event when a world is alive on this thread; queues also
// work outside a world (plain unit use), where nothing is recorded.
void emit_queue_event(sim::symbol kind, std::initializer_list<sim::field_view> fields);

// now + d, saturating at the end of time: rate limiters may return
// "infinite" delays (golang.org/x/time/rate's InfDuration).
inline sim::time_point saturating_add(sim::time_point t, sim::duration d) noexcept {
  const auto rep_max = std::numeric_limits<sim::duration::rep>::max();
  if (d.count() > 0 && t.time_since_epoch().count() > rep_max - d.count()) return sim::time_point::max();
  return t + d;
}

}  // namespace reconsim::model::detail
