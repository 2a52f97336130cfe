#pragma once
// An audit event as a service hands it to its audit store, and the store's
// interface (pkg/audit: AuditStore.StoreAudit). The buffered client and the
// DataStorage service implement and consume these.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reconsim/sim/time.hpp"

namespace reconsim::model::audit {

struct event {
  std::string event_type;      // "notification.message.sent", ...
  std::string event_category;  // "notification"
  std::string event_action;    // "sent", "failed", "acknowledged", "escalated"
  std::string event_outcome;   // "success" | "failure"
  std::string correlation_id;  // remediationRequestRef.name, else the object's uid
  std::string actor_id;        // "notification-controller"
  std::string resource_namespace;
  std::string resource_name;
  std::string channel;  // empty for acknowledged / escalated
  std::string error;    // message.failed only
  sim::time_point timestamp{};
  // Unique within a run, so a checker can tell "stored twice" from "emitted
  // twice": (emitter, sequence number).
  std::string id;

  bool operator==(const event&) const = default;
};

// ValidateAuditEventRequest, reduced to what the model sets: the required
// strings are present and the outcome is one the OpenAPI enum allows.
// Returns the first problem.
std::optional<std::string> validate(const event& e);

// The batch body of POST /api/v1/audit/events/batch (a JSON array), and
// back; decode returns nothing on malformed input.
std::string encode_batch(const std::vector<event>& batch);
std::optional<std::vector<event>> decode_batch(std::string_view body);

// StoreAudit: validates and enqueues without blocking; false when the event
// is invalid or the buffer is full (the event is then dropped).
class sink {
 public:
  virtual ~sink() = default;
  virtual bool store(const event& e) = 0;
};

}  // namespace reconsim::model::audit
