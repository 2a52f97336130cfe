#include <nlohmann/json.hpp>

#include "reconsim/model/notification/delivery.hpp"

namespace reconsim::model::notification {

std::optional<delivery_error> slack_channel::deliver(const notification_request& r) {
  request req;
  req.method = "POST";
  req.path = path_;
  req.headers["Content-Type"] = "application/json";
  nlohmann::ordered_json blocks = nlohmann::ordered_json::array();
  blocks.push_back({{"type", "header"}, {"text", {{"type", "plain_text"}, {"text", r.spec->subject}}}});
  blocks.push_back({{"type", "section"}, {"text", {{"type", "mrkdwn"}, {"text", r.spec->body}}}});
  req.body = nlohmann::ordered_json{{"blocks", blocks}}.dump();
  const call_outcome out = net_->call(from_, to_, req, timeout_);
  if (!out.ok())
    return delivery_error{"slack webhook request failed: Post \"http://" + to_string(to_) + path_ +
                              "\": " + std::string(to_string(out.error)),
                          true};
  const int code = out.response->status;
  if (code >= 200 && code < 300) return std::nullopt;
  const bool retryable = code == 429 || (code >= 500 && code < 600);
  return delivery_error{"slack webhook returned " + std::to_string(code) +
                            (retryable ? " (retryable): " : " (permanent failure): ") + out.response->body,
                        retryable};
}

}  // namespace reconsim::model::notification
