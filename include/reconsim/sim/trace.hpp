#pragma once
// The history of a run: typed events (time, actor, kind, fields). Models
// write it; checkers read only it (Jepsen's "histories, then checkers").
// A 64-bit hash of the canonical encoding identifies a run.
#include <cstdint>
#include <initializer_list>
#include <iosfwd>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "reconsim/sim/field_list.hpp"
#include "reconsim/sim/symbol.hpp"
#include "reconsim/sim/time.hpp"

namespace reconsim::sim {

// A field viewed from an event, its text copied.
inline field owned(const field_view& f) {
  if (const auto* s = std::get_if<std::string_view>(&f.value)) return field(f.key, std::string(*s));
  return std::visit([&f](auto v) { return field(f.key, v); }, f.value);
}
// The fields of `owned`, their text viewed (alive while `owned` is).
std::vector<field_view> views_of(const std::vector<field>& owned);

struct trace_event {
  time_point at;
  symbol actor;  // "" for the world itself (timer callbacks, faults)
  symbol kind;
  field_list fields;

  // The field `key`, or nullptr.
  const view_value* find(std::string_view key) const noexcept;
  std::int64_t get_int(std::string_view key, std::int64_t fallback = 0) const noexcept;
  // The text of field `key` ("" when it has none), viewed: alive as long
  // as the event is and not assigned over.
  std::string_view get_text(std::string_view key) const noexcept;
  // The same copied; an integer field as its decimal digits.
  std::string get_string(std::string_view key) const;
};

// One event as a JSON object on one line (keys: t_ns, actor, kind, fields).
std::string to_json_line(const trace_event& e);
// `s` as a JSON string, appended to `out`: quotes, \\, \b \f \n \r \t, other
// control characters as \u00xx, UTF-8 passed through (nlohmann::json's
// dump() writes the same).
void append_json_string(std::string& out, std::string_view s);

// The trace is a contract with everything that reads it (checkers, views,
// users' own tools via --trace): the event kinds and their fields, listed in
// docs/reference/trace-events.md (generated). This number goes up when a
// kind or a field is renamed or removed or changes meaning; adding one
// does not change it.
inline constexpr int trace_contract_version = 1;

// Which function of the trace its hash is. 1: FNV-1a, one byte at a time
// (until 2026-11-28); 2: the same canonical encoding absorbed eight bytes
// at a time by a 128-bit multiply-fold (trace.cpp). A repro file written
// under another version cannot match on its hash; replay says so.
inline constexpr int trace_hash_version = 2;

// Reads each event as it is recorded: checkers that run alongside the
// simulation, so that a run need not keep its events (a trace too large to
// keep). An observer only reads; nothing it does may reach the run.
class trace_observer {
 public:
  virtual ~trace_observer() = default;
  virtual void observe(const trace_event& e) = 0;
  // The heap it holds of the events it saw (copies it keeps to look
  // back): counted in trace::bytes(), so the trace cap bounds it too.
  virtual std::uint64_t held_bytes() const noexcept { return 0; }
  // Whether held_bytes() can ever be more than 0: asked once, when the
  // observer is added, so that the cap's check after every event asks
  // only those that can hold something.
  virtual bool may_hold_bytes() const noexcept { return false; }
};

class trace {
 public:
  explicit trace(bool keep_events = true) : keep_events_(keep_events) {}

  // Hashes `e`, keeps it (when events are kept), then shows it to each
  // observer in the order they were added; a kept event is observed in
  // place, as events().back().
  void record(trace_event e);
  // The same for an event written at an emit call: when events are not
  // kept, it is built in a scratch event whose field vector and text are
  // reused from one event to the next (no allocation per event once warm),
  // hashed and observed there; kept, it is built once, as record(e) does.
  void record(time_point at, symbol actor, symbol kind, std::initializer_list<field_view> fields);
  // `o` must outlive the run (or be removed first).
  void add_observer(trace_observer* o) {
    observers_.push_back(o);
    if (o->may_hold_bytes()) holders_.push_back(o);
  }
  void remove_observer(trace_observer* o) noexcept;
  // Folds a value into the hash without storing an event: the kernel uses it
  // to make the schedule part of the run's identity cheaply.
  void mix(std::uint64_t value) noexcept;

  std::uint64_t hash() const noexcept { return hash_; }
  std::string hash_hex() const;  // 16 lowercase hex digits
  std::uint64_t size() const noexcept { return count_; }
  // An estimate of the heap the kept events use (their structs, vectors and
  // strings longer than the small-string buffer), plus what the observers
  // hold of them (when events are not kept, the checkers' copies).
  std::uint64_t bytes() const noexcept;
  const std::vector<trace_event>& events() const noexcept { return events_; }
  // Moves the kept events out (the hash, count and bytes stay): a finished
  // run hands its trace to its result without a copy.
  std::vector<trace_event> take_events() noexcept { return std::move(events_); }
  bool keeps_events() const noexcept { return keep_events_; }

  void write_jsonl(std::ostream& out) const;

 private:
  bool keep_events_;
  std::uint64_t hash_ = 0xcbf29ce484222325ull;
  std::uint64_t count_ = 0;
  std::uint64_t bytes_ = 0;
  void absorb(const trace_event& e) noexcept;  // into the hash and the count

  std::vector<trace_event> events_;
  std::vector<trace_observer*> observers_;
  std::vector<const trace_observer*> holders_;  // those of observers_ that may hold bytes
  trace_event scratch_;
};

}  // namespace reconsim::sim
