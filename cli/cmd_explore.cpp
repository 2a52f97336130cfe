// `reconsim explore`: the command-line face of scenarios::run_explore
// (search/explore.hpp) — flags in; progress with an ETA on stderr, failure
// groups with one minimal repro each on stdout (or one JSON object) out.
#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <tuple>

#include "commands.hpp"
#include "junit_output.hpp"
#include "progress.hpp"
#include "reconsim/scenarios/search/explore.hpp"
#include "reconsim/scenarios/spec/output_file.hpp"
#include "reconsim/scenarios/views/coverage_svg.hpp"
#include "search_output.hpp"
#include "set_option.hpp"
#include "shard_option.hpp"

namespace reconsim::cli {

namespace {

using scenarios::explore_progress;
using scenarios::explore_request;
using scenarios::explore_result;

struct explore_options {
  explore_request request;
  std::string seeds = "1..100";
  std::string policies = "fifo";
  shard_options sharding;
  std::vector<std::string> sets;
  bool json = false;
  bool quiet = false;
  std::string svg;
  std::string junit;
};

int run_explore_command(explore_options& o) {
  const auto [first, last] = scenarios::parse_seed_range(o.seeds);
  o.request.seed_first = first;
  o.request.seed_last = last;
  o.request.policies = split_commas(o.policies);
  o.request.overrides = parse_sets(o.sets);
  std::tie(o.request.shard, o.request.shards) = resolve_shard(o.sharding);
  o.request.repro_dir = prepare_out_dir(o.sharding, o.request.repro_dir);
  const explore_result r = scenarios::run_explore(o.request, o.quiet ? explore_progress{} : explore_progress(eta_progress("explore")));
  const int code = report_explore(o.request, r, o.json, o.junit);
  write_shard_file(o.sharding, o.request, r);
  if (!o.svg.empty()) {
    if (!r.coverage) throw scenarios::scenario_error("explore: --svg draws coverage growth; it needs --guided");
    scenarios::write_file_atomically(o.svg, "coverage curve",
                                     scenarios::coverage_svg(*r.coverage, "state coverage: " + o.request.scenario));
  }
  return code;
}

}  // namespace

void register_explore(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("explore", "Many seeds and schedules of a scenario: failures grouped, one minimal repro each");
  cmd->footer("Exit codes: 0 every run passed; 1 a run failed; 2 bad input; 3 no run failed but some were INCONCLUSIVE\n"
              "(held without exercising a listed check or a timed fault).");
  auto o = std::make_shared<explore_options>();
  cmd->add_option("scenario", o->request.scenario, "Scenario name (see `reconsim list`) or path to a scenario .yaml")->required();
  cmd->add_option("--variant", o->request.variant, "Reconciler design variant");
  cmd->add_option("--seeds", o->seeds, "Seed range A..B")->capture_default_str();
  cmd->add_option("--policies", o->policies, "Schedule policies, comma-separated: fifo,random,pct")
      ->capture_default_str();
  cmd->add_option("--jobs", o->request.jobs, "Parallel runs (threads); the result does not depend on it")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  add_set_option(cmd, o->sets);
  add_max_trace_option(cmd, o->request.max_trace_mb);
  add_shard_options(cmd, o->sharding, "the seed range");
  cmd->add_option("--repro-dir", o->request.repro_dir, "Where each group's repro file goes (--out DIR: DIR)")->capture_default_str();
  cmd->add_option("--check-determinism", o->request.check_determinism_every,
                  "Run every Nth run twice in fresh worlds and compare trace hashes (0: off)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("--no-shrink", [o](std::int64_t) { o->request.shrink = false; }, "Group the failures as they ran");
  cmd->add_flag("--guided", o->request.guided,
                "Coverage-guided: each seed runs a mutation of a corpus plan; plans that reach new controller states "
                "join the corpus; a random-plan baseline runs alongside for comparison");
  cmd->add_option("--svg", o->svg, "With --guided: write the coverage curve (guided vs random) as SVG to FILE");
  cmd->add_flag("--json", o->json, "Print {runs, failed, seconds, groups: [...]} as one JSON object");
  add_junit_option(cmd, o->junit);
  cmd->add_flag("-q,--quiet", o->quiet, "No progress on stderr");
  cmd->callback([o, &exit_code] { exit_code = run_explore_command(*o); });
}

}  // namespace reconsim::cli
