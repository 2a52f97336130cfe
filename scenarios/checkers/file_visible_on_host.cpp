// file-visible-on-host: every file-system operation the pod makes (mkdir,
// write, rename, remove) reaches the host view, at the time the virtiofs
// model promised (`visible_at`) and not later, and the host never fails to
// apply it (fs.host_anomaly). Operations still in flight when the run ends
// are not owed.
#include <map>
#include <memory>
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

// Keeps a copy of each operation in flight (issued, not yet visible on the
// host): what it promised and how to name it.
class file_visible_on_host final : public checker {
 public:
  explicit file_visible_on_host(const lookback& past) : past_(past) { r_.name = "file-visible-on-host"; }

  void observe(const sim::trace_event& e) override {
    if (is_guest_op(e.kind)) {
      ++seen_;
      pending_[{e.get_string("fs"), e.kind.substr(3), e.get_string("path"), e.at.time_since_epoch().count()}] = e;
    } else if (e.kind == "fs.visible_on_host") {
      auto it = pending_.find({e.get_string("fs"), e.get_string("op"), e.get_string("path"), e.get_int("written_at")});
      if (it == pending_.end()) return;
      const sim::trace_event& issued = it->second;
      const sim::time_point promised{sim::duration{issued.get_int("visible_at")}};
      if (e.at > promised) {
        detail::violation(r_, e.at,
                          describe(issued) + " reached the host at " + detail::secs(e.at) + ", after the promised " +
                              detail::secs(promised),
                          {issued, e});
      }
      pending_.erase(it);
    } else if (e.kind == "fs.host_anomaly") {
      detail::violation(r_, e.at,
                        "the host could not apply " + e.get_string("op") + " " + e.get_string("path") + ": " +
                            e.get_string("errc"),
                        past_.tail(4));
    }
  }

  check_result finish(const sim::outcome* outcome) override {
    const sim::time_point end = past_.end(outcome);
    for (const auto& [key, issued] : pending_) {
      const sim::time_point promised{sim::duration{issued.get_int("visible_at")}};
      if (promised >= end) continue;
      detail::violation(r_, promised,
                        describe(issued) + " written at " + detail::secs(issued.at) +
                            " never reached the host (promised " + detail::secs(promised) + ", run ended " +
                            detail::secs(end) + ")",
                        {issued});
    }
    if (r_.passed) r_.explanation = std::to_string(seen_) + " file operations, each visible on the host when promised";
    if (seen_ == 0) not_exercised(r_, "no file operation on the guest");
    return std::move(r_);
  }

 private:
  const lookback& past_;
  std::map<op_key, sim::trace_event> pending_;
  std::int64_t seen_ = 0;
  check_result r_;
};

}  // namespace

std::unique_ptr<checker> make_file_visible_on_host(const lookback& past) {
  return std::make_unique<file_visible_on_host>(past);
}

}  // namespace reconsim::scenarios
