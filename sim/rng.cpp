#include "reconsim/sim/rng.hpp"

#include <cmath>
#include <numbers>

namespace reconsim::sim {

std::uint64_t splitmix64(std::uint64_t& state) noexcept {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

std::uint64_t hash_name(std::string_view name) noexcept {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : name) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  return h;
}

rng::rng(std::uint64_t seed) noexcept {
  std::uint64_t state = seed;
  for (auto& s : s_) s = splitmix64(state);
}

rng rng::stream(std::uint64_t root, std::string_view name) noexcept {
  // Mixing the root through splitmix first keeps seeds 1 and 2 far apart
  // for every stream name.
  std::uint64_t state = root;
  const std::uint64_t mixed_root = splitmix64(state);
  return rng(mixed_root ^ hash_name(name));
}

namespace {
__extension__ typedef unsigned __int128 uint128;  // -Wpedantic: a GCC/Clang extension on purpose
inline std::uint64_t rotl(std::uint64_t x, int k) noexcept { return (x << k) | (x >> (64 - k)); }
}  // namespace

std::uint64_t rng::next() noexcept {
  const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
  const std::uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

std::uint64_t rng::uniform_int(std::uint64_t lo, std::uint64_t hi) noexcept {
  const std::uint64_t span = hi - lo;
  if (span == ~0ull) return next();
  const std::uint64_t range = span + 1;
  // Lemire's nearly divisionless method, with rejection for exactness.
  uint128 m = static_cast<uint128>(next()) * range;
  auto low = static_cast<std::uint64_t>(m);
  if (low < range) {
    const std::uint64_t threshold = (0 - range) % range;
    while (low < threshold) {
      m = static_cast<uint128>(next()) * range;
      low = static_cast<std::uint64_t>(m);
    }
  }
  return lo + static_cast<std::uint64_t>(m >> 64);
}

std::int64_t rng::uniform_int(std::int64_t lo, std::int64_t hi) noexcept {
  const auto span = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo);
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(lo) + uniform_int(std::uint64_t{0}, span));
}

double rng::uniform01() noexcept { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

double rng::uniform_real(double lo, double hi) noexcept { return lo + (hi - lo) * uniform01(); }

double rng::exponential(double mean) noexcept { return -mean * std::log1p(-uniform01()); }

double rng::normal(double mean, double stddev) noexcept {
  // Box-Muller; one value per call keeps the stream position simple.
  double u1 = uniform01();
  while (u1 <= 0.0) u1 = uniform01();
  const double u2 = uniform01();
  const double r = std::sqrt(-2.0 * std::log(u1));
  return mean + stddev * r * std::cos(2.0 * std::numbers::pi * u2);
}

double rng::lognormal(double mu, double sigma) noexcept { return std::exp(normal(mu, sigma)); }

bool rng::bernoulli(double p) noexcept {
  if (p <= 0.0) return false;
  if (p >= 1.0) return true;
  return uniform01() < p;
}

duration rng::uniform_duration(duration lo, duration hi) noexcept {
  if (hi <= lo) return lo;
  return duration(uniform_int(static_cast<std::int64_t>(lo.count()), static_cast<std::int64_t>(hi.count())));
}

}  // namespace reconsim::sim
