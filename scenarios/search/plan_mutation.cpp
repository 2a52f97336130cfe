// Random steps over a testbed's names. Every draw goes through the one rng
// in a fixed order, so a plan is a pure function of the rng's state.
#include "reconsim/scenarios/search/plan_mutation.hpp"

#include <algorithm>

namespace reconsim::scenarios {

namespace {

using namespace std::chrono_literals;

template <class T>
const T& pick(sim::rng& r, const std::vector<T>& from) {
  return from[static_cast<std::size_t>(r.uniform_int(std::uint64_t{0}, from.size() - 1))];
}

int between(sim::rng& r, int lo, int hi) {
  return static_cast<int>(r.uniform_int(static_cast<std::int64_t>(lo), static_cast<std::int64_t>(hi)));
}

sim::duration on_grid(sim::rng& r, const mutation_space& s, sim::duration lo, sim::duration hi) {
  const std::int64_t ticks = std::max<std::int64_t>(0, (hi - lo) / s.grid);
  return lo + s.grid * r.uniform_int(std::int64_t{0}, ticks);
}

faults::step at(sim::duration t, faults::action a) { return {t, t, std::move(a)}; }

// The kinds of step this testbed can take, by what it has.
enum class draw { chmod, enospc, load, net, partition, http, conflict, api_error, watch_drop, stale, restart };

std::vector<draw> possible(const faults::plan_targets& t) {
  std::vector<draw> out{draw::load};
  if (!t.directories.empty()) out.insert(out.end(), {draw::chmod, draw::enospc});
  if (!t.hosts.empty()) out.push_back(draw::net);
  if (!t.links.empty()) out.push_back(draw::partition);
  if (!t.http_hosts.empty()) out.push_back(draw::http);
  if (!t.kinds.empty()) out.insert(out.end(), {draw::conflict, draw::api_error, draw::watch_drop, draw::stale});
  if (!t.components.empty()) out.push_back(draw::restart);
  return out;
}

void sort_steps(faults::plan& p) {
  std::stable_sort(p.steps.begin(), p.steps.end(), [](const faults::step& a, const faults::step& b) { return a.at < b.at; });
}

// A step's count (net, http, api faults), if it has one.
int* count_of(faults::step& s) {
  if (auto* a = std::get_if<faults::net_action>(&s.action)) return &a->count;
  if (auto* a = std::get_if<faults::http_action>(&s.action)) return &a->count;
  if (auto* a = std::get_if<faults::api_action>(&s.action)) return &a->count;
  return nullptr;
}

}  // namespace

std::vector<faults::step> random_steps(sim::rng& r, const mutation_space& s) {
  const faults::plan_targets& t = s.targets;
  const sim::duration when = on_grid(r, s, 0s, s.horizon - s.grid);
  const sim::duration span = on_grid(r, s, s.grid, 10s);
  switch (pick(r, possible(t))) {
    case draw::chmod: {
      const std::string& dir = pick(r, t.directories);
      return {at(when, faults::chmod_action{dir, false}), at(when + span, faults::chmod_action{dir, true})};
    }
    case draw::enospc: {
      const std::string& dir = pick(r, t.directories);
      return {at(when, faults::enospc_action{dir, true}), at(when + span, faults::enospc_action{dir, false})};
    }
    case draw::load: return {at(when, faults::load_action{between(r, 1, 12)})};
    case draw::net: {
      static const std::vector<faults::net_fault> kinds = {faults::net_fault::refuse, faults::net_fault::reset,
                                                           faults::net_fault::eof, faults::net_fault::drop};
      return {at(when, faults::net_action{pick(r, kinds), pick(r, t.hosts), between(r, 1, 4)})};
    }
    case draw::partition: {
      const auto& link = pick(r, t.links);
      return {{when, when + span, faults::partition_action{link.first, link.second}}};
    }
    case draw::http: {
      static const std::vector<int> codes = {503, 500, 429, 400};
      return {at(when, faults::http_action{pick(r, t.http_hosts), pick(r, codes), between(r, 1, 3)})};
    }
    case draw::conflict: return {at(when, faults::api_action{pick(r, t.kinds), 409, between(r, 1, 3)})};
    case draw::api_error: {
      static const std::vector<int> codes = {429, 500, 503, 504};
      return {at(when, faults::api_action{pick(r, t.kinds), pick(r, codes), between(r, 1, 3)})};
    }
    case draw::watch_drop: return {at(when, faults::watch_drop_action{pick(r, t.kinds)})};
    case draw::stale: return {{when, when + span, faults::stale_action{pick(r, t.kinds)}}};
    case draw::restart:
      return {at(when, faults::restart_action{pick(r, t.components), on_grid(r, s, 0s, 5s)})};
  }
  return {};
}

faults::plan random_plan(sim::rng& r, const mutation_space& s) {
  faults::plan p;
  const int groups = between(r, 1, 3);
  for (int i = 0; i < groups; ++i) {
    for (auto& st : random_steps(r, s)) p.steps.push_back(std::move(st));
  }
  sort_steps(p);
  return p;
}

faults::plan mutate(const faults::plan& from, sim::rng& r, const mutation_space& s) {
  faults::plan p = from;
  const int n = between(r, 1, 4);  // stacked, as fuzzers' havoc stage does
  for (int i = 0; i < n; ++i) {
    const int choice = between(r, 0, 9);
    if (p.steps.empty() || choice < 4) {  // add
      for (auto& st : random_steps(r, s)) p.steps.push_back(std::move(st));
    } else if (choice < 6) {  // remove one
      p.steps.erase(p.steps.begin() + static_cast<std::ptrdiff_t>(r.uniform_int(std::uint64_t{0}, p.steps.size() - 1)));
    } else if (choice < 9) {  // shift one, keeping its span
      faults::step& st = p.steps[static_cast<std::size_t>(r.uniform_int(std::uint64_t{0}, p.steps.size() - 1))];
      const sim::duration span = st.until - st.at;
      const sim::duration shift = on_grid(r, s, -2s, 2s);
      st.at = std::clamp(st.at + shift, sim::duration::zero(), s.horizon);
      st.until = st.at + span;
    } else {  // change a count
      faults::step& st = p.steps[static_cast<std::size_t>(r.uniform_int(std::uint64_t{0}, p.steps.size() - 1))];
      if (int* c = count_of(st)) *c = between(r, 1, 4);
    }
  }
  sort_steps(p);
  return p;
}

}  // namespace reconsim::scenarios
