#include "reconsim/scenarios/checkers/fault_effects.hpp"

#include <memory>
#include <optional>
#include <string>
#include <type_traits>

#include "reconsim/model/filesystem.hpp"

namespace reconsim::scenarios {

namespace {

using faults::fault_point;
using faults::step;

bool guest_op(const sim::trace_event& e) {
  return e.kind == "fs.write" || e.kind == "fs.mkdir" || e.kind == "fs.rename" || e.kind == "fs.remove";
}

bool fs_error(const sim::trace_event& e, model::fs_errc code) {
  return e.kind == "fs.error" && e.get_text("errc") == model::to_string(code);
}

// What is kept of the previous event when it was an fs fault point: an
// fs.error right after the point that caused it (same time, same path) is
// the point's.
struct last_point {
  bool fs_point = false;
  sim::time_point at{};
  std::string path;

  bool caused(const sim::trace_event& e) const { return fs_point && at == e.at && path == e.get_text("path"); }
  void observe(const sim::trace_event& e) {
    fs_point = e.kind.starts_with("fault.fs.");
    if (!fs_point) return;
    at = e.at;
    path = e.get_string("path");
  }
};

bool api_fault_event(const sim::trace_event& e, const std::string& kind, int code, std::string_view reason) {
  return (e.kind == "fault.api.conflict" || e.kind == "fault.api.error") && e.get_text("kind") == kind &&
         e.get_int("code") == code && e.get_text("reason") == reason;
}

bool http_fault_event(const sim::trace_event& e, const std::string& host, int code, std::string_view reason) {
  return e.kind == "fault.http" && e.get_text("host") == host && e.get_int("code") == code &&
         e.get_text("reason") == reason;
}

bool net_fault_event(const sim::trace_event& e, std::string_view reason) {
  return e.kind.starts_with("fault.net.") && e.get_text("reason") == reason;
}

// The time the statement stops acting: the next step that undoes it.
sim::time_point until_undone(const faults::plan& plan, std::size_t index) {
  const step& s = plan.steps[index];
  for (std::size_t j = index + 1; j < plan.steps.size(); ++j) {
    const step& t = plan.steps[j];
    const bool undoes = std::visit(
        [&](const auto& later) {
          using L = std::decay_t<decltype(later)>;
          if constexpr (std::is_same_v<L, faults::chmod_action>) {
            const auto* a = std::get_if<faults::chmod_action>(&s.action);
            return a != nullptr && a->path == later.path;
          } else if constexpr (std::is_same_v<L, faults::enospc_action>) {
            const auto* a = std::get_if<faults::enospc_action>(&s.action);
            return a != nullptr && a->path == later.path;
          } else if constexpr (std::is_same_v<L, faults::load_action>) {
            return std::holds_alternative<faults::load_action>(s.action);
          } else {
            return false;
          }
        },
        t.action);
    if (undoes && t.at >= s.at) return sim::time_point(t.at);
  }
  return sim::time_point::max();
}

// Does `e` belong to step `s` (its action, from its time on)? `from_point`:
// e came right after the fs fault point that caused it.
bool step_explains(const step& s, sim::time_point until, const sim::trace_event& e, bool from_point) {
  if (e.at < sim::time_point(s.at) || e.at >= until) return false;
  return std::visit(
      [&](const auto& a) -> bool {
        using A = std::decay_t<decltype(a)>;
        if constexpr (std::is_same_v<A, faults::chmod_action>) {
          if (!model::is_within(e.get_text("path"), a.path)) return false;
          return a.writable ? guest_op(e) : fs_error(e, model::fs_errc::eacces) && !from_point;
        } else if constexpr (std::is_same_v<A, faults::enospc_action>) {
          if (!model::is_within(e.get_text("path"), a.path)) return false;
          return a.full ? fs_error(e, model::fs_errc::enospc) && !from_point : guest_op(e);
        } else if constexpr (std::is_same_v<A, faults::load_action>) {
          return guest_op(e);
        } else if constexpr (std::is_same_v<A, faults::ready_before_listen_action>) {
          return net_fault_event(e, "ready_before_listen") && e.get_text("host") == a.host;
        } else if constexpr (std::is_same_v<A, faults::net_action>) {
          return e.kind == "fault.net." + std::string(faults::to_string(a.kind)) && e.get_text("host") == a.host &&
                 (e.get_text("reason") == "injected" || e.get_text("reason") == "injected_after");
        } else if constexpr (std::is_same_v<A, faults::api_action>) {
          return api_fault_event(e, a.resource_kind, a.code, "injected");
        } else if constexpr (std::is_same_v<A, faults::http_action>) {
          return http_fault_event(e, a.host, a.code, "injected");
        } else if constexpr (std::is_same_v<A, faults::watch_drop_action>) {
          return e.kind == "fault.watch_drop" && e.at == sim::time_point(s.at) &&
                 e.get_text("kind") == a.resource_kind && e.get_int("watches") > 0;
        } else if constexpr (std::is_same_v<A, faults::stale_action>) {
          return e.kind == "fault.stale_held" && e.at < sim::time_point(s.until) && e.get_text("kind") == a.resource_kind;
        } else if constexpr (std::is_same_v<A, faults::restart_action>) {
          // Only a crash of a running process is an effect.
          return e.kind == "fault.restart" && e.at == sim::time_point(s.at) && e.get_text("component") == a.component &&
                 e.get_int("killed") > 0;
        } else {  // partition: [at, until)
          if (e.at >= sim::time_point(s.until) || !net_fault_event(e, "partition")) return false;
          const std::string from = e.get_string("from"), host = e.get_string("host");
          return (from == a.a && host == a.b) || (from == a.b && host == a.a);
        }
      },
      s.action);
}

bool point_explains(const fault_point& p, const sim::trace_event& e) {
  if (const auto* af = std::get_if<faults::api_fault>(&p.kind)) {
    return api_fault_event(e, p.target, af->code, "probabilistic");
  }
  if (const auto* hf = std::get_if<faults::http_fault>(&p.kind)) {
    return http_fault_event(e, p.target, hf->code, "probabilistic");
  }
  if (const auto* nf = std::get_if<faults::net_fault>(&p.kind)) {
    return e.kind == "fault.net." + std::string(faults::to_string(*nf)) && e.get_text("host") == p.target &&
           e.get_text("reason") == "probabilistic";
  }
  const auto ff = std::get<faults::fs_fault>(p.kind);
  return e.kind == "fault.fs." + std::string(faults::to_string(ff)) && model::is_within(e.get_text("path"), p.target);
}

// How many requests an armed step fails (net, API and HTTP answers), if it
// is one: past that many effects it explains no more.
std::optional<int> armed_count(const faults::action& a) {
  if (const auto* n = std::get_if<faults::net_action>(&a)) return n->count;
  if (const auto* api = std::get_if<faults::api_action>(&a)) return api->count;
  if (const auto* h = std::get_if<faults::http_action>(&a)) return h->count;
  return std::nullopt;
}

void count(fault_effect& f, const sim::trace_event& e) {
  if (f.count++ == 0) f.first_effect_s = sim::to_seconds(e.at);
  f.took_effect = true;
}

}  // namespace

struct fault_effects_reader::state {
  const faults::plan& plan;
  std::vector<fault_effect> out;
  std::vector<sim::time_point> until;
  last_point previous;
};

fault_effects_reader::fault_effects_reader(const faults::plan& plan)
    : s_(std::make_unique<state>(state{plan, {}, {}, {}})) {
  for (std::size_t s = 0; s < plan.steps.size(); ++s) {
    s_->out.push_back({faults::to_string(plan.steps[s]), true, false, std::nullopt, 0});
    s_->until.push_back(until_undone(plan, s));
  }
  for (const auto& p : plan.points) s_->out.push_back({faults::to_string(p), false, false, std::nullopt, 0});
}

fault_effects_reader::~fault_effects_reader() = default;

void fault_effects_reader::observe(const sim::trace_event& e) {
  const faults::plan& plan = s_->plan;
  std::vector<fault_effect>& out = s_->out;
  const bool from_point = s_->previous.caused(e);
  s_->previous.observe(e);
  // Only file operations and fault events can be a fault's effect; which
  // one explains what is step_explains' and point_explains' business.
  if (!e.kind.starts_with("fs.") && !e.kind.starts_with("fault.")) return;
  bool taken = false;
  for (std::size_t s = 0; s < plan.steps.size() && !taken; ++s) {
    if (const auto n = armed_count(plan.steps[s].action); n && out[s].count >= *n) continue;  // spent
    if (step_explains(plan.steps[s], s_->until[s], e, from_point)) {
      count(out[s], e);
      // A success after rw/off/load is evidence for every such step; a
      // refusal or a reset is one statement's doing.
      taken = !guest_op(e);
    }
  }
  for (std::size_t p = 0; p < plan.points.size() && !taken; ++p) {
    if (point_explains(plan.points[p], e)) {
      count(out[plan.steps.size() + p], e);
      taken = true;
    }
  }
}

std::vector<fault_effect> fault_effects_reader::finish() const { return s_->out; }

std::vector<fault_effect> fault_effects(const faults::plan& plan, const trace_events& trace) {
  fault_effects_reader r(plan);
  for (const auto& e : trace) r.observe(e);
  return r.finish();
}

}  // namespace reconsim::scenarios
