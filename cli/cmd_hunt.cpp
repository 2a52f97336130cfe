// `reconsim hunt`: the command-line face of scenarios::run_hunt
// (search/hunt.hpp) — one reference run, every single perturbation of it,
// failure groups with one repro each (text or one JSON object).
#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <tuple>

#include "commands.hpp"
#include "junit_output.hpp"
#include "progress.hpp"
#include "reconsim/scenarios/search/hunt.hpp"
#include "search_output.hpp"
#include "set_option.hpp"
#include "shard_option.hpp"

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
  shard_options sharding;
};

int run_hunt_command(hunt_options& o) {
  if (o.seed_option->count() > 0) o.request.seed = o.seed;
  o.request.faults = split_commas(o.faults);
  o.request.overrides = parse_sets(o.sets);
  std::tie(o.request.shard, o.request.shards) = resolve_shard(o.sharding);
  o.request.repro_dir = prepare_out_dir(o.sharding, o.request.repro_dir);
  const scenarios::hunt_result r =
      scenarios::run_hunt(o.request, o.quiet ? scenarios::hunt_progress{} : scenarios::hunt_progress(eta_progress("hunt")));
  const int code = report_hunt(o.request, r, o.json, o.junit);
  write_shard_file(o.sharding, o.request, r);
  return code;
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
  add_max_trace_option(cmd, o->request.max_trace_mb);
  add_shard_options(cmd, o->sharding, "the perturbations");
  cmd->add_option("--repro-dir", o->request.repro_dir, "Where each group's repro file goes (--out DIR: DIR)")
      ->capture_default_str();
  cmd->add_flag("--no-shrink", [o](std::int64_t) { o->request.shrink = false; }, "Report the failures as they ran");
  cmd->add_flag("--json", o->json,
                "Print {reference_hash, points, runs, failed, diverged, seconds, groups: [...]} as one JSON object");
  add_junit_option(cmd, o->junit);
  cmd->add_flag("-q,--quiet", o->quiet, "No progress on stderr");
  cmd->callback([o, &exit_code] { exit_code = run_hunt_command(*o); });
}

}  // namespace reconsim::cli
