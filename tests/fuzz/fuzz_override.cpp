// fuzz_override: `--set NAME=VALUE` overrides, one per input line.
// scenarios::parse_override and apply_override reject a bad name or value
// with scenario_error only (never a wrapped duration, never UB), and a
// value they accept leaves the scenario inside the ranges the override
// table documents (procs 1..64, retry.* within the CRD's bounds,
// durations >= 0, poll > 0). Each accepted line is applied to a copy of
// every built-in scenario, so `tests` meets scenarios of different sizes.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "reconsim/scenarios/spec/error.hpp"
#include "reconsim/scenarios/spec/overrides.hpp"
#include "reconsim/scenarios/spec/scenario.hpp"

namespace {

namespace sc = reconsim::scenarios;
using reconsim::sim::duration;

[[noreturn]] void fail(const char* what, const std::string& line, const std::string& detail) {
  std::fprintf(stderr, "fuzz_override: %s\n  override: '%s'\n  %s\n", what, line.c_str(), detail.c_str());
  std::abort();
}

template <class F>
bool typed(const std::string& line, F&& f) {
  try {
    f();
    return true;
  } catch (const sc::scenario_error&) {
    return false;
  } catch (const std::exception& e) {
    fail("threw something other than scenario_error", line, e.what());
  } catch (...) {
    fail("threw something other than scenario_error", line, "(not a std::exception)");
  }
}

template <class T>
void in_range(const std::string& line, const char* field, T v, T lo, T hi) {
  if (v < lo || v > hi) fail("accepted a value out of range", line, std::string(field) + " = " + std::to_string(v));
}

void check_ranges(const std::string& line, const sc::scenario_spec& s) {
  in_range(line, "procs", s.procs, 1, sc::max_request_procs);
  in_range(line, "filler_tests", s.filler_tests, 0, 64);
  if (s.retry.max_attempts) in_range(line, "retry.max_attempts", *s.retry.max_attempts, 1, 10);
  if (s.retry.initial_backoff_seconds) in_range(line, "retry.initial_backoff", *s.retry.initial_backoff_seconds, 1, 300);
  if (s.retry.backoff_multiplier) in_range(line, "retry.backoff_multiplier", *s.retry.backoff_multiplier, 1, 10);
  if (s.retry.max_backoff_seconds) in_range(line, "retry.max_backoff", *s.retry.max_backoff_seconds, 60, 3600);
  const duration zero{0};
  if (s.datastorage.index_delay_min < zero || s.datastorage.index_delay_max < s.datastorage.index_delay_min) {
    fail("accepted a bad index delay", line, std::to_string(s.datastorage.index_delay_min.count()));
  }
  for (const sc::test_spec& t : s.tests) {
    if (t.timeout < zero || t.poll <= zero || t.initial_delay < zero || t.per_poll_delay < zero) {
      fail("accepted a negative duration or a zero poll", line, t.name);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 64 * 1024) return 0;
  static const std::vector<sc::scenario_spec>& builtins = sc::builtin_scenarios();
  std::vector<sc::scenario_spec> specs = builtins;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    const std::string line(text.substr(start, end - start));
    start = end + 1;
    std::pair<std::string, std::string> nv;
    if (!typed(line, [&] { nv = sc::parse_override(line); })) continue;
    for (sc::scenario_spec& s : specs) {
      if (typed(line, [&] { sc::apply_override(s, nv.first, nv.second); })) check_ranges(line, s);
    }
  }
  return 0;
}
