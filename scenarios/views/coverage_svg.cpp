#include "reconsim/scenarios/views/coverage_svg.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "reconsim/scenarios/views/timeline_html.hpp"

namespace reconsim::scenarios {

namespace {

constexpr double width = 760, height = 420, left = 70, right = 150, top = 50, bottom = 60;

std::string series(const coverage_growth& g, bool guided, double x_max, double y_max, const char* colour) {
  const double w = width - left - right;
  const double h = height - top - bottom;
  std::string path = fmt::format("M{:.1f},{:.1f} ", left, top + h);
  for (const auto& p : g.points) {
    const double x = left + w * p.runs / x_max;
    const double y = top + h * (1 - (guided ? p.guided : p.random) / y_max);
    path += fmt::format("L{:.1f},{:.1f} ", x, y);
  }
  return fmt::format(R"(<path class="{}" d="{}" fill="none" stroke="{}" stroke-width="2"/>)",
                     guided ? "guided" : "random", path, colour);
}

}  // namespace

std::string coverage_svg(const coverage_growth& g, const std::string& title) {
  const double x_max = g.points.empty() ? 1.0 : std::max(1, g.points.back().runs);
  int top_states = 1;
  for (const auto& p : g.points) top_states = std::max({top_states, p.guided, p.random});
  const double y_max = top_states * 1.1;
  const double w = width - left - right;
  const double h = height - top - bottom;
  std::string out = fmt::format(
      R"(<svg xmlns="http://www.w3.org/2000/svg" width="{0}" height="{1}" viewBox="0 0 {0} {1}" font-family="sans-serif" font-size="12">)",
      width, height);
  out += fmt::format(R"(<rect x="0" y="0" width="{}" height="{}" fill="#fff"/>)", width, height);
  out += fmt::format(R"(<text x="{}" y="24" font-size="15" font-weight="bold">{}</text>)", left, html_escape(title));
  out += fmt::format(R"(<rect x="{}" y="{}" width="{}" height="{}" fill="none" stroke="#888"/>)", left, top, w, h);
  for (int i = 0; i <= 4; ++i) {
    const double v = y_max * i / 4;
    const double y = top + h * (1 - i / 4.0);
    out += fmt::format(R"(<text x="{}" y="{:.1f}" text-anchor="end">{:.0f}</text>)", left - 6, y + 4, v);
    const double x = left + w * i / 4.0;
    out += fmt::format(R"(<text x="{:.1f}" y="{}" text-anchor="middle">{:.0f}</text>)", x, top + h + 18, x_max * i / 4);
  }
  out += fmt::format(R"(<text x="{:.1f}" y="{}" text-anchor="middle">runs</text>)", left + w / 2, height - 16);
  out += fmt::format(R"svg(<text x="18" y="{:.1f}" transform="rotate(-90 18 {:.1f})" text-anchor="middle">distinct controller states</text>)svg",
                     top + h / 2, top + h / 2);
  out += series(g, true, x_max, y_max, "#1f77b4");
  out += series(g, false, x_max, y_max, "#d62728");
  out += fmt::format(R"(<text x="{}" y="{}" fill="#1f77b4">guided ({})</text>)", left + w + 10, top + 14,
                     g.guided_states());
  out += fmt::format(R"(<text x="{}" y="{}" fill="#d62728">random ({})</text>)", left + w + 10, top + 32,
                     g.random_states());
  return out + "</svg>\n";
}

}  // namespace reconsim::scenarios
