#pragma once
// Seeded randomness. One root seed names a run; each consumer draws from its
// own named stream, so adding a stream never shifts the values of another.
// Distributions are written here on purpose: std::*_distribution differs
// between standard libraries.
#include <cstdint>
#include <string_view>

#include "reconsim/sim/time.hpp"

namespace reconsim::sim {

// splitmix64 step: used to expand seeds.
std::uint64_t splitmix64(std::uint64_t& state) noexcept;
// A stable 64-bit hash of a name (FNV-1a); part of the stream derivation.
std::uint64_t hash_name(std::string_view name) noexcept;

// xoshiro256** seeded through splitmix64.
class rng {
 public:
  explicit rng(std::uint64_t seed) noexcept;
  // The stream `name` of the run with root seed `root`.
  static rng stream(std::uint64_t root, std::string_view name) noexcept;

  std::uint64_t next() noexcept;
  // Uniform in [lo, hi], both inclusive; lo <= hi. Unbiased (Lemire).
  std::uint64_t uniform_int(std::uint64_t lo, std::uint64_t hi) noexcept;
  std::int64_t uniform_int(std::int64_t lo, std::int64_t hi) noexcept;
  // Uniform in [0, 1) with 53 random bits.
  double uniform01() noexcept;
  // Uniform in [lo, hi).
  double uniform_real(double lo, double hi) noexcept;
  double exponential(double mean) noexcept;
  double normal(double mean, double stddev) noexcept;
  // exp(N(mu, sigma)).
  double lognormal(double mu, double sigma) noexcept;
  bool bernoulli(double p) noexcept;
  // Uniform duration in [lo, hi], nanosecond resolution.
  duration uniform_duration(duration lo, duration hi) noexcept;

 private:
  std::uint64_t s_[4];
};

}  // namespace reconsim::sim
