// `reconsim check TRACE.jsonl`: the checkers over a trace file (written by
// `run --trace`, with or without --stream, or by a user's own tool in the
// same JSON lines), read one event at a time: a file larger than memory
// is checked in memory per object, and its trace hash is recomputed (the
// run's, when the file is a whole run).
#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "reconsim/scenarios/checkers/checker.hpp"
#include "reconsim/scenarios/spec/error.hpp"
#include "reconsim/scenarios/testbed/run.hpp"
#include "reconsim/scenarios/views/report.hpp"
#include "trace_file.hpp"

namespace reconsim::cli {

namespace {

// It judges how the run ended, which a trace file does not say.
constexpr std::string_view needs_outcome = "run-terminates";

struct check_options {
  std::string file;
  std::vector<std::string> checks;
  bool json = false;
};

std::vector<std::string> checks_of(const check_options& o) {
  if (!o.checks.empty()) {
    for (const auto& name : o.checks) {
      if (name == needs_outcome) {
        throw scenarios::scenario_error(
            "--check run-terminates judges how the run ended, which a trace file does not carry; `reconsim run` "
            "checks it");
      }
      if (scenarios::find_checker(name) == nullptr) {
        std::string known;
        for (const auto& c : scenarios::checkers())
          if (c.name != needs_outcome) known += (known.empty() ? "" : ", ") + std::string(c.name);
        throw scenarios::scenario_error(fmt::format("unknown check '{}' (expected one of: {})", name, known));
      }
    }
    return o.checks;
  }
  std::vector<std::string> all;
  for (const auto& c : scenarios::checkers())
    if (c.name != needs_outcome) all.emplace_back(c.name);
  return all;
}

int check_file(const check_options& o) {
  const std::vector<std::string> names = checks_of(o);
  sim::trace t(false);  // hashes and counts; keeps nothing
  scenarios::check_session session(names, nullptr);
  t.add_observer(&session);
  read_trace_file(o.file, [&t](const sim::trace_event& e) { t.record(e); });
  std::vector<scenarios::check_outcome> checks;
  for (auto& r : session.finish(nullptr)) checks.push_back(scenarios::outcome_of(std::move(r)));
  const bool failed = std::any_of(checks.begin(), checks.end(), [](const auto& c) { return !c.passed; });
  // A check the user named that had nothing to check is no pass.
  const bool unexercised = !o.checks.empty() && std::any_of(checks.begin(), checks.end(), [](const auto& c) {
    return c.status == "not-exercised";
  });
  const char* verdict = failed ? "FAILED" : unexercised ? "INCONCLUSIVE" : "PASSED";
  if (o.json) {
    nlohmann::json j;
    j["file"] = o.file;
    j["trace_events"] = t.size();
    j["trace_hash"] = t.hash_hex();
    j["trace_hash_version"] = sim::trace_hash_version;
    j["checks"] = scenarios::checks_json(checks);
    j["verdict"] = verdict;
    std::cout << j.dump() << "\n";
  } else {
    std::cout << fmt::format("check {}: {} events, trace hash {}\nchecks:\n", o.file, t.size(), t.hash_hex());
    std::cout << scenarios::format_checks(checks);
    std::cout << "RESULT: " << verdict << "\n";
  }
  return failed ? exit_failed : unexercised ? exit_inconclusive : exit_ok;
}

}  // namespace

void register_check(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand(
      "check", "Run the checkers over a trace file (`run --trace FILE`, or your own tool's JSON lines), one event at "
               "a time, and recompute its trace hash");
  cmd->footer(
      "A line is {\"t_ns\":N,\"actor\":\"...\",\"kind\":\"...\",\"fields\":{...}}, fields in order (docs/reference/"
      "trace-events.md lists the kinds the checkers read). run-terminates is left out: it judges how the run ended.\n"
      "Exit codes: 0 every check holds; 1 a check failed; 2 bad input (a line that is not an event: FILE:LINE:COLUMN); "
      "3 a check named with --check had nothing to check.");
  auto o = std::make_shared<check_options>();
  cmd->add_option("trace", o->file, "A trace file, one JSON event per line")->required();
  cmd->add_option("--check", o->checks, "A checker to run (repeatable; default: every checker but run-terminates)");
  cmd->add_flag("--json", o->json, "Print {file, trace_events, trace_hash, trace_hash_version, checks, verdict}");
  cmd->callback([o, &exit_code] { exit_code = check_file(*o); });
}

}  // namespace reconsim::cli
