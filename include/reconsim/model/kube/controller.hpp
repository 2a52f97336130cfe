#pragma once
// controller-runtime's controller (pkg/internal/controller): workers pull
// requests from a rate-limiting queue, call the reconciler, and apply its
// result exactly as reconcileHandler does. The loop knows nothing of the
// kinds it reconciles; a watch maps an object's events to its key.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "reconsim/model/kube/informer.hpp"
#include "reconsim/model/kube/object.hpp"
#include "reconsim/model/kube/predicate.hpp"
#include "reconsim/model/kube/priority_queue.hpp"
#include "reconsim/model/kube/workqueue.hpp"
#include "reconsim/sim/time.hpp"

namespace reconsim::model {

namespace reconcile {

// reconcile.Request: the key of the object to reconcile.
using request = namespaced_name;

// reconcile.Result.
struct result {
  bool requeue = false;            // deprecated upstream: rate-limited requeue
  sim::duration requeue_after{0};  // > 0: forget, then add_after
  bool operator==(const result&) const = default;
};

// A reconciler's error. A terminal one (reconcile.TerminalError) is not
// retried.
struct error {
  std::string message;
  bool terminal = false;
};
inline error terminal_error(std::string message) { return {std::move(message), true}; }

// What Reconcile returns: (Result, error). Both may be set, as in Go; the
// error then wins and the result is ignored.
struct outcome {
  result res;
  std::optional<error> err;

  outcome() = default;
  outcome(result r) : res(r) {}            // NOLINT: implicit, reads as `return result{...}`
  outcome(error e) : err(std::move(e)) {}  // NOLINT
  outcome(result r, error e) : res(r), err(std::move(e)) {}
};

// A reconciler that throws ends the run as actor_exception, a finding with a
// seed; controller-runtime would turn the panic into an error (RecoverPanic).
using reconciler = std::function<outcome(const request&)>;

}  // namespace reconcile

using request_queue = rate_limiting_interface<reconcile::request>;

// Which queue the controller runs on: client-go's rate-limiting queue
// (controller-runtime up to v0.22) or controller-runtime's priority queue
// (the default from v0.23). They differ in whether a direct add cancels a
// pending add_after.
enum class queue_kind { classic, priority };
std::string_view to_string(queue_kind k) noexcept;

// The queue controller-runtime builds by default for `kind`: classic with
// DefaultTypedControllerRateLimiter (exponential 5ms..1000s, max'd with a
// 10 qps / burst 100 bucket); priority with the exponential limiter only.
std::shared_ptr<request_queue> make_queue(queue_kind kind, std::string name);

struct controller_options {
  int max_concurrent_reconciles = 1;  // controller-runtime's default
};

// handler.LowPriority: what the priority queue gives initial-list creates
// and updates that did not change the resourceVersion (resyncs).
inline constexpr int low_priority = -100;

class controller {
 public:
  // Workers are "<name>.worker-<i>"; `queue` is usually make_queue(kind, name).
  controller(std::string name, std::shared_ptr<request_queue> queue, reconcile::reconciler r, controller_options o);
  // The same on make_queue(kind, name).
  controller(std::string name, queue_kind kind, reconcile::reconciler r, controller_options o);
  controller(const controller&) = delete;
  controller& operator=(const controller&) = delete;

  // Watches the primary kind: every event that passes `preds` adds the
  // object's key to the queue at once (handler.EnqueueRequestForObject).
  // Call before start().
  template <class Spec, class Status>
  void watch(informer<Spec, Status>& inf, std::vector<predicate<object<Spec, Status>>> preds = {}) {
    using obj = object<Spec, Status>;
    event_handler<obj> h;
    // The handlers hold the controller weakly: the controller already holds
    // the informer (through its sync waiter), and a strong pointer back
    // would keep both alive after the run (a leak in every world).
    const std::weak_ptr<state> weak = s_;
    h.on_add = [weak](const obj& o, bool in_initial_list) {
      if (const auto s = weak.lock()) enqueue(*s, o.key(), in_initial_list);
    };
    h.on_update = [weak](const obj& o, const obj& n) {
      if (const auto s = weak.lock()) enqueue(*s, n.key(), o.metadata.resource_version == n.metadata.resource_version);
    };
    h.on_delete = [weak](const obj& o) {
      if (const auto s = weak.lock()) enqueue(*s, o.key(), false);
    };
    inf.add_event_handler(std::move(h), std::move(preds));
    s_->wait_synced.push_back(inf.sync_waiter());
  }

  // Spawns "<name>.start", which waits for every watched informer's cache
  // sync (WaitForCacheSync) and then spawns the workers.
  void start();
  // Shuts the queue down: workers finish their current item and exit.
  void shut_down();

  request_queue& queue() noexcept { return *s_->queue; }
  const std::string& name() const noexcept { return s_->name; }
  std::uint64_t reconciles() const noexcept { return s_->reconciles; }

  // The state the actors share, so that destroying the controller before
  // its world (which cancels the actors) is safe.
  struct state {
    std::string name;
    std::shared_ptr<request_queue> queue;
    // The same queue when it is a priority queue: requests then carry a
    // priority from the handler through get and every requeue.
    priority_queue<reconcile::request>* priority = nullptr;
    reconcile::reconciler reconciler;
    controller_options opts;
    std::vector<std::function<void()>> wait_synced;
    std::uint64_t reconciles = 0;
    bool started = false;
  };

 private:
  // The handler's add: on the priority queue, `low` (an initial-list create
  // or a resync) gets low_priority, as addToQueueCreate/Update do upstream.
  static void enqueue(state& s, const reconcile::request& key, bool low);

  std::shared_ptr<state> s_;
};

}  // namespace reconsim::model
