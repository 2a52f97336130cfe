// `reconsim review`: reconciler design variants side by side on the same
// scenario and seeds, as text and as an HTML page with timelines.
#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "junit_output.hpp"
#include "set_option.hpp"
#include "reconsim/scenarios/spec/output_file.hpp"
#include "reconsim/scenarios/views/review_format.hpp"

namespace reconsim::cli {

namespace {

struct review_options {
  std::string scenario;
  std::vector<std::string> variants;
  std::string seeds = "1..20";
  bool json = false;
  std::string html;
  std::vector<std::string> sets;
  bool quiet = false;
  bool calibrations = false;
  std::string junit;
  int jobs = 1;
};

int run_review_command(const review_options& o) {
  const auto [first, count] = parse_seed_count_range(o.seeds);
  scenarios::review_request req{o.scenario, o.variants, first, count, parse_sets(o.sets), o.calibrations, o.jobs};
  scenarios::review_progress progress;
  if (!o.quiet) {
    progress = [](int done, int total) {
      if (done == total || done % 25 == 0) std::cerr << fmt::format("\rreview: {}/{} runs", done, total) << std::flush;
      if (done == total) std::cerr << "\n";
    };
  }
  const scenarios::review_result r = scenarios::run_review(req, progress);
  if (o.json) {
    std::cout << scenarios::review_json(r).dump(2) << "\n";
  } else {
    std::cout << scenarios::format_review_text(r);
  }
  write_junit(o.junit, scenarios::junit_of_review(r));
  if (!o.html.empty()) {
    scenarios::write_file_atomically(o.html, "review page", scenarios::review_html(r));
  }
  return exit_ok;
}

}  // namespace

void register_review(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("review", "Reconciler design variants side by side over the same seeds");
  auto o = std::make_shared<review_options>();
  cmd->add_option("scenario", o->scenario, "Scenario name (see `reconsim list`) or path to a scenario .yaml")->required();
  cmd->add_option("--variants", o->variants, "Variants to compare, comma separated")->delimiter(',')->required();
  cmd->add_option("--seeds", o->seeds, "Seed range A..B, run for every variant")->capture_default_str();
  cmd->add_flag("--json", o->json, "Print one JSON object instead of the table");
  add_set_option(cmd, o->sets);
  cmd->add_option("--jobs", o->jobs, "Parallel runs (threads); the result does not depend on it")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  cmd->add_option("--html", o->html, "Write the review with one failing run's timeline per variant to FILE");
  cmd->add_flag("--calibrations", o->calibrations,
                "Also run every variant at the declared calibration values and every corner of their ranges, and "
                "say under the table whether its verdict is robust or which calibrations it depends on");
  add_junit_option(cmd, o->junit);
  cmd->add_flag("-q,--quiet", o->quiet, "No progress on stderr");
  cmd->callback([o, &exit_code] { exit_code = run_review_command(*o); });
}

}  // namespace reconsim::cli
