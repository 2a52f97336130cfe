#include "reconsim/model/kube/object.hpp"

#include <algorithm>

namespace reconsim::model {

std::string to_string(const namespaced_name& n) {
  if (n.namespace_.empty()) return n.name;
  return n.namespace_ + "/" + n.name;
}

bool object_meta::has_finalizer(std::string_view f) const {
  return std::find(finalizers.begin(), finalizers.end(), f) != finalizers.end();
}

std::string resource_info::group_resource() const {
  if (group.empty()) return resource;
  return resource + "." + group;
}

}  // namespace reconsim::model
