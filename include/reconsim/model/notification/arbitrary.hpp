#pragma once
// rapidcheck generators for NotificationRequest values that satisfy the
// CRD (what a manifest can hold). For test programs and the faults layer:
// include only where rapidcheck is linked. They shrink towards the simplest
// manifest: short ASCII text, no optional fields, no retry policy.
#include <rapidcheck.h>

#include <optional>
#include <string>
#include <vector>

#include "reconsim/model/notification/context.hpp"
#include "reconsim/model/notification/types.hpp"

namespace reconsim::model::notification::gen {

// Text with the characters that trouble YAML: indicators, quotes, '#',
// ": ", newlines, tabs, edge spaces, UTF-8, and words like "true" / "123".
inline rc::Gen<std::string> tricky_text(std::size_t min_chars = 0) {
  static const std::vector<std::string> atoms{
      "a",  "b", "z",   "0",    "7",   " ",  ":",    ": ",  "#", " #", "-",  "- ",   "'",  "\"", "\\",
      "\n", "\t", "{",  "}",    "[",   "]",  ",",    "&",   "*", "!",  "|",  ">",    "%",  "@",  "`",
      "?",  "é", "ü",   "→",    "true", "no", "null", "~",  "1e3", "0x1F", ".5", "yes", "-1"};
  return rc::gen::mapcat(rc::gen::inRange<std::size_t>(min_chars, min_chars + 12), [](std::size_t n) {
    return rc::gen::map(rc::gen::container<std::vector<std::string>>(n, rc::gen::elementOf(atoms)),
                        [](const std::vector<std::string>& parts) {
                          std::string s;
                          for (const auto& p : parts) s += p;
                          return s;
                        });
  });
}

// rc::gen::maybe yields rc::Maybe; the types hold std::optional.
template <class T>
rc::Gen<std::optional<T>> optional_of(rc::Gen<T> g) {
  return rc::gen::map(rc::gen::maybe(std::move(g)),
                      [](const rc::Maybe<T>& m) { return m ? std::optional<T>(*m) : std::optional<T>(); });
}

inline rc::Gen<std::string> name_text() {
  return rc::gen::map(rc::gen::inRange(0, 1000), [](int i) { return "nr-" + std::to_string(i); });
}

inline rc::Gen<std::map<std::string, std::string>> string_map() {
  return rc::gen::container<std::map<std::string, std::string>>(tricky_text(1), tricky_text());
}

inline rc::Gen<retry_policy> arbitrary_retry_policy() {
  return rc::gen::build<retry_policy>(rc::gen::set(&retry_policy::max_attempts, rc::gen::inRange(1, 11)),
                                      rc::gen::set(&retry_policy::initial_backoff_seconds, rc::gen::inRange(1, 301)),
                                      rc::gen::set(&retry_policy::backoff_multiplier, rc::gen::inRange(1, 11)),
                                      rc::gen::set(&retry_policy::max_backoff_seconds, rc::gen::inRange(60, 3601)));
}

inline rc::Gen<notification_context> arbitrary_context() {
  auto section = rc::gen::mapcat(rc::gen::inRange<std::size_t>(0, context_schema().size()), [](std::size_t i) {
    const context_section_schema& s = context_schema()[i];
    return rc::gen::map(
        rc::gen::container<std::vector<std::pair<bool, std::string>>>(
            s.fields.size(), rc::gen::pair(rc::gen::arbitrary<bool>(), tricky_text())),
        [&s](const std::vector<std::pair<bool, std::string>>& picks) {
          context_section out;
          for (std::size_t f = 0; f < s.fields.size(); ++f) {
            const context_field& field = s.fields[f];
            if (!picks[f].first && !field.required) continue;
            out[std::string(field.name)] = field.kind == context_field_kind::boolean
                                               ? (picks[f].second.size() % 2 ? "true" : "false")
                                               : picks[f].second;
          }
          return std::pair{std::string(s.name), out};
        });
  });
  return rc::gen::map(rc::gen::container<std::vector<std::pair<std::string, context_section>>>(section),
                      [](const std::vector<std::pair<std::string, context_section>>& v) {
                        return notification_context(v.begin(), v.end());
                      });
}

inline rc::Gen<object_reference> arbitrary_reference() {
  return rc::gen::build<object_reference>(rc::gen::set(&object_reference::kind, rc::gen::just<std::string>("RemediationRequest")),
                                          rc::gen::set(&object_reference::name, tricky_text()),
                                          rc::gen::set(&object_reference::namespace_, tricky_text()));
}

inline rc::Gen<notification_spec> arbitrary_spec() {
  using S = notification_spec;
  return rc::gen::build<S>(
      rc::gen::set(&S::type, rc::gen::element(notification_type::escalation, notification_type::simple,
                                              notification_type::status_update, notification_type::approval,
                                              notification_type::manual_review, notification_type::completion)),
      rc::gen::set(&S::priority, rc::gen::element(notification_priority::critical, notification_priority::high,
                                                  notification_priority::medium, notification_priority::low)),
      rc::gen::set(&S::subject, tricky_text(1)), rc::gen::set(&S::body, tricky_text(1)),
      rc::gen::set(&S::severity, tricky_text()), rc::gen::set(&S::phase, tricky_text()),
      rc::gen::set(&S::cluster_id, tricky_text()),
      rc::gen::set(&S::review_source,
                   rc::gen::element(review_source_type::none, review_source_type::ai_analysis,
                                    review_source_type::workflow_execution, review_source_type::routing_engine)),
      rc::gen::set(&S::remediation_request_ref, optional_of(arbitrary_reference())),
      rc::gen::set(&S::context, arbitrary_context()), rc::gen::set(&S::extensions, string_map()),
      rc::gen::set(&S::action_links,
                   rc::gen::container<std::vector<action_link>>(rc::gen::build<action_link>(
                       rc::gen::set(&action_link::service, tricky_text()), rc::gen::set(&action_link::url, tricky_text()),
                       rc::gen::set(&action_link::label, tricky_text())))),
      rc::gen::set(&S::retry_policy, optional_of(arbitrary_retry_policy())),
      rc::gen::set(&S::retention_days, rc::gen::inRange(1, 91)));
}

inline rc::Gen<notification_request> arbitrary_manifest() {
  return rc::gen::map(rc::gen::tuple(name_text(), rc::gen::element<std::string>("", "default", "e2e-ns"), string_map(),
                                     string_map(), arbitrary_spec()),
                      [](const auto& t) {
                        notification_request r;
                        r.metadata.name = std::get<0>(t);
                        r.metadata.namespace_ = std::get<1>(t);
                        r.metadata.labels = std::get<2>(t);
                        r.metadata.annotations = std::get<3>(t);
                        r.spec = std::get<4>(t);
                        return r;
                      });
}

}  // namespace reconsim::model::notification::gen
