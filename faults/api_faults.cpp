#include "reconsim/faults/api_faults.hpp"

#include <fmt/format.h>

#include <deque>
#include <stdexcept>
#include <map>
#include <optional>
#include <vector>

namespace reconsim::faults {

namespace {

bool is_write(model::verb v) {
  using model::verb;
  return v == verb::update || v == verb::update_status || v == verb::patch || v == verb::patch_status;
}

// 409 is the answer to a write only; the other codes answer any request an
// object store serves (list and watch belong to the informer's machinery).
bool applies(int code, model::verb v) {
  if (v == model::verb::list || v == model::verb::watch) return false;
  return code != 409 || is_write(v);
}

model::api_error error_for(int code, const model::request_info& r) {
  using model::status_reason;
  const std::string name = r.key.name;
  switch (code) {
    case 409: return model::conflict(*r.resource, name);
    case 429:
      return model::make_error(status_reason::too_many_requests,
                               "the server has received too many requests and has asked us to try again later");
    case 503: return model::make_error(status_reason::service_unavailable, "the server is currently unable to handle the request");
    case 504: return model::make_error(status_reason::server_timeout, "the server was unable to return a response in the time allotted");
    default: return model::make_error(status_reason::internal_error, "an error on the server has prevented the request from succeeding");
  }
}

}  // namespace

bool valid_api_fault_code(int code) noexcept {
  return code == 409 || code == 429 || code == 500 || code == 503 || code == 504;
}

struct api_faults::impl {
  struct armed {
    int code = 409;
    int left = 1;
  };
  struct point {
    std::string kind;
    int code = 409;
    double p = 0;
    std::string stream;
  };

  impl(sim::world& world, model::api_server& server) : w(world), api(server) {}

  model::request_fault before(const model::request_info& r) {
    if (r.resource == nullptr) return {};
    auto& queue = armed_by_kind[r.resource->kind];
    for (auto it = queue.begin(); it != queue.end(); ++it) {
      if (!applies(it->code, r.v)) continue;
      const int code = it->code;
      if (--it->left <= 0) queue.erase(it);
      return fire(r, code, "injected");
    }
    for (point& p : points) {
      if (p.kind != r.resource->kind || !applies(p.code, r.v)) continue;
      if (w.rng(p.stream).bernoulli(p.p)) return fire(r, p.code, "probabilistic");
    }
    return {};
  }

  model::request_fault fire(const model::request_info& r, int code, std::string_view reason) {
    w.emit(code == 409 ? sim::symbol("fault.api.conflict") : sim::symbol("fault.api.error"),
           {{"kind", r.resource->kind}, {"key", model::to_string(r.key)}, {"verb", model::to_string(r.v)},
            {"code", code}, {"reason", reason}});
    model::request_fault f;
    f.error = error_for(code, r);
    return f;
  }

  model::watch_source& source(std::string_view kind) const {
    model::watch_source* s = api.watch_source_of(std::string(kind));
    if (s == nullptr) throw std::invalid_argument(fmt::format("api faults: no store serves kind '{}'", kind));
    return *s;
  }

  sim::world& w;
  model::api_server& api;
  std::map<std::string, std::deque<armed>> armed_by_kind;
  std::vector<point> points;
};

api_faults::api_faults(sim::world& w, model::api_server& api) : impl_(std::make_shared<impl>(w, api)) {
  api.set_before_request([s = impl_](const model::request_info& r) { return s->before(r); });
}

api_faults::~api_faults() = default;

void api_faults::inject(std::string_view kind, int code, int count) {
  impl_->w.emit("fault.api_armed", {{"kind", kind}, {"code", code}, {"count", count}});
  impl_->armed_by_kind[std::string(kind)].push_back({code, count});
}

void api_faults::set_fault_probability(std::string_view kind, int code, double p, std::string stream) {
  auto& pts = impl_->points;
  std::erase_if(pts, [&](const impl::point& x) { return x.kind == kind && x.code == code && x.stream == stream; });
  if (p > 0) pts.push_back(impl::point{std::string(kind), code, p, std::move(stream)});
}

void api_faults::drop_watches(std::string_view kind) {
  const std::size_t closed = impl_->source(kind).close_watches();
  impl_->w.emit("fault.watch_drop", {{"kind", kind}, {"watches", closed}});
}

void api_faults::hold_watch_events(std::string_view kind, sim::time_point until) {
  impl_->source(kind).hold_watch_events(until);
  impl_->w.emit("fault.stale", {{"kind", kind}, {"until", until.time_since_epoch()}});
}

}  // namespace reconsim::faults
