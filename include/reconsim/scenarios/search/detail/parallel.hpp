#pragma once
// The searches' one parallel loop: items 0..n-1 on `jobs` threads, each
// item written by one thread only, so a result assembled in item order
// afterwards does not depend on `jobs`. Each run is single-threaded in its
// own world; threads only ever share the item counter.
#include <cstddef>
#include <functional>

namespace reconsim::scenarios::detail {

// Calls run(i) for every i; after each, done(i) under a lock (progress,
// counters). The first exception stops the remaining items and is
// rethrown once every thread has stopped. When a stop is requested
// (stop.hpp) no new item starts; returns false then (some items did not
// run: the caller knows which from what run() wrote).
bool parallel_for(std::size_t n, int jobs, const std::function<void(std::size_t)>& run,
                  const std::function<void(std::size_t)>& done = {});

}  // namespace reconsim::scenarios::detail
