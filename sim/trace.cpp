#include "reconsim/sim/trace.hpp"

#include <fmt/format.h>

#include <bit>
#include <cstring>
#include <iterator>
#include <ostream>

namespace reconsim::sim {

const view_value* trace_event::find(std::string_view key) const noexcept {
  for (const field_view& f : fields) {
    // The same text at the same address is the same key without reading
    // it: the linker merges equal string literals, so the name a reader
    // asks for is often the very bytes the emit call wrote. Otherwise the
    // text decides, as always.
    if (f.key.data() == key.data() && f.key.size() == key.size()) return &f.value;
    if (f.key == key) return &f.value;
  }
  return nullptr;
}

std::vector<field_view> views_of(const std::vector<field>& owned) {
  std::vector<field_view> out;
  out.reserve(owned.size());
  for (const field& f : owned) {
    std::visit(
        [&out, &f](const auto& v) {
          using V = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<V, std::string>) {
            out.emplace_back(f.key, std::string_view(v));
          } else {
            out.emplace_back(f.key, v);
          }
        },
        f.value);
  }
  return out;
}

std::int64_t trace_event::get_int(std::string_view key, std::int64_t fallback) const noexcept {
  const view_value* v = find(key);
  if (v == nullptr) return fallback;
  if (const auto* i = std::get_if<std::int64_t>(v)) return *i;
  if (const auto* b = std::get_if<bool>(v)) return *b ? 1 : 0;
  return fallback;
}

std::string_view trace_event::get_text(std::string_view key) const noexcept {
  const std::string_view* s = text_of(find(key));
  return s != nullptr ? *s : std::string_view();
}

std::string trace_event::get_string(std::string_view key) const {
  const view_value* v = find(key);
  if (v == nullptr) return {};
  if (const auto* s = std::get_if<std::string_view>(v)) return std::string(*s);
  if (const auto* i = std::get_if<std::int64_t>(v)) return std::to_string(*i);
  return {};
}

namespace {

// The canonical encoding: fixed-width integers, length-prefixed strings, a
// type tag before every value; doubles as their bit pattern, so the hash
// never depends on how a number is printed. It is absorbed one 64-bit word
// at a time (strings in little-endian words, the last one zero-padded: the
// length before them keeps that unambiguous), each word folded in with a
// 64x64->128-bit multiply, its halves xored (wyhash's "mum"). Version 2 of
// the hash (trace_hash_version); version 1 fed the same encoding to FNV-1a
// a byte at a time, which was a tenth of a run's time.
constexpr std::uint64_t fold_constant = 0x9e3779b97f4a7c15ull;
constexpr std::uint64_t word_constant = 0xa0761d6478bd642full;

__extension__ typedef unsigned __int128 u128;  // GCC and Clang; __extension__ keeps -Wpedantic quiet

inline std::uint64_t fold(std::uint64_t h, std::uint64_t w) noexcept {
  // w ^ word_constant first: it does not wait for h, so the chain from one
  // word to the next is one xor, the multiply and one xor (the same value
  // as h ^ w ^ word_constant; xor is associative).
  std::uint64_t mixed = w ^ word_constant;
  // An empty asm that "may change" `mixed`: without it GCC folds the two
  // xors back into the chain. It emits no instruction.
  asm("" : "+r"(mixed));
  const u128 product = static_cast<u128>(h ^ mixed) * static_cast<u128>(fold_constant);
  return static_cast<std::uint64_t>(product) ^ static_cast<std::uint64_t>(product >> 64);
}

// The `n` bytes at `p` as a little-endian word, one at a time: what the
// loads below compute, on any byte order (used on big-endian machines).
[[maybe_unused]] inline std::uint64_t byte_by_byte(const unsigned char* p, std::size_t n) noexcept {
  std::uint64_t w = 0;
  for (std::size_t i = 0; i < n; ++i) w |= static_cast<std::uint64_t>(p[i]) << (8 * i);
  return w;
}

inline std::uint64_t full_word(const unsigned char* p) noexcept {
  if constexpr (std::endian::native != std::endian::little) return byte_by_byte(p, 8);
  std::uint64_t w;
  std::memcpy(&w, p, 8);
  return w;
}

// The `n` bytes at `p` (1..7) as a little-endian word, the rest zero.
inline std::uint64_t little_endian_word(const unsigned char* p, std::size_t n) noexcept {
  if constexpr (std::endian::native != std::endian::little) return byte_by_byte(p, n);
  // Two loads that may overlap, never a byte past p + n: overlapping bytes
  // are the same bytes, so or-ing them is exact.
  if (n >= 4) {
    std::uint32_t lo;
    std::uint32_t hi;
    std::memcpy(&lo, p, 4);
    std::memcpy(&hi, p + n - 4, 4);
    return static_cast<std::uint64_t>(lo) | static_cast<std::uint64_t>(hi) << (8 * (n - 4));
  }
  return static_cast<std::uint64_t>(p[0]) | static_cast<std::uint64_t>(p[n / 2]) << (8 * (n / 2)) |
         static_cast<std::uint64_t>(p[n - 1]) << (8 * (n - 1));
}

// Holds the running hash by value, not by reference to the trace's member:
// a store through a reference may alias the text being read (char aliases
// everything), which forced a store and a reload around every fold.
struct hasher {
  std::uint64_t h;
  void u64(std::uint64_t v) noexcept { h = fold(h, v); }
  void str(std::string_view s) noexcept {
    u64(s.size());
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    std::size_t n = s.size();
    for (; n >= 8; p += 8, n -= 8) u64(full_word(p));
    if (n > 0) u64(little_endian_word(p, n));
  }
  void value(const view_value& v) noexcept {
    const auto tag = static_cast<std::uint64_t>(v.index());
    std::visit(
        [this, tag](const auto& x) {
          using X = std::decay_t<decltype(x)>;
          if constexpr (std::is_same_v<X, std::int64_t>) {
            u64(tag);
            u64(static_cast<std::uint64_t>(x));
          } else if constexpr (std::is_same_v<X, double>) {
            std::uint64_t bits;
            std::memcpy(&bits, &x, sizeof bits);
            u64(tag);
            u64(bits);
          } else if constexpr (std::is_same_v<X, bool>) {
            u64(tag << 8 | (x ? 1u : 0u));
          } else {
            u64(tag);
            str(x);
          }
        },
        v);
  }
};

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  out.push_back('"');
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          fmt::format_to(std::back_inserter(out), "\\u{:04x}", c);
        } else {
          out.push_back(ch);
        }
    }
  }
  out.push_back('"');
}

