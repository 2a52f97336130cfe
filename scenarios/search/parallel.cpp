#include "reconsim/scenarios/search/detail/parallel.hpp"
#include "reconsim/scenarios/search/stop.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace reconsim::scenarios::detail {

bool parallel_for(std::size_t n, int jobs, const std::function<void(std::size_t)>& run,
                  const std::function<void(std::size_t)>& done) {
  std::atomic<std::size_t> next{0};
  std::mutex lock;
  std::exception_ptr error;
  std::atomic<bool> stopped{false};
  auto worker = [&] {
    for (std::size_t i = next++; i < n; i = next++) {
      if (stop_requested()) {
        stopped = true;
        return;
      }
      try {
        run(i);
      } catch (...) {
        const std::lock_guard guard(lock);
        if (!error) error = std::current_exception();
        next = n;
        return;
      }
      if (done) {
        const std::lock_guard guard(lock);
        done(i);
      }
    }
  };
  const int threads_wanted = std::max(1, std::min(jobs, static_cast<int>(std::min<std::size_t>(n, 4096))));
  std::vector<std::thread> threads;
  for (int j = 1; j < threads_wanted; ++j) threads.emplace_back(worker);
  worker();
  for (auto& t : threads) t.join();
  if (error) std::rethrow_exception(error);
  return !stopped;
}

}  // namespace reconsim::scenarios::detail
