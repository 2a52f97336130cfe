#pragma once
// What a wall-clock figure was measured on. A ratio read on one machine
// does not carry over to another (bench/README.md: the same tree read 5.97
// on one 2-vCPU EPYC and 4.8 on another), and a neighbour's load moves it
// within minutes, so `bench scenario` reports the CPU and the load beside
// its figures. Read from Linux's /proc; elsewhere the fields are empty.
#include <optional>
#include <string>
#include <string_view>

namespace reconsim::cli {

struct machine_reading {
  std::string cpu;                // "AMD EPYC (family 26, model 2)", or "" when unknown
  unsigned cpus = 0;              // logical CPUs this process may see, 0 when unknown
  std::optional<double> load_1m;  // the 1-minute load average, this process's own work included
};

machine_reading read_machine();

// The parsers, apart from the files, for the tests.
// The first CPU's model name, with its family and model numbers when given.
std::string cpu_of_cpuinfo(std::string_view cpuinfo);
// The first field of /proc/loadavg.
std::optional<double> load_of_loadavg(std::string_view loadavg);

}  // namespace reconsim::cli
