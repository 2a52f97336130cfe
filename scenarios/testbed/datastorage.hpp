#pragma once
// DataStorage as the E2E suite meets it: an HTTP service behind a Kind
// NodePort that stores audit batches and answers queries only after an
// indexing delay (seed 002: 50-90 s). Optionally idempotent by event id.
#include <map>
#include <string>
#include <vector>

#include "reconsim/faults/network.hpp"
#include "reconsim/model/audit_event.hpp"
#include "reconsim/scenarios/spec/scenario.hpp"
#include "reconsim/scenarios/spec/testbed_shape.hpp"

namespace reconsim::scenarios {

class datastorage {
 public:
  datastorage(sim::world& w, faults::sim_network& net, const datastorage_spec& spec);
  // Binds the service port and the Kind port mappings (the pod is up).
  void listen();
  // Events about `resource_name` a query sees now.
  int query_count(const std::string& resource_name) const;
  // Rows stored so far (duplicates included).
  std::size_t rows() const noexcept { return rows_.size(); }

  static constexpr int service_port = 8080;
  // Where clients outside the cluster connect (kind's extraPortMappings).
  model::endpoint client_endpoint() const { return {std::string(localhost_host), spec_.node_port_tests_use}; }

 private:
  model::response handle(const model::request& r);

  struct row {
    model::audit::event e;
    sim::time_point visible_at;
  };
  sim::world* w_;
  faults::sim_network* net_;
  datastorage_spec spec_;
  std::vector<row> rows_;
  std::map<std::string, bool> ids_;  // for idempotent stores
};

}  // namespace reconsim::scenarios
