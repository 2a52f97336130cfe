#include "reconsim/model/kube/object.hpp"

#include <algorithm>
#include <cstring>

namespace reconsim::model {

std::string to_string(const namespaced_name& n) { return std::string(key_text(n).view()); }

key_text::key_text(std::string_view namespace_, std::string_view name) {
  const std::size_t n = namespace_.empty() ? name.size() : namespace_.size() + 1 + name.size();
  if (n > inline_capacity) {
    spilled_ = namespace_.empty() ? std::string(name) : std::string(namespace_) + "/" + std::string(name);
    return;
  }
  char* p = inline_;
  if (!namespace_.empty()) {
    std::memcpy(p, namespace_.data(), namespace_.size());
    p += namespace_.size();
    *p++ = '/';
  }
  if (!name.empty()) std::memcpy(p, name.data(), name.size());
  size_ = n;
}

key_text::key_text(const object_meta& m) : key_text(m.namespace_, m.name) {}

bool object_meta::has_finalizer(std::string_view f) const {
  return std::find(finalizers.begin(), finalizers.end(), f) != finalizers.end();
}

std::string resource_info::group_resource() const {
  if (group.empty()) return resource;
  return resource + "." + group;
}

}  // namespace reconsim::model
