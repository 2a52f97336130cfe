#pragma once
// controller-runtime's default client (manager.GetClient()): reads come from
// the informer's cache, so they cost nothing and may be stale; writes go to
// the API server, so they take a request's latency and may conflict.
#include <cstdint>
#include <functional>
#include <optional>
#include <utility>
#include <vector>

#include "reconsim/model/kube/apiserver.hpp"
#include "reconsim/model/kube/informer.hpp"

namespace reconsim::model {

template <class Spec, class Status>
class cached_client {
 public:
  using object_type = object<Spec, Status>;

  cached_client(informer<Spec, Status>& cache, resource_store<Spec, Status>& server)
      : cache_(&cache), server_(&server) {}

  // From the cache: NotFound, with the server's message, when absent there.
  api_result<object_type> get(const namespaced_name& key) const {
    std::optional<object_type> o = cache_->get(key);
    if (!o) return not_found(server_->info(), key.name);
    return std::move(*o);
  }
  std::vector<object_type> list() const { return cache_->list(); }

  api_result<object_type> create(object_type o) { return server_->create(std::move(o)); }
  api_result<object_type> update(object_type o) { return server_->update(std::move(o)); }
  api_result<object_type> update_status(object_type o) { return server_->update_status(std::move(o)); }
  api_result<object_type> patch(const namespaced_name& key, const std::function<void(object_type&)>& mutate,
                                std::uint64_t precondition_rv = 0) {
    return server_->patch(key, mutate, precondition_rv);
  }
  api_result<object_type> patch_status(const namespaced_name& key, const std::function<void(Status&)>& mutate,
                                       std::uint64_t precondition_rv = 0) {
    return server_->patch_status(key, mutate, precondition_rv);
  }
  api_result<std::optional<object_type>> remove(const namespaced_name& key) { return server_->remove(key); }

  informer<Spec, Status>& cache() noexcept { return *cache_; }
  resource_store<Spec, Status>& server() noexcept { return *server_; }

 private:
  informer<Spec, Status>* cache_;
  resource_store<Spec, Status>* server_;
};

}  // namespace reconsim::model
