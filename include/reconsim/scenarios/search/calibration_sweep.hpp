#pragma once
// Is a conclusion a property of the design, or of a guessed number? A
// calibration sweep runs a scenario at its declared calibration values and
// at every corner of the declared plausible ranges (each parameter at its
// low or high end: 2^k corners for k parameters), the same seeds at each,
// and judges every harness test and checker:
//   robust      the same conclusion at the declared values and every corner;
//   depends on  the parameters along which two neighbouring corners (equal
//               in every other parameter) reach different conclusions;
//               when every point finds a failure, only the failure's rate
//               depends on them (fails_everywhere).
// A conclusion is what the seeds showed at a point: holds (no failure),
// fails (every run failed), fails sometimes, or not exercised.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reconsim/scenarios/search/sweep.hpp"
#include "reconsim/scenarios/spec/calibration.hpp"

namespace reconsim::scenarios {

// More parameters than this would be 2^k corners nobody waits for.
inline constexpr std::size_t max_calibration_parameters = 8;

enum class conclusion { holds, fails, fails_sometimes, not_exercised };
std::string_view to_string(conclusion c) noexcept;
conclusion conclusion_of(const outcome_tally& t) noexcept;
// A harness test's (is_test) or checker's tally among `all`; nullptr when
// absent.
const outcome_tally* find_outcome(const std::vector<outcome_tally>& all, std::string_view name, bool is_test);
// Its conclusion at a point. Absent (the run never got that far, e.g. a
// test after a failed BeforeSuite): not exercised.
conclusion conclusion_at(const sweep_point& p, std::string_view name, bool is_test);

struct calibration_request {
  std::string scenario;
  std::uint64_t seed_first = 1;
  int seeds = 20;
  std::optional<std::string> variant;
  override_list overrides;  // held fixed everywhere (they may not name a swept calibration)
  std::optional<std::uint64_t> max_trace_mb;  // every run's trace cap (run --max-trace-mb)
  int jobs = 1;             // parallel runs (threads); the result does not depend on it
};

// How much one parameter moves a conclusion: of the pairs of corners that
// differ only in it (2^(k-1) of them), how many conclude differently.
struct parameter_effect {
  std::string name;
  int flipped_edges = 0;
  int edges = 0;
};

struct calibration_verdict {
  std::string name;
  bool is_test = false;
  conclusion declared = conclusion::holds;  // at the declared values
  bool robust = true;
  // Not robust, but a failure is found at the declared values and at every
  // corner: the bug is real everywhere, only how often it shows depends on
  // the calibration.
  bool fails_everywhere = false;
  // The parameters that flip it, the strongest first (ties: declaration
  // order); empty when robust.
  std::vector<parameter_effect> depends_on;
  int corners_differing = 0;            // corners whose conclusion is not the declared one
  // Every corner agrees, but not with the declared values: no single
  // parameter is to blame, so depends_on names them all (0 flipped edges).
  bool declared_alone = false;
  // A run that shows the difference: at the first differing corner, the
  // seed that failed there (or, when the corner holds, the seed that
  // failed at the declared values).
  std::optional<run_request> flipping;
};

struct calibration_result {
  bool partial = false;  // a stop (Ctrl-C) came first
  calibration_request request;
  std::string scenario;  // its name
  std::string variant;
  std::vector<calibration> parameters;  // what was swept
  std::vector<std::string> declared_values;  // the scenario's value of each parameter
  // Per parameter: moving it from low to high changed no run at any corner
  // (equal trace hashes, seed by seed). An inert parameter's "robust" says
  // nothing; the report says so.
  std::vector<bool> inert;
  bool defaults_used = false;  // the scenario declares none: reconsim's defaults were swept
  sweep_point declared;              // values: the declared ones
  std::vector<sweep_point> corners;  // corner i: parameter j at high iff bit (k-1-j) of i is set
  std::vector<calibration_verdict> verdicts;  // harness tests, then checkers

  bool all_robust() const;
};

// Throws scenario_error for an unknown scenario, more than
// max_calibration_parameters parameters, or an override naming a swept
// calibration.
calibration_result run_calibration_sweep(const calibration_request& req, const sweep_progress& progress = {},
                                         const sweep_runner& runner = {});

// The verdicts from the points alone (what run_calibration_sweep does
// after running them), for tests.
std::vector<calibration_verdict> judge_calibrations(const calibration_result& r);

}  // namespace reconsim::scenarios
