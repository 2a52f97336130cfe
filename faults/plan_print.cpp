// The canonical text of a plan. Kept apart from the parser: printing is the
// definition of "canonical", parsing only has to agree with it.
#include <array>
#include <charconv>
#include <ostream>
#include <stdexcept>

#include "reconsim/faults/plan.hpp"

namespace reconsim::faults {

namespace {

// The shortest decimal that reads back as the same double, so a plan's
// probabilities round-trip exactly.
std::string format_probability(double p) {
  std::array<char, 64> buf{};
  auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), p);
  if (ec != std::errc()) throw std::logic_error("plan: unprintable probability");
  return std::string(buf.data(), end);
}

struct action_text {
  std::string operator()(const chmod_action& a) const { return "chmod " + a.path + (a.writable ? " rw" : " ro"); }
  std::string operator()(const enospc_action& a) const { return "enospc " + a.path + (a.full ? " on" : " off"); }
  std::string operator()(const load_action& a) const { return "load " + std::to_string(a.load); }
  std::string operator()(const ready_before_listen_action& a) const {
    return "ready_before_listen " + a.host + " " + sim::format_duration(a.length);
  }
  std::string operator()(const net_action& a) const {
    return std::string(to_string(a.kind)) + " " + a.host + " " + std::to_string(a.count);
  }
  std::string operator()(const partition_action& a) const { return "partition " + a.a + " " + a.b; }
  std::string operator()(const api_action& a) const {
    if (a.code == 409) return "conflict " + a.resource_kind + " " + std::to_string(a.count);
    return "api_error " + a.resource_kind + " " + std::to_string(a.code) + " " + std::to_string(a.count);
  }
  std::string operator()(const watch_drop_action& a) const { return "watch_drop " + a.resource_kind; }
  std::string operator()(const stale_action& a) const { return "stale " + a.resource_kind; }
  std::string operator()(const restart_action& a) const {
    return "restart " + a.component + " " + sim::format_duration(a.down);
  }
  std::string operator()(const http_action& a) const {
    return "http " + a.host + " " + std::to_string(a.code) + " " + std::to_string(a.count);
  }
};

struct kind_text {
  std::string operator()(net_fault k) const { return "net." + std::string(to_string(k)); }
  std::string operator()(fs_fault k) const { return "fs." + std::string(to_string(k)); }
  std::string operator()(api_fault k) const { return k.code == 409 ? "api.conflict" : "api.error"; }
  std::string operator()(http_fault k) const { return "http." + std::to_string(k.code); }
};

}  // namespace

std::string to_string(const step& s) {
  const std::string what = std::visit(action_text{}, s.action);
  if (std::holds_alternative<partition_action>(s.action) || std::holds_alternative<stale_action>(s.action)) {
    return "from " + sim::format_duration(s.at) + " to " + sim::format_duration(s.until) + ": " + what;
  }
  return "at " + sim::format_duration(s.at) + ": " + what;
}

std::string to_string(const fault_point& p) {
  std::string text = "p " + format_probability(p.probability) + " " + std::visit(kind_text{}, p.kind) + " " + p.target;
  if (const auto* a = std::get_if<api_fault>(&p.kind); a != nullptr && a->code != 409) {
    text += " " + std::to_string(a->code);
  }
  return text;
}

std::string print(const plan& p, std::string_view separator) {
  std::string out;
  auto line = [&](const std::string& s) {
    if (!out.empty()) out += separator;
    out += s;
  };
  if (p.buggify != 1.0) line("buggify " + format_probability(p.buggify));
  for (const step& s : p.steps) line(to_string(s));
  for (const fault_point& f : p.points) line(to_string(f));
  return out;
}

std::ostream& operator<<(std::ostream& os, const plan& p) { return os << print(p, "; "); }
std::ostream& operator<<(std::ostream& os, const step& s) { return os << to_string(s); }
std::ostream& operator<<(std::ostream& os, const fault_point& p) { return os << to_string(p); }

std::string parse_error::message() const {
  return "line " + std::to_string(line) + ", column " + std::to_string(column) + ": expected " + expected +
         ", found " + (found == "end of statement" ? found : "'" + found + "'");
}

}  // namespace reconsim::faults
