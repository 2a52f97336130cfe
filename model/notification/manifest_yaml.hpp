#pragma once
// Shared by the manifest loader and printer (internal to model/notification):
// which plain YAML scalars are not strings under sigs.k8s.io/yaml (YAML 1.1).
#include <string_view>

namespace reconsim::model::notification::detail {

bool is_yaml_null(std::string_view s) noexcept;
bool is_yaml_bool(std::string_view s) noexcept;
bool is_yaml_int(std::string_view s) noexcept;
bool is_yaml_float(std::string_view s) noexcept;
// A plain scalar with this text would not load as a string.
inline bool plain_is_not_string(std::string_view s) noexcept {
  return is_yaml_null(s) || is_yaml_bool(s) || is_yaml_int(s) || is_yaml_float(s);
}

}  // namespace reconsim::model::notification::detail
