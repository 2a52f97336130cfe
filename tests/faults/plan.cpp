// Fault plans: text in, value out, canonical text back; errors point at the
// line and column and say what was expected; applying a plan injects each
// fault at its planned virtual time and traces it.
#include <catch2/catch.hpp>

#include "reconsim/faults/plan.hpp"
#include "reconsim/sim.hpp"

using namespace reconsim;
using namespace reconsim::faults;
using namespace std::chrono_literals;
using model::fs_errc;

namespace {
sim::time_point at(sim::duration d) { return sim::time_point(d); }

plan parse_ok(std::string_view text) {
  auto r = parse_plan(text);
  INFO(text);
  if (!r.ok()) FAIL(r.error->message());
  return r.plan;
}

parse_error parse_bad(std::string_view text) {
  auto r = parse_plan(text);
  INFO(text);
  REQUIRE_FALSE(r.ok());
  return *r.error;
}
}  // namespace

TEST_CASE("the brief's examples parse into the values they describe") {
  const plan p = parse_ok(
      "at 12s: chmod /tmp/notifications ro\n"
      "at 42s: chmod /tmp/notifications rw\n"
      "from 5s to 9s: partition controller datastorage\n"
      "at 0s: ready_before_listen datastorage 5s\n"
      "load 12\n"
      "at 3s: enospc /tmp/notifications on\n"
      "at 1s: reset datastorage 3\n"
      "p 0.05 net.reset datastorage\n"
      "p 0.01 fs.eio /tmp/notifications\n");
  REQUIRE(p.steps.size() == 7);
  CHECK(p.steps[0] == step{12s, 12s, chmod_action{"/tmp/notifications", false}});
  CHECK(p.steps[1] == step{42s, 42s, chmod_action{"/tmp/notifications", true}});
  CHECK(p.steps[2] == step{5s, 9s, partition_action{"controller", "datastorage"}});
  CHECK(p.steps[3] == step{0s, 0s, ready_before_listen_action{"datastorage", 5s}});
  CHECK(p.steps[4] == step{0s, 0s, load_action{12}});
  CHECK(p.steps[5] == step{3s, 3s, enospc_action{"/tmp/notifications", true}});
  CHECK(p.steps[6] == step{1s, 1s, net_action{net_fault::reset, "datastorage", 3}});
  REQUIRE(p.points.size() == 2);
  CHECK(p.points[0] == fault_point{0.05, net_fault::reset, "datastorage"});
  CHECK(p.points[1] == fault_point{0.01, fs_fault::eio, "/tmp/notifications"});
  CHECK(p.buggify == 1.0);
}

TEST_CASE("print writes the canonical form and parse reads it back to the same value") {
  const std::string text =
      "  load 3 # comment\n"
      "p 0.2 net.drop_after slack;buggify 0.25\n"
      "at 1.5s : eof datastorage\n"
      "from 0.5s to 2m: partition e2e datastorage\n"
      "at 250ms: chmod //tmp//notifications/ rw\n"
      "\n";
  const plan p = parse_ok(text);
  const std::string canonical =
      "buggify 0.25\n"
      "at 0s: load 3\n"
      "at 1500ms: eof datastorage 1\n"
      "from 500ms to 2m: partition e2e datastorage\n"
      "at 250ms: chmod /tmp/notifications rw\n"
      "p 0.2 net.drop_after slack";
  CHECK(print(p) == canonical);
  CHECK(parse_ok(canonical) == p);
  CHECK(parse_ok(print(p, "; ")) == p);
  CHECK(print(parse_ok(print(p))) == canonical);
}

TEST_CASE("an empty text is the empty plan") {
  CHECK(parse_ok("").empty());
  CHECK(parse_ok(" ; \n # nothing\n").empty());
  CHECK(print(plan{}).empty());
}

