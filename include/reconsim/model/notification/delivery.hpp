#pragma once
// Delivery channels (pkg/notification/delivery/): one call per attempt.
// An error is retryable only when the channel says so (a *RetryableError
// upstream); anything else is permanent and the orchestrator prefixes it
// with "permanent failure: ".
#include <optional>
#include <string>

#include "reconsim/model/filesystem.hpp"
#include "reconsim/model/network.hpp"
#include "reconsim/model/notification/types.hpp"

namespace reconsim::model::notification {

struct delivery_error {
  std::string message;
  bool retryable = false;
};

class delivery_service {
 public:
  virtual ~delivery_service() = default;
  // May block the calling actor in virtual time (a slow write, an HTTP call).
  virtual std::optional<delivery_error> deliver(const notification_request& r) = 0;
};

// console: logs "[prio] [type] subject\nbody\n"; never fails. The log line
// becomes a "notification.console" trace event.
class console_channel final : public delivery_service {
 public:
  std::optional<delivery_error> deliver(const notification_request& r) override;
};

// file: MkdirAll(dir) -> write "<file>.tmp" -> rename; the temp file is
// removed when the rename fails. No fsync. mkdir, write and rename errors
// are retryable. Name: notification-<name>-<YYYYMMDD-HHMMSS.uuuuuu>.json,
// from virtual time (the epoch is the run's start).
class file_channel final : public delivery_service {
 public:
  file_channel(filesystem& fs, std::string output_dir) : fs_(&fs), dir_(std::move(output_dir)) {}
  std::optional<delivery_error> deliver(const notification_request& r) override;

  // The file name a delivery at `t` writes.
  static std::string file_name(const notification_request& r, sim::time_point t);
  // The JSON written (a subset of MarshalIndent of the whole object).
  static std::string render(const notification_request& r);

 private:
  filesystem* fs_;
  std::string dir_;
};

// slack: POST a Block Kit payload to the receiver's webhook (timeout 10 s).
// 2xx -> delivered; 5xx and 429 -> retryable; any other code -> permanent;
// transport errors -> retryable (TLS failures, permanent upstream, are not
// modelled).
class slack_channel final : public delivery_service {
 public:
  slack_channel(network& net, std::string from, endpoint webhook, std::string path,
                sim::duration timeout = std::chrono::seconds(10))
      : net_(&net), from_(std::move(from)), to_(std::move(webhook)), path_(std::move(path)), timeout_(timeout) {}
  std::optional<delivery_error> deliver(const notification_request& r) override;

 private:
  network* net_;
  std::string from_;
  endpoint to_;
  std::string path_;
  sim::duration timeout_;
};

}  // namespace reconsim::model::notification
