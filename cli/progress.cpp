#include "progress.hpp"

#include <fmt/format.h>

#include <chrono>
#include <iostream>
#include <memory>
#include <sstream>

namespace reconsim::cli {

std::function<void(int, int, int)> eta_progress(std::string what) {
  auto start = std::make_shared<std::chrono::steady_clock::time_point>(std::chrono::steady_clock::now());
  return [start, what = std::move(what)](int done, int total, int failed) {
    if (done != total && done % 10 != 0) return;
    const double spent = std::chrono::duration<double>(std::chrono::steady_clock::now() - *start).count();
    const double eta = done > 0 ? spent / done * (total - done) : 0;
    std::cerr << fmt::format("\r{}: {}/{} runs, {} failed, {:.1f} s, ETA {:.1f} s   ", what, done, total, failed, spent,
                             eta)
              << std::flush;
    if (done == total) std::cerr << "\n";
  };
}

std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream ss(text);
  for (std::string item; std::getline(ss, item, ',');) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

}  // namespace reconsim::cli
