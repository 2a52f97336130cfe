// A review as a side-by-side text table and as an HTML page with one
// failing run's timeline per variant.
#include <fmt/format.h>

#include <algorithm>

#include "reconsim/scenarios/views/calibration_format.hpp"
#include "reconsim/scenarios/views/review_format.hpp"
#include "reconsim/scenarios/views/timeline.hpp"
#include "reconsim/scenarios/views/timeline_html.hpp"

namespace reconsim::scenarios {

namespace {

using row = std::pair<std::string, std::vector<std::string>>;

double per(int a, int b) { return b == 0 ? 0.0 : static_cast<double>(a) / b; }

std::vector<std::string> check_names(const review_result& r) {
  std::vector<std::string> names;
  for (const auto& v : r.variants) {
    for (const auto& c : v.checks) {
      if (std::find(names.begin(), names.end(), c.name) == names.end()) names.push_back(c.name);
    }
  }
  return names;
}

int max_retry(const review_result& r) {
  int n = 0;
  for (const auto& v : r.variants) {
    for (const auto& g : v.gaps) n = std::max(n, g.retry);
  }
  return n;
}

std::vector<row> rows(const review_result& r) {
  std::vector<row> out;
  auto add = [&](std::string name, auto cell) {
    row x{std::move(name), {}};
    for (const auto& v : r.variants) x.second.push_back(cell(v));
    out.push_back(std::move(x));
  };
  add("runs passed", [](const review_variant& v) { return fmt::format("{}/{} ({:.0f}%)", v.passed, v.runs, 100 * per(v.passed, v.runs)); });
  for (const auto& name : check_names(r)) {
    add("check " + name, [&name](const review_variant& v) {
      for (const auto& c : v.checks) {
        if (c.name == name) return fmt::format("{}/{} ({:.0f}%)", c.passed, c.runs, 100 * per(c.passed, c.runs));
      }
      return std::string("-");
    });
  }
  add("attempts per notification", [](const review_variant& v) { return fmt::format("{:.2f}", per(v.attempts, v.notifications)); });
  for (int k = 1; k <= max_retry(r); ++k) {
    add(fmt::format("retry {} gap: policy (no jitter) / min / mean", k), [k](const review_variant& v) {
      for (const auto& g : v.gaps) {
        if (g.retry == k) {
          return fmt::format("{:.0f}s / {:.1f}s / {:.1f}s{}", g.expected_s, g.observed_min_s, g.observed_mean_s,
                             g.early > 0 ? fmt::format(" ({} of {} shorter)", g.early, g.count) : "");
        }
      }
      return std::string("-");
    });
  }
  add("reached a terminal phase", [](const review_variant& v) { return fmt::format("{}/{}", v.reached_terminal, v.notifications); });
  add("time to terminal phase (mean)", [](const review_variant& v) {
    return v.reached_terminal == 0 ? std::string("-") : fmt::format("{:.1f}s", v.terminal_s_mean);
  });
  add("API writes per notification", [](const review_variant& v) { return fmt::format("{:.2f}", per(v.api_writes, v.notifications)); });
  add("audit events stored per notification", [](const review_variant& v) { return fmt::format("{:.2f}", per(v.audit_stored, v.notifications)); });
  return out;
}

// Under the table, with --calibrations: is each variant's verdict a
// property of the design or of the guessed numbers?
std::string calibration_lines(const review_result& r) {
  std::string out;
  for (const auto& v : r.variants) {
    if (!v.calibration) continue;
    if (out.empty()) {
      std::string names;
      for (const auto& p : v.calibration->parameters) names += (names.empty() ? "" : ", ") + p.name;
      out = fmt::format("across the calibrations ({}; declared values and {} corners, {} seeds each):\n", names,
                        v.calibration->corners.size(), r.request.seeds);
    }
    out += fmt::format("  {}: {}\n", v.variant, calibration_summary(*v.calibration));
  }
  return out;
}

std::string counterexamples(const review_result& r) {
  std::string out = "first counterexample per failing checker:\n";
  bool any = false;
  for (const auto& v : r.variants) {
    for (const auto& c : v.checks) {
      if (!c.first_failing_seed) continue;
      any = true;
      out += fmt::format("  [{}] {} fails first at seed {}: {}\n      {}\n", v.variant, c.name, *c.first_failing_seed,
                         c.first_explanation, c.replay);
    }
  }
  return any ? out : out + "  (none: every checker held in every run)\n";
}

}  // namespace

std::string format_review_text(const review_result& r) {
  const auto& q = r.request;
  std::string out = fmt::format("reconsim review {}  seeds {}..{} ({} per variant)\n", q.scenario, q.seed_first,
                                q.seed_first + static_cast<std::uint64_t>(q.seeds) - 1, q.seeds);
  const std::vector<row> table = rows(r);
  std::size_t w0 = 0;
  for (const auto& x : table) w0 = std::max(w0, x.first.size());
  std::vector<std::size_t> w;
  for (std::size_t i = 0; i < r.variants.size(); ++i) {
    std::size_t wi = r.variants[i].variant.size();
    for (const auto& x : table) wi = std::max(wi, x.second[i].size());
    w.push_back(wi);
  }
  out += fmt::format("{:<{}}", "", w0);
  for (std::size_t i = 0; i < r.variants.size(); ++i) out += fmt::format("  {:<{}}", r.variants[i].variant, w[i]);
  out += "\n";
  for (const auto& x : table) {
    out += fmt::format("{:<{}}", x.first, w0);
    for (std::size_t i = 0; i < x.second.size(); ++i) out += fmt::format("  {:<{}}", x.second[i], w[i]);
    out += "\n";
  }
  return out + calibration_lines(r) + counterexamples(r);
}

std::string review_html(const review_result& r) {
  std::string out = timeline_page_begin("reconsim review: " + r.request.scenario);
  out += fmt::format("<h1>{}</h1>\n", html_escape("Design review: " + r.request.scenario));
  out += "<table class=\"checks\"><tr><th></th>";
  for (const auto& v : r.variants) out += fmt::format("<th>{}</th>", html_escape(v.variant));
  out += "</tr>\n";
  for (const auto& x : rows(r)) {
    out += fmt::format("<tr><td>{}</td>", html_escape(x.first));
    for (const auto& c : x.second) out += fmt::format("<td>{}</td>", html_escape(c));
    out += "</tr>\n";
  }
  out += "</table>\n";
  out += fmt::format("<pre>{}</pre>\n", html_escape(calibration_lines(r) + counterexamples(r)));
  for (std::size_t i = 0; i < r.variants.size(); ++i) {
    const auto& v = r.variants[i];
    out += fmt::format("<h2>{}</h2>\n", html_escape("variant " + v.variant));
    const run_result* shown = v.representative_failure ? &*v.representative_failure
                              : v.representative_pass  ? &*v.representative_pass
                                                       : nullptr;
    if (shown == nullptr) {
      out += "<p class=\"meta\">no run to show</p>\n";
      continue;
    }
    out += fmt::format("<p class=\"meta\">{}</p>\n",
                       html_escape(fmt::format("{}: seed {}, trace hash {}",
                                               v.representative_failure
                                                   ? "first failing run"
                                                   : "no failing run in this seed range; a passing run",
                                               shown->seed, shown->trace_hash)));
    out += timeline_section(build_timeline(*shown), fmt::format("variant-{}", i));
  }
  return out + timeline_page_end();
}

}  // namespace reconsim::scenarios
