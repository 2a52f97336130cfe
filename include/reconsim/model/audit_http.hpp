#pragma once
// The audit client's HTTP side (pkg/audit/http_client.go + errors.go):
// POST the batch to DataStorage and classify the answer. 2xx -> written;
// 5xx, 401 and 403 -> retryable; any other 4xx -> dropped at once;
// transport errors (refused, EOF, reset, timeout) -> retryable.
#include <string>

#include "reconsim/model/audit_store.hpp"
#include "reconsim/model/network.hpp"

namespace reconsim::model::audit {

inline constexpr std::string_view batch_path = "/api/v1/audit/events/batch";

class http_batch_writer final : public batch_writer {
 public:
  // `from` is the caller's node (partitions are between node names).
  // `timeout`: the HTTP client's (DataStorage.Timeout, 10 s by default and
  // in E2E; openapi_client_adapter.go ~126-161). It sits inside a 30 s
  // per-attempt context, so it is the one that ends a hanging request.
  http_batch_writer(network& net, std::string from, endpoint to,
                    sim::duration timeout = std::chrono::seconds(10))
      : net_(&net), from_(std::move(from)), to_(std::move(to)), timeout_(timeout) {}

  write_result store_batch(const std::vector<event>& batch) override;

 private:
  network* net_;
  std::string from_;
  endpoint to_;
  sim::duration timeout_;
};

}  // namespace reconsim::model::audit
