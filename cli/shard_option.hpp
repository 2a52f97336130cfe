#pragma once
// `--shard i/N|auto/N` and `--out DIR`, the same on explore, hunt and sweep: one
// slice of a search per process (per pod of a Kubernetes Indexed Job), its
// result left in DIR/shard.json for `reconsim merge`.
#include <CLI/CLI.hpp>
#include <string>
#include <utility>

#include "reconsim/scenarios/views/shard_file.hpp"

namespace reconsim::cli {

struct shard_options {
  std::string shard = "1/1";
  std::string out;  // "" writes no shard file
};

// `slices`: what the shards divide ("the seed range", "the perturbations").
void add_shard_options(CLI::App* cmd, shard_options& o, const std::string& slices);

// {i, N}, reading JOB_COMPLETION_INDEX for auto/N; throws scenario_error.
std::pair<int, int> resolve_shard(const shard_options& o);

// Creates the --out directory (repros are written there during the run);
// returns it, or `repro_dir` when there is no --out.
std::string prepare_out_dir(const shard_options& o, const std::string& repro_dir);

// Writes DIR/shard.json atomically (no-op without --out): the command's
// request (what every shard must share), its shard, its result and the
// version.
void write_shard_file(const shard_options& o, const scenarios::explore_request& q, const scenarios::explore_result& r);
void write_shard_file(const shard_options& o, const scenarios::hunt_request& q, const scenarios::hunt_result& r);
void write_shard_file(const shard_options& o, const scenarios::sweep_request& q, const scenarios::sweep_result& r);

}  // namespace reconsim::cli
