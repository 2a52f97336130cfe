#include "reconsim/model/notification/delivery.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <string_view>

#include "reconsim/sim/actor.hpp"
#include "reconsim/sim/trace.hpp"

namespace reconsim::model::notification {

std::optional<delivery_error> console_channel::deliver(const notification_request& r) {
  sim::emit("notification.console",
            {{"key", model::key_text(r.metadata)},
             // fmt, not a chain of operator+: GCC 12 at -O3 reports a false
             // -Wrestrict on that chain (GCC bug 105329).
             {"line", fmt::format("[{}] [{}] {}", to_string(r.spec->priority), to_string(r.spec->type), r.spec->subject)}});
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

namespace {

void append_member(std::string& out, std::string_view indent, std::string_view key, std::string_view value, bool last) {
  out += indent;
  sim::append_json_string(out, key);
  out += ": ";
  sim::append_json_string(out, value);
  out += last ? "\n" : ",\n";
}

}  // namespace

// The file's bytes are what nlohmann::ordered_json's dump(2) gives for the
// same members (tests/model/notification_file_render.cpp holds them to
// it), written directly: building a JSON tree per delivery was ~4 % of a
// run.
std::string file_channel::render(const notification_request& r) {
  std::string out;
  out.reserve(256 + r.spec->subject.size() + r.spec->body.size());
  out += "{\n";
  append_member(out, "  ", "apiVersion", api_version, false);
  append_member(out, "  ", "kind", kind, false);
  out += "  \"metadata\": {\n";
  append_member(out, "    ", "name", r.metadata.name, false);
  append_member(out, "    ", "namespace", r.metadata.namespace_, false);
  append_member(out, "    ", "uid", r.metadata.uid, true);
  out += "  },\n  \"spec\": {\n";
  append_member(out, "    ", "type", to_string(r.spec->type), false);
  append_member(out, "    ", "priority", to_string(r.spec->priority), false);
  append_member(out, "    ", "subject", r.spec->subject, false);
  append_member(out, "    ", "body", r.spec->body, true);
  out += "  }\n}";
  return out;
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
