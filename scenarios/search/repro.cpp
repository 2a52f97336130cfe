#include "reconsim/scenarios/search/repro.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "reconsim/scenarios/spec/output_file.hpp"
#include "reconsim/scenarios/spec/overrides.hpp"
#include "reconsim/scenarios/spec/scenario.hpp"

namespace reconsim::scenarios {

namespace {
constexpr int repro_format = 1;

template <class T>
void put_optional(nlohmann::json& j, const char* key, const std::optional<T>& v) {
  if (v) j[key] = *v;
}

// A repro file is input like any other: every field is type- and
// range-checked before it is converted (nlohmann's get<int> on 1e10 or
// get<uint64_t> on -1 would be undefined or wrap silently).
[[noreturn]] void bad_field(const std::string& file, const char* key, const nlohmann::json& v, const char* want) {
  throw std::runtime_error(fmt::format("{}: bad repro file: \"{}\" is {}, expected {}", file, key, v.dump(), want));
}

std::string text_field(const nlohmann::json& v, const std::string& file, const char* key) {
  if (!v.is_string()) bad_field(file, key, v, "a string");
  return v.get<std::string>();
}

std::uint64_t seed_field(const nlohmann::json& v, const std::string& file, const char* key) {
  // Parsed as unsigned only when it is a whole number >= 0 without exponent.
  if (!v.is_number_unsigned()) bad_field(file, key, v, "a whole number from 0 to 18446744073709551615");
  return v.get<std::uint64_t>();
}

int int_field(const nlohmann::json& v, const std::string& file, const char* key, int lo, int hi) {
  const std::string want = fmt::format("a whole number from {} to {}", lo, hi);
  if (!v.is_number_integer()) bad_field(file, key, v, want.c_str());
  // Compared as the type it was parsed as: a large unsigned value must not
  // wrap into range when read as signed.
  const bool in_range = v.is_number_unsigned()
                            ? v.get<std::uint64_t>() <= static_cast<std::uint64_t>(hi) &&
                                  v.get<std::uint64_t>() >= static_cast<std::uint64_t>(std::max(lo, 0))
                            : v.get<std::int64_t>() >= lo && v.get<std::int64_t>() <= hi;
  if (!in_range) bad_field(file, key, v, want.c_str());
  return static_cast<int>(v.get<std::int64_t>());
}

bool present(const nlohmann::json& j, const char* key) { return j.contains(key) && !j[key].is_null(); }

void get_optional_text(const nlohmann::json& j, const std::string& file, const char* key,
                       std::optional<std::string>& out) {
  if (present(j, key)) out = text_field(j[key], file, key);
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
  put_optional(j, "max_trace_mb", r.request.max_trace_mb);
  put_optional(j, "queue", r.request.queue);
  put_optional(j, "policy", r.request.policy);
  if (!r.request.overrides.empty()) {
    j["overrides"] = nlohmann::json::array();
    for (const auto& [name, value] : r.request.overrides) j["overrides"].push_back(name + "=" + value);
  }
  j["trace_hash"] = r.trace_hash;
  j["trace_hash_version"] = r.trace_hash_version;
  j["failed"] = r.failed;
  if (r.scenario_text) {
    j["scenario_file"] = {{"path", r.scenario_path}, {"text", *r.scenario_text}};
  }
  return j.dump(2) + "\n";
}

repro repro_from_text(const std::string& text, const std::string& file) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw std::runtime_error(fmt::format("{}: not a repro file (JSON error at byte {}): {}", file, e.byte, e.what()));
  } catch (const nlohmann::json::exception& e) {  // e.g. a number too large for a double (1e400)
    throw std::runtime_error(fmt::format("{}: not a repro file: {}", file, e.what()));
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
    r.request.scenario = text_field(j.at("scenario"), file, "scenario");
    r.request.seed = seed_field(j.at("seed"), file, "seed");
    get_optional_text(j, file, "variant", r.request.variant);
    get_optional_text(j, file, "plan", r.request.plan);
    if (present(j, "procs")) r.request.procs = int_field(j["procs"], file, "procs", 1, max_request_procs);
    if (present(j, "max_trace_mb")) {
      r.request.max_trace_mb = static_cast<std::uint64_t>(int_field(j["max_trace_mb"], file, "max_trace_mb", 1, max_trace_mb_limit));
    }
    get_optional_text(j, file, "queue", r.request.queue);
    get_optional_text(j, file, "policy", r.request.policy);
    if (j.contains("overrides")) {
      if (!j["overrides"].is_array()) bad_field(file, "overrides", j["overrides"], "a list of \"NAME=VALUE\" strings");
      for (const auto& o : j["overrides"]) {
        r.request.overrides.push_back(parse_override(text_field(o, file, "overrides[]")));
      }
    }
    r.trace_hash = text_field(j.at("trace_hash"), file, "trace_hash");
    r.trace_hash_version = present(j, "trace_hash_version")
                               ? int_field(j["trace_hash_version"], file, "trace_hash_version", 1, 1000)
                               : 1;
    if (present(j, "failed")) r.failed = text_field(j["failed"], file, "failed");
    if (present(j, "scenario_file")) {
      const auto& f = j["scenario_file"];
      if (!f.is_object()) bad_field(file, "scenario_file", f, "an object {path, text}");
      r.scenario_path = text_field(f.at("path"), file, "scenario_file.path");
      r.scenario_text = text_field(f.at("text"), file, "scenario_file.text");
    }
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

// A file's whole text, or nullopt when it cannot be read.
std::optional<std::string> read_text(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

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

std::string write_repro_file(const repro& given, const std::string& dir) {
  repro r = given;
  // A scenario file travels with its repro: replay must not depend on
  // the directory it runs in, or on the file staying as it was.
  if (!r.scenario_text && find_scenario(r.request.scenario) == nullptr) {
    if (auto text = read_text(r.request.scenario)) {
      std::error_code ec;
      r.scenario_path = std::filesystem::absolute(r.request.scenario, ec).lexically_normal().string();
      r.scenario_text = std::move(text);
    }
  }
  std::error_code made;
  std::filesystem::create_directories(dir, made);  // a --repro-dir that does not exist yet is made, not an error
  const std::string path = dir + "/" + repro_file_name(r.request);
  write_file_atomically(path, "repro file", repro_to_text(r));
  return path;
}

replay_source replay_source_of(const repro& r) {
  if (!r.scenario_text) return {};
  for (const std::string& candidate : {r.request.scenario, r.scenario_path}) {
    if (candidate.empty()) continue;
    if (const auto text = read_text(candidate)) {
      if (*text == *r.scenario_text) return {};  // the file as it was: run it
      return {r.scenario_text, fmt::format("the scenario file {} changed since this repro was written; replaying "
                                           "the copy stored in the repro",
                                           candidate)};
    }
  }
  return {r.scenario_text, fmt::format("the scenario file {} is not here; replaying the copy stored in the repro",
                                       r.request.scenario)};
}

std::string replay_command(const std::string& path) { return "reconsim replay " + quote(path); }

std::string run_command(const run_request& r) {
  std::string cmd = fmt::format("reconsim run {} --seed {}", quote(r.scenario), r.seed);
  if (r.variant) cmd += " --variant " + quote(*r.variant);
  if (r.procs) cmd += fmt::format(" --procs {}", *r.procs);
  if (r.queue) cmd += " --queue " + quote(*r.queue);
  if (r.policy) cmd += " --policy " + quote(*r.policy);
  if (r.max_trace_mb) cmd += fmt::format(" --max-trace-mb {}", *r.max_trace_mb);
  for (const auto& [name, value] : r.overrides) cmd += " --set " + quote(name + "=" + value);
  if (r.plan) cmd += " --plan " + quote(*r.plan);
  return cmd;
}

}  // namespace reconsim::scenarios
