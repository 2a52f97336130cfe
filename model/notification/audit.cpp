#include "reconsim/model/notification/audit.hpp"

#include "reconsim/sim/actor.hpp"

namespace reconsim::model::notification {

bool audit_recorder::emit(const notification_request& r, const std::string& dedup_key, std::string_view type,
                          std::string_view action, bool success, const std::string& channel,
                          const std::string& error) {
  if (sink_ == nullptr) return false;
  const std::string object = to_string(r.key());
  auto& keys = emitted_[object];
  if (keys.contains(dedup_key)) return true;  // already emitted: skip silently
  audit::event e;
  e.event_type = std::string(type);
  e.event_category = "notification";
  e.event_action = std::string(action);
  e.event_outcome = success ? "success" : "failure";
  e.correlation_id = r.spec->remediation_request_ref && !r.spec->remediation_request_ref->name.empty()
                         ? r.spec->remediation_request_ref->name
                         : r.metadata.uid.str();
  e.actor_id = "notification-controller";
  e.resource_namespace = r.metadata.namespace_;
  e.resource_name = r.metadata.name;
  e.channel = channel;
  e.error = error;
  e.timestamp = sim::now();
  e.id = "notification-controller/" + std::to_string(++emitted_count_);
  const bool stored = sink_->store(e);
  sim::emit("audit.emit", {{"id", e.id}, {"type", e.event_type}, {"object", object}, {"channel", channel},
                           {"stored", stored}});
  if (stored) {
    keys.insert(dedup_key);
  } else {
    ++store_errors_;  // logged upstream, never fails the reconcile
  }
  return true;
}

bool audit_recorder::message_sent(const notification_request& r, const std::string& channel) {
  return emit(r, "message.sent:" + channel, audit_message_sent, "sent", true, channel, "");
}

bool audit_recorder::message_failed(const notification_request& r, const std::string& channel,
                                    const std::string& error) {
  return emit(r, "message.failed:" + channel + ":attempt" + std::to_string(r.status.total_attempts),
              audit_message_failed, "failed", false, channel, error);
}

bool audit_recorder::acknowledged(const notification_request& r) {
  return emit(r, "message.acknowledged", audit_message_acknowledged, "acknowledged", true, "", "");
}

bool audit_recorder::escalated(const notification_request& r) {
  return emit(r, "message.escalated", audit_message_escalated, "escalated", false, "", "");
}

}  // namespace reconsim::model::notification
