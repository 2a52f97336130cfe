// The timeline as one self-contained HTML page: inline CSS, server-side SVG
// (so a test can parse it and a browser needs nothing else) and the script
// for hover, zoom and pan (timeline_script.cpp). Every time-placed element
// carries its virtual time (data-t0, data-t1) for the script to re-place.
// The page is also well-formed XML.
#include "reconsim/scenarios/views/timeline_html.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <variant>

#include "reconsim/scenarios/views/detail/timeline_script.hpp"

namespace reconsim::scenarios {

namespace {

constexpr double label_width = 240;  // px, the lane names column
constexpr double lane_height = 22;
constexpr double axis_height = 28;

std::string field_text(const sim::field_value& v) {
  return std::visit(
      [](const auto& x) -> std::string {
        using V = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<V, std::string>) {
          return x;
        } else if constexpr (std::is_same_v<V, bool>) {
          return x ? "true" : "false";
        } else {
          return fmt::format("{}", x);
        }
      },
      v);
}

std::string hover_text(const timeline_item& i) {
  std::string s;
  for (const auto& f : i.fields) s += f.key + ": " + field_text(f.value) + "\n";
  return s;
}

// Pixels per virtual second: reconciles take milliseconds and suites take
// minutes, so keep the page scrollable rather than unreadably narrow.
double scale_for(sim::time_point end) {
  const double secs = std::max(1.0, sim::to_seconds(end));
  return std::clamp(1400.0 / secs, 4.0, 400.0);
}

// A tick step of 1, 2 or 5 x 10^n seconds giving ticks >= 80 px apart.
double tick_step(double px_per_s) {
  double step = 0.001;
  for (int i = 0; i < 40; ++i) {
    for (double m : {1.0, 2.0, 5.0}) {
      if (step * m * px_per_s >= 80) return step * m;
    }
    step *= 10;
  }
  return step;
}

struct geometry {
  double px_per_s;
  double plot_width;
  double height;
  double x(sim::time_point t) const { return label_width + sim::to_seconds(t) * px_per_s; }
  double fit_end_s() const { return plot_width / px_per_s; }
  double y(std::size_t lane) const { return axis_height + static_cast<double>(lane) * lane_height; }
};

void axis(std::string& out, const timeline& t, const geometry& g) {
  const double step = tick_step(g.px_per_s);
  const double end_s = sim::to_seconds(t.end);
  const int ticks = static_cast<int>(std::floor(end_s / step)) + 1;
  out += R"(<g class="ticks">)";
  for (int i = 0; i <= std::min(ticks, 10000); ++i) {
    const double s = step * i;
    const double x = label_width + s * g.px_per_s;
    out += fmt::format(R"(<line class="tick" x1="{:.1f}" y1="{}" x2="{:.1f}" y2="{:.1f}"/>)", x, axis_height - 4, x,
                       g.height);
    out += fmt::format(R"(<text class="tick" x="{:.1f}" y="{}">{}s</text>)", x + 2, axis_height - 8, s);
  }
  out += "</g>";
}

void lanes(std::string& out, const timeline& t, const geometry& g) {
  for (std::size_t i = 0; i < t.lanes.size(); ++i) {
    const auto& l = t.lanes[i];
    out += fmt::format(R"(<rect class="lane full-width {}" x="0" y="{:.1f}" width="{:.1f}" height="{}"/>)",
                       html_escape(l.group), g.y(i), label_width + g.plot_width, lane_height);
    out += fmt::format(R"(<text class="lane-name" x="6" y="{:.1f}">{}</text>)", g.y(i) + 15, html_escape(l.name));
  }
}

// data-t0 (and data-t1) in seconds, data-dx a pixel offset: where the
// script puts the element at any zoom.
std::string at_time(sim::time_point t0, double dx = 0) {
  return dx == 0 ? fmt::format(R"(data-t0="{:.9f}")", sim::to_seconds(t0))
                 : fmt::format(R"(data-t0="{:.9f}" data-dx="{}")", sim::to_seconds(t0), dx);
}

void link(std::string& out, const timeline& t, const timeline_link& l, const geometry& g, const std::string& arrow) {
  const timeline_item& a = t.items[l.from];
  const timeline_item& b = t.items[l.to];
  const double ya = g.y(a.lane) + lane_height / 2;
  const double yb = g.y(b.lane) + lane_height / 2;
  sim::time_point from = l.kind == "requeue_after" ? a.end : a.start;
  // A chain goes forward in time: from a bar, it leaves where the next
  // event happens (inside the bar) or where the bar ends.
  if (l.kind == "chain" && a.shape == timeline_shape::bar) from = std::clamp(b.start, a.start, a.end);
  out += fmt::format(
      R"(<line class="link {}" data-t0="{:.9f}" data-t1="{:.9f}" x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" )"
      R"x(marker-end="url(#{})"/>)x",
      html_escape(l.kind), sim::to_seconds(from), sim::to_seconds(b.start), g.x(from), ya, g.x(b.start), yb, arrow);
}

void item(std::string& out, const timeline_item& i, const geometry& g, std::size_t index) {
  std::string common = fmt::format(R"(class="{}" data-kind="{}" data-i="{}" data-h="{}" {})", html_escape(i.style),
                                   html_escape(i.kind), index, html_escape(hover_text(i)), at_time(i.start));
  if (i.shape != timeline_shape::mark) common += fmt::format(R"( data-t1="{:.9f}")", sim::to_seconds(i.end));
  const double x0 = g.x(i.start);
  if (i.shape == timeline_shape::window) {
    const double w = std::max(2.0, g.x(i.end) - x0);
    out += fmt::format(R"(<rect {} x="{:.1f}" y="{}" width="{:.1f}" height="{:.1f}"/>)", common, x0, axis_height, w,
                       g.height - axis_height);
    out += fmt::format(R"(<text class="window-label" {} x="{:.1f}" y="{:.1f}">{}</text>)", at_time(i.start, 3),
                       x0 + 3, g.height - 4, html_escape(i.label));
    return;
  }
  const double y = g.y(i.lane);
  if (i.style == "violation") {
    out += fmt::format(R"(<line class="violation-line" {} x1="{:.1f}" y1="{}" x2="{:.1f}" y2="{:.1f}"/>)",
                       at_time(i.start), x0, axis_height, x0, g.height);
    out += fmt::format(R"(<path {} data-y="{:.1f}" d="M{:.1f},{:.1f} l6,-8 l-12,0 z"/>)", common, y + 17, x0, y + 17);
    out += fmt::format(R"(<text class="bar-label" {} x="{:.1f}" y="{:.1f}">{}</text>)", at_time(i.start, 8), x0 + 8,
                       y + 15, html_escape(i.label));
    return;
  }
  if (i.shape == timeline_shape::bar) {
    const double w = std::max(2.0, g.x(i.end) - x0);
    out += fmt::format(R"(<rect {} x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{}"/>)", common, x0, y + 4, w,
                       lane_height - 8);
    // Labels only where they fit; the hover box always has everything.
    if (w > 60 && !i.label.empty()) {
      const std::size_t fits = static_cast<std::size_t>(w / 6.5);
      std::string label = i.label.size() > fits ? i.label.substr(0, fits) : i.label;
      out += fmt::format(R"(<text class="bar-label" {} x="{:.1f}" y="{:.1f}">{}</text>)", at_time(i.start, 3),
                         x0 + 3, y + 15, html_escape(label));
    }
    return;
  }
  out += fmt::format(R"(<circle {} cx="{:.1f}" cy="{:.1f}" r="4"/>)", common, x0, y + lane_height / 2);
  if (!i.label.empty()) {
    out += fmt::format(R"(<text class="mark-label" {} x="{:.1f}" y="{:.1f}">{}</text>)", at_time(i.start, 5),
                       x0 + 5, y + 9, html_escape(i.label));
  }
}

