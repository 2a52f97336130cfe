#include <algorithm>

#include <fmt/format.h>

#include "reconsim/scenarios/checkers/detail/trace_query.hpp"

namespace reconsim::scenarios::detail {

bool starts_with(std::string_view s, std::string_view prefix) noexcept {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

std::string_view object_name(const sim::trace_event& e) {
  // Views with their lengths known here: a list of const char* measured
  // each one again on every call (a chain's scan calls this per event).
  static constexpr std::string_view names[] = {"key", "item", "object"};
  for (std::string_view k : names) {
    if (const sim::view_value* v = e.find(k)) {
      if (const auto* s = std::get_if<std::string_view>(v)) return *s;
    }
  }
  return {};
}

std::string object_of(const sim::trace_event& e) { return std::string(object_name(e)); }

bool bool_field(const sim::trace_event& e, std::string_view key, bool fallback) {
  if (const sim::view_value* v = e.find(key)) {
    if (const auto* b = std::get_if<bool>(v)) return *b;
  }
  return fallback;
}

policies::policies(const trace_events& trace) {
  for (const auto& e : trace) observe(e);
}

void policies::observe(const sim::trace_event& e) {
  if (e.kind != "notification.retry_policy") return;
  model::notification::retry_policy p;
  p.max_attempts = static_cast<int>(e.get_int("max_attempts", p.max_attempts));
  p.initial_backoff_seconds = static_cast<int>(e.get_int("initial_backoff_s", p.initial_backoff_seconds));
  p.backoff_multiplier = static_cast<int>(e.get_int("multiplier", p.backoff_multiplier));
  p.max_backoff_seconds = static_cast<int>(e.get_int("max_backoff_s", p.max_backoff_seconds));
  entry(by_key_, e.get_text("key")) = p;
}

model::notification::retry_policy policies::of(std::string_view key) const {
  auto it = by_key_.find(key);
  return it == by_key_.end() ? model::notification::retry_policy{} : it->second;
}

bool tells_story(std::string_view kind) {
  return starts_with(kind, "notification.") || starts_with(kind, "api.") || kind == "informer.event" ||
         starts_with(kind, "reconcile.") || kind == "queue.add" || kind == "queue.retry" || kind == "audit.emit";
}

std::vector<sim::trace_event> chain_for(const trace_events& trace, const std::string& key, std::size_t last,
                                        std::size_t max) {
  std::vector<sim::trace_event> out;
  if (trace.empty()) return out;
  last = std::min(last, trace.size() - 1);
  out.reserve(std::min(max, last + 1));  // no copy moved again as the vector grows
  for (std::size_t i = last + 1; i-- > 0 && out.size() < max;) {
    const auto& e = trace[i];
    if (tells_story(e.kind) && object_name(e) == key) out.push_back(e);
  }
  std::reverse(out.begin(), out.end());
  return out;
}

std::vector<sim::trace_event> tail(const trace_events& trace, std::size_t last, std::size_t max) {
  std::vector<sim::trace_event> out;
  if (trace.empty()) return out;
  last = std::min(last, trace.size() - 1);
  const std::size_t first = last + 1 > max ? last + 1 - max : 0;
  out.assign(trace.begin() + static_cast<std::ptrdiff_t>(first), trace.begin() + static_cast<std::ptrdiff_t>(last) + 1);
  return out;
}

std::string secs(sim::duration d) { return sim::format_duration_readable(d); }
// Instants read best as seconds with milliseconds ("20.034s"), not as the
// exact nanosecond count format_duration gives.
std::string secs(sim::time_point t) { return fmt::format("{:.3f}s", sim::to_seconds(t)); }

void violation(check_result& r, sim::time_point at, std::string explanation, std::vector<sim::trace_event> chain) {
  ++r.violations;
  r.passed = false;
  if (r.first_violation && *r.first_violation <= at) return;
  r.first_violation = at;
  r.explanation = std::move(explanation);
  r.chain = std::move(chain);
}

}  // namespace reconsim::scenarios::detail
