#pragma once
// Design review: one scenario, several reconciler variants, the same seed
// range each; per variant the checker pass rates, the attempts made and
// their spacing against the retry policy, time to a terminal phase, API
// writes and stored audit events per notification, and the first
// counterexample per failing checker with the command that replays it.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "reconsim/scenarios/search/calibration_sweep.hpp"
#include "reconsim/scenarios/testbed/run.hpp"

namespace reconsim::scenarios {

struct review_request {
  std::string scenario;
  std::vector<std::string> variants;
  std::uint64_t seed_first = 1;
  int seeds = 20;
  std::vector<std::pair<std::string, std::string>> overrides;  // --set, for every variant
  // Also sweep every variant over the scenario's calibrations (the same
  // seeds at the declared values and every corner): is its verdict robust?
  bool calibrations = false;
  int jobs = 1;  // parallel runs (threads); the result does not depend on it
};

// What one run shows about a design, read from its trace only.
struct run_measures {
  int notifications = 0;  // NotificationRequests created
  int attempts = 0;       // delivery attempts, every channel
  int api_writes = 0;     // update / update_status / patch / patch_status
  int audit_stored = 0;   // rows DataStorage stored, duplicates included
  std::vector<double> terminal_s;  // per notification that reached Sent / PartiallySent / Failed: from create
  // Retry k (1-based) of a channel after k failed attempts: the observed
  // gap and the policy's backoff for it.
  struct gap {
    int retry = 0;
    double observed_s = 0;
    double expected_s = 0;
  };
  std::vector<gap> gaps;
};
run_measures measure_run(const run_result& r);

struct review_check {
  std::string name;
  int runs = 0;
  int passed = 0;
  std::optional<std::uint64_t> first_failing_seed;
  std::string first_explanation;
  std::string replay;  // `reconsim run ...` for the first failing seed
};

struct review_gap {
  int retry = 0;
  int count = 0;
  double expected_s = 0;  // the smallest backoff any policy asked for at this retry
  double observed_min_s = 0;
  double observed_mean_s = 0;
  int early = 0;  // gaps shorter than the policy's backoff (beyond 1 ms)
};

struct review_variant {
  std::string variant;
  int runs = 0;
  int passed = 0;
  std::vector<review_check> checks;  // in the scenario's check order
  int notifications = 0;             // summed over runs
  int attempts = 0;
  int api_writes = 0;
  int audit_stored = 0;
  int reached_terminal = 0;
  double terminal_s_mean = 0;
  std::vector<review_gap> gaps;  // by retry number
  std::optional<run_result> representative_failure;  // the first failing run, for its timeline
  std::optional<run_result> representative_pass;     // with no failure: the first run, so every variant has one
  std::optional<calibration_result> calibration;      // when the request asks for it
};

struct review_result {
  review_request request;
  std::vector<review_variant> variants;
  bool partial = false;  // a stop (Ctrl-C) came first
};

using review_progress = std::function<void(int, int)>;
review_result run_review(const review_request& req, const review_progress& progress = {});
// Drawn by views/review_format.hpp.

}  // namespace reconsim::scenarios
