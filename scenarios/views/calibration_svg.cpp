// A calibration sweep as an SVG grid: a row per harness test and checker,
// a column per point (declared, then the corners), coloured by conclusion;
// the verdict of each row at its right. Standalone, well-formed XML.
#include <fmt/format.h>

#include "reconsim/scenarios/views/calibration_format.hpp"
#include "reconsim/scenarios/views/timeline_html.hpp"

namespace reconsim::scenarios {

namespace {

constexpr double cell_w = 30, cell_h = 24, label_w = 330, top = 96, left = 16, verdict_w = 360;

std::string_view colour(conclusion c) {
  switch (c) {
    case conclusion::holds: return "#b7e1b0";
    case conclusion::fails: return "#f2a3a3";
    case conclusion::fails_sometimes: return "#fbd38d";
    case conclusion::not_exercised: return "#dddddd";
  }
  return "#ffffff";
}

std::string shortened(const std::string& s, std::size_t n) { return s.size() <= n ? s : s.substr(0, n - 1) + "…"; }

}  // namespace

std::string calibration_svg(const calibration_result& r) {
  const std::size_t cols = 1 + r.corners.size();
  const double grid_x = left + label_w;
  const double width = grid_x + static_cast<double>(cols) * cell_w + verdict_w;
  const double height = top + static_cast<double>(r.verdicts.size()) * cell_h + 90;
  std::string out = fmt::format(
      R"(<svg xmlns="http://www.w3.org/2000/svg" width="{0}" height="{1}" viewBox="0 0 {0} {1}" font-family="sans-serif" font-size="12">)",
      width, height);
  out += fmt::format(R"(<rect x="0" y="0" width="{}" height="{}" fill="#fff"/>)", width, height);
  out += fmt::format(R"(<text x="{}" y="22" font-size="15" font-weight="bold">{}</text>)", left,
                     html_escape(fmt::format("{} — conclusions at the declared calibration and at every corner "
                                             "({} seeds per point, variant {})",
                                             r.scenario, r.request.seeds, r.variant)));
  std::string params;
  for (const auto& p : r.parameters) params += (params.empty() ? "" : ", ") + p.name;
  out += fmt::format(R"(<text x="{}" y="42">{}</text>)", left,
                     html_escape("columns: declared, then L/H (low/high end) of " + params));
  auto column_x = [&](std::size_t c) { return grid_x + static_cast<double>(c) * cell_w; };
  for (std::size_t c = 0; c < cols; ++c) {
    const std::string head = c == 0 ? "decl" : corner_marks(r, c - 1);
    out += fmt::format(R"svg(<text x="{0:.1f}" y="{1:.1f}" transform="rotate(-60 {0:.1f} {1:.1f})" font-family="monospace">{2}</text>)svg",
                       column_x(c) + cell_w / 2, top - 6, head);
  }
  for (std::size_t row = 0; row < r.verdicts.size(); ++row) {
    const auto& v = r.verdicts[row];
    const double y = top + static_cast<double>(row) * cell_h;
    out += fmt::format(R"(<text x="{}" y="{:.1f}"><title>{}</title>{}</text>)", left, y + 16, html_escape(v.name),
                       html_escape((v.is_test ? "test: " : "check: ") + shortened(v.name, 44)));
    for (std::size_t c = 0; c < cols; ++c) {
      const sweep_point& p = c == 0 ? r.declared : r.corners[c - 1];
      const outcome_tally* t = find_outcome(p.outcomes, v.name, v.is_test);
      const conclusion k = conclusion_at(p, v.name, v.is_test);
      const bool differs = k != v.declared;
      out += fmt::format(
          R"(<rect x="{:.1f}" y="{:.1f}" width="{}" height="{}" fill="{}" stroke="{}" stroke-width="{}"><title>{}</title></rect>)",
          column_x(c) + 1, y + 1, cell_w - 2, cell_h - 2, colour(k), differs ? "#000" : "#fff", differs ? 2 : 1,
          html_escape(fmt::format("{}: {}{}", c == 0 ? "declared" : corner_marks(r, c - 1), to_string(k),
                                  t ? fmt::format(" ({}/{} held)", t->passed + t->not_exercised, t->runs) : "")));
    }
    std::string verdict = std::string(to_string(v.declared)) + " — ";
    if (v.robust) {
      verdict += "robust";
    } else {
      std::string names;
      for (const auto& e : v.depends_on) names += (names.empty() ? "" : ", ") + e.name;
      verdict += "depends on " + names;
    }
    out += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" fill="{}">{}</text>)", column_x(cols) + 10, y + 16,
                       v.robust ? "#222" : "#b00", html_escape(shortened(verdict, 58)));
  }
  const double ly = top + static_cast<double>(r.verdicts.size()) * cell_h + 30;
  double lx = left;
  for (conclusion k : {conclusion::holds, conclusion::fails_sometimes, conclusion::fails, conclusion::not_exercised}) {
    out += fmt::format(R"(<rect x="{}" y="{}" width="14" height="14" fill="{}"/>)", lx, ly, colour(k));
    out += fmt::format(R"(<text x="{}" y="{}">{}</text>)", lx + 20, ly + 12, to_string(k));
    lx += 140;
  }
  out += fmt::format(R"(<text x="{}" y="{}">a black border: a conclusion other than at the declared values</text>)",
                     left, ly + 36);
  return out + "</svg>\n";
}

}  // namespace reconsim::scenarios
