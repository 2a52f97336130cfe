#include "reconsim/model/kube/controller.hpp"

#include <cassert>
#include <string>

#include "reconsim/sim/actor.hpp"
#include "reconsim/sim/world.hpp"

namespace reconsim::model {

namespace {

using reconcile::request;

// Requeues keep the priority the request was handed out with.
void add_rate_limited(controller::state& s, const request& req, int priority) {
  if (s.priority == nullptr) {
    s.queue->add_rate_limited(req);
    return;
  }
  priority_add_opts o;
  o.rate_limited = true;
  o.priority = priority;
  s.priority->add_with_opts(o, req);
}

void add_after(controller::state& s, const request& req, sim::duration d, int priority) {
  if (s.priority == nullptr) {
    s.queue->add_after(req, d);
    return;
  }
  priority_add_opts o;
  o.after = d;
  o.priority = priority;
  s.priority->add_with_opts(o, req);
}

// reconcileHandler's switch, in upstream order. Every queue call happens
// before done(), while the item is still processing.
void handle_result(controller::state& s, const request& req, int priority, const reconcile::outcome& out,
                   std::uint64_t id) {
  const key_text key(req);
  const bool result_set = out.res.requeue || out.res.requeue_after > sim::duration::zero();
  if (out.err && out.err->terminal) {
    // TerminalError: no requeue and no forget.
    sim::emit("reconcile.end", {{"controller", s.name},
                                {"key", key},
                                {"reconcile_id", id},
                                {"result", "terminal_error"},
                                {"error", out.err->message},
                                {"result_ignored", result_set}});
    return;
  }
  if (out.err) {
    // The result is ignored (upstream only logs a warning).
    sim::emit("reconcile.end", {{"controller", s.name},
                                {"key", key},
                                {"reconcile_id", id},
                                {"result", "error"},
                                {"error", out.err->message},
                                {"result_ignored", result_set}});
    add_rate_limited(s, req, priority);
    return;
  }
  if (out.res.requeue_after > sim::duration::zero()) {
    sim::emit("reconcile.end", {{"controller", s.name},
                                {"key", key},
                                {"reconcile_id", id},
                                {"result", "requeue_after"},
                                {"requeue_after", out.res.requeue_after}});
    s.queue->forget(req);
    add_after(s, req, out.res.requeue_after, priority);
    return;
  }
  if (out.res.requeue) {
    // No forget: the backoff keeps growing.
    sim::emit("reconcile.end", {{"controller", s.name}, {"key", key}, {"reconcile_id", id}, {"result", "requeue"}});
    add_rate_limited(s, req, priority);
    return;
  }
  sim::emit("reconcile.end", {{"controller", s.name}, {"key", key}, {"reconcile_id", id}, {"result", "success"}});
  s.queue->forget(req);
}

// GetWithPriority; a classic queue hands everything out at priority 0.
std::optional<prioritized_item<request>> next_request(controller::state& s) {
  if (s.priority != nullptr) return s.priority->get_with_priority();
  std::optional<request> req = s.queue->get();
  if (!req) return std::nullopt;
  return prioritized_item<request>{std::move(*req), 0};
}

void worker(const std::shared_ptr<controller::state>& sp, int index) {
  controller::state& s = *sp;
  while (std::optional<prioritized_item<request>> next = next_request(s)) {
    const request& req = next->item;
    const std::uint64_t id = ++s.reconciles;
    sim::emit("reconcile.start", {{"controller", s.name},
                                  {"key", key_text(req)},
                                  {"reconcile_id", id},
                                  {"worker", index},
                                  {"priority", next->priority}});
    const reconcile::outcome out = s.reconciler(req);
    handle_result(s, req, next->priority, out, id);
    // The deferred Queue.Done in processNextWorkItem.
    s.queue->done(req);
  }
}

}  // namespace

std::string_view to_string(queue_kind k) noexcept {
  switch (k) {
    case queue_kind::classic: return "classic";
    case queue_kind::priority: return "priority";
  }
  return "?";
}

controller::controller(std::string name, std::shared_ptr<request_queue> queue, reconcile::reconciler r,
                       controller_options o)
    : s_(std::make_shared<state>()) {
  assert(queue && r && o.max_concurrent_reconciles >= 1);
  s_->name = std::move(name);
  s_->queue = std::move(queue);
  s_->priority = dynamic_cast<priority_queue<request>*>(s_->queue.get());
  s_->reconciler = std::move(r);
  s_->opts = o;
}

controller::controller(std::string name, queue_kind kind, reconcile::reconciler r, controller_options o)
    : controller(name, make_queue(kind, name), std::move(r), o) {}

void controller::enqueue(state& s, const request& key, bool low) {
  if (s.priority != nullptr && low) {
    s.priority->add_with_priority(key, low_priority);
  } else {
    s.queue->add(key);
  }
}

void controller::start() {
  assert(!s_->started);
  s_->started = true;
  sim::this_world().spawn(s_->name + ".start", [sp = s_] {
    for (const auto& wait : sp->wait_synced) wait();
    sim::emit("controller.started", {{"controller", sp->name}, {"workers", sp->opts.max_concurrent_reconciles}});
    for (int i = 0; i < sp->opts.max_concurrent_reconciles; ++i) {
      sim::this_world().spawn(sp->name + ".worker-" + std::to_string(i), [sp, i] { worker(sp, i); });
    }
  });
}

void controller::shut_down() { s_->queue->shut_down(); }

}  // namespace reconsim::model
