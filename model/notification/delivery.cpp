#include "reconsim/model/notification/delivery.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "reconsim/sim/actor.hpp"

namespace reconsim::model::notification {

std::optional<delivery_error> console_channel::deliver(const notification_request& r) {
  sim::emit("notification.console",
            {{"key", to_string(r.key())},
             // fmt, not a chain of operator+: GCC 12 at -O3 reports a false
             // -Wrestrict on that chain (GCC bug 105329).
             {"line", fmt::format("[{}] [{}] {}", to_string(r.spec.priority), to_string(r.spec.type), r.spec.subject)}});
  return std::nullopt;
}

std::string file_channel::file_name(const notification_request& r, sim::time_point t) {
  // Go's "20060102-150405.000000" on the virtual clock (days since epoch
  // converted with the civil-from-days algorithm).
  const std::int64_t us = std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
  const std::int64_t secs = us / 1'000'000;
  std::int64_t days = secs / 86400;
  const std::int64_t sod = secs % 86400;
  days += 719468;
  const std::int64_t era = days / 146097;
  const std::int64_t doe = days - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t y = yoe + era * 400 + (m <= 2);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04lld%02lld%02lld-%02lld%02lld%02lld.%06lld", static_cast<long long>(y),
                static_cast<long long>(m), static_cast<long long>(d), static_cast<long long>(sod / 3600),
                static_cast<long long>(sod / 60 % 60), static_cast<long long>(sod % 60),
                static_cast<long long>(us % 1'000'000));
  return "notification-" + r.metadata.name + "-" + buf + ".json";
}

std::string file_channel::render(const notification_request& r) {
  nlohmann::ordered_json j;
  j["apiVersion"] = std::string(api_version);
  j["kind"] = std::string(kind);
  j["metadata"] = {{"name", r.metadata.name}, {"namespace", r.metadata.namespace_}, {"uid", r.metadata.uid}};
  j["spec"] = {{"type", std::string(to_string(r.spec.type))},
               {"priority", std::string(to_string(r.spec.priority))},
               {"subject", r.spec.subject},
               {"body", r.spec.body}};
  return j.dump(2);
}

std::optional<delivery_error> file_channel::deliver(const notification_request& r) {
  if (fs_errc e = fs_->mkdir_all(dir_); e != fs_errc::ok)
    return delivery_error{"failed to create output directory: mkdir " + dir_ + ": " + std::string(go_error_text(e)), true};
  const std::string path = dir_ + "/" + file_name(r, sim::now());
  const std::string tmp = path + ".tmp";
  if (fs_errc e = fs_->write_file(tmp, render(r)); e != fs_errc::ok)
    return delivery_error{"failed to write temporary file: open " + tmp + ": " + std::string(go_error_text(e)), true};
  if (fs_errc e = fs_->rename(tmp, path); e != fs_errc::ok) {
    fs_->remove(tmp);  // upstream removes the temp file and reports the rename
    return delivery_error{"failed to rename temporary file: rename " + tmp + " " + path + ": " +
                              std::string(go_error_text(e)),
                          true};
  }
  return std::nullopt;
}

}  // namespace reconsim::model::notification