std::string to_json_line(const trace_event& e) {
  std::string out = fmt::format("{{\"t_ns\":{},\"actor\":", e.at.time_since_epoch().count());
  append_json_string(out, e.actor);
  out += ",\"kind\":";
  append_json_string(out, e.kind);
  out += ",\"fields\":{";
  bool first = true;
  for (const field_view& f : e.fields) {
    if (!first) out.push_back(',');
    first = false;
    append_json_string(out, f.key);
    out.push_back(':');
    std::visit(
        [&out](const auto& x) {
          using X = std::decay_t<decltype(x)>;
          if constexpr (std::is_same_v<X, std::int64_t>) {
            out += std::to_string(x);
          } else if constexpr (std::is_same_v<X, double>) {
            // With a point or an exponent always, so that a reader gets a
            // double back (`reconsim check` re-hashes what it reads).
            std::string d = fmt::format("{}", x);
            if (d.find_first_of(".eEni") == std::string::npos) d += ".0";
            out += d;
          } else if constexpr (std::is_same_v<X, bool>) {
            out += x ? "true" : "false";
          } else {
            append_json_string(out, x);
          }
        },
        f.value);
  }
  out += "}}";
  return out;
}

namespace {
// Each heap block costs its size plus malloc's header (16 bytes in glibc).
constexpr std::uint64_t block_overhead = 16;
std::uint64_t footprint(const trace_event& e) noexcept {
  // The event's slot in the trace's vector, which grows by doubling: count
  // it twice, as the vector's capacity may be up to twice its size. Names
  // (symbols) are shared by every event and cost nothing per event; the
  // fields and their text are one block.
  std::uint64_t n = 2 * sizeof(trace_event);
  if (e.fields.block_bytes() > 0) n += e.fields.block_bytes() + block_overhead;
  return n;
}
}  // namespace

void trace::absorb(const trace_event& e) noexcept {
  hasher hs{hash_};
  hs.u64(static_cast<std::uint64_t>(e.at.time_since_epoch().count()));
  hs.str(e.actor);
  hs.str(e.kind);
  hs.u64(e.fields.size());
  for (const field_view& f : e.fields) {
    hs.str(f.key);
    hs.value(f.value);
  }
  hash_ = hs.h;
  ++count_;
}

void trace::record(time_point at, symbol actor, symbol kind, std::initializer_list<field_view> fields) {
  if (keep_events_) {
    record(trace_event{at, actor, kind, field_list(fields)});
    return;
  }
  scratch_.at = at;
  scratch_.actor = actor;
  scratch_.kind = kind;
  scratch_.fields.assign(fields);
  absorb(scratch_);
  for (trace_observer* o : observers_) o->observe(scratch_);
}

void trace::record(trace_event e) {
  absorb(e);
  if (keep_events_) {
    // Most runs keep a few hundred events: start there rather than grow
    // (and move every event) eight times.
    if (events_.capacity() == 0) events_.reserve(256);
    bytes_ += footprint(e);
    events_.push_back(std::move(e));
    for (trace_observer* o : observers_) o->observe(events_.back());
  } else {
    for (trace_observer* o : observers_) o->observe(e);
  }
}

std::uint64_t trace::bytes() const noexcept {
  std::uint64_t n = bytes_;
  for (const trace_observer* o : holders_) n += o->held_bytes();
  return n;
}

void trace::remove_observer(trace_observer* o) noexcept {
  std::erase(observers_, o);
  std::erase(holders_, o);
}

void trace::mix(std::uint64_t value) noexcept {
  hasher hs{hash_};
  hs.u64(value);
  hash_ = hs.h;
}

std::string trace::hash_hex() const { return fmt::format("{:016x}", hash_); }

void trace::write_jsonl(std::ostream& out) const {
  for (const trace_event& e : events_) out << to_json_line(e) << '\n';
}

}  // namespace reconsim::sim
