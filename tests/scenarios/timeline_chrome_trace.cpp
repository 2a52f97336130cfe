// The Chrome Trace Event export: valid JSON that Perfetto reads, complete
// events for reconciles, instants for the rest, named threads per lane.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <set>

#include "reconsim/scenarios/views/chrome_trace.hpp"
#include "reconsim/scenarios/testbed/run.hpp"

namespace rs = reconsim::scenarios;

namespace {

const rs::run_result& known_run() {
  static const rs::run_result r = [] {
    rs::run_request q;
    q.scenario = "retry-backoff";
    q.seed = 3;
    return rs::run_scenario(q);
  }();
  return r;
}

// Through text, as a file would go to Perfetto.
nlohmann::json parsed() { return nlohmann::json::parse(rs::chrome_trace(known_run()).dump()); }

}  // namespace

TEST_CASE("the Chrome trace is a JSON object with a traceEvents array") {
  const nlohmann::json j = parsed();
  REQUIRE(j.is_object());
  REQUIRE(j.at("traceEvents").is_array());
  CHECK(j.at("otherData").at("trace_hash") == known_run().trace_hash);
  for (const auto& e : j.at("traceEvents")) {
    REQUIRE(e.contains("ph"));
    REQUIRE(e.contains("pid"));
    REQUIRE(e.contains("tid"));
    const std::string ph = e.at("ph");
    CHECK((ph == "M" || ph == "X" || ph == "i" || ph == "s" || ph == "f"));
    if (ph != "M") CHECK(e.at("ts").is_number());
    if (ph == "X") CHECK(e.at("dur").get<double>() >= 0);
  }
}

TEST_CASE("each reconcile is one complete X event with its result in args") {
  std::size_t reconciles = 0;
  for (const auto& e : known_run().trace) reconciles += e.kind == "reconcile.end" ? 1 : 0;
  const nlohmann::json j = parsed();  // outlives the loop: a temporary's element would dangle
  const auto& events = j.at("traceEvents");
  std::size_t x = 0;
  for (const auto& e : events) {
    if (e.at("ph") == "X" && e.at("args").value("event", "") == "reconcile.start") {
      ++x;
      CHECK(e.at("args").contains("end.result"));
    }
  }
  REQUIRE(reconciles > 0);
  CHECK(x == reconciles);
}

TEST_CASE("every thread used by an event is named by thread_name metadata") {
  std::set<std::pair<int, int>> named;
  std::set<std::pair<int, int>> used;
  std::set<std::string> names;
  const nlohmann::json j = parsed();
  const auto& events = j.at("traceEvents");
  for (const auto& e : events) {
    const std::pair<int, int> id{e.at("pid").get<int>(), e.at("tid").get<int>()};
    if (e.at("ph") == "M" && e.at("name") == "thread_name") {
      named.insert(id);
      names.insert(e.at("args").at("name").get<std::string>());
    } else if (e.at("ph") != "M" && id.second != 0) {
      used.insert(id);
    }
  }
  for (const auto& id : used) CHECK(named.contains(id));
  CHECK(names.contains("notification.worker-0 · e2e-retry-backoff"));
  CHECK(names.contains("api-server"));
  CHECK(names.contains("ginkgo.proc1"));
}

TEST_CASE("polls and status writes are instant events") {
  std::size_t polls = 0;
  std::size_t writes = 0;
  const nlohmann::json j = parsed();
  const auto& events = j.at("traceEvents");
  for (const auto& e : events) {
    if (e.at("ph") != "i") continue;
    const std::string kind = e.at("args").value("event", "");
    polls += kind == "harness.poll" ? 1 : 0;
    writes += kind == "api.update_status" ? 1 : 0;
  }
  CHECK(polls > 0);
  CHECK(writes > 0);
}

TEST_CASE("cause-and-effect links are flow events, each start with its finish") {
  const nlohmann::json j = parsed();
  int starts = 0;
  int finishes = 0;
  for (const auto& e : j["traceEvents"]) {
    if (e["ph"] == "s") ++starts;
    if (e["ph"] == "f") {
      ++finishes;
      CHECK(e["bp"] == "e");
    }
  }
  CHECK(starts > 0);
  CHECK(starts == finishes);
}
