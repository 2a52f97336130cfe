#pragma once
// A fault plan: a value (comparable, printable, parseable) that says what
// goes wrong and when. Timed steps change the environment at a virtual time;
// fault points make single operations fail with a probability, in the
// spirit of FoundationDB's BUGGIFY.
//
// Text form, one statement per line or ';'-separated (for CLI flags), '#'
// starts a comment:
//
//   at DUR: chmod PATH ro|rw              read-only / writable again
//   at DUR: enospc PATH on|off            writes under PATH fail ENOSPC
//   at DUR: load N                        concurrent writers / test processes
//   at DUR: ready_before_listen HOST DUR  accepts, but EOF then RST for DUR
//   at DUR: NETFAULT HOST [N]             the next N (default 1) requests fail
//   from DUR to DUR: partition NODE HOST  requests between them time out
//   p PROB net.NETFAULT HOST              each request to HOST fails with PROB
//   p PROB fs.FSFAULT PATH                each mkdir/write/rename/remove under
//                                         PATH fails with PROB
//   at DUR: conflict KIND [N]             the next N writes (update, status
//                                         update, patch) to KIND answer 409
//   at DUR: api_error KIND CODE [N]       the next N requests on KIND (not
//                                         list/watch) answer CODE: 429, 500,
//                                         503 or 504
//   p PROB api.conflict KIND              each write to KIND answers 409
//   p PROB api.error KIND CODE            each request on KIND answers CODE
//   at DUR: http HOST CODE [N]            the next N (default 1) HTTP requests
//                                         that reach HOST answer CODE (400..599,
//                                         e.g. slack 503, slack 429, slack 400)
//   p PROB http.CODE HOST                 each HTTP request reaching HOST
//                                         answers CODE with PROB
//   at DUR: watch_drop KIND               every watch on KIND ends; informers
//                                         watch again from their last version
//                                         (or list again on 410 Expired)
//   from DUR to DUR: stale KIND           watch events on KIND are held back:
//                                         caches are stale in the window, then
//                                         catch up in order
//   at DUR: restart COMPONENT [DUR]       the component's process dies (what
//                                         it was doing is lost with its
//                                         memory) and comes back after DUR
//                                         (default 0s); COMPONENT = controller
//   buggify PROB                          each fault point is enabled in a run
//                                         with PROB, drawn from the seed
//
//   NETFAULT = refuse | reset | eof | drop | reset_after | eof_after | drop_after
//   FSFAULT  = eacces | enospc | eio
//   DUR      = 0s, 250ms, 1.5s, 2m ... (sim::parse_duration)
//
// An action without a timing means "at 0s:". print() writes the canonical
// form: steps in order, then points, `buggify` first when not 1, times in the
// shortest exact unit. parse(print(p)) == p for every plan, and
// print(parse(text)) is the canonical form of text.
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "reconsim/faults/api_faults.hpp"
#include "reconsim/faults/network.hpp"
#include "reconsim/faults/virtiofs.hpp"
#include "reconsim/sim/time.hpp"

namespace reconsim::sim {
class world;
}

