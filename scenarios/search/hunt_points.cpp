// Perturbation points: the moments of a reference run where one fault could
// matter, read from its trace, each turned into a plan step anchored 1 ns
// before or after the event.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "reconsim/scenarios/search/hunt.hpp"
#include "reconsim/scenarios/testbed/run.hpp"

namespace reconsim::scenarios {

namespace {

using namespace std::chrono_literals;
constexpr auto nudge = 1ns;
// How long a held-back watch event stays held: long enough for a
// reconcile to act on the stale cache, short against any backoff.
constexpr auto stale_for = 1s;
const std::string resource_kind = "NotificationRequest";

bool is_write(std::string_view kind) {
  return kind == "api.update_status" || kind == "api.update" || kind == "api.patch" || kind == "api.patch_status";
}

// The trace's times as offsets from the run's start (what plans use).
sim::duration at_of(const sim::trace_event& e) { return e.at.time_since_epoch(); }

class planner {
 public:
  planner(const run_result& ref, const faults::plan& base, const std::set<std::string>& kinds)
      : ref_(ref), base_(base), kinds_(kinds) {}

  // Just before event i: after the last event at an earlier time, so the
  // fault is in place when the event's own work starts.
  sim::duration before(std::size_t i) const {
    const auto t = ref_.trace[i].at;
    for (std::size_t j = i; j-- > 0;) {
      if (ref_.trace[j].at < t) return at_of(ref_.trace[j]) + nudge;
    }
    return sim::duration::zero();
  }
  sim::duration after(std::size_t i) const { return at_of(ref_.trace[i]) + nudge; }

  void add(std::string kind, std::string label, std::size_t i, std::vector<faults::step> steps) {
    if (!kinds_.contains(kind)) return;
    perturbation p{std::move(kind), std::move(label), point_of(i), base_};
    for (auto& s : steps) p.plan.steps.push_back(std::move(s));
    std::stable_sort(p.plan.steps.begin(), p.plan.steps.end(),
                     [](const faults::step& a, const faults::step& b) { return a.at < b.at; });
    if (seen_.insert(faults::print(p.plan, "; ")).second) out_.push_back(std::move(p));
  }

  std::vector<perturbation> take() { return std::move(out_); }

 private:
  std::string point_of(std::size_t i) const {
    const auto& e = ref_.trace[i];
    std::string what = e.get_string("key");
    if (what.empty()) what = e.get_string("host");
    return fmt::format("{} {} {}", sim::format_duration_readable(at_of(e)), e.kind, what);
  }

  const run_result& ref_;
  const faults::plan& base_;
  const std::set<std::string>& kinds_;
  std::vector<perturbation> out_;
  std::set<std::string> seen_;
};

faults::step at(sim::duration t, faults::action a) { return {t, t, std::move(a)}; }

}  // namespace

void end_state_reader::observe(const sim::trace_event& e) {
  if (e.kind == "notification.status") s_.notifications[e.get_string("key")].phase = e.get_string("phase");
  if (e.kind == "notification.attempt" && e.get_string("status") == "success") {
    ++s_.notifications[e.get_string("key")].delivered[e.get_string("channel")];
  }
  if (e.kind == "datastorage.stored") s_.audit_rows += e.get_int("rows");
}

end_state end_state_of(const run_result& r) {
  end_state_reader reader;
  for (const auto& e : r.trace) reader.observe(e);
  return reader.state();
}

std::string end_state::text() const {
  std::string out;
  for (const auto& [key, n] : notifications) {
    out += fmt::format("{} {}", key, n.phase.empty() ? "(no status)" : n.phase);
    for (const auto& [channel, count] : n.delivered) out += fmt::format(" {}={}", channel, count);
    out += "; ";
  }
  return out + fmt::format("audit rows {}", audit_rows);
}

end_comparison compare_end(const end_state& reference, const end_state& perturbed) {
  if (reference == perturbed) return end_comparison::same;
  for (const auto& [key, n] : perturbed.notifications) {
    if (n.phase == "Pending" || n.phase == "Sending" || n.phase == "Retrying" || n.phase.empty()) {
      return end_comparison::unsettled;
    }
  }
  return end_comparison::diverged;
}

std::vector<perturbation> perturbations_of(const run_result& ref, const scenario_spec& spec, const faults::plan& base,
                                           const std::vector<std::string>& kinds) {
  const std::set<std::string> wanted(kinds.begin(), kinds.end());
  planner p(ref, base, wanted);
  for (std::size_t i = 0; i < ref.trace.size(); ++i) {
    const sim::trace_event& e = ref.trace[i];
    if (is_write(e.kind) && e.get_string("kind") == resource_kind) {
      p.add("restart", "restart right after a status write", i, {at(p.after(i), faults::restart_action{})});
      p.add("conflict", "409 Conflict on a status write", i,
            {at(p.before(i), faults::api_action{resource_kind, 409, 1})});
      p.add("stale", "a status write's watch event held back 1s", i,
            {{p.before(i), at_of(e) + stale_for, faults::stale_action{resource_kind}}});
    } else if (e.kind == "informer.event") {
      p.add("drop", "the watch dropped just before an event", i,
            {at(p.before(i), faults::watch_drop_action{resource_kind})});
    } else if (e.kind == "reconcile.start") {
      p.add("restart", "restart as a reconcile starts", i, {at(p.after(i), faults::restart_action{})});
    } else if (e.kind == "notification.attempt") {
      p.add("restart", "restart right after a delivery attempt", i, {at(p.after(i), faults::restart_action{})});
      if (e.get_string("channel") == "file") {
        p.add("fs", "EACCES on one file delivery", i,
              {at(p.before(i), faults::chmod_action{spec.output_dir, false}),
               at(p.after(i), faults::chmod_action{spec.output_dir, true})});
      }
    } else if (e.kind == "net.call") {
      const std::string host = e.get_string("host");
      p.add("http", "HTTP 503 on one request to " + host, i, {at(p.before(i), faults::http_action{host, 503, 1})});
      p.add("net", "a connection reset on one request to " + host, i,
            {at(p.before(i), faults::net_action{faults::net_fault::reset, host, 1})});
    }
  }
  std::vector<perturbation> all = p.take();
  // Kind by kind, in the order asked for; trace order within a kind.
  std::vector<perturbation> out;
  for (const auto& k : kinds) {
    for (auto& x : all) {
      if (x.kind == k) out.push_back(std::move(x));
    }
  }
  return out;
}

}  // namespace reconsim::scenarios
