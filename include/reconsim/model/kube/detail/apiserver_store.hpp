#pragma once
// resource_store's member templates; included by apiserver.hpp only.
#include <algorithm>
#include <cassert>
#include <string>
#include <utility>

namespace reconsim::model {

template <class Spec, class Status>
api_result<object<Spec, Status>> resource_store<Spec, Status>::create(object_type obj) {
  const namespaced_name key = obj.key();
  const request_fault f = api_->begin(verb::create, info_, key);
  if (f.error && !f.after_apply) return reject(verb::create, key, *f.error);
  if (key.name.empty())
    return reject(verb::create, key, invalid(info_, key.name, "metadata.name: Required value: name is required"));
  if (obj.metadata.resource_version != 0) {
    return reject(verb::create, key,
                  make_error(status_reason::bad_request, "resourceVersion should not be set on objects to be created"));
  }
  if (objects_.count(key) != 0) return reject(verb::create, key, already_exists(info_, key.name));
  obj.metadata.uid = api_->next_uid();
  obj.metadata.generation = 1;
  obj.metadata.creation_timestamp = sim::now();
  obj.metadata.deletion_timestamp.reset();
  obj.status = Status{};  // the status subresource: create ignores status
  obj.metadata.resource_version = api_->next_resource_version();
  auto stored = std::make_shared<const object_type>(std::move(obj));
  objects_.emplace(key, stored);
  api_->trace_write(verb::create, info_, stored->metadata, false);
  publish(event_type::added, stored, nullptr);
  if (f.error) return *f.error;
  return *stored;
}

template <class Spec, class Status>
api_result<object<Spec, Status>> resource_store<Spec, Status>::get(const namespaced_name& key) {
  const request_fault f = api_->begin(verb::get, info_, key);
  if (f.error) return reject(verb::get, key, *f.error);
  auto it = objects_.find(key);
  if (it == objects_.end()) return not_found(info_, key.name);  // an answer, not a rejection
  return *it->second;
}

template <class Spec, class Status>
auto resource_store<Spec, Status>::list() -> api_result<list_result> {
  const request_fault f = api_->begin(verb::list, info_, {});
  if (f.error) return reject(verb::list, {}, *f.error);
  list_result out;
  out.items.reserve(objects_.size());
  for (const auto& [key, obj] : objects_) out.items.push_back(*obj);
  // The list's RV is the store's revision, so a watch from it misses nothing.
  out.resource_version = api_->resource_version();
  return out;
}

template <class Spec, class Status>
api_result<object<Spec, Status>> resource_store<Spec, Status>::update(object_type obj) {
  const std::uint64_t rv = obj.metadata.resource_version;
  const namespaced_name key = obj.key();
  return write(verb::update, key, rv, true,
               [&](const object_type& old) { return prepare_update(old, std::move(obj)); });
}

template <class Spec, class Status>
api_result<object<Spec, Status>> resource_store<Spec, Status>::update_status(object_type obj) {
  const std::uint64_t rv = obj.metadata.resource_version;
  return write(verb::update_status, obj.key(), rv, true, [&](const object_type& old) -> api_result<object_type> {
    // status_strategy: everything but the status comes from the stored object
    // (built from its parts: copying old's status only to overwrite it was
    // a deep copy per status write).
    return object_type{old.metadata, old.spec, std::move(obj.status)};
  });
}

template <class Spec, class Status>
api_result<object<Spec, Status>> resource_store<Spec, Status>::patch(const namespaced_name& key,
                                                                     const std::function<void(object_type&)>& mutate,
                                                                     std::uint64_t precondition_rv) {
  return write(verb::patch, key, precondition_rv, false, [&](const object_type& old) {
    object_type next = old;
    mutate(next);
    return prepare_update(old, std::move(next));
  });
}

template <class Spec, class Status>
api_result<object<Spec, Status>> resource_store<Spec, Status>::patch_status(const namespaced_name& key,
                                                                            const std::function<void(Status&)>& mutate,
                                                                            std::uint64_t precondition_rv) {
  return write(verb::patch_status, key, precondition_rv, false, [&](const object_type& old) -> api_result<object_type> {
    object_type next = old;
    mutate(next.status);
    return next;
  });
}

template <class Spec, class Status>
api_result<std::optional<object<Spec, Status>>> resource_store<Spec, Status>::remove(const namespaced_name& key) {
  const request_fault f = api_->begin(verb::remove, info_, key);
  if (f.error && !f.after_apply) return reject(verb::remove, key, *f.error);
  auto it = objects_.find(key);
  if (it == objects_.end()) return reject(verb::remove, key, not_found(info_, key.name));
  const object_type& old = *it->second;
  std::optional<object_type> out;
  if (old.metadata.finalizers.empty()) {
    object_type last = old;
    // The DELETED event carries the revision of the delete itself.
    last.metadata.resource_version = api_->next_resource_version();
    auto gone = std::make_shared<const object_type>(std::move(last));
    objects_.erase(it);
    api_->trace_write(verb::remove, info_, gone->metadata, true);
    publish(event_type::deleted, gone, nullptr);
  } else if (old.metadata.deletion_timestamp) {
    // Already terminating: upstream answers 202 with the object, no write.
    api_->trace_noop(verb::remove, info_, old.metadata);
    out = old;
  } else {
    object_type next = old;
    // markAsDeleting: the first deletionTimestamp bumps generation, so a
    // generation-changed predicate lets the deletion through.
    next.metadata.generation += 1;
    next.metadata.deletion_timestamp = sim::now();
    next.metadata.resource_version = api_->next_resource_version();
    auto stored = std::make_shared<const object_type>(std::move(next));
    ptr previous = it->second;
    it->second = stored;
    api_->trace_write(verb::remove, info_, stored->metadata, false);
    publish(event_type::modified, stored, previous);
    out = *stored;
  }
  if (f.error) return *f.error;
  return out;
}

template <class Spec, class Status>
api_result<watch_stream<object<Spec, Status>>> resource_store<Spec, Status>::watch(std::uint64_t from_rv,
                                                                                   const watch_options& o) {
  const request_fault f = api_->begin(verb::watch, info_, {});
  if (f.error) return reject(verb::watch, {}, *f.error);
  if (from_rv < history_dropped_rv_) {
    return reject(verb::watch, {},
                  make_error(status_reason::expired, "too old resource version: " + std::to_string(from_rv) + " (" +
                                                         std::to_string(history_dropped_rv_ + 1) + ")"));
  }
  auto state = std::make_shared<detail::watch_state<object_type>>(o.name, api_->world().rng("watch." + o.name),
                                                                  o.delay_min, o.delay_max);
  for (const event& e : history_) {
    if (e.resource_version > from_rv) state->push(e, hold_until_);
  }
  watchers_.push_back(state);
  return watch_stream<object_type>(std::move(state));
}

template <class Spec, class Status>
api_result<object<Spec, Status>> resource_store<Spec, Status>::write(verb v, const namespaced_name& key,
                                                                     std::uint64_t precondition_rv, bool rv_required,
                                                                     const strategy& next_of) {
  const request_fault f = api_->begin(v, info_, key);
  if (f.error && !f.after_apply) return reject(v, key, *f.error);
  auto it = objects_.find(key);
  // Custom resources do not create on update (AllowCreateOnUpdate=false).
  if (it == objects_.end()) return reject(v, key, not_found(info_, key.name));
  // Nor do they allow unconditional updates (AllowUnconditionalUpdate=false).
  if (rv_required && precondition_rv == 0) return reject(v, key, invalid_resource_version(info_, key.name));
  if (precondition_rv != 0 && precondition_rv != it->second->metadata.resource_version) {
    return reject(v, key, conflict(info_, key.name));
  }
  api_result<object_type> next = next_of(*it->second);
  if (!next) return reject(v, key, next.error());
  return commit(v, it, std::move(next).value(), f);
}

template <class Spec, class Status>
api_result<object<Spec, Status>> resource_store<Spec, Status>::commit(
    verb v, typename std::map<namespaced_name, ptr>::iterator it, object_type next, const request_fault& f) {
  const object_type& old = *it->second;
  assert(next.metadata.resource_version == old.metadata.resource_version);
  if (next == old) {
    // etcd3 GuaranteedUpdate: identical bytes are not written, so no new
    // resourceVersion and no watch event.
    api_->trace_noop(v, info_, old.metadata);
    if (f.error) return *f.error;
    return old;
  }
  next.metadata.resource_version = api_->next_resource_version();
  auto stored = std::make_shared<const object_type>(std::move(next));
  ptr previous = it->second;
  if (stored->metadata.deletion_timestamp && stored->metadata.finalizers.empty()) {
    // The last finalizer is gone: the store deletes instead of writing, so
    // watchers see DELETED only.
    objects_.erase(it);
    api_->trace_write(v, info_, stored->metadata, true);
    publish(event_type::deleted, stored, nullptr);
  } else {
    it->second = stored;
    api_->trace_write(v, info_, stored->metadata, false);
    publish(event_type::modified, stored, previous);
  }
  if (f.error) return *f.error;
  return *stored;
}

template <class Spec, class Status>
api_result<object<Spec, Status>> resource_store<Spec, Status>::prepare_update(const object_type& old,
                                                                              object_type next) const {
  // Fields the client cannot change through the main endpoint.
  next.metadata.namespace_ = old.metadata.namespace_;
  next.metadata.name = old.metadata.name;
  next.metadata.uid = old.metadata.uid;
  next.metadata.resource_version = old.metadata.resource_version;
  next.metadata.generation = old.metadata.generation;
  next.metadata.creation_timestamp = old.metadata.creation_timestamp;
  next.metadata.deletion_timestamp = old.metadata.deletion_timestamp;
  // customresource strategy: the main endpoint ignores status changes.
  next.status = old.status;
  if (old.metadata.deletion_timestamp) {
    for (const std::string& fin : next.metadata.finalizers) {
      if (!old.metadata.has_finalizer(fin)) {
        return invalid(info_, old.metadata.name,
                       "metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted");
      }
    }
  }
  if (!(next.spec == old.spec)) next.metadata.generation = old.metadata.generation + 1;
  return next;
}

template <class Spec, class Status>
void resource_store<Spec, Status>::publish(event_type t, ptr obj, ptr old) {
  event e;
  e.type = t;
  e.resource_version = obj->metadata.resource_version;
  e.object = std::move(obj);
  e.old_object = std::move(old);
  history_.push_back(e);
  while (history_.size() > std::max<std::size_t>(api_->options().watch_history, 1)) {
    history_dropped_rv_ = history_.front().resource_version;
    history_.pop_front();
  }
  // Drop stopped watches; deliver to the rest in the order they started.
  std::erase_if(watchers_, [](const auto& w) { return w->events.closed(); });
  if (!watchers_.empty() && api_->world().now() < hold_until_) {
    api_->world().emit("fault.stale_held", {sim::field_view("kind", info_.kind),
                                            sim::field_view("key", key_text(e.object->key())),
                                            sim::field_view("rv", e.resource_version)});
  }
  for (const auto& w : watchers_) w->push(e, hold_until_);
}

template <class Spec, class Status>
std::size_t resource_store<Spec, Status>::close_watches() {
  std::size_t closed = 0;
  for (const auto& w : watchers_) {
    if (w->events.closed()) continue;
    w->events.close();
    ++closed;
  }
  watchers_.clear();
  return closed;
}

}  // namespace reconsim::model
