#include "reconsim/scenarios/search/repro.hpp"

#include <fmt/format.h>

#include <cctype>
#include <cstdint>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "reconsim/scenarios/spec/overrides.hpp"

namespace reconsim::scenarios {

namespace {
constexpr int repro_format = 1;

template <class T>
void put_optional(nlohmann::json& j, const char* key, const std::optional<T>& v) {
  if (v) j[key] = *v;
}

template <class T>
void get_optional(const nlohmann::json& j, const char* key, std::optional<T>& out) {
  if (j.contains(key) && !j[key].is_null()) out = j[key].get<T>();
}

// Shell-quotes a word only when it needs it.
std::string quote(const std::string& s) {
  if (!s.empty() && s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:=,") == std::string::npos) {
    return s;
  }
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out.push_back(c);
    }
  }
  return out + "'";
}
}  // namespace

std::string repro_to_text(const repro& r) {
  nlohmann::json j;
  j["reconsim_repro"] = repro_format;
  j["scenario"] = r.request.scenario;
  j["seed"] = r.request.seed;
  put_optional(j, "variant", r.request.variant);
  put_optional(j, "plan", r.request.plan);
  put_optional(j, "procs", r.request.procs);
  put_optional(j, "queue", r.request.queue);
  put_optional(j, "policy", r.request.policy);
  if (!r.request.overrides.empty()) {
    j["overrides"] = nlohmann::json::array();
    for (const auto& [name, value] : r.request.overrides) j["overrides"].push_back(name + "=" + value);
  }
  j["trace_hash"] = r.trace_hash;
  j["failed"] = r.failed;
  return j.dump(2) + "\n";
}

repro repro_from_text(const std::string& text, const std::string& file) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw std::runtime_error(fmt::format("{}: not a repro file (JSON error at byte {}): {}", file, e.byte, e.what()));
  }
  if (!j.is_object() || !j.contains("reconsim_repro")) {
    throw std::runtime_error(fmt::format("{}: not a repro file (no \"reconsim_repro\" key)", file));
  }
  if (j["reconsim_repro"] != repro_format) {
    throw std::runtime_error(fmt::format("{}: repro format {} is not supported (expected {})", file,
                                         j["reconsim_repro"].dump(), repro_format));
  }
  repro r;
  try {
    r.request.scenario = j.at("scenario").get<std::string>();
    r.request.seed = j.at("seed").get<std::uint64_t>();
    get_optional(j, "variant", r.request.variant);
    get_optional(j, "plan", r.request.plan);
    get_optional(j, "procs", r.request.procs);
    get_optional(j, "queue", r.request.queue);
    get_optional(j, "policy", r.request.policy);
    if (j.contains("overrides")) {
      for (const auto& o : j.at("overrides")) r.request.overrides.push_back(parse_override(o.get<std::string>()));
    }
    r.trace_hash = j.at("trace_hash").get<std::string>();
    if (j.contains("failed")) r.failed = j["failed"].get<std::string>();
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(fmt::format("{}: bad repro file: {}", file, e.what()));
  } catch (const scenario_error& e) {
    throw std::runtime_error(fmt::format("{}: bad repro file: overrides: {}", file, e.what()));
  }
  return r;
}

repro read_repro_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(fmt::format("{}: cannot open repro file", path));
  std::stringstream ss;
  ss << in.rdbuf();
  return repro_from_text(ss.str(), path);
}

namespace {

// Letters, digits, '-' and '_' only.
std::string file_word(const std::string& s) {
  std::string out = s;
  for (char& c : out) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') c = '_';
  }
  return out;
}

// 32-bit FNV-1a, for a short stable tag of the overrides in a file name.
std::uint32_t fnv1a(const std::string& s) {
  std::uint32_t h = 2166136261u;
  for (const unsigned char c : s) h = (h ^ c) * 16777619u;
  return h;
}

}  // namespace

std::string repro_file_name(const run_request& r) {
  // Everything that tells two failures of one scenario and seed apart
  // (explore's groups, a sweep's points) is in the name.
  std::string name = file_word(r.scenario);
  if (r.variant) name += "-" + file_word(*r.variant);
  name += fmt::format("-seed{}", r.seed);
  if (r.procs) name += fmt::format("-procs{}", *r.procs);
  if (r.queue) name += "-" + file_word(*r.queue);
  if (r.policy) name += "-" + file_word(*r.policy);
  if (!r.overrides.empty() || (r.plan && !r.plan->empty())) {
    std::string what = r.plan.value_or("");
    for (const auto& [k, v] : r.overrides) what += "\n" + k + "=" + v;
    name += fmt::format("-{:08x}", fnv1a(what));
  }
  return name + ".repro";
}

std::string write_repro_file(const repro& r, const std::string& dir) {
  const std::string path = dir + "/" + repro_file_name(r.request);
  std::ofstream out(path);
  if (!out) throw std::runtime_error(fmt::format("{}: cannot write repro file", path));
  out << repro_to_text(r);
  return path;
}

std::string replay_command(const std::string& path) { return "reconsim replay " + quote(path); }

std::string run_command(const run_request& r) {
  std::string cmd = fmt::format("reconsim run {} --seed {}", quote(r.scenario), r.seed);
  if (r.variant) cmd += " --variant " + quote(*r.variant);
  if (r.procs) cmd += fmt::format(" --procs {}", *r.procs);
  if (r.queue) cmd += " --queue " + quote(*r.queue);
  if (r.policy) cmd += " --policy " + quote(*r.policy);
  for (const auto& [name, value] : r.overrides) cmd += " --set " + quote(name + "=" + value);
  if (r.plan) cmd += " --plan " + quote(*r.plan);
  return cmd;
}

}  // namespace reconsim::scenarios
