#include "reconsim/model/audit_event.hpp"

#include <nlohmann/json.hpp>

namespace reconsim::model::audit {

std::optional<std::string> validate(const event& e) {
  if (e.event_type.empty()) return "event_type is required";
  if (e.event_category.empty()) return "event_category is required";
  if (e.event_action.empty()) return "event_action is required";
  if (e.correlation_id.empty()) return "correlation_id is required";
  if (e.event_outcome != "success" && e.event_outcome != "failure" && e.event_outcome != "pending")
    return "event_outcome must be success, failure or pending";
  return std::nullopt;
}

std::string encode_batch(const std::vector<event>& batch) {
  nlohmann::ordered_json arr = nlohmann::ordered_json::array();
  for (const auto& e : batch) {
    arr.push_back({{"id", e.id},
                   {"event_type", e.event_type},
                   {"event_category", e.event_category},
                   {"event_action", e.event_action},
                   {"event_outcome", e.event_outcome},
                   {"correlation_id", e.correlation_id},
                   {"actor_id", e.actor_id},
                   {"resource_namespace", e.resource_namespace},
                   {"resource_name", e.resource_name},
                   {"channel", e.channel},
                   {"error", e.error},
                   {"timestamp_ns", e.timestamp.time_since_epoch().count()}});
  }
  return arr.dump();
}

std::optional<std::vector<event>> decode_batch(std::string_view body) {
  const auto j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_array()) return std::nullopt;
  std::vector<event> out;
  try {
    for (const auto& o : j) {
      event e;
      e.id = o.at("id").get<std::string>();
      e.event_type = o.at("event_type").get<std::string>();
      e.event_category = o.at("event_category").get<std::string>();
      e.event_action = o.at("event_action").get<std::string>();
      e.event_outcome = o.at("event_outcome").get<std::string>();
      e.correlation_id = o.at("correlation_id").get<std::string>();
      e.actor_id = o.at("actor_id").get<std::string>();
      e.resource_namespace = o.at("resource_namespace").get<std::string>();
      e.resource_name = o.at("resource_name").get<std::string>();
      e.channel = o.at("channel").get<std::string>();
      e.error = o.at("error").get<std::string>();
      e.timestamp = sim::time_point(sim::duration(o.at("timestamp_ns").get<std::int64_t>()));
      out.push_back(std::move(e));
    }
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
  return out;
}

}  // namespace reconsim::model::audit
