#include "reconsim/scenarios/views/report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <utility>
#include <variant>
#include <vector>

namespace reconsim::scenarios {

std::string format_settings(const run_result& r) {
  std::string out = fmt::format("reconsim run {}  seed={}  variant={}  queue={}\n", r.scenario, r.seed, r.variant, r.queue);
  out += "settings this seed expanded to:\n";
  std::size_t width = 0;
  for (const auto& [k, v] : r.settings) width = std::max(width, k.size());
  for (const auto& [k, v] : r.settings) out += fmt::format("  {:<{}}  {}\n", k, width, v);
  out += fmt::format("  {:<{}}  {}\n", "fault plan", width, r.plan.empty() ? "(none)" : r.plan);
  return out;
}

namespace {

// Every delivery attempt per notification and channel, with the gap to the
// one before: a fixed design's spacing (or a hot loop) without --trace.
std::string attempts_section(const run_result& r) {
  const auto& by = r.attempts;
  if (by.empty()) return {};
  std::string out = "attempts, per notification and channel (time, gap to the previous):\n";
  constexpr std::size_t shown = 12;
  constexpr std::size_t most_rows = 20;  // a storm has thousands: its load section sums them up
  std::size_t rows = 0;
  for (const auto& [where, list] : by) {
    if (++rows > most_rows) {
      out += fmt::format("  ... and {} more notification/channel pairs\n", by.size() - most_rows);
      break;
    }
    out += fmt::format("  {} {}:", where.first, where.second);
    for (std::size_t i = 0; i < list.size() && i < shown; ++i) {
      out += i == 0 ? fmt::format(" {:.3f}s {}", list[i].at_s, list[i].status)
                    : fmt::format(", {:.3f}s (+{:.3f}s) {}", list[i].at_s, list[i].at_s - list[i - 1].at_s,
                                  list[i].status);
    }
    if (list.size() > shown) out += fmt::format(", ... {} in all", list.size());
    out += "\n";
  }
  return out;
}

// The audit counters as one sum that adds up.
std::string audit_line(const run_result& r) {
  const auto get = [&r](const char* k) {
    const auto it = r.counters.find(k);
    return it == r.counters.end() ? 0.0 : it->second;
  };
  // Without DataStorage the client only buffers: nothing to add up.
  const bool datastorage = std::any_of(r.settings.begin(), r.settings.end(),
                                       [](const auto& s) { return s.first.rfind("DataStorage", 0) == 0; });
  if (get("audit_emitted") == 0 || !datastorage) return {};
  return fmt::format("audit: emitted {} = stored {} + lost {} + dead-lettered {} + in flight {} (rows stored {}, "
                     "duplicates {})\n",
                     get("audit_emitted"), get("audit_stored_events"), get("audit_lost"), get("audit_dead_lettered"),
                     get("audit_in_flight"), get("audit_stored"), get("audit_duplicates"));
}

std::string spread_text(const spread& s, const char* unit) {
  return fmt::format("p50 {:.3f}{} p99 {:.3f}{} max {:.3f}{} (mean {:.3f}, n {})", s.p50, unit, s.p99, unit, s.max, unit,
                     s.mean, s.count);
}

// A storm's figures: the controller's view of the load.
std::string load_section(const load_metrics& m) {
  std::string out = "load (the controller's view):\n";
  out += fmt::format("  notifications        {} created, {} reached a terminal phase, over {:.1f}s\n", m.notifications,
                     m.terminal, m.span_s);
  out += fmt::format("  reconciles           {} ({:.2f} per notification)\n", m.reconciles,
                     m.notifications > 0 ? static_cast<double>(m.reconciles) / m.notifications : 0.0);
  out += "  queue wait           " + spread_text(m.queue_wait_s, "s") + "\n";
  out += "  processing           " + spread_text(m.processing_s, "s") + "\n";
  out += fmt::format("  queue depth          max {}\n", m.queue_depth_max);
  out += fmt::format("  API requests         {} ({:.1f}/s); writes {} ({:.2f} per notification, status {:.2f})\n",
                     m.api_requests, m.api_requests_per_s, m.api_writes, m.api_writes_per_notification,
                     m.status_writes_per_notification);
  out += "  time to terminal     " + spread_text(m.time_to_terminal_s, "s") + "\n";
  out += "  attempts             " + spread_text(m.attempts, "") + "\n";
  out += fmt::format("  retries              {}, of which {} came sooner than their backoff\n", m.retries,
                     m.early_retries);
  return out;
}

nlohmann::json spread_json(const spread& s) {
  return {{"count", s.count}, {"mean", s.mean}, {"p50", s.p50}, {"p99", s.p99}, {"max", s.max}};
}

nlohmann::json load_json(const load_metrics& m) {
  return {{"notifications", m.notifications},
          {"terminal", m.terminal},
          {"span_s", m.span_s},
          {"reconciles", m.reconciles},
          {"queue_wait_s", spread_json(m.queue_wait_s)},
          {"processing_s", spread_json(m.processing_s)},
          {"time_to_terminal_s", spread_json(m.time_to_terminal_s)},
          {"attempts", spread_json(m.attempts)},
          {"queue_depth_max", m.queue_depth_max},
          {"queue_depth_per_s", m.queue_depth_per_s},
          {"api_requests", m.api_requests},
          {"api_writes", m.api_writes},
          {"status_writes", m.status_writes},
          {"api_requests_per_s", m.api_requests_per_s},
          {"api_writes_per_notification", m.api_writes_per_notification},
          {"status_writes_per_notification", m.status_writes_per_notification},
          {"retries", m.retries},
          {"early_retries", m.early_retries}};
}

}  // namespace

std::string format_checks(const std::vector<check_outcome>& checks) {
  std::string out;
  for (const auto& c : checks) {
    if (c.passed && c.status == "not-exercised") {
      out += fmt::format("  ----  {}  ({})\n", c.name, c.explanation);
      continue;
    }
    if (c.passed) {
      out += fmt::format("  PASS  {}\n", c.name);
      continue;
    }
    out += fmt::format("  FAIL  {}", c.name);
    if (c.first_violation_s) out += fmt::format("  first violation at {:.3f}s", *c.first_violation_s);
    out += "\n";
    if (!c.explanation.empty()) out += fmt::format("        {}\n", c.explanation);
    if (!c.chain_events.empty()) {
      out += "        how it came about:\n";
      for (const auto& step : chain_lines(c)) out += fmt::format("          {}\n", step);
    }
  }
  return out;
}

nlohmann::json checks_json(const std::vector<check_outcome>& checks) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& c : checks) {
    nlohmann::json cj;
    cj["name"] = c.name;
    cj["passed"] = c.passed;
    cj["status"] = c.status;
    cj["first_violation_s"] = c.first_violation_s ? nlohmann::json(*c.first_violation_s) : nlohmann::json(nullptr);
    if (!c.passed) {
      cj["explanation"] = c.explanation;
      // The events themselves, as --trace writes them: {t_s, actor, kind, fields}.
      cj["chain"] = nlohmann::json::array();
      for (const auto& e : c.chain_events) {
        nlohmann::json fields = nlohmann::json::object();
        for (const auto& f : e.fields) std::visit([&](const auto& v) { fields[f.key] = v; }, f.value);
        cj["chain"].push_back(
            {{"t_s", sim::to_seconds(e.at)}, {"actor", e.actor}, {"kind", e.kind}, {"fields", std::move(fields)}});
      }
    }
    out.push_back(cj);
  }
  return out;
}

