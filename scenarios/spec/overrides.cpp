// Scenario overrides: one table of names, each a change to a copy of the
// scenario value. Values are checked strictly — a command line, a repro
// file and a sweep grid all come through here.
#include "reconsim/scenarios/spec/overrides.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <functional>

#include "reconsim/scenarios/spec/error.hpp"

namespace reconsim::scenarios {

namespace {

// A number and one unit, nothing else: sim::parse_duration alone accepts
// more than a command line should.
bool plain_duration(const std::string& v) {
  const std::size_t unit = v.find_first_not_of("0123456789.");
  if (unit == 0 || unit == std::string::npos) return false;
  const std::string u = v.substr(unit);
  return u == "ns" || u == "us" || u == "ms" || u == "s" || u == "m" || u == "h";
}

sim::duration duration_value(const std::string& name, const std::string& value) {
  sim::duration d{};
  const sim::duration_status status = sim::parse_duration_status(value, d);
  if (plain_duration(value) &&
      (status == sim::duration_status::too_large || status == sim::duration_status::too_fine)) {
    throw scenario_error(fmt::format("{}: '{}': {}", name, value, sim::describe(status)));
  }
  if (!plain_duration(value) || status != sim::duration_status::ok || d < sim::duration::zero()) {
    throw scenario_error(fmt::format("{}: '{}' is not a duration (e.g. 500ms, 4s, 2m)", name, value));
  }
  return d;
}

int int_value(const std::string& name, const std::string& value, int lo, int hi) {
  int v = 0;
  std::size_t used = 0;
  try {
    v = std::stoi(value, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != value.size() || v < lo || v > hi) {
    throw scenario_error(fmt::format("{}: '{}' is not a whole number in {}..{}", name, value, lo, hi));
  }
  return v;
}

// Whole seconds in lo..hi, written as a duration ("30s", "2m"), as the
// CRD's *Seconds fields hold.
int seconds_value(const std::string& name, const std::string& value, int lo, int hi) {
  const sim::duration d = duration_value(name, value);
  const auto whole = std::chrono::duration_cast<std::chrono::seconds>(d);
  if (whole != d || whole.count() < lo || whole.count() > hi) {
    throw scenario_error(fmt::format("{}: '{}' is not a whole number of seconds in {}s..{}s", name, value, lo, hi));
  }
  return static_cast<int>(whole.count());
}

// "1ms..5ms" or "3ms": a range of durations, min <= max.
duration_range range_value(const std::string& name, const std::string& value) {
  const std::size_t dots = value.find("..");
  for (const std::string& part : {value.substr(0, dots), dots == std::string::npos ? value : value.substr(dots + 2)}) {
    duration_value(name, part);  // the duration's own message first
  }
  const auto r = parse_duration_range(value);
  if (!r) throw scenario_error(fmt::format("{}: '{}' is not a range MIN..MAX with MIN <= MAX (e.g. 1ms..5ms)", name, value));
  return *r;
}

double number_value(const std::string& name, const std::string& value, double hi) {
  double v = 0;
  std::size_t used = 0;
  try {
    v = std::stod(value, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != value.size() || value.find_first_not_of("0123456789.") != std::string::npos || !(v >= 0 && v <= hi)) {
    throw scenario_error(fmt::format("{}: '{}' is not a number in 0..{}", name, value, hi));
  }
  return v;
}

using apply_fn = std::function<void(scenario_spec&, const std::string& name, const std::string& value)>;

struct entry {
  override_name doc;
  apply_fn apply;
};

// Eventually settings go to the scenario's own tests, not the suite's
// filler tests (those only wait for Sent).
template <class Set>
apply_fn each_test_duration(Set set, bool positive = false) {
  return [set, positive](scenario_spec& s, const std::string& name, const std::string& value) {
    const sim::duration d = duration_value(name, value);
    if (positive && d == sim::duration::zero()) throw scenario_error(name + ": must be more than 0");
    for (auto& t : s.tests) set(t, d);
  };
}

// A MIN..MAX calibration of the platform's timing.
apply_fn timing_range(sim::duration platform_timing::*min, sim::duration platform_timing::*max) {
  return [min, max](scenario_spec& s, const std::string& name, const std::string& value) {
    const duration_range r = range_value(name, value);
    s.timing.*min = r.min;
    s.timing.*max = r.max;
  };
}

const std::vector<entry>& table() {
  static const std::vector<entry> entries = {
      {{"eventually.timeout", "every scenario test's Eventually timeout (duration)"},
       each_test_duration([](test_spec& t, sim::duration d) { t.timeout = d; })},
      {{"eventually.poll", "every scenario test's polling interval (duration > 0)"},
       each_test_duration([](test_spec& t, sim::duration d) { t.poll = d; }, true)},
      {{"eventually.initial_delay", "a one-time wait before each scenario test's Eventually (duration)"},
       each_test_duration([](test_spec& t, sim::duration d) { t.initial_delay = d; })},
      {{"eventually.per_poll_delay", "a wait inside every poll of each scenario test (duration)"},
       each_test_duration([](test_spec& t, sim::duration d) { t.per_poll_delay = d; })},
      {{"procs", "parallel test processes, Ginkgo --procs (1..64)"},
       [](scenario_spec& s, const std::string& n, const std::string& v) { s.procs = int_value(n, v, 1, max_request_procs); }},
      // The harness turns running processes into virtiofs load, so load
      // and procs are one knob under two names.
      {{"load", "the same as procs: running test processes load the filesystem"},
       [](scenario_spec& s, const std::string& n, const std::string& v) { s.procs = int_value(n, v, 1, max_request_procs); }},
      {{"tests", "keep the scenario's first N tests, i.e. N NotificationRequests (1..64)"},
       [](scenario_spec& s, const std::string& n, const std::string& v) {
         const int keep = int_value(n, v, 1, 64);
         if (static_cast<std::size_t>(keep) > s.tests.size()) {
           throw scenario_error(fmt::format("{}: '{}' but scenario '{}' has {} test(s)", n, v, s.name, s.tests.size()));
         }
         s.tests.resize(static_cast<std::size_t>(keep));
       }},
      {{"filler_tests", "other suite tests that create console notifications and wait for Sent (0..64)"},
       [](scenario_spec& s, const std::string& n, const std::string& v) { s.filler_tests = int_value(n, v, 0, 64); }},
      {{"retry.max_attempts", "spec.retryPolicy.maxAttempts of every scenario test (1..10)"},
       [](scenario_spec& s, const std::string& n, const std::string& v) { s.retry.max_attempts = int_value(n, v, 1, 10); }},
      {{"retry.initial_backoff", "spec.retryPolicy.initialBackoffSeconds (1s..300s)"},
       [](scenario_spec& s, const std::string& n, const std::string& v) {
         s.retry.initial_backoff_seconds = seconds_value(n, v, 1, 300);
       }},
      {{"retry.backoff_multiplier", "spec.retryPolicy.backoffMultiplier (1..10)"},
       [](scenario_spec& s, const std::string& n, const std::string& v) {
         s.retry.backoff_multiplier = int_value(n, v, 1, 10);
       }},
      {{"retry.max_backoff", "spec.retryPolicy.maxBackoffSeconds (60s..3600s)"},
       [](scenario_spec& s, const std::string& n, const std::string& v) {
         s.retry.max_backoff_seconds = seconds_value(n, v, 60, 3600);
       }},
      {{"controller.workers", "the controller's MaxConcurrentReconciles (1..64; upstream's default 1)"},
       [](scenario_spec& s, const std::string& n, const std::string& v) {
         s.max_concurrent_reconciles = int_value(n, v, 1, 64);
       }},
      {{"storm.notifications",
        "a controller under load: create N NotificationRequests from the scenario's manifests instead of its "
        "tests (0..1000000; 0: no storm)"},
       [](scenario_spec& s, const std::string& n, const std::string& v) {
         s.storm.notifications = int_value(n, v, 0, 1'000'000);
       }},
      {{"storm.rate", "the storm's creations per second (e.g. 200 or 200/s; 0.01..100000)"},
       [](scenario_spec& s, const std::string& n, const std::string& v) {
         const std::string number = v.ends_with("/s") ? v.substr(0, v.size() - 2) : v;
         const double rate = number_value(n, number, 100000);
         if (rate < 0.01) throw scenario_error(fmt::format("{}: '{}' is below 0.01 per second", n, v));
         s.storm.rate_per_s = rate;
       }},
      {{"storm.timeout", "how long the storm waits for every notification to reach a terminal phase (duration)"},
       [](scenario_spec& s, const std::string& n, const std::string& v) {
         s.storm.timeout = duration_value(n, v);
         if (s.storm.timeout == sim::duration::zero()) throw scenario_error(n + ": must be more than 0");
       }},
      // Calibrations (calibration.hpp): numbers nobody measured.
      {{"datastorage.index_delay", "calibration: DataStorage's indexing delay, MIN..MAX or one duration"},
       [](scenario_spec& s, const std::string& n, const std::string& v) {
         const duration_range r = range_value(n, v);
         s.datastorage.index_delay_min = r.min;
         s.datastorage.index_delay_max = r.max;
       }},
      {{"api.latency", "calibration: every API-server request's latency, MIN..MAX (e.g. 1ms..5ms)"},
       timing_range(&platform_timing::api_latency_min, &platform_timing::api_latency_max)},
      {{"watch.delay", "calibration: a watch event's delay to the informer, MIN..MAX (e.g. 5ms..20ms)"},
       timing_range(&platform_timing::watch_delay_min, &platform_timing::watch_delay_max)},
      {{"network.latency", "calibration: one-way latency of every link, MIN..MAX (e.g. 200us..2ms)"},
       timing_range(&platform_timing::network_latency_min, &platform_timing::network_latency_max)},
      {{"virtiofs.tail_probability", "calibration: the chance a virtiofs sync takes extra time (0..1)"},
       [](scenario_spec& s, const std::string& n, const std::string& v) {
         s.fs.latency.tail_probability = number_value(n, v, 1);
       }},
      {{"virtiofs.tail_factor", "calibration: a tail sync's extra time, up to FACTOR x the range's max (0..100)"},
       [](scenario_spec& s, const std::string& n, const std::string& v) {
         s.fs.latency.tail_factor = number_value(n, v, 100);
       }},
  };
  return entries;
}

const entry& find_or_throw(const std::string& name) {
  const auto& t = table();
  auto it = std::find_if(t.begin(), t.end(), [&name](const entry& e) { return name == e.doc.name; });
  if (it == t.end()) {
    throw scenario_error(fmt::format("unknown setting '{}' (expected one of: {})", name, override_names_text()));
  }
  return *it;
}

}  // namespace

const std::vector<override_name>& override_names() {
  static const std::vector<override_name> names = [] {
    std::vector<override_name> out;
    for (const auto& e : table()) out.push_back(e.doc);
    return out;
  }();
  return names;
}

std::string override_names_text() {
  std::string names;
  for (const auto& n : override_names()) names += (names.empty() ? "" : ", ") + std::string(n.name);
  return names;
}

void apply_override(scenario_spec& spec, const std::string& name, const std::string& value) {
  find_or_throw(name).apply(spec, name, value);
}

void apply_overrides(scenario_spec& spec, const override_list& overrides) {
  for (const auto& [name, value] : overrides) apply_override(spec, name, value);
}

void validate_override(const std::string& name, const std::string& value) {
  // A probe scenario with the most tests a count may ask for, so `tests`
  // is checked for its form here and for the real scenario at run time.
  scenario_spec probe;
  probe.name = "(any)";
  probe.tests.resize(64);
  apply_override(probe, name, value);
}

std::pair<std::string, std::string> parse_override(const std::string& text) {
  const std::size_t eq = text.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == text.size()) {
    throw scenario_error(fmt::format("'{}': expected NAME=VALUE (NAME one of: {})", text, override_names_text()));
  }
  std::pair<std::string, std::string> out{text.substr(0, eq), text.substr(eq + 1)};
  validate_override(out.first, out.second);
  return out;
}

}  // namespace reconsim::scenarios
