// NotificationRequest manifests: the CRD's fields, defaults and validation
// (api/notification/v1alpha1/notificationrequest_types.go), and errors that
// point at the offending line and column.
#include <catch2/catch.hpp>
#include <rapidcheck/catch.h>

#include "reconsim/model/notification/arbitrary.hpp"
#include "reconsim/model/notification/manifest.hpp"

#include <yaml-cpp/yaml.h>

using namespace reconsim::model::notification;

namespace {

const char* const e2e_manifest = R"(apiVersion: kubernaut.ai/v1alpha1
kind: NotificationRequest
metadata:
  name: e2e-retry-test
  namespace: notification-e2e
  labels:
    app: e2e
spec:
  type: Simple
  priority: Critical
  subject: "E2E retry test"
  body: File channel fails, console succeeds
  extensions:
    test-channel-set: console-file
  retryPolicy:
    maxAttempts: 5
    initialBackoffSeconds: 30
    backoffMultiplier: 2
    maxBackoffSeconds: 480
)";

// Loads `text` and returns the error it must raise.
manifest_error error_of(const std::string& text) {
  try {
    load_manifest(text, "nr.yaml");
  } catch (const manifest_error& e) {
    return e;
  }
  FAIL("the manifest loaded without an error:\n" << text);
  throw;  // unreachable
}

std::string with_spec(const std::string& spec_lines) {
  return "apiVersion: kubernaut.ai/v1alpha1\n"
         "kind: NotificationRequest\n"
         "metadata:\n"
         "  name: nr\n"
         "spec:\n" +
         spec_lines;
}

}  // namespace

TEST_CASE("an E2E manifest loads with its fields and the CRD defaults") {
  const notification_request r = load_manifest(e2e_manifest, "e2e.yaml");
  CHECK(r.metadata.name == "e2e-retry-test");
  CHECK(r.metadata.namespace_ == "notification-e2e");
  CHECK(r.metadata.labels == std::map<std::string, std::string>{{"app", "e2e"}});
  CHECK(r.spec->type == notification_type::simple);
  CHECK(r.spec->priority == notification_priority::critical);
  CHECK(r.spec->subject == "E2E retry test");
  CHECK(r.spec->extensions.at("test-channel-set") == "console-file");
  REQUIRE(r.spec->retry_policy);
  CHECK(*r.spec->retry_policy == retry_policy{5, 30, 2, 480});
  CHECK(r.spec->retention_days == 7);
  CHECK(r.status == notification_status{});
}

TEST_CASE("omitted priority defaults to Medium and retentionDays to 7; no retryPolicy means {5, 30, 2, 480}") {
  const auto r = load_manifest(with_spec("  type: Escalation\n  subject: s\n  body: b\n"));
  CHECK(r.spec->priority == notification_priority::medium);
  CHECK(r.spec->retention_days == 7);
  CHECK_FALSE(r.spec->retry_policy);
  CHECK(effective_retry_policy(*r.spec) == retry_policy{5, 30, 2, 480});
}

TEST_CASE("a retryPolicy with some fields gets the CRD defaults for the rest") {
  const auto r = load_manifest(with_spec("  type: Simple\n  subject: s\n  body: b\n  retryPolicy:\n    maxAttempts: 1\n"));
  REQUIRE(r.spec->retry_policy);
  CHECK(*r.spec->retry_policy == retry_policy{1, 30, 2, 480});
}

TEST_CASE("the E2E 04 policy {1, 1, 2, 60} is within the CRD ranges") {
  const auto r = load_manifest(with_spec(
      "  type: Simple\n  subject: s\n  body: b\n  retryPolicy:\n    maxAttempts: 1\n    initialBackoffSeconds: 1\n"
      "    backoffMultiplier: 2\n    maxBackoffSeconds: 60\n"));
  CHECK(*r.spec->retry_policy == retry_policy{1, 1, 2, 60});
}

TEST_CASE("a printed manifest loads back equal") {
  const auto r = load_manifest(e2e_manifest);
  CHECK(load_manifest(print_manifest(r)) == r);
}

TEST_CASE("printing quotes strings that YAML 1.1 would read as something else") {
  notification_request r = load_manifest(e2e_manifest);
  r.spec.edit().subject = "true";
  r.spec.edit().body = "123";
  r.spec.edit().extensions["retries"] = "no";
  r.spec.edit().extensions["empty"] = "";
  const std::string text = print_manifest(r);
  CHECK(text.find("subject: \"true\"") != std::string::npos);
  CHECK(text.find("body: \"123\"") != std::string::npos);
  CHECK(load_manifest(text) == r);
}

TEST_CASE("property: load(print(x)) == x for every manifest the CRD accepts", "[property]") {
  rc::prop("round trip", [] {
    const notification_request r = *gen::arbitrary_manifest();
    const std::string text = print_manifest(r);
    RC_LOG() << text;
    RC_ASSERT(load_manifest(text) == r);
  });
}

