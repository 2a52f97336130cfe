#pragma once
// Shared by the fault tests (a header, so not a test program of its own).
#include <catch2/catch.hpp>
#include <string>
#include <string_view>

#include "reconsim/faults/plan.hpp"
#include "reconsim/sim.hpp"

namespace reconsim::test {

// The plan `text` parses to; fails the test with the parser's message if
// it does not parse.
inline faults::plan parse_ok(const std::string& text) {
  const faults::parse_result r = faults::parse_plan(text);
  INFO(text << (r.ok() ? "" : "\n" + r.error->message()));
  REQUIRE(r.ok());
  return r.plan;
}

// How many trace events of `kind` the world recorded.
inline int count_events(const sim::world& w, std::string_view kind) {
  int n = 0;
  for (const auto& e : w.trace().events()) n += e.kind == kind ? 1 : 0;
  return n;
}

}  // namespace reconsim::test
