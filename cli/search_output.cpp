// What explore, hunt and sweep print (text, or one JSON object) and write
// (JUnit), shared with `reconsim merge`, which prints a sharded search's
// result the way the unsharded command would have.
#include "search_output.hpp"

#include <fmt/format.h>

#include <iostream>

#include "commands.hpp"
#include "junit_output.hpp"
#include "reconsim/scenarios/views/sweep_format.hpp"

namespace reconsim::cli {

using scenarios::explore_request;
using scenarios::explore_result;
using scenarios::hunt_request;
using scenarios::hunt_result;

namespace {

void print_explore_text(const explore_request& q, const explore_result& r) {
  if (q.shards > 1) std::cout << fmt::format("shard {}/{} of seeds {}..{}\n", q.shard, q.shards, q.seed_first, q.seed_last);
  if (r.partial) std::cout << "explore: INTERRUPTED — the runs below are those that ran before the stop\n";
  std::cout << fmt::format("explore: {} runs, {} failed, {} group(s), {:.2f} s ({:.0f} runs/s)\n", r.runs, r.failed,
                           r.groups.size(), r.seconds, r.seconds > 0 ? r.runs / r.seconds : 0.0);
  if (r.inconclusive > 0) {
    std::cout << fmt::format("inconclusive: {} runs held but tested less than they say (a listed check with nothing "
                             "to check, or a fault that never took effect); not counted as passes\n",
                             r.inconclusive);
  }
  if (q.check_determinism_every > 0) {
    std::cout << fmt::format("determinism: {} runs ran twice (every {}th), trace hashes compared\n",
                             r.determinism_checked, q.check_determinism_every);
  }
  if (r.coverage) {
    const auto& c = *r.coverage;
    std::cout << fmt::format("coverage: {} distinct controller states guided, {} with random plans over the same "
                             "seeds; corpus {} plan(s)\n",
                             c.guided_states(), c.random_states(), c.corpus);
    std::string curve;
    for (const auto& p : c.points) curve += fmt::format(" {}:{}/{}", p.runs, p.guided, p.random);
    std::cout << "  growth (runs:guided/random):" << curve << "\n";
    std::cout << fmt::format("  first failure: guided run {}, random run {} ({} random runs failed)\n",
                             c.guided_first_failure ? std::to_string(*c.guided_first_failure) : "-",
                             c.random_first_failure ? std::to_string(*c.random_first_failure) : "-", c.random_failed);
  }
  for (const auto& g : r.groups) {
    std::cout << fmt::format("\n[{}x] {}  (first: seed {}, policy {})\n", g.count, g.signature, g.first_seed,
                             g.first_policy)
              << g.report.text;
  }
}

nlohmann::json explore_json(const explore_request& q, const explore_result& r) {
  nlohmann::json j;
  if (q.shards > 1) j["shard"] = fmt::format("{}/{}", q.shard, q.shards);
  j["partial"] = r.partial;
  j["runs"] = r.runs;
  j["failed"] = r.failed;
  j["inconclusive"] = r.inconclusive;
  j["seconds"] = r.seconds;
  if (q.check_determinism_every > 0) j["determinism_checked"] = r.determinism_checked;
  if (r.coverage) {
    const auto& c = *r.coverage;
    nlohmann::json growth = nlohmann::json::array();
    for (const auto& p : c.points) growth.push_back({{"runs", p.runs}, {"guided", p.guided}, {"random", p.random}});
    j["coverage"] = {{"growth", growth},
                     {"corpus", c.corpus},
                     {"guided_states", c.guided_states()},
                     {"random_states", c.random_states()},
                     {"guided_first_failure", c.guided_first_failure ? nlohmann::json(*c.guided_first_failure) : nlohmann::json()},
                     {"random_first_failure", c.random_first_failure ? nlohmann::json(*c.random_first_failure) : nlohmann::json()},
                     {"random_failed", c.random_failed}};
  }
  j["groups"] = nlohmann::json::array();
  for (const auto& g : r.groups) {
    nlohmann::json x;
    x["signature"] = g.signature;
    x["count"] = g.count;
    x["first_seed"] = g.first_seed;
    x["repro"] = g.report.run_command;
    if (!g.report.repro_path.empty()) x["repro_file"] = g.report.repro_path;
    j["groups"].push_back(std::move(x));
  }
  return j;
}

void print_hunt_text(const hunt_request& q, const hunt_result& r) {
  if (q.shards > 1) std::cout << fmt::format("shard {}/{} of the perturbations\n", q.shard, q.shards);
  if (r.partial) std::cout << "hunt: INTERRUPTED — the runs below are those that ran before the stop\n";
  std::cout << fmt::format("hunt: reference {} — {}\n", r.reference_hash, r.reference_end_state);
  std::string tried;
  for (const auto& [kind, n] : r.tried) tried += fmt::format("{}{} {}", tried.empty() ? "" : ", ", n, kind);
  std::cout << fmt::format("{} points, {} perturbed runs ({}), {} failed, {} diverged, {} group(s), {:.2f} s\n",
                           r.points, r.runs, tried, r.failed, r.diverged, r.groups.size(), r.seconds);
  if (!r.tests_judged) {
    std::cout << "harness tests not judged: the reference run already fails one (a test written for the scenario's "
                 "own faults, or one that fails without any); checkers and the end state judge\n";
  }
  if (r.first_failure_run) std::cout << fmt::format("first failure at run {}\n", *r.first_failure_run);
  if (r.inconclusive > 0) {
    std::cout << fmt::format("inconclusive: {} perturbed runs held but their perturbation never took effect; not "
                             "counted as passes\n",
                             r.inconclusive);
  }
  if (r.unsettled > 0) {
    std::cout << fmt::format("unsettled: {} perturbed runs held with a notification still retrying when the suite "
                             "ended; their end states were not compared\n",
                             r.unsettled);
  }
  for (const auto& g : r.groups) {
    std::cout << fmt::format("\n[{}x] {}  (first: run {}, at {})\n", g.count, g.signature, g.first_run, g.first.point);
    if (!g.end_state_diff.empty()) std::cout << g.end_state_diff << "\n";
    std::cout << g.report.text;
  }
}

nlohmann::json hunt_json(const hunt_request& q, const hunt_result& r) {
  nlohmann::json j;
  if (q.shards > 1) j["shard"] = fmt::format("{}/{}", q.shard, q.shards);
  j["partial"] = r.partial;
  j["reference_hash"] = r.reference_hash;
  j["reference_end_state"] = r.reference_end_state;
  j["tests_judged"] = r.tests_judged;
  j["points"] = r.points;
  j["runs"] = r.runs;
  j["failed"] = r.failed;
  j["diverged"] = r.diverged;
  j["inconclusive"] = r.inconclusive;
  j["unsettled"] = r.unsettled;
  j["first_failure_run"] = r.first_failure_run ? nlohmann::json(*r.first_failure_run) : nlohmann::json();
  j["seconds"] = r.seconds;
  j["tried"] = nlohmann::json::object();
  for (const auto& [kind, n] : r.tried) j["tried"][kind] = n;
  j["groups"] = nlohmann::json::array();
  for (const auto& g : r.groups) {
    nlohmann::json x = {{"signature", g.signature},   {"count", g.count},
                        {"first_run", g.first_run},   {"point", g.first.point},
                        {"repro", g.report.run_command}};
    if (!g.report.repro_path.empty()) x["repro_file"] = g.report.repro_path;
    if (!g.end_state_diff.empty()) x["end_state_diff"] = g.end_state_diff;
    j["groups"].push_back(std::move(x));
  }
  return j;
}

}  // namespace

int report_explore(const explore_request& q, const explore_result& r, bool json, const std::string& junit) {
  if (json) {
    std::cout << explore_json(q, r).dump() << "\n";
  } else {
    print_explore_text(q, r);
  }
  write_junit(junit, scenarios::junit_of_explore(q.scenario, r));
  if (r.failed > 0) return exit_failed;
  return r.inconclusive > 0 ? exit_inconclusive : exit_ok;
}

int report_hunt(const hunt_request& q, const hunt_result& r, bool json, const std::string& junit) {
  if (json) {
    std::cout << hunt_json(q, r).dump() << "\n";
  } else {
    print_hunt_text(q, r);
  }
  write_junit(junit, scenarios::junit_of_hunt(q.scenario, r));
  if (r.failed > 0 || r.diverged > 0) return exit_failed;
  return r.inconclusive > 0 ? exit_inconclusive : exit_ok;
}

int report_sweep(const scenarios::sweep_result& r, bool json, const std::string& junit) {
  const scenarios::sweep_request& q = r.request;
  if (json) {
    nlohmann::json j = scenarios::sweep_json(r);
    if (q.shards > 1) j["shard"] = fmt::format("{}/{}", q.shard, q.shards);
    std::cout << j.dump(2) << "\n";
  } else {
    if (q.shards > 1) {
      std::cout << fmt::format("shard {}/{} of the runs (merge the shards for the whole table)\n", q.shard, q.shards);
    }
    std::cout << scenarios::format_sweep_text(r);
  }
  write_junit(junit, scenarios::junit_of_sweep(r));
  return exit_ok;  // a sweep reports
}

}  // namespace reconsim::cli
