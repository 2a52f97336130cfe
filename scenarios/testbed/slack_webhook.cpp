#include "slack_webhook.hpp"

#include "reconsim/model/notification/routing.hpp"
#include "reconsim/scenarios/spec/testbed_shape.hpp"

namespace reconsim::scenarios {

namespace nt = model::notification;

namespace {
constexpr std::string_view services_prefix = "/services/";
}

slack_webhook::slack_webhook(faults::sim_network& net) {
  const model::endpoint at{std::string(slack_host), port};
  net.listen(at, [this](const model::request& r) { return handle(r); });
  for (const auto& receiver : nt::e2e_routing_table().receivers) {
    for (const auto& channel : receiver.channels) {
      if (!channel.starts_with("slack:")) continue;
      const std::string name = channel.substr(6);
      receivers_.push_back(name);
      channels_.push_back(std::make_unique<nt::slack_channel>(net, std::string(controller_node), at,
                                                              std::string(services_prefix) + name));
    }
  }
}

void slack_webhook::register_channels(std::map<std::string, nt::delivery_service*>& channels) {
  for (std::size_t i = 0; i < receivers_.size(); ++i) channels["slack:" + receivers_[i]] = channels_[i].get();
}

int slack_webhook::accepted(const std::string& receiver) const {
  const auto it = accepted_.find(receiver);
  return it == accepted_.end() ? 0 : it->second;
}

model::response slack_webhook::handle(const model::request& r) {
  if (!r.path.starts_with(services_prefix)) return {404, {}, "no_service"};
  const std::string receiver = r.path.substr(services_prefix.size());
  if (receiver.ends_with("-failure")) return faults::http_fault_response(503);
  ++accepted_[receiver];
  return {200, {}, "ok"};
}

}  // namespace reconsim::scenarios
