#include "reconsim/model/notification/types.hpp"

#include <array>
#include <utility>

namespace reconsim::model::notification {
namespace {

// One table per enum, in declaration order, so printing and parsing cannot
// disagree.
template <class E, std::size_t N>
using names = std::array<std::pair<E, std::string_view>, N>;

constexpr names<notification_type, 6> type_names{{
    {notification_type::escalation, "Escalation"},
    {notification_type::simple, "Simple"},
    {notification_type::status_update, "StatusUpdate"},
    {notification_type::approval, "Approval"},
    {notification_type::manual_review, "ManualReview"},
    {notification_type::completion, "Completion"},
}};
constexpr names<notification_priority, 4> priority_names{{
    {notification_priority::critical, "Critical"},
    {notification_priority::high, "High"},
    {notification_priority::medium, "Medium"},
    {notification_priority::low, "Low"},
}};
constexpr names<notification_phase, 7> phase_names{{
    {notification_phase::none, ""},
    {notification_phase::pending, "Pending"},
    {notification_phase::sending, "Sending"},
    {notification_phase::retrying, "Retrying"},
    {notification_phase::sent, "Sent"},
    {notification_phase::partially_sent, "PartiallySent"},
    {notification_phase::failed, "Failed"},
}};
constexpr names<delivery_status, 4> status_names{{
    {delivery_status::success, "success"},
    {delivery_status::failed, "failed"},
    {delivery_status::timeout, "timeout"},
    {delivery_status::invalid, "invalid"},
}};
constexpr names<review_source_type, 4> review_names{{
    {review_source_type::none, ""},
    {review_source_type::ai_analysis, "AIAnalysis"},
    {review_source_type::workflow_execution, "WorkflowExecution"},
    {review_source_type::routing_engine, "RoutingEngine"},
}};

template <class E, std::size_t N>
std::string_view name_of(const names<E, N>& table, E e) noexcept {
  for (const auto& [v, n] : table)
    if (v == e) return n;
  return "?";
}

// The CRD enums are case-sensitive, as is OpenAPI enum validation.
template <class E, std::size_t N>
std::optional<E> value_of(const names<E, N>& table, std::string_view s) noexcept {
  for (const auto& [v, n] : table)
    if (n == s) return v;
  return std::nullopt;
}

}  // namespace

std::string_view to_string(notification_type t) noexcept { return name_of(type_names, t); }
std::string_view to_string(notification_priority p) noexcept { return name_of(priority_names, p); }
std::string_view to_string(notification_phase p) noexcept { return name_of(phase_names, p); }
std::string_view to_string(delivery_status s) noexcept { return name_of(status_names, s); }
std::string_view to_string(review_source_type r) noexcept { return name_of(review_names, r); }

std::optional<notification_type> parse_notification_type(std::string_view s) noexcept {
  return value_of(type_names, s);
}
std::optional<notification_priority> parse_notification_priority(std::string_view s) noexcept {
  return value_of(priority_names, s);
}
std::optional<notification_phase> parse_notification_phase(std::string_view s) noexcept {
  return value_of(phase_names, s);
}
std::optional<delivery_status> parse_delivery_status(std::string_view s) noexcept {
  return value_of(status_names, s);
}
std::optional<review_source_type> parse_review_source(std::string_view s) noexcept {
  if (s.empty()) return std::nullopt;  // "" is the omitted field, not a value
  return value_of(review_names, s);
}

namespace {
sim::time_point whole_seconds(sim::time_point t) noexcept {
  return sim::time_point(std::chrono::floor<std::chrono::seconds>(t.time_since_epoch()));
}
void truncate(std::optional<sim::time_point>& t) noexcept {
  if (t) *t = whole_seconds(*t);
}
}  // namespace

void truncate_to_seconds(notification_status& s) noexcept {
  for (delivery_attempt& a : s.delivery_attempts) a.timestamp = whole_seconds(a.timestamp);
  for (condition& c : s.conditions) c.last_transition_time = whole_seconds(c.last_transition_time);
  truncate(s.queued_at);
  truncate(s.processing_started_at);
  truncate(s.completion_time);
  truncate(s.next_retry_at);
}

bool is_terminal(notification_phase p) noexcept {
  return p == notification_phase::sent || p == notification_phase::partially_sent || p == notification_phase::failed;
}

bool can_transition(notification_phase from, notification_phase to) noexcept {
  using P = notification_phase;
  switch (from) {
    case P::none:
      return to == P::pending;
    case P::pending:
      return to == P::sending || to == P::failed;
    case P::sending:
    case P::retrying:
      return to == P::sent || to == P::retrying || to == P::partially_sent || to == P::failed;
    case P::sent:
    case P::partially_sent:
    case P::failed:
      return false;
  }
  return false;
}

retry_policy effective_retry_policy(const notification_spec& s) noexcept {
  return s.retry_policy ? *s.retry_policy : retry_policy{5, 30, 2, 480};
}

const resource_info& notification_resource() {
  static const resource_info info{"NotificationRequest", "kubernaut.ai", "notificationrequests"};
  return info;
}

}  // namespace reconsim::model::notification
