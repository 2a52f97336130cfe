// The `harness:` section of a scenario file.
#include <set>

#include "reconsim/scenarios/spec/scenario_file_fields.hpp"
#include "reconsim/scenarios/spec/detail/scenario_sections.hpp"

namespace reconsim::scenarios {

std::string_view to_string(test_kind k) noexcept {
  switch (k) {
    case test_kind::file_in_host_dir: return "file-in-host-dir";
    case test_kind::phase_eventually: return "phase-eventually";
    case test_kind::file_attempts_at_least: return "file-attempts-at-least";
    case test_kind::audit_events_eventually: return "audit-events-eventually";
    case test_kind::audit_events_equal: return "audit-events-equal";
  }
  return "?";
}

std::optional<test_kind> parse_test_kind(std::string_view s) noexcept {
  for (test_kind k : {test_kind::file_in_host_dir, test_kind::phase_eventually, test_kind::file_attempts_at_least,
                      test_kind::audit_events_eventually, test_kind::audit_events_equal})
    if (to_string(k) == s) return k;
  return std::nullopt;
}

namespace detail {
namespace {

deployment_spec read_deployment(const yaml_reader& r, const YAML::Node& n, const std::string& path) {
  r.check_fields(n, path, scenario_file_fields_of("harness.before_suite.deployments[]"));
  deployment_spec d;
  d.name = r.string_value(r.required(n, path, "name", "a deployment name"), child(path, "name"));
  if (auto v = yaml_reader::field(n, "image_pull"))
    d.image_pull_ok = r.choice_value(v, child(path, "image_pull"), {"ok", "back_off"}) == "ok";
  if (auto v = yaml_reader::field(n, "ready_after")) d.ready_after = r.duration_value(v, child(path, "ready_after"));
  return d;
}

before_suite_file_spec read_before_suite(const yaml_reader& r, const YAML::Node& n, const std::string& path) {
  r.check_fields(n, path, scenario_file_fields_of("harness.before_suite"));
  before_suite_file_spec b;
  if (auto v = yaml_reader::field(n, "timeout")) b.timeout = r.duration_value(v, child(path, "timeout"));
  if (auto v = yaml_reader::field(n, "delay")) b.delay = r.duration_value(v, child(path, "delay"));
  if (auto v = yaml_reader::field(n, "deployments")) {
    const std::string p = child(path, "deployments");
    r.expect_list(v, p);
    for (std::size_t i = 0; i < v.size(); ++i) b.deployments.push_back(read_deployment(r, v[i], item(p, i)));
  }
  if (auto v = yaml_reader::field(n, "health_check")) {
    const std::string p = child(path, "health_check");
    r.check_fields(v, p, scenario_file_fields_of("harness.before_suite.health_check"));
    health_check_spec h;
    if (auto t = yaml_reader::field(v, "timeout")) h.timeout = r.duration_value(t, child(p, "timeout"));
    if (auto t = yaml_reader::field(v, "poll")) h.poll = r.duration_value(t, child(p, "poll"));
    b.health_check = h;
  }
  return b;
}

// Fields that only some kinds read; elsewhere they are mistakes.
void check_kind_fields(const yaml_reader& r, const YAML::Node& n, const std::string& path, test_kind k) {
  const std::string kind(to_string(k));
  if (auto v = yaml_reader::field(n, "phase"); v && k != test_kind::phase_eventually)
    r.fail(v, child(path, "phase"), "field 'phase' does not apply to kind " + kind, "it with kind phase-eventually only");
  if (auto v = yaml_reader::field(n, "event_type");
      v && k != test_kind::audit_events_eventually && k != test_kind::audit_events_equal)
    r.fail(v, child(path, "event_type"), "field 'event_type' does not apply to kind " + kind,
           "it with the audit-events kinds only");
  if (auto v = yaml_reader::field(n, "expected"); v && k == test_kind::phase_eventually)
    r.fail(v, child(path, "expected"), "field 'expected' does not apply to kind " + kind, "'phase' instead");
}

file_test_spec read_test(const yaml_reader& r, const YAML::Node& n, const std::string& path) {
  r.check_fields(n, path, scenario_file_fields_of("harness.tests[]"));
  file_test_spec t;
  t.name = r.string_value(r.required(n, path, "name", "the test's name"), child(path, "name"));
  const std::string kinds =
      "one of: file-in-host-dir, phase-eventually, file-attempts-at-least, audit-events-eventually, audit-events-equal";
  const YAML::Node kind = r.required(n, path, "kind", kinds);
  const auto k = kind.IsScalar() ? parse_test_kind(kind.Scalar()) : std::nullopt;
  if (!k) r.fail(kind, child(path, "kind"), "unknown test kind '" + (kind.IsScalar() ? kind.Scalar() : "") + "'", kinds);
  t.kind = *k;
  check_kind_fields(r, n, path, t.kind);
  t.notification = r.string_value(r.required(n, path, "notification", "a manifest's metadata.name"),
                                  child(path, "notification"));
  t.timeout = r.duration_value(r.required(n, path, "timeout", "the Eventually timeout"), child(path, "timeout"));
  t.poll = r.duration_value(r.required(n, path, "poll", "the Eventually polling interval"), child(path, "poll"));
  if (t.poll <= sim::duration::zero()) r.fail(yaml_reader::field(n, "poll"), child(path, "poll"), "a zero interval", "a positive duration");
  if (auto v = yaml_reader::field(n, "initial_delay")) t.initial_delay = r.duration_value(v, child(path, "initial_delay"));
  if (auto v = yaml_reader::field(n, "per_poll_delay")) t.per_poll_delay = r.duration_value(v, child(path, "per_poll_delay"));
  if (auto v = yaml_reader::field(n, "poll_cost")) t.poll_cost = r.duration_value(v, child(path, "poll_cost"));
  if (auto v = yaml_reader::field(n, "wait_for_sent_first"))
    t.wait_for_sent_first = r.bool_value(v, child(path, "wait_for_sent_first"));
  if (auto v = yaml_reader::field(n, "expected")) t.expected = r.int_value(v, child(path, "expected"), 0, 1'000'000);
  if (auto v = yaml_reader::field(n, "event_type")) t.event_type = r.string_value(v, child(path, "event_type"));
  if (auto v = yaml_reader::field(n, "phase")) {
    const std::string phases = "one of: Pending, Sending, Retrying, Sent, PartiallySent, Failed";
    const auto p = v.IsScalar() ? model::notification::parse_notification_phase(v.Scalar()) : std::nullopt;
    if (!p || *p == model::notification::notification_phase::none)
      r.fail(v, child(path, "phase"), "unknown phase", phases);
    t.phase = *p;
  } else if (t.kind == test_kind::phase_eventually) {
    r.fail(n, child(path, "phase"), "missing required field 'phase'", "the phase to wait for");
  }
  return t;
}

}  // namespace

harness_spec read_harness(const yaml_reader& r, const YAML::Node& n, const std::string& path,
                          const std::set<std::string>& manifest_names) {
  r.check_fields(n, path, scenario_file_fields_of("harness"));
  harness_spec h;
  if (auto v = yaml_reader::field(n, "filler_tests"))
    h.filler_tests = static_cast<int>(r.int_value(v, child(path, "filler_tests"), 0, 64));
  if (auto v = yaml_reader::field(n, "before_suite")) h.before_suite = read_before_suite(r, v, child(path, "before_suite"));
  if (auto v = yaml_reader::field(n, "tests")) {
    const std::string p = child(path, "tests");
    r.expect_list(v, p);
    std::set<std::string> names;
    for (std::size_t i = 0; i < v.size(); ++i) {
      file_test_spec t = read_test(r, v[i], item(p, i));
      if (!names.insert(t.name).second)
        r.fail(yaml_reader::field(v[i], "name"), child(item(p, i), "name"), "duplicate test name '" + t.name + "'",
               "unique test names");
      if (!manifest_names.contains(t.notification))
        r.fail(yaml_reader::field(v[i], "notification"), child(item(p, i), "notification"),
               "no manifest named '" + t.notification + "'", "the metadata.name of one of the manifests");
      h.tests.push_back(std::move(t));
    }
  }
  return h;
}

}  // namespace detail
}  // namespace reconsim::scenarios
