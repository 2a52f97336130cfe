#pragma once
// Where two traces of "the same" run part: the check madsim and
// FoundationDB run on every seed.
#include <optional>
#include <string>
#include <vector>

#include "reconsim/sim/trace.hpp"

namespace reconsim::scenarios {

struct divergence {
  std::size_t index = 0;  // position of the first differing event
  std::optional<sim::trace_event> first;
  std::optional<sim::trace_event> second;  // empty: that trace ended here
  std::string describe() const;
};

std::optional<divergence> first_divergence(const std::vector<sim::trace_event>& a,
                                           const std::vector<sim::trace_event>& b);

}  // namespace reconsim::scenarios
