#include "reconsim/sim/symbol.hpp"

#include <mutex>
#include <set>

namespace reconsim::sim {

// Names are few (kinds, actors, keys a model makes up at run time); the
// table only grows. A std::set's nodes never move, so a view of one stays
// valid for the life of the process, whichever thread interned it.
symbol::interned symbol::intern(std::string_view text) {
  if (text.empty()) return interned{};
  static std::mutex mutex;
  static std::set<std::string, std::less<>> table;
  const std::lock_guard lock(mutex);
  auto it = table.find(text);
  if (it == table.end()) it = table.emplace(text).first;
  return interned{*it};
}

}  // namespace reconsim::sim
