// Test-case steps and Gomega's Eventually, run inside a test-process actor.
#include <fmt/format.h>

#include <limits>
#include <utility>

#include "reconsim/scenarios/testbed/harness.hpp"
#include "reconsim/scenarios/testbed/detail/harness_run.hpp"
#include "reconsim/sim/actor.hpp"

namespace reconsim::scenarios {

probe probe_bool(std::function<bool()> f) {
  return [f = std::move(f)](probe_result& r) {
    const bool ok = f();
    r.set(ok, "{}", ok);
  };
}

probe probe_at_least(std::function<std::int64_t()> value, std::int64_t expected) {
  return [value = std::move(value), expected](probe_result& r) {
    const std::int64_t v = value();
    r.set(v >= expected, "{} (want >= {})", v, expected);
  };
}

probe probe_equal(std::function<std::int64_t()> value, std::int64_t expected) {
  return [value = std::move(value), expected](probe_result& r) {
    const std::int64_t v = value();
    r.set(v == expected, "{} (want {})", v, expected);
  };
}

step action(std::string description, std::function<std::optional<std::string>()> run) {
  step s;
  s.what = step::kind::action;
  s.description = std::move(description);
  s.run = std::move(run);
  return s;
}

step sleep(sim::duration d, std::string why) {
  step s;
  s.what = step::kind::sleep;
  s.description = std::move(why);
  s.length = d;
  return s;
}

step eventually(std::string description, eventually_options o, probe check) {
  step s;
  s.what = step::kind::eventually;
  s.description = std::move(description);
  s.eventually = o;
  s.check = std::move(check);
  return s;
}

step eventually(std::string description, sim::duration timeout, sim::duration poll, probe check) {
  eventually_options o;
  o.timeout = timeout;
  o.poll = poll;
  return eventually(std::move(description), o, std::move(check));
}

namespace {

// A bound on polls, so a tiny poll interval is a reported failure, not a
// run that never ends.
constexpr int max_polls = 1'000'000;

std::string timed_out(const std::string& description, const eventually_options& o, int polls,
                      const probe_result& last) {
  return "Timed out after " + sim::format_duration(o.timeout) + ": " + description + " (" + std::to_string(polls) +
         " polls, last saw " + (last.observed.empty() ? std::string("nothing") : last.observed) + ")";
}

}  // namespace

std::optional<std::string> run_eventually(const std::string& test, const std::string& description,
                                          const eventually_options& o, const probe& check) {
  if (o.poll <= sim::duration::zero()) return "Eventually: the polling interval must be positive";
  const sim::time_point start = sim::now();
  const sim::time_point deadline = start + o.timeout;
  probe_result last;
  for (int polls = 1; polls <= max_polls; ++polls) {
    if (o.per_poll_delay > sim::duration::zero()) sim::sleep_for(o.per_poll_delay);
    if (check) {
      check(last);
    } else {
      last.set(false, "no probe");
    }
    sim::emit("harness.poll", {{"test", test},
                               {"step", description},
                               {"poll", polls},
                               {"ok", last.ok},
                               {"observed", last.observed},
                               {"elapsed", sim::now() - start}});
    if (last.ok) return std::nullopt;
    // The timer for the next poll starts when this poll ends; the deadline
    // wins a tie.
    const sim::time_point next = sim::now() + o.poll;
    if (next >= deadline) {
      if (sim::now() < deadline) sim::sleep_until(deadline);
      return timed_out(description, o, polls, last);
    }
    sim::sleep_until(next);
  }
  return "Eventually: more than " + std::to_string(max_polls) + " polls: " + description;
}

namespace detail {

std::optional<std::string> run_step(const std::string& test, const step& s) {
  switch (s.what) {
    case step::kind::sleep:
      sim::emit("harness.sleep", {{"test", test}, {"why", s.description}, {"length", s.length}});
      sim::sleep_for(s.length);
      return std::nullopt;
    case step::kind::action: {
      std::optional<std::string> err = s.run ? s.run() : std::nullopt;
      sim::emit("harness.action",
                {{"test", test}, {"step", s.description}, {"ok", !err.has_value()}, {"error", err.value_or("")}});
      if (err) return s.description + ": " + *err;
      return std::nullopt;
    }
    case step::kind::eventually: return run_eventually(test, s.description, s.eventually, s.check);
  }
  return std::nullopt;
}

std::optional<std::string> run_steps(const std::string& test, const std::vector<step>& steps) {
  for (const step& s : steps) {
    if (auto err = run_step(test, s)) return err;
  }
  return std::nullopt;
}

}  // namespace detail
}  // namespace reconsim::scenarios
