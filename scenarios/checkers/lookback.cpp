#include "reconsim/scenarios/checkers/lookback.hpp"

#include <algorithm>

#include "reconsim/scenarios/checkers/detail/trace_query.hpp"

namespace reconsim::scenarios {
namespace {

// The last index at or before `t` (0 when none is). A trace's times never
// go back, so a binary search: a scan from the start read one cache line
// per event, ~130 per chain asked for at the end of a retry-backoff run.
std::size_t index_at(const trace_events& t, sim::time_point at) {
  const auto after =
      std::partition_point(t.begin(), t.end(), [at](const sim::trace_event& e) { return e.at <= at; });
  const auto at_or_before = static_cast<std::size_t>(after - t.begin());
  return at_or_before == 0 ? 0 : at_or_before - 1;
}

// The heap of a copy: its struct and the block of its fields and text.
std::uint64_t copy_bytes(const sim::trace_event& e) { return sizeof(sim::trace_event) + e.fields.block_bytes(); }

}  // namespace

std::int64_t lookback::ring::push(const sim::trace_event& e, std::size_t cap) {
  if (slots.size() < cap) {
    slots.push_back(e);
    return static_cast<std::int64_t>(copy_bytes(slots.back()));
  }
  sim::trace_event& slot = slots[next];
  const auto before = static_cast<std::int64_t>(copy_bytes(slot));
  slot = e;
  next = (next + 1) % cap;
  return static_cast<std::int64_t>(copy_bytes(slot)) - before;
}

std::vector<sim::trace_event> lookback::ring::oldest_first() const {
  std::vector<sim::trace_event> out(slots.begin() + static_cast<std::ptrdiff_t>(next), slots.end());
  out.insert(out.end(), slots.begin(), slots.begin() + static_cast<std::ptrdiff_t>(next));
  return out;
}

void lookback::observe(const sim::trace_event& e) {
  ++count_;
  last_at_ = e.at;
  if (!suite_end_ && e.kind == "harness.suite_end") suite_end_ = e.at;
  if (keeps() || !chains_) return;
  bytes_ = static_cast<std::uint64_t>(static_cast<std::int64_t>(bytes_) + tail_.push(e, tail_length));
  if (!detail::tells_story(e.kind)) return;
  const std::string_view key = detail::object_name(e);
  if (key.empty()) return;
  auto it = stories_.find(key);
  if (it == stories_.end()) it = stories_.emplace(std::string(key), ring{}).first;
  bytes_ = static_cast<std::uint64_t>(static_cast<std::int64_t>(bytes_) + it->second.push(e, story_length));
}

std::vector<sim::trace_event> lookback::story(std::string_view key) const {
  if (count_ == 0 || !chains_) return {};
  if (keeps()) return detail::chain_for(*kept_, std::string(key), count_ - 1, story_length);
  auto it = stories_.find(key);
  if (it == stories_.end()) return {};
  return it->second.oldest_first();
}

std::vector<sim::trace_event> lookback::story_until(std::string_view key, sim::time_point t) const {
  if (count_ == 0 || !chains_) return {};
  if (keeps()) return detail::chain_for(*kept_, std::string(key), index_at(*kept_, t), story_length);
  std::vector<sim::trace_event> out;
  auto it = stories_.find(key);
  if (it == stories_.end()) return out;
  for (auto& e : it->second.oldest_first())
    if (e.at <= t) out.push_back(std::move(e));
  return out;
}

std::vector<sim::trace_event> lookback::tail(std::size_t max) const {
  if (count_ == 0 || !chains_) return {};
  if (keeps()) return detail::tail(*kept_, count_ - 1, max);
  std::vector<sim::trace_event> all = tail_.oldest_first();
  const std::size_t n = std::min(max, all.size());
  all.erase(all.begin(), all.end() - static_cast<std::ptrdiff_t>(n));
  return all;
}

sim::time_point lookback::end(const sim::outcome* outcome) const noexcept {
  sim::time_point t = last_at_;
  if (outcome != nullptr) t = std::max(t, outcome->at);
  return t;
}

sim::time_point lookback::controller_stopped(const sim::outcome* outcome) const noexcept {
  return suite_end_ ? *suite_end_ : end(outcome);
}

}  // namespace reconsim::scenarios
