#pragma once
// informer's member templates; included by informer.hpp only.
#include <cassert>

namespace reconsim::model {

template <class Spec, class Status>
void informer<Spec, Status>::add_event_handler(event_handler<object_type> h,
                                               std::vector<predicate<object_type>> preds) {
  assert(!s_->started && "add handlers before start()");
  s_->handlers.push_back({std::move(h), std::move(preds)});
}

template <class Spec, class Status>
void informer<Spec, Status>::start() {
  assert(!s_->started);
  s_->started = true;
  s_->store->server().world().spawn("informer." + s_->opts.name, [s = s_] { run(s); });
}

template <class Spec, class Status>
void informer<Spec, Status>::stop() {
  s_->stopped = true;
  if (s_->stream) s_->stream->stop();
}

template <class Spec, class Status>
auto informer<Spec, Status>::get(const namespaced_name& key) const -> std::optional<object_type> {
  auto it = s_->cache.find(key);
  if (it == s_->cache.end()) return std::nullopt;
  return *it->second;
}

template <class Spec, class Status>
auto informer<Spec, Status>::list() const -> std::vector<object_type> {
  std::vector<object_type> out;
  out.reserve(s_->cache.size());
  for (const auto& [key, obj] : s_->cache) out.push_back(*obj);
  return out;
}

template <class Spec, class Status>
void informer<Spec, Status>::run(const std::shared_ptr<state>& sp) {
  state& s = *sp;
  // The reflector's ListAndWatch: list, replace the cache, watch from the
  // list's resourceVersion; a failed list or watch lists again after the
  // backoff (below, a watch the server ends is resumed instead).
  while (!s.stopped) {
    auto listed = s.store->list();
    if (s.stopped) return;
    if (!listed) {
      sim::emit("informer.list_failed", {{"informer", s.opts.name}, {"reason", to_string(listed.error().reason)}});
      sim::sleep_for(s.opts.relist_backoff);
      continue;
    }
    s.last_rv = listed->resource_version;
    replace(s, std::move(listed->items));
    s.synced.set();
    // Watch from the newest resourceVersion seen. When the server ends a
    // watch, watch again from there, as the reflector does; when that
    // version has left the server's history (410 Expired), or the watch
    // fails otherwise, list again after the backoff.
    for (;;) {
      auto watched =
          s.store->watch(s.last_rv, watch_options{s.opts.name, s.opts.watch_delay_min, s.opts.watch_delay_max});
      if (s.stopped) return;
      if (!watched) {
        sim::emit("informer.watch_failed", {{"informer", s.opts.name}, {"reason", to_string(watched.error().reason)}});
        sim::sleep_for(s.opts.relist_backoff);
        break;
      }
      s.stream.emplace(std::move(watched).value());
      watch_loop(s);
      s.stream.reset();
      if (s.stopped) return;
      sim::emit("informer.watch_closed", {{"informer", s.opts.name}, {"rv", s.last_rv}});
    }
  }
}

template <class Spec, class Status>
void informer<Spec, Status>::watch_loop(state& s) {
  const bool resyncs = s.opts.resync_period > sim::duration::zero();
  sim::time_point next_resync = sim::now() + s.opts.resync_period;
  while (!s.stopped) {
    std::optional<watch_event<object_type>> e = resyncs ? s.stream->next_until(next_resync) : s.stream->next();
    if (s.stopped) return;
    if (e) {
      apply(s, *e);
    } else if (resyncs && sim::now() >= next_resync) {
      resync(s);
      next_resync += s.opts.resync_period;
    } else if (s.stream->stopped()) {
      return;
    }
  }
}

template <class Spec, class Status>
void informer<Spec, Status>::replace(state& s, std::vector<object_type> items) {
  const bool initial = !s.synced.is_set();
  std::map<namespaced_name, ptr> next;
  for (object_type& o : items) {
    namespaced_name key = o.key();
    next.emplace(std::move(key), std::make_shared<const object_type>(std::move(o)));
  }
  // DeltaFIFO.Replace: keys missing from the new list are deleted first.
  std::vector<ptr> gone;
  for (const auto& [key, obj] : s.cache) {
    if (next.count(key) == 0) gone.push_back(obj);
  }
  std::map<namespaced_name, ptr> old = std::move(s.cache);
  s.cache = next;
  sim::emit("informer.list", {{"informer", s.opts.name}, {"items", s.cache.size()}, {"initial", initial}});
  for (const ptr& o : gone) dispatch_delete(s, *o);
  for (const auto& [key, obj] : next) {
    auto it = old.find(key);
    // A listed object already cached is a Replaced delta: an update, even
    // when nothing changed.
    if (it != old.end()) {
      dispatch_update(s, *it->second, *obj);
    } else {
      dispatch_add(s, *obj, initial);
    }
  }
}

template <class Spec, class Status>
void informer<Spec, Status>::apply(state& s, const watch_event<object_type>& e) {
  const namespaced_name key = e.object->key();
  sim::emit(
      "informer.event",
      {{"informer", s.opts.name}, {"type", to_string(e.type)}, {"key", to_string(key)}, {"rv", e.resource_version}});
  s.last_rv = e.resource_version;
  auto it = s.cache.find(key);
  if (e.type == event_type::deleted) {
    if (it != s.cache.end()) s.cache.erase(it);
    dispatch_delete(s, *e.object);
    return;
  }
  if (it == s.cache.end()) {
    s.cache.emplace(key, e.object);
    dispatch_add(s, *e.object, false);
    return;
  }
  // Watch events arrive in resourceVersion order (one stream per watcher).
  assert(it->second->metadata.resource_version < e.resource_version);
  ptr old = it->second;
  it->second = e.object;
  dispatch_update(s, *old, *e.object);
}

template <class Spec, class Status>
void informer<Spec, Status>::resync(state& s) {
  sim::emit("informer.resync", {{"informer", s.opts.name}, {"items", s.cache.size()}});
  // A copy: a handler must not see the cache change under its loop.
  const std::map<namespaced_name, ptr> snapshot = s.cache;
  for (const auto& [key, obj] : snapshot) dispatch_update(s, *obj, *obj);
}

template <class Spec, class Status>
void informer<Spec, Status>::dispatch_add(state& s, const object_type& o, bool in_initial_list) {
  for (const registration& r : s.handlers) {
    if (r.handler.on_add && passes_create(r.preds, o)) r.handler.on_add(o, in_initial_list);
  }
}

template <class Spec, class Status>
void informer<Spec, Status>::dispatch_update(state& s, const object_type& old_obj, const object_type& new_obj) {
  for (const registration& r : s.handlers) {
    if (r.handler.on_update && passes_update(r.preds, old_obj, new_obj)) r.handler.on_update(old_obj, new_obj);
  }
}

template <class Spec, class Status>
void informer<Spec, Status>::dispatch_delete(state& s, const object_type& o) {
  for (const registration& r : s.handlers) {
    if (r.handler.on_delete && passes_delete(r.preds, o)) r.handler.on_delete(o);
  }
}

}  // namespace reconsim::model
