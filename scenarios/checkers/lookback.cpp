#include "reconsim/scenarios/checkers/lookback.hpp"

#include <algorithm>

#include "reconsim/scenarios/checkers/detail/trace_query.hpp"

namespace reconsim::scenarios {
namespace {

// The last index at or before `t` (0 when none is).
std::size_t index_at(const trace_events& t, sim::time_point at) {
  std::size_t i = 0;
  while (i + 1 < t.size() && t[i + 1].at <= at) ++i;
  return i;
}

// A rough heap estimate of a copy: its struct, its field vector and the
// text longer than the small-string buffer.
std::uint64_t copy_bytes(const sim::trace_event& e) {
  std::uint64_t n = sizeof(sim::trace_event) + e.fields.capacity() * sizeof(sim::field);
  for (const sim::field& f : e.fields) {
    if (const auto* s = std::get_if<std::string>(&f.value); s != nullptr && s->size() > 15) n += s->capacity() + 1;
  }
  return n;
}

}  // namespace

void lookback::observe(const sim::trace_event& e) {
  ++count_;
  last_at_ = e.at;
  if (!suite_end_ && e.kind == "harness.suite_end") suite_end_ = e.at;
  if (keeps()) return;
  tail_.push_back(e);
  bytes_ += copy_bytes(e);
  if (tail_.size() > tail_length) {
    bytes_ -= copy_bytes(tail_.front());
    tail_.pop_front();
  }
  if (!detail::tells_story(e.kind)) return;
  const std::string_view key = detail::object_name(e);
  if (key.empty()) return;
  auto it = stories_.find(key);
  if (it == stories_.end()) it = stories_.emplace(std::string(key), std::deque<sim::trace_event>{}).first;
  it->second.push_back(e);
  bytes_ += copy_bytes(e);
  if (it->second.size() > story_length) {
    bytes_ -= copy_bytes(it->second.front());
    it->second.pop_front();
  }
}

std::vector<sim::trace_event> lookback::story(std::string_view key) const {
  if (count_ == 0) return {};
  if (keeps()) return detail::chain_for(*kept_, std::string(key), count_ - 1, story_length);
  auto it = stories_.find(key);
  if (it == stories_.end()) return {};
  return {it->second.begin(), it->second.end()};
}

std::vector<sim::trace_event> lookback::story_until(std::string_view key, sim::time_point t) const {
  if (count_ == 0) return {};
  if (keeps()) return detail::chain_for(*kept_, std::string(key), index_at(*kept_, t), story_length);
  std::vector<sim::trace_event> out;
  auto it = stories_.find(key);
  if (it == stories_.end()) return out;
  for (const auto& e : it->second)
    if (e.at <= t) out.push_back(e);
  return out;
}

std::vector<sim::trace_event> lookback::tail(std::size_t max) const {
  if (count_ == 0) return {};
  if (keeps()) return detail::tail(*kept_, count_ - 1, max);
  const std::size_t n = std::min(max, tail_.size());
  return {tail_.end() - static_cast<std::ptrdiff_t>(n), tail_.end()};
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
