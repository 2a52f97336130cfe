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
//
// A verdict per id needs the whole run (a loss is forgiven by a later
// store or dead letter), so the checker reads the run into a history of
// facts per id (indices, times, counts) and judges at the end; the tally
// reads the same history. When the run keeps its events, a chain is read
// back from them at the end. When it does not, the history also keeps, per
// id, a copy of its emit and its own stores and losses until its second
// store, plus a ring of the run's last 11 client writes and network
// answers, and snapshots a chain when a second store or a loss happens
// that may be the first violation: since events come in time order, one
// later than a known duplicate store cannot be. The chain is then the same
// as when kept; a trace out of time order may leave a violation's chain
// with its emit alone. Memory is bounded per audit id, never per event.
#include <algorithm>
#include <deque>
#include <map>
#include <memory>
#include <sstream>

#include "reconsim/scenarios/checkers/detail/trace_query.hpp"

namespace reconsim::scenarios {
namespace {

// An event emitted this long before the end and still not stored is lost:
// longer than a flush interval plus every retry of the client (about 3 s).
constexpr sim::duration settle = std::chrono::seconds(30);

// A chain has at most this many events besides the emit.
constexpr std::size_t chain_length = 11;

std::vector<std::string> ids_of(const sim::trace_event& e) {
  std::vector<std::string> out;
  if (const sim::view_value* v = e.find("ids")) {
    if (const auto* s = std::get_if<std::string_view>(v)) {
      std::stringstream in{std::string(*s)};
      std::string id;
      while (std::getline(in, id, ','))
        if (!id.empty()) out.push_back(id);
    }
  }
  if (const sim::view_value* v = e.find("id")) {
    if (const auto* s = std::get_if<std::string_view>(v)) out.emplace_back(*s);
  }
  return out;
}

bool is_store(const sim::trace_event& e) { return e.kind == "datastorage.stored"; }
// The client's writes and the network's answers: what a chain shows of
// everyone's traffic.
bool is_traffic(const sim::trace_event& e) {
  return e.kind == "audit.write" || e.kind == "net.outcome" || detail::starts_with(e.kind, "fault.net.");
}

// The emit, then the client's writes and the network's answers up to `last`.
std::vector<sim::trace_event> audit_chain(const trace_events& t, std::size_t emitted, std::size_t last,
                                          const std::string& id) {
  std::vector<sim::trace_event> out;
  for (std::size_t i = last + 1; i-- > emitted + 1 && out.size() < chain_length;) {
    const auto& e = t[i];
    const bool about_id = (is_store(e) || e.kind == "audit.data_loss") && [&] {
      for (const auto& x : ids_of(e))
        if (x == id) return true;
      return false;
    }();
    if (about_id || is_traffic(e)) out.push_back(e);
  }
  out.push_back(t[emitted]);
  std::reverse(out.begin(), out.end());
  return out;
}

// A copy of an event, shared by every id and chain that shows it.
struct copied {
  std::uint64_t index;
  sim::trace_event e;
};
using copy_ptr = std::shared_ptr<const copied>;

// What the trace says about one audit id. Indices count every event of the run.
struct audit_id {
  std::optional<std::uint64_t> emitted;  // the first audit.emit
  sim::time_point emitted_at{};
  bool accepted = true;  // the last emit's `stored`
  std::int64_t stores = 0;  // rows, duplicates included
  std::uint64_t second_store = 0;
  sim::time_point second_store_at{};
  std::optional<std::uint64_t> lost;  // the first audit.data_loss
  sim::time_point lost_at{};
  std::string loss_reason;
  bool dead_lettered = false;
  // Copies, only when the run does not keep its events.
  copy_ptr emit;
  std::vector<copy_ptr> own;    // its stores and losses after the emit, until the second store
  std::vector<copy_ptr> chain;  // taken at a second store or a loss that may be the first violation
};

// The facts per id, read as they come: what the checker judges and the
// tally counts.
class audit_history {
 public:
  // What to copy of the events, the run keeping none: nothing (the run
  // keeps them, or only the tally is read); each id's emit (its
  // explanation names it); or also what its chain needs.
  enum class copies { none, emits, chains };
  explicit audit_history(copies c) : copies_(c) {}

  void observe(const sim::trace_event& e, std::uint64_t index);
  audit_tally tally() const;
  // audit_chain's walk over the copies, up to the current event.
  std::vector<copy_ptr> chain_of(const audit_id& a) const;

