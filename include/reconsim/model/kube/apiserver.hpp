#pragma once
// The API server: typed object stores with upstream semantics for
// resourceVersion, generation, the status subresource, finalizers and
// optimistic concurrency; watches; request latency and fault hooks.
//
// Every call blocks the calling actor for the request's latency (virtual
// time) and then applies atomically, so two requests interleave only at
// request granularity, as two etcd transactions do. Calls must come from an
// actor (sleeping elsewhere throws std::logic_error).
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reconsim/model/kube/apiserver_error.hpp"
#include "reconsim/model/kube/apiserver_watch.hpp"
#include "reconsim/model/kube/object.hpp"
#include "reconsim/sim/world.hpp"

namespace reconsim::model {

enum class verb { create, get, list, watch, update, update_status, patch, patch_status, remove };
// "create", "get", ..., "delete" for remove (the trace uses "api.<verb>").
std::string_view to_string(verb v) noexcept;

struct request_info {
  verb v = verb::get;
  const resource_info* resource = nullptr;
  namespaced_name key;  // empty for list and watch
  std::string actor;
};

// What fault injection does to one request.
struct request_fault {
  std::optional<api_error> error;  // fail the request with this
  sim::duration delay{0};          // on top of the drawn latency
  // Apply the write, then still return `error` (a response lost after
  // commit, e.g. a client-side timeout): the caller cannot tell.
  bool after_apply = false;
};
using before_request_hook = std::function<request_fault(const request_info&)>;

struct api_server_options {
  // Latency of every request, uniform in [latency_min, latency_max].
  sim::duration latency_min = std::chrono::milliseconds(1);
  sim::duration latency_max = std::chrono::milliseconds(5);
  // Events kept per resource for watches that start from an older
  // resourceVersion (the watch cache); older ones get 410 Expired.
  std::size_t watch_history = 10'000;
};

// What faults can do to the watches of one kind (each resource_store is
// one, registered with its api_server under its kind).
class watch_source {
 public:
  virtual ~watch_source() = default;
  // Ends every open watch, as a dropped connection or an API server restart
  // does; the watchers come back with a new watch. Returns how many ended.
  virtual std::size_t close_watches() = 0;
  // Until `until`, events are held back from every watch (a stale cache),
  // then delivered in order.
  virtual void hold_watch_events(sim::time_point until) = 0;
};

// What all kinds share: one resourceVersion counter (etcd's revision), the
// uid sequence, the latency stream, the fault hook and the trace.
class api_server {
 public:
  explicit api_server(sim::world& w, api_server_options o = {});

  sim::world& world() noexcept { return *w_; }
  const api_server_options& options() const noexcept { return o_; }
  void set_before_request(before_request_hook h) { before_request_ = std::move(h); }

  // Blocks the calling actor for the request's latency plus any injected
  // delay; returns the fault the request must suffer (usually none).
  request_fault begin(verb v, const resource_info& r, const namespaced_name& key);
  std::uint64_t next_resource_version() noexcept { return ++resource_version_; }
  std::uint64_t resource_version() const noexcept { return resource_version_; }
  // Deterministic, UUID-shaped, unique within the server.
  std::string next_uid();
  std::uint64_t requests() const noexcept { return requests_; }

  // Trace helpers: "api.<verb>" for a write, "api.noop" for a write that
  // changed nothing, "api.reject" for a failed request.
  void trace_write(verb v, const resource_info& r, const object_meta& m, bool removed);
  void trace_noop(verb v, const resource_info& r, const object_meta& m);
  void trace_reject(verb v, const resource_info& r, const namespaced_name& key, const api_error& e);

  // The stores by kind, for watch faults (null when none serves the kind).
  void register_watch_source(const std::string& kind, watch_source* s) { watch_sources_[kind] = s; }
  void unregister_watch_source(const std::string& kind, const watch_source* s) {
    if (auto it = watch_sources_.find(kind); it != watch_sources_.end() && it->second == s) watch_sources_.erase(it);
  }
  watch_source* watch_source_of(const std::string& kind) const {
    const auto it = watch_sources_.find(kind);
    return it == watch_sources_.end() ? nullptr : it->second;
  }

