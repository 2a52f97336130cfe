// shard.json: a search's result with everything `merge` needs to print it
// again (report texts, repro commands and files), and the request it ran.
#include "reconsim/scenarios/views/shard_file.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <tuple>

#include "reconsim/scenarios/spec/scenario.hpp"

namespace reconsim::scenarios {

namespace {

using nlohmann::json;

constexpr int shard_format = 1;

json optional_json(const std::optional<std::string>& v) { return v ? json(*v) : json(); }
json optional_json(const std::optional<std::uint64_t>& v) { return v ? json(*v) : json(); }
// A request's --max-trace-mb (null or absent: run's default).
std::optional<std::uint64_t> optional_mb(const json& q) {
  if (!q.contains("max_trace_mb") || q.at("max_trace_mb").is_null()) return std::nullopt;
  return q.at("max_trace_mb").get<std::uint64_t>();
}

json report_json(const counterexample_report& r) {
  return {{"text", r.text}, {"run_command", r.run_command}, {"repro_path", r.repro_path}};
}
counterexample_report report_of(const json& j) {
  counterexample_report r;
  r.text = j.at("text").get<std::string>();
  r.run_command = j.at("run_command").get<std::string>();
  r.repro_path = j.at("repro_path").get<std::string>();
  return r;
}

// A verdict as far as a printed report reads it.
json verdict_json(const property_verdict& v) { return {{"failed", v.failed}, {"explanation", v.explanation}}; }
property_verdict verdict_of(const json& j) {
  property_verdict v;
  v.held = false;
  v.failed = j.at("failed").get<std::string>();
  v.explanation = j.at("explanation").get<std::string>();
  return v;
}

json explore_json(const explore_result& r) {
  json groups = json::array();
  for (const auto& g : r.groups) {
    groups.push_back({{"signature", g.signature},
                      {"count", g.count},
                      {"first_seed", g.first_seed},
                      {"first_policy", g.first_policy},
                      {"minimal", verdict_json(g.minimal)},
                      {"report", report_json(g.report)}});
  }
  return {{"partial", r.partial},
          {"runs", r.runs},
          {"failed", r.failed},
          {"determinism_checked", r.determinism_checked},
          {"inconclusive", r.inconclusive},
          {"seconds", r.seconds},
          {"groups", groups}};
}

explore_result explore_of(const json& j) {
  explore_result r;
  r.partial = j.at("partial").get<bool>();
  r.runs = j.at("runs").get<int>();
  r.failed = j.at("failed").get<int>();
  r.determinism_checked = j.at("determinism_checked").get<int>();
  r.inconclusive = j.at("inconclusive").get<int>();
  r.seconds = j.at("seconds").get<double>();
  for (const auto& x : j.at("groups")) {
    explore_group g;
    g.signature = x.at("signature").get<std::string>();
    g.count = x.at("count").get<int>();
    g.first_seed = x.at("first_seed").get<std::uint64_t>();
    g.first_policy = x.at("first_policy").get<std::string>();
    g.minimal = verdict_of(x.at("minimal"));
    g.report = report_of(x.at("report"));
    r.groups.push_back(std::move(g));
  }
  return r;
}

json hunt_json(const hunt_result& r) {
  json groups = json::array();
  for (const auto& g : r.groups) {
    groups.push_back({{"signature", g.signature},
                      {"count", g.count},
                      {"first_run", g.first_run},
                      {"first", {{"kind", g.first.kind}, {"label", g.first.label}, {"point", g.first.point}}},
                      {"minimal", verdict_json(g.minimal)},
                      {"end_state_diff", g.end_state_diff},
                      {"report", report_json(g.report)}});
  }
  json tried = json::array();
  for (const auto& [kind, n] : r.tried) tried.push_back({kind, n});
  return {{"partial", r.partial},
          {"reference_hash", r.reference_hash},
          {"reference_end_state", r.reference_end_state},
          {"tests_judged", r.tests_judged},
          {"points", r.points},
          {"runs", r.runs},
          {"failed", r.failed},
          {"diverged", r.diverged},
          {"inconclusive", r.inconclusive},
          {"unsettled", r.unsettled},
          {"first_failure_run", r.first_failure_run ? json(*r.first_failure_run) : json()},
          {"tried", tried},
          {"seconds", r.seconds},
          {"groups", groups}};
}

hunt_result hunt_of(const json& j) {
  hunt_result r;
  r.partial = j.at("partial").get<bool>();
  r.reference_hash = j.at("reference_hash").get<std::string>();
  r.reference_end_state = j.at("reference_end_state").get<std::string>();
  r.tests_judged = j.at("tests_judged").get<bool>();
  r.points = j.at("points").get<int>();
  r.runs = j.at("runs").get<int>();
  r.failed = j.at("failed").get<int>();
  r.diverged = j.at("diverged").get<int>();
  r.inconclusive = j.at("inconclusive").get<int>();
  r.unsettled = j.at("unsettled").get<int>();
  if (!j.at("first_failure_run").is_null()) r.first_failure_run = j.at("first_failure_run").get<int>();
  for (const auto& t : j.at("tried")) r.tried.emplace_back(t.at(0).get<std::string>(), t.at(1).get<int>());
  r.seconds = j.at("seconds").get<double>();
  for (const auto& x : j.at("groups")) {
    hunt_group g;
    g.signature = x.at("signature").get<std::string>();
    g.count = x.at("count").get<int>();
    g.first_run = x.at("first_run").get<int>();
    g.first.kind = x.at("first").at("kind").get<std::string>();
    g.first.label = x.at("first").at("label").get<std::string>();
    g.first.point = x.at("first").at("point").get<std::string>();
    g.minimal = verdict_of(x.at("minimal"));
    g.end_state_diff = x.at("end_state_diff").get<std::string>();
    g.report = report_of(x.at("report"));
    r.groups.push_back(std::move(g));
  }
  return r;
}

json sweep_json_of(const sweep_result& r) {
  json runs = json::array();
  for (const auto& x : r.runs) {
    json outcomes = json::array();
    for (const auto& o : x.outcomes) outcomes.push_back({o.name, o.is_test, o.passed, o.exercised});
    runs.push_back({{"slot", x.slot},
                    {"passed", x.passed},
                    {"tests_passed", x.tests_passed},
                    {"suite_s", x.suite_s},
                    {"trace_hash", x.trace_hash},
                    {"outcomes", outcomes}});
  }
  return {{"partial", r.partial}, {"variant", r.variant}, {"scenario_name", r.scenario_name}, {"runs", runs}};
}

sweep_result sweep_of(const json& j, const json& identity) {
  sweep_result r;
  r.request = sweep_request_of(identity);
  r.partial = j.at("partial").get<bool>();
  r.variant = j.at("variant").get<std::string>();
  r.scenario_name = j.at("scenario_name").get<std::string>();
  std::vector<sweep_run> runs;
  for (const auto& x : j.at("runs")) {
    sweep_run run;
    run.slot = x.at("slot").get<std::size_t>();
    run.passed = x.at("passed").get<bool>();
    run.tests_passed = x.at("tests_passed").get<bool>();
    run.suite_s = x.at("suite_s").get<double>();
    run.trace_hash = x.at("trace_hash").get<std::string>();
    for (const auto& o : x.at("outcomes")) {
      run.outcomes.push_back({o.at(0).get<std::string>(), o.at(1).get<bool>(), o.at(2).get<bool>(), o.at(3).get<bool>()});
    }
    runs.push_back(std::move(run));
  }
  fold_sweep(r, std::move(runs));  // the shard's own points, as it printed them
  return r;
}

std::string shard_name(const shard_record& r) { return fmt::format("{}/{}", r.shard, r.shards); }

}  // namespace

json explore_request_identity(const explore_request& q) {
  return {{"scenario", q.scenario},
          {"variant", optional_json(q.variant)},
          {"seeds", fmt::format("{}..{}", q.seed_first, q.seed_last)},
          {"policies", q.policies},
          {"sets", q.overrides},
          {"shrink", q.shrink},
          {"check_determinism_every", q.check_determinism_every},
          {"max_trace_mb", optional_json(q.max_trace_mb)}};
}

explore_request explore_request_of(const json& q) {
  explore_request r;
  r.scenario = q.at("scenario").get<std::string>();
  if (!q.at("variant").is_null()) r.variant = q.at("variant").get<std::string>();
  std::tie(r.seed_first, r.seed_last) = parse_seed_range(q.at("seeds").get<std::string>());
  r.policies = q.at("policies").get<std::vector<std::string>>();
  r.check_determinism_every = q.at("check_determinism_every").get<int>();
  r.max_trace_mb = optional_mb(q);
  return r;
}

json hunt_request_identity(const hunt_request& q) {
  return {{"scenario", q.scenario},
          {"variant", optional_json(q.variant)},
          {"seed", q.seed ? json(*q.seed) : json()},
          {"faults", q.faults},
          {"keep_plan", q.keep_plan},
          {"sets", q.overrides},
          {"shrink", q.shrink},
          {"max_trace_mb", optional_json(q.max_trace_mb)}};
}

json sweep_request_identity(const sweep_request& q) {
  json params = json::array();
  for (const auto& p : q.params) params.push_back({{"name", p.name}, {"values", p.values}});
  return {{"scenario", q.scenario},  {"params", params},   {"seed_first", q.seed_first},
          {"seeds", q.seeds},        {"variant", optional_json(q.variant)}, {"sets", q.overrides},
          {"max_trace_mb", optional_json(q.max_trace_mb)}};
}

sweep_request sweep_request_of(const json& q) {
  sweep_request r;
  r.scenario = q.at("scenario").get<std::string>();
  for (const auto& p : q.at("params")) {
    r.params.push_back({p.at("name").get<std::string>(), p.at("values").get<std::vector<std::string>>()});
  }
  r.seed_first = q.at("seed_first").get<std::uint64_t>();
  r.seeds = q.at("seeds").get<int>();
  if (!q.at("variant").is_null()) r.variant = q.at("variant").get<std::string>();
  r.overrides = q.at("sets").get<override_list>();
  r.max_trace_mb = optional_mb(q);
  return r;
}

std::string shard_record_text(const shard_record& r) {
  json j = {{"reconsim_shard", shard_format}, {"command", r.command}, {"version", r.version},
            {"shard", r.shard},               {"shards", r.shards},   {"request", r.request}};
  if (r.explore) j["result"] = explore_json(*r.explore);
  if (r.hunt) j["result"] = hunt_json(*r.hunt);
  if (r.sweep) j["result"] = sweep_json_of(*r.sweep);
  return j.dump(2) + "\n";
}

shard_record parse_shard_record(const std::string& text, const std::string& path) {
  try {
    const json j = json::parse(text);
    if (!j.is_object() || !j.contains("reconsim_shard")) {
      throw scenario_error(fmt::format("{}: not a shard file (no \"reconsim_shard\"; `--out DIR` writes DIR/{})", path,
                                       shard_file_name));
    }
    if (j.at("reconsim_shard") != shard_format) {
      throw scenario_error(fmt::format("{}: shard file format {} (this reconsim reads {})", path,
                                       j.at("reconsim_shard").dump(), shard_format));
    }
    shard_record r;
    r.path = path;
    r.command = j.at("command").get<std::string>();
    r.version = j.at("version").get<std::string>();
    r.shard = j.at("shard").get<int>();
    r.shards = j.at("shards").get<int>();
    r.request = j.at("request");
    if (r.shards < 1 || r.shard < 1 || r.shard > r.shards) {
      throw scenario_error(fmt::format("{}: shard {}/{} does not exist", path, r.shard, r.shards));
    }
    if (r.command == "explore") {
      r.explore = explore_of(j.at("result"));
    } else if (r.command == "hunt") {
      r.hunt = hunt_of(j.at("result"));
    } else if (r.command == "sweep") {
      r.sweep = sweep_of(j.at("result"), r.request);
    } else {
      throw scenario_error(fmt::format("{}: command '{}' (expected explore, hunt or sweep)", path, r.command));
    }
    return r;
  } catch (const json::exception& e) {
    throw scenario_error(fmt::format("{}: not a readable shard file: {}", path, e.what()));
  }
}

void check_shard_set(const std::vector<shard_record>& records) {
  if (records.empty()) throw scenario_error(fmt::format("merge: no shard files (each shard's --out DIR holds {})", shard_file_name));
  const shard_record& first = records.front();
  // "A has seeds "1..300", B has "1..400": not shards of one search".
  const auto differs = [&first](const shard_record& r, const std::string& what, const std::string& here,
                                const std::string& there) {
    return scenario_error(fmt::format("merge: {} has {} {}, {} has {}: not shards of one search", r.path, what, here,
                                      first.path, there));
  };
  std::map<int, std::string> seen;  // shard -> file
  for (const auto& r : records) {
    if (r.command != first.command) throw differs(r, "command", r.command, first.command);
    if (r.version != first.version) throw differs(r, "reconsim", r.version, first.version);
    if (r.shards != first.shards) throw differs(r, "shard count", std::to_string(r.shards), std::to_string(first.shards));
    for (const auto& [key, value] : first.request.items()) {
      const json here = r.request.contains(key) ? r.request.at(key) : json();
      if (here != value) throw differs(r, key, here.dump(), value.dump());
    }
    if (r.request.size() != first.request.size()) throw differs(r, "request", r.request.dump(), first.request.dump());
    const auto [it, fresh] = seen.emplace(r.shard, r.path);
    if (!fresh) {
      throw scenario_error(fmt::format("merge: shard {} twice: {} and {} (a rerun pod must write to its own "
                                       "directory; keep one)",
                                       shard_name(r), it->second, r.path));
    }
    if ((r.explore && r.explore->partial) || (r.hunt && r.hunt->partial) || (r.sweep && r.sweep->partial)) {
      throw scenario_error(fmt::format("merge: shard {} ({}) was interrupted and holds only part of its runs; run it "
                                       "again",
                                       shard_name(r), r.path));
    }
  }
  std::string missing;
  for (int i = 1; i <= first.shards; ++i) {
    if (!seen.contains(i)) {
      missing += fmt::format("{}{}/{} (JOB_COMPLETION_INDEX {})", missing.empty() ? "" : ", ", i, first.shards, i - 1);
    }
  }
  if (!missing.empty()) {
    throw scenario_error(fmt::format("merge: {} of {} shards present; missing: {}", seen.size(), first.shards, missing));
  }
}

}  // namespace reconsim::scenarios
