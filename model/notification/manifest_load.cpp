// Loading NotificationRequest manifests with the CRD's validation
// (api/notification/v1alpha1/notificationrequest_types.go markers).
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <string_view>
#include <set>
#include <sstream>
#include <vector>

#include "manifest_yaml.hpp"
#include "reconsim/model/notification/context.hpp"
#include "reconsim/model/notification/manifest.hpp"

#include "reconsim/model/detail/text_memo.hpp"
#include "reconsim/model/yaml_text.hpp"

namespace reconsim::model::notification {

namespace {

// Well-formed UTF-8 (RFC 3629): no overlong forms, no surrogates, at most
// U+10FFFF.
bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > s.size()) return false;
    for (std::size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    const std::uint32_t min = len == 2 ? 0x80 : len == 3 ? 0x800 : 0x10000;
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += len;
  }
  return true;
}


using detail::plain_is_not_string;
using field_list = std::initializer_list<std::string_view>;

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      const bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                        std::tolower(static_cast<unsigned char>(b[j - 1]));
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (same ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

std::string join(field_list names) {
  std::string out;
  for (auto n : names) out += (out.empty() ? "" : ", ") + std::string(n);
  return out;
}

// Code points, as OpenAPI minLength/maxLength count them.
std::size_t characters(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string kind_of(const YAML::Node& n) {
  if (n.IsMap()) return "a mapping";
  if (n.IsSequence()) return "a list";
  if (n.IsNull()) return "null";
  if (n.Tag() != "?") return "a string";
  const std::string& s = n.Scalar();
  if (detail::is_yaml_bool(s)) return "a boolean";
  if (detail::is_yaml_int(s)) return "an integer";
  if (detail::is_yaml_float(s)) return "a number";
  return "a string";
}

// One manifest read: the file name for messages, and the checks.
class reader {
 public:
  explicit reader(std::string_view file) : file_(file) {}

  [[noreturn]] void fail(const YAML::Node& at, const std::string& path, const std::string& problem,
                         const std::string& expected) const {
    const YAML::Mark m = at.Mark();
    throw manifest_error(file_, m.line + 1, m.column + 1, path, problem, expected);
  }

  // Unknown and duplicate keys; the key node carries the position.
  void check_fields(const YAML::Node& map, const std::string& path, field_list allowed) const {
    std::set<std::string> seen;
    for (auto it = map.begin(); it != map.end(); ++it) {
      const YAML::Node key = it->first;  // a handle: it->first is a temporary proxy
      if (!key.IsScalar()) fail(key, path, "a field name must be a plain string", "one of: " + join(allowed));
      const std::string& k = key.Scalar();
      if (!seen.insert(k).second) fail(key, child(path, k), "duplicate field", "each field once");
      if (std::find(allowed.begin(), allowed.end(), k) != allowed.end()) continue;
      std::string hint;
      for (auto a : allowed)
        if (edit_distance(k, a) <= 2) hint = " (did you mean '" + std::string(a) + "'?)";
      fail(key, path.empty() ? k : path, "unknown field '" + k + "'" + hint, "one of: " + join(allowed));
    }
  }

  // The value of `name` in `map`, or an undefined node when absent or null
  // (a JSON null is an omitted field to the API server).
  static YAML::Node field(const YAML::Node& map, std::string_view name) {
    for (auto it = map.begin(); it != map.end(); ++it)
      if (it->first.IsScalar() && it->first.Scalar() == name && !it->second.IsNull()) return it->second;
    return YAML::Node(YAML::NodeType::Undefined);
  }

  static std::string child(const std::string& path, std::string_view name) {
    return path.empty() ? std::string(name) : path + "." + std::string(name);
  }

  void expect_map(const YAML::Node& n, const std::string& path) const {
    if (!n.IsMap()) fail(n, path, "got " + kind_of(n), "a mapping");
  }

  std::string string_value(const YAML::Node& n, const std::string& path) const {
    if (!n.IsScalar()) fail(n, path, "got " + kind_of(n), "a string");
    // JSON, the API server's wire format, carries UTF-8 only: other bytes
    // would not survive a round trip (the YAML writer replaces them).
    if (!valid_utf8(n.Scalar())) fail(n, path, "a string that is not valid UTF-8", "UTF-8 text");
    if (n.Tag() == "?" && plain_is_not_string(n.Scalar()))
      fail(n, path, "got " + kind_of(n) + " '" + n.Scalar() + "'", "a string (quote it: \"" + n.Scalar() + "\")");
    return n.Scalar();
  }

  int int_value(const YAML::Node& n, const std::string& path, int lo, int hi) const {
    const std::string range = "an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]";
    if (!n.IsScalar() || n.Tag() != "?" || !detail::is_yaml_int(n.Scalar()))
      fail(n, path, "got " + kind_of(n) + (n.IsScalar() ? " '" + n.Scalar() + "'" : ""), range);
    long long v = 0;
    std::istringstream in(n.Scalar());
    if (!(in >> v) || !in.eof()) fail(n, path, "'" + n.Scalar() + "' is not a decimal integer", range);
    if (v < lo || v > hi) fail(n, path, std::to_string(v) + " is out of range", range);
    return static_cast<int>(v);
  }

  bool bool_value(const YAML::Node& n, const std::string& path) const {
    if (n.IsScalar() && n.Tag() == "?") {
      const std::string& s = n.Scalar();
      if (s == "true" || s == "True" || s == "TRUE") return true;
      if (s == "false" || s == "False" || s == "FALSE") return false;
    }
    fail(n, path, "got " + kind_of(n) + (n.IsScalar() ? " '" + n.Scalar() + "'" : ""), "true or false");
  }

  std::map<std::string, std::string> string_map(const YAML::Node& n, const std::string& path) const {
    expect_map(n, path);
    std::map<std::string, std::string> out;
    for (auto it = n.begin(); it != n.end(); ++it) {
      if (!it->first.IsScalar()) fail(it->first, path, "a key must be a string", "string keys");
      const std::string k = it->first.Scalar();
      if (!valid_utf8(k)) fail(it->first, path, "a key that is not valid UTF-8", "UTF-8 text");
      if (out.contains(k)) fail(it->first, child(path, k), "duplicate key", "each key once");
      out[k] = it->second.IsNull() ? std::string() : string_value(it->second, child(path, k));
    }
    return out;
  }

  std::string file_;
};

object_meta load_metadata(const reader& r, const YAML::Node& n) {
  r.expect_map(n, "metadata");
  r.check_fields(n, "metadata", {"name", "namespace", "labels", "annotations"});
  object_meta m;
  YAML::Node name = reader::field(n, "name");
  if (!name) r.fail(n, "metadata", "missing required field 'name'", "a DNS-1123 name");
  m.name = r.string_value(name, "metadata.name");
  if (m.name.empty()) r.fail(name, "metadata.name", "empty name", "a DNS-1123 name");
  if (auto ns = reader::field(n, "namespace")) m.namespace_ = r.string_value(ns, "metadata.namespace");
  if (auto l = reader::field(n, "labels")) m.labels = r.string_map(l, "metadata.labels");
  if (auto a = reader::field(n, "annotations")) m.annotations = r.string_map(a, "metadata.annotations");
  return m;
}

notification::retry_policy load_retry_policy(const reader& r, const YAML::Node& n) {
  const std::string path = "spec.retryPolicy";
  r.expect_map(n, path);
  r.check_fields(n, path, {"maxAttempts", "initialBackoffSeconds", "backoffMultiplier", "maxBackoffSeconds"});
  notification::retry_policy p;  // kubebuilder defaults for the omitted fields
  if (auto v = reader::field(n, "maxAttempts")) p.max_attempts = r.int_value(v, path + ".maxAttempts", 1, 10);
  if (auto v = reader::field(n, "initialBackoffSeconds"))
    p.initial_backoff_seconds = r.int_value(v, path + ".initialBackoffSeconds", 1, 300);
  if (auto v = reader::field(n, "backoffMultiplier"))
    p.backoff_multiplier = r.int_value(v, path + ".backoffMultiplier", 1, 10);
  if (auto v = reader::field(n, "maxBackoffSeconds"))
    p.max_backoff_seconds = r.int_value(v, path + ".maxBackoffSeconds", 60, 3600);
  return p;
}

object_reference load_object_reference(const reader& r, const YAML::Node& n) {
  const std::string path = "spec.remediationRequestRef";
  r.expect_map(n, path);
  r.check_fields(n, path, {"apiVersion", "kind", "namespace", "name", "uid", "resourceVersion", "fieldPath"});
  object_reference o;
  const std::pair<std::string_view, std::string*> fields[] = {
      {"apiVersion", &o.api_version}, {"kind", &o.kind}, {"namespace", &o.namespace_},
      {"name", &o.name},              {"uid", &o.uid},   {"resourceVersion", &o.resource_version},
      {"fieldPath", &o.field_path}};
  for (auto [name, out] : fields)
    if (auto v = reader::field(n, name)) *out = r.string_value(v, reader::child(path, name));
  return o;
}

std::vector<action_link> load_action_links(const reader& r, const YAML::Node& n) {
  const std::string path = "spec.actionLinks";
  if (!n.IsSequence()) r.fail(n, path, "got " + kind_of(n), "a list of {service, url, label}");
  std::vector<action_link> out;
  for (std::size_t i = 0; i < n.size(); ++i) {
    const YAML::Node item = n[i];
    const std::string p = path + "[" + std::to_string(i) + "]";
    r.expect_map(item, p);
    r.check_fields(item, p, {"service", "url", "label"});
    action_link l;
    for (auto [name, dst] : {std::pair{"service", &l.service}, std::pair{"url", &l.url}, std::pair{"label", &l.label}}) {
      YAML::Node v = reader::field(item, name);
      if (!v) r.fail(item, p, std::string("missing required field '") + name + "'", "service, url and label");
      *dst = r.string_value(v, reader::child(p, name));
    }
    out.push_back(std::move(l));
  }
  return out;
}

notification_context load_context(const reader& r, const YAML::Node& n) {
  const std::string path = "spec.context";
  r.expect_map(n, path);
  std::vector<std::string_view> names;
  for (const auto& s : context_schema()) names.push_back(s.name);
  notification_context out;
  std::set<std::string> seen;
  for (auto it = n.begin(); it != n.end(); ++it) {
    const std::string key = it->first.IsScalar() ? it->first.Scalar() : std::string();
    const context_section_schema* schema = find_context_section(key);
    if (schema == nullptr) {
      std::string all;
      for (auto s : names) all += (all.empty() ? "" : ", ") + std::string(s);
      r.fail(it->first, path, "unknown field '" + key + "'", "one of: " + all);
    }
    if (!seen.insert(key).second) r.fail(it->first, reader::child(path, key), "duplicate field", "each field once");
    const std::string sp = reader::child(path, key);
    if (it->second.IsNull()) continue;  // a null section is an absent one (Go: a nil pointer, omitted when written)
    context_section& section = out[key];
    r.expect_map(it->second, sp);
    for (auto f = it->second.begin(); f != it->second.end(); ++f) {
      const std::string fk = f->first.IsScalar() ? f->first.Scalar() : std::string();
      const context_field* field = find_context_field(*schema, fk);
      if (field == nullptr) {
        std::string all;
        for (const auto& cf : schema->fields) all += (all.empty() ? "" : ", ") + std::string(cf.name);
        r.fail(f->first, sp, "unknown field '" + fk + "'", "one of: " + all);
      }
      if (section.contains(fk)) r.fail(f->first, reader::child(sp, fk), "duplicate field", "each field once");
      if (f->second.IsNull()) continue;
      section[fk] = field->kind == context_field_kind::boolean
                        ? (r.bool_value(f->second, reader::child(sp, fk)) ? "true" : "false")
                        : r.string_value(f->second, reader::child(sp, fk));
    }
    for (const auto& cf : schema->fields)
      if (cf.required && !section.contains(std::string(cf.name)))
        r.fail(it->second, sp, "missing required field '" + std::string(cf.name) + "'", "true or false");
  }
  return out;
}

template <class E>
E enum_value(const reader& r, const YAML::Node& n, const std::string& path, std::optional<E> (*parse)(std::string_view),
             std::string_view allowed) {
  const std::string s = r.string_value(n, path);
  auto v = parse(s);
  if (!v) r.fail(n, path, "unsupported value '" + s + "'", "one of: " + std::string(allowed));
  return *v;
}

// Optional scalar strings, in the spec's JSON names.
void load_spec_strings(const reader& r, const YAML::Node& n, notification_spec& s) {
  for (auto [name, dst] : {std::pair{"clusterID", &s.cluster_id}, std::pair{"severity", &s.severity},
                           std::pair{"phase", &s.phase}})
    if (auto v = reader::field(n, name)) *dst = r.string_value(v, reader::child("spec", name));
}

notification_spec load_spec(const reader& r, const YAML::Node& n) {
  r.expect_map(n, "spec");
  r.check_fields(n, "spec",
                 {"remediationRequestRef", "clusterID", "type", "priority", "subject", "body", "severity", "phase",
                  "reviewSource", "context", "extensions", "actionLinks", "retryPolicy", "retentionDays"});
  notification_spec s;
  YAML::Node type = reader::field(n, "type");
  if (!type) r.fail(n, "spec", "missing required field 'type'", "type: Escalation|Simple|StatusUpdate|...");
  s.type = enum_value<notification_type>(r, type, "spec.type", parse_notification_type,
                                         "Escalation, Simple, StatusUpdate, Approval, ManualReview, Completion");
  if (auto v = reader::field(n, "priority"))
    s.priority = enum_value<notification_priority>(r, v, "spec.priority", parse_notification_priority,
                                                   "Critical, High, Medium, Low");
  YAML::Node subject = reader::field(n, "subject");
  if (!subject) r.fail(n, "spec", "missing required field 'subject'", "a string of 1 to 500 characters");
  s.subject = r.string_value(subject, "spec.subject");
  if (const auto len = characters(s.subject); len < 1 || len > 500)
    r.fail(subject, "spec.subject", "length " + std::to_string(len) + " is out of range",
           "a string of 1 to 500 characters");
  YAML::Node body = reader::field(n, "body");
  if (!body) r.fail(n, "spec", "missing required field 'body'", "a string of at least 1 character");
  s.body = r.string_value(body, "spec.body");
  if (s.body.empty()) r.fail(body, "spec.body", "empty body", "a string of at least 1 character");
  load_spec_strings(r, n, s);
  if (auto v = reader::field(n, "reviewSource"))
    s.review_source = enum_value<review_source_type>(r, v, "spec.reviewSource", parse_review_source,
                                                     "AIAnalysis, WorkflowExecution, RoutingEngine");
  if (auto v = reader::field(n, "remediationRequestRef")) s.remediation_request_ref = load_object_reference(r, v);
  if (auto v = reader::field(n, "context")) s.context = load_context(r, v);
  if (auto v = reader::field(n, "extensions")) s.extensions = r.string_map(v, "spec.extensions");
  if (auto v = reader::field(n, "actionLinks")) s.action_links = load_action_links(r, v);
  if (auto v = reader::field(n, "retryPolicy")) s.retry_policy = load_retry_policy(r, v);
  if (auto v = reader::field(n, "retentionDays")) s.retention_days = r.int_value(v, "spec.retentionDays", 1, 90);
  return s;
}

notification_request load_top(const reader& r, const YAML::Node& n) {
  if (!n.IsDefined() || n.IsNull()) r.fail(n, "", "empty document", "a NotificationRequest manifest");
  r.expect_map(n, "(document)");
  r.check_fields(n, "", {"apiVersion", "kind", "metadata", "spec"});
  YAML::Node api = reader::field(n, "apiVersion");
  if (!api) r.fail(n, "", "missing required field 'apiVersion'", std::string(api_version));
  const std::string version = r.string_value(api, "apiVersion");
  // Earlier reconsim releases (and early kubernaut drafts) used the group
  // notification.kubernaut.ai; upstream's CRD is in kubernaut.ai
  // (api/notification/v1alpha1/groupversion_info.go ~30). Refused, with
  // the fix spelled out, rather than silently accepted.
  if (version.starts_with("notification.kubernaut.ai/")) {
    r.fail(api, "apiVersion",
           "the group notification.kubernaut.ai is not upstream's: the NotificationRequest CRD is in kubernaut.ai",
           std::string(api_version) + " (replace '" + version + "')");
  }
  if (version != api_version)
    r.fail(api, "apiVersion", "unsupported apiVersion '" + api.Scalar() + "'", std::string(api_version));
  YAML::Node k = reader::field(n, "kind");
  if (!k) r.fail(n, "", "missing required field 'kind'", std::string(kind));
  if (r.string_value(k, "kind") != kind) r.fail(k, "kind", "unsupported kind '" + k.Scalar() + "'", std::string(kind));
  YAML::Node meta = reader::field(n, "metadata");
  if (!meta) r.fail(n, "", "missing required field 'metadata'", "metadata with a name");
  YAML::Node spec = reader::field(n, "spec");
  if (!spec) r.fail(n, "", "missing required field 'spec'", "spec with type, subject and body");
  notification_request out;
  out.metadata = load_metadata(r, meta);
  out.spec = load_spec(r, spec);
  return out;
}

}  // namespace

notification_request load_manifest_node(const YAML::Node& node, std::string_view file) {
  return load_top(reader(file), node);
}

namespace {

notification_request parse_manifest(std::string_view yaml_text, std::string_view file) {
  if (const auto bad = first_forbidden_char(yaml_text)) {
    throw manifest_error(std::string(file), bad->line, bad->column, "", bad->describe(), std::string(printable_text));
  }
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml_text));
  } catch (const YAML::Exception& e) {
    throw manifest_error(std::string(file), e.mark.line + 1, e.mark.column + 1, "", e.msg, "valid YAML");
  }
  return load_manifest_node(root, file);
}

}  // namespace

notification_request load_manifest(std::string_view yaml_text, std::string_view file) {
  // Every run of a scenario loads its manifests again (resolve, the
  // harness): parsed once per process instead (detail/text_memo.hpp).
  static model::detail::text_memo<notification_request> parsed;
  std::string key(file);
  key += '\0';
  key += yaml_text;
  return parsed.get(key, [&] { return parse_manifest(yaml_text, file); });
}

notification_request load_manifest_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw manifest_error(path, 0, 0, "", "cannot open file", "a readable manifest file");
  std::ostringstream text;
  text << in.rdbuf();
  return load_manifest(text.str(), path);
}

}  // namespace reconsim::model::notification
