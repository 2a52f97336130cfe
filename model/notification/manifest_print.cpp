// Printing NotificationRequest manifests that load back equal.
#include <yaml-cpp/yaml.h>

#include "manifest_yaml.hpp"
#include "reconsim/model/notification/context.hpp"
#include "reconsim/model/notification/manifest.hpp"

namespace reconsim::model::notification {
namespace {

// Quoted when a plain scalar would not read back as this string: YAML 1.1
// non-strings, empty text, edge whitespace and control characters.
bool needs_quotes(std::string_view s) {
  if (detail::plain_is_not_string(s)) return true;
  if (s.front() == ' ' || s.back() == ' ' || s.front() == '\t' || s.back() == '\t') return true;
  for (char c : s)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return true;
  return false;
}

void put(YAML::Emitter& out, std::string_view s) {
  if (needs_quotes(s)) out << YAML::DoubleQuoted;
  out << std::string(s);
}

void put_field(YAML::Emitter& out, std::string_view key, std::string_view value) {
  out << YAML::Key << std::string(key) << YAML::Value;
  put(out, value);
}

void put_optional(YAML::Emitter& out, std::string_view key, std::string_view value) {
  if (!value.empty()) put_field(out, key, value);
}

void put_map(YAML::Emitter& out, std::string_view key, const std::map<std::string, std::string>& m) {
  out << YAML::Key << std::string(key) << YAML::Value << YAML::BeginMap;
  for (const auto& [k, v] : m) {
    out << YAML::Key;
    put(out, k);
    out << YAML::Value;
    put(out, v);
  }
  out << YAML::EndMap;
}

void put_context(YAML::Emitter& out, const notification_context& c) {
  out << YAML::Key << "context" << YAML::Value << YAML::BeginMap;
  for (const auto& schema : context_schema()) {  // upstream field order
    auto it = c.find(std::string(schema.name));
    if (it == c.end()) continue;
    out << YAML::Key << std::string(schema.name) << YAML::Value << YAML::BeginMap;
    for (const auto& f : schema.fields) {
      auto v = it->second.find(std::string(f.name));
      if (v == it->second.end()) continue;
      out << YAML::Key << std::string(f.name) << YAML::Value;
      if (f.kind == context_field_kind::boolean) {
        out << (v->second == "true" ? "true" : "false");
      } else {
        put(out, v->second);
      }
    }
    out << YAML::EndMap;
  }
  out << YAML::EndMap;
}

void put_reference(YAML::Emitter& out, const object_reference& o) {
  out << YAML::Key << "remediationRequestRef" << YAML::Value << YAML::BeginMap;
  put_optional(out, "apiVersion", o.api_version);
  put_optional(out, "kind", o.kind);
  put_optional(out, "namespace", o.namespace_);
  put_optional(out, "name", o.name);
  put_optional(out, "uid", o.uid);
  put_optional(out, "resourceVersion", o.resource_version);
  put_optional(out, "fieldPath", o.field_path);
  out << YAML::EndMap;
}

void put_spec(YAML::Emitter& out, const notification_spec& s) {
  out << YAML::Key << "spec" << YAML::Value << YAML::BeginMap;
  if (s.remediation_request_ref) put_reference(out, *s.remediation_request_ref);
  put_optional(out, "clusterID", s.cluster_id);
  put_field(out, "type", to_string(s.type));
  put_field(out, "priority", to_string(s.priority));
  put_field(out, "subject", s.subject);
  put_field(out, "body", s.body);
  put_optional(out, "severity", s.severity);
  put_optional(out, "phase", s.phase);
  put_optional(out, "reviewSource", to_string(s.review_source));
  if (!s.context.empty()) put_context(out, s.context);
  if (!s.extensions.empty()) put_map(out, "extensions", s.extensions);
  if (!s.action_links.empty()) {
    out << YAML::Key << "actionLinks" << YAML::Value << YAML::BeginSeq;
    for (const auto& l : s.action_links) {
      out << YAML::BeginMap;
      put_field(out, "service", l.service);
      put_field(out, "url", l.url);
      put_field(out, "label", l.label);
      out << YAML::EndMap;
    }
    out << YAML::EndSeq;
  }
  if (s.retry_policy) {
    const auto& p = *s.retry_policy;
    out << YAML::Key << "retryPolicy" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "maxAttempts" << YAML::Value << p.max_attempts;
    out << YAML::Key << "initialBackoffSeconds" << YAML::Value << p.initial_backoff_seconds;
    out << YAML::Key << "backoffMultiplier" << YAML::Value << p.backoff_multiplier;
    out << YAML::Key << "maxBackoffSeconds" << YAML::Value << p.max_backoff_seconds;
    out << YAML::EndMap;
  }
  out << YAML::Key << "retentionDays" << YAML::Value << s.retention_days;
  out << YAML::EndMap;
}

}  // namespace

std::string print_manifest(const notification_request& r) {
  YAML::Emitter out;
  out.SetIndent(2);
  out << YAML::BeginMap;
  put_field(out, "apiVersion", api_version);
  put_field(out, "kind", kind);
  out << YAML::Key << "metadata" << YAML::Value << YAML::BeginMap;
  put_field(out, "name", r.metadata.name);
  put_optional(out, "namespace", r.metadata.namespace_);
  if (!r.metadata.labels.empty()) put_map(out, "labels", r.metadata.labels);
  if (!r.metadata.annotations.empty()) put_map(out, "annotations", r.metadata.annotations);
  out << YAML::EndMap;
  put_spec(out, *r.spec);
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace reconsim::model::notification
