// `reconsim sweep`: a what-if grid over a scenario's knobs, pass rates with
// confidence intervals as a table, CSV and an SVG plot.
#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <memory>
#include <tuple>

#include "commands.hpp"
#include "junit_output.hpp"
#include "search_output.hpp"
#include "set_option.hpp"
#include "shard_option.hpp"
#include "reconsim/scenarios/spec/output_file.hpp"
#include "reconsim/scenarios/views/calibration_format.hpp"
#include "reconsim/scenarios/views/sweep_format.hpp"

namespace reconsim::cli {

namespace {

struct sweep_options {
  std::string scenario;
  std::vector<std::string> params;
  std::string seeds = "1..20";
  std::string variant;
  std::string csv;
  std::string svg;
  std::vector<std::string> sets;
  bool quiet = false;
  bool json = false;
  bool calibrations = false;
  std::string junit;
  int jobs = 1;
  std::optional<std::uint64_t> max_trace_mb;
  shard_options sharding;
};

void write_file(const std::string& path, const std::string& text) {
  scenarios::write_file_atomically(path, "sweep picture", text);
}

// Progress goes to stderr so stdout stays the same for the same request.
scenarios::sweep_progress progress_line(bool quiet) {
  if (quiet) return {};
  return [](int done, int total) {
    if (done == total || done % 25 == 0) std::cerr << fmt::format("\rsweep: {}/{} runs", done, total) << std::flush;
    if (done == total) std::cerr << "\n";
  };
}

int run_calibration_command(const sweep_options& o) {
  if (!o.params.empty()) throw scenarios::scenario_error("sweep: --calibrations sweeps the declared calibrations; drop --param");
  if (!o.csv.empty()) throw scenarios::scenario_error("sweep: --csv is for --param grids; use --json with --calibrations");
  if (o.sharding.shard != "1/1" || !o.sharding.out.empty()) {
    throw scenarios::scenario_error("sweep: --calibrations does not shard yet; run it whole (--jobs spreads it over threads)");
  }
  scenarios::calibration_request req;
  req.scenario = o.scenario;
  std::tie(req.seed_first, req.seeds) = parse_seed_count_range(o.seeds);
  if (!o.variant.empty()) req.variant = o.variant;
  req.overrides = parse_sets(o.sets);
  req.max_trace_mb = o.max_trace_mb;
  req.jobs = o.jobs;
  const scenarios::calibration_result r = scenarios::run_calibration_sweep(req, progress_line(o.quiet));
  if (o.json) {
    std::cout << scenarios::calibration_json(r).dump(2) << "\n";
  } else {
    std::cout << scenarios::format_calibration_text(r);
  }
  if (!o.svg.empty()) write_file(o.svg, scenarios::calibration_svg(r));
  write_junit(o.junit, scenarios::junit_of_calibrations(r));
  return exit_ok;
}

int run_sweep_command(const sweep_options& o) {
  if (o.calibrations) return run_calibration_command(o);
  if (o.params.empty()) throw scenarios::scenario_error("sweep: give --param NAME=v1,v2,... (repeatable) or --calibrations");
  scenarios::sweep_request req;
  req.scenario = o.scenario;
  std::tie(req.seed_first, req.seeds) = parse_seed_count_range(o.seeds);
  if (!o.variant.empty()) req.variant = o.variant;
  req.overrides = parse_sets(o.sets);
  req.max_trace_mb = o.max_trace_mb;
  for (const auto& p : o.params) req.params.push_back(scenarios::parse_sweep_param(p));
  req.jobs = o.jobs;
  std::tie(req.shard, req.shards) = resolve_shard(o.sharding);
  prepare_out_dir(o.sharding, "");
  const scenarios::sweep_result r = scenarios::run_sweep(req, progress_line(o.quiet));
  const int code = report_sweep(r, o.json, o.junit);
  write_shard_file(o.sharding, req, r);
  if (!o.csv.empty()) write_file(o.csv, scenarios::sweep_csv(r));
  if (!o.svg.empty()) write_file(o.svg, scenarios::sweep_svg(r));
  return code;
}

}  // namespace

void register_sweep(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand(
      "sweep", "Pass rates over a parameter grid x a seed range (table, CSV, SVG plot), or --calibrations: does each "
               "conclusion survive the plausible range of every number nobody measured?");
  auto o = std::make_shared<sweep_options>();
  const std::string names = scenarios::override_names_text();
  cmd->add_option("scenario", o->scenario, "Scenario name (see `reconsim list`) or path to a scenario .yaml")->required();
  cmd->add_option("--param", o->params, "NAME=v1,v2,... (repeatable); NAME one of: " + names);
  cmd->add_flag("--calibrations", o->calibrations,
                "Instead of a grid: run the scenario at its declared calibration values and at every corner of their "
                "plausible ranges, and say per harness test and checker whether the conclusion is robust or which "
                "calibrations it depends on (calibrations: " + scenarios::calibration_names_text() + ")");
  cmd->add_option("--seeds", o->seeds, "Seed range A..B, run at every grid point (and corner)")->capture_default_str();
  cmd->add_option("--variant", o->variant, "Reconciler design variant");
  cmd->add_option("--jobs", o->jobs, "Parallel runs (threads); the result does not depend on it")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  add_set_option(cmd, o->sets)->description("NAME=VALUE held fixed at every grid point, repeatable (as run --set)");
  add_max_trace_option(cmd, o->max_trace_mb);
  cmd->add_option("--csv", o->csv, "Write the table as CSV to FILE");
  cmd->add_option("--svg", o->svg, "Write the pass-rate plot (with --calibrations: the conclusions grid) as SVG to FILE");
  cmd->add_flag("--json", o->json, "Print one JSON object instead of the table");
  add_shard_options(cmd, o->sharding, "the runs (grid point x seed)");
  add_junit_option(cmd, o->junit);
  cmd->add_flag("-q,--quiet", o->quiet, "No progress on stderr");
  cmd->callback([o, &exit_code] { exit_code = run_sweep_command(*o); });
}

}  // namespace reconsim::cli
