// A sweep as an SVG line plot: pass rate against the first parameter, one
// series per combination of the other parameters, Wilson intervals as
// error bars. Standalone and well-formed XML (tests parse it).
#include <fmt/format.h>

#include <map>

#include "reconsim/scenarios/views/sweep_format.hpp"
#include "reconsim/scenarios/views/timeline_html.hpp"

namespace reconsim::scenarios {

namespace {

constexpr double width = 860, height = 460;
constexpr double left = 70, right = 260, top = 50, bottom = 60;
constexpr std::string_view palette[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e",
                                        "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"};

std::string series_name(const sweep_point& pt) {
  std::string s;
  for (std::size_t i = 1; i < pt.values.size(); ++i) {
    s += (s.empty() ? "" : ", ") + pt.values[i].first + "=" + pt.values[i].second;
  }
  return s.empty() ? "all" : s;
}

}  // namespace

std::string sweep_svg(const sweep_result& r) {
  const auto& q = r.request;
  const std::vector<std::string> xs = q.params.empty() ? std::vector<std::string>{"-"} : q.params.front().values;
  const double plot_w = width - left - right;
  const double plot_h = height - top - bottom;
  auto x_of = [&](std::size_t i) { return left + plot_w * (static_cast<double>(i) + 0.5) / static_cast<double>(xs.size()); };
  auto y_of = [&](double rate) { return top + plot_h * (1 - rate); };

  // Series in first-appearance order (grid order), keyed by name.
  std::vector<std::string> order;
  std::map<std::string, std::vector<std::pair<std::size_t, const sweep_point*>>> series;
  for (const auto& pt : r.points) {
    const std::string name = series_name(pt);
    if (!series.contains(name)) order.push_back(name);
    std::size_t xi = 0;
    if (!pt.values.empty()) {
      for (std::size_t i = 0; i < xs.size(); ++i) xi = xs[i] == pt.values.front().second ? i : xi;
    }
    series[name].emplace_back(xi, &pt);
  }

  std::string out = fmt::format(
      R"(<svg xmlns="http://www.w3.org/2000/svg" width="{0}" height="{1}" viewBox="0 0 {0} {1}" font-family="sans-serif" font-size="12">)",
      width, height);
  out += fmt::format(R"(<rect x="0" y="0" width="{}" height="{}" fill="#fff"/>)", width, height);
  out += fmt::format(R"(<text x="{}" y="22" font-size="15" font-weight="bold">{}</text>)", left,
                     html_escape(fmt::format("{} — pass rate ({} seeds per point, variant {})", q.scenario, q.seeds,
                                             r.variant)));
  for (int i = 0; i <= 10; ++i) {
    const double y = y_of(i / 10.0);
    out += fmt::format(R"(<line x1="{}" y1="{:.1f}" x2="{}" y2="{:.1f}" stroke="#e5e5e5"/>)", left, y, left + plot_w, y);
    out += fmt::format(R"(<text x="{}" y="{:.1f}" text-anchor="end">{}%</text>)", left - 6, y + 4, i * 10);
  }
  out += fmt::format(R"(<rect x="{}" y="{}" width="{}" height="{}" fill="none" stroke="#888"/>)", left, top, plot_w,
                     plot_h);
  for (std::size_t i = 0; i < xs.size(); ++i) {
    out += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" text-anchor="middle">{}</text>)", x_of(i), top + plot_h + 18,
                       html_escape(xs[i]));
  }
  out += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" text-anchor="middle">{}</text>)", left + plot_w / 2,
                     height - 16, html_escape(q.params.empty() ? "" : q.params.front().name));
  // What the axes and bars are, on the picture itself.
  out += fmt::format(
      R"svg(<text x="16" y="{0:.1f}" transform="rotate(-90 16 {0:.1f})" text-anchor="middle">pass rate: runs where every test and check held</text>)svg",
      top + plot_h / 2);
  out += fmt::format(R"(<text x="{}" y="40" fill="#555">points: pass rate; bars: 95% Wilson interval</text>)", left);
  for (std::size_t s = 0; s < order.size(); ++s) {
    const std::string_view colour = palette[s % std::size(palette)];
    const auto& pts = series[order[s]];
    // A small horizontal offset per series keeps error bars apart.
    const double dx = (static_cast<double>(s) - static_cast<double>(order.size() - 1) / 2) * 6;
    std::string path;
    for (const auto& [xi, pt] : pts) {
      path += fmt::format("{}{:.1f},{:.1f} ", path.empty() ? "M" : "L", x_of(xi) + dx, y_of(pt->rate()));
    }
    out += fmt::format(R"(<g class="series" data-series="{}">)", html_escape(order[s]));
    out += fmt::format(R"(<path d="{}" fill="none" stroke="{}" stroke-width="2"/>)", path, colour);
    for (const auto& [xi, pt] : pts) {
      const double x = x_of(xi) + dx;
      out += fmt::format(R"(<line class="ci" x1="{0:.1f}" y1="{1:.1f}" x2="{0:.1f}" y2="{2:.1f}" stroke="{3}"/>)", x,
                         y_of(pt->ci.low), y_of(pt->ci.high), colour);
      out += fmt::format(R"(<circle class="point" cx="{:.1f}" cy="{:.1f}" r="4" fill="{}"><title>{}</title></circle>)",
                         x, y_of(pt->rate()), colour,
                         html_escape(fmt::format("{}/{} passed, 95% CI [{:.0f}%, {:.0f}%], suite {:.1f}s mean",
                                                 pt->passed, pt->runs, 100 * pt->ci.low, 100 * pt->ci.high,
                                                 pt->suite_s_mean)));
    }
    out += "</g>";
    const double ly = top + 10 + static_cast<double>(s) * 18;
    out += fmt::format(R"(<line x1="{0}" y1="{1:.1f}" x2="{2}" y2="{1:.1f}" stroke="{3}" stroke-width="2"/>)",
                       left + plot_w + 14, ly, left + plot_w + 34, colour);
    out += fmt::format(R"(<text x="{}" y="{:.1f}">{}</text>)", left + plot_w + 40, ly + 4, html_escape(order[s]));
  }
  return out + "</svg>\n";
}

}  // namespace reconsim::scenarios
