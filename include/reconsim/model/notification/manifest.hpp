#pragma once
// NotificationRequest manifests: real Kubernetes YAML in, real YAML out.
//
//   apiVersion: kubernaut.ai/v1alpha1
//   kind: NotificationRequest
//   metadata: {name, namespace, labels, annotations}
//   spec: {...}   (JSON field names of notificationrequest_types.go)
//
// Loading applies the CRD's defaults (priority Medium, retentionDays 7,
// retryPolicy fields 5/30/2/480 when the policy is given) and checks what
// the API server would: required fields, enums, ranges, types. Every error
// names file, line and column (1-based) and what was expected. Status is
// not part of a manifest (the status subresource ignores it on create).
//
// Scalars follow sigs.k8s.io/yaml (YAML 1.1): a plain `123`, `true`, `yes`,
// `~` is not a string, so a string field must quote it. The printer quotes
// such strings, so load(print(x)) == x.
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include "reconsim/model/notification/types.hpp"
#include "reconsim/model/positioned_error.hpp"

namespace YAML {
class Node;
}

namespace reconsim::model::notification {

// what(): "file:line:column: path: problem; expected ..."
class manifest_error : public positioned_error, public std::runtime_error {
 public:
  manifest_error(std::string file, int line, int column, std::string path, std::string problem, std::string expected)
      : positioned_error(std::move(file), line, column, std::move(path), std::move(problem), std::move(expected)),
        std::runtime_error(message()) {}
};

// Throws manifest_error. `file` only names the source in messages.
notification_request load_manifest(std::string_view yaml_text, std::string_view file = "<manifest>");
notification_request load_manifest_file(const std::string& path);
// For manifests embedded in a larger YAML document (scenario files): marks
// stay those of the enclosing file.
notification_request load_manifest_node(const YAML::Node& node, std::string_view file);

// A manifest that load_manifest reads back equal (metadata: name,
// namespace, labels, annotations; the spec with defaults spelled out).
std::string print_manifest(const notification_request& r);

}  // namespace reconsim::model::notification
