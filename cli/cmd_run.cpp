// `reconsim run` and `reconsim replay`: one scenario run, a readable report,
// a repro file for every failure.
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "commands.hpp"
#include "junit_output.hpp"
#include "set_option.hpp"
#include "reconsim/scenarios/spec/output_file.hpp"
#include "reconsim/scenarios/views/report.hpp"
#include "reconsim/scenarios/search/repro.hpp"
#include "reconsim/scenarios/testbed/run.hpp"
#include "reconsim/scenarios/spec/scenario.hpp"
#include "reconsim/scenarios/spec/scenario_file.hpp"
#include "reconsim/scenarios/views/timeline_files.hpp"
#include "reconsim/scenarios/search/trace_diff.hpp"

namespace reconsim::cli {

namespace {

struct output_options {
  bool json = false;
  std::string trace_file;
  std::string timeline_file;      // self-contained HTML
  std::string chrome_trace_file;  // Chrome Trace Event JSON (Perfetto)
  bool check_determinism = false;
  std::string repro_dir = ".";
  std::string junit_file;
  bool verbose = false;  // every trace event after the report
  bool stream = false;   // check as it goes, keep no event (run_request::keep_events)
};

// Writes each event as a JSON line as it is recorded (--stream --trace).
class jsonl_writer final : public sim::trace_observer {
 public:
  explicit jsonl_writer(std::ostream& out) : out_(out) {}
  void observe(const sim::trace_event& e) override { out_ << sim::to_json_line(e) << '\n'; }