  std::map<std::string, audit_id, std::less<>> ids;
  bool has_stores = false;
  sim::time_point last_at{};

 private:
  bool may_be_first(sim::time_point t) const { return !first_duplicate_ || t <= *first_duplicate_; }
  void remember(audit_id& a, const copy_ptr& c);

  copies copies_;
  std::deque<copy_ptr> traffic_;  // the last chain_length
  // The earliest second store of an id emitted before it: a violation
  // whatever comes later, so nothing later can be the first.
  std::optional<sim::time_point> first_duplicate_;
};

void audit_history::remember(audit_id& a, const copy_ptr& c) {
  if (!a.own.empty() && a.own.back() == c) return;  // an event naming the id twice
  a.own.push_back(c);
  if (a.own.size() > chain_length) a.own.erase(a.own.begin());
}

void audit_history::observe(const sim::trace_event& e, std::uint64_t index) {
  last_at = e.at;
  copy_ptr current;  // e's copy, made once for every id it names
  const auto copy = [&] {
    if (!current) current = std::make_shared<const copied>(copied{index, e});
    return current;
  };
  if (e.kind == "audit.emit") {
    audit_id& a = ids[e.get_string("id")];
    if (!a.emitted) {
      a.emitted = index;
      a.emitted_at = e.at;
      if (copies_ != copies::none) a.emit = copy();
    }
    a.accepted = detail::bool_field(e, "stored", true);
  } else if (is_store(e)) {
    has_stores = true;
    for (const auto& id : ids_of(e)) {
      audit_id& a = ids[id];
      if (++a.stores == 2) {
        a.second_store = index;
        a.second_store_at = e.at;
      }
      if (copies_ != copies::chains || !a.emit || a.stores > 2) continue;
      remember(a, copy());
      a.chain.clear();  // stored: a loss is no longer its verdict
      if (a.stores < 2) continue;
      if (may_be_first(e.at)) a.chain = chain_of(a);
      first_duplicate_ = std::min(first_duplicate_.value_or(e.at), e.at);
      a.own = {};
    }
  } else if (e.kind == "audit.data_loss") {
    const std::string reason = e.get_string("reason");
    for (const auto& id : ids_of(e)) {
      audit_id& a = ids[id];
      if (!a.lost) {
        a.lost = index;
        a.lost_at = e.at;
        a.loss_reason = reason;
      }
      if (copies_ != copies::chains || !a.emit || a.stores >= 2) continue;
      remember(a, copy());
      if (a.stores == 0 && !a.dead_lettered && *a.lost == index && may_be_first(e.at)) a.chain = chain_of(a);
    }
  } else if (e.kind == "audit.dead_letter") {
    for (const auto& id : ids_of(e)) {
      audit_id& a = ids[id];
      a.dead_lettered = true;
      if (a.stores == 0) a.chain = {};
    }
  } else if (copies_ == copies::chains && is_traffic(e)) {
    traffic_.push_back(copy());
    if (traffic_.size() > chain_length) traffic_.pop_front();
  }
}

std::vector<copy_ptr> audit_history::chain_of(const audit_id& a) const {
  // Both lists are in event order: merge them walking back from the end.
  std::vector<copy_ptr> out;
  auto t = traffic_.rbegin();
  auto o = a.own.rbegin();
  while (out.size() < chain_length) {
    const bool from_traffic = t != traffic_.rend() && (o == a.own.rend() || (*t)->index > (*o)->index);
    if (!from_traffic && o == a.own.rend()) break;
    const copy_ptr& next = from_traffic ? *t++ : *o++;
    if (next->index <= a.emit->index) break;
    out.push_back(next);
  }
  out.push_back(a.emit);
  std::reverse(out.begin(), out.end());
  return out;
}

audit_tally audit_history::tally() const {
  audit_tally a;
  for (const auto& [id, x] : ids) {
    if (x.emitted) ++a.emitted;
    if (x.stores > 0) {
      ++a.stored;
      a.stored_rows += x.stores;
      a.duplicates += x.stores - 1;
    } else if (x.emitted) {
      if (x.dead_lettered) {
        ++a.dead_lettered;
      } else if (x.lost || !x.accepted || (has_stores && x.emitted_at + settle <= last_at)) {
        ++a.lost;
      }
    }
  }
  return a;
}

class audit_stored_once final : public checker {
 public:
  explicit audit_stored_once(const lookback& past) : past_(past), h_(copies_for(past)) {}