namespace reconsim::faults {

struct chmod_action {
  std::string path;
  bool writable = false;
  friend bool operator==(const chmod_action&, const chmod_action&) = default;
};
struct enospc_action {
  std::string path;
  bool full = true;
  friend bool operator==(const enospc_action&, const enospc_action&) = default;
};
struct load_action {
  int load = 1;
  friend bool operator==(const load_action&, const load_action&) = default;
};
struct ready_before_listen_action {
  std::string host;
  sim::duration length{};
  friend bool operator==(const ready_before_listen_action&, const ready_before_listen_action&) = default;
};
struct net_action {
  net_fault kind = net_fault::reset;
  std::string host;
  int count = 1;
  friend bool operator==(const net_action&, const net_action&) = default;
};
// API server answers (api_faults.hpp): code 409 is "conflict" (writes).
struct api_action {
  std::string resource_kind;  // "NotificationRequest"
  int code = 409;
  int count = 1;
  friend bool operator==(const api_action&, const api_action&) = default;
};
// An HTTP answer from a host (network.hpp: inject_status).
struct http_action {
  std::string host;
  int code = 503;
  int count = 1;
  friend bool operator==(const http_action&, const http_action&) = default;
};
// Watch faults of a resource kind (api_faults.hpp).
struct watch_drop_action {
  std::string resource_kind;
  friend bool operator==(const watch_drop_action&, const watch_drop_action&) = default;
};
// The second interval action: [step.at, step.until).
struct stale_action {
  std::string resource_kind;
  friend bool operator==(const stale_action&, const stale_action&) = default;
};
// A process crash and restart (restartable below).
struct restart_action {
  std::string component = "controller";
  sim::duration down{};
  friend bool operator==(const restart_action&, const restart_action&) = default;
};
// The one action over an interval: [step.at, step.until).
struct partition_action {
  std::string a;
  std::string b;
  friend bool operator==(const partition_action&, const partition_action&) = default;
};

using action = std::variant<chmod_action, enospc_action, load_action, ready_before_listen_action, net_action,
                            partition_action, api_action, http_action, restart_action, watch_drop_action,
                            stale_action>;

struct step {
  sim::duration at{};
  sim::duration until{};  // partitions and stale windows (> at); equal to `at` otherwise
  faults::action action;
  friend bool operator==(const step&, const step&) = default;
};

// A probabilistic API server answer: 409 (conflict) or an error code.
struct api_fault {
  int code = 409;
  friend bool operator==(const api_fault&, const api_fault&) = default;
};

// A probabilistic HTTP answer from a host.
struct http_fault {
  int code = 503;
  friend bool operator==(const http_fault&, const http_fault&) = default;
};

struct fault_point {
  double probability = 0;
  std::variant<net_fault, fs_fault, api_fault, http_fault> kind;
  std::string target;  // host for net and http faults, directory for fs faults, resource kind for api faults
  friend bool operator==(const fault_point&, const fault_point&) = default;
};

struct plan {
  std::vector<step> steps;  // applied in this order when times tie
  std::vector<fault_point> points;
  double buggify = 1.0;  // 1: every point is enabled in every run
  friend bool operator==(const plan&, const plan&) = default;
  bool empty() const noexcept { return steps.empty() && points.empty(); }
};

// "at 12s: chmod /tmp/notifications ro" etc. (no separator).
std::string to_string(const step& s);
std::string to_string(const fault_point& p);
// The canonical text; `separator` "\n" for files, "; " for a CLI flag.
std::string print(const plan& p, std::string_view separator = "\n");
// The canonical text with "; " separators (for test failure messages).
std::ostream& operator<<(std::ostream& os, const plan& p);
std::ostream& operator<<(std::ostream& os, const step& s);
std::ostream& operator<<(std::ostream& os, const fault_point& p);

struct parse_error {
  int line = 1;    // 1-based
  int column = 1;  // 1-based, in bytes
  std::string expected;
  std::string found;  // the offending token, or "end of statement"
  // "line 2, column 7: expected a duration (e.g. 12s, 250ms), found '12x'"
  std::string message() const;
  friend bool operator==(const parse_error&, const parse_error&) = default;
};

// A name a plan statement points at, where it stands in the text: the
// testbed checks each against what it has (plan_targets.hpp), so a typo
// is bad input instead of a fault that silently never fires.
enum class target_kind { directory, host, node, resource_kind, component };
struct named_target {
  target_kind kind = target_kind::directory;
  std::string name;
  int line = 1;
  int column = 1;
};

struct parse_result {
  faults::plan plan;
  std::optional<parse_error> error;
  std::vector<named_target> targets;  // every path, host and node named, in text order
  bool ok() const noexcept { return !error.has_value(); }
};
parse_result parse_plan(std::string_view text);

// What runs the processes a plan may restart (the testbed).
class restartable {
 public:
  virtual ~restartable() = default;
  // Kills `component`'s process now; a new one starts after `down`. Traced
  // as "fault.restart" {component, down, killed} with the actors killed (0:
  // the process was not running, and the statement took no effect).
  virtual void restart(std::string_view component, sim::duration down) = 0;
};

// The models a plan acts on; any may be null if the plan does not need it
// (apply throws std::invalid_argument if it does).
struct environment {
  virtiofs* fs = nullptr;
  sim_network* net = nullptr;
  api_faults* api = nullptr;
  restartable* processes = nullptr;
};

// Schedules every step on the world's timers (times are virtual times since
// the run started; a step already in the past runs at once) and installs the
// enabled fault points. Deterministic; the models trace each injected fault
// as "fault.<kind>", and each point as "fault.point" {point, enabled}. The
// environment must outlive the world's runs.
void apply(const plan& p, sim::world& w, environment env);

}  // namespace reconsim::faults
