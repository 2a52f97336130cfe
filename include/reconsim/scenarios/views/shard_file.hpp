#pragma once
// The file one shard of a search leaves behind (`--out DIR` writes
// DIR/shard.json), and the checks `reconsim merge` makes before it combines
// them (search/merge.hpp): that every file is a shard of the same request
// by the same reconsim, each shard once, none missing. A pod the Job
// controller ran twice rewrites its own directory; two files claiming one
// shard are an error, never counted twice.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "reconsim/scenarios/search/explore.hpp"
#include "reconsim/scenarios/search/hunt.hpp"
#include "reconsim/scenarios/search/sweep.hpp"

namespace reconsim::scenarios {

// The name of the file in a shard's --out directory.
inline constexpr const char* shard_file_name = "shard.json";

struct shard_record {
  std::string path;     // where it was read from (for messages); empty when written
  std::string command;  // "explore", "hunt" or "sweep"
  std::string version;  // the writer's `reconsim --version` line
  int shard = 1;        // 1-based
  int shards = 1;
  // What must be the same in every shard: the request without the shard,
  // the number of threads and where repros went.
  nlohmann::json request;
  std::optional<explore_result> explore;
  std::optional<hunt_result> hunt;
  std::optional<sweep_result> sweep;  // its request rebuilt from `request` (sweep_request_of)
};

nlohmann::json explore_request_identity(const explore_request& q);
// The inverse, as far as explore's report and merge read it (scenario,
// variant, seeds, policies, the determinism sample; shard 1 of 1).
explore_request explore_request_of(const nlohmann::json& identity);
nlohmann::json hunt_request_identity(const hunt_request& q);
nlohmann::json sweep_request_identity(const sweep_request& q);
// The inverse, for merge (shard 1 of 1, one job).
sweep_request sweep_request_of(const nlohmann::json& identity);

std::string shard_record_text(const shard_record& r);
// Throws scenario_error naming `path` and what is wrong in it.
shard_record parse_shard_record(const std::string& text, const std::string& path);

// Throws scenario_error naming the files: records of different commands,
// versions, requests or shard counts; a shard twice; shards missing; a
// shard that was interrupted (partial).
void check_shard_set(const std::vector<shard_record>& records);

}  // namespace reconsim::scenarios
