// The calibration table: each unmeasured number, its default plausible
// range and why. Values are applied through the override table
// (overrides.cpp), so a calibration is set the same way everywhere.
#include "reconsim/scenarios/spec/calibration.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "reconsim/scenarios/spec/scenario.hpp"

namespace reconsim::scenarios {

const std::vector<calibration_parameter>& calibration_parameters() {
  static const std::vector<calibration_parameter> table = {
      {"api.latency", "every API-server request's latency, uniform in MIN..MAX", "500us..1ms", "10ms..50ms",
       "guess: kube-apiserver on one Kind node, unloaded; not measured"},
      {"watch.delay", "a watch event's way from the API server to the informer, uniform in MIN..MAX", "1ms..2ms",
       "50ms..200ms", "guess: etcd watch to a client-go informer on Kind; not measured"},
      {"network.latency", "one-way latency of every link (DataStorage, Slack), uniform in MIN..MAX", "100us..200us",
       "5ms..20ms", "guess: pod-to-pod and NodePort traffic on one Kind node; not measured"},
      {"virtiofs.tail_probability", "the chance a virtiofs sync takes extra time (0..1)", "0", "0.25",
       "guess: the '+' in seed 001's '3-4 s+'; not measured"},
      {"virtiofs.tail_factor", "a tail sync's extra time, up to FACTOR x the range's max (0..100)", "0.5", "3",
       "guess: how far past '3-4 s' the '+' reaches; not measured"},
      {"datastorage.index_delay", "DataStorage's indexing delay: a stored event is queryable after MIN..MAX", "0s",
       "5s", "guess: the store answers at once; seed 002 saw 50-90 s in its setup"},
  };
  return table;
}

const calibration_parameter* find_calibration_parameter(std::string_view name) {
  const auto& t = calibration_parameters();
  auto it = std::find_if(t.begin(), t.end(), [name](const calibration_parameter& p) { return name == p.name; });
  return it == t.end() ? nullptr : &*it;
}

bool is_calibration_name(std::string_view name) { return find_calibration_parameter(name) != nullptr; }

std::string calibration_names_text() {
  std::string out;
  for (const auto& p : calibration_parameters()) out += (out.empty() ? "" : ", ") + std::string(p.name);
  return out;
}

calibration default_calibration(const calibration_parameter& p) { return {p.name, p.low, p.high, p.source}; }

std::optional<duration_range> parse_duration_range(std::string_view text) {
  const std::size_t dots = text.find("..");
  const std::string_view lo = text.substr(0, dots);
  const std::string_view hi = dots == std::string_view::npos ? lo : text.substr(dots + 2);
  duration_range r;
  if (lo.empty() || hi.empty() || !sim::parse_duration(lo, r.min) || !sim::parse_duration(hi, r.max)) return std::nullopt;
  if (r.min < sim::duration::zero() || r.max < r.min) return std::nullopt;
  return r;
}

std::string format_duration_range(sim::duration min, sim::duration max) {
  if (min == max) return sim::format_duration(min);
  return sim::format_duration(min) + ".." + sim::format_duration(max);
}

std::string calibration_value(const scenario_spec& s, std::string_view name) {
  const platform_timing& t = s.timing;
  if (name == "api.latency") return format_duration_range(t.api_latency_min, t.api_latency_max);
  if (name == "watch.delay") return format_duration_range(t.watch_delay_min, t.watch_delay_max);
  if (name == "network.latency") return format_duration_range(t.network_latency_min, t.network_latency_max);
  if (name == "virtiofs.tail_probability") return fmt::format("{}", s.fs.latency.tail_probability);
  if (name == "virtiofs.tail_factor") return fmt::format("{}", s.fs.latency.tail_factor);
  if (name == "datastorage.index_delay") {
    return format_duration_range(s.datastorage.index_delay_min, s.datastorage.index_delay_max);
  }
  throw scenario_error(fmt::format("unknown calibration '{}' (expected one of: {})", name, calibration_names_text()));
}

std::vector<calibration> declared_or_default(const scenario_spec& s) {
  if (!s.calibrations.empty()) return s.calibrations;
  std::vector<calibration> out;
  for (const auto& p : calibration_parameters()) {
    // DataStorage's indexing matters only where DataStorage runs.
    if (std::string_view(p.name) == "datastorage.index_delay" && !s.datastorage.enabled) continue;
    out.push_back(default_calibration(p));
  }
  return out;
}

}  // namespace reconsim::scenarios
