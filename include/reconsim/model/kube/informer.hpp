#pragma once
// A shared informer: list + watch into a local cache that lags the server
// by the watch delay, and event handlers filtered by predicates.
//
// As client-go's processDeltas does, the cache is updated BEFORE the
// handlers run, so a handler (and a reconciler it wakes) reads the new
// state; a reader that did its own write may still read the old state
// until the write's event arrives.
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "reconsim/model/kube/apiserver.hpp"
#include "reconsim/model/kube/predicate.hpp"
#include "reconsim/sim/actor.hpp"
#include "reconsim/sim/condition.hpp"
#include "reconsim/sim/world.hpp"

namespace reconsim::model {

// ResourceEventHandlerFuncs; an absent function ignores that event.
template <class Obj>
struct event_handler {
  std::function<void(const Obj&, bool in_initial_list)> on_add;
  std::function<void(const Obj& old_obj, const Obj& new_obj)> on_update;
  std::function<void(const Obj&)> on_delete;
};

struct informer_options {
  std::string name;  // the actor is "informer.<name>"; the watch stream "watch.<name>"
  sim::duration watch_delay_min{0};
  sim::duration watch_delay_max{0};
  sim::duration resync_period{0};  // 0: no resync (controller-runtime's default is 10h)
  // Wait before listing again after a failed list or watch (the reflector
  // backs off too; a fixed wait keeps the model simple).
  sim::duration relist_backoff = std::chrono::seconds(1);
};

template <class Spec, class Status>
class informer {
 public:
  using object_type = object<Spec, Status>;

  informer(resource_store<Spec, Status>& store, informer_options o)
      : s_(std::make_shared<state>(store, std::move(o))) {}
  informer(const informer&) = delete;
  informer& operator=(const informer&) = delete;
  ~informer() { stop(); }

  // Handlers must be added before start(): a late handler would miss the
  // initial list (client-go replays it; nothing here needs that).
  void add_event_handler(event_handler<object_type> h, std::vector<predicate<object_type>> preds = {});
  void start();
  void stop();

  bool has_synced() const noexcept { return s_->synced.is_set(); }
  // Blocks the calling actor until the initial list is in the cache.
  void wait_for_cache_sync() { s_->synced.wait(); }
  // The same as a callable that keeps the informer's state alive.
  std::function<void()> sync_waiter() const {
    return [s = s_] { s->synced.wait(); };
  }

  // Reads from the cache: a copy, as the controller-runtime client returns.
  std::optional<object_type> get(const namespaced_name& key) const;
  std::vector<object_type> list() const;
  const informer_options& options() const noexcept { return s_->opts; }

 private:
  using ptr = std::shared_ptr<const object_type>;
  struct registration {
    event_handler<object_type> handler;
    std::vector<predicate<object_type>> preds;
  };
  // Everything the informer's actor touches, shared with it so that
  // destroying the informer before the world cancels the actor is safe.
  struct state {
    state(resource_store<Spec, Status>& st, informer_options o)
        : store(&st), opts(std::move(o)), synced("informer." + opts.name + ".synced") {}
    resource_store<Spec, Status>* store;
    informer_options opts;
    std::map<namespaced_name, ptr> cache;
    std::vector<registration> handlers;
    sim::event synced;
    std::optional<watch_stream<object_type>> stream;
    std::uint64_t last_rv = 0;  // of the last list or event: where a new watch starts
    bool started = false;
    bool stopped = false;
  };

  static void run(const std::shared_ptr<state>& s);
  static void watch_loop(state& s);
  static void replace(state& s, std::vector<object_type> items);
  static void apply(state& s, const watch_event<object_type>& e);
  static void resync(state& s);
  static void dispatch_add(state& s, const object_type& o, bool in_initial_list);
  static void dispatch_update(state& s, const object_type& old_obj, const object_type& new_obj);
  static void dispatch_delete(state& s, const object_type& o);

  std::shared_ptr<state> s_;
};

}  // namespace reconsim::model

#include "reconsim/model/kube/detail/informer_impl.hpp"
