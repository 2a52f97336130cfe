// reconsim: deterministic simulation of a Kubernetes controller and its
// misbehaving environment. See README.md.
#include <CLI/CLI.hpp>

#include <csignal>
#include <exception>
#include <iostream>
#include <string>

#include "commands.hpp"
#include "version.hpp"
#include "reconsim/scenarios/search/stop.hpp"
#include "reconsim/scenarios/testbed/run.hpp"

namespace {

// Ctrl-C or SIGTERM: the searches finish the runs in flight and print what
// ran so far (marked partial); a second signal kills as usual
// (SA_RESETHAND).
extern "C" void stop_on_signal(int) { reconsim::scenarios::request_stop(); }

void install_stop_handlers() {
  struct sigaction sa {};
  sa.sa_handler = stop_on_signal;
  sa.sa_flags = SA_RESETHAND;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

}  // namespace

int main(int argc, char** argv) {
  install_stop_handlers();
  CLI::App app{"reconsim: reproduce controller races and environment faults from a seed, under a virtual clock"};
  app.set_version_flag("--version", reconsim::cli::version_line() + "\nallocator: " + reconsim::cli::allocator_name());
  app.require_subcommand(1);
  int exit_code = reconsim::cli::exit_ok;
  reconsim::cli::register_bench(app, exit_code);
  reconsim::cli::register_probe(app, exit_code);
  reconsim::cli::register_run(app, exit_code);
  reconsim::cli::register_replay(app, exit_code);
  reconsim::cli::register_check(app, exit_code);
  reconsim::cli::register_list(app, exit_code);
  reconsim::cli::register_show(app, exit_code);
  reconsim::cli::register_sweep(app, exit_code);
  reconsim::cli::register_explore(app, exit_code);
  reconsim::cli::register_hunt(app, exit_code);
  reconsim::cli::register_review(app, exit_code);
  reconsim::cli::register_merge(app, exit_code);
  reconsim::cli::register_doc(app, exit_code);
  // CLI11 alone says "A subcommand is required" for a misspelt one.
  const auto subcommands = app.get_subcommands({});
  const auto known = [&](const std::string& name) {
    for (const auto* sub : subcommands) {
      if (sub->get_name() == name) return true;
    }
    return false;
  };
  if (argc > 1 && argv[1][0] != '-' && !known(argv[1])) {
    std::string names;
    for (const auto* sub : subcommands) names += (names.empty() ? "" : ", ") + sub->get_name();
    std::cerr << "reconsim: unknown command '" << argv[1] << "' (commands: " << names << "; reconsim --help)\n";
    return reconsim::cli::exit_bad_input;
  }
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
  if (reconsim::scenarios::stop_requested()) {
    std::cerr << "reconsim: interrupted: what is printed and written above is what ran so far (marked partial)\n";
    return reconsim::cli::exit_interrupted;
  }
  return exit_code;
}
