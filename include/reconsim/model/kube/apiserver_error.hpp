#pragma once
// Typed API errors (metav1.Status with reason and code). Errors are values
// returned across actors, never exceptions: a failed request is an ordinary
// outcome that a reconciler must handle, as it is upstream.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "reconsim/model/kube/object.hpp"

namespace reconsim::model {

// metav1.StatusReason values the model produces.
enum class status_reason {
  bad_request,          // 400
  not_found,            // 404
  already_exists,       // 409
  conflict,             // 409
  invalid,              // 422
  expired,              // 410: a watch from a resourceVersion too old
  too_many_requests,    // 429
  internal_error,       // 500
  service_unavailable,  // 503
  server_timeout,       // 504 (the server gave up)
  timeout,              // 504 (the client gave up)
};
// The upstream spelling: "NotFound", "Conflict", ...
std::string_view to_string(status_reason r) noexcept;
// The HTTP code upstream pairs with the reason.
int code_of(status_reason r) noexcept;

struct api_error {
  status_reason reason = status_reason::internal_error;
  int code = 500;
  std::string message;

  bool operator==(const api_error&) const = default;
};

api_error make_error(status_reason r, std::string message);
// The messages k8s.io/apimachinery/pkg/api/errors builds.
api_error not_found(const resource_info& r, std::string_view name);
api_error already_exists(const resource_info& r, std::string_view name);
api_error conflict(const resource_info& r, std::string_view name);
api_error invalid_resource_version(const resource_info& r, std::string_view name);
api_error invalid(const resource_info& r, std::string_view name, std::string_view detail);

inline bool is_not_found(const api_error& e) noexcept { return e.reason == status_reason::not_found; }
inline bool is_conflict(const api_error& e) noexcept { return e.reason == status_reason::conflict; }
inline bool is_already_exists(const api_error& e) noexcept { return e.reason == status_reason::already_exists; }
inline bool is_invalid(const api_error& e) noexcept { return e.reason == status_reason::invalid; }

// A request's value or its error (std::expected is C++23).
template <class T>
class api_result {
 public:
  api_result(T value) : v_(std::in_place_index<0>, std::move(value)) {}          // NOLINT: implicit on purpose
  api_result(api_error error) : v_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  bool ok() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const api_error& error() const { return std::get<1>(v_); }
  // The error, or nothing on success: the shape retry_on_conflict wants.
  std::optional<api_error> err() const { return ok() ? std::nullopt : std::optional<api_error>(error()); }

 private:
  std::variant<T, api_error> v_;
};

}  // namespace reconsim::model
