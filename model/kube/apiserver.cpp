#include "reconsim/model/kube/apiserver.hpp"

#include <fmt/format.h>

#include "reconsim/sim/actor.hpp"

namespace reconsim::model {

std::string_view to_string(status_reason r) noexcept {
  switch (r) {
    case status_reason::bad_request: return "BadRequest";
    case status_reason::not_found: return "NotFound";
    case status_reason::already_exists: return "AlreadyExists";
    case status_reason::conflict: return "Conflict";
    case status_reason::invalid: return "Invalid";
    case status_reason::expired: return "Expired";
    case status_reason::too_many_requests: return "TooManyRequests";
    case status_reason::internal_error: return "InternalError";
    case status_reason::service_unavailable: return "ServiceUnavailable";
    case status_reason::server_timeout: return "ServerTimeout";
    case status_reason::timeout: return "Timeout";
  }
  return "Unknown";
}

int code_of(status_reason r) noexcept {
  switch (r) {
    case status_reason::bad_request: return 400;
    case status_reason::not_found: return 404;
    case status_reason::already_exists: return 409;
    case status_reason::conflict: return 409;
    case status_reason::invalid: return 422;
    case status_reason::expired: return 410;
    case status_reason::too_many_requests: return 429;
    case status_reason::internal_error: return 500;
    case status_reason::service_unavailable: return 503;
    case status_reason::server_timeout: return 504;
    case status_reason::timeout: return 504;
  }
  return 500;
}

api_error make_error(status_reason r, std::string message) { return api_error{r, code_of(r), std::move(message)}; }

api_error not_found(const resource_info& r, std::string_view name) {
  return make_error(status_reason::not_found, fmt::format("{} \"{}\" not found", r.group_resource(), name));
}

api_error already_exists(const resource_info& r, std::string_view name) {
  return make_error(status_reason::already_exists, fmt::format("{} \"{}\" already exists", r.group_resource(), name));
}

api_error conflict(const resource_info& r, std::string_view name) {
  return make_error(status_reason::conflict,
                    fmt::format("Operation cannot be fulfilled on {} \"{}\": the object has been modified; please "
                                "apply your changes to the latest version and try again",
                                r.group_resource(), name));
}

api_error invalid(const resource_info& r, std::string_view name, std::string_view detail) {
  // errors.NewInvalid names the GroupKind ("Kind.group"), not the resource.
  const std::string group_kind = r.group.empty() ? r.kind : r.kind + "." + r.group;
  return make_error(status_reason::invalid, fmt::format("{} \"{}\" is invalid: {}", group_kind, name, detail));
}

api_error invalid_resource_version(const resource_info& r, std::string_view name) {
  return invalid(r, name, "metadata.resourceVersion: Invalid value: 0x0: must be specified for an update");
}

std::string_view to_string(event_type t) noexcept {
  switch (t) {
    case event_type::added: return "ADDED";
    case event_type::modified: return "MODIFIED";
    case event_type::deleted: return "DELETED";
  }
  return "?";
}

std::string_view to_string(verb v) noexcept {
  switch (v) {
    case verb::create: return "create";
    case verb::get: return "get";
    case verb::list: return "list";
    case verb::watch: return "watch";
    case verb::update: return "update";
    case verb::update_status: return "update_status";
    case verb::patch: return "patch";
    case verb::patch_status: return "patch_status";
    case verb::remove: return "delete";
  }
  return "?";
}

api_server::api_server(sim::world& w, api_server_options o)
    : w_(&w), o_(o), latency_rng_(&w.rng("apiserver.latency")) {}

request_fault api_server::begin(verb v, const resource_info& r, const namespaced_name& key) {
  ++requests_;
  // Drawn before the hook runs, so a fault plan never shifts the latencies.
  const sim::duration latency = o_.latency_min == o_.latency_max
                                    ? o_.latency_min
                                    : latency_rng_->uniform_duration(o_.latency_min, o_.latency_max);
  request_fault f;
  if (before_request_) f = before_request_(request_info{v, &r, key, sim::self_name()});
  sim::sleep_for(latency + f.delay);
  return f;
}

std::string api_server::next_uid() {
  ++uids_;
  return fmt::format("00000000-0000-4000-8000-{:012x}", uids_);
}

namespace {
// "api.<verb>" as a literal: the write's kind is named on every write.
sim::symbol write_kind(verb v) noexcept {
  switch (v) {
    case verb::create: return "api.create";
    case verb::get: return "api.get";
    case verb::list: return "api.list";
    case verb::watch: return "api.watch";
    case verb::update: return "api.update";
    case verb::update_status: return "api.update_status";
    case verb::patch: return "api.patch";
    case verb::patch_status: return "api.patch_status";
    case verb::remove: return "api.delete";
  }
  return "api.?";
}
}  // namespace

void api_server::trace_write(verb v, const resource_info& r, const object_meta& m, bool removed) {
  const key_text key(m);
  if (removed) {
    w_->emit(write_kind(v),
             {{"kind", r.kind}, {"key", key}, {"rv", m.resource_version}, {"generation", m.generation}, {"removed", true}});
  } else {
    w_->emit(write_kind(v), {{"kind", r.kind}, {"key", key}, {"rv", m.resource_version}, {"generation", m.generation}});
  }
}

void api_server::trace_noop(verb v, const resource_info& r, const object_meta& m) {
  w_->emit("api.noop", {{"verb", to_string(v)},
                        {"kind", r.kind},
                        {"key", key_text(m)},
                        {"rv", m.resource_version},
                        {"generation", m.generation}});
}

void api_server::trace_reject(verb v, const resource_info& r, const namespaced_name& key, const api_error& e) {
  w_->emit("api.reject", {{"verb", to_string(v)},
                          {"kind", r.kind},
                          {"key", key_text(key)},
                          {"reason", to_string(e.reason)},
                          {"code", e.code},
                          {"message", e.message}});
}

}  // namespace reconsim::model
