// timeline_html: the page for one run — what ran, the verdicts, the
// timeline.
#include <fmt/format.h>

#include "reconsim/scenarios/search/repro.hpp"
#include "reconsim/scenarios/views/timeline.hpp"
#include "reconsim/scenarios/views/timeline_html.hpp"

namespace reconsim::scenarios {

namespace {

std::string verdicts(const run_result& r) {
  std::string out = R"(<table class="checks">)";
  for (const auto& t : r.tests) {
    out += fmt::format("<tr><td>{}</td><td>test</td><td>{}</td><td>{}</td></tr>", t.passed ? "PASS" : "FAIL",
                       html_escape(t.name), html_escape(t.message));
  }
  for (const auto& c : r.checks) {
    const std::string at = c.first_violation_s ? fmt::format(" (first violation at {:.3f}s)", *c.first_violation_s) : "";
    out += fmt::format("<tr><td>{}</td><td>check</td><td>{}</td><td>{}{}</td></tr>", c.passed ? "PASS" : "FAIL",
                       html_escape(c.name), c.passed ? "" : html_escape(c.explanation), html_escape(at));
  }
  return out + "</table>\n";
}

}  // namespace

std::string timeline_html(const run_result& r) {
  const timeline t = build_timeline(r);
  std::string out = timeline_page_begin("reconsim timeline: " + t.title);
  out += fmt::format("<h1>{}</h1>\n", html_escape(t.title));
  out += fmt::format(R"(<p class="meta">result: {} · trace hash {} · {} events · ended at {:.3f}s virtual</p>)",
                     r.passed ? "PASSED" : "FAILED", html_escape(r.trace_hash), r.trace_events,
                     sim::to_seconds(t.end));
  out += fmt::format(R"(<p class="meta">fault plan: {}</p>)", html_escape(r.plan.empty() ? "(none)" : r.plan));
  run_request req;
  req.scenario = r.scenario;
  req.seed = r.seed;
  req.variant = r.variant;
  out += fmt::format(R"(<p class="meta">re-run: <code>{}</code></p>)", html_escape(run_command(req)));
  out += "\n" + verdicts(r);
  out += timeline_section(t, "run");
  out += timeline_page_end();
  return out;
}

}  // namespace reconsim::scenarios
