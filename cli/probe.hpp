#pragma once
// The determinism probe: a fixed kernel workload under a seeded random
// schedule. CI runs it from a GCC Release and a Clang Debug build and
// requires the same trace hash.
#include <cstdint>
#include <string>

#include "reconsim/sim/world.hpp"

namespace reconsim::cli {

struct probe_result {
  std::string trace_hash;
  std::uint64_t events = 0;
  std::uint64_t trace_events = 0;
  double virtual_s = 0;
};

probe_result run_determinism_probe(std::uint64_t seed, sim::schedule_policy policy = sim::schedule_policy::random);

}  // namespace reconsim::cli
