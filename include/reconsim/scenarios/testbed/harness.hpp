#pragma once
// The E2E harness as actors: Ginkgo test processes (`ginkgo --procs N`)
// that take test cases from one shared queue, in declaration order, as
// Ginkgo's parallel spec server hands them out; a BeforeSuite on process 1
// that waits for deployments (image pull, readiness) while the other
// processes wait for it; and test cases as steps, the key one being
// Gomega's Eventually.
//
// Eventually(probe, timeout, poll), as gomega's async assertion runs it:
// the first poll is immediate; after a failed poll it waits `poll` from the
// poll's end, or until the deadline, whichever comes first. The deadline
// wins a tie (Go's select picks at random; a fixed choice keeps runs
// deterministic), so Eventually(5s, 500ms) polls at 0, 0.5, ..., 4.5 s.
// A poll that starts before the deadline and ends after it still counts.
//
// Trace: harness.suite_start, harness.before_suite_start,
// harness.deployment, harness.before_suite_end, harness.test_start,
// harness.poll, harness.sleep, harness.action, harness.test_end,
// harness.suite_end. Every event names the test in field `test`.
#include <fmt/format.h>

#include <cstdint>
#include <functional>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reconsim/sim/time.hpp"

namespace reconsim::sim {
class world;
}

namespace reconsim::scenarios {

// What one poll saw: whether the expectation holds, and the observed value
// for the trace and the failure message ("0 files", "phase=Sending").
// A probe writes it in place, poll after poll: the text's buffer is reused,
// where a new string per poll was a heap block (most observed texts are
// longer than the small-string buffer).
struct probe_result {
  bool ok = false;
  std::string observed;

  template <class... Args>
  void set(bool holds, fmt::format_string<Args...> format, Args&&... args) {
    ok = holds;
    // Formatted into fmt's own buffer, then copied: formatting through a
    // string's back_inserter goes through fmt's slower iterator path.
    fmt::memory_buffer text;
    fmt::format_to(std::back_inserter(text), format, std::forward<Args>(args)...);
    observed.assign(text.data(), text.size());
  }
  // The two shapes every poll of the built-in suites writes, without
  // parsing a format string (that was ~500 instructions a poll): "<n><what>"
  // and "<label><text>".
  void set_count(bool holds, std::int64_t n, std::string_view what) {
    ok = holds;
    const fmt::format_int digits(n);
    observed.assign(digits.data(), digits.size());
    observed += what;
  }
  void set_text(bool holds, std::string_view label, std::string_view text) {
    ok = holds;
    observed.assign(label);
    observed += text;
  }
};
using probe = std::function<void(probe_result&)>;

// Probes from plain functions.
probe probe_bool(std::function<bool()> f);
// ok when value() >= expected (Gomega's BeNumerically(">=", n)).
probe probe_at_least(std::function<std::int64_t()> value, std::int64_t expected);
// ok when value() == expected (Gomega's Equal(n)).
probe probe_equal(std::function<std::int64_t()> value, std::int64_t expected);

struct eventually_options {
  sim::duration timeout{std::chrono::seconds(1)};  // Gomega's default
  sim::duration poll{std::chrono::milliseconds(10)};
  // Slept inside every poll before the probe reads (seed 001: "1 s delay
  // per poll"); it counts against the timeout, as it does in Go.
  sim::duration per_poll_delay{0};
};

struct step {
  enum class kind { action, sleep, eventually };
  kind what = kind::action;
  std::string description;
  // action: returns an error message to fail the test (e.g. create failed).
  std::function<std::optional<std::string>()> run;
  sim::duration length{0};  // sleep
  eventually_options eventually;
  probe check;
};

step action(std::string description, std::function<std::optional<std::string>()> run);
// A one-time delay (seed 001: "one-time 2 s initial delay").
step sleep(sim::duration d, std::string why = "sleep");
step eventually(std::string description, eventually_options o, probe check);
step eventually(std::string description, sim::duration timeout, sim::duration poll, probe check);

struct test_case {
  std::string name;
  std::vector<step> steps;
};

// A deployment BeforeSuite waits for (kubectl wait --for=condition=ready).
struct deployment {
  std::string name;
  // false: the image cannot be pulled (seed 002's tag mismatch:
  // ImagePullBackOff); the deployment never becomes ready.
  bool image_pull_ok = true;
  std::string pull_error = "ImagePullBackOff";
  // From the start of its wait: pull + start + readiness probe.
  sim::duration ready_after{0};
  // Called when it becomes ready, from the BeforeSuite actor (the world
  // starts the controller or DataStorage here). May block in virtual time.
  std::function<void()> on_ready;
};

struct before_suite_spec {
  std::vector<deployment> deployments;  // waited for one after another
  sim::duration timeout{std::chrono::seconds(300)};  // per deployment (seed 002)
  // After the deployments: e.g. seed 004's fix, sleep 5 s + health check.
  std::vector<step> steps;
};

struct harness_options {
  int procs = 1;  // ginkgo --procs
  // Called with the number of processes running a test whenever it
  // changes (the world turns it into virtiofs load). Must not block.
  std::function<void(int running)> on_running_changed;
  // Called once, from the last process, when every test has ended.
  std::function<void()> on_finished;
};

struct test_result {
  std::string name;
  int proc = 0;  // 1-based; 0 when the test never ran
  bool passed = false;
  std::string failure;  // empty when passed
  sim::time_point started{};
  sim::time_point ended{};
};

struct suite_result {
  bool finished = false;
  bool before_suite_passed = false;
  std::string before_suite_failure;
  std::vector<test_result> tests;  // declaration order
  sim::time_point started{};
  sim::time_point ended{};

  sim::duration suite_time() const noexcept { return ended - started; }
  int passed() const noexcept;
  int failed() const noexcept;
};

class harness {
 public:
  harness(harness_options o, before_suite_spec before, std::vector<test_case> tests);
  ~harness();
  harness(const harness&) = delete;
  harness& operator=(const harness&) = delete;

  // Spawns the processes "ginkgo.proc1" ... "ginkgo.procN" in `w`.
  void start(sim::world& w);
  bool finished() const noexcept;
  const suite_result& result() const noexcept;

  struct state;

 private:
  std::shared_ptr<state> s_;
};

// Runs one Eventually in the calling actor; the failure message, or
// nothing when it passed. `test` names the test in the trace.
std::optional<std::string> run_eventually(const std::string& test, const std::string& description,
                                          const eventually_options& o, const probe& check);

}  // namespace reconsim::scenarios
