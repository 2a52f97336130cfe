#include "reconsim/model/notification/context.hpp"

#include <array>

namespace reconsim::model::notification {
namespace {

using K = context_field_kind;
using F = flatten_rule;

constexpr std::array lineage{
    context_field{"remediationRequest", K::string, F::if_non_empty, "remediationRequest"},
    context_field{"aiAnalysis", K::string, F::if_non_empty, "aiAnalysis"},
};
// WorkflowName and ActionType (issue #1677) are not flattened upstream.
constexpr std::array workflow{
    context_field{"selectedWorkflow", K::string, F::if_non_empty, "selectedWorkflow"},
    context_field{"confidence", K::string, F::if_non_empty, "confidence"},
    context_field{"workflowId", K::string, F::if_non_empty, "workflowId"},
    context_field{"workflowName", K::string, F::never, ""},
    context_field{"actionType", K::string, F::never, ""},
    context_field{"executionEngine", K::string, F::if_non_empty, "executionEngine"},
};
constexpr std::array analysis{
    context_field{"approvalReason", K::string, F::if_non_empty, "approvalReason"},
    context_field{"rootCause", K::string, F::if_non_empty, "rootCause"},
    context_field{"outcome", K::string, F::if_non_empty, "outcome"},
};
constexpr std::array review{
    context_field{"reason", K::string, F::if_non_empty, "reason"},
    context_field{"subReason", K::string, F::if_non_empty, "subReason"},
    context_field{"humanReviewReason", K::string, F::if_non_empty, "humanReviewReason"},
    context_field{"rootCauseAnalysis", K::string, F::if_non_empty, "rootCauseAnalysis"},
    context_field{"alignmentVerdict", K::string, F::if_non_empty, "alignmentVerdict"},
    context_field{"circuitBreakerActivated", K::boolean, F::if_true, "circuitBreakerActivated"},
};
constexpr std::array execution{
    context_field{"retryCount", K::string, F::if_non_empty, "retryCount"},
    context_field{"maxRetries", K::string, F::if_non_empty, "maxRetries"},
    context_field{"lastExitCode", K::string, F::if_non_empty, "lastExitCode"},
    context_field{"previousExecution", K::string, F::if_non_empty, "previousExecution"},
    context_field{"timeoutPhase", K::string, F::if_non_empty, "timeoutPhase"},
    context_field{"phaseTimeout", K::string, F::if_non_empty, "phaseTimeout"},
};
constexpr std::array dedup{
    context_field{"duplicateCount", K::string, F::if_non_empty, "duplicateCount"},
};
constexpr std::array target{
    context_field{"targetResource", K::string, F::if_non_empty, "targetResource"},
};
// Assessed has no omitempty, so the CRD requires it when the section is set.
constexpr std::array verification{
    context_field{"assessed", K::boolean, F::always, "verificationAssessed", true},
    context_field{"outcome", K::string, F::if_non_empty, "verificationOutcome"},
    context_field{"reason", K::string, F::if_non_empty, "verificationReason"},
    context_field{"summary", K::string, F::never, ""},
    context_field{"degraded", K::boolean, F::always, "verificationDegraded"},
    context_field{"degradedReason", K::string, F::if_non_empty, "verificationDegradedReason"},
};

constexpr std::array sections{
    context_section_schema{"lineage", lineage},     context_section_schema{"workflow", workflow},
    context_section_schema{"analysis", analysis},   context_section_schema{"review", review},
    context_section_schema{"execution", execution}, context_section_schema{"dedup", dedup},
    context_section_schema{"target", target},       context_section_schema{"verification", verification},
};

}  // namespace

std::span<const context_section_schema> context_schema() noexcept { return sections; }

const context_section_schema* find_context_section(std::string_view name) noexcept {
  for (const auto& s : sections)
    if (s.name == name) return &s;
  return nullptr;
}

const context_field* find_context_field(const context_section_schema& s, std::string_view name) noexcept {
  for (const auto& f : s.fields)
    if (f.name == name) return &f;
  return nullptr;
}

std::map<std::string, std::string> flatten_context(const notification_context& c) {
  std::map<std::string, std::string> out;
  for (const auto& schema : sections) {
    auto it = c.find(std::string(schema.name));
    if (it == c.end()) continue;  // a nil sub-struct contributes nothing
    for (const auto& f : schema.fields) {
      auto v = it->second.find(std::string(f.name));
      std::string value = v == it->second.end() ? std::string() : v->second;
      switch (f.flatten) {
        case flatten_rule::if_non_empty:
          if (!value.empty()) out[std::string(f.flat_key)] = value;
          break;
        case flatten_rule::if_true:
          if (value == "true") out[std::string(f.flat_key)] = "true";
          break;
        case flatten_rule::always:  // a Go bool's zero value is false
          out[std::string(f.flat_key)] = value == "true" ? "true" : "false";
          break;
        case flatten_rule::never:
          break;
      }
    }
  }
  return out;
}

}  // namespace reconsim::model::notification