 private:
  std::ostream& out_;
};

// A --plan value is a file when such a file exists, else plan text.
std::string plan_argument(const std::string& value) {
  std::error_code ec;
  if (std::filesystem::is_regular_file(value, ec)) {
    std::ifstream in(value);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  return value;
}

void write_trace(const scenarios::run_result& r, const std::string& path) {
  scenarios::write_file_atomically(path, "trace", [&](std::ostream& out) {
    for (const auto& e : r.trace) out << sim::to_json_line(e) << '\n';
  });
}

// Runs, reports, writes the repro; returns the exit code. `spec`: run this
// scenario value instead of loading req.scenario (a replay's stored copy).
int run_and_report(const scenarios::run_request& req, const output_options& out,
                   const std::optional<std::string>& expected_hash, const scenarios::scenario_spec* spec = nullptr) {
  const auto run_once = [&](sim::trace_observer* observer) {
    scenarios::run_request q = req;
    q.keep_events = !out.stream;
    q.observer = observer;
    return spec ? scenarios::run_scenario(*spec, q) : scenarios::run_scenario(q);
  };
  scenarios::run_result r;
  if (out.stream && !out.trace_file.empty()) {
    // No event is kept: each goes to the file as it is recorded.
    scenarios::write_file_atomically(out.trace_file, "trace", [&](std::ostream& file) {
      jsonl_writer w(file);
      r = run_once(&w);
    });
  } else {
    r = run_once(nullptr);
    if (!out.trace_file.empty()) write_trace(r, out.trace_file);
  }
  if (!out.json) std::cout << scenarios::format_settings(r);
  if (!out.timeline_file.empty()) scenarios::write_timeline_html(r, out.timeline_file);
  if (!out.chrome_trace_file.empty()) scenarios::write_chrome_trace(r, out.chrome_trace_file);

  bool deterministic = true;
  std::string determinism_note;
  if (out.check_determinism) {
    const scenarios::run_result again = run_once(nullptr);
    if (auto d = scenarios::first_divergence(r.trace, again.trace)) {
      deterministic = false;
      determinism_note = "NOT DETERMINISTIC: " + d->describe();
    } else if (again.trace_hash != r.trace_hash) {
      deterministic = false;
      determinism_note = fmt::format("NOT DETERMINISTIC: same events, different hashes {} / {}", r.trace_hash,
                                     again.trace_hash);
    } else {
      determinism_note = fmt::format("determinism: a second run in a fresh world gave the same {} events and hash {}",
                                     r.trace_events, r.trace_hash);
    }
  }
  bool hash_ok = true;
  if (expected_hash && *expected_hash != r.trace_hash) hash_ok = false;

  std::string repro_path;
  if (!r.passed) {
    scenarios::repro rp;
    rp.request = req;
    rp.trace_hash = r.trace_hash;
    for (const auto& c : r.checks) {
      if (!c.passed) rp.failed += (rp.failed.empty() ? "" : ", ") + c.name;
    }
    for (const auto& t : r.tests) {
      if (!t.passed) rp.failed += (rp.failed.empty() ? "test: " : ", test: ") + t.name;
    }
    if (!expected_hash) repro_path = scenarios::write_repro_file(rp, out.repro_dir);
  }

  if (out.json) {
    nlohmann::json j = scenarios::report_json(r);
    if (out.check_determinism) j["deterministic"] = deterministic;
    if (expected_hash) j["expected_trace_hash"] = *expected_hash;
    if (!repro_path.empty()) j["repro"] = repro_path;
    std::cout << j.dump() << "\n";
  } else {
    std::cout << scenarios::format_report(r);
    if (out.verbose) {
      std::cout << fmt::format("trace ({} events; --trace FILE writes them as JSON lines):\n", r.trace.size());
      for (const auto& e : r.trace) std::cout << "  " << scenarios::event_line(e) << "\n";
    }
    if (out.check_determinism) std::cout << determinism_note << "\n";
    if (r.outcome.kind == sim::outcome_kind::trace_cap && !out.stream) {
      std::cout << "the kept trace outgrew its cap: --stream checks the run as it goes and keeps no event "
                   "(memory per object, not per event)\n";
    }
    if (expected_hash) {
      std::cout << (hash_ok ? fmt::format("replay: trace hash {} matches the repro file\n", r.trace_hash)
                            : fmt::format("REPLAY MISMATCH: trace hash {} but the repro file says {}\n", r.trace_hash,
                                          *expected_hash));
    }
    if (!repro_path.empty()) {
      std::cout << fmt::format("repro written to {}\nreplay it with:  {}\n", repro_path,
                               scenarios::replay_command(repro_path));
      std::cout << fmt::format("or run:          {}\n", scenarios::run_command(req));
    }
  }
  if (!out.junit_file.empty()) {
    scenarios::junit_suite suite = scenarios::junit_of_run(
        r, repro_path.empty() ? scenarios::run_command(req) : scenarios::replay_command(repro_path));
    if (!hash_ok) {
      suite.cases.push_back({r.scenario + ".replay", "trace hash matches the repro file", 0,
                             scenarios::junit_case::outcome::failed,
                             fmt::format("REPLAY MISMATCH: trace hash {} but the repro file says {}", r.trace_hash,
                                         expected_hash.value_or("")),
                             ""});
    }
    write_junit(out.junit_file, {suite});
  }
  if (!hash_ok) return exit_replay_mismatch;
  if (!deterministic) return exit_failed;
  switch (scenarios::verdict_of(r)) {
    case scenarios::verdict::passed: return exit_ok;
    case scenarios::verdict::failed: return exit_failed;
    case scenarios::verdict::inconclusive: return exit_inconclusive;
  }
  return exit_failed;
}

void add_output_flags(CLI::App* cmd, output_options& o) {
  cmd->add_flag("--json", o.json, "Print one JSON object instead of the report");
  cmd->add_option("--trace", o.trace_file, "Write the trace as JSON lines to FILE");
  auto* timeline =
      cmd->add_option("--timeline", o.timeline_file, "Write the run's timeline as one self-contained HTML file");
  auto* chrome =
      cmd->add_option("--chrome-trace", o.chrome_trace_file, "Write the run as Chrome Trace Event JSON (Perfetto)");
  cmd->add_flag("--check-determinism", o.check_determinism,
                "Run twice in fresh worlds; name the first diverging event if the traces differ (with --stream: "
                "compare the hashes)");
  add_junit_option(cmd, o.junit_file);
  auto* verbose =
      cmd->add_flag("-v,--verbose", o.verbose, "After the report, every trace event, one line each (as the chains show them)");
  cmd->add_flag("--stream", o.stream,
                "Check the run as it goes and keep no trace event: memory grows with the objects, not the events "
                "(a storm of 100,000 notifications; --max-trace-mb then caps the copies the checkers keep to look "
                "back); --trace FILE is written as the run goes. Same hash, checks and report; a chain found at the end may be shorter")
      ->excludes(timeline)
      ->excludes(chrome)
      ->excludes(verbose);
}

}  // namespace

void register_run(CLI::App& app, int& exit_code) {
  auto* run = app.add_subcommand("run", "Run a scenario: report, checker results, a repro file for every failure");
  run->footer(
      "Exit codes: 0 PASSED; 1 FAILED (a repro file is written); 2 bad input (unknown scenario, variant, a plan\n"
      "or manifest naming something the testbed does not have); 3 INCONCLUSIVE (everything held, but a check the\n"
      "scenario lists had nothing to check, or a timed fault never took effect: the report says which).");
  auto req = std::make_shared<scenarios::run_request>();
  auto out = std::make_shared<output_options>();
  auto plan = std::make_shared<std::string>();
  auto procs = std::make_shared<int>(0);
  auto sets = std::make_shared<std::vector<std::string>>();
  run->add_option("scenario", req->scenario, "Scenario name (see `reconsim list`) or path to a scenario .yaml")->required();
  auto* seed = add_seed_option(run, req->seed, "Root seed of the run (default: a scenario file's seed, else 1)");
  run->add_option("--variant", req->variant, "Reconciler design variant (see `reconsim list`)");
  run->add_option("--plan", *plan, "Fault plan: text (`at 0s: chmod /tmp/notifications ro; at 20s: http slack 503 3; ...`) or a file; `reconsim list` shows every statement");
  run->add_option("--procs", *procs, "Parallel test processes (Ginkgo --procs)")->check(CLI::Range(1, scenarios::max_request_procs));
  add_set_option(run, *sets);
  run->add_option("--queue", req->queue, "Controller queue (default: the scenario's, else the variant's: priority for today's controller and its fixes, classic for the Dec-2025 designs)")->check(CLI::IsMember({"classic", "priority"}));
  run->add_option("--policy", req->policy, "Schedule policy")->check(CLI::IsMember({"fifo", "random", "pct"}));
  add_max_trace_option(run, req->max_trace_mb);
  run->add_option("--repro-dir", out->repro_dir, "Where failures write their repro files")->capture_default_str();
  add_output_flags(run, *out);
  run->callback([req, out, plan, procs, sets, seed, &exit_code] {
    if (seed->count() == 0) req->seed = scenarios::load_scenario(req->scenario).seed;
    if (!plan->empty()) req->plan = plan_argument(*plan);
    if (*procs > 0) req->procs = *procs;
    req->overrides = parse_sets(*sets);
    exit_code = run_and_report(*req, *out, std::nullopt);
  });
}

void register_replay(CLI::App& app, int& exit_code) {
  auto* replay = app.add_subcommand("replay", "Re-run a repro file exactly and verify its trace hash");
  auto path = std::make_shared<std::string>();
  auto out = std::make_shared<output_options>();
  replay->add_option("repro", *path, "A .repro file written by `reconsim run`")->required();
  add_output_flags(replay, *out);
  replay->callback([path, out, &exit_code] {
    const scenarios::repro rp = scenarios::read_repro_file(*path);
    const scenarios::replay_source source = scenarios::replay_source_of(rp);
    if (!source.note.empty()) std::cerr << "replay: " << source.note << "\n";
    // A hash from another hash function cannot match: say so and replay
    // without the check rather than report a mismatch nobody caused.
    std::optional<std::string> expected = rp.trace_hash;
    if (rp.trace_hash_version != sim::trace_hash_version) {
      std::cerr << fmt::format(
          "replay: the repro's trace hash {} is hash version {}; this build hashes with version {} (see "
          "docs/kernel.md), so the hash is not compared: only the run's verdict is reported\n",
          rp.trace_hash, rp.trace_hash_version, sim::trace_hash_version);
      expected.reset();
    }
    if (!source.text) {
      exit_code = run_and_report(rp.request, *out, expected);
      return;
    }
    const scenarios::scenario_spec stored =
        scenarios::to_spec(scenarios::load_scenario_text(*source.text, rp.request.scenario + " (stored in the repro)"));
    exit_code = run_and_report(rp.request, *out, expected, &stored);
  });
}

}  // namespace reconsim::cli