constexpr std::string_view css = R"(
body{font:13px system-ui,sans-serif;margin:12px;color:#222;background:#fff}
h1{font-size:17px;margin:4px 0} h2{font-size:15px;margin:14px 0 4px}
.meta{color:#555;margin:2px 0} .scroll{overflow-x:auto;border:1px solid #ccc}
svg text{font:11px system-ui,sans-serif} text.tick{fill:#666} line.tick{stroke:#e4e4e4}
rect.lane{fill:#fff;stroke:#eee} rect.lane.tests{fill:#f7fbff} rect.lane.controller{fill:#fbfff7}
rect.lane.environment{fill:#fffdf5} rect.lane.faults{fill:#fff7f7} rect.lane.checks{fill:#fff0f0}
text.lane-name{fill:#333;font-weight:600} text.bar-label{fill:#111} text.mark-label{fill:#555;font-size:9px}
text.window-label{fill:#b35900;font-size:10px}
.window{fill:#ff9900;fill-opacity:.12;stroke:#ff9900;stroke-opacity:.5}
.reconcile{fill:#5b9bd5}.reconcile.error,.reconcile.terminal_error{fill:#d9534f}
.reconcile.requeue{fill:#f0ad4e}.reconcile.requeue_after{fill:#9b59b6}.reconcile.open{fill:#999}
.test.pass{fill:#b7e1b0}.test.fail{fill:#f4b6b2}.test.open{fill:#ddd}
.queue.after{fill:#9b59b6;fill-opacity:.35}.queue.ratelimited{fill:#f0ad4e;fill-opacity:.45}.queue.add{fill:#333}
.poll.ok{fill:#2e8b57}.poll.fail{fill:#c0392b;fill-opacity:.6}
.attempt.ok{fill:#2e8b57}.attempt.fail{fill:#c0392b}.status{fill:#5b9bd5}
.api{fill:#777}.api.status{fill:#1f77b4}.watch{fill:#17becf}
.fs.written{fill:#8c564b}.fs.sync{fill:#8c564b;fill-opacity:.35}.fs.visible{fill:#2ca02c}.fs.error{fill:#d62728}
.fault{fill:#ff7f0e}.audit{fill:#bcbd22}.audit.loss{fill:#d62728}.audit.stored{fill:#2ca02c}.other{fill:#aaa}
.violation{fill:#e00000} line.violation-line{stroke:#e00000;stroke-width:1.5;stroke-dasharray:4 3}
[data-h]:hover{stroke:#000;stroke-width:1.5}
line.link{stroke-width:1.2;fill:none;opacity:.75} line.link.watch{stroke:#17becf} line.link.wakes{stroke:#2ca02c}
line.link.requeue_after{stroke:#9b59b6;stroke-dasharray:3 2} path.arrowhead{fill:#555}
line.link.chain{stroke:#d62728;stroke-width:1.6;stroke-dasharray:5 2;opacity:.9}
.chain{stroke:#d62728;stroke-width:2}
#tip{position:fixed;display:none;background:#fffff0;border:1px solid #999;padding:6px;white-space:pre;
font:11px ui-monospace,monospace;max-width:900px;overflow:hidden;pointer-events:none;z-index:9}
ul.legend{list-style:none;padding:0;margin:4px 0;display:flex;flex-wrap:wrap;gap:4px 14px}
ul.legend svg{vertical-align:middle} table.checks td{padding:1px 8px 1px 0;vertical-align:top}
pre{background:#f6f6f6;padding:6px;overflow-x:auto}
div.zoom{margin:4px 0} div.zoom button{font:12px system-ui,sans-serif;margin-right:4px}
span.zoom-range{font-weight:600;margin:0 8px} span.hint{color:#777;font-size:11px} svg.plot{cursor:grab}
)";

struct legend_entry {
  std::string_view style;
  std::string_view text;
  bool bar;
};

constexpr legend_entry legend_entries[] = {
    {"reconcile success", "reconcile: success", true},   {"reconcile requeue_after", "reconcile: requeue_after", true},
    {"reconcile requeue", "reconcile: requeue", true},   {"reconcile error", "reconcile: error", true},
    {"test pass", "test passed", true},                  {"test fail", "test failed", true},
    {"poll ok", "Eventually poll: ok", false},           {"poll fail", "Eventually poll: not yet", false},
    {"queue add", "queue add (immediate)", false},       {"queue after", "queue add after (RequeueAfter)", true},
    {"queue ratelimited", "rate-limited requeue", true}, {"api status", "status write", false},
    {"watch", "watch event", false},                     {"attempt ok", "delivery ok", false},
    {"attempt fail", "delivery failed", false},          {"fs sync", "file written: guest → host sync", true},
    {"fs visible", "visible on host", false},            {"window", "fault window", true},
    {"violation", "checker violation", false},
};

std::string legend() {
  std::string out = R"(<ul class="legend">)";
  for (const auto& e : legend_entries) {
    const std::string shape = e.bar ? fmt::format(R"(<rect class="{}" x="0" y="3" width="22" height="10"/>)", e.style)
                                    : fmt::format(R"(<circle class="{}" cx="8" cy="8" r="4"/>)", e.style);
    out += fmt::format(R"(<li><svg width="24" height="16">{}</svg> {}</li>)", shape, html_escape(e.text));
  }
  for (const auto& [style, text] : {std::pair{"watch", "a write's watch event"}, std::pair{"wakes", "wakes a reconcile"},
                                    std::pair{"requeue_after", "RequeueAfter became this reconcile"},
                                    std::pair{"chain", "how a failed check's violation came about"}}) {
    out += fmt::format(R"(<li><svg width="24" height="16"><line class="link {}" x1="1" y1="8" x2="23" y2="8"/></svg> {}</li>)",
                       style, text);
  }
  return out + "</ul>";
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      case '\n': out += "&#10;"; break;  // keeps line breaks inside attributes
      default:
        // Other control characters are not allowed in XML 1.0.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\r') {
          out += ' ';
        } else {
          out += c;
        }
    }
  }
  return out;
}

std::string timeline_page_begin(std::string_view title) {
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/><title>{}</title>\n<style>{}</style>\n"
      "</head><body>\n<div id=\"tip\"></div>\n",
      html_escape(title), css);
}

std::string timeline_page_end() {
  return fmt::format("<script>//<![CDATA[{}//]]></script>\n</body></html>\n", detail::timeline_script());
}

std::string timeline_section(const timeline& t, std::string_view id) {
  geometry g{scale_for(t.end), 0, 0};
  g.plot_width = sim::to_seconds(t.end) * g.px_per_s + 40;
  g.height = axis_height + static_cast<double>(t.lanes.size()) * lane_height + 14;
  std::string out = fmt::format(R"(<section class="timeline" id="{}">)", html_escape(id));
  out += legend();
  out += R"(<div class="zoom"><button type="button" data-z="in">zoom in</button>)"
         R"(<button type="button" data-z="out">zoom out</button><button type="button" data-z="fit">fit</button>)"
         R"( <span class="zoom-range"></span> <span class="hint">ctrl+wheel zooms at the pointer, drag pans, )"
         R"(double-click an event zooms to it; #zoom=T0,T1 in the address opens a view</span></div>)";
  out += R"(<div class="scroll">)";
  const std::string clip = "clip-" + html_escape(id);
  out += fmt::format(
      R"(<svg xmlns="http://www.w3.org/2000/svg" class="plot" width="{:.0f}" height="{:.0f}" data-label-width="{}" )"
      R"(data-plot-width="{:.1f}" data-fit-end="{:.9f}" data-lane-height="{}" data-axis-height="{}">)",
      label_width + g.plot_width, g.height, label_width, g.plot_width, g.fit_end_s(), lane_height, axis_height);
  const std::string arrow = "arrow-" + html_escape(id);
  out += fmt::format(R"(<defs><clipPath id="{}"><rect class="full-width clip" x="{}" y="0" width="{:.1f}" )"
                     R"(height="{:.1f}"/></clipPath>)"
                     R"(<marker id="{}" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" )"
                     R"(orient="auto-start-reverse"><path class="arrowhead" d="M0,0 L8,4 L0,8 z"/></marker></defs>)",
                     clip, label_width, g.plot_width, g.height, arrow);
  lanes(out, t, g);
  out += fmt::format(R"x(<g clip-path="url(#{})">)x", clip);
  axis(out, t, g);
  // Windows first so everything else draws on top of the shading.
  for (std::size_t i = 0; i < t.items.size(); ++i) {
    if (t.items[i].shape == timeline_shape::window) item(out, t.items[i], g, i);
  }
  for (std::size_t i = 0; i < t.items.size(); ++i) {
    if (t.items[i].shape != timeline_shape::window) item(out, t.items[i], g, i);
  }
  // Cause and effect on top: write -> watch event -> reconcile, and a
  // RequeueAfter -> the reconcile it became.
  for (const auto& l : t.links) link(out, t, l, g, arrow);
  out += "</g></svg></div></section>\n";
  return out;
}

}  // namespace reconsim::scenarios