std::string format_report(const run_result& r) {
  std::string out;
  out += "tests, as the harness saw them:\n";
  if (r.tests.empty()) out += "  (none)\n";
  for (const auto& t : r.tests) {
    out += fmt::format("  {}  {}  (ended at {:.3f}s)\n", t.passed ? "PASS" : "FAIL", t.name, t.at_s);
    if (!t.passed && !t.message.empty()) out += fmt::format("        {}\n", t.message);
  }
  out += "checks:\n";
  out += format_checks(r.checks);
  if (!r.faults.empty()) {
    out += "faults, and whether each took effect:\n";
    for (const auto& f : r.faults) {
      if (f.took_effect) {
        out += fmt::format("  took effect  {}  (first at {:.3f}s, {} operation(s))\n", f.statement, *f.first_effect_s,
                           f.count);
      } else {
        out += fmt::format("  {}  {}\n", f.timed ? "NEVER       " : "failed none ", f.statement);
      }
    }
  }
  out += attempts_section(r);
  if (r.load) out += load_section(*r.load);
  out += audit_line(r);
  if (!r.counters.empty()) {
    out += "counters:\n";
    for (const auto& [k, v] : r.counters) out += fmt::format("  {:<22} {}\n", k, v);
  }
  int failed_tests = 0;
  int failed_checks = 0;
  for (const auto& t : r.tests) failed_tests += t.passed ? 0 : 1;
  for (const auto& c : r.checks) failed_checks += c.passed ? 0 : 1;
  out += fmt::format("run: {}; {} trace events ({} scheduler steps); trace hash {}\n", r.outcome.describe(),
                     r.trace_events, r.outcome.events, r.trace_hash);
  switch (verdict_of(r)) {
    case verdict::passed:
      out += fmt::format("RESULT: PASSED ({} tests, {} checks)\n", r.tests.size(), r.checks.size());
      break;
    case verdict::failed:
      out += fmt::format("RESULT: FAILED ({} of {} tests, {} of {} checks)\n", failed_tests, r.tests.size(),
                         failed_checks, r.checks.size());
      break;
    case verdict::inconclusive:
      out += fmt::format("RESULT: INCONCLUSIVE (everything held, but it tested less than it says):\n");
      for (const auto& why : r.inconclusive) out += fmt::format("  - {}\n", why);
      break;
  }
  return out;
}

