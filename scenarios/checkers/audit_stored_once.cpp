// audit-stored-once: every audit event the controller emitted is stored
// in DataStorage exactly once, or is in the dead-letter queue (ADR-032).
// Seed 004: a batch dropped after 3 attempts ("AUDIT DATA LOSS"), and
// batches stored 3 times (9 expected, 27 stored).
//
// Stores are DataStorage's "datastorage.stored" events (field `ids`, comma
// separated, or `id`). Losses are known at once from "audit.data_loss"
// (ids) and from an emit the client refused (audit.emit stored=false);
// without any server-side store event in the trace, "never stored" cannot
// be told from "not stored yet" and is not reported.
#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "reconsim/scenarios/checkers/detail/trace_query.hpp"

namespace reconsim::scenarios {
namespace {

// An event emitted this long before the end and still not stored is lost:
// longer than a flush interval plus every retry of the client (about 3 s).
constexpr sim::duration settle = std::chrono::seconds(30);

std::vector<std::string> ids_of(const sim::trace_event& e) {
  std::vector<std::string> out;
  if (const sim::field_value* v = e.find("ids")) {
    if (const auto* s = std::get_if<std::string>(v)) {
      std::stringstream in(*s);
      std::string id;
      while (std::getline(in, id, ','))
        if (!id.empty()) out.push_back(id);
    }
  }
  if (const sim::field_value* v = e.find("id")) {
    if (const auto* s = std::get_if<std::string>(v)) out.push_back(*s);
  }
  return out;
}

bool is_store(const sim::trace_event& e) { return e.kind == "datastorage.stored"; }

struct audit_history {
  std::map<std::string, std::size_t> emitted;  // id -> index of audit.emit
  std::map<std::string, bool> accepted;        // id -> the client took it
  std::map<std::string, std::vector<std::size_t>> stored;
  std::map<std::string, std::size_t> lost_at;  // audit.data_loss index
  std::set<std::string> dead_lettered;
  bool has_stores = false;
};

audit_history read(const trace_events& t) {
  audit_history h;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const sim::trace_event& e = t[i];
    if (e.kind == "audit.emit") {
      const std::string id = e.get_string("id");
      h.emitted.emplace(id, i);
      h.accepted[id] = detail::bool_field(e, "stored", true);
    } else if (is_store(e)) {
      h.has_stores = true;
      for (const auto& id : ids_of(e)) h.stored[id].push_back(i);
    } else if (e.kind == "audit.data_loss") {
      for (const auto& id : ids_of(e)) h.lost_at.emplace(id, i);
    } else if (e.kind == "audit.dead_letter") {
      for (const auto& id : ids_of(e)) h.dead_lettered.insert(id);
    }
  }
  return h;
}

// The emit, then the client's writes and the network's answers up to `last`.
std::vector<sim::trace_event> audit_chain(const trace_events& t, std::size_t emitted, std::size_t last,
                                          const std::string& id) {
  std::vector<sim::trace_event> out;
  for (std::size_t i = last + 1; i-- > emitted + 1 && out.size() < 11;) {
    const auto& e = t[i];
    const bool about_id = (is_store(e) || e.kind == "audit.data_loss") && [&] {
      for (const auto& x : ids_of(e))
        if (x == id) return true;
      return false;
    }();
    if (about_id || e.kind == "audit.write" || e.kind == "net.outcome" || detail::starts_with(e.kind, "fault.net."))
      out.push_back(e);
  }
  out.push_back(t[emitted]);
  std::reverse(out.begin(), out.end());
  return out;
}

}  // namespace

audit_tally tally_audit(const trace_events& trace) {
  const audit_history h = read(trace);
  audit_tally a;
  const sim::time_point end = detail::end_of(trace, nullptr);
  a.emitted = static_cast<std::int64_t>(h.emitted.size());
  for (const auto& [id, rows] : h.stored) {
    ++a.stored;
    a.stored_rows += static_cast<std::int64_t>(rows.size());
    a.duplicates += static_cast<std::int64_t>(rows.size()) - 1;
  }
  for (const auto& [id, idx] : h.emitted) {
    if (h.stored.contains(id)) continue;
    if (h.dead_lettered.contains(id)) {
      ++a.dead_lettered;
      continue;
    }
    const bool settled = trace[idx].at + settle <= end;
    if (h.lost_at.contains(id) || !h.accepted.at(id) || (h.has_stores && settled)) ++a.lost;
  }
  return a;
}

check_result check_audit_stored_once(const trace_events& trace, const sim::outcome* outcome) {
  check_result r;
  r.name = "audit-stored-once";
  const audit_history h = read(trace);
  const sim::time_point end = detail::end_of(trace, outcome);
  for (const auto& [id, idx] : h.emitted) {
    // Named copies for the chain lambdas below: Clang 14 cannot capture a
    // structured binding.
    const std::string event_id = id;
    const std::size_t emitted_at = idx;
    const sim::trace_event& em = trace[idx];
    const std::string what = em.get_string("type") + " " + id + " (" + em.get_string("object") + ")";
    auto st = h.stored.find(id);
    if (st != h.stored.end()) {
      if (st->second.size() > 1) {
        const std::size_t second = st->second[1];
        detail::violation_lazy(r, trace[second].at,
                          what + " was stored " + std::to_string(st->second.size()) + " times; the second at " +
                              detail::secs(trace[second].at),
                          [&] { return audit_chain(trace, emitted_at, second, event_id); });
      }
      continue;
    }
    if (h.dead_lettered.contains(id)) continue;
    if (auto lost = h.lost_at.find(id); lost != h.lost_at.end()) {
      detail::violation_lazy(r, trace[lost->second].at,
                        what + " was dropped at " + detail::secs(trace[lost->second].at) + ": " +
                            trace[lost->second].get_string("reason") + ", no DLQ",
                        [&] { return audit_chain(trace, emitted_at, lost->second, event_id); });
    } else if (!h.accepted.at(id)) {
      detail::violation(r, em.at, what + " was refused by the audit client (buffer full or invalid)", {em});
    } else if (h.has_stores && em.at + settle <= end) {
      detail::violation_lazy(r, em.at + settle,
                        what + " emitted at " + detail::secs(em.at) + " was never stored nor dead-lettered",
                        [&] { return audit_chain(trace, emitted_at, trace.size() - 1, event_id); });
    }
  }
  if (r.passed) {
    const audit_tally a = tally_audit(trace);
    r.explanation = std::to_string(a.emitted) + " audit events emitted, " + std::to_string(a.stored) + " stored once, " +
                    std::to_string(a.dead_lettered) + " dead-lettered" +
                    (h.has_stores ? "" : " (no DataStorage store events in the trace: only losses the client reported are checked)");
    if (a.emitted == 0) not_exercised(r, "no audit event was emitted");
  }
  return r;
}

}  // namespace reconsim::scenarios
