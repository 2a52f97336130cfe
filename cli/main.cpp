// reconsim: deterministic simulation of a Kubernetes controller and its
// misbehaving environment. See README.md.
#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>

#include "commands.hpp"
#include "reconsim/scenarios/testbed/run.hpp"

int main(int argc, char** argv) {
  CLI::App app{"reconsim: reproduce controller races and environment faults from a seed, under a virtual clock"};
  app.set_version_flag("--version", "reconsim " RECONSIM_VERSION " (commit " RECONSIM_GIT_COMMIT ", " RECONSIM_COMPILER
                                    ", " RECONSIM_BUILD_TYPE ")");
  app.require_subcommand(1);
  int exit_code = reconsim::cli::exit_ok;
  reconsim::cli::register_bench(app, exit_code);
  reconsim::cli::register_probe(app, exit_code);
  reconsim::cli::register_run(app, exit_code);
  reconsim::cli::register_replay(app, exit_code);
  reconsim::cli::register_list(app, exit_code);
  reconsim::cli::register_show(app, exit_code);
  reconsim::cli::register_sweep(app, exit_code);
  reconsim::cli::register_explore(app, exit_code);
  reconsim::cli::register_hunt(app, exit_code);
  reconsim::cli::register_review(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : reconsim::cli::exit_bad_input;
  } catch (const reconsim::scenarios::scenario_error& e) {
    std::cerr << "reconsim: " << e.what() << "\n";
    return reconsim::cli::exit_bad_input;
  } catch (const std::exception& e) {
    std::cerr << "reconsim: " << e.what() << "\n";
    return reconsim::cli::exit_bad_input;
  }
  return exit_code;
}
