// The file channel's bytes: what nlohmann::ordered_json's dump(2) gives for
// the same members. render() writes them directly (a JSON tree per
// delivery was ~4 % of a run); this holds the two to the same text.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "reconsim/model/notification/delivery.hpp"

using namespace reconsim::model::notification;

namespace {

std::string as_nlohmann_dumps(const notification_request& r) {
  nlohmann::ordered_json j;
  j["apiVersion"] = std::string(api_version);
  j["kind"] = std::string(kind);
  j["metadata"] = {{"name", r.metadata.name}, {"namespace", r.metadata.namespace_}, {"uid", r.metadata.uid}};
  j["spec"] = {{"type", std::string(to_string(r.spec->type))},
               {"priority", std::string(to_string(r.spec->priority))},
               {"subject", r.spec->subject},
               {"body", r.spec->body}};
  return j.dump(2);
}

notification_request request(std::string subject, std::string body) {
  notification_request r;
  r.metadata.name = "notif-1";
  r.metadata.namespace_ = "default";
  r.metadata.uid = "uid-0001";
  r.spec.edit().type = notification_type::escalation;
  r.spec.edit().priority = notification_priority::critical;
  r.spec.edit().subject = std::move(subject);
  r.spec.edit().body = std::move(body);
  return r;
}

}  // namespace

TEST_CASE("the file channel renders what nlohmann's dump(2) renders, escapes included") {
  const std::vector<std::pair<std::string, std::string>> texts = {
      {"Pod crashlooping", "restarts: 5"},
      {"quote \" and backslash \\", "tab\there, newline\nand return\r"},
      {std::string("control \x01\x1f and \b\f", 18), "del \x7f stays"},
      {"UTF-8: caf\xc3\xa9 \xe2\x9c\x93", "<html> & 'single'"},
      {"", ""},
  };
  for (const auto& [subject, body] : texts) {
    const notification_request r = request(subject, body);
    INFO("subject: " << subject);
    CHECK(file_channel::render(r) == as_nlohmann_dumps(r));
  }
}
