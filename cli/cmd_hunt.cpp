// `reconsim hunt`: the command-line face of scenarios::run_hunt
// (search/hunt.hpp) — one reference run, every single perturbation of it,
// failure groups with one repro each (text or one JSON object).
#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "junit_output.hpp"
#include "progress.hpp"
#include "reconsim/scenarios/search/hunt.hpp"
#include "set_option.hpp"

namespace reconsim::cli {

namespace {

struct hunt_options {
  scenarios::hunt_request request;
  std::uint64_t seed = 0;
  CLI::Option* seed_option = nullptr;
  std::string faults;
  std::vector<std::string> sets;
  bool json = false;
  bool quiet = false;
  std::string junit;
};

void print_text(const scenarios::hunt_result& r) {
  if (r.partial) std::cout << "hunt: INTERRUPTED — the runs below are those that ran before the stop\n";
  std::cout << fmt::format("hunt: reference {} — {}\n", r.reference_hash, r.reference_end_state);
  std::string tried;
  for (const auto& [kind, n] : r.tried) tried += fmt::format("{}{} {}", tried.empty() ? "" : ", ", n, kind);
  std::cout << fmt::format("{} points, {} perturbed runs ({}), {} failed, {} diverged, {} group(s), {:.2f} s\n",
                           r.points, r.runs, tried, r.failed, r.diverged, r.groups.size(), r.seconds);
  if (!r.tests_judged) {
    std::cout << "harness tests not judged: the reference run already fails one (a test written for the scenario's "
                 "own faults, or one that fails without any); checkers and the end state judge\n";
  }
  if (r.first_failure_run) std::cout << fmt::format("first failure at run {}\n", *r.first_failure_run);
  if (r.inconclusive > 0) {
    std::cout << fmt::format("inconclusive: {} perturbed runs held but their perturbation never took effect; not "
                             "counted as passes\n",
                             r.inconclusive);
  }
  if (r.unsettled > 0) {
    std::cout << fmt::format("unsettled: {} perturbed runs held with a notification still retrying when the suite "
                             "ended; their end states were not compared\n",
                             r.unsettled);
  }
  for (const auto& g : r.groups) {
    std::cout << fmt::format("\n[{}x] {}  (first: run {}, at {})\n", g.count, g.signature, g.first_run, g.first.point);
    if (!g.end_state_diff.empty()) std::cout << g.end_state_diff << "\n";
    std::cout << g.report.text;
  }
}

nlohmann::json to_json(const scenarios::hunt_result& r) {
  nlohmann::json j;
  j["partial"] = r.partial;
  j["reference_hash"] = r.reference_hash;
  j["reference_end_state"] = r.reference_end_state;
  j["tests_judged"] = r.tests_judged;
  j["points"] = r.points;
  j["runs"] = r.runs;
  j["failed"] = r.failed;
  j["diverged"] = r.diverged;
  j["inconclusive"] = r.inconclusive;
  j["unsettled"] = r.unsettled;
  j["first_failure_run"] = r.first_failure_run ? nlohmann::json(*r.first_failure_run) : nlohmann::json();
  j["seconds"] = r.seconds;
  j["tried"] = nlohmann::json::object();
  for (const auto& [kind, n] : r.tried) j["tried"][kind] = n;
  j["groups"] = nlohmann::json::array();
  for (const auto& g : r.groups) {
    nlohmann::json x = {{"signature", g.signature},   {"count", g.count},
                        {"first_run", g.first_run},   {"point", g.first.point},
                        {"repro", g.report.run_command}};
    if (!g.report.repro_path.empty()) x["repro_file"] = g.report.repro_path;
    if (!g.end_state_diff.empty()) x["end_state_diff"] = g.end_state_diff;
    j["groups"].push_back(std::move(x));
  }
  return j;
}

int run_hunt_command(hunt_options& o) {
  if (o.seed_option->count() > 0) o.request.seed = o.seed;
  o.request.faults = split_commas(o.faults);
  o.request.overrides = parse_sets(o.sets);
  const scenarios::hunt_result r =
      scenarios::run_hunt(o.request, o.quiet ? scenarios::hunt_progress{} : scenarios::hunt_progress(eta_progress("hunt")));
  if (o.json) {
    std::cout << to_json(r).dump() << "\n";
  } else {
    print_text(r);
  }
  write_junit(o.junit, scenarios::junit_of_hunt(o.request.scenario, r));
  if (r.failed > 0 || r.diverged > 0) return exit_failed;
  return r.inconclusive > 0 ? exit_inconclusive : exit_ok;
}

}  // namespace

void register_hunt(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand(
      "hunt", "Aimed search: run the scenario once without faults, then every single perturbation at every moment "
              "of that run that could matter (restart, 409, stale cache, dropped watch, file, HTTP and network faults)");
  cmd->footer("Exit codes: 0 every perturbed run passed; 1 one failed or diverged from the reference's end state;\n"
              "2 bad input (or a reference run that already fails); 3 none failed but some were INCONCLUSIVE.");
  auto o = std::make_shared<hunt_options>();
  cmd->add_option("scenario", o->request.scenario, "Scenario name (see `reconsim list`) or path to a scenario .yaml")->required();
  cmd->add_option("--variant", o->request.variant, "Reconciler design variant");
  o->seed_option = add_seed_option(cmd, o->seed, "The reference run's seed (default: the scenario's)");
  cmd->add_option("--faults", o->faults,
                  "Perturbation kinds, comma separated, tried in this order (default: all, environment faults first): "
                  "fs,http,net,conflict,stale,drop,restart");
  cmd->add_flag("--keep-plan", o->request.keep_plan, "Perturb the scenario with its own fault plan, not without it");
  cmd->add_option("--jobs", o->request.jobs, "Parallel runs (threads); the result does not depend on it")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  add_set_option(cmd, o->sets);
  cmd->add_option("--repro-dir", o->request.repro_dir, "Where each group's repro file goes")->capture_default_str();
  cmd->add_flag("--no-shrink", [o](std::int64_t) { o->request.shrink = false; }, "Report the failures as they ran");
  cmd->add_flag("--json", o->json,
                "Print {reference_hash, points, runs, failed, diverged, seconds, groups: [...]} as one JSON object");
  add_junit_option(cmd, o->junit);
  cmd->add_flag("-q,--quiet", o->quiet, "No progress on stderr");
  cmd->callback([o, &exit_code] { exit_code = run_hunt_command(*o); });
}

}  // namespace reconsim::cli
