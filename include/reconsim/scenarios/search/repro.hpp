#pragma once
// A repro file: everything needed to re-run a failure exactly, plus the
// trace hash the re-run must reproduce.
#include <optional>
#include <string>

#include "reconsim/scenarios/testbed/run.hpp"
#include "reconsim/sim/trace.hpp"

namespace reconsim::scenarios {

struct repro {
  run_request request;
  std::string trace_hash;
  // Which hash function trace_hash is (sim::trace_hash_version); a file
  // without the field predates it: version 1.
  int trace_hash_version = sim::trace_hash_version;
  std::string failed;  // what failed, for the reader
  // When the scenario is a file, not a built-in: its absolute path and its
  // text when the repro was written (write_repro_file fills both), so a
  // replay works from any directory and can say when the file changed.
  std::string scenario_path;
  std::optional<std::string> scenario_text;
};

// How a replay finds its scenario: the file as named (or at its absolute
// path) when its text is what the repro stored, else the stored copy.
struct replay_source {
  std::optional<std::string> text;  // set: run this stored text, not the file
  std::string note;                 // why, for the reader ("" when the file is as stored)
};
replay_source replay_source_of(const repro& r);

std::string repro_to_text(const repro& r);
// Throws std::runtime_error naming the file and what was wrong.
repro repro_from_text(const std::string& text, const std::string& file);
repro read_repro_file(const std::string& path);
// "<scenario>[-<variant>]-seed<seed>[-procsN][-<queue>][-<policy>][-<tag>].repro",
// the tag a hash of the plan and overrides: two different failures of one
// scenario and seed get two files.
std::string repro_file_name(const run_request& r);
// Writes "<dir>/<repro_file_name>" and returns its path.
std::string write_repro_file(const repro& r, const std::string& dir = ".");
// The one command that re-runs it: `reconsim replay <path>`.
std::string replay_command(const std::string& path);
// The equivalent `reconsim run ...` command line.
std::string run_command(const run_request& r);

}  // namespace reconsim::scenarios