TEST_CASE("parse errors give line, column, what was expected and what was found") {
  auto e = parse_bad("load 2\nat 12x: chmod /tmp/n ro");
  CHECK(e.line == 2);
  CHECK(e.column == 4);
  CHECK(e.expected == "a duration (e.g. 12s, 250ms)");
  CHECK(e.found == "12x");
  CHECK(e.message() == "line 2, column 4: expected a duration (e.g. 12s, 250ms), found '12x'");

  e = parse_bad("at 12s chmod /tmp/n ro");
  CHECK(e.column == 8);
  CHECK(e.expected == "':'");
  CHECK(e.found == "chmod");

  e = parse_bad("at 1s: chmod /tmp/n readonly");
  CHECK(e.column == 21);
  CHECK(e.expected == "'ro' or 'rw'");

  e = parse_bad("at 1s: chmod /tmp/n");
  CHECK(e.column == 20);
  CHECK(e.found == "end of statement");

  e = parse_bad("load 1; at 1s: partition a b");
  CHECK(e.line == 1);
  CHECK(e.column == 16);
  CHECK(e.expected.starts_with("'from DUR to DUR:' before partition"));

  e = parse_bad("from 9s to 5s: partition a b");
  CHECK(e.column == 12);
  CHECK(e.expected == "an end after the start");

  e = parse_bad("p 1.5 net.reset ds");
  CHECK(e.column == 3);
  CHECK(e.expected == "a probability in [0, 1]");

  e = parse_bad("p 0.1 net.explode ds");
  CHECK(e.column == 7);
  CHECK(e.found == "net.explode");

  e = parse_bad("at 1s: reset datastorage 0");
  CHECK(e.expected == "a request count (an integer >= 1)");

  e = parse_bad("at 1s: chmod tmp/x ro");
  CHECK(e.expected == "an absolute path");

  e = parse_bad("at 1s: load 3 extra");
  CHECK(e.column == 15);
  CHECK(e.expected == "end of statement");

  e = parse_bad("fsync /x");
  CHECK(e.column == 1);
  CHECK(e.expected.starts_with("an action (chmod"));
}

TEST_CASE("an applied plan flips permissions at the planned times") {
  sim::world w(3);
  virtiofs fs(w);
  apply(parse_ok("at 12s: chmod /tmp/notifications ro; at 42s: chmod /tmp/notifications rw"), w, {&fs, nullptr});
  std::vector<std::pair<int, fs_errc>> results;
  w.spawn("controller", [&] {
    REQUIRE(fs.guest().mkdir_all("/tmp/notifications") == fs_errc::ok);
    for (int s = 0; s <= 50; ++s) {
      sim::sleep_until(at(std::chrono::seconds(s)));
      results.emplace_back(s, fs.guest().write_file("/tmp/notifications/x", "x"));
    }
  });
  REQUIRE(w.run().ok());
  for (auto [s, e] : results) {
    INFO("t=" << s << "s");
    CHECK(e == (s >= 12 && s < 42 ? fs_errc::eacces : fs_errc::ok));
  }
  std::vector<sim::time_point> chmods;
  for (const auto& e : w.trace().events()) {
    if (e.kind == "fault.chmod") chmods.push_back(e.at);
  }
  CHECK(chmods == std::vector<sim::time_point>{at(12s), at(42s)});
}

