#include "reconsim/faults/network.hpp"

#include <algorithm>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "reconsim/sim/actor.hpp"
#include "reconsim/sim/condition.hpp"
#include "reconsim/sim/world.hpp"

namespace reconsim::faults {

using model::call_errc;
using model::call_outcome;
using model::endpoint;
using sim::field;

namespace {
constexpr std::pair<net_fault, std::string_view> fault_names[] = {
    {net_fault::refuse, "refuse"},           {net_fault::reset, "reset"},         {net_fault::eof, "eof"},
    {net_fault::drop, "drop"},               {net_fault::reset_after, "reset_after"}, {net_fault::eof_after, "eof_after"},
    {net_fault::drop_after, "drop_after"},
};

call_errc errc_of(net_fault f) noexcept {
  switch (f) {
    case net_fault::refuse: return call_errc::refused;
    case net_fault::reset:
    case net_fault::reset_after: return call_errc::reset;
    case net_fault::eof:
    case net_fault::eof_after: return call_errc::eof;
    case net_fault::drop:
    case net_fault::drop_after: return call_errc::timeout;
  }
  return call_errc::reset;
}

// A partition is symmetric: store the pair in order.
std::pair<std::string, std::string> link_key(std::string_view a, std::string_view b) {
  return a < b ? std::pair{std::string(a), std::string(b)} : std::pair{std::string(b), std::string(a)};
}

// Shared by the caller and the actor serving its request; whoever is last
// frees it (the caller may have timed out long before).
struct exchange {
  sim::event done{"net.exchange"};
  bool delivered = false;
  call_outcome outcome;
};
}  // namespace

model::response http_fault_response(int code) {
  model::response r;
  r.status = code;
  switch (code) {
    case 400: r.body = "invalid_payload"; break;
    case 403: r.body = "invalid_token"; break;
    case 404: r.body = "no_service"; break;
    case 429: r.body = "rate_limited"; break;
    case 500: r.body = "internal server error"; break;
    case 502: r.body = "bad gateway"; break;
    case 503: r.body = "service unavailable"; break;
    case 504: r.body = "gateway timeout"; break;
    default: r.body = "error " + std::to_string(code); break;
  }
  if (code == 429 || code == 503) r.headers["Retry-After"] = "1";
  return r;
}

std::string_view to_string(net_fault f) noexcept {
  for (auto [k, n] : fault_names) {
    if (k == f) return n;
  }
  return "?";
}

bool parse_net_fault(std::string_view text, net_fault& out) noexcept {
  for (auto [k, n] : fault_names) {
    if (n == text) {
      out = k;
      return true;
    }
  }
  return false;
}

struct sim_network::impl {
  struct point {
    net_fault kind;
    std::string host;
    double p;
    std::string stream;
  };
  struct armed {
    net_fault kind;
    int left;
  };
  struct warmup {
    sim::time_point until;
    int eofs_left;
  };
  struct status_point {
    int code;
    std::string host;
    double p;
    std::string stream;
  };
  struct armed_status {
    int code;
    int left;
  };
  // Why a request failed before reaching a handler, if it did.
  struct verdict {
    net_fault kind;
    std::string_view reason;
  };

  impl(sim::world& world, network_options o) : w(world), opts(std::move(o)) {}

  // Follows forwards; the bool says whether a forwarder accepted on the way.
  std::pair<endpoint, bool> resolve(const endpoint& to) const {
    endpoint e = to;
    bool forwarded = false;
    for (int hop = 0; hop < 16; ++hop) {  // a bound against forwarding loops
      auto it = forwards.find(e);
      if (it == forwards.end()) break;
      e = it->second;
      forwarded = true;
    }
    return {e, forwarded};
  }

  sim::duration draw_latency(std::string_view from, const std::string& host) {
    sim::duration lo = opts.latency_min;
    sim::duration hi = opts.latency_max;
    if (auto it = link_latency.find(link_key(from, host)); it != link_latency.end()) std::tie(lo, hi) = it->second;
    // One stream per link, so traffic on one link never shifts another's.
    sim::rng& r = w.rng(opts.name + ".latency." + std::string(from) + "->" + host);
    return hi > lo ? r.uniform_duration(lo, hi) : lo;
  }

  bool is_partitioned(std::string_view a, std::string_view b) const { return partitions.contains(link_key(a, b)); }