 private:
  std::map<std::string, watch_source*> watch_sources_;
  sim::world* w_;
  api_server_options o_;
  sim::rng* latency_rng_;
  before_request_hook before_request_;
  std::uint64_t resource_version_ = 0;
  std::uint64_t uids_ = 0;
  std::uint64_t requests_ = 0;
};

// The storage of one kind with the custom-resource strategy (status
// subresource enabled).
template <class Spec, class Status>
class resource_store final : public watch_source {
 public:
  using object_type = object<Spec, Status>;
  using event = watch_event<object_type>;
  struct list_result {
    std::vector<object_type> items;  // in key order
    std::uint64_t resource_version = 0;
  };

  resource_store(api_server& api, resource_info info) : api_(&api), info_(std::move(info)) {
    api_->register_watch_source(info_.kind, this);
  }
  ~resource_store() override { api_->unregister_watch_source(info_.kind, this); }

  std::size_t close_watches() override;
  void hold_watch_events(sim::time_point until) override { hold_until_ = std::max(hold_until_, until); }
  resource_store(const resource_store&) = delete;
  resource_store& operator=(const resource_store&) = delete;

  api_server& server() noexcept { return *api_; }
  const resource_info& info() const noexcept { return info_; }

  // Sets uid, resourceVersion, generation=1 and the creation time; drops
  // the status (with a status subresource, create ignores it).
  api_result<object_type> create(object_type obj);
  api_result<object_type> get(const namespaced_name& key);
  api_result<list_result> list();
  // Spec and metadata; the stored status is kept. generation bumps iff the
  // spec differs. Needs the current resourceVersion (409 if stale, 422 if 0).
  api_result<object_type> update(object_type obj);
  // Status only: spec, metadata and generation are kept.
  api_result<object_type> update_status(object_type obj);
  // A merge patch: `mutate` runs on the server's current object, so there is
  // no conflict unless `precondition_rv` is given (MergeFromWithOptimisticLock).
  api_result<object_type> patch(const namespaced_name& key, const std::function<void(object_type&)>& mutate,
                                std::uint64_t precondition_rv = 0);
  api_result<object_type> patch_status(const namespaced_name& key, const std::function<void(Status&)>& mutate,
                                       std::uint64_t precondition_rv = 0);
  // Without finalizers the object goes at once (empty result); with them it
  // gets a deletionTimestamp (and a generation bump) and stays until an
  // update empties its finalizers (the terminating object is returned).
  api_result<std::optional<object_type>> remove(const namespaced_name& key);
  // Events with a resourceVersion greater than `from_rv` (0: all kept).
  api_result<watch_stream<object_type>> watch(std::uint64_t from_rv, const watch_options& o);

  // The stored state, read without a request (no latency, hook or trace):
  // for tests and checkers only, never for a model's decisions. The stored
  // value itself (immutable; a write stores a new one), not a copy: a
  // harness polls it every second of a run.
  std::shared_ptr<const object_type> peek(const namespaced_name& key) const {
    auto it = objects_.find(key);
    if (it == objects_.end()) return nullptr;
    return it->second;
  }
  std::size_t size() const noexcept { return objects_.size(); }

 private:
  using ptr = std::shared_ptr<const object_type>;
  using strategy = std::function<api_result<object_type>(const object_type& old)>;

  api_result<object_type> write(verb v, const namespaced_name& key, std::uint64_t precondition_rv, bool rv_required,
                                const strategy& next_of);
  api_result<object_type> commit(verb v, typename std::map<namespaced_name, ptr>::iterator it, object_type next,
                                 const request_fault& f);
  api_error reject(verb v, const namespaced_name& key, api_error e) {
    api_->trace_reject(v, info_, key, e);
    return e;
  }
  // The update strategy shared by update and patch.
  api_result<object_type> prepare_update(const object_type& old, object_type next) const;
  void publish(event_type t, ptr obj, ptr old);

  api_server* api_;
  resource_info info_;
  std::map<namespaced_name, ptr> objects_;
  std::deque<event> history_;
  std::uint64_t history_dropped_rv_ = 0;                                     // the newest event no longer kept
  sim::time_point hold_until_{};                                             // hold_watch_events
  std::vector<std::shared_ptr<detail::watch_state<object_type>>> watchers_;  // in start order
};

}  // namespace reconsim::model

#include "reconsim/model/kube/detail/apiserver_store.hpp"
