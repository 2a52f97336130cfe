// file-visible-on-host: every file-system operation the pod makes (mkdir,
// write, rename, remove) reaches the host view, at the time the virtiofs
// model promised (`visible_at`) and not later, and the host never fails to
// apply it (fs.host_anomaly). Operations still in flight when the run ends
// are not owed.
#include <map>
#include <tuple>

#include "reconsim/scenarios/checkers/detail/trace_query.hpp"

namespace reconsim::scenarios {
namespace {

using op_key = std::tuple<std::string, std::string, std::string, sim::duration::rep>;  // fs, op, path, issued

bool is_guest_op(std::string_view kind) {
  return kind == "fs.write" || kind == "fs.rename" || kind == "fs.mkdir" || kind == "fs.remove";
}

std::string describe(const sim::trace_event& e) {
  std::string s = e.kind.substr(3) + " " + e.get_string("path");
  if (e.find("to") != nullptr) s += " -> " + e.get_string("to");
  return s;
}

}  // namespace

check_result check_file_visible_on_host(const trace_events& trace, const sim::outcome* outcome) {
  check_result r;
  r.name = "file-visible-on-host";
  std::map<op_key, std::size_t> pending;
  std::int64_t seen = 0;
  for (std::size_t i = 0; i < trace.size(); ++i) {
    const sim::trace_event& e = trace[i];
    if (is_guest_op(e.kind)) {
      ++seen;
      pending[{e.get_string("fs"), e.kind.substr(3), e.get_string("path"), e.at.time_since_epoch().count()}] = i;
    } else if (e.kind == "fs.visible_on_host") {
      auto it = pending.find({e.get_string("fs"), e.get_string("op"), e.get_string("path"), e.get_int("written_at")});
      if (it == pending.end()) continue;
      const sim::trace_event& issued = trace[it->second];
      const sim::time_point promised{sim::duration{issued.get_int("visible_at")}};
      if (e.at > promised) {
        detail::violation(r, e.at,
                          describe(issued) + " reached the host at " + detail::secs(e.at) + ", after the promised " +
                              detail::secs(promised),
                          {issued, e});
      }
      pending.erase(it);
    } else if (e.kind == "fs.host_anomaly") {
      detail::violation(r, e.at,
                        "the host could not apply " + e.get_string("op") + " " + e.get_string("path") + ": " +
                            e.get_string("errc"),
                        detail::tail(trace, i, 4));
    }
  }
  const sim::time_point end = detail::end_of(trace, outcome);
  for (const auto& [key, i] : pending) {
    const sim::trace_event& issued = trace[i];
    const sim::time_point promised{sim::duration{issued.get_int("visible_at")}};
    if (promised >= end) continue;
    detail::violation(r, promised,
                      describe(issued) + " written at " + detail::secs(issued.at) + " never reached the host (promised " +
                          detail::secs(promised) + ", run ended " + detail::secs(end) + ")",
                      {issued});
  }
  if (r.passed) r.explanation = std::to_string(seen) + " file operations, each visible on the host when promised";
  if (seen == 0) not_exercised(r, "no file operation on the guest");
  return r;
}

}  // namespace reconsim::scenarios
