// The E2E-harness model: Gomega's Eventually timing, Ginkgo's process
// distribution and BeforeSuite.
#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

#include "reconsim/scenarios/testbed/harness.hpp"
#include "reconsim/sim/world.hpp"

using namespace reconsim;
using namespace std::chrono_literals;
using scenarios::probe_result;

namespace {

sim::time_point at(sim::duration d) { return sim::time_point{d}; }

std::vector<sim::time_point> poll_times(const sim::world& w) {
  std::vector<sim::time_point> out;
  for (const auto& e : w.trace().events())
    if (e.kind == "harness.poll") out.push_back(e.at);
  return out;
}

// One test with one Eventually whose probe turns true at `turns_true`.
scenarios::suite_result run_one(sim::world& w, sim::duration turns_true, scenarios::eventually_options o) {
  scenarios::test_case tc{"t", {scenarios::eventually("file appears", o, scenarios::probe_bool([turns_true] {
                                                          return sim::now() >= at(turns_true);
                                                        }))}};
  scenarios::harness h({}, {}, {tc});
  h.start(w);
  REQUIRE(w.run().ok());
  REQUIRE(h.finished());
  return h.result();
}

scenarios::eventually_options opts(sim::duration timeout, sim::duration poll, sim::duration per_poll = {}) {
  scenarios::eventually_options o;
  o.timeout = timeout;
  o.poll = poll;
  o.per_poll_delay = per_poll;
  return o;
}

}  // namespace

TEST_CASE("Eventually polls first at once, then every poll interval after the previous poll") {
  sim::world w(1);
  const auto r = run_one(w, 100s, opts(2s, 500ms));
  const std::vector<sim::time_point> want{at(0ms), at(500ms), at(1000ms), at(1500ms)};
  CHECK(poll_times(w) == want);
  CHECK_FALSE(r.tests[0].passed);
}

TEST_CASE("a probe that turns true at 2.3s under Eventually(5s, 500ms) passes at the 2.5s poll") {
  sim::world w(1);
  const auto r = run_one(w, 2300ms, opts(5s, 500ms));
  REQUIRE(r.tests[0].passed);
  CHECK(r.tests[0].ended == at(2500ms));
  CHECK(poll_times(w).size() == 6);
}

TEST_CASE("a probe that turns true at 5.2s under Eventually(5s, 500ms) fails at 5s after 10 polls") {
  sim::world w(1);
  const auto r = run_one(w, 5200ms, opts(5s, 500ms));
  REQUIRE_FALSE(r.tests[0].passed);
  CHECK(r.tests[0].ended == at(5s));
  CHECK(poll_times(w).size() == 10);
  CHECK(poll_times(w).back() == at(4500ms));
  CHECK_THAT(r.tests[0].failure, Catch::Contains("Timed out after 5s") && Catch::Contains("10 polls"));
}

TEST_CASE("a 1s delay per poll leaves Eventually(5s, 500ms) only 4 polls (seed 001, row 2)") {
  sim::world w(1);
  const auto r = run_one(w, 100s, opts(5s, 500ms, 1s));
  // Polls read at 1, 2.5, 4, 5.5 s: the last one starts before the deadline
  // and still counts.
  const std::vector<sim::time_point> want{at(1s), at(2500ms), at(4s), at(5500ms)};
  CHECK(poll_times(w) == want);
  CHECK(r.tests[0].ended == at(5500ms));
}

TEST_CASE("a one-time initial delay shifts every poll of the Eventually that follows it") {
  sim::world w(1);
  scenarios::test_case tc{"t",
                          {scenarios::sleep(2s, "virtiofs sync delay"),
                           scenarios::eventually("file", 5s, 500ms, scenarios::probe_bool([] { return false; }))}};
  scenarios::harness h({}, {}, {tc});
  h.start(w);
  REQUIRE(w.run().ok());
  CHECK(poll_times(w).front() == at(2s));
  CHECK(h.result().tests[0].ended == at(7s));
}

TEST_CASE("value probes report what they saw and compare with the expected count") {
  std::int64_t n = 1;
  auto p = scenarios::probe_at_least([&] { return n; }, 2);
  probe_result seen;
  p(seen);
  CHECK_FALSE(seen.ok);
  CHECK(seen.observed == "1 (want >= 2)");
  n = 3;
  p(seen);
  CHECK(seen.ok);
  CHECK(seen.observed == "3 (want >= 2)");  // written over, not appended to
  scenarios::probe_equal([&] { return n; }, 3)(seen);
  CHECK(seen.ok);
}

