#include "reconsim/scenarios/search/trace_diff.hpp"

#include <fmt/format.h>

namespace reconsim::scenarios {

namespace {
bool same(const sim::trace_event& a, const sim::trace_event& b) {
  return sim::to_json_line(a) == sim::to_json_line(b);
}
std::string show(const std::optional<sim::trace_event>& e) {
  return e ? sim::to_json_line(*e) : std::string("(the trace ends here)");
}
}  // namespace

std::optional<divergence> first_divergence(const std::vector<sim::trace_event>& a,
                                           const std::vector<sim::trace_event>& b) {
  const std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (!same(a[i], b[i])) return divergence{i, a[i], b[i]};
  }
  if (a.size() == b.size()) return std::nullopt;
  divergence d;
  d.index = n;
  if (n < a.size()) d.first = a[n];
  if (n < b.size()) d.second = b[n];
  return d;
}

std::string divergence::describe() const {
  const sim::trace_event& any = first ? *first : *second;
  return fmt::format("traces diverge at event #{} (t={:.9f}s, actor '{}'):\n  first run:  {}\n  second run: {}", index,
                     sim::to_seconds(any.at), any.actor, show(first), show(second));
}

}  // namespace reconsim::scenarios
