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
#include "set_option.hpp"

namespace reconsim::cli {

namespace {

using scenarios::explore_progress;
using scenarios::explore_request;
using scenarios::explore_result;

struct explore_options {
  explore_request request;
  std::string seeds = "1..100";
  std::string policies = "fifo";
  std::string shard = "1/1";
  std::vector<std::string> sets;
  bool json = false;
  bool quiet = false;
  std::string svg;
  std::string junit;
};

void print_text(const explore_request& q, const explore_result& r) {
  if (q.shards > 1) std::cout << fmt::format("shard {}/{} of seeds {}..{}\n", q.shard, q.shards, q.seed_first, q.seed_last);
  if (r.partial) std::cout << "explore: INTERRUPTED — the runs below are those that ran before the stop\n";
  std::cout << fmt::format("explore: {} runs, {} failed, {} group(s), {:.2f} s ({:.0f} runs/s)\n", r.runs, r.failed,
                           r.groups.size(), r.seconds, r.seconds > 0 ? r.runs / r.seconds : 0.0);
  if (r.inconclusive > 0) {
    std::cout << fmt::format("inconclusive: {} runs held but tested less than they say (a listed check with nothing "
                             "to check, or a fault that never took effect); not counted as passes\n",
                             r.inconclusive);
  }
  if (q.check_determinism_every > 0) {
    std::cout << fmt::format("determinism: {} runs ran twice (every {}th), trace hashes compared\n",
                             r.determinism_checked, q.check_determinism_every);
  }
  if (r.coverage) {
    const auto& c = *r.coverage;
    std::cout << fmt::format("coverage: {} distinct controller states guided, {} with random plans over the same "
                             "seeds; corpus {} plan(s)\n",
                             c.guided_states(), c.random_states(), c.corpus);
    std::string curve;
    for (const auto& p : c.points) curve += fmt::format(" {}:{}/{}", p.runs, p.guided, p.random);
    std::cout << "  growth (runs:guided/random):" << curve << "\n";
    std::cout << fmt::format("  first failure: guided run {}, random run {} ({} random runs failed)\n",
                             c.guided_first_failure ? std::to_string(*c.guided_first_failure) : "-",
                             c.random_first_failure ? std::to_string(*c.random_first_failure) : "-", c.random_failed);
  }
  for (const auto& g : r.groups) {
    std::cout << fmt::format("\n[{}x] {}  (first: seed {}, policy {})\n", g.count, g.signature, g.first_seed,
                             g.first_policy)
              << g.report.text;
  }
}

nlohmann::json to_json(const explore_request& q, const explore_result& r) {
  nlohmann::json j;
  if (q.shards > 1) j["shard"] = fmt::format("{}/{}", q.shard, q.shards);
  j["partial"] = r.partial;
  j["runs"] = r.runs;
  j["failed"] = r.failed;
  j["inconclusive"] = r.inconclusive;
  j["seconds"] = r.seconds;
  if (q.check_determinism_every > 0) j["determinism_checked"] = r.determinism_checked;
  if (r.coverage) {
    const auto& c = *r.coverage;
    nlohmann::json growth = nlohmann::json::array();
    for (const auto& p : c.points) growth.push_back({{"runs", p.runs}, {"guided", p.guided}, {"random", p.random}});
    j["coverage"] = {{"growth", growth},
                     {"corpus", c.corpus},
                     {"guided_states", c.guided_states()},
                     {"random_states", c.random_states()},
                     {"guided_first_failure", c.guided_first_failure ? nlohmann::json(*c.guided_first_failure) : nlohmann::json()},
                     {"random_first_failure", c.random_first_failure ? nlohmann::json(*c.random_first_failure) : nlohmann::json()},
                     {"random_failed", c.random_failed}};
  }
  j["groups"] = nlohmann::json::array();
  for (const auto& g : r.groups) {
    nlohmann::json x;
    x["signature"] = g.signature;
    x["count"] = g.count;
    x["first_seed"] = g.first_seed;
    x["repro"] = g.report.run_command;
    if (!g.report.repro_path.empty()) x["repro_file"] = g.report.repro_path;
    j["groups"].push_back(std::move(x));
  }
  return j;
}

int run_explore_command(explore_options& o) {
  const auto [first, last] = scenarios::parse_seed_range(o.seeds);
  o.request.seed_first = first;
  o.request.seed_last = last;
  o.request.policies = split_commas(o.policies);
  o.request.overrides = parse_sets(o.sets);
  std::tie(o.request.shard, o.request.shards) = scenarios::parse_shard(o.shard);
  const explore_result r = scenarios::run_explore(o.request, o.quiet ? explore_progress{} : explore_progress(eta_progress("explore")));
  if (o.json) {
    std::cout << to_json(o.request, r).dump() << "\n";
  } else {
    print_text(o.request, r);
  }
  write_junit(o.junit, scenarios::junit_of_explore(o.request.scenario, r));
  if (!o.svg.empty()) {
    if (!r.coverage) throw scenarios::scenario_error("explore: --svg draws coverage growth; it needs --guided");
    scenarios::write_file_atomically(o.svg, "coverage curve",
                                     scenarios::coverage_svg(*r.coverage, "state coverage: " + o.request.scenario));
  }
  if (r.failed > 0) return exit_failed;
  return r.inconclusive > 0 ? exit_inconclusive : exit_ok;
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
  cmd->add_option("--shard", o->shard,
                  "Run only shard i of N of the seed range (i/N): N machines with shards 1/N..N/N cover it once")
      ->capture_default_str();
  cmd->add_option("--repro-dir", o->request.repro_dir, "Where each group's repro file goes")->capture_default_str();
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