TEST_CASE("procs take tests from one shared queue in declaration order") {
  sim::world w(1);
  std::vector<scenarios::test_case> tests;
  const std::vector<sim::duration> lengths{10s, 1s, 1s, 1s, 5s};
  for (std::size_t i = 0; i < lengths.size(); ++i)
    tests.push_back({"t" + std::to_string(i), {scenarios::sleep(lengths[i])}});
  scenarios::harness_options o;
  o.procs = 2;
  std::vector<int> running;
  o.on_running_changed = [&](int r) { running.push_back(r); };
  scenarios::harness h(o, {}, tests);
  h.start(w);
  REQUIRE(w.run().ok());
  const auto& r = h.result();
  // proc1: t0 (0-10s); proc2: t1 (0-1), t2 (1-2), t3 (2-3), t4 (3-8).
  CHECK(r.tests[0].proc == 1);
  for (int i = 1; i <= 4; ++i) CHECK(r.tests[static_cast<std::size_t>(i)].proc == 2);
  CHECK(r.tests[4].started == at(3s));
  CHECK(r.suite_time() == 10s);
  CHECK(r.passed() == 5);
  CHECK(running.front() == 1);
  CHECK(running.back() == 0);
}

TEST_CASE("serial --procs 1 runs the tests one after another and the suite takes their sum") {
  sim::world w(1);
  std::vector<scenarios::test_case> tests;
  for (int i = 0; i < 3; ++i) tests.push_back({"t" + std::to_string(i), {scenarios::sleep(4s)}});
  scenarios::harness h({}, {}, tests);
  h.start(w);
  REQUIRE(w.run().ok());
  CHECK(h.result().suite_time() == 12s);
}

TEST_CASE("an ImagePullBackOff blocks BeforeSuite for its 300s timeout and every test fails (seed 002)") {
  sim::world w(1);
  scenarios::before_suite_spec b;
  bool controller_started = false;
  b.deployments.push_back({"notification-controller", true, "", 20s, [&] { controller_started = true; }});
  b.deployments.push_back({"datastorage", false, "ImagePullBackOff", 0s, {}});
  std::vector<scenarios::test_case> tests{{"a", {scenarios::sleep(1s)}}, {"b", {scenarios::sleep(1s)}}};
  scenarios::harness_options o;
  o.procs = 2;
  scenarios::harness h(o, b, tests);
  h.start(w);
  REQUIRE(w.run().ok());
  const auto& r = h.result();
  CHECK(controller_started);
  CHECK_FALSE(r.before_suite_passed);
  CHECK_THAT(r.before_suite_failure, Catch::Contains("ImagePullBackOff") && Catch::Contains("timed out after 5m"));
  CHECK(r.failed() == 2);
  for (const auto& t : r.tests) {
    CHECK(t.ended == at(320s));
    CHECK_THAT(t.failure, Catch::StartsWith("BeforeSuite failed"));
  }
}

TEST_CASE("BeforeSuite steps run after the deployments, and the tests wait for them") {
  sim::world w(1);
  scenarios::before_suite_spec b;
  b.deployments.push_back({"datastorage", true, "", 30s, {}});
  b.steps.push_back(scenarios::sleep(5s, "DD-E2E-001 readiness delay"));
  scenarios::harness_options o;
  o.procs = 3;
  scenarios::harness h(o, b, {{"a", {}}, {"b", {}}, {"c", {}}});
  h.start(w);
  REQUIRE(w.run().ok());
  for (const auto& t : h.result().tests) CHECK(t.started == at(35s));
  CHECK(h.result().passed() == 3);
}

TEST_CASE("a failed action fails the test and skips its later steps") {
  sim::world w(1);
  bool later = false;
  scenarios::test_case tc{"t",
                          {scenarios::action("create NotificationRequest", [] { return std::optional<std::string>("409 Conflict"); }),
                           scenarios::action("never", [&] {
                             later = true;
                             return std::optional<std::string>();
                           })}};
  scenarios::harness h({}, {}, {tc});
  h.start(w);
  REQUIRE(w.run().ok());
  CHECK_FALSE(later);
  CHECK(h.result().tests[0].failure == "create NotificationRequest: 409 Conflict");
}

TEST_CASE("the harness traces suite, test and poll events") {
  sim::world w(1);
  scenarios::harness h({}, {}, {{"t", {scenarios::eventually("x", 1s, 500ms, scenarios::probe_bool([] { return true; }))}}});
  h.start(w);
  REQUIRE(w.run().ok());
  std::vector<std::string> kinds;
  for (const auto& e : w.trace().events())
    if (e.kind.rfind("harness.", 0) == 0) kinds.push_back(e.kind);
  const std::vector<std::string> want{"harness.suite_start",    "harness.before_suite_start", "harness.before_suite_end",
                                      "harness.test_start",     "harness.poll",               "harness.test_end",
                                      "harness.suite_end"};
  CHECK(kinds == want);
}
