#include <memory>
#include <string>

#include "reconsim/model/kube/controller.hpp"
#include "reconsim/model/kube/priority_queue.hpp"
#include "reconsim/model/kube/rate_limiter.hpp"
#include "reconsim/model/kube/workqueue.hpp"

namespace reconsim::model {

std::shared_ptr<request_queue> make_queue(queue_kind kind, std::string name) {
  using reconcile::request;
  switch (kind) {
    case queue_kind::classic:
      // controller-runtime <= v0.22: DefaultTypedControllerRateLimiter.
      return std::make_shared<rate_limiting_queue<request>>(default_controller_rate_limiter<request>(),
                                                            std::move(name));
    case queue_kind::priority:
      // v0.23+: the priority queue, with the per-item exponential limiter only.
      return std::make_shared<priority_queue<request>>(default_priority_queue_rate_limiter<request>(), std::move(name));
  }
  return nullptr;
}

}  // namespace reconsim::model
