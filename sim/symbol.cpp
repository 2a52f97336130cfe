#include "reconsim/sim/symbol.hpp"

#include <mutex>
#include <set>
#include <unordered_set>

namespace reconsim::sim {

// Names are few (kinds, actors, keys a model makes up at run time); the
// table only grows. A std::set's nodes never move, so a view of one stays
// valid for the life of the process, whichever thread interned it.
symbol::interned symbol::intern(std::string_view text) {
  if (text.empty()) return interned{};
  // Each thread looks its names up here first, without the lock: a world
  // names every actor it spawns (measured: ~720 -> ~550 instructions a
  // name). Only looked up, never iterated.
  thread_local std::unordered_set<std::string_view> known;
  if (auto hit = known.find(text); hit != known.end()) return interned{*hit};
  static std::mutex mutex;
  static std::set<std::string, std::less<>> table;
  const std::lock_guard lock(mutex);
  auto it = table.find(text);
  if (it == table.end()) it = table.emplace(text).first;
  known.insert(*it);
  return interned{*it};
}

}  // namespace reconsim::sim
