// Ginkgo test processes as actors: process 1 runs BeforeSuite while the
// others wait for it (SynchronizedBeforeSuite), then every process takes
// the next test from one shared counter, as Ginkgo's parallel spec server
// does, until none is left.
#include "reconsim/scenarios/testbed/harness.hpp"

#include <stdexcept>
#include <utility>

#include "reconsim/scenarios/testbed/detail/harness_run.hpp"
#include "reconsim/sim/actor.hpp"
#include "reconsim/sim/condition.hpp"
#include "reconsim/sim/world.hpp"

namespace reconsim::scenarios {

int suite_result::passed() const noexcept {
  int n = 0;
  for (const auto& t : tests) n += t.passed ? 1 : 0;
  return n;
}

int suite_result::failed() const noexcept { return static_cast<int>(tests.size()) - passed(); }

struct harness::state {
  harness_options o;
  before_suite_spec before;
  std::vector<test_case> tests;
  suite_result result;
  std::size_t next = 0;  // the spec server's counter
  int running = 0;
  int procs_done = 0;
  bool started = false;
  sim::event before_done{"harness.before_suite"};
};

namespace {

using state = harness::state;

constexpr std::string_view before_suite_name = "BeforeSuite";

// kubectl wait --for=condition=ready --timeout=T, for one deployment.
std::optional<std::string> wait_for(const deployment& d, sim::duration timeout) {
  const bool ready = d.image_pull_ok && d.ready_after <= timeout;
  sim::sleep_for(ready ? d.ready_after : timeout);
  const std::string reason = !d.image_pull_ok ? d.pull_error : ready ? "" : "not ready";
  sim::emit("harness.deployment", {{"test", before_suite_name}, {"name", d.name}, {"ready", ready}, {"reason", reason}});
  if (!ready) {
    return "timed out after " + sim::format_duration(timeout) + " waiting for deployment " + d.name + ": " + reason;
  }
  if (d.on_ready) d.on_ready();
  return std::nullopt;
}

void run_before_suite(state& s) {
  sim::emit("harness.before_suite_start", {{"test", before_suite_name}, {"deployments", s.before.deployments.size()}});
  std::optional<std::string> err;
  for (const deployment& d : s.before.deployments) {
    if ((err = wait_for(d, s.before.timeout))) break;
  }
  if (!err) err = detail::run_steps(std::string(before_suite_name), s.before.steps);
  s.result.before_suite_passed = !err.has_value();
  s.result.before_suite_failure = err.value_or("");
  sim::emit("harness.before_suite_end",
            {{"test", before_suite_name}, {"passed", !err.has_value()}, {"reason", err.value_or("")}});
  s.before_done.set();
}

void set_running(state& s, int delta) {
  s.running += delta;
  if (s.o.on_running_changed) s.o.on_running_changed(s.running);
}

void run_test(state& s, std::size_t index, int proc) {
  const test_case& tc = s.tests[index];
  test_result& r = s.result.tests[index];
  r.proc = proc;
  r.started = sim::now();
  sim::emit("harness.test_start", {{"test", tc.name}, {"proc", proc}, {"index", index}});
  std::optional<std::string> err;
  if (!s.result.before_suite_passed) {
    // Ginkgo runs no spec when BeforeSuite failed; each is reported failed.
    err = "BeforeSuite failed: " + s.result.before_suite_failure;
  } else {
    set_running(s, +1);
    err = detail::run_steps(tc.name, tc.steps);
    set_running(s, -1);
  }
  r.passed = !err.has_value();
  r.failure = err.value_or("");
  r.ended = sim::now();
  sim::emit("harness.test_end", {{"test", tc.name},
                                 {"proc", proc},
                                 {"passed", r.passed},
                                 {"reason", r.failure},
                                 {"duration", r.ended - r.started}});
}

void finish(state& s) {
  s.result.finished = true;
  s.result.ended = sim::now();
  sim::emit("harness.suite_end", {{"passed", s.result.passed()},
                                  {"failed", s.result.failed()},
                                  {"before_suite_passed", s.result.before_suite_passed},
                                  {"suite_time", s.result.suite_time()}});
  if (s.o.on_finished) s.o.on_finished();
}

void process(const std::shared_ptr<state>& sp, int proc) {
  state& s = *sp;
  if (proc == 1) {
    sim::emit("harness.suite_start", {{"procs", s.o.procs}, {"tests", s.tests.size()}});
    run_before_suite(s);
  } else {
    s.before_done.wait();
  }
  while (s.next < s.tests.size()) run_test(s, s.next++, proc);
  if (++s.procs_done == s.o.procs) finish(s);
}

}  // namespace

harness::harness(harness_options o, before_suite_spec before, std::vector<test_case> tests)
    : s_(std::make_shared<state>()) {
  if (o.procs < 1) throw std::invalid_argument("harness: procs must be at least 1");
  s_->o = std::move(o);
  s_->before = std::move(before);
  s_->tests = std::move(tests);
  s_->result.tests.resize(s_->tests.size());
  for (std::size_t i = 0; i < s_->tests.size(); ++i) s_->result.tests[i].name = s_->tests[i].name;
}

harness::~harness() = default;

void harness::start(sim::world& w) {
  if (s_->started) throw std::logic_error("harness: started twice");
  s_->started = true;
  s_->result.started = w.now();
  // The actors share the state, so the harness may die before the world.
  for (int p = 1; p <= s_->o.procs; ++p) {
    w.spawn("ginkgo.proc" + std::to_string(p), [sp = s_, p] { process(sp, p); });
  }
}

bool harness::finished() const noexcept { return s_->result.finished; }
const suite_result& harness::result() const noexcept { return s_->result; }

}  // namespace reconsim::scenarios