  // The faults that decide a request's fate before any handler, in a fixed
  // order: partition, warm-up, nobody listening, armed counts, fault points.
  std::optional<verdict> before_handler(std::string_view from, const endpoint& target, bool forwarded) {
    const std::string& host = target.host;
    if (is_partitioned(from, host)) return verdict{net_fault::drop, "partition"};
    if (auto it = warmups.find(host); it != warmups.end() && w.now() < it->second.until) {
      if (it->second.eofs_left > 0) {
        --it->second.eofs_left;
        return verdict{net_fault::eof, "ready_before_listen"};
      }
      return verdict{net_fault::reset, "ready_before_listen"};
    }
    if (!servers.contains(target)) {
      if (forwarded && opts.unmapped_forward_resets) return verdict{net_fault::reset, "no_target"};
      return verdict{net_fault::refuse, "not_listening"};
    }
    if (auto it = armed_faults.find(host); it != armed_faults.end() && !it->second.empty()) {
      armed& a = it->second.front();
      const net_fault k = a.kind;
      if (--a.left <= 0) it->second.pop_front();
      return verdict{k, "injected"};
    }
    for (point& p : points) {
      if (p.host != host) continue;
      if (w.rng(p.stream).bernoulli(p.p)) return verdict{p.kind, "probabilistic"};
    }
    return std::nullopt;
  }

  // The HTTP status a request that reached its server is answered with
  // instead of being served, if any: armed answers first, then points.
  std::optional<std::pair<int, std::string_view>> status_fault(const std::string& host) {
    if (auto it = armed_statuses.find(host); it != armed_statuses.end() && !it->second.empty()) {
      armed_status& a = it->second.front();
      const int code = a.code;
      if (--a.left <= 0) it->second.pop_front();
      return std::pair{code, std::string_view("injected")};
    }
    for (status_point& p : status_points) {
      if (p.host != host) continue;
      if (w.rng(p.stream).bernoulli(p.p)) return std::pair{p.code, std::string_view("probabilistic")};
    }
    return std::nullopt;
  }

  void emit_fault(const verdict& v, std::string_view from, const endpoint& target, const model::request& req) {
    w.emit("fault.net." + std::string(to_string(v.kind)),
           {field("from", from), field("host", target.host), field("port", target.port), field("path", req.path),
            field("reason", v.reason)});
  }

  // Runs on the server's own actor: travel, handle, travel back.
  void serve(std::shared_ptr<exchange> x, std::string from, endpoint target, model::request req,
             sim::duration latency, std::optional<net_fault> after) {
    sim::sleep_for(latency);
    // Partitioned while the request travelled: it never arrives.
    if (is_partitioned(from, target.host)) return;
    auto it = servers.find(target);
    if (it == servers.end()) {
      x->outcome = {call_errc::reset, std::nullopt, false, {}};
      x->done.set();
      return;
    }
    const model::handler h = it->second;  // a copy: the handler may unlisten itself
    x->delivered = true;
    model::response r = h(req);
    if (after) {
      emit_fault({*after, "injected_after"}, from, target, req);
      if (*after == net_fault::drop_after) return;
      sim::sleep_for(latency);
      x->outcome = {errc_of(*after), std::nullopt, true, {}};
      x->done.set();
      return;
    }
    sim::sleep_for(latency);
    if (is_partitioned(from, target.host)) return;  // the response is lost
    x->outcome = {call_errc::ok, std::move(r), true, {}};
    x->done.set();
  }

  call_outcome finish(call_outcome out, sim::time_point start, std::string_view from, const endpoint& target) {
    out.elapsed = w.now() - start;
    w.emit("net.outcome", {field("from", from), field("host", target.host), field("port", target.port),
                           field("errc", model::to_string(out.error)), field("delivered", out.delivered),
                           field("status", out.response ? out.response->status : 0), field("elapsed", out.elapsed)});
    return out;
  }

