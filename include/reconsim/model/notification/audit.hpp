#pragma once
// The controller's audit emission (internal/controller/notification/
// notificationrequest_controller.go + pkg/notification/audit/manager.go):
// four event types, an in-memory de-duplication per object that marks a
// key only when StoreAudit succeeded, and a missing store failing the
// reconcile while a StoreAudit error is only logged.
#include <cstdint>
#include <map>
#include <set>
#include <string>

#include "reconsim/model/audit_event.hpp"
#include "reconsim/model/notification/types.hpp"

namespace reconsim::model::notification {

inline constexpr std::string_view audit_message_sent = "notification.message.sent";
inline constexpr std::string_view audit_message_failed = "notification.message.failed";
inline constexpr std::string_view audit_message_acknowledged = "notification.message.acknowledged";
inline constexpr std::string_view audit_message_escalated = "notification.message.escalated";

class audit_recorder {
 public:
  explicit audit_recorder(audit::sink* sink) : sink_(sink) {}

  // Each returns false only when there is no store (ADR-032: the caller
  // fails the reconcile). Dedup keys: "message.sent:<channel>",
  // "message.failed:<channel>:attempt<status.totalAttempts>" (the persisted
  // total, so one per channel per reconcile), "message.acknowledged",
  // "message.escalated".
  bool message_sent(const notification_request& r, const std::string& channel);
  bool message_failed(const notification_request& r, const std::string& channel, const std::string& error);
  bool acknowledged(const notification_request& r);
  bool escalated(const notification_request& r);
  // NotFound: drop the object's dedup keys (cleanupAuditEventTracking).
  void forget(const namespaced_name& key) { emitted_.erase(to_string(key)); }

  std::uint64_t emitted() const noexcept { return emitted_count_; }
  std::uint64_t store_errors() const noexcept { return store_errors_; }

 private:
  bool emit(const notification_request& r, const std::string& dedup_key, std::string_view type,
            std::string_view action, bool success, const std::string& channel, const std::string& error);

  audit::sink* sink_;
  std::map<std::string, std::set<std::string>> emitted_;  // "ns/name" -> keys
  std::uint64_t emitted_count_ = 0;
  std::uint64_t store_errors_ = 0;
};

}  // namespace reconsim::model::notification