  void observe(const sim::trace_event& e) override { h_.observe(e, past_.count() - 1); }

  check_result finish(const sim::outcome* outcome) override {
    check_result r;
    r.name = "audit-stored-once";
    const sim::time_point end = past_.end(outcome);
    // In id order: on a tie for the first violation the smallest id wins.
    for (const auto& entry : h_.ids) {
      const std::string& id = entry.first;
      const audit_id& a = entry.second;
      if (!a.emitted) continue;
      const sim::trace_event& em = emit_of(a);
      const std::string what = em.get_string("type") + " " + id + " (" + em.get_string("object") + ")";
      if (a.stores > 0) {
        if (a.stores > 1) {
          detail::violation_lazy(
              r, a.second_store_at,
              [&] {
                return what + " was stored " + std::to_string(a.stores) + " times; the second at " +
                       detail::secs(a.second_store_at);
              },
              [&] { return chain(id, a, a.second_store); });
        }
        continue;
      }
      if (a.dead_lettered) continue;
      if (a.lost) {
        detail::violation_lazy(
            r, a.lost_at, [&] { return what + " was dropped at " + detail::secs(a.lost_at) + ": " + a.loss_reason + ", no DLQ"; },
            [&] { return chain(id, a, *a.lost); });
      } else if (!a.accepted) {
        detail::violation(r, em.at, what + " was refused by the audit client (buffer full or invalid)", {em});
      } else if (h_.has_stores && em.at + settle <= end) {
        detail::violation_lazy(
            r, em.at + settle,
            [&] { return what + " emitted at " + detail::secs(em.at) + " was never stored nor dead-lettered"; },
            [&] { return chain(id, a, std::nullopt); });
      }
    }
    if (r.passed) {
      const audit_tally a = h_.tally();
      r.explanation = std::to_string(a.emitted) + " audit events emitted, " + std::to_string(a.stored) +
                      " stored once, " + std::to_string(a.dead_lettered) + " dead-lettered";
      if (!h_.has_stores)
        r.explanation += " (no DataStorage store events in the trace: only losses the client reported are checked)";
      if (a.emitted == 0) not_exercised(r, "no audit event was emitted");
    }
    return r;
  }

 private:
  const sim::trace_event& emit_of(const audit_id& a) const {
    const trace_events* kept = past_.kept();
    return kept != nullptr ? (*kept)[*a.emitted] : a.emit->e;
  }

  // The chain up to event `last`, or up to the end of the run.
  std::vector<sim::trace_event> chain(const std::string& id, const audit_id& a,
                                      std::optional<std::uint64_t> last) const {
    if (!past_.chains()) return {};  // a search's run: no chain is read
    if (const trace_events* kept = past_.kept())
      return audit_chain(*kept, *a.emitted, last ? *last : kept->size() - 1, id);
    std::vector<copy_ptr> copies = last ? a.chain : h_.chain_of(a);
    // None taken: the event came before the emit, where audit_chain stops
    // (or, out of time order, it did not look like the first).
    if (copies.empty()) copies.push_back(a.emit);
    std::vector<sim::trace_event> out;
    for (const copy_ptr& c : copies) out.push_back(c->e);
    return out;
  }

  static audit_history::copies copies_for(const lookback& past) {
    if (past.keeps()) return audit_history::copies::none;
    return past.chains() ? audit_history::copies::chains : audit_history::copies::emits;
  }

  const lookback& past_;
  audit_history h_;
};

}  // namespace

std::unique_ptr<checker> make_audit_stored_once(const lookback& past) {
  return std::make_unique<audit_stored_once>(past);
}

struct audit_tally_reader::state {
  audit_history h{audit_history::copies::none};
  std::uint64_t count = 0;
};

audit_tally_reader::audit_tally_reader() : s_(std::make_unique<state>()) {}
audit_tally_reader::~audit_tally_reader() = default;

void audit_tally_reader::observe(const sim::trace_event& e) { s_->h.observe(e, s_->count++); }

audit_tally audit_tally_reader::finish() const { return s_->h.tally(); }

audit_tally tally_audit(const trace_events& trace) {
  audit_tally_reader r;
  for (const auto& e : trace) r.observe(e);
  return r.finish();
}

}  // namespace reconsim::scenarios
