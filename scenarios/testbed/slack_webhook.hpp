#pragma once
// Slack as the E2E suite meets it: one webhook host answering every
// receiver's URL (/services/<receiver>), and the controller's slack channel
// per receiver of the E2E routing table ("slack:<receiver>", registered on
// routing load upstream). Receivers named *-failure point at a webhook that
// answers 503 (test 04's slack-failure); the others answer 200 "ok".
// Faults come from the plan (http/net statements on the slack host).
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "reconsim/faults/network.hpp"
#include "reconsim/model/notification/delivery.hpp"

namespace reconsim::scenarios {

class slack_webhook {
 public:
  explicit slack_webhook(faults::sim_network& net);
  // Adds "slack:<receiver>" -> its channel for every slack receiver.
  void register_channels(std::map<std::string, model::notification::delivery_service*>& channels);
  // Messages the webhook accepted (2xx), by receiver.
  int accepted(const std::string& receiver) const;

  static constexpr int port = 8080;

 private:
  model::response handle(const model::request& r);

  std::vector<std::unique_ptr<model::notification::slack_channel>> channels_;
  std::vector<std::string> receivers_;
  std::map<std::string, int> accepted_;
};

}  // namespace reconsim::scenarios