nlohmann::json report_json(const run_result& r) {
  nlohmann::json j;
  j["scenario"] = r.scenario;
  j["variant"] = r.variant;
  j["queue"] = r.queue;
  j["seed"] = r.seed;
  j["plan"] = r.plan;
  j["trace_hash"] = r.trace_hash;
  j["passed"] = r.passed;
  j["verdict"] = std::string(to_string(verdict_of(r)));
  j["inconclusive"] = r.inconclusive;
  j["faults"] = nlohmann::json::array();
  for (const auto& f : r.faults) {
    j["faults"].push_back({{"statement", f.statement},
                           {"timed", f.timed},
                           {"took_effect", f.took_effect},
                           {"first_effect_s", f.first_effect_s ? nlohmann::json(*f.first_effect_s) : nlohmann::json(nullptr)},
                           {"count", f.count}});
  }
  j["outcome"] = std::string(sim::to_string(r.outcome.kind));
  j["peak_trace_bytes"] = r.peak_trace_bytes;
  j["trace_events"] = r.trace_events;
  if (r.load) j["load"] = load_json(*r.load);
  j["checks"] = checks_json(r.checks);
  j["tests"] = nlohmann::json::array();
  for (const auto& t : r.tests) {
    nlohmann::json tj;
    tj["name"] = t.name;
    tj["passed"] = t.passed;
    if (!t.passed) tj["message"] = t.message;
    j["tests"].push_back(tj);
  }
  j["counters"] = nlohmann::json::object();
  for (const auto& [k, v] : r.counters) j["counters"][k] = v;
  j["settings"] = nlohmann::json::object();
  for (const auto& [k, v] : r.settings) j["settings"][k] = v;
  return j;
}

}  // namespace reconsim::scenarios
