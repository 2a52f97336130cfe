#include "shard_option.hpp"

#include <cstdlib>
#include <filesystem>

#include "reconsim/scenarios/search/explore.hpp"
#include "reconsim/scenarios/spec/output_file.hpp"
#include "reconsim/scenarios/spec/scenario.hpp"
#include "version.hpp"

namespace reconsim::cli {

void add_shard_options(CLI::App* cmd, shard_options& o, const std::string& slices) {
  cmd->add_option("--shard", o.shard,
                  "Run only shard i of N of " + slices +
                      " (i/N, 1-based); auto/N takes i from JOB_COMPLETION_INDEX (0-based, set by a Kubernetes "
                      "Indexed Job). Shards 1..N together run everything once; `reconsim merge` combines them")
      ->capture_default_str();
  cmd->add_option("--out", o.out,
                  "Write this shard's result to DIR/shard.json and its repro files to DIR (atomically), for "
                  "`reconsim merge`");
}

std::pair<int, int> resolve_shard(const shard_options& o) {
  return scenarios::parse_shard(o.shard, std::getenv("JOB_COMPLETION_INDEX"));
}

std::string prepare_out_dir(const shard_options& o, const std::string& repro_dir) {
  if (o.out.empty()) return repro_dir;
  std::error_code ec;
  std::filesystem::create_directories(o.out, ec);
  if (ec) throw scenarios::scenario_error("--out " + o.out + ": cannot create the directory: " + ec.message());
  return o.out;
}

namespace {

scenarios::shard_record record_of(const char* command, int shard, int shards, nlohmann::json request) {
  scenarios::shard_record r;
  r.command = command;
  r.version = version_line();
  r.shard = shard;
  r.shards = shards;
  r.request = std::move(request);
  return r;
}

void write_record(const shard_options& o, const scenarios::shard_record& r) {
  scenarios::write_file_atomically(o.out + "/" + scenarios::shard_file_name, "shard file",
                                   scenarios::shard_record_text(r));
}

}  // namespace

void write_shard_file(const shard_options& o, const scenarios::explore_request& q, const scenarios::explore_result& r) {
  if (o.out.empty()) return;
  scenarios::shard_record record = record_of("explore", q.shard, q.shards, scenarios::explore_request_identity(q));
  record.explore = r;
  write_record(o, record);
}

void write_shard_file(const shard_options& o, const scenarios::hunt_request& q, const scenarios::hunt_result& r) {
  if (o.out.empty()) return;
  scenarios::shard_record record = record_of("hunt", q.shard, q.shards, scenarios::hunt_request_identity(q));
  record.hunt = r;
  write_record(o, record);
}

void write_shard_file(const shard_options& o, const scenarios::sweep_request& q, const scenarios::sweep_result& r) {
  if (o.out.empty()) return;
  scenarios::shard_record record = record_of("sweep", q.shard, q.shards, scenarios::sweep_request_identity(q));
  record.sweep = r;
  write_record(o, record);
}

}  // namespace reconsim::cli
