#pragma once
// Each subcommand of `reconsim` registers itself on the CLI11 app; the
// callback it installs runs the command and records the exit code.
#include <CLI/CLI.hpp>

namespace reconsim::cli {

// Exit codes: 0 every check holds, 1 a check failed, 2 bad input.
inline constexpr int exit_ok = 0;
inline constexpr int exit_failed = 1;
inline constexpr int exit_bad_input = 2;
// The run held, but something it names was never exercised (a listed check
// with nothing to check, a timed fault that never took effect).
inline constexpr int exit_inconclusive = 3;
// `reconsim replay`: the run's trace hash is not the one the repro file
// recorded (the model or the scenario changed since).
inline constexpr int exit_replay_mismatch = 4;
// Ctrl-C or SIGTERM during a search: what ran so far was printed, marked
// partial (128 + SIGINT, as shells report it).
inline constexpr int exit_interrupted = 130;

void register_bench(CLI::App& app, int& exit_code);
void register_probe(CLI::App& app, int& exit_code);
void register_run(CLI::App& app, int& exit_code);
void register_replay(CLI::App& app, int& exit_code);
void register_check(CLI::App& app, int& exit_code);
void register_list(CLI::App& app, int& exit_code);
void register_show(CLI::App& app, int& exit_code);
void register_sweep(CLI::App& app, int& exit_code);
void register_explore(CLI::App& app, int& exit_code);
void register_review(CLI::App& app, int& exit_code);
void register_hunt(CLI::App& app, int& exit_code);
void register_doc(CLI::App& app, int& exit_code);
void register_merge(CLI::App& app, int& exit_code);

}  // namespace reconsim::cli
