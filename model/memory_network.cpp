#include "reconsim/model/memory_network.hpp"

#include <utility>

namespace reconsim::model {

void memory_network::listen(const endpoint& at, handler h) { servers_[at] = std::move(h); }

void memory_network::unlisten(const endpoint& at) { servers_.erase(at); }

call_outcome memory_network::call(std::string_view /*from*/, const endpoint& to, const request& req,
                                  sim::duration timeout) {
  const sim::time_point start = sim::now();
  auto it = servers_.find(to);
  if (it == servers_.end()) return {call_errc::refused, std::nullopt, false, {}};
  // Copy: the handler may unlisten (or replace) itself while it runs.
  const handler h = it->second;
  response r = h(req);
  call_outcome out;
  out.delivered = true;
  out.elapsed = sim::now() - start;
  if (out.elapsed > timeout) {
    out.error = call_errc::timeout;
  } else {
    out.response = std::move(r);
  }
  return out;
}

}  // namespace reconsim::model
