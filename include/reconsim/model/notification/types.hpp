#pragma once
// The NotificationRequest custom resource (kubernaut.ai/v1alpha1)
// as value types. Facts from jordigilh/kubernaut
// api/notification/v1alpha1/notificationrequest_types.go and
// pkg/notification/phase/types.go (commit d5a4a870).
//
// The spec has no channel list: routing picks the channels (routing.hpp).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reconsim/model/kube/object.hpp"
#include "reconsim/model/shared_text.hpp"
#include "reconsim/sim/time.hpp"

namespace reconsim::model::notification {

enum class notification_type { escalation, simple, status_update, approval, manual_review, completion };
enum class notification_priority { critical, high, medium, low };
// `none` is the empty phase of an object the controller has not seen yet.
enum class notification_phase { none, pending, sending, retrying, sent, partially_sent, failed };
enum class delivery_status { success, failed, timeout, invalid };
// `none` stands for the omitted optional field.
enum class review_source_type { none, ai_analysis, workflow_execution, routing_engine };

// The CRD's enum spellings ("Escalation", "PartiallySent", "success", ...).
std::string_view to_string(notification_type t) noexcept;
std::string_view to_string(notification_priority p) noexcept;
std::string_view to_string(notification_phase p) noexcept;  // "" for none
std::string_view to_string(delivery_status s) noexcept;
std::string_view to_string(review_source_type r) noexcept;  // "" for none
std::optional<notification_type> parse_notification_type(std::string_view s) noexcept;
std::optional<notification_priority> parse_notification_priority(std::string_view s) noexcept;
std::optional<notification_phase> parse_notification_phase(std::string_view s) noexcept;
std::optional<delivery_status> parse_delivery_status(std::string_view s) noexcept;
std::optional<review_source_type> parse_review_source(std::string_view s) noexcept;

// NotificationStatusReason values, plus the free-form reasons UpdatePhase
// writes ("Initialized", "ProcessingDeliveries").
namespace reasons {
inline constexpr std::string_view all_deliveries_succeeded = "AllDeliveriesSucceeded";
inline constexpr std::string_view partial_delivery_success = "PartialDeliverySuccess";
inline constexpr std::string_view all_deliveries_failed = "AllDeliveriesFailed";
inline constexpr std::string_view no_channels_resolved = "NoChannelsResolved";
inline constexpr std::string_view partial_failure_retrying = "PartialFailureRetrying";
inline constexpr std::string_view max_retries_exhausted = "MaxRetriesExhausted";
inline constexpr std::string_view initialized = "Initialized";
inline constexpr std::string_view processing_deliveries = "ProcessingDeliveries";
}  // namespace reasons

// Sent, PartiallySent and Failed (phase.IsTerminal).
bool is_terminal(notification_phase p) noexcept;
// phase.ValidTransitions: ""→Pending; Pending→{Sending, Failed};
// Sending, Retrying→{Sent, Retrying, PartiallySent, Failed}; terminal→none.
// A phase to itself is not a transition (only Retrying→Retrying is listed).
bool can_transition(notification_phase from, notification_phase to) noexcept;

// RetryPolicy with the CRD's defaults; the CRD ranges are in manifest.cpp.
struct retry_policy {
  int max_attempts = 5;              // 1..10
  int initial_backoff_seconds = 30;  // 1..300
  int backoff_multiplier = 2;        // 1..10
  int max_backoff_seconds = 480;     // 60..3600

  bool operator==(const retry_policy&) const = default;
};

// corev1.ObjectReference, as far as a manifest spells it.
struct object_reference {
  std::string api_version;
  std::string kind;
  std::string namespace_;
  std::string name;
  std::string uid;
  std::string resource_version;
  std::string field_path;

  bool operator==(const object_reference&) const = default;
};

struct action_link {
  std::string service;  // grafana, prometheus, ... (no enum in the CRD)
  std::string url;
  std::string label;

  bool operator==(const action_link&) const = default;
};

// NotificationContext kept as section -> (field -> value); context.hpp
// holds the table of sections and fields upstream defines.
using context_section = std::map<std::string, std::string>;
using notification_context = std::map<std::string, context_section>;

struct notification_spec {
  std::optional<object_reference> remediation_request_ref;
  std::string cluster_id;
  notification_type type = notification_type::simple;
  notification_priority priority = notification_priority::medium;
  std::string subject;  // 1..500 characters
  std::string body;     // at least 1 character
  std::string severity;
  std::string phase;  // the phase that triggered the notification; free text
  review_source_type review_source = review_source_type::none;
  notification_context context;
  std::map<std::string, std::string> extensions;
  std::vector<action_link> action_links;
  // nil -> getRetryPolicy's {5, 30, 2, 480}. (Qualified: the member shares the type's name.)
  std::optional<notification::retry_policy> retry_policy;
  int retention_days = 7;                    // 1..90

  bool operator==(const notification_spec&) const = default;
};

// The retry policy the controller uses (getRetryPolicy): the spec's, else
// {5, 30, 2, 480}.
retry_policy effective_retry_policy(const notification_spec& s) noexcept;

struct delivery_attempt {
  std::string channel;
  int attempt = 0;  // 1-based: persisted + in-flight attempts for this channel
  sim::time_point timestamp{};
  delivery_status status = delivery_status::success;
  shared_text error;  // shared by the status's copies (shared_text.hpp)
  // durationSeconds upstream, rounded to the millisecond when recorded.
  sim::duration duration{0};

  bool operator==(const delivery_attempt&) const = default;
};

// metav1.Condition.
struct condition {
  std::string type;
  std::string status;  // "True" | "False" | "Unknown"
  std::int64_t observed_generation = 0;
  sim::time_point last_transition_time{};
  // A reason is one of a few CamelCase words, longer than the small-string
  // buffer ("RoutingRuleMatched"): a symbol, so the status's copy with
  // every read of the object copies no text for it (as the names in
  // object_meta).
  sim::symbol reason;
  shared_text message;

  bool operator==(const condition&) const = default;
};

struct notification_status {
  notification_phase phase = notification_phase::none;
  std::vector<condition> conditions;
  std::vector<delivery_attempt> delivery_attempts;
  int total_attempts = 0;
  int successful_deliveries = 0;  // unique channels with a success
  int failed_deliveries = 0;      // unique channels that never succeeded
  std::optional<sim::time_point> queued_at;
  std::optional<sim::time_point> processing_started_at;
  std::optional<sim::time_point> completion_time;
  std::int64_t observed_generation = 0;
  sim::symbol reason;  // a symbol, as condition::reason
  shared_text message;
  // Not upstream: the next-retry-in-status design keeps the time the next
  // delivery may happen here (see variant.hpp). Unset in every other design.
  std::optional<sim::time_point> next_retry_at;

  bool operator==(const notification_status&) const = default;
};

// What the API server keeps of a status: every metav1.Time (attempt
// timestamps, condition transitions, queuedAt, processingStartedAt,
// completionTime, and the fixed design's nextRetryAt) serialized as
// RFC3339, i.e. truncated to whole seconds. A controller that reads its
// status back computes its backoff and ±1 s de-duplication from these.
void truncate_to_seconds(notification_status& s) noexcept;

using notification_request = model::object<notification_spec, notification_status>;

// What the API server's messages call the kind.
const resource_info& notification_resource();
inline constexpr std::string_view api_version = "kubernaut.ai/v1alpha1";
inline constexpr std::string_view kind = "NotificationRequest";

}  // namespace reconsim::model::notification
