// The HTML timeline of a run: well-formed, a lane per actor, reconciles as
// bars with their result, fault windows, violations, escaped input.
#include <catch2/catch.hpp>

#include <algorithm>

#include "reconsim/scenarios/testbed/run.hpp"
#include "reconsim/scenarios/views/timeline.hpp"
#include "reconsim/scenarios/views/timeline_html.hpp"
#include "scenarios/timeline_wellformed.hpp"

namespace rs = reconsim::scenarios;
namespace sim = reconsim::sim;

namespace {

// Seed 3 of retry-backoff fails both tests and two checkers: a known run
// with every kind of item on it.
const rs::run_result& known_run() {
  static const rs::run_result r = [] {
    rs::run_request q;
    q.scenario = "retry-backoff";
    q.seed = 3;
    return rs::run_scenario(q);
  }();
  return r;
}

bool has_lane(const rs::timeline& t, const std::string& name) {
  return std::any_of(t.lanes.begin(), t.lanes.end(), [&](const rs::timeline_lane& l) { return l.name == name; });
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("the timeline page of a known run is well-formed XML") {
  const std::string html = rs::timeline_html(known_run());
  CHECK(reconsim::test::xml_problem(html).empty());
  CHECK(html.find("<svg") != std::string::npos);
  CHECK(html.find("http") == html.find("http://www.w3.org/2000/svg"));  // no other URL: nothing to fetch
}

TEST_CASE("the well-formedness check rejects what a browser would misread") {
  CHECK_FALSE(reconsim::test::xml_problem("<a><b></a></b>").empty());
  CHECK_FALSE(reconsim::test::xml_problem("<a x=1></a>").empty());
  CHECK_FALSE(reconsim::test::xml_problem("<a>1 < 2</a>").empty());
  CHECK_FALSE(reconsim::test::xml_problem("<a>R&D</a>").empty());
  CHECK(reconsim::test::xml_problem("<!DOCTYPE html><a x=\"&amp;\"><b/></a>").empty());
}

TEST_CASE("the timeline has a lane per actor: test processes, worker, queue, informer, API server, file sync, faults") {
  const rs::timeline t = rs::build_timeline(known_run());
  for (const char* lane : {"ginkgo.proc1", "ginkgo.proc2", "notification.worker-0 · e2e-retry-backoff",
                           "notification.worker-0 · e2e-retry-recovery", "workqueue notification · e2e-retry-backoff",
                           "informer notifications", "api-server", "file sync (virtiofs)", "faults", "checkers"}) {
    INFO(lane);
    CHECK(has_lane(t, lane));
  }
  // Lanes are grouped: the tests come first, the checkers after the faults.
  CHECK(t.lanes.front().group == "tests");
  CHECK(t.lanes.back().group == "checks");
}

TEST_CASE("two notifications never share a row of the controller's lanes; a notification's rows sit together") {
  const rs::timeline t = rs::build_timeline(known_run());
  std::size_t controller_items = 0;
  for (const auto& i : t.items) {
    if (i.shape == rs::timeline_shape::window || t.lanes[i.lane].group != "controller") continue;
    const std::string& lane = t.lanes[i.lane].name;
    const std::string separator = " · ";
    INFO(lane << " " << i.kind);
    for (const auto& f : i.fields) {
      if (f.key != "key" && f.key != "item" && f.key != "object") continue;
      REQUIRE(lane.find(separator) != std::string::npos);
      CHECK_THAT(std::get<std::string>(f.value), Catch::EndsWith("/" + lane.substr(lane.find(separator) + separator.size())));
      ++controller_items;
      break;
    }
  }
  CHECK(controller_items > 10);
  // notification.worker-0's rows, then the workqueue's: an actor's rows are adjacent.
  std::vector<std::string> actors;
  for (const auto& l : t.lanes) {
    const std::string actor = l.name.substr(0, l.name.find(" · "));
    if (actors.empty() || actors.back() != actor) actors.push_back(actor);
  }
  std::vector<std::string> sorted = actors;
  std::sort(sorted.begin(), sorted.end());
  CHECK(std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end());  // no actor comes back later
}

TEST_CASE("a storm's thousands of notifications stay one row per actor") {
  rs::run_request q;
  q.scenario = "storm";
  q.overrides = {{"storm.notifications", "40"}};
  const rs::timeline t = rs::build_timeline(rs::run_scenario(q));
  CHECK(has_lane(t, "notification.worker-0"));
  CHECK(has_lane(t, "workqueue notification"));
  CHECK(t.lanes.size() < 20);
}

TEST_CASE("a failed check's chain is ringed on the timeline and joined in order by chain links") {
  const auto& r = known_run();
  const rs::timeline t = rs::build_timeline(r);
  std::size_t ringed = 0;
  for (const auto& i : t.items) ringed += i.style.find("chain") != std::string::npos ? 1 : 0;
  std::size_t chain_links = 0;
  for (const auto& l : t.links) {
    if (l.kind != "chain") continue;
    ++chain_links;
    CHECK(t.items[l.from].start <= t.items[l.to].start);  // the story runs forward
  }
  std::size_t chain_events = 0;
  for (const auto& c : r.checks) chain_events += c.passed ? 0 : c.chain_events.size();
  REQUIRE(chain_events > 0);
  CHECK(ringed >= 3);
  CHECK(chain_links >= ringed - 1);
  CHECK(std::is_sorted(t.links.begin(), t.links.end(), [](const auto& a, const auto& b) { return a.from < b.from; }));
  const std::string html = rs::timeline_html(r);
  CHECK(count(html, "class=\"link chain\"") >= chain_links);
}

TEST_CASE("every reconcile is one bar that carries its result") {
  const auto& r = known_run();
  const rs::timeline t = rs::build_timeline(r);
  const auto ends = std::count_if(r.trace.begin(), r.trace.end(),
                                  [](const sim::trace_event& e) { return e.kind == "reconcile.end"; });
  const auto bars = std::count_if(t.items.begin(), t.items.end(), [](const rs::timeline_item& i) {
    return i.shape == rs::timeline_shape::bar && i.kind == "reconcile.start";
  });
  REQUIRE(ends > 0);
  CHECK(bars == ends);
  const std::string html = rs::timeline_html(r);
  CHECK(count(html, "class=\"reconcile requeue_after\"") > 0);
  CHECK(count(html, "class=\"reconcile requeue\"") > 0);
}

TEST_CASE("the read-only directory of the fault plan is shaded from 0 s to 80 s") {
  const rs::timeline t = rs::build_timeline(known_run());
  const auto w = std::find_if(t.items.begin(), t.items.end(),
                              [](const rs::timeline_item& i) { return i.shape == rs::timeline_shape::window; });
  REQUIRE(w != t.items.end());
  CHECK(w->label == "chmod ro /tmp/notifications");
  CHECK(w->start == sim::time_point{});
  CHECK(w->end == sim::time_point{std::chrono::seconds(80)});
}

TEST_CASE("each failed checker is marked at its first violation, with its explanation on hover") {
  const auto& r = known_run();
  const rs::timeline t = rs::build_timeline(r);
  std::size_t failed = 0;
  for (const auto& c : r.checks) failed += (!c.passed && c.first_violation_s) ? 1 : 0;
  REQUIRE(failed > 0);
  const auto marks = std::count_if(t.items.begin(), t.items.end(),
                                   [](const rs::timeline_item& i) { return i.kind == "check.violation"; });
  CHECK(static_cast<std::size_t>(marks) == failed);
  const std::string html = rs::timeline_html(r);
  CHECK(count(html, "class=\"violation-line\"") == failed);
}

TEST_CASE("Eventually polls, status writes, watch events and queue adds are drawn") {
  const std::string html = rs::timeline_html(known_run());
  CHECK(count(html, "class=\"poll fail\"") > 0);
  CHECK(count(html, "data-kind=\"api.update_status\"") > 0);
  CHECK(count(html, "data-kind=\"informer.event\"") > 0);
  CHECK(count(html, "class=\"queue add\"") > 0);
  CHECK(count(html, "class=\"queue after\"") > 0);
}

TEST_CASE("strings from the trace are escaped, never injected as markup") {
  rs::run_result r;
  r.scenario = "<b>scenario</b>";
  r.variant = "v\"ariant";
  r.trace.push_back({sim::time_point{std::chrono::seconds(1)}, "<script>alert(1)</script>", "x.<y>",
                     {{"note", "a & b < c > d \" e ' f"}}});
  r.trace.push_back({sim::time_point{std::chrono::seconds(2)}, "ginkgo.proc1", "harness.test_start",
                     {{"test", "</section><img src=x onerror=alert(2)>"}}});
  rs::check_outcome bad;
  bad.name = "<c>";
  bad.passed = false;
  bad.first_violation_s = 1.5;
  bad.explanation = "</svg>";
  bad.chain_events = {reconsim::sim::trace_event{{}, "<a>", "<chain>", {}}};
  r.checks.push_back(bad);
  const std::string html = rs::timeline_html(r);
  CHECK(reconsim::test::xml_problem(html).empty());
  CHECK(html.find("<script>alert") == std::string::npos);
  CHECK(html.find("<img") == std::string::npos);
  CHECK(html.find("<b>scenario") == std::string::npos);
  CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
}

TEST_CASE("the same run draws the same page byte for byte") {
  rs::run_request q;
  q.scenario = "retry-backoff";
  q.seed = 3;
  CHECK(rs::timeline_html(rs::run_scenario(q)) == rs::timeline_html(known_run()));
}

TEST_CASE("the page can zoom: controls, a clipped plot, and every drawn event placed by its virtual time") {
  const std::string html = rs::timeline_html(known_run());
  for (const char* control : {"data-z=\"in\"", "data-z=\"out\"", "data-z=\"fit\"", "class=\"zoom-range\"",
                              "<clipPath id=\"clip-", "class=\"ticks\"", "data-fit-end=\"", "#zoom=T0,T1"}) {
    INFO(control);
    CHECK(html.find(control) != std::string::npos);
  }
  // Hover carriers are the drawn events; each one knows its time, so the
  // script can re-place it at any zoom.
  CHECK(count(html, "data-h=\"") > 50);
  CHECK(count(html, "data-h=\"") <= count(html, "data-t0=\""));
  // A bar's end travels with it: the fault window (0 s .. 80 s).
  CHECK(html.find("data-t0=\"0.000000000\" data-t1=\"80.000000000\"") != std::string::npos);
}

TEST_CASE("today's controller's early re-delivery reads off the links: write -> watch event -> reconcile that delivers") {
  rs::run_request q;
  q.scenario = "retry-backoff";
  q.seed = 3;
  q.variant = "retrying-phase";
  const rs::run_result r = rs::run_scenario(q);
  const rs::timeline t = rs::build_timeline(r);
  auto links_of = [&](const std::string& kind) {
    return std::count_if(t.links.begin(), t.links.end(), [&](const rs::timeline_link& l) { return l.kind == kind; });
  };
  CHECK(links_of("watch") > 0);
  CHECK(links_of("wakes") > 0);
  CHECK(links_of("requeue_after") > 0);
  for (const auto& l : t.links) {
    REQUIRE(l.from < t.items.size());
    REQUIRE(l.to < t.items.size());
    CHECK(t.items[l.to].start >= t.items[l.from].start);  // an effect never precedes its cause
  }
  // A status write whose watch event wakes a reconcile within 1 s, long
  // before the 30 s RequeueAfter: the race, as a chain of two links.
  bool chain = false;
  for (const auto& w : t.links) {
    if (w.kind != "watch" || t.items[w.from].kind != "api.update_status") continue;
    for (const auto& k : t.links) {
      if (k.kind == "wakes" && k.from == w.to && t.items[k.to].start - t.items[w.from].start < std::chrono::seconds(1)) {
        chain = true;
      }
    }
  }
  CHECK(chain);
  const std::string html = rs::timeline_html(r);
  CHECK(reconsim::test::xml_problem(html).empty());
  CHECK_THAT(html, Catch::Contains("<line class=\"link watch\"") && Catch::Contains("<line class=\"link wakes\"") &&
                       Catch::Contains("marker-end=\"url(#arrow-"));
}
