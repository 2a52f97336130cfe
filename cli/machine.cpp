#include "machine.hpp"

#include <charconv>
#include <fstream>
#include <iterator>
#include <thread>

namespace reconsim::cli {

namespace {

std::string read_file(const char* path) {
  std::ifstream in(path);
  if (!in) return {};
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string cpu_of_cpuinfo(std::string_view cpuinfo) {
  std::string name;
  std::string family;
  std::string model;
  while (!cpuinfo.empty()) {
    const std::size_t end = cpuinfo.find('\n');
    const std::string_view line = cpuinfo.substr(0, end);
    cpuinfo = end == std::string_view::npos ? std::string_view{} : cpuinfo.substr(end + 1);
    if (trim(line).empty()) {
      if (!name.empty()) break;  // the first CPU's block ends here
      continue;
    }
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string_view key = trim(line.substr(0, colon));
    const std::string_view value = trim(line.substr(colon + 1));
    if (key == "model name" && name.empty()) name = value;
    if (key == "cpu family" && family.empty()) family = value;
    if (key == "model" && model.empty()) model = value;
  }
  if (name.empty()) return {};
  if (family.empty() || model.empty()) return name;
  return name + " (family " + family + ", model " + model + ")";
}

std::optional<double> load_of_loadavg(std::string_view loadavg) {
  loadavg = trim(loadavg);
  const std::size_t end = loadavg.find(' ');
  const std::string_view first = loadavg.substr(0, end);
  double load = 0;
  const auto [ptr, ec] = std::from_chars(first.data(), first.data() + first.size(), load);
  if (ec != std::errc{} || ptr != first.data() + first.size()) return std::nullopt;
  return load;
}

machine_reading read_machine() {
  machine_reading m;
  m.cpu = cpu_of_cpuinfo(read_file("/proc/cpuinfo"));
  m.cpus = std::thread::hardware_concurrency();
  m.load_1m = load_of_loadavg(read_file("/proc/loadavg"));
  return m;
}

}  // namespace reconsim::cli