  sim::world& w;
  network_options opts;
  std::map<endpoint, model::handler> servers;
  std::map<endpoint, endpoint> forwards;
  std::map<std::pair<std::string, std::string>, std::pair<sim::duration, sim::duration>> link_latency;
  std::map<std::pair<std::string, std::string>, int> partitions;
  std::map<std::string, std::deque<armed>> armed_faults;
  std::vector<point> points;
  std::map<std::string, warmup> warmups;
  std::map<std::string, std::deque<armed_status>> armed_statuses;
  std::vector<status_point> status_points;
  std::uint64_t requests = 0;
};

sim_network::sim_network(sim::world& w, network_options opts) : impl_(std::make_shared<impl>(w, std::move(opts))) {}
sim_network::~sim_network() = default;

void sim_network::listen(const endpoint& at, model::handler h) { impl_->servers[at] = std::move(h); }
void sim_network::unlisten(const endpoint& at) { impl_->servers.erase(at); }

call_outcome sim_network::call(std::string_view from, const endpoint& to, const model::request& req,
                               sim::duration timeout) {
  impl& s = *impl_;
  const sim::time_point start = s.w.now();
  const sim::time_point deadline = start + timeout;
  const auto [target, forwarded] = s.resolve(to);
  s.w.emit("net.call", {field("from", from), field("to", model::to_string(to)), field("host", target.host),
                        field("port", target.port), field("method", req.method), field("path", req.path)});
  const sim::duration latency = s.draw_latency(from, target.host);
  std::optional<impl::verdict> v = s.before_handler(from, target, forwarded);
  if (v && !delivers(v->kind)) {
    s.emit_fault(*v, from, target, req);
    // A refusal or reset comes back after a round trip; a drop never does.
    const bool answers = v->kind != net_fault::drop;
    const sim::time_point back = answers ? start + 2 * latency : deadline;
    sim::sleep_until(std::min(back, deadline));
    const call_errc e = answers && back <= deadline ? errc_of(v->kind) : call_errc::timeout;
    return s.finish({e, std::nullopt, false, {}}, start, from, target);
  }
  if (!v) {
    if (auto answer = s.status_fault(target.host)) {
      s.w.emit("fault.http", {field("from", from), field("host", target.host), field("port", target.port),
                              field("path", req.path), field("code", answer->first), field("reason", answer->second)});
      const sim::time_point back = start + 2 * latency;
      sim::sleep_until(std::min(back, deadline));
      if (back > deadline) return s.finish({call_errc::timeout, std::nullopt, false, {}}, start, from, target);
      return s.finish({call_errc::ok, http_fault_response(answer->first), false, {}}, start, from, target);
    }
  }
  auto x = std::make_shared<exchange>();
  std::optional<net_fault> after;
  if (v) after = v->kind;
  s.w.spawn(target.host + "#" + std::to_string(++s.requests),
            [self = impl_, x, f = std::string(from), target = target, req, latency, after] {
              self->serve(x, f, target, req, latency, after);
            });
  // The fault event for an *_after kind is emitted when it happens, in serve.
  if (!x->done.wait_until(deadline)) return s.finish({call_errc::timeout, std::nullopt, x->delivered, {}}, start, from, target);
  return s.finish(x->outcome, start, from, target);
}

void sim_network::forward(const endpoint& front, const endpoint& target) { impl_->forwards[front] = target; }

void sim_network::set_link_latency(std::string_view from, std::string_view to_host, sim::duration min,
                                   sim::duration max) {
  if (max < min) throw std::invalid_argument("sim_network: latency max < min");
  impl_->link_latency[link_key(from, to_host)] = {min, max};
}

void sim_network::set_partition(std::string_view a, std::string_view b, bool partitioned) {
  impl_->w.emit(partitioned ? sim::symbol("fault.partition") : sim::symbol("fault.heal"), {field("a", a), field("b", b)});
  // Counted, so overlapping partitions of one pair (two plan steps) heal
  // only when the last one ends.
  auto key = link_key(a, b);
  if (partitioned) {
    ++impl_->partitions[key];
  } else if (auto it = impl_->partitions.find(key); it != impl_->partitions.end() && --it->second <= 0) {
    impl_->partitions.erase(it);
  }
}

void sim_network::inject(std::string_view host, net_fault kind, int count) {
  if (count <= 0) return;
  impl_->w.emit("fault." + std::string(to_string(kind)), {field("host", host), field("count", count)});
  impl_->armed_faults[std::string(host)].push_back({kind, count});
}

void sim_network::set_fault_probability(net_fault kind, std::string_view host, double p, std::string stream) {
  auto& pts = impl_->points;
  std::erase_if(pts, [&](const impl::point& x) { return x.kind == kind && x.host == host && x.stream == stream; });
  if (p > 0) pts.push_back({kind, std::string(host), p, std::move(stream)});
}

void sim_network::inject_status(std::string_view host, int code, int count) {
  if (count <= 0) return;
  impl_->w.emit("fault.http_armed", {field("host", host), field("code", code), field("count", count)});
  impl_->armed_statuses[std::string(host)].push_back({code, count});
}

void sim_network::set_status_probability(int code, std::string_view host, double p, std::string stream) {
  auto& pts = impl_->status_points;
  std::erase_if(pts, [&](const impl::status_point& x) { return x.code == code && x.host == host && x.stream == stream; });
  if (p > 0) pts.push_back({code, std::string(host), p, std::move(stream)});
}

void sim_network::ready_before_listen(std::string_view host, sim::duration d) {
  const sim::time_point until = impl_->w.now() + d;
  impl_->w.emit("fault.ready_before_listen", {field("host", host), field("until", until.time_since_epoch())});
  impl_->warmups[std::string(host)] = {until, impl_->opts.warmup_eofs};
}

bool sim_network::partitioned(std::string_view a, std::string_view b) const { return impl_->is_partitioned(a, b); }
const network_options& sim_network::options() const noexcept { return impl_->opts; }

}  // namespace reconsim::faults
