#pragma once
// The typed NotificationContext of upstream as a table: which sections and
// fields exist, which fields are booleans, and the key each contributes to
// FlattenToMap (the attributes routing rules and audit events see).
// Source: api/notification/v1alpha1/notificationrequest_types.go.
#include <map>
#include <span>
#include <string>
#include <string_view>

#include "reconsim/model/notification/types.hpp"

namespace reconsim::model::notification {

enum class context_field_kind { string, boolean };

// How FlattenToMap treats a field.
enum class flatten_rule {
  if_non_empty,  // setIfNonEmpty
  if_true,       // Review.CircuitBreakerActivated: only when true
  always,        // Verification.Assessed / Degraded: always, "true"/"false"
  never,         // e.g. Workflow.WorkflowName, Verification.Summary
};

struct context_field {
  std::string_view name;  // JSON name in the section
  context_field_kind kind;
  flatten_rule flatten;
  std::string_view flat_key;  // key in the flattened map
  bool required = false;      // Verification.assessed has no omitempty
};

struct context_section_schema {
  std::string_view name;  // "lineage", "workflow", ...
  std::span<const context_field> fields;
};

// The sections, in upstream declaration order.
std::span<const context_section_schema> context_schema() noexcept;
const context_section_schema* find_context_section(std::string_view name) noexcept;
const context_field* find_context_field(const context_section_schema& s, std::string_view name) noexcept;

// NotificationContext.FlattenToMap.
std::map<std::string, std::string> flatten_context(const notification_context& c);

}  // namespace reconsim::model::notification
