#pragma once
// Request/response networking as the slack channel, the audit client and
// DataStorage need it: HTTP-shaped requests between named nodes, in virtual
// time, with the failures a Go client reports (connection refused, EOF,
// "connection reset by peer", timeout).
//
// Implementations: model::memory_network (no latency, no faults, for unit
// tests) and faults::sim_network (latency per link, port maps, partitions,
// injected faults, servers that accept before they are ready).
#include <compare>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "reconsim/sim/time.hpp"

namespace reconsim::model {

// Where a server listens or a client connects: a host (service or node
// name, "localhost" for a port published by Kind) and a port.
struct endpoint {
  std::string host;
  int port = 0;

  friend bool operator==(const endpoint&, const endpoint&) = default;
  friend auto operator<=>(const endpoint&, const endpoint&) = default;
};
// "datastorage:8080".
inline std::string to_string(const endpoint& e) { return e.host + ":" + std::to_string(e.port); }

using headers = std::map<std::string, std::string>;

struct request {
  std::string method = "GET";
  std::string path = "/";
  model::headers headers;
  std::string body;
};

struct response {
  int status = 200;
  model::headers headers;
  std::string body;
};

// What the client sees. Go spellings: refused = "connect: connection
// refused", eof = "EOF", reset = "read: connection reset by peer",
// timeout = "context deadline exceeded" / "i/o timeout".
enum class call_errc { ok, refused, eof, reset, timeout };
constexpr std::string_view to_string(call_errc e) noexcept {
  switch (e) {
    case call_errc::ok: return "ok";
    case call_errc::refused: return "connection refused";
    case call_errc::eof: return "EOF";
    case call_errc::reset: return "connection reset by peer";
    case call_errc::timeout: return "timeout";
  }
  return "?";
}

struct call_outcome {
  call_errc error = call_errc::ok;
  std::optional<model::response> response;  // set exactly when error == ok
  // True if the server's handler had run (or begun) by the time this outcome
  // was returned. With an error this is "request delivered, response lost":
  // the server acted on a request the client will retry, which is how a
  // retried audit batch gets stored twice. A real client cannot see this
  // flag; models must not branch on it. It exists for traces and checkers.
  bool delivered = false;
  sim::duration elapsed{};  // virtual time the call took

  bool ok() const noexcept { return error == call_errc::ok; }
  bool response_lost() const noexcept { return error != call_errc::ok && delivered; }
};

// Runs on the server side, in virtual time, on an actor of the network's
// choosing (never the caller's, in sim_network). It may block (sleep_for,
// wait on a channel) to model processing time.
using handler = std::function<response(const request&)>;

class network {
 public:
  virtual ~network() = default;

  // Serves `at` with `h` until unlisten; replaces an earlier handler.
  virtual void listen(const endpoint& at, handler h) = 0;
  // Stops serving: later calls are refused. Calls already in the handler
  // complete.
  virtual void unlisten(const endpoint& at) = 0;

  // Sends `req` from node `from` (the caller's node name, e.g. "controller";
  // partitions are between node names) to `to` and waits for the response
  // for at most `timeout`. Blocks the calling actor; call from an actor.
  virtual call_outcome call(std::string_view from, const endpoint& to, const request& req,
                            sim::duration timeout) = 0;
};

}  // namespace reconsim::model
