// The in-memory network: a handler answers at once; nobody listening is a
// refused connection; a slow handler is a timeout with the request delivered.
#include <catch2/catch.hpp>

#include "reconsim/model/memory_network.hpp"
#include "reconsim/sim.hpp"

using namespace reconsim;
using namespace std::chrono_literals;

TEST_CASE("a listening handler answers, an absent one refuses") {
  sim::world w(1);
  model::memory_network net;
  const model::endpoint ds{"datastorage", 8080};
  net.listen(ds, [](const model::request& r) { return model::response{201, {}, r.body}; });
  std::vector<model::call_outcome> seen;
  w.spawn("client", [&] {
    seen.push_back(net.call("controller", ds, {"POST", "/api/v1/audit/events/batch", {}, "[1]"}, 1s));
    net.unlisten(ds);
    seen.push_back(net.call("controller", ds, {}, 1s));
  });
  REQUIRE(w.run().ok());
  REQUIRE(seen.size() == 2);
  CHECK(seen[0].ok());
  CHECK(seen[0].response->status == 201);
  CHECK(seen[0].response->body == "[1]");
  CHECK(seen[1].error == model::call_errc::refused);
  CHECK_FALSE(seen[1].delivered);
}

TEST_CASE("a handler slower than the timeout is a timeout whose request was delivered") {
  sim::world w(1);
  model::memory_network net;
  const model::endpoint ds{"datastorage", 8080};
  net.listen(ds, [](const model::request&) {
    sim::sleep_for(2s);
    return model::response{};
  });
  model::call_outcome out;
  w.spawn("client", [&] { out = net.call("controller", ds, {}, 1s); });
  REQUIRE(w.run().ok());
  CHECK(out.error == model::call_errc::timeout);
  CHECK(out.response_lost());
  CHECK(out.elapsed == 2s);
}
