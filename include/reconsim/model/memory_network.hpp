#pragma once
// A network in memory: no latency, no faults. The handler runs on the
// caller's actor, so a call takes exactly the handler's own virtual time.
// For unit tests of the model; faults::sim_network is the one that
// misbehaves.
#include <map>

#include "reconsim/model/network.hpp"

namespace reconsim::model {

class memory_network final : public network {
 public:
  void listen(const endpoint& at, handler h) override;
  void unlisten(const endpoint& at) override;
  // Refused if nobody listens at `to`; timeout (delivered) if the handler
  // ran past `timeout`, because the caller would have given up by then.
  call_outcome call(std::string_view from, const endpoint& to, const request& req,
                    sim::duration timeout) override;

 private:
  std::map<endpoint, handler> servers_;
};

}  // namespace reconsim::model
