#include "datastorage.hpp"

#include <fmt/format.h>

#include "reconsim/sim.hpp"

namespace reconsim::scenarios {

datastorage::datastorage(sim::world& w, faults::sim_network& net, const datastorage_spec& spec)
    : w_(&w), net_(&net), spec_(spec) {}

void datastorage::listen() {
  // localhost:<tests' port> -> kind node:<tests' port>; the Service maps the
  // node's <deployed NodePort> to the pod. When the two ports differ, the
  // tests' connections reach a node port nobody serves (seed 004).
  const std::string localhost(localhost_host), kind_node(kind_node_host), service(datastorage_host);
  net_->forward({localhost, spec_.node_port_tests_use}, {kind_node, spec_.node_port_tests_use});
  net_->forward({kind_node, spec_.node_port_deployed}, {service, service_port});
  net_->listen({service, service_port}, [this](const model::request& r) { return handle(r); });
}

model::response datastorage::handle(const model::request& r) {
  if (r.path == "/health") return {200, {}, "ok"};
  if (r.method != "POST" || r.path != "/api/v1/audit/events/batch") return {404, {}, "not found"};
  auto batch = model::audit::decode_batch(r.body);
  if (!batch) return {400, {}, "bad batch"};
  std::string ids;
  int stored = 0;
  int skipped = 0;
  sim::rng& index = w_->rng("datastorage.index");
  for (const auto& e : *batch) {
    if (spec_.idempotent && ids_.count(e.id) != 0) {
      ++skipped;
      continue;
    }
    ids_[e.id] = true;
    rows_.push_back({e, w_->now() + index.uniform_duration(spec_.index_delay_min, spec_.index_delay_max)});
    ids += (ids.empty() ? "" : ",") + e.id;
    ++stored;
  }
  w_->emit("datastorage.stored", {{"ids", ids}, {"rows", stored}, {"skipped_duplicates", skipped}});
  return {201, {}, fmt::format("{{\"stored\":{}}}", stored)};
}

int datastorage::query_count(const std::string& resource_name) const {
  int n = 0;
  for (const auto& row : rows_) {
    if (row.visible_at <= w_->now() && row.e.resource_name == resource_name) ++n;
  }
  return n;
}

}  // namespace reconsim::scenarios
