#include "trace_file.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <optional>

#include "reconsim/scenarios/spec/error.hpp"

namespace reconsim::cli {

namespace {

// ordered_json: a field's place in the event is part of its hash.
using json = nlohmann::ordered_json;

struct bad_line {
  std::size_t column;
  std::string what;
};

sim::field_value value_of(const json& v, const std::string& key) {
  if (v.is_number_integer()) return v.get<std::int64_t>();
  if (v.is_number_float()) return v.get<double>();
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_string()) return v.get<std::string>();
  throw bad_line{1, fmt::format("field \"{}\" is {}; expected a number, a boolean or a string", key, v.type_name())};
}

sim::trace_event event_of(const std::string& line) {
  json j;
  try {
    j = json::parse(line);
  } catch (const json::parse_error& e) {
    throw bad_line{e.byte, "not JSON: " + std::string(e.what())};
  }
  if (!j.is_object()) throw bad_line{1, "expected an object {t_ns, actor, kind, fields}"};
  for (const char* key : {"t_ns", "actor", "kind", "fields"}) {
    if (!j.contains(key)) throw bad_line{1, fmt::format("missing \"{}\"; expected t_ns, actor, kind and fields", key)};
  }
  if (!j["t_ns"].is_number_integer()) throw bad_line{1, "t_ns: expected an integer (nanoseconds)"};
  if (!j["actor"].is_string() || !j["kind"].is_string()) throw bad_line{1, "actor and kind: expected strings"};
  if (!j["fields"].is_object()) throw bad_line{1, "fields: expected an object"};
  sim::trace_event e;
  e.at = sim::time_point(sim::duration(j["t_ns"].get<std::int64_t>()));
  e.actor = sim::symbol(std::string_view(j["actor"].get_ref<const std::string&>()));
  e.kind = sim::symbol(std::string_view(j["kind"].get_ref<const std::string&>()));
  std::vector<sim::field> fields;
  for (const auto& [key, v] : j["fields"].items()) {
    fields.emplace_back(sim::symbol(std::string_view(key)), std::int64_t{0});
    fields.back().value = value_of(v, key);
  }
  e.fields = sim::field_list(sim::views_of(fields));
  return e;
}

}  // namespace

void read_trace_file(const std::string& path, const std::function<void(const sim::trace_event&)>& each) {
  std::ifstream in(path);
  if (!in) throw scenarios::scenario_error(fmt::format("{}: cannot read the trace file", path));
  std::string line;
  std::optional<sim::time_point> previous;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    try {
      sim::trace_event e = event_of(line);
      // A run's clock never goes back, and the checkers' look-back relies
      // on that (it finds a moment by binary search): such a file was not
      // written by a run.
      if (previous && e.at < *previous) {
        const std::size_t t_ns_at = line.find("\"t_ns\"");
        throw bad_line{t_ns_at == std::string::npos ? 1 : t_ns_at + 1,
                       fmt::format("t_ns {} is before the previous event's {}; a trace's times never go back",
                                   e.at.time_since_epoch().count(), previous->time_since_epoch().count())};
      }
      previous = e.at;
      each(e);
    } catch (const bad_line& b) {
      throw scenarios::scenario_error(fmt::format("{}:{}:{}: {}", path, number, b.column, b.what));
    }
  }
}

}  // namespace reconsim::cli