TEST_CASE("a wrong apiVersion is reported at its value with the expected version") {
  const auto e = error_of("apiVersion: kubernaut.ai/v1\nkind: NotificationRequest\n");
  CHECK(e.file() == "nr.yaml");
  CHECK(e.line() == 1);
  CHECK(e.column() == 13);
  CHECK(e.expected() == "kubernaut.ai/v1alpha1");
  CHECK(std::string(e.what()) ==
        "nr.yaml:1:13: apiVersion: unsupported apiVersion 'kubernaut.ai/v1'; expected "
        "kubernaut.ai/v1alpha1");
}

TEST_CASE("the old group notification.kubernaut.ai is refused with the fix spelled out") {
  const auto e = error_of("apiVersion: notification.kubernaut.ai/v1alpha1\nkind: NotificationRequest\n");
  CHECK(e.line() == 1);
  CHECK(e.column() == 13);
  CHECK_THAT(std::string(e.what()), Catch::Contains("upstream's CRD is in kubernaut.ai") ||
                                        Catch::Contains("the NotificationRequest CRD is in kubernaut.ai"));
  CHECK(e.expected() == "kubernaut.ai/v1alpha1 (replace 'notification.kubernaut.ai/v1alpha1')");
}

TEST_CASE("a wrong kind is reported at its value") {
  const auto e = error_of("apiVersion: kubernaut.ai/v1alpha1\nkind: RemediationRequest\n");
  CHECK(e.line() == 2);
  CHECK(e.column() == 7);
  CHECK(e.expected() == "NotificationRequest");
}

TEST_CASE("a misspelt spec field is reported at its key with the field it resembles") {
  const auto e = error_of(with_spec("  type: Simple\n  subjekt: s\n  body: b\n"));
  CHECK(e.line() == 7);
  CHECK(e.column() == 3);
  CHECK(e.path() == "spec");
  CHECK(e.problem() == "unknown field 'subjekt' (did you mean 'subject'?)");
  CHECK(e.expected().rfind("one of: remediationRequestRef, clusterID, type,", 0) == 0);
}

TEST_CASE("an unknown retryPolicy field names the retryPolicy fields") {
  const auto e = error_of(with_spec("  type: Simple\n  subject: s\n  body: b\n  retryPolicy:\n    maxAttempt: 3\n"));
  CHECK(e.line() == 10);
  CHECK(e.column() == 5);
  CHECK(e.path() == "spec.retryPolicy");
  CHECK(e.expected() == "one of: maxAttempts, initialBackoffSeconds, backoffMultiplier, maxBackoffSeconds");
}

TEST_CASE("a missing required spec field is reported at the spec with what is expected") {
  const auto e = error_of(with_spec("  type: Simple\n  body: b\n"));
  CHECK(e.line() == 6);
  CHECK(e.column() == 3);
  CHECK(e.problem() == "missing required field 'subject'");
  CHECK(e.expected() == "a string of 1 to 500 characters");
}

TEST_CASE("a manifest without metadata.name is rejected") {
  const auto e = error_of(
      "apiVersion: kubernaut.ai/v1alpha1\nkind: NotificationRequest\nmetadata:\n  namespace: x\n"
      "spec:\n  type: Simple\n  subject: s\n  body: b\n");
  CHECK(e.line() == 4);
  CHECK(e.problem() == "missing required field 'name'");
}

TEST_CASE("an integer given as a quoted string is a type error at the value") {
  const auto e = error_of(with_spec("  type: Simple\n  subject: s\n  body: b\n  retentionDays: \"7\"\n"));
  CHECK(e.line() == 9);
  CHECK(e.column() == 18);
  CHECK(e.problem() == "got a string '7'");
  CHECK(e.expected() == "an integer in [1, 90]");
}

TEST_CASE("a plain number where a string belongs must be quoted") {
  const auto e = error_of(with_spec("  type: Simple\n  subject: 404\n  body: b\n"));
  CHECK(e.line() == 7);
  CHECK(e.column() == 12);
  CHECK(e.expected() == "a string (quote it: \"404\")");
}

TEST_CASE("an enum value outside the CRD's list is rejected with the allowed values") {
  const auto e = error_of(with_spec("  type: Simple\n  priority: urgent\n  subject: s\n  body: b\n"));
  CHECK(e.line() == 7);
  CHECK(e.column() == 13);
  CHECK(e.expected() == "one of: Critical, High, Medium, Low");
  CHECK(error_of(with_spec("  type: simple\n  subject: s\n  body: b\n")).problem() == "unsupported value 'simple'");
}

