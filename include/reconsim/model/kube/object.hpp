#pragma once
// The shape every Kubernetes object in the model shares: metadata plus a
// kind's spec and status. Spec and status are plain value types with
// operator==, so the API server can tell "spec changed" (generation bump)
// and "byte-identical write" (no-op) apart without knowing the kind.
#include <compare>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reconsim/sim/symbol.hpp"
#include "reconsim/sim/time.hpp"

namespace reconsim::model {

// types.NamespacedName; also the key of a reconcile request. Its parts are
// symbols (interned text): a key is copied into every queue, map and
// request that names an object, and a namespace such as
// "notification-e2e" is one byte past the small-string buffer, so each
// copy was two heap blocks. Compared by content, as text.
struct namespaced_name {
  sim::symbol namespace_;  // empty for cluster-scoped objects
  sim::symbol name;

  auto operator<=>(const namespaced_name&) const = default;
  bool operator==(const namespaced_name&) const = default;
};

// "ns/name", or "name" when cluster-scoped (cache.MetaNamespaceKeyFunc).
std::string to_string(const namespaced_name& n);

// The same text in a buffer of its own, for a trace field: the key is
// written on most events, and a std::string of "ns/name" was a heap block
// (and a copy of the namespaced_name another two) per event. Lives as long
// as the emit call it is built in.
class key_text {
 public:
  key_text(std::string_view namespace_, std::string_view name);
  explicit key_text(const namespaced_name& n) : key_text(n.namespace_, n.name) {}
  explicit key_text(const struct object_meta& m);
  // Built where it is used and never copied (its buffer is only partly set).
  key_text(const key_text&) = delete;
  key_text& operator=(const key_text&) = delete;

  std::string_view view() const noexcept { return spilled_.empty() ? std::string_view(inline_, size_) : spilled_; }
  operator std::string_view() const noexcept { return view(); }  // NOLINT: a field's text

 private:
  // Kubernetes names are at most 253 characters, namespaces 63: most keys
  // fit; a longer one goes to the heap.
  static constexpr std::size_t inline_capacity = 120;
  char inline_[inline_capacity];
  std::size_t size_ = 0;
  std::string spilled_;
};

struct object_meta {
  // Symbols, as in namespaced_name: an object's metadata is copied with
  // every read of it (see shared_value below).
  sim::symbol namespace_;
  sim::symbol name;
  sim::symbol uid;                     // set by the server on create
  std::uint64_t resource_version = 0;  // 0 means "unset" (an empty string upstream)
  std::int64_t generation = 0;         // set by the server: 1 on create
  std::map<std::string, std::string> labels;
  std::map<std::string, std::string> annotations;
  std::vector<std::string> finalizers;  // ordered, as upstream
  sim::time_point creation_timestamp{};
  std::optional<sim::time_point> deletion_timestamp;

  namespaced_name key() const { return {namespace_, name}; }
  bool has_finalizer(std::string_view f) const;
  bool operator==(const object_meta&) const = default;
};

// A value shared by its copies until one of them is changed (copy on
// write). An object's spec is read far more than written: the API server
// and the informer's cache hand out a copy of the whole object per read, as
// the real ones hand out a decoded copy, and copying the spec's texts, maps
// and lists was most of that. Reading is `spec->field` or `*spec`; writing
// is `spec.edit().field = ...`, which copies the value first if another
// object still shares it (the reference edit() returns is good until the
// object is next copied). Equal when the values are (the same shared value
// is equal without looking).
template <class T>
class shared_value {
 public:
  shared_value() = default;
  shared_value(T v) : p_(std::make_shared<T>(std::move(v))) {}  // NOLINT: an object is built from its spec

  const T& operator*() const noexcept { return p_ ? *p_ : empty(); }
  const T* operator->() const noexcept { return &**this; }
  T& edit() {
    if (!p_) {
      p_ = std::make_shared<T>();
    } else if (p_.use_count() > 1) {
      p_ = std::make_shared<T>(*p_);
    }
    return *p_;
  }

  friend bool operator==(const shared_value& a, const shared_value& b) { return a.p_ == b.p_ || *a == *b; }
  // Whether both are the one shared value (not merely equal ones).
  bool is(const shared_value& other) const noexcept { return p_ != nullptr && p_ == other.p_; }

 private:
  // The value of a default-built object, shared by all of them.
  static const T& empty() {
    static const T value{};
    return value;
  }
  std::shared_ptr<T> p_;
};

template <class Spec, class Status>
struct object {
  using spec_type = Spec;
  using status_type = Status;

  object_meta metadata;
  shared_value<Spec> spec{};
  Status status{};

  namespaced_name key() const { return metadata.key(); }
  bool operator==(const object&) const = default;
};

// What the server's messages call the kind ("notificationrequests.kubernaut.ai").
struct resource_info {
  std::string kind;      // "NotificationRequest"
  std::string group;     // "kubernaut.ai"; empty for the core group
  std::string resource;  // plural, lower case: "notificationrequests"

  // "resource.group", or "resource" for the core group (GroupResource.String()).
  std::string group_resource() const;
};

}  // namespace reconsim::model
