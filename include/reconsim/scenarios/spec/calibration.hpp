#pragma once
// Calibrations: the model's numbers that nobody measured (API-server
// latency, watch delay, link latency, the virtiofs tail, DataStorage
// indexing). Each is a `--set` name (overrides.hpp) with a value, a
// plausible range and where the number came from. A scenario declares the
// ones its conclusions may lean on in its `calibration:` section;
// `reconsim sweep --calibrations` runs the corners of those ranges and says
// whether a conclusion survives them (search/calibration_sweep.hpp).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reconsim/sim/time.hpp"

namespace reconsim::scenarios {

// The platform's timing, each number a calibration (defaults: what the
// first build-out guessed; see default_calibrations() for the ranges).
struct platform_timing {
  sim::duration api_latency_min = std::chrono::milliseconds(1);  // every API request, uniform
  sim::duration api_latency_max = std::chrono::milliseconds(5);
  sim::duration watch_delay_min = std::chrono::milliseconds(5);  // a watch event reaching the informer
  sim::duration watch_delay_max = std::chrono::milliseconds(20);
  sim::duration network_latency_min = std::chrono::microseconds(200);  // one way, every link
  sim::duration network_latency_max = std::chrono::milliseconds(2);

  friend bool operator==(const platform_timing&, const platform_timing&) = default;
};

// One declared calibration. Values are written as `--set` takes them:
// "1ms..5ms" for a range parameter, "0.05" for a probability.
struct calibration {
  std::string name;    // a calibration name (is_calibration_name)
  std::string low;     // the plausible range's ends
  std::string high;
  std::string source;  // where the value and the range came from
};

struct calibration_parameter {
  const char* name;
  const char* help;        // for `reconsim list` and --help
  const char* low;         // the default plausible range
  const char* high;
  const char* source;      // why these numbers
};
// Every calibration parameter, in a fixed order (the order sweeps use).
const std::vector<calibration_parameter>& calibration_parameters();
const calibration_parameter* find_calibration_parameter(std::string_view name);
bool is_calibration_name(std::string_view name);
std::string calibration_names_text();  // "api.latency, watch.delay, ..."

// The default declaration of a parameter (its default range and source).
calibration default_calibration(const calibration_parameter& p);

// "1ms..5ms" or "3ms" (min = max) -> {min, max}; nullopt when it is not a
// range of plain durations with min <= max.
struct duration_range {
  sim::duration min{};
  sim::duration max{};
};
std::optional<duration_range> parse_duration_range(std::string_view text);
std::string format_duration_range(sim::duration min, sim::duration max);

// A calibration's value in a scenario, written as `--set` takes it.
struct scenario_spec;
std::string calibration_value(const scenario_spec& spec, std::string_view name);
// The scenario's declarations, or the defaults when it declares none (a
// file without a `calibration:` section still has its guesses).
std::vector<calibration> declared_or_default(const scenario_spec& spec);

}  // namespace reconsim::scenarios