TEST_CASE("retryPolicy values outside the CRD ranges are rejected at the value") {
  struct range_case {
    const char* field;
    int bad;
    const char* expected;
  };
  for (auto c : {range_case{"maxAttempts", 0, "an integer in [1, 10]"},
                 range_case{"maxAttempts", 11, "an integer in [1, 10]"},
                 range_case{"initialBackoffSeconds", 0, "an integer in [1, 300]"},
                 range_case{"initialBackoffSeconds", 301, "an integer in [1, 300]"},
                 range_case{"backoffMultiplier", 0, "an integer in [1, 10]"},
                 range_case{"backoffMultiplier", 11, "an integer in [1, 10]"},
                 range_case{"maxBackoffSeconds", 59, "an integer in [60, 3600]"},
                 range_case{"maxBackoffSeconds", 3601, "an integer in [60, 3600]"}}) {
    CAPTURE(c.field, c.bad);
    const auto e = error_of(with_spec("  type: Simple\n  subject: s\n  body: b\n  retryPolicy:\n    " +
                                      std::string(c.field) + ": " + std::to_string(c.bad) + "\n"));
    CHECK(e.line() == 10);
    CHECK(e.column() == 7 + static_cast<int>(std::string(c.field).size()));
    CHECK(e.path() == "spec.retryPolicy." + std::string(c.field));
    CHECK(e.problem() == std::to_string(c.bad) + " is out of range");
    CHECK(e.expected() == c.expected);
  }
}

TEST_CASE("retentionDays is 1 to 90, subject 1 to 500 characters, body at least 1") {
  CHECK(error_of(with_spec("  type: Simple\n  subject: s\n  body: b\n  retentionDays: 91\n")).problem() ==
        "91 is out of range");
  CHECK(error_of(with_spec("  type: Simple\n  subject: s\n  body: b\n  retentionDays: 0\n")).problem() ==
        "0 is out of range");
  CHECK(error_of(with_spec("  type: Simple\n  subject: \"\"\n  body: b\n")).problem() == "length 0 is out of range");
  CHECK(error_of(with_spec("  type: Simple\n  subject: " + std::string(501, 'x') + "\n  body: b\n")).problem() ==
        "length 501 is out of range");
  // 500 two-byte characters are 500 characters, not 1000.
  std::string accents;
  for (int i = 0; i < 500; ++i) accents += "é";
  CHECK(load_manifest(with_spec("  type: Simple\n  subject: " + accents + "\n  body: b\n")).spec->subject == accents);
  CHECK(error_of(with_spec("  type: Simple\n  subject: s\n  body: \"\"\n")).problem() == "empty body");
}

TEST_CASE("a duplicate field is an error at its second occurrence") {
  const auto e = error_of(with_spec("  type: Simple\n  subject: s\n  subject: t\n  body: b\n"));
  CHECK(e.line() == 8);
  CHECK(e.column() == 3);
  CHECK(e.problem() == "duplicate field");
}

TEST_CASE("context sections and fields follow the typed NotificationContext") {
  const auto r = load_manifest(with_spec(
      "  type: Completion\n  subject: s\n  body: b\n  context:\n    lineage:\n      remediationRequest: rr-1\n"
      "    verification:\n      assessed: true\n      outcome: passed\n"));
  CHECK(r.spec->context.at("lineage").at("remediationRequest") == "rr-1");
  CHECK(r.spec->context.at("verification").at("assessed") == "true");
  const auto e = error_of(with_spec("  type: Simple\n  subject: s\n  body: b\n  context:\n    verification:\n"
                                    "      outcome: passed\n"));
  CHECK(e.problem() == "missing required field 'assessed'");
  const auto e2 = error_of(with_spec("  type: Simple\n  subject: s\n  body: b\n  context:\n    lineage:\n"
                                     "      parent: x\n"));
  CHECK(e2.line() == 11);
  CHECK(e2.column() == 7);
  CHECK(e2.expected() == "one of: remediationRequest, aiAnalysis");
}

TEST_CASE("status in a manifest is rejected: the controller owns it") {
  const auto e = error_of(with_spec("  type: Simple\n  subject: s\n  body: b\n") + "status:\n  phase: Sent\n");
  CHECK(e.line() == 9);
  CHECK(e.column() == 1);
  CHECK(e.problem() == "unknown field 'status'");
}

TEST_CASE("malformed YAML is reported with the parser's position") {
  const auto e = error_of("apiVersion: [unclosed\nkind: x\n");
  CHECK(e.file() == "nr.yaml");
  CHECK(e.line() >= 1);
  CHECK(e.expected() == "valid YAML");
}

TEST_CASE("a manifest embedded in a larger YAML file reports positions in that file") {
  const std::string scenario =
      "name: retry\n"
      "notifications:\n"
      "  - apiVersion: kubernaut.ai/v1alpha1\n"
      "    kind: NotificationRequest\n"
      "    metadata:\n"
      "      name: nr\n"
      "    spec:\n"
      "      type: Simple\n"
      "      subject: s\n"
      "      body: b\n"
      "      retentionDays: 120\n";
  const YAML::Node root = YAML::Load(scenario);
  try {
    load_manifest_node(root["notifications"][0], "scenario.yaml");
    FAIL("expected an error");
  } catch (const manifest_error& e) {
    CHECK(std::string(e.what()) ==
          "scenario.yaml:11:22: spec.retentionDays: 120 is out of range; expected an integer in [1, 90]");
  }
}

TEST_CASE("an empty document and a missing file are errors, not crashes") {
  const auto e = error_of("");
  CHECK(e.problem() == "empty document");
  CHECK_THROWS_AS(load_manifest_file("/nonexistent/nr.yaml"), manifest_error);
}