TEST_CASE("an applied plan partitions, warms up, injects and sets load, each traced at its time") {
  sim::world w(3);
  virtiofs fs(w);
  sim_network net(w);
  net.set_link_latency("controller", "datastorage", 1ms, 1ms);
  net.listen({"datastorage", 8080}, [](const model::request&) { return model::response{}; });
  apply(parse_ok("at 0s: ready_before_listen datastorage 2s\n"
                 "from 5s to 9s: partition controller datastorage\n"
                 "at 10s: reset datastorage 2\n"
                 "at 20s: load 12"),
        w, {&fs, &net});
  std::vector<std::pair<int, model::call_errc>> seen;
  w.spawn("controller", [&] {
    for (int s = 0; s <= 13; ++s) {
      sim::sleep_until(at(std::chrono::seconds(s)));
      seen.emplace_back(s, net.call("controller", {"datastorage", 8080}, {}, 500ms).error);
    }
  });
  REQUIRE(w.run().ok());
  using model::call_errc;
  for (auto [s, e] : seen) {
    INFO("t=" << s << "s");
    call_errc expected = call_errc::ok;
    if (s == 0) expected = call_errc::eof;
    if (s == 1) expected = call_errc::reset;
    if (s >= 5 && s < 9) expected = call_errc::timeout;
    if (s == 10 || s == 11) expected = call_errc::reset;
    CHECK(e == expected);
  }
  CHECK(fs.load() == 12);
  std::vector<std::pair<std::string, sim::time_point>> faults;
  for (const auto& e : w.trace().events()) {
    if (e.kind.starts_with("fault.") && !e.kind.starts_with("fault.net.")) faults.emplace_back(e.kind, e.at);
  }
  CHECK(faults == std::vector<std::pair<std::string, sim::time_point>>{{"fault.ready_before_listen", at(0s)},
                                                                       {"fault.partition", at(5s)},
                                                                       {"fault.heal", at(9s)},
                                                                       {"fault.reset", at(10s)},
                                                                       {"fault.load", at(20s)}});
}

TEST_CASE("a plan needing a model that is absent is refused before the run") {
  sim::world w(1);
  CHECK_THROWS_AS(apply(parse_ok("at 1s: chmod /x ro"), w, {}), std::invalid_argument);
  CHECK_THROWS_AS(apply(parse_ok("p 0.5 net.reset ds"), w, {}), std::invalid_argument);
}

TEST_CASE("buggify enables each fault point per run from the seed") {
  const plan p = parse_ok("buggify 0.5; p 1 net.reset datastorage");
  int enabled = 0;
  for (std::uint64_t seed = 1; seed <= 40; ++seed) {
    sim::world w(seed);
    sim_network net(w);
    apply(p, w, {nullptr, &net});
    for (const auto& e : w.trace().events()) {
      if (e.kind == "fault.point") enabled += std::get<bool>(*e.find("enabled"));
    }
  }
  CHECK(enabled > 8);
  CHECK(enabled < 32);
}

TEST_CASE("applying the same plan with the same seed gives the same trace") {
  auto run = [](std::uint64_t seed) {
    sim::world w(seed);
    virtiofs fs(w);
    sim_network net(w);
    net.listen({"datastorage", 8080}, [](const model::request&) { return model::response{}; });
    apply(parse_ok("p 0.3 net.reset datastorage; at 2s: load 6; p 0.2 fs.eio /d"), w, {&fs, &net});
    w.spawn("controller", [&] {
      REQUIRE(fs.guest().mkdir_all("/d") == fs_errc::ok);
      for (int i = 0; i < 30; ++i) {
        net.call("controller", {"datastorage", 8080}, {}, 1s);
        (void)fs.guest().write_file("/d/f", "x");
        sim::sleep_for(200ms);
      }
    });
    REQUIRE(w.run().ok());
    return w.trace().hash();
  };
  CHECK(run(5) == run(5));
  CHECK(run(5) != run(6));
}

TEST_CASE("an applied plan fills and frees a directory at the planned times") {
  sim::world w(3);
  virtiofs fs(w);
  apply(parse_ok("at 3s: enospc /tmp/notifications on; at 5s: enospc /tmp/notifications off"), w, {&fs, nullptr});
  std::vector<fs_errc> results;
  w.spawn("controller", [&] {
    REQUIRE(fs.guest().mkdir_all("/tmp/notifications") == fs_errc::ok);
    for (int s = 0; s <= 6; ++s) {
      sim::sleep_until(at(std::chrono::seconds(s)));
      results.push_back(fs.guest().write_file("/tmp/notifications/x", "x"));
    }
  });
  REQUIRE(w.run().ok());
  const auto ok = fs_errc::ok;
  const auto full = fs_errc::enospc;
  CHECK(results == std::vector<fs_errc>{ok, ok, ok, full, full, ok, ok});
}
