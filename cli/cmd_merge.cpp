// `reconsim merge`: the shard files a sharded explore, hunt or sweep left behind
// (`--shard i/N --out DIR`, e.g. one per pod of a Kubernetes Indexed Job),
// checked to belong together and combined into the report the unsharded
// command would have printed (search/merge.hpp).
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "commands.hpp"
#include "junit_output.hpp"
#include "reconsim/scenarios/search/merge.hpp"
#include "reconsim/scenarios/spec/scenario.hpp"
#include "reconsim/scenarios/views/shard_file.hpp"
#include "search_output.hpp"

namespace reconsim::cli {

namespace {

namespace fs = std::filesystem;
using scenarios::scenario_error;
using scenarios::shard_record;

struct merge_options {
  std::vector<std::string> paths;
  bool json = false;
  std::string junit;
};

// A file as given; a directory's own shard.json; else those of its
// immediate subdirectories (an Indexed Job's /results/0, /results/1, ...),
// in name order.
std::vector<std::string> shard_files(const std::string& path) {
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) return {path};
  if (!fs::is_directory(path, ec)) throw scenario_error(fmt::format("merge: {}: no such file or directory", path));
  const fs::path own = fs::path(path) / scenarios::shard_file_name;
  if (fs::is_regular_file(own, ec)) return {own.string()};
  std::vector<std::string> out;
  for (const auto& entry : fs::directory_iterator(path, ec)) {
    const fs::path candidate = entry.path() / scenarios::shard_file_name;
    if (entry.is_directory(ec) && fs::is_regular_file(candidate, ec)) out.push_back(candidate.string());
  }
  std::sort(out.begin(), out.end());
  if (out.empty()) {
    throw scenario_error(fmt::format("merge: {}: no {} in it or in its subdirectories (each shard's --out DIR holds one)",
                                     path, scenarios::shard_file_name));
  }
  return out;
}

shard_record read_record(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) throw scenario_error(fmt::format("merge: {}: cannot read it", path));
  return scenarios::parse_shard_record(text.str(), path);
}

int run_merge_command(const merge_options& o) {
  std::vector<shard_record> records;
  for (const auto& p : o.paths) {
    for (const auto& file : shard_files(p)) records.push_back(read_record(file));
  }
  scenarios::check_shard_set(records);
  std::sort(records.begin(), records.end(), [](const auto& a, const auto& b) { return a.shard < b.shard; });
  const std::string scenario = records.front().request.at("scenario").get<std::string>();
  std::cerr << fmt::format("merge: {} shard(s) of {} {}\n", records.size(), records.front().command, scenario);
  const std::string& command = records.front().command;
  if (command == "explore") {
    const scenarios::explore_request q = scenarios::explore_request_of(records.front().request);
    std::vector<scenarios::explore_result> shards;
    for (const auto& r : records) shards.push_back(*r.explore);
    return report_explore(q, scenarios::merge_explore(shards, q.policies), o.json, o.junit);
  }
  if (command == "sweep") {
    std::vector<scenarios::sweep_result> shards;
    for (const auto& r : records) shards.push_back(*r.sweep);
    return report_sweep(scenarios::merge_sweep(shards), o.json, o.junit);
  }
  scenarios::hunt_request q;  // what hunt's report reads of it: the scenario, one shard
  q.scenario = scenario;
  std::vector<scenarios::hunt_result> shards;
  for (const auto& r : records) shards.push_back(*r.hunt);
  return report_hunt(q, scenarios::merge_hunt(shards), o.json, o.junit);
}

}  // namespace

void register_merge(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand(
      "merge", "Combine the shards of an explore, hunt or sweep (`--shard i/N --out DIR`) into the report one process "
               "would have printed");
  cmd->footer("Every shard 1..N must be there exactly once, all of one request by one reconsim; a missing,\n"
              "duplicated, interrupted or mismatched shard is an error naming the files (exit 2).\n"
              "Exit codes otherwise as the command merged: 0 every run passed (a sweep: always); 1 a run failed;\n"
              "3 INCONCLUSIVE runs.");
  auto o = std::make_shared<merge_options>();
  cmd->add_option("paths", o->paths,
                  "Shard files, or directories holding shard.json or subdirectories that do (e.g. /results with "
                  "/results/0 .. /results/N-1)")
      ->required();
  cmd->add_flag("--json", o->json, "Print the merged result as the command's own --json would");
  add_junit_option(cmd, o->junit);
  cmd->callback([o, &exit_code] { exit_code = run_merge_command(*o); });
}

}  // namespace reconsim::cli
