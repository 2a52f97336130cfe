#pragma once
// A network that misbehaves, as seed 004 describes it: named endpoints
// behind port maps (Kind extraPortMappings -> NodePort -> Service target
// port; a mismatch resets), latency per link, refused connections, EOF,
// "connection reset by peer", timeouts, partitions between two nodes, and a
// server whose readiness passed before it listens (EOF, then RST, for a
// while). Every request handled by a server and then lost on the way back is
// reported as such (call_outcome::delivered), since that is what makes a
// retried audit batch land twice.
#include <memory>
#include <string>
#include <string_view>

#include "reconsim/model/network.hpp"
#include "reconsim/sim/time.hpp"

namespace reconsim::sim {
class world;
}

namespace reconsim::faults {

// What a fault does to one request. The plain kinds hit before the server
// reads the request; the *_after kinds after its handler ran ("request
// delivered, response lost").
enum class net_fault {
  refuse,       // connect: connection refused
  reset,        // RST before the request is read
  eof,          // the server closes before reading: EOF
  drop,         // the request is lost: the client times out
  reset_after,  // handled, then RST
  eof_after,    // handled, then closed mid-response: EOF
  drop_after,   // handled, response lost: the client times out
};
std::string_view to_string(net_fault f) noexcept;
bool parse_net_fault(std::string_view text, net_fault& out) noexcept;
constexpr bool delivers(net_fault f) noexcept {
  return f == net_fault::reset_after || f == net_fault::eof_after || f == net_fault::drop_after;
}

// An HTTP error a host may answer instead of serving a request: a 4xx or
// 5xx status (400..599).
constexpr bool valid_http_fault_code(int code) noexcept { return code >= 400 && code <= 599; }
// The response a host gives for an injected `code`: a short body naming the
// status; 429 and 503 carry "Retry-After: 1" as rate limiters and overloaded
// front ends send it.
model::response http_fault_response(int code);

struct network_options {
  std::string name = "net";  // rng stream prefix
  // One-way latency of a link unless set_link_latency says otherwise.
  sim::duration latency_min = std::chrono::microseconds(200);
  sim::duration latency_max = std::chrono::milliseconds(2);
  // Seed 004: a published port whose NodePort has no target was accepted by
  // the forwarder and then reset. false: refused instead.
  bool unmapped_forward_resets = true;
  // Seed 004: ready before listening gave EOF on the first attempt and RST
  // on the next ones.
  int warmup_eofs = 1;
};

class sim_network final : public model::network {
 public:
  explicit sim_network(sim::world& w, network_options opts = {});
  ~sim_network() override;
  sim_network(const sim_network&) = delete;
  sim_network& operator=(const sim_network&) = delete;

  void listen(const model::endpoint& at, model::handler h) override;
  void unlisten(const model::endpoint& at) override;
  model::call_outcome call(std::string_view from, const model::endpoint& to, const model::request& req,
                           sim::duration timeout) override;

  // Connections to `front` are forwarded to `target` (Kind: localhost:30090
  // -> node:30090; a Service: node:30090 -> datastorage:8080). Chains are
  // followed; a chain that ends where nobody listens resets (see options).
  void forward(const model::endpoint& front, const model::endpoint& target);
  void set_link_latency(std::string_view from, std::string_view to_host, sim::duration min, sim::duration max);

  // Faults. Hosts are the final target's host after forwarding; partitions
  // are between the caller's node name and that host, both directions, and
  // nest (each `true` needs its own `false`).
  void set_partition(std::string_view a, std::string_view b, bool partitioned);
  // The next `count` requests to `host` fail with `kind`.
  void inject(std::string_view host, net_fault kind, int count);
  // Each request to `host` fails with `kind` with probability p, drawn from
  // the rng stream `stream` (one per fault point). p = 0 removes the point.
  void set_fault_probability(net_fault kind, std::string_view host, double p, std::string stream);
  // HTTP answers: the next `count` requests that reach `host` (no transport
  // fault hit them first) are answered `code` after a round trip, without
  // running its handler ("fault.http", reason injected). The server is up;
  // it says no.
  void inject_status(std::string_view host, int code, int count);
  // Each request reaching `host` is answered `code` with probability p
  // (reason probabilistic), drawn from the rng stream `stream`.
  void set_status_probability(int code, std::string_view host, double p, std::string stream);
  // From now for `d`, `host` accepts connections it cannot serve yet: the
  // first warmup_eofs get EOF, later ones RST (seed 004).
  void ready_before_listen(std::string_view host, sim::duration d);

  bool partitioned(std::string_view a, std::string_view b) const;
  const network_options& options() const noexcept;

  struct impl;

 private:
  std::shared_ptr<impl> impl_;
};

}  // namespace reconsim::faults
