#pragma once
// A trace event's field: a key and an integer, a double, a bool or text.
// Two kinds share one shape:
// - field_view views its text: as written at an emit call,
//   `emit("kind", {{"key", value}, ...})` (the caller's text, alive until
//   the call returns), and as an event holds it (its field_list's block);
// - field owns its text, for code that builds a list of fields to emit or
//   to show (std::vector<field>).
// Durations are stored as integer nanoseconds.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "reconsim/sim/symbol.hpp"
#include "reconsim/sim/time.hpp"

namespace reconsim::sim {

template <class Text>
struct basic_field {
  using value_type = std::variant<std::int64_t, double, bool, Text>;
  symbol key;
  value_type value;

  basic_field(symbol k, std::int64_t v) : key(k), value(v) {}
  basic_field(symbol k, int v) : key(k), value(std::int64_t{v}) {}
  basic_field(symbol k, unsigned v) : key(k), value(std::int64_t{v}) {}
  basic_field(symbol k, long long v) : key(k), value(static_cast<std::int64_t>(v)) {}
  basic_field(symbol k, unsigned long v) : key(k), value(static_cast<std::int64_t>(v)) {}
  basic_field(symbol k, unsigned long long v) : key(k), value(static_cast<std::int64_t>(v)) {}
  basic_field(symbol k, double v) : key(k), value(v) {}
  basic_field(symbol k, bool v) : key(k), value(v) {}
  basic_field(symbol k, duration v) : key(k), value(static_cast<std::int64_t>(v.count())) {}
  basic_field(symbol k, const std::string& v) : key(k), value(Text(v)) {}
  // Owned: the string is moved in. Viewed: a temporary lives until the end
  // of the emit call it is written in.
  basic_field(symbol k, std::string&& v) : key(k), value(Text(std::move(v))) {}
  basic_field(symbol k, std::string_view v) : key(k), value(Text(v)) {}
  basic_field(symbol k, const char* v) : key(k), value(Text(v)) {}
  basic_field(symbol k, symbol v) : key(k), value(Text(v.view())) {}
};

using field_view = basic_field<std::string_view>;
using view_value = field_view::value_type;
using field = basic_field<std::string>;
using field_value = field::value_type;

}  // namespace reconsim::sim
